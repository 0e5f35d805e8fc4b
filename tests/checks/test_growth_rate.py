"""GROWTH-RATE on a tiny budget-history table built here (anggaran and realisasi per year, then
the average growth), with the readings worked out by hand in the comments."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = [
    ["No", "Uraian", "Anggaran pada Tahun", None, None, "Realisasi Anggaran pada Tahun", None, None,
     "Rasio antara Realisasi dan Anggaran Tahun", None, None, "Rata-rata Pertumbuhan", None],
    [None, None, "2020", "2021", "2022", "2020", "2021", "2022", "2020", "2021", "2022", "Anggaran (%)", "Realisasi (%)"],
]
MERGES = {"Anggaran": ["A1:A2", "B1:B2", "C1:E1", "F1:H1", "I1:K1", "L1:M1"]}


def _run(xlsx, rows, lang="id"):
    path = xlsx({"Anggaran": HEADER + rows}, merges=MERGES)
    return run_rules(read_workbook(path), Config(), lang, only={"GROWTH-RATE"})


def test_a_rate_that_matches_a_usual_reading_is_silent(xlsx):
    # anggaran 100 -> 110 -> 121: +10 % a year (mean 10, CAGR 10); realisasi 90 -> 99 -> 108,9: +10 %
    rows = [["1", "Program A", 100_000_000, 110_000_000, 121_000_000, 90_000_000, 99_000_000, 108_900_000,
             "90%", "90%", "90%", "10", "10,00"],
            # first to last: 100 -> 150 is +50 %
            ["2", "Program B", 100_000_000, 200_000_000, 150_000_000, 100_000_000, 200_000_000, 150_000_000,
             "100%", "100%", "100%", "50", "50"]]
    assert _run(xlsx, rows) == []


def test_a_rate_no_reading_gives_is_a_warning_listing_the_readings(xlsx):
    # anggaran 100 -> 110 -> 121 (mean 10, CAGR 10, total 21) printed 25
    rows = [["1", "Program A", 100_000_000, 110_000_000, 121_000_000, 90_000_000, 99_000_000, 108_900_000,
             "90%", "90%", "90%", "25", "10"]]
    (f,) = _run(xlsx, rows)
    assert (f.rule, f.severity, f.sheet, f.cell) == ("GROWTH-RATE", "warning", "Anggaran", "L3")
    assert f.actual == "25,00%"
    assert "CAGR 10,00%" in f.expected and "pertumbuhan awal-akhir 21,00%" in f.expected
    assert "2020-2022" in f.message


def test_a_decline_printed_as_growth_says_so(xlsx):
    # realisasi 100 -> 50 -> 25: -50 % a year, total -75 %; printed +50
    rows = [["1", "Program A", 100_000_000, 110_000_000, 121_000_000, 100_000_000, 50_000_000, 25_000_000,
             "100%", "45%", "21%", "10", "50"]]
    (f,) = _run(xlsx, rows, lang="en")
    assert f.cell == "M3" and f.severity == "warning"
    assert "a decline printed as growth" in f.message
    assert "mean yearly growth -50.00%" in f.expected
