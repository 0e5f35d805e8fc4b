"""Facts about cells that rules need, taken here from the grid and the layout, so that rules
read only the canonical tables and lists: a new layout is reader work only, and every rule
can be tested on frames alone (issue 13, item 6). What each column and list means is in
`reconcile.read.model` (`Table`, `Workbook`, `Line`).
"""
from __future__ import annotations

import bisect
import math
from typing import Any

from reconcile.read.model import Line, Table, TextCell, Workbook, cell_name, column_index, column_letter
from reconcile.read.pemda import find_pemda

NUMERIC_TYPES = ("money", "percent", "number")
# Excel's default column width of 64 pixels in file units (8,43 characters + 5 pixels of
# padding), for columns that declare none where the sheet's default is a reader fallback.
EXCEL_DEFAULT_WIDTH = 9.140625
_FALLBACK_WIDTHS = (8.43, 8.71)  # nothing declared; baseColWidth 8 + 5/7
MAX_MERGE_CELLS = 100_000  # a merged area larger than this is not resolved cell by cell


def add_facts(wb: Workbook, long_cells: dict[str, tuple]) -> None:
    """Every table's cell columns, the lines outside the tables, the pemda the document states,
    the long texts the tables do not hold (`long_cells`: sheet -> (rows, columns, texts) of
    every long text cell) and each problem's formula."""
    for table in wb.tables:
        _table_facts(table, wb.grids.get(table.sheet) or [], wb.layouts.get(table.sheet))
    wb.lines = outside_lines(wb)
    wb.pemda = find_pemda(wb)
    wb.long_texts = long_texts_outside_tables(wb, long_cells)
    for p in wb.problems:
        layout = wb.layouts.get(p.sheet)
        if not p.formula and layout is not None:
            p.formula = str(_formula_of(layout, p.cell) or "")


def long_texts_outside_tables(wb: Workbook, long_cells: dict[str, tuple]) -> list[TextCell]:
    """The long text cells that no table holds as a mapped field (those are in the frames as
    `<field>__cell`), in sheet order."""
    held: dict[str, list[tuple[set[int], set[int]]]] = {}  # sheet -> (mapped columns, rows) per table
    for t in wb.tables:
        held.setdefault(t.sheet, []).append(({column_index(letter) for letter in t.columns.values()}, set(t.rows)))
    out: list[TextCell] = []
    for sheet, (rs, cs, texts) in long_cells.items():
        tables = held.get(sheet, [])
        out.extend(TextCell(sheet, cell_name(r, c), v) for r, c, v in zip(rs, cs, texts)
                   if not any(c in cols and r in rows for cols, rows in tables))
    return out


def _formula_of(layout, cell: str) -> str:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    if not letters or not digits:
        return ""
    return (getattr(layout, "formulas", None) or {}).get((int(digits), column_index(letters)), "")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _table_facts(table: Table, grid: list[list[Any]], layout) -> None:
    import pandas as pd

    rows = table.rows
    lines = [grid[r - 1] if 0 < r <= len(grid) else [] for r in rows]
    new: dict[str, Any] = {}
    merges = _MergeIndex(list(getattr(layout, "merged", None) or []) if layout is not None else [],
                         {column_index(letter) for letter in table.columns.values()})
    hidden_at = _hidden_cells(layout, merges) if layout is not None else {}
    styles = getattr(layout, "styles", None) or []
    table.font_size = float(getattr(styles[0], "size", None) or "nan") if styles else None
    if table.font_size is not None and not math.isfinite(table.font_size):
        table.font_size = None
    formulas_by_col = _formulas_by_column(layout, table) if layout is not None else {}
    for field, letter in table.columns.items():
        col = column_index(letter)
        cells = [line[col - 1] if col <= len(line) else None for line in lines]
        new[f"{field}__cell"] = pd.Series(cells, index=table.frame.index, dtype=object)
        hidden = hidden_at.get(col)
        if hidden and any(r in hidden for r in rows):
            shown = [_value(grid, *hidden[r]) if r in hidden else v for r, v in zip(rows, cells)]
            new[f"{field}__shown"] = pd.Series(shown, index=table.frame.index, dtype=object)
        number_format = layout.number_format if layout is not None else None
        new[f"{field}__format"] = pd.Series(
            [_safe_format(number_format, r, col) if number_format is not None and _is_number(v) else ""
             for r, v in zip(rows, cells)], index=table.frame.index, dtype=object)
        if table.field_types.get(field) in NUMERIC_TYPES and layout is not None:
            new.update(_display_facts(table, field, col, rows, cells, layout, merges))
        if table.field_types.get(field) == "money" and formulas_by_col.get(col):
            at = formulas_by_col[col]
            new[f"{field}__formula"] = pd.Series([at.get(r) for r in rows], index=table.frame.index, dtype=object)
    if new:  # each column a block beside the frame's: neither is copied
        table.frame = pd.concat([table.frame, *(s.rename(name) for name, s in new.items())], axis=1)


