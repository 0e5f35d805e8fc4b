"""Every registered rule is documented, unique, tested, and docs/rules.md is current."""
from __future__ import annotations

import re

from conftest import ROOT

from reconcile.checks.base import SEVERITIES
from reconcile.checks.docs import render_rules_markdown
from reconcile.checks.registry import all_rules


def test_codes_unique_and_well_formed():
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", c) for c in codes)


def test_every_rule_documented_with_bad_and_good_examples():
    for r in all_rules():
        doc = r.__doc__ or ""
        assert "**Bad**" in doc and "**Good**" in doc, r.code
        assert r.title and r.title_en and r.family, r.code
        assert r.severity in SEVERITIES, r.code


def test_every_rule_has_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py")
                      if p.name != "test_catalogue.py")
    missing = [r.code for r in all_rules() if f'"{r.code}"' not in tests]
    assert not missing, f"rules without a test: {missing}"


def test_rules_doc_is_current():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == render_rules_markdown(), "docs/rules.md is stale: python -m reconcile.checks.docs > docs/rules.md"
