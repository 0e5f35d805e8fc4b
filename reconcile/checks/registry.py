"""The explicit list of rules: every family module lists its rules in `RULES`, in the order
they are documented. A rule not listed here does not run."""
from __future__ import annotations

import importlib

from reconcile.checks.base import Rule

# Family modules, in catalogue order. Each defines RULES: list[type[Rule]].
FAMILIES = (
    "subtotals",
    "number_format",
    "claims",
    "crosstable",
    "sector",
    "ratios",
    "evaluasi",
    "rincian",
    "targets",
    "nomenclature",
    "completeness",
    "tidiness",
)


def all_rules() -> list[type[Rule]]:
    rules: list[type[Rule]] = []
    for family in FAMILIES:
        rules.extend(importlib.import_module(f"reconcile.checks.{family}").RULES)
    return rules


def rule_by_code(code: str) -> type[Rule] | None:
    code = code.upper()
    return next((r for r in all_rules() if r.code == code), None)