def _formulas_by_column(layout, table: Table) -> dict[int, dict[int, str]]:
    """column -> {row: formula text} of the table's money columns, within its rows: one pass
    over the sheet's formulas (a flat export may hold one per row)."""
    formulas = getattr(layout, "formulas", None)
    if not formulas:
        return {}
    cols = {column_index(letter) for f, letter in table.columns.items() if table.field_types.get(f) == "money"}
    if not cols:
        return {}
    first, last = (table.rows[0], table.rows[-1]) if table.rows else (1, 0)
    out: dict[int, dict[int, str]] = {}
    for (r, c), text in formulas.items():
        if c in cols and first <= r <= last:
            out.setdefault(c, {})[r] = text
    return out


def _value(grid: list[list[Any]], row: int, col: int) -> Any:
    if 0 < row <= len(grid):
        line = grid[row - 1]
        return line[col - 1] if 0 < col <= len(line) else None
    return None


def _safe_format(number_format, row: int, col: int) -> str:
    try:
        return number_format(row, col) or ""
    except Exception:  # noqa: BLE001 - a layout that cannot tell reads as General
        return ""


def _hidden_cells(layout, merges: "_MergeIndex") -> dict[int, dict[int, tuple[int, int]]]:
    """column -> {row: (top-left row, col)} of the cells hidden inside a merged area, for the
    columns a table maps (absurdly large areas left out)."""
    out: dict[int, dict[int, tuple[int, int]]] = {}
    for (r0, c0, r1, c1) in merges.merged:
        if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_MERGE_CELLS:
            continue
        for c in range(c0, c1 + 1):
            if c not in merges.cols:
                continue
            for r in range(r0, r1 + 1):
                if (r, c) != (r0, c0):
                    out.setdefault(c, {})[r] = (r0, c0)
    return out


def _display_facts(table: Table, field: str, col: int, rows: list[int], cells: list[Any], layout,
                   merges: "_MergeIndex") -> dict[str, Any]:
    """How each number of a money/percent/number column is displayed: the room its text has
    (the width of its column, or of the columns of its merged area), the columns, its font."""
    import numpy as np
    import pandas as pd

    n = len(rows)
    widths, sizes, bolds = np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, dtype=bool)
    spans: list[str] = [""] * n
    hidden_cols = getattr(layout, "hidden_cols", None) or set()
    hidden_rows = getattr(layout, "hidden_rows", None) or set()
    style_of = getattr(layout, "style", None)
    styles = getattr(layout, "styles", None) or []
    size0 = getattr(styles[0], "size", None) if styles else None
    first_merged, last_merged = merges.band(col)
    own = (col, col)
    shown_as: dict[tuple[int, int], tuple[float, str]] = {}  # span -> (width, its columns): one string each
    if col not in hidden_cols:
        for i, (row, v) in enumerate(zip(rows, cells)):
            if not _is_number(v) or not math.isfinite(float(v)) or row in hidden_rows:
                continue
            span = merges.span(row, col) if first_merged <= row <= last_merged else own
            if span is None:
                continue  # inside a merged area, not its top-left cell: shows nothing
            known = shown_as.get(span)
            if known is None:
                known = shown_as[span] = (
                    sum(column_width(layout, c) for c in range(span[0], span[1] + 1)),
                    column_letter(span[0]) if span[0] == span[1] else
                    f"{column_letter(span[0])}:{column_letter(span[1])}")
            widths[i], spans[i] = known
            try:
                st = style_of(row, col) if style_of is not None else None
            except Exception:  # noqa: BLE001 - a layout that cannot tell: unstyled
                st = None
            size = (getattr(st, "size", None) if st is not None else None) or size0
            if size:
                sizes[i] = size
            bolds[i] = bool(getattr(st, "bold", False)) if st is not None else False
    index = table.frame.index
    return {f"{field}__width": pd.Series(widths, index=index),
            f"{field}__cols": pd.Series(spans, index=index, dtype=object),
            f"{field}__font_size": pd.Series(sizes, index=index),
            f"{field}__font_bold": pd.Series(bolds, index=index)}


