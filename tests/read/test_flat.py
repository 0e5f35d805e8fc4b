"""Flat exports (issue #12) on tiny workbooks built here: the hierarchy repeated on every row,
units (OPD) as a column, detail lines below the sub kegiatan."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.report.inspect import inspect_json

HEADER = ["NO", "KODE SKPD", "NAMA SKPD", "KODE PROGRAM", "NAMA PROGRAM", "KODE KEGIATAN", "NAMA KEGIATAN",
          "KODE SUB KEGIATAN", "NAMA SUB KEGIATAN", "KODE REKENING", "NAMA REKENING", "PAGU"]
DINKES, DISNAKER = "1.02.0.00.0.00.01.0000", "2.07.3.32.0.00.01.0000"
PROG = ("1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")
KEG = ("1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah")
SUB1 = ("1.02.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah")
SUB2 = ("1.02.01.2.01.0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD")


def _row(n, unit, unit_name, sub, rekening, pagu):
    return [n, unit, unit_name, *PROG, *KEG, *sub, rekening, "Belanja Alat Tulis Kantor", pagu]


def _export(xlsx):
    rows = [HEADER,
            _row(1, DINKES, "Dinas Kesehatan", SUB1, "5.1.02.01.01.0024", 1_000_000),
            _row(2, DINKES, "Dinas Kesehatan", SUB1, "5.1.02.01.01.0025", 2_500_000),
            _row(3, DINKES, "Dinas Kesehatan", SUB2, "5.1.02.01.01.0024", 750_000),
            # the same sub kegiatan under another OPD: another item, not a duplicate
            _row(4, DISNAKER, "Dinas Tenaga Kerja", SUB1, "5.1.02.01.01.0024", 400_000),
            _row(5, DISNAKER, "Dinas Tenaga Kerja", SUB1, "5.1.02.01.01.0026", "null")]
    return xlsx({"Sheet 1": rows})


def test_flat_export_counts_items_per_unit_and_sums_detail_lines(xlsx):
    wb = read_workbook(_export(xlsx))
    (table,) = wb.tables
    assert table.flat
    assert set(table.frame["level"]) == {"detail"}
    assert table.units() == [(DINKES, "Dinas Kesehatan"), (DISNAKER, "Dinas Tenaga Kerja")]
    assert table.item_counts(DINKES) == {"program": 1, "kegiatan": 1, "sub_kegiatan": 2}
    assert table.item_counts(DISNAKER) == {"program": 1, "kegiatan": 1, "sub_kegiatan": 1}
    assert table.item_counts() == {"program": 2, "kegiatan": 2, "sub_kegiatan": 3}
    assert table.money_sum("pagu") == 1_000_000 + 2_500_000 + 750_000 + 400_000
    assert table.money_sum("pagu", DISNAKER) == 400_000
    assert table.columns["code_rekening"] == "J" and table.field_types["code_rekening"] == "key"
    doc = inspect_json(wb, "x.xlsx")["tables"][0]
    assert doc["flat"] and doc["levels"] == ["detail"]
    assert [(u["code"], u["counts"]["sub_kegiatan"], u["totals"]["pagu"]) for u in doc["units"]] == [
        (DINKES, 2, 4_250_000.0), (DISNAKER, 1, 400_000.0)]


def test_flat_export_gives_no_code_or_duplicate_error_on_units_and_accounts(xlsx):
    wb = read_workbook(_export(xlsx))
    findings = run_rules(wb, Config(), "id", {"CODE-FORMAT", "DUP-SUBKEG", "NUM-MALFORMED"})
    assert findings == []


def test_code_name_cells_and_a_total_above_the_header(xlsx):
    """e-budgeting style: "code name" in one cell per level, a SUM above the header."""
    rows = [[None, None, None, None, 3_000_000],
            ["OPD", "Program", "Kegiatan", "Sub Kegiatan", "APBD"],
            [f"{DINKES} Dinas Kesehatan", f"{PROG[0]} {PROG[1]}", f"{KEG[0]} {KEG[1]}", f"{SUB1[0]} {SUB1[1]}",
             1_000_000],
            [f"{DINKES} Dinas Kesehatan", f"{PROG[0]} {PROG[1]}", f"{KEG[0]} {KEG[1]}", f"{SUB2[0]} {SUB2[1]}",
             2_000_000]]
    (table,) = read_workbook(xlsx({"Sheet1": rows})).tables
    assert table.flat and table.header_rows == [2]
    assert table.item_counts() == {"program": 1, "kegiatan": 1, "sub_kegiatan": 2}
    assert table.value("code", 4) == SUB2[0] and table.value("name", 4) == SUB2[1]
    assert table.units() == [(DINKES, "Dinas Kesehatan")]
    assert table.money_sum("pagu") == 3_000_000


def test_sub_kegiatan_list_under_opd_rows(xlsx):
    """RKPD lists: "Kode | Sub Kegiatan", an OPD row, its sub kegiatan; counts from the codes."""
    rows = [["SUBKEGIATAN", None], [None, None], ["Kode", "Sub Kegiatan"], [f"{DINKES} Dinas Kesehatan", None],
            [SUB1[0], SUB1[1]], [SUB2[0], SUB2[1]], ["1.02.02.2.01.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil"]]
    (table,) = read_workbook(xlsx({"Dinas Kesehatan": rows})).tables
    assert table.value("level", 4) == "unit"
    assert table.units() == [(DINKES, "Dinas Kesehatan")]
    assert table.item_counts() == {"program": 2, "kegiatan": 2, "sub_kegiatan": 3}


def test_rows_that_are_not_data(xlsx):
    """A column-letter row, a template's "Contoh :" label and numbered blank lines are not items;
    an "OPD : …" label row opens a unit."""
    rows = [["No", "Program/Kegiatan/Sub Kegiatan", "Indikator", "Target", "Pagu Indikatif"],
            ["(a)", "(b)", "©", "(d)", "(e)"],
            ["OPD : Dinas Kesehatan", None, None, None, None],
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", "100%", 3_000_000],
            ["A", "Perencanaan, Penganggaran, dan Evaluasi Kinerja", "Persentase", "100%", 3_000_000],
            [1, "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah dokumen", "2 Dokumen", 3_000_000],
            ["Contoh :", None, None, None, None],
            [2, None, None, None, None], [3, None, None, None, None]]
    (table,) = read_workbook(xlsx({"Tabel 4.1": rows})).tables
    assert table.rows == [3, 4, 5, 6]
    assert table.value("level", 3) == "unit" and table.value("name", 3) == "Dinas Kesehatan"
    assert table.units() == [("Dinas Kesehatan", "Dinas Kesehatan")]
    assert table.item_counts() == {"program": 1, "kegiatan": 1, "sub_kegiatan": 1}
    assert table.value("parent", 4) == 0 and table.value("parent", 6) == 5
