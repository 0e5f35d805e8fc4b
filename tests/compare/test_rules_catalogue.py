"""The CMP rules' catalogue entries: what `reconcile rules` / `explain` / docs/rules.md show."""
from __future__ import annotations

from conftest import WORKBOOKS

from reconcile.checks.base import Context
from reconcile.compare.rules import COMPARE_RULES
from reconcile.config import Config
from reconcile.read import read_workbook


def test_each_rule_has_code_titles_severity_and_examples():
    codes = [r.code for r in COMPARE_RULES]
    assert codes == ["CMP-ONLY-A", "CMP-ONLY-B", "CMP-PAGU", "CMP-RINCIAN", "CMP-TARGET", "CMP-INDICATOR",
                     "CMP-FUND", "CMP-LOKASI", "CMP-NAME", "CMP-UNIT-TOTAL"]
    for r in COMPARE_RULES:
        assert r.title and r.title_en and r.title != r.title_en, r.code
        assert r.severity in ("warning", "info"), r.code  # a change is never an error by default
        doc = r.__doc__ or ""
        assert "Why it matters" in doc and "**Bad**" in doc and "**Good**" in doc, r.code
        assert r.family == "compare"


def test_on_a_single_workbook_the_rules_find_nothing():
    # Listed beside check's rules in a catalogue, they never run as if a workbook were a pair.
    ctx = Context(read_workbook(WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"), Config(), "id")
    for r in COMPARE_RULES:
        assert list(r().check(ctx)) == []


def test_severity_and_tolerance_are_settings(tmp_path):
    (tmp_path / "compare.yaml").write_text("rules:\n  CMP-PAGU: {severity: error, tolerance: 5}\n")
    config = Config(rules_dir=tmp_path)
    settings = config.rule_settings("CMP-PAGU", "compare")
    assert settings == {"severity": "error", "tolerance": 5}
    rule = COMPARE_RULES[2](settings)
    assert rule.effective_severity == "error"
    assert rule.differing([(100.0, 104.0), (100.0, 106.0)]) == [1]