def column_width(layout, col: int) -> float:
    """Width of a column in file units (characters including the 5-pixel padding: Excel's
    8,43 is 9,140625 in the file). Explicit <col width> values are in these units; a column
    without one takes the sheet's default, where the reader's fallbacks 8,43 (nothing
    declared) and baseColWidth 8 + 5/7 = 8,71 both stand for Excel's default of 64 pixels."""
    widths = getattr(layout, "col_widths", None)
    if widths is not None and col in widths:
        return float(widths[col])
    w = getattr(layout, "default_col_width", None)
    if w is None or any(abs(float(w) - fallback) < 0.006 for fallback in _FALLBACK_WIDTHS):
        return EXCEL_DEFAULT_WIDTH
    return float(w)


class _MergeIndex:
    """The merged area of many cells: areas indexed by column and sorted by first row, so a
    cell costs a binary search instead of a scan of every area (a sheet can hold one merge per
    row, making the scan quadratic). Excel merges never overlap; when a damaged file's do, the
    scan in file order decides."""

    def __init__(self, merged: list, cols: set[int]) -> None:
        """`cols`: the columns that will be asked about."""
        self.merged = merged
        by_col: dict[int, list[tuple[int, int, int]]] = {}
        for i, (r0, c0, r1, c1) in enumerate(merged):
            for c in cols:
                if c0 <= c <= c1:
                    by_col.setdefault(c, []).append((r0, r1, i))
        self.overlap = False
        for spans in by_col.values():
            spans.sort()
            if any(b[0] <= a[1] for a, b in zip(spans, spans[1:])):
                self.overlap = True
        self.by_col = {c: ([s[0] for s in spans], spans) for c, spans in by_col.items()}
        self.cols = cols

    def band(self, col: int) -> tuple[float, float]:
        """(first, last) row of `col` that a merge may cover: a cell outside them is its own
        span (col, col) without a search (merges usually sit in the header rows)."""
        if self.overlap or col not in self.cols:
            return -math.inf, math.inf
        found = self.by_col.get(col)
        if found is None:
            return math.inf, -math.inf
        spans = found[1]
        return spans[0][0], max(s[1] for s in spans)

    def span(self, row: int, col: int) -> tuple[int, int] | None:
        """(first col, last col) the cell's text may use; None when it is hidden in a merge."""
        if self.overlap or col not in self.cols:
            return _merge_span(self.merged, row, col)
        found = self.by_col.get(col)
        if found is None:
            return col, col
        starts, spans = found
        k = bisect.bisect_right(starts, row) - 1
        if k < 0 or spans[k][1] < row:
            return col, col
        r0, c0, _r1, c1 = self.merged[spans[k][2]]
        return None if (row, col) != (r0, c0) else (c0, c1)


def _merge_span(merged, row: int, col: int) -> tuple[int, int] | None:
    for r0, c0, r1, c1 in merged:
        if r0 <= row <= r1 and c0 <= col <= c1:
            return None if (row, col) != (r0, c0) else (c0, c1)
    return col, col


def outside_lines(wb: Workbook) -> list[Line]:
    """The filled rows of every sheet whose first filled cell lies outside every table (from
    its first header row to its last row, first to last column): the narrative, and lists
    typed as lines of text."""
    boxes: dict[str, list[tuple[int, int, int, int]]] = {}
    for t in wb.tables:
        top = t.header_rows[0] if t.header_rows else 1
        boxes.setdefault(t.sheet, []).append((top, t.last_row or top, t.first_col, t.last_col))
    out: list[Line] = []
    for sheet, grid in wb.grids.items():
        sheet_boxes = boxes.get(sheet, [])
        after_table = False
        for r, line in enumerate(grid, start=1):
            # The first filled cell decides whether the row lies in a table (most rows do).
            first = next((c for c, v in enumerate(line, start=1)
                          if v is not None and not (isinstance(v, str) and not v.strip())), None)
            if first is None:
                continue
            if any(top <= r <= bottom and c0 <= first <= c1 for top, bottom, c0, c1 in sheet_boxes):
                after_table = True
                continue
            cells = [(c, v) for c, v in enumerate(line, start=1)
                     if v is not None and not (isinstance(v, str) and not v.strip())]
            out.append(Line(sheet, r, cells, after_table))
            after_table = False
    return out
