"""TRIWULAN-SUM on tiny evaluation tables (Permendagri 86/2017 T-C.29): the realisasi of the year
is the sum of triwulan I-IV, for rupiah always and for kinerja in an additive unit; and the
rupiah columns of such a table never trip RATIO-X100 / PCT-RANGE."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

TITLE = [["EVALUASI HASIL RENJA PERANGKAT DAERAH TAHUN 2024"], []]
HEADER = [
    ["No", "Kode", "Program/Kegiatan", "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
     "Target Kinerja dan Anggaran Renja Tahun Berjalan yang Dievaluasi", None,
     "Realisasi Kinerja Pada Triwulan", None, None, None, None, None, None, None,
     "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", None,
     "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja yang Dievaluasi (%)", None],
    [None] * 6 + ["I", None, "II", None, "III", None, "IV", None] + [None] * 4,
    [None] * 4 + ["K", "Rp. (000)"] * 7,
    [1, 2, 3, 4, 5, None, 6, None, 7, None, 8, None, 9, None, "10 = 6+7+8+9", None, "11 = 10/5*100", None],
]
MERGES = ["A3:A5", "B3:B5", "C3:C5", "D3:D5", "E3:F4", "G3:N3", "G4:H4", "I4:J4", "K4:L4", "M4:N4",
          "O3:P4", "Q3:R4"]


def _row(no, code, name, indicator, target, quarters, realisasi, capaian):
    """quarters: four (K, Rp) pairs; target, realisasi, capaian: (K, Rp)."""
    cells = [no, code, name, indicator, *target]
    for k, rp in quarters:
        cells += [k, rp]
    return cells + [*realisasi, *capaian]


def _book(xlsx, *rows):
    return xlsx({"Evaluasi": TITLE + HEADER + list(rows)}, merges={"Evaluasi": MERGES})


def _run(path, *codes, lang="id"):
    return [f for f in run_rules(read_workbook(path), Config(), lang, only=set(codes)) if f.rule in codes]


GOOD = _row(1, "2.07.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
            "Jumlah Dokumen Perencanaan Perangkat Daerah", ("12 Dokumen", 1000),
            [("3 Dokumen", 250), ("3 Dokumen", 250), ("3 Dokumen", 250), ("3 Dokumen", 250)],
            ("12 Dokumen", 1000), (100, 100))


def test_reader_gives_the_triwulan_fields_in_rupiah(xlsx):
    table = read_workbook(_book(xlsx, GOOD)).tables[0]
    assert table.kind == "evaluasi_triwulan" and table.header_rows == [3, 4, 5, 6]
    assert table.columns["realisasi_anggaran_tw1_2024"] == "H"
    assert table.columns["realisasi_2024"] == "O" and table.columns["realisasi_anggaran_2024"] == "P"
    assert table.value("realisasi_anggaran_tw1_2024", 7) == 250_000
    assert table.value("realisasi_anggaran_tw1_2024__raw", 7) == 250


def test_triwulan_sum_rupiah_wrong(xlsx):
    bad = _row(2, "2.07.01.2.02", "Administrasi Keuangan Perangkat Daerah", "Jumlah Laporan Keuangan",
               ("4 Laporan", 1000), [("1 Laporan", 100), ("1 Laporan", 200), ("1 Laporan", 300), ("1 Laporan", 400)],
               ("4 Laporan", 1200), (100, 120))
    findings = _run(_book(xlsx, GOOD, bad), "TRIWULAN-SUM")
    assert [(f.rule, f.severity, f.sheet, f.cell) for f in findings] == [("TRIWULAN-SUM", "error", "Evaluasi", "P8")]
    f = findings[0]
    # thousands of rupiah shown as rupiah
    assert f.expected == "Rp 1.000.000" and f.actual == "Rp 1.200.000"
    assert "H8+J8+L8+N8" in f.message and "Jumlah Laporan Keuangan" in f.message
    assert f.related == ["'Evaluasi'!H8", "'Evaluasi'!J8", "'Evaluasi'!L8", "'Evaluasi'!N8"]
    en = _run(_book(xlsx, GOOD, bad), "TRIWULAN-SUM", lang="en")[0]
    assert "add up to" in en.message and en.expected == "Rp 1,000,000"


def test_triwulan_sum_kinerja_wrong_in_an_additive_unit(xlsx):
    bad = _row(2, "2.07.01.2.02", "Administrasi Keuangan Perangkat Daerah", "Jumlah Dokumen Laporan",
               ("12 Dokumen", 1000), [("3 Dokumen", 250), ("3 Dokumen", 250), ("3 Dokumen", 250), ("3 Dokumen", 250)],
               ("10 Dokumen", 1000), (83.33, 100))
    findings = _run(_book(xlsx, GOOD, bad), "TRIWULAN-SUM")
    assert [(f.rule, f.cell, f.expected, f.actual) for f in findings] == [
        ("TRIWULAN-SUM", "O8", "12 Dokumen", "10 Dokumen")]
    assert findings[0].severity == "error"


def test_triwulan_sum_passes_when_it_adds_up_or_is_not_additive(xlsx):
    pct = _row(2, "2.07.01.2.03", "Administrasi Umum Perangkat Daerah", "Persentase Layanan Administrasi",
               ("100%", 1000), [("100%", 250), ("100%", 250), ("100%", 250), ("100%", 250)],
               ("100%", 1000), (100, 100))
    staff = _row(3, "2.07.01.2.04", "Administrasi Kepegawaian", "Jumlah Pegawai yang Dibina",
                 ("30 Orang", 400), [("30 Orang", 100), ("30 Orang", 100), ("30 Orang", 100), ("30 Orang", 100)],
                 ("30 Orang", 400), (100, 100))
    not_yet = _row(4, "2.07.01.2.05", "Pengelolaan Barang Milik Daerah", "Jumlah Laporan BMD",
                   ("4 Laporan", 400), [("1 Laporan", 100), ("1 Laporan", 100), ("1 Laporan", 100), (None, None)],
                   ("2 Laporan", 200), (50, 50))
    assert _run(_book(xlsx, GOOD, pct, staff, not_yet), "TRIWULAN-SUM") == []


def test_rupiah_columns_never_trip_ratio_or_range_rules(xlsx):
    """Billions of rupiah in the Rp columns, as a percentage they would be 'x100 twice'."""
    rows = [_row(i + 1, f"2.07.01.2.0{i + 1}", f"Kegiatan {i + 1}", "Jumlah Dokumen", ("4 Dokumen", 2_500_000),
                 [("1 Dokumen", 625_000)] * 4, ("4 Dokumen", 2_500_000), (100, 100)) for i in range(3)]
    findings = _run(_book(xlsx, *rows), "RATIO-X100", "PCT-RANGE", "RATIO-CAPAIAN", "RATIO-ANGGARAN",
                    "TRIWULAN-SUM")
    assert findings == []
