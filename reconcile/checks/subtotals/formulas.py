"""The cells an additive formula adds up ("SUM(J13:J15)+J20", "IFERROR(J5+J13,"")"), for
PARENT-FORMULA. Anything else (another sheet, a product, a difference, a constant, another
function) is not read: a formula we cannot read with certainty is left alone."""
from __future__ import annotations

import re

from reconcile.read.model import column_index

MAX_RANGE_CELLS = 200_000  # a range larger than this (a whole column) is not expanded

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_SUM = re.compile(r"^SUM\((.*)\)$", re.S)
_IFERROR = re.compile(r"^(?:_XLFN\.)?IFERROR\((.*)\)$", re.S)


def added_cells(formula: str) -> list[tuple[int, int]] | None:
    """[(row, column)] of every cell the formula adds, a cell as often as it is added; None
    when the formula is not a plain sum of cells."""
    text = "".join(formula.split()).upper().lstrip("=").lstrip("+")
    if not text or "!" in text:
        return None
    text = _unwrap_iferror(text)
    if text is None:
        return None
    out: list[tuple[int, int]] = []
    for term in _split_top(text, "+"):
        if term is None:
            return None
        m = _SUM.match(term)
        parts = _split_top(m.group(1), ",;") if m else [term]
        for part in parts:
            cells = _cells(part) if part is not None else None
            if cells is None:
                return None
            out.extend(cells)
    return out or None


def _unwrap_iferror(text: str) -> str | None:
    m = _IFERROR.match(text)
    if m is None:
        return text
    args = _split_top(m.group(1), ",;")
    if len(args) != 2 or args[0] is None:
        return None
    return args[0]


def _split_top(text: str, seps: str) -> list[str | None]:
    """`text` split at `seps` outside parentheses; an operator other than + , ; at the top
    level (a product, a difference) gives [None]."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return [None]
        elif depth == 0 and ch in seps:
            parts.append(text[start:i])
            start = i + 1
        elif depth == 0 and ch in "-*/^&<>=%":
            return [None]
    if depth:
        return [None]
    parts.append(text[start:])
    return [p if p else None for p in parts]


def _cells(part: str) -> list[tuple[int, int]] | None:
    ends = part.split(":")
    if len(ends) == 1:
        m = _REF.match(ends[0])
        return [(int(m.group(2)), column_index(m.group(1)))] if m else None
    if len(ends) != 2:
        return None
    a, b = _REF.match(ends[0]), _REF.match(ends[1])
    if a is None or b is None:
        return None
    r0, r1 = sorted((int(a.group(2)), int(b.group(2))))
    c0, c1 = sorted((column_index(a.group(1)), column_index(b.group(1))))
    if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_RANGE_CELLS:
        return None
    return [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
