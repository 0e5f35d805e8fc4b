"""Before an annotated copy is moved into place: is everything of the input still in it?

The copy is written by a library that rebuilds the workbook; what it cannot read it silently
leaves out (a Strict Open XML workbook came out holding only our two sheets). So the copy, as
saved, is read back and compared with the input: every sheet present, every cell holding the
same value. Cells inside a merged area (not its first cell) are the one known, invisible loss
of that library and are let pass; anything else raises `CopyMismatch` and no copy is written.
"""
from __future__ import annotations

from itertools import zip_longest
from pathlib import Path
from typing import Iterable

from reconcile.read.model import cell_name, quote_sheet


def read_values(path: Path) -> dict[str, list[list]]:
    """Every worksheet's values, as python-calamine reads them, by sheet name (in order)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with open(path, "rb") as fh:  # by handle: a name that is not UTF-8 still opens
        book = CalamineWorkbook.from_filelike(fh)
        return {meta.name: book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet}


def verify_copy(original: dict[str, list[list]], copy: Path, skip: Iterable[str] = (),
                merged: dict[str, list[tuple[int, int, int, int]]] | None = None) -> None:
    """Raise `CopyMismatch` unless every worksheet of `original` (`read_values` of the input;
    but those in `skip`: our own sheets of an earlier run) is in `copy` with the same values.
    `merged`: the copy's merged areas per sheet, as (min_col, min_row, max_col, max_row)."""
    from reconcile.report.annotate import CopyMismatch

    skip = set(skip)
    merged = merged or {}
    copied = read_values(copy)
    for name, rows in original.items():
        if name in skip:
            continue
        target = name if name in copied else name[:31]  # a converted .xls keeps 31 characters
        if target not in copied:
            raise CopyMismatch("sheet", quote_sheet(name))
        _compare(name, rows, copied[target], merged.get(target, []))


def _compare(sheet: str, before: list[list], after: list[list], merged: list[tuple[int, int, int, int]]) -> None:
    from reconcile.report.annotate import CopyMismatch

    hidden = _merged_interiors(merged)
    for r, (row_in, row_out) in enumerate(zip_longest(before, after, fillvalue=()), start=1):
        if row_in == row_out:
            continue
        for c, (a, b) in enumerate(zip_longest(row_in, row_out, fillvalue=""), start=1):
            if _same(a, b) or (r, c) in hidden:
                continue
            raise CopyMismatch("cell", f"{quote_sheet(sheet)}!{cell_name(r, c)}", a, b)


def _same(a, b) -> bool:
    if a == b:
        return True
    if isinstance(a, float) and isinstance(b, float):
        if a != a and b != b:  # NaN (a cell calamine reads as not-a-number) is itself
            return True
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))  # a value written back with repr()
    return False


def _merged_interiors(merged: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """The cells of merged areas other than each area's first cell (bounded: an area larger
    than a sheet's worth of cells is not expanded; its cells are compared as usual)."""
    out: set[tuple[int, int]] = set()
    for min_col, min_row, max_col, max_row in merged:
        if (max_row - min_row + 1) * (max_col - min_col + 1) > 1_000_000:
            continue
        out.update((r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
                   if (r, c) != (min_row, min_col))
    return out
