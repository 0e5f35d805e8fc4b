"""Targets: a unit that fits the indicator, a number and a unit in every target, and no
unexplained jump from year N to year N+1 (targets and pagu).

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable

from reconcile.checks.base import Context
from reconcile.checks.ratios.analysis import (
    field_col,
    field_side,
    field_year,
    fields_with_base,
    nearest_left,
    norm_unit,
    row_label,
    short,
    value,
)
from reconcile.findings import Money, Num, Words
from reconcile.read.headers import base_field
from reconcile.read.model import Table


FAMILY_FILE = "targets.yaml"


NIL = ("", "-", "–", "—")


def _cfg(ctx: Context) -> dict[str, Any]:
    return ctx.config.load(FAMILY_FILE) or {}


def _patterns(ctx: Context, kind: str) -> list[re.Pattern]:
    return [re.compile(p, re.I) for p in ((_cfg(ctx).get("indicator_kinds") or {}).get(kind) or [])]


def indicator_kind(text: str, patterns: dict[str, list[re.Pattern]]) -> set[str]:
    """The kinds (share, count, unitless, qualitative) an indicator's wording belongs to."""
    kinds = set()
    for kind, pats in patterns.items():
        for p in pats:
            if p.search(text):
                kinds.add(kind)
                break
    return kinds


def target_fields(table: Table) -> list[str]:
    return [f for f in table.columns if table.field_types.get(f) == "target" and base_field(f).startswith("target")]


def indicator_field(ctx: Context, table: Table, target: str) -> str | None:
    """The indicator column that describes `target` (rules/targets.yaml, target_fields)."""
    cfg = _cfg(ctx)
    pairs = cfg.get("target_fields") or {}
    base, side, col = base_field(target), field_side(target), field_col(table, target)
    candidates = pairs.get(base) or []
    if base in (cfg.get("nearest_left") or []):
        present = [f for b in candidates for f in fields_with_base(table, b, side=side)]
        return nearest_left(table, present, col) or (present[0] if present else None)
    for b in candidates:
        present = fields_with_base(table, b, side=side)
        if present:
            return nearest_left(table, present, col) or present[0]
    return None


_SEEN_MAX = 8192  # distinct indicators `_kinds_column` keeps judged


def _kinds_column(cells: list["TargetCell"], kinds: dict[str, list[re.Pattern]]) -> list[str]:
    """indicator_kind of every cell's indicator, joined; each indicator text matched once (one
    indicator serves many target cells), up to _SEEN_MAX of them (an RKPD's 100,000 distinct
    indicators would make a large dict of little use)."""
    seen: dict[str, str] = {}
    joined: dict[str, str] = {}  # one string per combination of kinds, not one per indicator
    out = []
    for tc in cells:
        k = seen.get(tc.indicator)
        if k is None:
            k = ",".join(sorted(indicator_kind(tc.indicator, kinds)))
            k = joined.setdefault(k, k)
            if len(seen) < _SEEN_MAX:
                seen[tc.indicator] = k
        out.append(k)
    return out


@dataclass(slots=True)  # one per target cell, kept for the run: 100,000s in an RKPD
class TargetCell:
    """One target cell as a planner reads it."""

    table: Table
    row: int
    field: str
    text: str  # as shown
    value: float | None
    unit: str  # normalised unit ("%", "dokumen", "orang/bulan"), "" when none
    unit_shown: str  # as written
    is_percent: bool
    status: str  # parse_target's status; a %-formatted Excel number is "ok" with unit "%"
    indicator: str  # the indicator text on the same row ("" when none)

    @property
    def cell(self) -> str:
        return self.table.cell(self.field, self.row)


_FORMAT_LITERAL = re.compile(r'"([^"]*[^\W\d_][^"]*)"')


_LETTER = re.compile(r"[^\W\d_]")


def _text_target(raw: str) -> tuple[str, float | None, str, str, bool, str]:
    """What a text target cell holds (TargetCell's text, value, unit, unit_shown, is_percent,
    status)."""
    from reconcile.read.numbers import parse_target

    t = parse_target(raw)
    return (_tidy(raw), t.value, "%" if t.is_percent else norm_unit(t.unit), t.unit or "", t.is_percent, t.status)


