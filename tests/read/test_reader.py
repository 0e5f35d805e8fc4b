"""The reader on layouts the sample workbooks do not have, built in the tests."""
from __future__ import annotations

from conftest import Formula

from reconcile.read import read_workbook

RENJA_HEADER_3ROWS = [
    ["No", "Urusan /Bidang Urusan/Program /Kegiatan/ Sub Kegiatan", "Indikator Kinerja", None, None,
     "Rencana Tahun 2024", None, None, None, None, None, "Perkiraan Maju Rencana Tahun 2025", None, None],
    [None, None, "Capaian Program", "Keluaran Sub Kegiatan", "Hasil Kegiatan", "Lokasi Output Kegiatan",
     "Target Capaian Kinerja", None, None, "Pagu Indikatif (Rp)", "Sumber Dana", "Target Capaian Kinerja", None,
     "Kebutuhan Dana/ Pagu Indikatif (Rp)"],
    [None, None, None, None, None, None, "Program", "Keluaran Sub Kegiatan", "Hasil Kegiatan", None, None,
     "Tolak Ukur", "Target", None],
    list(range(1, 15)),
]
RENJA_MERGES = ["A1:A3", "B1:B3", "C1:E1", "F1:K1", "L1:N1", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:I2",
                "J2:J3", "K2:K3", "L2:M2", "N2:N3"]


def _row(no, name, pagu, pagu2, target="1 Dokumen"):
    return [no, name, "Persentase capaian", "Jumlah dokumen", "Persentase hasil", "Kota Pontianak",
            "100%", target, "100%", pagu, "PAD", "Jumlah dokumen", target, pagu2]


def _shift_merges(merges, rows):
    from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

    out = []
    for rng in merges:
        a, b = (xl_cell_to_rowcol(x) for x in rng.split(":"))
        out.append(f"{xl_rowcol_to_cell(a[0] + rows, a[1])}:{xl_rowcol_to_cell(b[0] + rows, b[1])}")
    return out


def test_multi_row_merged_header_levels_and_provenance(xlsx):
    rows = RENJA_HEADER_3ROWS + [
        ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, None, None, None, None,
         Formula("=J7", 30_000_000), None, None, None, Formula("=N7", 40_000_000)],
        ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", None, None, None, None, None, None, None,
         Formula("=SUM(J8:J9)", 30_000_000), None, None, None, Formula("=SUM(N8:N9)", 40_000_000)],
        _row(1, "Penyusunan Dokumen Perencanaan", 10_000_000, 20_000_000),
        _row(2, "Evaluasi Kinerja Perangkat Daerah", 20_000_000, 20_000_000),
    ]
    path = xlsx({"Tabel 4.1": rows}, merges={"Tabel 4.1": RENJA_MERGES}, bold_rows={"Tabel 4.1": {5, 6}})
    wb = read_workbook(path)
    assert len(wb.tables) == 1
    t = wb.tables[0]
    assert t.kind == "rincian"
    assert t.header_rows == [1, 2, 3, 4]
    assert t.columns["pagu_2024"] == "J" and t.columns["pagu_2025"] == "N"
    assert t.columns["target_keluaran_2024"] == "H" and t.columns["target_2025"] == "M"
    assert t.columns["indikator_program"] == "C" and t.columns["tolok_ukur"] == "L"
    assert t.header_paths["pagu_2024"] == "Rencana Tahun 2024 / Pagu Indikatif (Rp)"
    f = t.frame
    assert list(f["level"]) == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert list(f["parent"]) == [0, 5, 6, 6]
    assert f.at[7, "pagu_2024"] == 10_000_000
    assert t.cell("pagu_2024", 8) == "J8"
    assert f.at[6, "pagu_2025"] == 40_000_000  # cached value of the SUM formula
    assert f.at[7, "target_keluaran_2024__value"] == 1 and f.at[7, "target_keluaran_2024__unit"] == "Dokumen"


