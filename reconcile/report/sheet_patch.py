"""A worksheet part with the style index of some cells changed, and nothing else.

One pass over the part: row start tags are found by a pattern search (C speed); only the rows
holding a flagged cell are looked into, and in them only the cells' start tags are changed
(`s="…"` set). A flagged cell that does not exist (an empty required cell) is inserted, empty,
with its style; a missing row likewise. Everything between is copied as it was.
"""
from __future__ import annotations

import re
from typing import Callable

from reconcile.read.model import column_index, column_letter
from reconcile.report.notes_patch import clean
from reconcile.report.package import Unpatchable, attrs, esc

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"
_CELL = re.compile(rb"<(" + _P + rb")c(?=[\s/>])([^>]*?)(/?)>")
_S_ATTR = re.compile(rb'\ss\s*=\s*("[^"]*"|\'[^\']*\')')
_R_ATTR = re.compile(rb'\sr\s*=\s*["\']([^"\']*)["\']')
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_SHEET_VIEW = re.compile(rb"<(" + _P + rb")sheetView\b[^>]*>")
_TAB_SELECTED = re.compile(rb'\stabSelected\s*=\s*("1"|\'1\'|"true"|\'true\')')
_AFTER_LEGACY = re.compile(rb"<" + _P + rb"(?:legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|"
                           rb"tableParts|AlternateContent)\b")
_EXT_LAST = re.compile(rb"<(" + _P + rb")extLst\b(?:(?!<" + _P + rb"extLst\b).)*?</\1extLst>\s*</" + _P + rb"worksheet>\s*$",
                       re.S)
_LEGACY = re.compile(rb"<" + _P + rb"legacyDrawing\b([^>]*?)/?>")

NewStyle = Callable[[int, int, int], int]  # (row, column, current style) -> new style


def restyle(xml: bytes, cells: dict[int, set[int]], new_style: NewStyle, deselect: bool = False,
            insert: set[tuple[int, int]] | None = None, values: dict[tuple[int, int], object] | None = None,
            replaced: set[tuple[int, int]] | None = None) -> bytes:
    """`xml` with the cells {row: {column}} restyled by `new_style` (1-based row and column).
    A cell of `insert` that does not exist is added (empty, styled); other missing cells are not.
    `values` {(row, column): number or text}: those existing cells' values are replaced too (a
    number as `<v>`, text as an inline string); a formula cell keeps its formula and value. The
    cells whose value was replaced are added to `replaced`."""
    insert = insert or set()
    values = values or {}
    replaced = replaced if replaced is not None else set()
    cells = {r: cols for r, cols in cells.items()}
    tag = _sheet_data_tag(xml)
    empty = re.fullmatch(rb"<(" + _P + rb")sheetData\b([^>]*?)\s*/>", tag.group(0)) if tag else None
    if empty:  # <sheetData/>: open it, so that inserted rows have a place
        empty = tag
        body = re.fullmatch(rb"<(" + _P + rb")sheetData\b([^>]*?)\s*/>", empty.group(0))
        xml = (xml[:empty.start()] + b"<" + body.group(1) + b"sheetData" + body.group(2) + b"></" + body.group(1)
               + b"sheetData>" + xml[empty.end():])
    start = _sheet_data_start(xml)
    head = xml[:start]
    if deselect:
        head = _SHEET_VIEW.sub(lambda m: _TAB_SELECTED.sub(b"", m.group(0)), head)
    out = [head]
    pos = start
    pending = sorted(cells)
    k = 0  # index of the next row with cells to mark
    prev = 0
    implicit = False  # a row without r: rows cannot be inserted safely
    end_data = _sheet_data_end(xml, start)
    prefix = _data_prefix(xml)
    # a pattern that starts with its literal text is searched at C speed
    row_pat = re.compile(b"<" + re.escape(prefix) + rb"row(?=[\s/>])[^>]*>")
    scan = start
    while k < len(pending):
        # the next row to mark, found by its number where it is written plainly (the usual
        # case); rows before it hold nothing to change. Otherwise the rows are walked.
        at = xml.find(b"<" + prefix + b'row r="%d"' % pending[k], scan, end_data)
        if at >= 0 and not implicit:
            scan = at
        m = row_pat.search(xml, scan, end_data)
        if m is None:
            break
        scan = m.end()
        r = _R_ATTR.search(m.group(0))
        if r:
            try:
                row = int(r.group(1))
            except ValueError:
                raise Unpatchable("row number")
        else:
            row, implicit = prev + 1, True
        prev = row
        while k < len(pending) and pending[k] < row:  # rows that do not exist: inserted here
            if not implicit:
                out.append(xml[pos:m.start()])
                pos = m.start()
                out.append(_new_row(prefix, pending[k], _only(pending[k], cells, insert), new_style))
            k += 1
        if k >= len(pending) or pending[k] != row:
            continue
        tag = m.group(0)
        if tag.endswith(b"/>"):  # an empty row
            out.append(xml[pos:m.start()])
            out.append(tag[:-2].rstrip() + b">" + _new_cells(prefix, row, sorted(_only(row, cells, insert)), new_style)
                       + b"</" + prefix + b"row>")
            pos = m.end()
        else:
            close = xml.find(b"</" + prefix + b"row>", m.end())
            if close < 0:
                raise Unpatchable("row without its end tag")
            body = _restyle_row(xml[m.end():close], prefix, row, cells[row], new_style, insert, values, replaced)
            if not body.strip() and set(attrs(tag)) == {"r"}:  # a row we once inserted, now empty
                out.append(xml[pos:m.start()])
                pos = close + len(prefix) + 6
            else:
                out.append(xml[pos:m.end()])
                out.append(body)
                pos = close
        k += 1
    tail_rows = pending[k:] if not implicit else []
    if tail_rows:
        out.append(xml[pos:end_data])
        pos = end_data
        p = prefix or _data_prefix(xml)
        for row in tail_rows:
            out.append(_new_row(p, row, _only(row, cells, insert), new_style))
    out.append(xml[pos:])
    return b"".join(out)


