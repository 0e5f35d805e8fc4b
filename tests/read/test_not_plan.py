"""Documents that are not plans, though they name programs and indicators (issue #13)."""
from __future__ import annotations

from reconcile.read import read_workbook

PLAN = [["No", "Program/Kegiatan/Sub Kegiatan", "Indikator", "Target", "Pagu Indikatif"],
        ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", "100%", 1_000_000],
        [1, "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah dokumen", "2 Dokumen", 1_000_000]]


def test_a_risk_register_sheet_is_not_read_as_a_plan(xlsx):
    register = [["Nama OPD", ": Inspektorat"], [None, None],
                ["No", "Kegiatan", "Indikator Keluaran", "Risiko", None, "Sebab", "Dampak", "Pengendalian"],
                [None, None, None, "Uraian", "Pemilik", "Uraian", "Uraian", "Uraian"],
                [1, "Program Pengawasan Internal", "Jumlah laporan", "Anggaran tidak cukup", "Inspektur",
                 "Keterbatasan anggaran", "Target tidak tercapai", "Usulan tambahan"],
                ["No", "Program", "Kegiatan", "Indikator", "Target"],  # a data row that looks like a header
                [2, "Program Penunjang", "Perencanaan", "Jumlah dokumen", "2 Dokumen"]]
    wb = read_workbook(xlsx({"Form 3c Risk Operasional": register, "Tabel 4.1": PLAN}))
    assert [t.sheet for t in wb.tables] == ["Tabel 4.1"]


def test_a_plan_whose_header_mentions_one_risk_word_is_still_a_plan(xlsx):
    rows = [PLAN[0] + ["Keterangan (risiko)"]] + [r + [None] for r in PLAN[1:]]
    assert [t.sheet for t in read_workbook(xlsx({"Tabel 4.1": rows})).tables] == ["Tabel 4.1"]


def test_a_first_data_row_of_a_label_and_a_sentence_is_not_taken_into_the_header(xlsx):
    """Renstra lists: "Tujuan | Meningkatkan tata kelola …" right under the header is data."""
    rows = [["KELOMPOK", "TUJUAN/SASARAN", "INDIKATOR SASARAN", "KETERANGAN"],
            ["Tujuan", "Meningkatkan tata kelola pemerintahan yang baik dan bersih serta layanan publik", None, None],
            ["Sasaran", "Meningkatnya kualitas layanan dasar pekerjaan umum", "Persentase layanan tepat waktu", None],
            ["Sasaran", "Meningkatnya akuntabilitas kinerja", "Persentase laporan tepat waktu", None]]
    (table,) = read_workbook(xlsx({"tujuan sasaran": rows})).tables
    assert table.header_rows == [1] and table.rows == [2, 3, 4]


def test_a_plan_header_without_rows_is_named_in_the_no_table_message(xlsx):
    from reconcile.config import Config
    from reconcile.run import check_file

    path = xlsx({"Sheet1": [["PROGRAM DAN KEGIATAN SKPD"], [None], PLAN[0]], "Sheet2": [["catatan"]]})
    res = check_file(path, Config())
    assert res.status == "no_table" and res.exit_code == 0
    assert "judul kolom tabel Renja di lembar 'Sheet1' (baris 3–3)" in res.error
    assert "Renja header on sheet 'Sheet1'" in check_file(path, Config(), "en").error
