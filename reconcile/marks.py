"""How reconcile recognises its own outputs and its own sheets: by a mark it writes, never
by a name alone (a planner may name a sheet "Hasil Pemeriksaan" or a file "….hasil.xlsx").

* An annotated copy holds a very hidden state sheet whose A1 is `STATE_MARK`; the rest of its
  first row names the sheets reconcile added (the summary sheet, the state sheet itself).
  The rows below record the agency's own fills of the cells we coloured.
* Copies written before the mark existed (`LEGACY_STATE_SHEET`, very hidden, and a summary
  sheet whose A1 is one of `LEGACY_SUMMARY_TITLES`) are still recognised.
* A summary workbook (`check --summary`) carries `SUMMARY_MARK` in its document keywords.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

STATE_MARK = "reconcile:annotated-copy"
SUMMARY_MARK = "reconcile-rekap"
LEGACY_STATE_SHEET = "_reconcile"
LEGACY_SUMMARY_SHEET = "Hasil Pemeriksaan"
LEGACY_SUMMARY_TITLES = ("Hasil Pemeriksaan reconcile", "reconcile check results")


def own_sheets(sheets: Iterable[tuple[str, bool]], first_row: Callable[[str], list]) -> set[str]:
    """The sheets reconcile added to a workbook. `sheets`: (name, hidden) in order;
    `first_row(name)`: the values of that sheet's first row. The mark alone decides (another
    program saving the copy again may make a very hidden sheet merely hidden, or visible);
    `hidden` matters only for copies written before the mark existed."""
    sheets = list(sheets)
    names = {name for name, _ in sheets}
    ours: set[str] = set()
    legacy = False
    for name, hidden in sheets:
        row = first_row(name) or []
        if row and row[0] == STATE_MARK:
            ours.add(name)
            ours.update(v for v in row[1:] if isinstance(v, str) and v in names)
        elif name == LEGACY_STATE_SHEET and hidden and _looks_like_legacy_state(row, names):
            ours.add(name)
            legacy = True
    if legacy and LEGACY_SUMMARY_SHEET in names and LEGACY_SUMMARY_SHEET not in ours:
        row = first_row(LEGACY_SUMMARY_SHEET) or []
        if row and row[0] in LEGACY_SUMMARY_TITLES:
            ours.add(LEGACY_SUMMARY_SHEET)
    return ours


_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")


def _looks_like_legacy_state(row: list, names: set[str]) -> bool:
    """A pre-mark state sheet is empty or starts with (existing sheet, cell, fill): a user's
    own hidden sheet that merely has the name holds something else and is theirs."""
    values = [v for v in row if v not in (None, "")]
    if not values:
        return True
    return len(row) >= 2 and row[0] in names and isinstance(row[1], str) and bool(_CELL.fullmatch(row[1]))
