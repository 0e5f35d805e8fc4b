"""Subtotals: kegiatan = Σ sub kegiatan, program = Σ kegiatan, total = Σ programs.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

from typing import Any

from reconcile.checks.base import short


HIERARCHY_KINDS = ("rincian", "review_rkpd", "daftar", "evaluasi", "anggaran", "evaluasi_triwulan")


PARENT_LEVELS = ("kegiatan", "program", "urusan")  # rows that sum the rows under them


AMOUNT_GUESSES = ("previous kegiatan is complete", "exceeds")  # `level_by` of levels read from amounts


def subtotal_rows(table, field: str):
    """For each subtotal row of `field`: (row, declared, computed, child rows).

    `computed` adds each child's own value, or, where a child subtotal is empty, what that
    child's children add up to: an empty kegiatan row must not make its program look wrong
    (PAGU-MISSING reports the empty cell itself).

    Worked out once per table and field (PAGU-SUM and PAGU-MISSING both ask; the frame does
    not change after reading); read-only for the callers.
    """
    memo = table.__dict__.setdefault("_subtotal_rows", {})
    if field not in memo:
        memo[field] = _subtotal_rows(table, field)
    return memo[field]


def _subtotal_rows(table, field: str):
    f = table.frame
    status = f.get(f"{field}__status")
    values = f[field].astype("float64")
    usable = values.where(status != "uncached") if status is not None else values
    value_of = dict(zip(table.rows, usable.tolist()))
    levels = table.column("level")
    parent_of = table.column("parent")
    children, programs = _tree(table)
    details = _details(table)

    # Levels worked out from the amounts themselves ("the previous kegiatan is complete", "it
    # exceeds the kegiatan's pagu") cannot then prove the amounts wrong: such rows are not compared.
    level_by = table.column("level_by")
    guessed = {r for r, by in level_by.items() if isinstance(by, str) and by.startswith(AMOUNT_GUESSES)}
    out = []
    for row, level in levels.items():
        if level == "total":
            kids = programs
        elif level == "subtotal":  # "Sub Total Program A": the rows of the item it closes
            kids = children.get(parent_of[row], [])
        elif level in PARENT_LEVELS:
            kids = children.get(row, [])
        else:
            continue
        if row in guessed or guessed.intersection(kids):
            continue
        vals = [_with_details(k, _effective(k, value_of, children), value_of, details) for k in kids]
        known = [x for x in vals if x is not None]
        if not known:  # no children, or none with an amount
            continue
        out.append((row, value_of[row], float(sum(known)), kids))
    return out


def _effective(row: int, value_of: dict[int, float], children: dict[int, list[int]]) -> float | None:
    """A row's amount, or the sum of its children's where it has none. (A module function, not
    a closure calling itself: that would be a reference cycle, kept while the collector is
    paused during the check.)"""
    v = value_of[row]
    if v == v:  # not NaN
        return v
    kids = children.get(row)
    if not kids:
        return None
    vals = [x for x in (_effective(k, value_of, children) for k in kids) if x is not None]
    return sum(vals) if vals else None


def _details(table) -> dict[int, list[int]]:
    """The rows continuing each item (level `detail`: a further indicator row of an evaluation,
    carrying part of the item's money), by item row; none in a flat export."""
    if table.flat:
        return {}
    parent_of = table.column("parent")
    out: dict[int, list[int]] = {}
    for row, level in table.column("level").items():
        if level == "detail" and parent_of[row]:
            out.setdefault(parent_of[row], []).append(row)
    return out


def _with_details(row: int, own: float | None, value_of: dict[int, float], details) -> float | None:
    """An item's amount: its own row plus the rows continuing it."""
    extra = [v for v in (value_of[d] for d in details.get(row, ())) if v == v]
    if not extra:
        return own
    return (own or 0.0) + sum(extra)


def _tree(table) -> tuple[dict[int, list[int]], list[int]]:
    """(child rows of each row, program rows) of a table, shared by its money fields."""
    memo = table.__dict__.get("_subtotal_tree")
    if memo is None:
        parent_of = table.column("parent")
        children: dict[int, list[int]] = {}
        programs = []
        for row, level in table.column("level").items():
            parent = parent_of[row]
            if parent and level in ("program", "kegiatan", "sub_kegiatan"):
                children.setdefault(parent, []).append(row)
            if level == "program":
                programs.append(row)
        memo = table.__dict__["_subtotal_tree"] = (children, programs)
    return memo


_LEVEL_NAMES = {"kegiatan": "Kegiatan", "program": "Program", "urusan": "Urusan", "total": "Total",
                "subtotal": "Subtotal", "sub_kegiatan": "Sub kegiatan"}  # the same in both languages


def _level_id(level: str) -> str:
    return _LEVEL_NAMES.get(level, "Baris")


def _level_en(level: str) -> str:
    return _LEVEL_NAMES.get(level, "Row")


def _short(text: Any, n: int = 60) -> str:
    return short(text, n)
