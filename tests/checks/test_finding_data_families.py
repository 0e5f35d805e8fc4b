"""A finding as data (issue 14, item 5) for the claims, crosstable, sector, targets,
nomenclature, completeness and tidiness rules: each rule says what it finds through its message
templates, so a finding made in Indonesian renders in English exactly as an English run writes
it (and back). Every rule of these families is run on a workbook that triggers it: a shipped
sample, or a tiny one built here (`BUILT`, plain rows)."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from reconcile.checks import run_rules
from reconcile.checks.registry import RULES
from reconcile.config import Config
from reconcile.findings import Money
from reconcile.read import read_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "workbooks"
SEED = SAMPLES / "renja_disnaker_pontianak_2024.xlsx"
FAMILIES = {"claims", "crosstable", "sector", "completeness", "tidiness"}

PLAN = ["No", "Uraian", "Indikator Keluaran", "Target Keluaran", "Lokasi", "Pagu Indikatif (Rp)", "Sumber Dana"]



def _plan(title: str, pagu: float, target: float) -> list[list]:
    """A plan table whose second sub kegiatan has the given pagu and (numeric) target."""
    return [[title], [], PLAN,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, 9_000_000, None],
            ["A", "Administrasi Keuangan Perangkat Daerah", None, None, None, 9_000_000, None],
            [1, "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang yang menerima gaji", "40 Orang", "Kota Singkawang",
             6_000_000, "PAD"],
            [2, "Pelaksanaan Penatausahaan Keuangan", "Jumlah dokumen", target, "Kota Singkawang", pagu, "PAD"]]


# Tiny workbooks (sheet -> rows) for the rules the samples do not trigger.
BUILT: dict[str, dict[str, list[list]]] = {
    # Tabel 4.1 disagrees with Tabel 3.2 on a pagu and on a target typed as a number
    "two_plans": {"Tabel 3.2": _plan("TABEL 3.2", 3_000_000, 12.5), "Tabel 4.1": _plan("TABEL 4.1", 3_500_000, 12.75)},
    "req_empty": {"Tabel 4.1": [
        PLAN,
        ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, 9_000_000, None],
        ["A", "Administrasi Keuangan Perangkat Daerah", None, None, None, 9_000_000, None],
        [1, "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang yang menerima gaji", "40 Orang", None,
         6_000_000, "PAD"],
        [2, "Pelaksanaan Penatausahaan Keuangan", "Jumlah dokumen", "-", "Kota Singkawang", 3_000_000, "PAD"],
    ]},
}

# (rule, workbook): a sample's file name or a key of BUILT
CASES = [
    ("CLAIM-COUNT", "renja_disnaker_pontianak_2024.xlsx"),
    ("CLAIM-TOTAL", "renja_disnaker_pontianak_2024.xlsx"),
    ("CLAIM-CONFLICT", "renja_disnaker_pontianak_2024.xlsx"),
    ("ITEM-MISSING", "renja_disnaker_pontianak_2024.xlsx"),
    ("XTAB-NAME", "renja_disnaker_pontianak_2024.xlsx"),
    ("XTAB-PAGU", "two_plans"),
    ("XTAB-TARGET", "renja_disnaker_pontianak_2024.xlsx"),
    ("XTAB-TARGET", "two_plans"),
    ("XTAB-INDICATOR", "renja_disnaker_pontianak_2024_sipd.xlsx"),
    ("RKPD-NOTE", "renja_disnaker_pontianak_2024.xlsx"),
    ("SECTOR-VOCAB", "renja_disnaker_pontianak_2024.xlsx"),
    ("REQ-EMPTY", "req_empty"),
    ("FUND-SOURCE", "renja_disnaker_pontianak_2024_teks.xlsx"),
    ("NUMBERING-IN-NAME", "renja_disnaker_pontianak_2024.xlsx"),
    ("LEVEL-STYLE", "renja_disnaker_pontianak_2024.xlsx"),
]


def _path(source: str, tmp_path: Path) -> Path:
    if source in BUILT:
        from conftest import build_xlsx

        return build_xlsx(tmp_path / f"{source}.xlsx", BUILT[source])
    return SAMPLES / source


def _runs(path: Path, code: str):
    wb = read_workbook(path)
    return run_rules(wb, Config(), "id", only={code}), run_rules(wb, Config(), "en", only={code})


@pytest.mark.parametrize("code,source", CASES, ids=[f"{c}-{s[:14]}" for c, s in CASES])
def test_a_finding_renders_in_the_other_language_as_that_language_writes_it(tmp_path, code, source):
    in_id, in_en = _runs(_path(source, tmp_path), code)
    assert in_id and {f.rule for f in in_id} == {code}
    assert len(in_id) == len(in_en)
    for fid, fen in zip(in_id, in_en):
        assert fid.data is not None and fen.data is not None
        assert fid.in_lang("en").to_json() == fen.to_json()
        assert fen.in_lang("id").to_json() == fid.to_json()
        assert fid.message != fen.message  # two languages indeed


def test_every_rule_of_these_families_speaks_through_templates_and_is_covered():
    mine = [r for r in RULES if r.family in FAMILIES]
    assert len(mine) >= 7
    for rule in mine:
        assert rule.messages, rule.code
        assert "self.finding(" not in inspect.getsource(inspect.getmodule(rule)), rule.code
        for key, parts in rule.messages.items():
            assert set(parts) <= {"message", "expected", "actual"} and "message" in parts, (rule.code, key)
            assert {"id", "en"} <= set(parts["message"]), (rule.code, key)
    assert {r.code for r in mine} == {c for c, _ in CASES}


def test_claim_total_keeps_its_amounts_as_values():
    (f,) = _runs(SEED, "CLAIM-TOTAL")[0]
    assert (f.sheet, f.cell) == ("Narasi", "A171")
    assert f.data.args["total"] == Money(4_704_246_000) and f.data.args["match"] == Money(4_704_246_000)
    assert f.data.args["written"] == "Rp. 4.704.246.00"  # the cell's text, as written
    assert "probably meant Rp 4,704,246,000" in f.in_lang("en").message
    assert "kemungkinan maksudnya Rp 4.704.246.000" in f.message


def test_cross_table_values_read_in_each_language(tmp_path):
    path = _path("two_plans", tmp_path)
    (pagu,) = _runs(path, "XTAB-PAGU")[0]
    assert (pagu.sheet, pagu.cell) == ("Tabel 4.1", "F7")
    assert pagu.data.args["actual"] == Money(3_500_000) and pagu.data.args["difference"] == Money(500_000)
    (target,) = _runs(path, "XTAB-TARGET")[0]
    assert (target.sheet, target.cell, target.actual, target.expected) == ("Tabel 4.1", "D7", "12,75", "12,5")
    en = target.in_lang("en")
    assert (en.actual, en.expected) == ("12.75", "12.5") and "target is '12.75' in Tabel 4.1" in en.message
