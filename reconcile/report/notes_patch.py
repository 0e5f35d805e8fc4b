"""A sheet's notes (comments part + legacy VML drawing), ours merged with the agency's.

The agency's notes stay as written (their runs, their authors, their shapes); ours go below
their text, between `NOTE_MARK` and `NOTE_END`, so a later run finds and replaces only ours.
A note that held only our text is removed with its shape. Excel's VML is not always
well-formed XML, so it is edited as text: shapes are found whole and kept or dropped whole.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import unescape

from reconcile.read.model import column_index
from reconcile.report.package import Unpatchable, attrs, esc

_COMMENT = re.compile(rb"<(?:\w+:)?comment\b[^>]*?(?:/>|>.*?</(?:\w+:)?comment>)", re.S)
_T = re.compile(rb"<((?:\w+:)?)t\b([^>]*?)(?:/>|>(.*?)</\1t>)", re.S)
_SHAPE = re.compile(r"<v:shape\b(?:(?!<v:shape\b).)*?</v:shape>", re.S)
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

EMPTY_COMMENTS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  b"<authors></authors><commentList></commentList></comments>")


@dataclass
class Note:
    ref: str
    row: int  # 1-based
    col: int
    raw: bytes  # the comment element as written
    text: str  # its plain text


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _plain(element: bytes) -> str:
    return "".join(unescape((m.group(3) or b"").decode("utf-8")) for m in _T.finditer(element))


class Comments:
    def __init__(self, data: bytes | None):
        self.created = data is None
        self.data = data if data is not None else EMPTY_COMMENTS
        m = re.search(rb"<((?:\w+:)?)comments\b", self.data)
        if not m:
            raise Unpatchable("comments part without comments")
        self.p = m.group(1).decode()
        self.authors = [unescape(a.decode("utf-8")) for a in
                        re.findall(rb"<(?:\w+:)?author\b[^>]*>(.*?)</(?:\w+:)?author>", self.data, re.S)]
        self.notes: list[Note] = []
        for c in _COMMENT.finditer(self.data):
            ref = attrs(c.group(0).split(b">", 1)[0]).get("ref", "")
            m2 = _REF.fullmatch(ref)
            if not m2:
                continue  # kept as is (never ours)
            self.notes.append(Note(ref, int(m2.group(2)), column_index(m2.group(1)), c.group(0), _plain(c.group(0))))
        self.changed = False
        self._new_authors: list[str] = []
        self._refs: dict[str, Note] | None = None

    def by_ref(self) -> dict[str, Note]:
        if self._refs is None:
            self._refs = {n.ref.replace("$", ""): n for n in self.notes}
        return self._refs

    def author_id(self, name: str) -> int:
        all_authors = self.authors + self._new_authors
        if name in all_authors:
            return all_authors.index(name)
        self._new_authors.append(name)
        return len(all_authors)

    def strip_ours(self, mark: str, strip) -> set[str]:
        """Remove our part of every note; returns the refs of notes removed whole."""
        removed = set()
        keep: list[Note] = []
        for n in self.notes:
            if mark not in n.text:
                keep.append(n)
                continue
            self.changed = True
            own = strip(n.text)
            if not own:
                removed.add(n.ref)
                n.raw = b""
                continue
            n.raw = _without_ours(n.raw, n.text, own, mark)
            n.text = own
            keep.append(n)
        self.notes = keep
        self._refs = None
        return removed

    def put(self, ref: str, row: int, col: int, ours: str, author: str) -> bool:
        """Our text below the note of `ref` (or a new note). True when the note is new."""
        self.changed = True
        run = (f'<{self.p}r><{self.p}rPr><{self.p}sz val="9"/><{self.p}rFont val="Tahoma"/></{self.p}rPr>'
               f'<{self.p}t xml:space="preserve">{esc(clean(ours), quote=False)}</{self.p}t></{self.p}r>').encode()
        existing = self.by_ref().get(ref)
        if existing is not None:
            sep = f'<{self.p}r><{self.p}t xml:space="preserve">\n\n</{self.p}t></{self.p}r>'.encode()
            raw = existing.raw
            end = raw.rfind(f"</{self.p}text>".encode())
            if end < 0:
                raise Unpatchable("a note without text")
            head = raw[:end]
            if re.search(rb"<(?:\w+:)?text\b[^>]*>\s*<(?:\w+:)?t\b", head):  # plain text: wrap it as a run
                head = re.sub(rb"(<(?:\w+:)?text\b[^>]*>)\s*(<((?:\w+:)?)t\b.*?</\3t>)",
                              lambda m: m.group(1) + b"<" + m.group(3) + b"r>" + m.group(2) + b"</" + m.group(3) + b"r>",
                              head, count=1, flags=re.S)
            existing.raw = head + sep + run + raw[end:]
            existing.text = existing.text.rstrip() + "\n\n" + ours
            return False
        aid = self.author_id(author)
        raw = (f'<{self.p}comment ref="{ref}" authorId="{aid}"><{self.p}text>').encode() + run + \
            f"</{self.p}text></{self.p}comment>".encode()
        note = Note(ref, row, col, raw, ours)
        self.notes.append(note)
        self.by_ref()[ref] = note
        return True

    def to_bytes(self) -> bytes:
        data = self.data
        p = self.p.encode()
        if self._new_authors:
            extra = b"".join(b"<" + p + b"author>" + esc(a, quote=False).encode() + b"</" + p + b"author>"
                             for a in self._new_authors)
            if re.search(rb"<(?:\w+:)?authors\b[^>]*/>", data):
                data = re.sub(rb"<((?:\w+:)?)authors\b([^>]*?)\s*/>", lambda m: b"<" + m.group(1) + b"authors"
                              + m.group(2) + b">" + extra + b"</" + m.group(1) + b"authors>", data, count=1)
            else:
                end = re.search(rb"</(?:\w+:)?authors>", data)
                if not end:
                    raise Unpatchable("comments without authors")
                data = data[:end.start()] + extra + data[end.start():]
        body = b"".join(n.raw for n in self.notes if n.raw)
        m = re.search(rb"<((?:\w+:)?)commentList\b([^>]*?)(/>|>.*</\1commentList>)", data, re.S)
        if not m:
            raise Unpatchable("comments without commentList")
        # notes we could not read (no valid ref) are not in self.notes: keep them too
        unread = [c.group(0) for c in _COMMENT.finditer(m.group(0))
                  if not _REF.fullmatch(attrs(c.group(0).split(b">", 1)[0]).get("ref", ""))]
        element = b"<" + m.group(1) + b"commentList" + m.group(2) + b">" + b"".join(unread) + body + b"</" + \
            m.group(1) + b"commentList>"
        return data[:m.start()] + element + data[m.end():]


def _without_ours(raw: bytes, text: str, own: str, mark: str) -> bytes:
    """The note element without our part: cut out of the one text run holding it whole, else
    the note's text rewritten plainly (their words kept, their run formatting not)."""
    from reconcile.report.annotate import NOTE_END

    for m in _T.finditer(raw):
        t = unescape((m.group(3) or b"").decode("utf-8"))
        if mark in t and NOTE_END in t:
            before, rest = t.split(mark, 1)
            after = rest.split(NOTE_END, 1)[1]
            left = before.rstrip("\n") + ("\n\n" + after.lstrip("\n") if after.strip() and before.strip() else
                                          after.lstrip("\n"))
            if not before.strip():
                left = after.lstrip("\n")
            new = b"<" + m.group(1) + b't xml:space="preserve">' + esc(left, quote=False).encode() + b"</" + \
                m.group(1) + b"t>"
            result = raw[:m.start()] + new + raw[m.end():]
            result = _drop_empty_tail(result)
            if _plain(result).strip() == own.strip():
                return result
    p = re.match(rb"<((?:\w+:)?)comment\b", raw).group(1)
    head = raw.split(b">", 1)[0] + b">"
    return head + b"<" + p + b"text><" + p + b't xml:space="preserve">' + esc(own, quote=False).encode() + \
        b"</" + p + b"t></" + p + b"text></" + p + b"comment>"


