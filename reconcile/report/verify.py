"""Before an annotated copy is moved into place: is everything of the input still in it?

A patched copy (`verify_patched`) is compared with the input part by part, without reading
a value: every part of theirs is in the copy, the untouched ones with the same checksum and
size, the worksheets we touched byte for byte equal but for the start tags of the cells we
coloured (their `s`), the cells and rows we added empty, a legacy-drawing reference and the
selected-tab flag; every sheet of theirs is still listed, at the same part; the parts we wrote
are well-formed XML. That is stricter than comparing values (formats and formulas are
compared too) and costs a memory comparison instead of a second read of the workbook.

A rebuilt copy (openpyxl, `verify_copy`) is read back and compared with the input value by
value: every sheet present, every cell holding the same value. Cells inside a merged area
(not its first cell) are the one known, invisible loss of that library and are let pass.

Either way a difference raises `CopyMismatch` and no copy is written.
"""
from __future__ import annotations

import re
import zipfile
from itertools import zip_longest
from pathlib import Path
from typing import Iterable

from reconcile.read.model import cell_name, column_index, quote_sheet


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


# --------------------------------------------------------------------------- the patched copy

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"
_CELL_TAG = re.compile(rb"<" + _P + rb"c(?=[\s/>])[^>]*>")
_S = re.compile(rb'\ss\s*=\s*("[^"]*"|\'[^\']*\')')
_R = re.compile(rb'\sr\s*=\s*["\']\$?([A-Z]+)\$?([0-9]+)["\']')
_EMPTY_CELL = re.compile(rb"<" + _P + rb"c\s+r=\"([A-Z]+[0-9]+)\"(?:\s+s=\"[0-9]+\")?\s*/>")
_EMPTY_ROW = re.compile(rb"<(" + _P + rb")row\s+r=\"[0-9]+\">((?:<" + _P + rb"c\s+r=\"[A-Z]+[0-9]+\"(?:\s+s=\"[0-9]+\")?\s*/>)*)"
                        rb"</\1row>")
_LEGACY = re.compile(rb"<" + _P + rb"legacyDrawing\b[^>]*/>")
_ROW_CELLS = re.compile(rb"(?:<" + _P + rb"c\s+r=\"[A-Z]+[0-9]+\"(?:\s+s=\"[0-9]+\")?\s*/>)*</" + _P + rb"row>")
_TAB = re.compile(rb'\stabSelected\s*=\s*("1"|\'1\'|"true"|\'true\')')
_SHEET = re.compile(rb"<" + _P + rb"sheet\b[^>]*?/>")


def verify_patched(source: Path, copy: Path, cells: dict[str, set[str]], values: dict[str, list[list]],
                   skip: Iterable[str] = (), written: Iterable[str] = ()) -> None:
    """Raise `CopyMismatch` unless `copy` holds every part of `source` as described above.
    `cells`: per worksheet name, the cells whose style may differ (flagged or restored);
    `values`: the input's values (for the message); `skip`: our sheets of an earlier run;
    `written`: parts the patcher wrote (checked to be well-formed)."""
    from reconcile.report.annotate import CopyMismatch
    from reconcile.report.package import attrs, parse_rels, rels_name

    skip = set(skip)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(copy) as b:
        before = {i.filename: i for i in a.infolist()}
        after = {i.filename: i for i in b.infolist()}
        sheets_a = _sheet_parts(a, attrs, parse_rels, rels_name)
        sheets_b = _sheet_parts(b, attrs, parse_rels, rels_name)
        ours = {sheets_a[n] for n in skip if n in sheets_a}
        for name, part in sheets_a.items():
            if name in skip:
                continue
            if sheets_b.get(name) != part or part not in after:
                raise CopyMismatch("sheet", quote_sheet(name))
            ia, ib = before[part], after[part]
            if (ia.CRC, ia.file_size) == (ib.CRC, ib.file_size):
                continue
            where = _first_unintended(a.read(ia), b.read(ib), cells.get(name, set()))
            if where is not None:
                r, c = where
                rows = values.get(name) or []
                expected = rows[r - 1][c - 1] if 0 < r <= len(rows) and 0 < c <= len(rows[r - 1]) else None
                raise CopyMismatch("cell", f"{quote_sheet(name)}!{cell_name(r, c)}", expected, "?")
        for name, info in before.items():
            if name in after or name in ours or name in {rels_name(p) for p in ours}:
                continue
            raise CopyMismatch("sheet", name)  # a part of theirs left out
        for name in written:
            if name in after and name.endswith((".xml", ".rels")) and after[name].file_size < 50_000_000:
                _well_formed(b.read(name), name)


