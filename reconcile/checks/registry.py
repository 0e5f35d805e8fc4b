"""The explicit list of rules. A rule not listed here does not run."""
from __future__ import annotations

from reconcile.checks.base import Rule
from reconcile.checks.subtotals import SubtotalMissing, SubtotalSum

RULES: list[type[Rule]] = [
    SubtotalSum,
    SubtotalMissing,
]


def all_rules() -> list[type[Rule]]:
    return list(RULES)


def rule_by_code(code: str) -> type[Rule] | None:
    code = code.upper()
    return next((r for r in RULES if r.code == code), None)
