"""Stage 2: rules over the canonical tables, yielding findings."""
from __future__ import annotations

import sys

from reconcile.checks.base import SEVERITY_RANK, Context, Finding, Scratch


def run_rules(workbook, config, lang: str = "id", only: set[str] | None = None) -> list[Finding]:
    """Every enabled rule, a family (a unit of families sharing caches) at a time; the caches a
    unit leaves on the context, workbook and tables are dropped when it is done (`Scratch`),
    so a large workbook never holds every family's caches at once."""
    from reconcile.checks import parallel
    from reconcile.checks.registry import all_rules

    load_pandera()
    ctx = Context(workbook, config, lang)
    rules = [rule_cls(config.rule_settings(rule_cls.code, rule_cls.family, rule_cls.options))
             for rule_cls in all_rules()
             if not only or rule_cls.code in only]
    rules = [rule for rule in rules if rule.enabled]
    ctx.running = frozenset(rule.code for rule in rules)
    units = parallel.units_of([rule.family for rule in rules])
    scratch = Scratch(ctx)

    def run_unit(u: int) -> list[list[Finding]]:
        scratch.mark()
        try:
            return [list(rules[i].check(ctx)) for i in units[u]]
        finally:
            scratch.release()

    if parallel.worth_splitting(workbook, config.settings.get("performance") or {}):
        done = parallel.run_split(len(units), run_unit)
    else:
        done = {u: run_unit(u) for u in range(len(units))}
    findings = parallel.in_rule_order(units, done)
    order = {}
    for i, s in enumerate(workbook.sheets):
        order.setdefault(s.name, i)
    last = len(workbook.sheets)
    findings.sort(key=lambda f: (order.get(f.sheet, last), _cell_key(f.cell), SEVERITY_RANK[f.severity], f.rule))
    return findings


def _cell_key(cell: str) -> tuple[int, int]:
    from reconcile.read.model import column_index

    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), column_index(letters) if letters else 0)


def load_pandera() -> None:
    """Import pandera for the rules, without hypothesis.

    pandera imports hypothesis (when it is installed, as in the test environment) for its
    data-generation strategies, which the rules never use: ~0.07 s, a tenth of checking a
    typical Renja. pandera falls back to placeholders when the import fails, so hypothesis
    is hidden while pandera's strategy modules load; a process that imported hypothesis
    itself (the test suite) keeps it.
    """
    if "pandera.strategies.base_strategies" not in sys.modules and "hypothesis" not in sys.modules:
        sys.modules["hypothesis"] = None  # type: ignore[assignment] - makes `import hypothesis` fail
        try:
            import pandera.strategies.pandas_strategies  # noqa: F401
        finally:
            if sys.modules.get("hypothesis", 0) is None:
                del sys.modules["hypothesis"]
    import pandera.pandas  # noqa: F401
