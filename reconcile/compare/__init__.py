"""Reconcile two documents: `compare(A, B)` — A the reference (RKPD, Renstra, KUA-PPAS, the
earlier version), B the document under review.

read both (same reader, any layout) → items per unit (`items.py`) → unit and item pairs
(`match.py`) → rules (`rules.py`, findings placed in B) → outputs (`command.py`, `sheet.py`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconcile.checks.base import SEVERITY_RANK, Finding


@dataclass
class UnitSummary:
    """One row of the "Perbandingan" summary: a unit's totals on each side and its changes."""

    code: str
    label: str
    total_a: float | None
    total_b: float | None
    added: int
    removed: int
    changed: int
    by_name: int  # pairs made by name (no code on a side)
    sheet: str = ""
    cell: str = ""

    @property
    def difference(self) -> float | None:
        if self.total_a is None or self.total_b is None:
            return None
        return self.total_b - self.total_a

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.label, "total_a": self.total_a, "total_b": self.total_b,
                "difference": self.difference, "added": self.added, "removed": self.removed,
                "changed": self.changed, "matched_by_name": self.by_name}


@dataclass
class Comparison:
    a: str
    b: str
    status: str = "ok"  # ok | no_table (a side read, but holding no plan items) | error (a side not read)
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)
    total_a: float | None = None
    total_b: float | None = None
    scoped: bool = False  # one agency's plan against one unit of a whole-government document
    workbook_b: Any = None

    @property
    def exit_code(self) -> int:
        if self.status == "error":
            return 2
        if self.status == "no_table":  # as `check`: read, nothing to compare
            return 0
        return 1 if any(f.severity == "error" for f in self.findings) else 0

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "status": self.status, "error": self.error,
                "totals": {"a": self.total_a, "b": self.total_b,
                           "difference": None if self.total_a is None or self.total_b is None
                           else self.total_b - self.total_a},
                "units": [u.to_json() for u in self.units],
                "findings": [f.to_json() for f in self.findings]}


CHANGE_RULES = ("CMP-PAGU", "CMP-RINCIAN", "CMP-TARGET", "CMP-INDICATOR", "CMP-FUND", "CMP-LOKASI", "CMP-NAME")


def compare_files(path_a: str | Path, path_b: str | Path, config=None, lang: str = "id",
                  only: set[str] | None = None) -> Comparison:
    """Read both files and compare them. Never raises for a bad input: status `error` and the
    message of the side that could not be used."""
    from reconcile import collector
    from reconcile.config import Config

    config = config or Config()
    with collector.paused():
        return _compare_files(Path(path_a), Path(path_b), config, lang, only)


def _read(path: Path, config, lang: str):
    """(workbook, None), or (None, (status, message))."""
    from reconcile.messages import no_table_message, read_error_message
    from reconcile.read import ReadError, read_workbook

    try:
        wb = read_workbook(path, config)
    except ReadError as exc:
        return None, ("error", read_error_message(exc.code, lang))
    except Exception as exc:  # noqa: BLE001 - a reader fault on one file is that file's message, not a crash
        return None, ("error", f"{read_error_message('unreadable', lang)} ({type(exc).__name__}: {exc})")
    if not wb.tables:
        return None, ("no_table", no_table_message(wb, lang))
    return wb, None


def _compare_files(path_a: Path, path_b: Path, config, lang: str, only) -> Comparison:
    from reconcile.terminal import display_path

    out = Comparison(str(path_a), str(path_b))
    wbs = []
    for p in (path_a, path_b):
        wb, err = _read(p, config, lang)
        if wb is None:
            out.status, out.error = err[0], f"{display_path(p)}: {err[1]}"
            return out
        wbs.append(wb)
    return compare_workbooks(wbs[0], wbs[1], config, lang, only, out)


