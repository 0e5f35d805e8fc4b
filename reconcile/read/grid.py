"""Cell values of every sheet, read with python-calamine (fast, and reads xls/xlsb too)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconcile.read.model import SheetInfo


@dataclass
class Grid:
    """One sheet's values: rows[r-1][c-1] for Excel row r, column c; None when empty."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based min_row, min_col, max_row, max_col
    info: SheetInfo | None = None

    def value(self, row: int, col: int) -> Any:
        if 0 < row <= len(self.rows):
            line = self.rows[row - 1]
            if 0 < col <= len(line):
                return line[col - 1]
        return None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _clean_line(line: list[Any]) -> list[Any]:
    """A row's values as the rest of the reader wants them: None for an empty cell (calamine
    gives ""), int for a whole float below 1e15. Runs once per cell of the workbook."""
    return [None if (v == "" or v is None) else
            int(v) if (isinstance(v, float) and v.is_integer() and abs(v) < 1e15) else v
            for v in line]


def load_grids(path: Path) -> list[Grid]:
    """Every worksheet's values but reconcile's own sheets (see `load_book`)."""
    return load_book(path)[0]


def load_book(path: Path) -> tuple[list[Grid], set[str]]:
    """Every worksheet's values, and the names of the sheets left out: reconcile's own (the
    summary and the state sheet of an annotated copy, recognised by the mark in their first
    row: `reconcile.marks.own_sheets`), which a re-check must not read as the agency's
    tables. Chart sheets and unreadable sheets come back with no rows.

    The file is opened here (an ordinary file only, `safety.open_regular`) and handed to
    calamine as a file object: `CalamineWorkbook.from_path` picks its reader by the name's
    extension, so an .xlsx named .xls could not be read; from a file object calamine tells
    the format by the content, as `safety.sniff_format` does."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    from reconcile.marks import own_sheets
    from reconcile.read.safety import open_regular

    grids: list[Grid] = []
    with open_regular(path) as fh, CalamineWorkbook.from_filelike(fh) as book:
        for meta in book.sheets_metadata:
            info = SheetInfo(
                name=meta.name,
                visible=meta.visible == SheetVisibleEnum.Visible,
                is_worksheet=meta.typ == SheetTypeEnum.WorkSheet,
            )
            rows: list[list[Any]] = []
            merged: list[tuple[int, int, int, int]] = []
            if info.is_worksheet:
                sheet = book.get_sheet_by_name(meta.name)
                rows = [_clean_line(line) for line in sheet.to_python(skip_empty_area=False)]
                # Drop trailing empty rows: some writers declare far more than they fill.
                while rows and all(v is None for v in rows[-1]):
                    rows.pop()
                for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
                    merged.append((r0 + 1, c0 + 1, r1 + 1, c1 + 1))
            info.n_rows = len(rows)
            info.n_cols = max((len(r) for r in rows), default=0)
            grids.append(Grid(meta.name, rows, merged, info))
    # Every sheet is read once, then ours are dropped: the mark is in a sheet's first row, and
    # the state sheet naming the summary may come after it.
    by_name = {g.name: g for g in grids}
    ours = own_sheets(((g.name, not g.info.visible) for g in grids), lambda name: _first_row(by_name.get(name)))
    return [g for g in grids if g.name not in ours], ours


def _first_row(grid: Grid | None) -> list[Any]:
    """Row 1 from column A (the grids start at A1), [] for an empty or unknown sheet."""
    return list(grid.rows[0]) if grid is not None and grid.rows else []
