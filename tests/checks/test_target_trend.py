"""TARGET-TREND: a target that moves against its sasaran, on a tiny Tabel 3.1 built here."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = [["No", "Tujuan", "Sasaran", "Indikator Sasaran", "Target Tahun", None, None],
          [None, None, None, None, "2024", "2025", "2026"]]
MERGES = {"Tabel 3.1": ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1"]}


def _run(xlsx, rows):
    path = xlsx({"Tabel 3.1": HEADER + rows}, merges=MERGES)
    return [f for f in run_rules(read_workbook(path), Config(), "id", only={"TARGET-TREND"})]


def test_a_target_that_falls_under_meningkatnya_is_flagged_on_the_later_year(xlsx):
    found = _run(xlsx, [
        ["1", "Meningkatkan daya saing", "Meningkatnya produktivitas Tenaga Kerja", "Tingkat Produktivitas Tenaga Kerja",
         "Rp. 156.400.000", "Rp. 160.109.000", "Rp. 155.418.000"],
    ])
    assert [(f.sheet, f.cell, f.severity) for f in found] == [("Tabel 3.1", "G3", "warning")]
    f = found[0]
    assert f.expected == ">= Rp. 160.109.000" and f.actual == "Rp. 155.418.000"
    assert "turun" in f.message and "2025" in f.message and "2026" in f.message
    assert f.related == ["'Tabel 3.1'!F3"]


def test_a_lower_is_better_indicator_should_fall_and_is_flagged_when_it_rises(xlsx):
    found = _run(xlsx, [
        ["1", "Kesempatan kerja", "Menurunnya pengangguran", "Tingkat Pengangguran Terbuka", "8,5%", "8,2%", "8,0%"],
        ["2", "Kesempatan kerja", "Menurunnya pengangguran", "Tingkat Pengangguran Terbuka", "8,5%", "8,2%", "8,6%"],
    ])
    assert [f.cell for f in found] == ["G4"]
    assert "naik" in found[0].message and found[0].expected == "<= 8,2%"


def test_silent_when_the_sasaran_speaks_of_something_else_or_targets_are_not_comparable(xlsx):
    found = _run(xlsx, [
        # the sasaran's words are not the indicator's: nothing says which way pengaduan should go
        ["1", "Pelayanan", "Meningkatnya kualitas pelayanan", "Jumlah pengaduan masyarakat", "40", "35", "30"],
        # rising as the sasaran says
        ["2", "Daya saing", "Meningkatnya produktivitas Tenaga Kerja", "Tingkat Produktivitas Tenaga Kerja",
         "Rp. 156.400.000", "Rp. 160.109.000", "Rp. 163.000.000"],
        # one year's target in another unit: no trend to read
        ["3", "Daya saing", "Meningkatnya penempatan tenaga kerja", "Jumlah penempatan tenaga kerja",
         "100 Orang", "90 %", "80 Orang"],
    ])
    assert found == []