_SHEET_DATA_TAG = re.compile(rb"<(" + _P + rb")sheetData\b[^>]*>")


def _sheet_data_tag(xml: bytes):
    """The sheetData start tag, found by its name (a plain search) rather than a pattern
    tried at every position of a large part."""
    at = xml.find(b"sheetData")
    while at >= 0:
        lt = xml.rfind(b"<", 0, at)
        m = _SHEET_DATA_TAG.match(xml, lt) if lt >= 0 else None
        if m:
            return m
        at = xml.find(b"sheetData", at + 9)
    return None


def _sheet_data_start(xml: bytes) -> int:
    m = _sheet_data_tag(xml)
    if not m:
        raise Unpatchable("worksheet without sheetData")
    return m.end() if not m.group(0).endswith(b"/>") else m.start()


def _sheet_data_end(xml: bytes, start: int) -> int:
    i = xml.rfind(b"sheetData>")  # from the end: the sheet's rows are not scanned for it
    if i >= start:
        j = xml.rfind(b"</", start, i)
        if j >= 0 and re.fullmatch(rb"</" + _P, xml[j:i]):
            return j
    m = _sheet_data_tag(xml)
    if m and m.group(0).endswith(b"/>"):
        return m.start()
    raise Unpatchable("worksheet without the end of sheetData")


def _data_prefix(xml: bytes) -> bytes:
    m = _sheet_data_tag(xml)
    return m.group(1) if m else b""


def _cell_tag(prefix: bytes, row: int, col: int, style: int) -> bytes:
    return b"<" + prefix + b'c r="' + f"{column_letter(col)}{row}".encode() + b'" s="%d"/>' % style


def _new_cells(prefix: bytes, row: int, cols: list[int], new_style: NewStyle) -> bytes:
    return b"".join(_cell_tag(prefix, row, c, new_style(row, c, 0)) for c in cols)


def _only(row: int, cells: dict[int, set[int]], insert: set[tuple[int, int]]) -> set[int]:
    return {c for c in cells[row] if (row, c) in insert}


def _new_row(prefix: bytes, row: int, cols: set[int], new_style: NewStyle) -> bytes:
    if not cols:
        return b""
    return (b"<" + prefix + b'row r="%d">' % row + _new_cells(prefix, row, sorted(cols), new_style)
            + b"</" + prefix + b"row>")


def _restyle_row(body: bytes, prefix: bytes, row: int, cols: set[int], new_style: NewStyle,
                 insert: set[tuple[int, int]], values: dict | None = None, replaced: set | None = None) -> bytes:
    todo = sorted(cols)
    out = []
    pos = 0
    prev = 0
    implicit = False
    for m in _CELL.finditer(body):
        if not todo:
            break
        r = _R_ATTR.search(m.group(2))
        if r:
            ref = _REF.fullmatch(r.group(1).decode("ascii", "replace").replace("$", ""))
            if not ref:
                raise Unpatchable("cell reference")
            col = column_index(ref.group(1))
        else:
            col, implicit = prev + 1, True
        prev = col
        while todo and todo[0] < col:  # missing cells before this one
            if not implicit and (row, todo[0]) in insert:
                out.append(body[pos:m.start()])
                pos = m.start()
                out.append(_cell_tag(m.group(1), row, todo[0], new_style(row, todo[0], 0)))
            todo.pop(0)
        if todo and todo[0] == col:
            todo.pop(0)
            tag = m.group(0)
            s = _S_ATTR.search(tag)
            try:
                current = int(s.group(1)[1:-1] or 0) if s else 0
            except ValueError:
                raise Unpatchable("style index")
            style = new_style(row, col, current)
            if style == 0:  # the default format: no attribute (as a cell of theirs without one)
                if s:
                    tag = tag[:s.start()] + tag[s.end():]
            elif s:
                tag = tag[:s.start()] + b' s="%d"' % style + tag[s.end():]
            else:
                name_end = len(m.group(1)) + 2  # after "<c" (and its prefix)
                tag = tag[:name_end] + b' s="%d"' % style + tag[name_end:]
            out.append(body[pos:m.start()])
            pos = m.end()
            if values and (row, col) in values:
                new = _with_value(body, m, tag, values[(row, col)])
                if new is not None:
                    out.append(new[0])
                    pos = new[1]
                    replaced.add((row, col))
                    continue
            if (style == 0 and (row, col) not in insert and tag.endswith(b"/>")
                    and re.fullmatch(rb"<" + _P + rb'c\s+r\s*=\s*["\'][A-Z]+[0-9]+["\']\s*/>', tag)):
                continue  # a cell we once inserted, now nothing: gone again
            out.append(tag)
    out.append(body[pos:])
    if todo and not implicit:
        out.append(b"".join(_cell_tag(prefix, row, c, new_style(row, c, 0)) for c in todo if (row, c) in insert))
    return b"".join(out)