def _drop_empty_tail(raw: bytes) -> bytes:
    """Runs left empty at the end of a note (our separator) are dropped."""
    prev = None
    while prev != raw:
        prev = raw
        raw = re.sub(rb"<((?:\w+:)?)r>(?:(?!<(?:\w+:)?r>).)*?<(?:\w+:)?t\b[^>]*>\s*</(?:\w+:)?t></\1r>(\s*</(?:\w+:)?text>)",
                     rb"\2", raw, count=1, flags=re.S)
    return raw


# --------------------------------------------------------------------------- VML

VML_HEAD = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{data}"/></o:shapelayout>')
SHAPETYPE = ('<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
             '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


def note_size(text: str) -> tuple[float, float]:
    """Width and height (pt) of a note box that shows `text` (Tahoma 9: about 5 pt a character)."""
    width = 240.0
    per_line = int(width / 5.2)
    lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
    return width, 12.0 * lines + 14


class Vml:
    def __init__(self, data: bytes | None, idmap: int):
        self.created = data is None
        text = data.decode("utf-8", "replace") if data is not None else VML_HEAD.format(data=idmap) + "</xml>"
        if data is not None and ("<v:" not in text and "</xml>" not in text):
            raise Unpatchable("VML drawing without the usual prefixes")
        self.text = text
        m = re.search(r'<o:idmap\b[^>]*\bdata="([0-9]+)', text)
        self.block = int(m.group(1)) if m else idmap
        self.next_id: int | None = None  # after the shapes dropped: the same ids on a re-run
        self.changed = False
        self._new: list[str] = []  # shapes to add, put in once (a large drawing is not copied per note)

    def note_cells(self) -> dict[tuple[int, int], tuple[int, int]]:
        """(row, col) 1-based of each note shape -> its span in the text."""
        out = {}
        for m in _SHAPE.finditer(self.text):
            s = m.group(0)
            if not re.search(r'ObjectType\s*=\s*"Note"', s):
                continue
            r = re.search(r"<x:Row>\s*(\d+)\s*</x:Row>", s)
            c = re.search(r"<x:Column>\s*(\d+)\s*</x:Column>", s)
            if r and c:
                out[(int(r.group(1)) + 1, int(c.group(1)) + 1)] = m.span()
        return out

    def drop(self, cells: set[tuple[int, int]]) -> None:
        spans = sorted(span for cell, span in self.note_cells().items() if cell in cells)
        if not spans:
            return
        parts, pos = [], 0
        for a, b in spans:
            parts.append(self.text[pos:a])
            pos = b
        self.text = "".join(parts) + self.text[pos:]
        self.changed = True

    def add(self, row: int, col: int, text: str, widths: dict[int, float], default_width: float) -> None:
        """A note shape for cell (row, col), sized to `text`."""
        self.changed = True
        if 'id="_x0000_t202"' not in self.text:
            self._insert(SHAPETYPE)
        w_pt, h_pt = note_size(text)
        # the anchor is in cells: columns to the right until the width is reached; rows of 15 pt
        c, left, acc = col, col, 0.0
        while acc < w_pt and c < col + 12:
            acc += (widths.get(c + 1, default_width) * 7 + 5) * 0.75
            c += 1
        bottom = row - 1 + max(2, math.ceil(h_pt / 15.0))
        if self.next_id is None:
            self.next_id = max([int(x) for x in re.findall(r"_x0000_s(\d+)", self.text)] + [self.block * 1024]) + 1
        sid = self.next_id
        self.next_id += 1
        shape = (f'<v:shape id="_x0000_s{sid}" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;'
                 f'width:{w_pt:.0f}pt;height:{h_pt:.0f}pt;z-index:{sid % 1024};visibility:hidden" fillcolor="#ffffe1" '
                 'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
                 '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
                 '<div style="text-align:left"></div></v:textbox>'
                 '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
                 f'<x:Anchor>{left}, 15, {max(row - 2, 0)}, 10, {c}, 15, {bottom}, 4</x:Anchor>'
                 f'<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column>'
                 '</x:ClientData></v:shape>')
        self._new.append(shape)

    def _insert(self, element: str) -> None:
        end = self.text.rfind("</xml>")
        if end < 0:
            raise Unpatchable("VML drawing without its end tag")
        self.text = self.text[:end] + element + self.text[end:]

    def to_bytes(self) -> bytes:
        if self._new:
            self._insert("".join(self._new))
            self._new = []
        return self.text.encode("utf-8")