def _tidy(text: str) -> str:
    """Whitespace collapsed; the string itself when it already is (no copy kept per cell)."""
    tidy = " ".join(text.split())
    return text if tidy == text else tidy


def _indicator_text(v: str) -> str:
    return _tidy(v) if _LETTER.search(v) else ""


class _TargetColumn:
    """Reads the target cells of one target column: what stays the same down the column (its
    cells as stored and their number formats) is looked up once."""

    def __init__(self, ctx: Context, table: Table, fld: str, texts: dict[str, tuple]):
        self.ctx, self.table, self.fld = ctx, table, fld
        # lists in row order, not `Table.column` views (dicts) kept for the run
        self.cells = table.frame[f"{fld}__cell"].tolist()
        self.formats = table.frame[f"{fld}__format"].tolist()
        self.texts = texts  # raw text -> _text_target(raw): the same few texts fill the columns

    def read(self, i: int, row: int, v: Any) -> TargetCell | None:
        """The target cell on `row`, the table's `i`-th; `v`: the row's indicator cell."""
        raw = self.cells[i]
        if raw is None or (isinstance(raw, str) and raw.strip() in NIL):
            return None
        indicator = _indicator_text(v) if isinstance(v, str) else ""
        table, fld, ctx = self.table, self.fld, self.ctx
        if isinstance(raw, str):
            held = self.texts.get(raw)
            if held is None:
                held = self.texts[raw] = _text_target(raw)
            return TargetCell(table, row, fld, *held, indicator)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            fmt = self.formats[i]
            literal = _FORMAT_LITERAL.search(fmt or "")
            if "%" in (fmt or ""):
                v = float(raw) * 100.0
                return TargetCell(table, row, fld, f"{ctx.num(v)}%", v, "%", "%", True, "ok", indicator)
            if literal:  # 0 "Dokumen": the unit is in the number format
                unit = literal.group(1).strip()
                return TargetCell(table, row, fld, f"{ctx.num(float(raw))} {unit}", float(raw), norm_unit(unit),
                                  unit, False, "ok", indicator)
            return TargetCell(table, row, fld, ctx.num(float(raw)), float(raw), "", "", False, "no_unit", indicator)
        return None


def iter_targets(ctx: Context) -> list[TargetCell]:
    """Every non-empty target cell of the workbook with its indicator (once per run)."""
    cache = ctx.__dict__.setdefault("_targets_cache", {})
    if "cells" not in cache:
        cache["cells"] = list(_iter_targets(ctx))
    return cache["cells"]


def _targets_by_column(ctx: Context) -> dict[tuple[int, str], dict[int, TargetCell]]:
    """(id(table), field) -> {row: the target cell} (once per run; a key per column, not per
    cell)."""
    cache = ctx.__dict__.setdefault("_targets_cache", {})
    if "by_column" not in cache:
        by: dict[tuple[int, str], dict[int, TargetCell]] = {}
        column: dict[int, TargetCell] = {}
        last, field = None, ""
        for tc in iter_targets(ctx):  # column after column
            if tc.table is not last or tc.field != field:
                last, field = tc.table, tc.field
                column = by.setdefault((id(last), field), {})
            column[tc.row] = tc
        cache["by_column"] = by
    return cache["by_column"]


def _iter_targets(ctx: Context) -> Iterable[TargetCell]:
    texts: dict[str, tuple] = {}
    for table in ctx.workbook.tables:
        # the frame's columns as lists, not `Table.column` views: each indicator column is read
        # once, here
        f, rows = table.frame, table.rows
        levels = f["level"].tolist()
        for fld in target_fields(table):
            read = _TargetColumn(ctx, table, fld, texts).read
            ind = indicator_field(ctx, table, fld)
            indicators = f[ind].tolist() if ind and ind in f.columns else [None] * len(rows)
            for i, (row, level, v) in enumerate(zip(rows, levels, indicators)):
                if level != "total":
                    tc = read(i, row, v)
                    if tc is not None:
                        yield tc
            del indicators