def _sheet_parts(zf: zipfile.ZipFile, attrs, parse_rels, rels_name) -> dict[str, str]:
    main = next(r.target for r in parse_rels("", zf.read("_rels/.rels")) if r.type == "officeDocument")
    rels = {r.id: r.target for r in parse_rels(main, zf.read(rels_name(main)))}
    out = {}
    for m in _SHEET.finditer(zf.read(main)):
        a = attrs(m.group(0))
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        out[a.get("name", "")] = rels.get(rid, "")
    return out


def _common(a: bytes, b: bytes, i: int, j: int) -> int:
    """How many bytes from a[i:] and b[j:] are the same (compared a block at a time)."""
    n = min(len(a) - i, len(b) - j)
    k, step = 0, 256  # differences come close together where many cells are coloured
    while k < n:
        size = min(step, n - k)
        if a[i + k:i + k + size] == b[j + k:j + k + size]:
            k += size
            step = min(step * 4, 1 << 20)
        elif size == 1:
            return k
        else:
            step = max(1, size // 16)
    return k


def _first_unintended(a: bytes, b: bytes, allowed: set[str]) -> tuple[int, int] | None:
    """None when worksheet `b` is `a` but for what annotating may change; else the (row, col)
    of the first cell that differs otherwise ((0, 0) when it is not a cell)."""
    i = j = 0
    while True:
        k = _common(a, b, i, j)
        i, j = i + k, j + k
        if i >= len(a) and j >= len(b):
            return None
        ta, tb = a.rfind(b"<", 0, i + 1), b.rfind(b"<", 0, j + 1)
        # an element added to the copy (our empty cell or row, the legacy drawing) ...
        m = _added(b, tb, allowed, legacy=True) if tb >= 0 else None
        if m is not None:
            i, j = i - (j - tb), m.end()
            continue
        # ... or one of ours from an earlier run, left out of it
        m = _added(a, ta, allowed, legacy=False) if ta >= 0 else None
        if m is not None:
            i, j = m.end(), j - (i - ta)
            continue
        # a difference inside a start tag: a cell's style, the selected tab
        if ta < 0 or i - ta != j - tb:
            return _cell_at(a, i)
        ea, eb = a.find(b">", ta), b.find(b">", tb)
        tag_a, tag_b = a[ta:ea + 1], b[tb:eb + 1]
        if re.match(rb"<" + _P + rb"row\b", tag_a) and tag_a.endswith(b"/>") and tag_b == tag_a[:-2].rstrip() + b">":
            # an empty row of theirs that now holds our empty cells
            m = _ROW_CELLS.match(b, eb + 1)
            refs = [ref.decode() for ref in re.findall(rb'\sr="([A-Z]+[0-9]+)"', m.group(0))] if m else None
            if refs is None or not all(ref in allowed for ref in refs):
                return _cell_at(a, i)
            i, j = ea + 1, m.end()
            continue
        if _CELL_TAG.fullmatch(tag_a) and _CELL_TAG.fullmatch(tag_b):
            r = _R.search(tag_a)
            if not (r and _S.sub(b"", tag_a) == _S.sub(b"", tag_b) and (r.group(1) + r.group(2)).decode() in allowed):
                return _cell_at(a, i)
        elif not re.match(rb"<" + _P + rb"sheetView\b", tag_a) or _TAB.sub(b"", tag_a) != _TAB.sub(b"", tag_b):
            return _cell_at(a, i)
        i, j = ea + 1, eb + 1


def _added(xml: bytes, at: int, allowed: set[str], legacy: bool):
    """The empty cell or row of allowed cells (or, with `legacy`, a legacy drawing reference)
    starting at `at`, else None."""
    m = _EMPTY_CELL.match(xml, at) or _EMPTY_ROW.match(xml, at) or (_LEGACY.match(xml, at) if legacy else None)
    if m is None:
        return None
    refs = [ref.decode() for ref in re.findall(rb'\sr="([A-Z]+[0-9]+)"', m.group(0))]
    return m if all(ref in allowed for ref in refs) else None


def _cell_at(xml: bytes, pos: int) -> tuple[int, int]:
    """The (row, col) of the cell around `pos` ((0, 0) outside any cell)."""
    start = xml.rfind(b"<c ", 0, pos + 1)
    m = _R.search(xml, start, xml.find(b">", start) + 1) if start >= 0 else None
    if not m:
        return (0, 0)
    return int(m.group(2)), column_index(m.group(1).decode())


def _well_formed(data: bytes, name: str) -> None:
    from xml.parsers import expat

    from reconcile.report.annotate import CopyMismatch

    parser = expat.ParserCreate()
    parser.UseForeignDTD(False)
    parser.EntityDeclHandler = lambda *a: (_ for _ in ()).throw(ValueError("entity"))
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError) as exc:
        raise CopyMismatch("sheet", f"{name} ({exc})")
