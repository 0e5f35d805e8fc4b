"""RINCIAN-KALI: a budget line's jumlah is its volume x harga satuan (RKA/DPA), on a tiny form
built here, with its label : value block."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

BLOCK = [["Urusan", ":", "2.07 - URUSAN PEMERINTAHAN BIDANG TENAGA KERJA"],
         ["Program", ":", "2.07.03 - PROGRAM PENEMPATAN TENAGA KERJA"],
         ["Kegiatan", ":", "2.07.03.2.01 - Pelayanan Antarkerja"],
         ["Sub Kegiatan : 2.07.03.2.01.0002 - Penyelenggaraan Bursa Kerja", None, None],
         ["Sumber Dana", ":", "PAD"],
         ["Jumlah Tahun n", ":", "Rp 16.900.000"],
         [None, None, None]]
HEADER = ["Kode Rekening", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah (Rp)"]


def _form(xlsx, lines):
    rows = BLOCK + [HEADER, ["5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", None, None, None, 12_000_000]]
    rows += lines
    return read_workbook(xlsx({"DPA": rows}))


GOOD = [[None, "Nasi kotak peserta", 200, "Kotak", 35_000, 7_000_000],
        [None, "Snack peserta", 200, "Kotak", 25_000, 5_000_000]]


def test_a_line_whose_amount_is_not_volume_times_price_is_found(xlsx):
    bad = [[None, "Honorarium narasumber", 6, "Orang/Jam", 900_000, 5_600_000]]
    wb = _form(xlsx, GOOD + bad)
    (f,) = run_rules(wb, Config(), "id", {"RINCIAN-KALI"})
    assert (f.rule, f.severity, f.sheet, f.cell) == ("RINCIAN-KALI", "error", "DPA", "F12")
    assert f.expected == "Rp 5.400.000" and f.actual == "Rp 5.600.000"
    assert "'Honorarium narasumber'" in f.message and "6 Orang/Jam" in f.message and "=C12*E12" in f.message
    assert set(f.related) == {"'DPA'!C12", "'DPA'!E12"}
    (en,) = run_rules(wb, Config(), "en", {"RINCIAN-KALI"})
    assert "unit price Rp 900,000" in en.message


def test_a_koefisien_volume_is_judged_by_its_product(xlsx):
    tenda = [[None, "Sewa tenda", "2 Unit x 3 Hari", "Unit", 500_000, 3_100_000]]
    (f,) = run_rules(_form(xlsx, GOOD + tenda), Config(), "id", {"RINCIAN-KALI"})
    assert f.cell == "F12" and f.expected == "Rp 3.000.000"


def test_right_lines_text_volumes_and_empty_amounts_are_left_alone(xlsx):
    odd = [[None, "Sewa tenda", "2 Unit x 3 Hari", "Unit", 500_000, 3_000_000],  # koefisien: 2 x 3 = 6
           [None, "Konsumsi", "satu paket", "Paket", 500_000, 900_000],  # a volume in words: not judged
           [None, "Spanduk", 4, "Lembar", 150_000, None],
           [None, "Dokumentasi", 1.5, "Paket", 333_333, 500_000]]  # 499.999,5: within the tolerance of Rp 1
    assert run_rules(_form(xlsx, GOOD + odd), Config(), "id", {"RINCIAN-KALI"}) == []


def test_the_block_names_the_sub_kegiatan_and_the_lines_are_details(xlsx):
    (table,) = _form(xlsx, GOOD).tables
    assert table.kind == "rka"
    sub = table.form["sub_kegiatan"]
    assert (sub.code, sub.name, sub.cell) == ("2.07.03.2.01.0002", "Penyelenggaraan Bursa Kerja", "A4")
    assert table.form["program"].cell == "C2" and table.form["sumber_dana"].name == "PAD"
    assert set(table.column("key_sub_kegiatan").values()) == {"2.07.03.2.01.0002"}
    assert [table.value("level", r) for r in (10, 11)] == ["detail", "detail"]
    assert [table.value("parent", r) for r in (10, 11)] == [9, 9]  # under their kode rekening
    assert table.value("volume", 10) == 200 and table.value("harga_satuan", 10) == 35_000


def test_a_sentence_with_a_colon_is_no_label_block(xlsx):
    rows = [["Catatan: program ini lanjutan tahun lalu", None, None], [None, None, None]] + [HEADER] + GOOD
    (table,) = read_workbook(xlsx({"DPA": rows})).tables
    assert table.form == {}


def test_a_form_whose_lines_all_follow_another_formula_is_left_alone(xlsx):
    """Every line is volume x harga satuan + PPN 11 %: not slips, a formula the rule does not know."""
    taxed = [[None, name, qty, "Unit", price, round(qty * price * 1.11)]
             for name, qty, price in (("Kertas", 10, 50_000), ("Tinta", 4, 120_000), ("Map", 20, 5_000))]
    assert run_rules(_form(xlsx, taxed), Config(), "id", {"RINCIAN-KALI"}) == []