def target_text(tc: TargetCell) -> str | Words:
    """`tc.text` as an argument of a message: the cell's text as written, or, for an Excel
    number, the number in each language's notation (with its % or its format's unit)."""
    if isinstance(tc.table.frame.at[tc.row, f"{tc.field}__cell"], str) or tc.value is None:
        return tc.text
    from reconcile.read.numbers import format_number

    unit = "%" if tc.is_percent else (f" {tc.unit_shown}" if tc.unit_shown else "")
    return Words(format_number(tc.value, "id") + unit, format_number(tc.value, "en") + unit)


def joined(*parts: str | Words) -> str | Words:
    """Texts and two-language texts put end to end (one `Words` when any part is one)."""
    if not any(isinstance(p, Words) for p in parts):
        return "".join(parts)  # type: ignore[arg-type]
    return Words("".join(p.id if isinstance(p, Words) else p for p in parts),
                 "".join(p.en if isinstance(p, Words) else p for p in parts))


def what_words(tc: TargetCell) -> Words:
    """What the target belongs to: its indicator, or its row."""
    return Words(*_what(tc))


def _what(tc: TargetCell) -> tuple[str, str]:
    if tc.indicator:
        return f"indikator '{short(tc.indicator)}'", f"indicator '{short(tc.indicator)}'"
    name = row_label(tc.table, tc.row)
    return f"baris '{name}'", f"row '{name}'"


def _satuan(tc: TargetCell) -> str:
    """The row's unit column (satuan), when the table has one."""
    for f in fields_with_base(tc.table, "satuan", side=field_side(tc.field)) or fields_with_base(tc.table, "satuan"):
        v = value(tc.table, f, tc.row)
        if isinstance(v, str) and v.strip() not in NIL:
            return v.strip()
    return ""


def _unit_in(indicator: str, units: set[str]) -> str | None:
    """A unit word the indicator itself names, after its first word ("Jumlah dokumen
    perencanaan" -> "dokumen"; the earliest, and the longest there)."""
    words = re.findall(r"[^\W\d_]+", indicator.lower())
    pattern = _units_pattern(frozenset(units))
    m = pattern.search(" " + " ".join(words[1:]) + " ") if pattern is not None else None
    return m.group(1) if m else None


