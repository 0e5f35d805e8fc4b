"""PAGU-SUM and PAGU-MISSING on tiny plan tables."""
from __future__ import annotations

from conftest import Formula

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif 2024", "Pagu Indikatif 2025"]


def _plan(kegiatan_2024=15_360_000, kegiatan_2025=None, program=None, total=None, blank_kegiatan=False):
    subs = [(1, "Penyusunan Dokumen Perencanaan", 8_160_000, 9_000_000),
            (2, "Koordinasi dan Penyusunan Laporan Capaian Kinerja", 4_500_000, 4_700_000),
            (3, "Evaluasi Kinerja Perangkat Daerah", 2_700_000, 2_000_000)]
    k25 = kegiatan_2025 if kegiatan_2025 is not None else 15_700_000
    prog = program if program is not None else kegiatan_2024
    rows = [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", "100%", prog, k25],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase", "100%",
             None if blank_kegiatan else kegiatan_2024, k25]]
    rows += [[n, name, "Jumlah dokumen", "1 Dokumen", p, q] for n, name, p, q in subs]
    rows.append([None, "Total", None, None, total if total is not None else prog, k25])
    return rows


def _run(path, code):
    return [f for f in run_rules(read_workbook(path), Config(), "id", only={code}) if f.rule == code]


def test_pagu_sum_flags_the_kegiatan_whose_sub_kegiatan_do_not_add_up(xlsx):
    path = xlsx({"Tabel 4.1": _plan(kegiatan_2024=15_460_000, program=15_460_000)})
    findings = _run(path, "PAGU-SUM")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [("Tabel 4.1", "E3", "error")]
    f = findings[0]
    assert f.expected == "Rp 15.360.000" and f.actual == "Rp 15.460.000"
    assert "selisih Rp 100.000" in f.message and "Perencanaan, Penganggaran" in f.message
    assert f.related == ["'Tabel 4.1'!E4", "'Tabel 4.1'!E5", "'Tabel 4.1'!E6"]


def test_pagu_sum_checks_every_year_and_the_total_row(xlsx):
    path = xlsx({"S": _plan(kegiatan_2025=15_000_000, total=99)})
    cells = {(f.cell, f.expected) for f in _run(path, "PAGU-SUM")}
    # 2025: kegiatan shows 15.000.000 but its subs hold 15.700.000; the program and total
    # rows repeat the kegiatan's 15.000.000, so only the kegiatan is wrong in 2025.
    assert ("F3", "Rp 15.700.000") in cells
    assert ("E7", "Rp 15.360.000") in cells  # total typed as 99
    assert len(cells) == 2


def test_pagu_sum_english_message(xlsx):
    path = xlsx({"S": _plan(kegiatan_2024=15_460_000, program=15_460_000)})
    (f,) = [f for f in run_rules(read_workbook(path), Config(), "en", only={"PAGU-SUM"})]
    assert "add up to Rp 15,360,000" in f.message


def test_pagu_sum_silent_on_a_plan_that_adds_up_including_sum_formulas(xlsx):
    rows = _plan()
    rows[2][4] = Formula("=SUM(E4:E6)", 15_360_000)
    path = xlsx({"S": rows})
    assert _run(path, "PAGU-SUM") == []


def test_pagu_sum_tolerance_is_configurable(xlsx, tmp_path):
    path = xlsx({"S": _plan(kegiatan_2024=15_360_001, program=15_360_001)})
    assert _run(path, "PAGU-SUM") == []  # 1 Rupiah is rounding by default
    cfg_dir = tmp_path / "rules"
    cfg_dir.mkdir()
    (cfg_dir / "settings.yaml").write_text("rules:\n  PAGU-SUM: {tolerance: 0}\n", encoding="utf-8")
    from reconcile.config import load_config

    findings = run_rules(read_workbook(path), load_config(cfg_dir), "id", only={"PAGU-SUM"})
    assert [f.cell for f in findings] == ["E3"]


def test_pagu_missing_flags_an_empty_kegiatan_subtotal_and_program_still_adds_up(xlsx):
    path = xlsx({"S": _plan(blank_kegiatan=True)})
    missing = _run(path, "PAGU-MISSING")
    assert [(f.cell, f.severity, f.expected) for f in missing] == [("E3", "warning", "Rp 15.360.000")]
    assert _run(path, "PAGU-SUM") == []  # the program is checked through the kegiatan's rows


def test_pagu_missing_silent_when_subtotals_are_filled(xlsx):
    assert _run(xlsx({"S": _plan()}), "PAGU-MISSING") == []


def test_sub_total_rows_close_their_program_not_the_whole_table(xlsx):
    rows = [["No", "Uraian", "Indikator", "Target", "Pagu Indikatif 2025"],
            ["I", "PROGRAM A", "x", "1 Dokumen", 30_000], ["A", "Kegiatan A1", "x", "1 Dokumen", 30_000],
            [1, "Sub A11", "x", "1 Dokumen", 10_000], [2, "Sub A12", "x", "1 Dokumen", 20_000],
            [None, "Sub Total Program A", None, None, 30_000],
            ["II", "PROGRAM B", "x", "1 Dokumen", 5_000], ["A", "Kegiatan B1", "x", "1 Dokumen", 5_000],
            [1, "Sub B11", "x", "1 Dokumen", 5_000],
            [None, "Sub Total Program B", None, None, 9_000],
            [None, "JUMLAH TOTAL", None, None, 35_000]]
    findings = _run(xlsx({"S": rows}), "PAGU-SUM")
    assert [(f.cell, f.expected, f.actual) for f in findings] == [("E10", "Rp 5.000", "Rp 9.000")]
    assert findings[0].message.startswith("Subtotal 'Sub Total Program B'")
