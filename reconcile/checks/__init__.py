"""Stage 2: rules over the canonical tables, yielding findings."""
from __future__ import annotations

from reconcile.checks.base import SEVERITY_RANK, Context, Finding


def run_rules(workbook, config, lang: str = "id", only: set[str] | None = None) -> list[Finding]:
    from reconcile.checks.registry import all_rules

    ctx = Context(workbook, config, lang)
    findings: list[Finding] = []
    for rule_cls in all_rules():
        if only and rule_cls.code not in only:
            continue
        rule = rule_cls(config.rule_settings(rule_cls.code, rule_cls.family))
        if not rule.enabled:
            continue
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (sheet_order(workbook, f.sheet), _cell_key(f.cell), SEVERITY_RANK[f.severity], f.rule))
    return findings


def sheet_order(workbook, sheet: str) -> int:
    for i, s in enumerate(workbook.sheets):
        if s.name == sheet:
            return i
    return len(workbook.sheets)


def _cell_key(cell: str) -> tuple[int, int]:
    from reconcile.read.model import column_index

    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), column_index(letters) if letters else 0)