def compare_workbooks(wa, wb, config, lang: str = "id", only: set[str] | None = None,
                      out: Comparison | None = None) -> Comparison:
    from reconcile.compare.items import document
    from reconcile.compare.match import match_units, pair_units, settings_from
    from reconcile.compare.rules import CompareContext, run_compare_rules
    from reconcile.nomenklatur import configured_nomenklatur

    out = out or Comparison(str(wa.path), str(wb.path))
    data = config.load("compare.yaml") if config.path("compare.yaml").exists() else {}
    s = settings_from(data)
    a, b = document(wa, s.abbreviations), document(wb, s.abbreviations)
    if not a.units or not b.units:
        from reconcile.terminal import display_path

        empty = wa.path if not a.units else wb.path
        out.status = "no_table"
        out.error = (f"{display_path(empty)}: tidak ada program/kegiatan/sub kegiatan yang dapat dibandingkan."
                     if lang != "en" else f"{display_path(empty)}: no program/kegiatan/sub kegiatan to compare.")
        return out
    try:
        nomen = configured_nomenklatur(config)
    except Exception:  # noqa: BLE001 - a broken list only loses the nomenclature step of matching
        nomen = None
    pairs, scoped = pair_units(a, b)
    for pair in pairs:
        match_units(pair, s, nomen)
    ctx = CompareContext(wb, config, lang, a=a, b=b, units=pairs)
    findings = run_compare_rules(ctx, only)
    if ctx.version:
        findings += _other_tables(wa, wb, a, b, s, nomen, config, lang, only)
    order = {t.sheet: i for i, t in enumerate(wb.tables)}
    findings.sort(key=lambda f: (order.get(f.sheet, len(order)), _row(f.cell), SEVERITY_RANK[f.severity], f.rule))
    out.findings, out.scoped, out.workbook_b = findings, scoped, wb
    out.units = _summaries(pairs, findings, ctx)
    totals_a = [u.total_a for u in out.units if u.total_a is not None]
    totals_b = [u.total_b for u in out.units if u.total_b is not None]
    out.total_a = sum(totals_a) if totals_a else None
    out.total_b = sum(totals_b) if totals_b else None
    return out


def _other_tables(wa, wb, a, b, s, nomen, config, lang, only) -> list[Finding]:
    """Two versions of one document: the plan tables besides the main one (a Renja prints its
    items in Tabel 3.2 and 4.1 alike), each against the table of the same sheet and kind."""
    from reconcile.compare.items import PLAN_KINDS, document
    from reconcile.compare.match import match_units, pair_units
    from reconcile.compare.rules import CompareContext, run_compare_rules

    used_a, used_b = {id(t) for t in a.tables}, {id(t) for t in b.tables}
    out: list[Finding] = []
    for tb in wb.tables:
        if id(tb) in used_b or tb.kind not in PLAN_KINDS or not tb.item_counts()["sub_kegiatan"]:
            continue
        ta = next((t for t in wa.tables if id(t) not in used_a and t.sheet == tb.sheet and t.kind == tb.kind), None)
        if ta is None:
            continue
        used_a.add(id(ta))
        da, db = document(wa, s.abbreviations, [ta]), document(wb, s.abbreviations, [tb])
        pairs, _ = pair_units(da, db)
        for pair in pairs:
            match_units(pair, s, nomen)
        ctx = CompareContext(wb, config, lang, a=da, b=db, units=pairs)
        out += run_compare_rules(ctx, (only or {r for r in _codes()}) - {"CMP-UNIT-TOTAL"})
    return out


def _codes() -> set[str]:
    from reconcile.compare.rules import COMPARE_RULES

    return {r.code for r in COMPARE_RULES}


def _row(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), cell)


def _summaries(pairs, findings: list[Finding], ctx) -> list[UnitSummary]:
    changed_cells: dict[str, set] = {}
    for f in findings:
        if f.rule in CHANGE_RULES:
            changed_cells.setdefault(f.sheet, set()).add(f.cell)
    out = []
    for pair in pairs:
        changed = 0
        for ia, ib, _ in pair.pairs:
            cells = changed_cells.get(ib.sheet, ())
            if ib.name_cell in cells or (ib.pagu_cell in cells) or any(c in cells for c in ib.cells.values()):
                changed += 1
        sheet, cell = ctx.anchor(pair)
        out.append(UnitSummary(
            code=pair.code, label=pair.label,
            total_a=pair.a.total() if pair.a else None, total_b=pair.b.total() if pair.b else None,
            added=sum(1 for i in pair.only_b if i.leaf), removed=sum(1 for i in pair.only_a if i.leaf),
            changed=changed, by_name=sum(1 for *_, how in pair.pairs if how != "code"),
            sheet=sheet, cell=cell))
    return out