def test_header_on_row_one_codes_only_and_separate_name_columns(xlsx):
    rows = [
        ["Kode", None, "Program", "Kegiatan", "Sub Kegiatan", "Indikator Keluaran", "Target Keluaran",
         "Pagu Indikatif", "Sumber Dana"],
        ["2.07.03", None, "Program Pelatihan Kerja", None, None, None, None, 556_000_000, None],
        ["2.07.03.2.01", None, None, "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", None, None, None,
         465_000_000, None],
        ["2.07.03.2.01.0001", None, None, None, "Proses Pelaksanaan Pendidikan dan Pelatihan",
         "Jumlah tenaga kerja", "230 Orang", 450_000_000, "DAU"],
        ["2.07.03.2.01.0002", None, None, None, "Koordinasi Lintas Lembaga", "Jumlah kesepakatan",
         "40 Lembaga", 15_000_000, "DAU"],
    ]
    wb = read_workbook(xlsx({"Renja": rows}))
    (t,) = wb.tables
    assert t.header_rows == [1]
    assert t.columns["code"] == "A" and t.columns["pagu"] == "H"
    f = t.frame
    assert list(f["level"]) == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert list(f["code"]) == ["2.07.03", "2.07.03.2.01", "2.07.03.2.01.0001", "2.07.03.2.01.0002"]
    assert f.at[4, "name"] == "Proses Pelaksanaan Pendidikan dan Pelatihan"
    assert list(f["parent"]) == [0, 2, 3, 3]