_T_ATTR = re.compile(rb'\st\s*=\s*("[^"]*"|\'[^\']*\')')


def _with_value(body: bytes, m: re.Match, tag: bytes, value) -> tuple[bytes, int] | None:
    """The cell element of start tag `tag` (matched by `m` in `body`) holding `value` instead,
    and where the old element ends; None for a formula cell (its formula stays)."""
    p = m.group(1)
    if m.group(3):  # <c …/>: no content
        end = m.end()
    else:
        close = body.find(b"</" + p + b"c>", m.end())
        if close < 0:
            raise Unpatchable("cell without its end tag")
        if re.search(rb"<" + _P + rb"f[\s/>]", body[m.end():close]):
            return None
        end = close + len(p) + 4
    head = _T_ATTR.sub(b"", tag[:-2] if tag.endswith(b"/>") else tag[:-1]).rstrip()
    if isinstance(value, str):
        text = esc(clean(value), quote=False).encode("utf-8")
        return (head + b' t="inlineStr"><' + p + b'is><' + p + b't xml:space="preserve">' + text + b"</" + p + b"t></"
                + p + b"is></" + p + b"c>", end)
    number = float(value)
    shown = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return head + b"><" + p + b"v>" + shown.encode() + b"</" + p + b"v></" + p + b"c>", end


def legacy_drawing_id(xml: bytes) -> str | None:
    """The relationship id of the sheet's legacy drawing (its notes' VML), if any."""
    tail = xml[_sheet_data_end(xml, _sheet_data_start(xml)):]
    m = _LEGACY.search(tail)
    if not m:
        return None
    for key, value in attrs(m.group(1)).items():
        if key.endswith(":id"):
            return value
    return None


def add_legacy_drawing(xml: bytes, rel_id: str) -> bytes:
    """`<legacyDrawing r:id=…/>` in its place in the schema's order."""
    cut = _sheet_data_end(xml, _sheet_data_start(xml))
    tail = xml[cut:]
    m = re.search(rb"<(" + _P + rb")worksheet\b[^>]*>", xml)
    prefix = m.group(1) if m else b""
    declared = re.search(rb'xmlns:([\w.\-]+)\s*=\s*["\']http://schemas\.openxmlformats\.org/officeDocument/2006/'
                         rb'relationships["\']', m.group(0) if m else b"")
    if declared:  # the root's prefix for relationships
        element = b"<" + prefix + b"legacyDrawing " + declared.group(1) + b':id="' + rel_id.encode() + b'"/>'
    else:
        element = (b"<" + prefix + b'legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   b'relationships" r:id="' + rel_id.encode() + b'"/>')
    after = _AFTER_LEGACY.search(tail)
    ext = _EXT_LAST.search(tail)
    spots = [x for x in ((after.start() if after else None), (ext.start() if ext else None)) if x is not None]
    if spots:
        at = min(spots)
    else:
        end = tail.rfind(b"</" + prefix + b"worksheet>")
        if end < 0:
            raise Unpatchable("worksheet without its end tag")
        at = end
    return xml[:cut] + tail[:at] + element + tail[at:]


def column_widths(xml: bytes) -> tuple[dict[int, float], float]:
    """The sheet's column widths (characters) from `<cols>`, and its default width."""
    head = xml[:_sheet_data_start(xml)]
    default = 8.43
    m = re.search(rb"<" + _P + rb"sheetFormatPr\b([^>]*)", head)
    if m:
        a = attrs(m.group(1))
        try:
            default = float(a.get("defaultColWidth") or (float(a.get("baseColWidth", 8)) + 0.43))
        except ValueError:
            pass
    widths: dict[int, float] = {}
    for c in re.finditer(rb"<" + _P + rb"col\b([^>]*)", head):
        a = attrs(c.group(1))
        try:
            lo, hi = int(a["min"]), min(int(a["max"]), 16384)
            w = 0.0 if a.get("hidden") in ("1", "true") else float(a.get("width", default))
        except (KeyError, ValueError):
            continue
        if hi - lo > 64:
            hi = lo + 64  # only the widths near a note matter
        for col in range(lo, hi + 1):
            widths[col] = w
    return widths, default
