"""Plan codes as the agencies type them: split over several "Kode" columns (`3 | 1 | 01 | 01`),
given only on an item's first row, or stored as numbers (`3.30` saved as 3.3 and shown by its
number format). Each is rebuilt into one code text per row before `hierarchy.parse_code`.
"""
from __future__ import annotations

import re
from typing import Any, Callable

_DECIMALS = re.compile(r"0\.(0+)")


def code_text(value: Any, number_format: str = "General") -> str:
    """A code cell as its text: a number shown with the decimals of its format (3.3 under
    "0.00" is "3.30"), a whole number without ".0"; "" for an empty cell."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float | int):
        m = _DECIMALS.search(number_format or "")
        if m:
            return f"{value:.{len(m.group(1))}f}"
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    return " ".join(str(value).split())


def _padded(texts: list[str], raws: list[Any]) -> list[str]:
    """Codes stored as numbers without a format that says their width: when most of a column's
    fractional codes have the same number of decimals (1.01 … 1.09), one with fewer lost a
    trailing zero (1.1 is 1.10)."""
    widths = [len(t.split(".", 1)[1]) for t, v in zip(texts, raws)
              if isinstance(v, float) and not v.is_integer() and "." in t]
    if len(widths) < 3:
        return texts
    width = max(set(widths), key=widths.count)
    if widths.count(width) < 0.6 * len(widths):
        return texts
    return [f"{v:.{width}f}" if isinstance(v, float) and not v.is_integer() and "." in t
            and len(t.split(".", 1)[1]) < width else t for t, v in zip(texts, raws)]


def join_split_codes(parts_by_row: list[list[str]]) -> list[str]:
    """One code per row from its code columns, left to right ("1", "01", "01" -> "1.01.01").

    A row that fills only the right-hand columns (its own part) takes the columns to their
    left from the last row that filled them: "| | | 02" under "1 | 01 | 01 |" is "1.01.01.02".
    """
    out: list[str] = []
    last: list[str] = []
    for parts in parts_by_row:
        parts = [p.strip().strip(".") for p in parts]
        filled = [i for i, p in enumerate(parts) if p]
        if not filled:
            out.append("")
            continue
        first = filled[0]
        if first > 0 and len(last) >= first and all(last[:first]):
            parts = last[:first] + parts[first:]
        # the row's own parts end at its last filled column; the ones after it are not carried on
        last = parts[:filled[-1] + 1]
        out.append(".".join(p for p in last if p))
    return out


def rebuild_codes(fields: list[str], rows: list[int], raw_of: Callable[[str], list[Any]],
                  format_of: Callable[[int, str], str] | None) -> list[str] | None:
    """The code of every row of a table whose code is given over `fields` (the columns of one
    "Kode" header, left to right), or None when there is a single code column holding no
    numbers (nothing to rebuild)."""
    raws = [raw_of(f) for f in fields]
    numeric = any(isinstance(v, float) and not isinstance(v, bool) for col in raws for v in col)
    if len(fields) < 2 and not numeric:
        return None
    texts = [_padded([code_text(v, format_of(r, f) if format_of and isinstance(v, float) else "General")
                      for r, v in zip(rows, col)], col) for f, col in zip(fields, raws)]
    if len(fields) == 1:
        return texts[0]
    return join_split_codes([list(p) for p in zip(*texts)])