def test_table_starting_mid_sheet_with_title_and_notes(xlsx):
    title = [["TABEL 3.2"], ["RUMUSAN PROGRAM DAN KEGIATAN TAHUN 2024"], []]
    header = [["No", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Target", "Pagu Indikatif (Rp)"]]
    data = [
        ["I", "PROGRAM HUBUNGAN INDUSTRIAL", "Persentase kasus", "55%", 20_000_000],
        ["A", "Pencegahan dan Penyelesaian Perselisihan", "Persentase terlaksana", "100%", 20_000_000],
        [1, "Pencegahan Perselisihan Hubungan Industrial", "Jumlah perselisihan", "12 Perkara", 11_000_000],
        [2, "Penyelesaian Perselisihan Hubungan Industrial", "Jumlah perkara", "30 Perkara", 9_000_000],
        [None, "Total", None, None, 20_000_000],
    ]
    path = xlsx({"Lembar1": title + header + data}, start_row=10, start_col=4)
    (t,) = read_workbook(path).tables
    assert t.header_rows == [13]
    # the title's year names the year of the unlabelled pagu column
    assert t.columns["name"] == "E" and t.columns["pagu_2024"] == "H"
    assert "RUMUSAN PROGRAM" in t.title
    assert list(t.frame.index) == [14, 15, 16, 17, 18]
    assert list(t.frame["level"]) == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan", "total"]


def test_repeated_header_on_a_new_page_continues_the_table_and_second_table_is_found(xlsx):
    header = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif"]
    rows = [
        header,
        ["I", "PROGRAM A", "x", "1 Dokumen", 10_000],
        ["A", "Kegiatan A", "x", "1 Dokumen", 10_000],
        [1, "Sub A1", "x", "1 Dokumen", 4_000],
        [None] * 5,
        header,  # printed page break repeats the header
        [2, "Sub A2", "x", "1 Dokumen", 6_000],
        [None] * 5,
        [None] * 5,
        ["No", "Uraian", "Anggaran 2022", "Realisasi Anggaran 2022", "Rasio Realisasi Anggaran 2022"],
        [1, "Program A", 100_000, 90_000, "90%"],
    ]
    wb = read_workbook(xlsx({"S": rows}))
    assert [t.kind for t in wb.tables] == ["rincian", "anggaran"]
    first, second = wb.tables
    assert list(first.frame.index) == [2, 3, 4, 7]
    assert list(first.frame["level"]) == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert first.frame.at[7, "parent"] == 3
    assert second.columns["anggaran_2022"] == "C" and second.columns["rasio_anggaran_2022"] == "E"


def test_unnumbered_rows_settled_by_bold_and_letter_roman_ambiguity(xlsx):
    rows = [["No", "Program/Kegiatan/Sub Kegiatan", "Indikator Keluaran", "Pagu Indikatif (Rp)"]]
    rows += [["I", "PROGRAM SATU", None, 3_000], ["A", "Kegiatan A", None, 1_000], [1, "Sub 1", "x", 1_000]]
    letters = "BCDEFGH"
    for i, letter in enumerate(letters):
        rows += [[letter, f"Kegiatan {letter}", None, 0], [i + 2, f"Sub {i + 2}", "x", 0]]
    rows += [["II", "PROGRAM DUA", None, 1], ["I", "Kegiatan I (huruf, bukan angka Romawi)", None, 1],
             [99, "Sub terakhir", "x", 1]]
    rows += [["III", "PROGRAM TIGA", None, 0], [None, "Kegiatan tanpa nomor", None, 0], [None, "Sub tanpa nomor", "y", 0]]
    n = len(rows)
    wb = read_workbook(xlsx({"S": rows}, bold_rows={"S": {n - 1}}))
    f = wb.tables[0].frame
    by_name = dict(zip(f["name"], f["level"]))
    assert by_name["PROGRAM DUA"] == "program"
    assert by_name["Kegiatan I (huruf, bukan angka Romawi)"] == "kegiatan"
    assert by_name["Kegiatan C"] == "kegiatan" and by_name["Kegiatan D"] == "kegiatan"
    assert by_name["Kegiatan tanpa nomor"] == "kegiatan"
    assert by_name["Sub tanpa nomor"] == "sub_kegiatan"


def test_letter_inside_the_name_cell_and_code_prefix_in_name(xlsx):
    rows = [
        ["No", "Uraian", "Indikator", "Pagu Indikatif"],
        ["I", "PROGRAM PENUNJANG", None, 5],
        [None, "C Administrasi Kepegawaian Perangkat Daerah", None, 5],
        [7, "Pengadaan Pakaian Dinas", "Jumlah paket", 5],
        [None, "2.07.03 PROGRAM PELATIHAN KERJA", None, 1],
        [None, "2.07.03.2.01 Pelaksanaan Pelatihan", None, 1],
    ]
    f = read_workbook(xlsx({"S": rows})).tables[0].frame
    assert f.at[3, "number"] == "C" and f.at[3, "name"] == "Administrasi Kepegawaian Perangkat Daerah"
    assert f.at[3, "level"] == "kegiatan"
    assert f.at[6, "code"] == "2.07.03.2.01" and f.at[6, "level"] == "kegiatan"
    assert f.at[5, "name"] == "PROGRAM PELATIHAN KERJA"


def test_claims_in_narrative_text(xlsx):
    text = ("Berdasarkan rancangan awal SKPD Dinas tenaga Kerja memiliki sebanyak 5 program dan 19 kegiatan "
            "yang dijabarkan kedalam sebanyak 54 sub kegiatan. Melalui kegiatan ini dilaksanakan sebanyak "
            "2 sub kegiatan. Total pagu anggaran Dinas untuk tahun 2024 adalah sebesar Rp. 4.704.246.00,. "
            "Adapun rincian")
    wb = read_workbook(xlsx({"Narasi": [["BAB III"], [text]]}))
    claims = {(c.kind, c.cell): c for c in wb.claims}
    assert claims[("count_program", "A2")].value == 5
    assert claims[("count_kegiatan", "A2")].value == 19
    assert claims[("count_sub_kegiatan", "A2")].value == 54
    total = claims[("total_pagu", "A2")]
    assert total.year == 2024
    assert total.value == "4.704.246.00"
    assert total.number.status == "malformed" and total.number.candidates[0] == 4_704_246_000
    # the sentence about one kegiatan's "2 sub kegiatan" is not a document-level claim
    assert sum(1 for c in wb.claims if c.kind == "count_sub_kegiatan") == 1