@functools.lru_cache(maxsize=16)
def _units_pattern(units: frozenset[str]) -> re.Pattern | None:
    words = sorted((u for u in units if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", u) and u != "persen"),
                   key=len, reverse=True)
    return re.compile(r" (" + "|".join(map(re.escape, words)) + r") ") if words else None


def _allowed(p: dict[str, Any], ratio: float) -> dict[str, Any]:
    """The range year N+1 may take without a note: year N ÷ ratio … year N × ratio (the
    arguments `low`, `high` and `unit` of a message)."""
    lo, hi = p["prev"] / ratio, p["prev"] * ratio
    if p["kind"] == "pagu":
        return {"low": Money(round(lo)), "high": Money(round(hi)), "unit": ""}
    unit = p.get("unit_shown") or ""
    unit = "%" if unit == "%" else (f" {unit}" if unit else "")
    return {"low": Num(lo), "high": Num(hi), "unit": unit}


def _has_note(notes: list[list[Any]], i: int, empty: set[str]) -> bool:
    """Whether one of the notes columns (frame columns as lists) says something at position `i`."""
    for col in notes:
        v = col[i]
        if isinstance(v, str) and " ".join(v.split()).lower() not in empty:
            return True
    return False


def _year_pairs(table: Table, fields: list[str]) -> list[tuple[str, str]]:
    """(year N field, year N+1 field) on the same side."""
    out = []
    for nxt in fields:
        y = field_year(nxt)
        if y is None:
            continue
        prev = [f for f in fields if field_year(f) == y - 1 and field_side(f) == field_side(nxt)]
        if prev:
            out.append((prev[0], nxt))
    return out


class _Pairs:
    """Year N and year N+1 values of one row, pair after pair, kept as columns (100,000s of
    pairs in an RKPD, of which a few are reported: `pair` gives the details of one)."""

    def __init__(self) -> None:
        from array import array

        self.columns: list[tuple[str, Table, str, str]] = []  # (kind, table, year N field, year N+1 field)
        self.column_of: list[int] = []  # per pair: its index in `columns`
        self.rows: list[int] = []
        self.prev = array("d")  # 8 bytes a value, not a float object each
        self.next = array("d")

    def start(self, kind: str, table: Table, prev_field: str, next_field: str) -> int:
        self.columns.append((kind, table, prev_field, next_field))
        return len(self.columns) - 1

    def add(self, column: int, row: int, prev: float, nxt: float) -> None:
        self.column_of.append(column)
        self.rows.append(row)
        self.prev.append(prev)
        self.next.append(nxt)

    def pair(self, ctx: Context, i: int) -> dict[str, Any]:
        kind, table, prev_field, next_field = self.columns[self.column_of[i]]
        row = self.rows[i]
        p = {"kind": kind, "table": table, "row": row, "prev": self.prev[i], "next": self.next[i],
             "prev_field": prev_field, "next_field": next_field, "prev_year": field_year(prev_field),
             "next_year": field_year(next_field)}
        if kind == "target":
            by_column = _targets_by_column(ctx)
            a, b = by_column[(id(table), prev_field)][row], by_column[(id(table), next_field)][row]
            p.update({"prev_text": target_text(a), "next_text": target_text(b), "indicator": b.indicator or a.indicator,
                      "unit_shown": "%" if b.unit == "%" else b.unit_shown})
        return p


def _pagu_pairs(pairs: _Pairs, table: Table, chosen: list[bool]) -> None:
    """`chosen`: per frame position, whether the row is compared."""
    for prev, nxt in _year_pairs(table, fields_with_base(table, "pagu")):
        column = pairs.start("pagu", table, prev, nxt)
        for row, yes, a, b in zip(table.rows, chosen, _ok_values(table, prev), _ok_values(table, nxt)):
            if not yes or a is None or b is None or a <= 0 or b <= 0:
                continue
            pairs.add(column, row, float(a), float(b))


def _ok_values(table: Table, fld: str) -> list[Any]:
    """`fld` at every frame position where it was read as a number (status ok, a value), else
    None."""
    f = table.frame
    if fld not in f.columns:
        return [None] * len(f)
    status = f[f"{fld}__status"].tolist() if f"{fld}__status" in f.columns else None
    return [v if v is not None and v == v and (status is None or status[i] == "ok") else None
            for i, v in enumerate(f[fld].tolist())]


def _target_pairs(pairs: _Pairs, ctx: Context, table: Table, rows: list[int]) -> None:
    """Targets of year N and N+1 for the same indicator: the same target column kind, or
    columns whose indicators read the same on the row (Tabel 4.1: target program 2024 and
    the N+1 "Tolak Ukur | Target")."""
    from reconcile.checks.ratios.analysis import norm_label

    fields = target_fields(table)
    by_column, tid = _targets_by_column(ctx), id(table)
    labels: dict[str, str] = {}  # indicator -> norm_label: one indicator is on many rows and pairs

    def label(text: str) -> str:
        if text not in labels:
            labels[text] = norm_label(text)
        return labels[text]

    for nxt in fields:
        y = field_year(nxt)
        if y is None:
            continue
        prevs = [f for f in fields if field_year(f) == y - 1 and field_side(f) == field_side(nxt)]
        if not prevs:
            continue
        column_of = {prev: pairs.start("target", table, prev, nxt) for prev in prevs}
        next_cells = by_column.get((tid, nxt), {})
        prev_cells = {prev: by_column.get((tid, prev), {}) for prev in prevs}
        for row in rows:
            b = next_cells.get(row)
            if b is None or b.status not in ("ok", "no_unit") or not b.value or b.value <= 0:
                continue
            for prev in prevs:
                a = prev_cells[prev].get(row)
                if a is None or a.status not in ("ok", "no_unit") or not a.value or a.value <= 0:
                    continue
                if a.unit != b.unit:
                    continue  # (tested first: cheaper than the indicators' labels)
                same_kind = base_field(prev) == base_field(nxt)
                same_indicator = bool(a.indicator) and label(a.indicator) == label(b.indicator)
                if b.indicator and a.indicator and not same_indicator:
                    continue
                if not (same_kind or same_indicator):
                    continue
                pairs.add(column_of[prev], row, a.value, b.value)
                break
