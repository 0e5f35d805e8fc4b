"""PARENT-FORMULA on tiny plan tables holding real formulas with cached values."""
from __future__ import annotations

from conftest import Formula

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif 2024"]

# Excel rows: 1 header; 2 program I; 3 kegiatan A; 4-6 its sub kegiatan; 7 program II;
# 8 kegiatan A; 9-10 its sub kegiatan; 11 total.
SUBS_1 = [(1, "Penyusunan Dokumen Perencanaan", 8_160_000), (2, "Koordinasi Penyusunan Laporan Kinerja", 4_500_000),
          (3, "Evaluasi Kinerja Perangkat Daerah", 2_700_000)]
SUBS_2 = [(1, "Pelatihan Berbasis Kompetensi", 50_000_000), (2, "Sertifikasi Tenaga Kerja", 20_000_000)]


def _plan(keg1="=SUM(E4:E6)", keg2="=SUM(E9:E10)", prog1="=E3", prog2="=E8", total="=E2+E7", values=None):
    """The plan with the given formulas; the cached values are what Excel shows (`values`:
    row -> cached value, where a wrong formula makes it differ from the right one)."""
    v = {3: 15_360_000, 2: 15_360_000, 8: 70_000_000, 7: 70_000_000, 11: 85_360_000, **(values or {})}
    rows = [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", "100%", Formula(prog1, v[2])],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase", "100%", Formula(keg1, v[3])]]
    rows += [[n, name, "Jumlah dokumen", "1 Dokumen", p] for n, name, p in SUBS_1]
    rows += [["II", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Persentase", "100%",
              Formula(prog2, v[7])],
             ["A", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", "Persentase", "100%", Formula(keg2, v[8])]]
    rows += [[n, name, "Jumlah orang", "20 Orang", p] for n, name, p in SUBS_2]
    rows.append([None, "Total", None, None, Formula(total, v[11])])
    return rows


def _run(path, code="PARENT-FORMULA", lang="id"):
    return [f for f in run_rules(read_workbook(path), Config(), lang, only={code}) if f.rule == code]


def test_silent_on_formulas_that_add_exactly_their_children(xlsx):
    path = xlsx({"Tabel 4.1": _plan()})
    assert _run(path) == []
    # a program adding its sub kegiatan directly, and IFERROR around a sum, are exact too
    path = xlsx({"Tabel 4.1": _plan(prog1="=SUM(E4:E6)", keg2='=_xlfn.IFERROR(SUM(E9:E10),"")')})
    assert _run(path) == []


def test_a_range_stopping_short_of_a_zero_child_is_a_latent_warning(xlsx):
    rows = _plan(keg1="=SUM(E4:E5)")
    rows[5][4] = 0  # row 6, the last sub kegiatan, holds 0 today: the value still matches
    v = {3: 12_660_000, 2: 12_660_000, 11: 82_660_000}
    rows[2][4], rows[1][4], rows[10][4] = Formula("=SUM(E4:E5)", v[3]), Formula("=E3", v[2]), Formula("=E2+E7", v[11])
    path = xlsx({"Tabel 4.1": rows})
    assert _run(path, "PAGU-SUM") == []  # the value is right: PAGU-SUM cannot see it
    (f,) = _run(path)
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "E3", "warning")
    assert "=SUM(E4:E5)" in f.message and "tidak menjumlahkan E6" in f.message
    assert "masih kosong/nol" in f.message
    assert f.expected == "=SUM(E4:E6)" and f.actual == "=SUM(E4:E5)"
    assert f.related == ["'Tabel 4.1'!E6"]


def test_a_sibling_branch_row_added_while_the_value_matches_is_an_error(xlsx):
    # kegiatan I.A adds E9 (a sub kegiatan of program II) instead of its own E6, and E9 was
    # typed equal to E6: today's figure matches, the total counts E9 twice.
    rows = _plan(keg1="=E4+E5+E9")
    rows[8][4] = 2_700_000
    rows[6][4] = Formula("=E8", 22_700_000)
    rows[7][4] = Formula("=SUM(E9:E10)", 22_700_000)
    rows[10][4] = Formula("=E2+E7", 38_060_000)
    path = xlsx({"Tabel 4.1": rows})
    assert _run(path, "PAGU-SUM") == []
    (f,) = _run(path)
    assert (f.cell, f.severity) == ("E3", "error")
    assert "tidak menjumlahkan E6" in f.message and "ikut menjumlahkan E9 (milik induk lain)" in f.message
    assert f.expected == "=SUM(E4:E6)"
    assert f.related == ["'Tabel 4.1'!E6", "'Tabel 4.1'!E9"]
    (en,) = _run(path, lang="en")
    assert "leaves out E6" in en.message and "also adds E9" in en.message


def test_one_finding_where_pagu_sum_already_reports_the_cell(xlsx):
    # the range misses E6 (2.700.000) and the cached value shows it: PAGU-SUM's finding only
    rows = _plan(keg1="=SUM(E4:E5)", values={3: 12_660_000, 2: 12_660_000, 11: 82_660_000})
    path = xlsx({"Tabel 4.1": rows})
    assert [f.cell for f in _run(path, "PAGU-SUM")] == ["E3"]
    assert _run(path) == []


def test_a_percentage_cell_added_to_rupiah(xlsx):
    header = [*HEADER, "Persentase Capaian (%)"]
    rows = _plan(keg2="=SUM(E9:E10)+F10")
    rows[0] = header
    for r in rows[1:]:
        r.append(None)
    rows[9][5] = 1  # 100 % kept as 1: the sum moves by 1 rupiah, under PAGU-SUM's tolerance
    rows[7][4] = Formula("=SUM(E9:E10)+F10", 70_000_001)
    path = xlsx({"Tabel 4.1": rows})
    assert _run(path, "PAGU-SUM") == []
    (f,) = _run(path)
    assert (f.cell, f.severity) == ("E8", "error")
    assert "sel persentase F10" in f.message and "Persentase Capaian" in f.message
    assert f.expected == "=E9+E10" and f.related == ["'Tabel 4.1'!F10"]


def test_a_range_running_into_the_next_kegiatan_still_empty(xlsx):
    # kegiatan .01 (row 3) =SUM(E4:E7) runs into kegiatan .02 (row 6, new, its sub kegiatan
    # row 7 still Rp 0): right today; once .02 is filled its money counts in .01 as well.
    header = ["Kode", "Uraian", "Indikator", "Target", "Pagu Indikatif 2024"]
    rows = [header,
            ["2.07.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", "100%",
             Formula("=E3+E6", 12_660_000)],
            ["2.07.01.2.01", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase", "100%",
             Formula("=SUM(E4:E7)", 12_660_000)],
            ["2.07.01.2.01.0001", "Penyusunan Dokumen Perencanaan", "Jumlah dokumen", "1 Dokumen", 8_160_000],
            ["2.07.01.2.01.0002", "Koordinasi Penyusunan Laporan Kinerja", "Jumlah laporan", "1 Laporan", 4_500_000],
            ["2.07.01.2.02", "Administrasi Keuangan Perangkat Daerah", "Persentase", "100%", Formula("=SUM(E7)", 0)],
            ["2.07.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang", "20 Orang", 0]]
    path = xlsx({"Tabel 4.1": rows})
    assert _run(path, "PAGU-SUM") == []
    (f,) = _run(path)
    assert (f.cell, f.severity) == ("E3", "warning")
    assert "ikut menjumlahkan E7 (milik induk lain)" in f.message
    assert f.expected == "=SUM(E4:E5)" and f.related == ["'Tabel 4.1'!E7"]
