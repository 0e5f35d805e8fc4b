"""The first cells of a worksheet, read from the head of its part: how our own sheets are
recognised (their A1 is the mark) without reading every sheet of a large workbook.

Shared strings are read only as far as the highest index asked for (the strings of a
sheet's first row are written early in the table by every common writer).
"""
from __future__ import annotations

import re
import zipfile
from html import unescape

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"
_ROW = re.compile(rb"<" + _P + rb"row(?=[\s/>])[^>]*>")
_CELL = re.compile(rb"<" + _P + rb"c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
_V = re.compile(rb"<" + _P + rb"v\b[^>]*>(.*?)</" + _P + rb"v>", re.S)
_T = re.compile(rb"<" + _P + rb"t\b[^>]*?(?:/>|>(.*?)</" + _P + rb"t>)", re.S)
_PHONETIC = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.S)
_SI = re.compile(rb"<" + _P + rb"si\b[^>]*?(?:/>|>.*?</" + _P + rb"si>)", re.S)
_ATTR = re.compile(rb"""\s([tr])\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"\$?([A-Z]{1,3})\$?([0-9]+)")
HEAD = 1 << 18  # a first row longer than this is not one of ours


def _text(element: bytes) -> str:
    element = _PHONETIC.sub(b"", element)
    return "".join(unescape((m.group(1) or b"").decode("utf-8", "replace")) for m in _T.finditer(element))


class SharedStrings:
    def __init__(self, zf: zipfile.ZipFile, part: str | None):
        self._fh = zf.open(part) if part else None
        self._buf = b""
        self.items: list[str] = []

    def get(self, index: int) -> str | None:
        while len(self.items) <= index and self._fh is not None:
            chunk = self._fh.read(1 << 16)
            if not chunk:
                self._fh.close()
                self._fh = None
                break
            self._buf += chunk
            end = 0
            for m in _SI.finditer(self._buf):
                self.items.append(_text(m.group(0)))
                end = m.end()
            self._buf = self._buf[end:]
        return self.items[index] if 0 <= index < len(self.items) else None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def first_row(zf: zipfile.ZipFile, part: str, strings: SharedStrings, width: int = 4) -> list:
    """Values of A1 … (width) of a worksheet part ([] when row 1 is empty or not near the head)."""
    with zf.open(part) as fh:
        head = fh.read(HEAD)
    m = _ROW.search(head)
    if not m or m.group(0).endswith(b"/>"):
        return []
    r = dict((k.decode(), v) for k, v in _ATTR.findall(m.group(0)))
    if r.get("r", b"1") != b"1":
        return []
    end = head.find(b"row>", m.end())
    body = head[m.end():end if end >= 0 else len(head)]
    out: list = [None] * width
    col = 0
    for c in _CELL.finditer(body):
        a = dict((k.decode(), v) for k, v in _ATTR.findall(c.group(1)))
        ref = _REF.fullmatch(a.get("r", b""))
        if ref:
            col = 0
            for ch in ref.group(1):
                col = col * 26 + ch - 64
        else:
            col += 1
        if col > width:
            break
        inner = c.group(2) or b""
        kind = a.get("t", b"n")
        v = _V.search(inner)
        raw = unescape(v.group(1).decode("utf-8", "replace")) if v else ""
        if kind == b"s":
            value = strings.get(int(raw)) if raw.strip().isdigit() else None
        elif kind == b"inlineStr":
            value = _text(inner)
        elif kind in (b"str", b"e"):
            value = raw
        elif kind == b"b":
            value = raw.strip() in ("1", "true")
        else:
            try:
                value = float(raw) if raw else None
            except ValueError:
                value = raw
        out[col - 1] = value
    while out and out[-1] is None:
        out.pop()
    return out
