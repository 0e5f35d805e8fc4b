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
    """Every worksheet's values. Chart sheets and unreadable sheets come back with no rows."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    grids: list[Grid] = []
    with CalamineWorkbook.from_path(str(path)) as book:
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
    return grids
