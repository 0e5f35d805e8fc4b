"""What python-calamine does not give, read straight from the xlsx/xlsm zip.

Per worksheet: the cell style (bold, italic, font size, number format, solid fill) of every
cell whose style index is not 0, column widths, hidden rows and columns, formulas (and which
formula cells have no cached value), merged ranges and the declared dimension.

Speed: worksheets are scanned as bytes with compiled regexes while they are inflated, a row
block at a time (bounded memory, no per-cell Python objects except for formula cells); the
small parts (workbook, relationships, styles) are parsed with defusedxml. Every part goes
through :class:`reconcile.read.safety.GuardedZip`, so a zip bomb is refused before or while
inflating, never after. The cells of every worksheet are counted as they are scanned
(``max_cells``, whatever the sheet declares): calamine reads the values after this scan.

Tolerated: namespace prefixes (``<x:c>``), any attribute order and quoting, Strict OOXML
namespaces, cells and rows without ``r`` (position follows order), ``s=""``, shared formulas
(followers hold formula text ""), array formulas, inline strings, UTF-16 parts, part paths
other than the usual ones (resolved through the package and workbook relationships, absolute
or relative targets), a missing styles part, chartsheets / dialog sheets (skipped).

Conventions: formula text is stored as written in the file, without the leading "=";
``GENERAL`` (LibreOffice) is reported as "General"; a row with ``ht="0"`` and a column with
``width="0"`` count as hidden; ``fill`` is true for a solid pattern or a gradient fill.

Not modelled: row and column default styles (``<row s=.. customFormat=1>``, ``<col style=..>``)
for cells that are absent from the file; ``<sheetFormatPr zeroHeight="1">`` (rows hidden by
default); conditional formats; rich-text runs inside a cell.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path, PurePosixPath

from reconcile.read.safety import (GuardedZip, Limits, UnsafeWorkbook, _local, _prolog_unsafe, open_regular, parse_xml,
                                   resolve_target)

__all__ = ["CellStyle", "SheetLayout", "StyleMap", "ColumnWidths", "ColumnSet", "read_layout", "BUILTIN_FORMATS"]

MAX_COL = 16_384
MAX_ROW = 1_048_576


@dataclass(frozen=True, slots=True)
class CellStyle:
    bold: bool = False
    italic: bool = False
    size: float = 11.0
    number_format: str = "General"
    fill: bool = False  # has a solid (or gradient) fill colour
    indent: int = 0  # the alignment's indent (Excel's "Increase Indent"), a level signal of names


DEFAULT_STYLE = CellStyle()


class StyleMap(Mapping):
    """``(row, col) -> style index`` for cells whose style index is not 0, stored compactly
    (per row: an array of columns and an array of style ids; about 6 bytes a cell instead of
    ~100 for a dict entry with a tuple key). Reads like a dict: ``m[(r, c)]``, ``m.get``, ``in``,
    ``len``, iteration in (row, col) order, ``items()``."""

    __slots__ = ("_rows", "_len", "_shared")

    def __init__(self, data: Mapping[tuple[int, int], int] | None = None):
        self._rows: dict[int, tuple[array, array]] = {}
        self._len = 0
        # Rows of one kind (every sub kegiatan row, every subtotal row) carry the same styles in
        # the same columns: they share one pair of arrays (50,000 rows: 18.6 -> 2 MiB).
        self._shared: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[array, array]] = {}
        if data:
            by_row: dict[int, list[tuple[int, int]]] = {}
            for (r, c), s in data.items():
                by_row.setdefault(r, []).append((c, s))
            for r, pairs in by_row.items():
                self._add_row(r, [c for c, _ in pairs], [s for _, s in pairs])

    def _add_row(self, row: int, cols: list[int], sids: list[int]) -> None:
        old = self._rows.get(row)
        if old is not None:  # the same row twice in the file: merge, later cells win
            self._len -= len(old[0])
            cols = list(old[0]) + cols
            sids = list(old[1]) + sids
        if len(cols) > 1 and not all(map(int.__lt__, cols, islice(cols, 1, None))):
            merged = dict(zip(cols, sids))
            cols = sorted(merged)
            sids = [merged[c] for c in cols]
        key = (tuple(cols), tuple(sids))
        entry = self._shared.get(key)
        if entry is None:
            entry = (array("H", cols), array("I", sids))
            if len(self._shared) < 4096:  # a sheet styled row by row shares little: stop keeping keys
                self._shared[key] = entry
        self._rows[row] = entry
        self._len += len(cols)

    def get(self, key, default=None):
        try:
            row, col = key
            entry = self._rows.get(row)
        except (TypeError, ValueError):
            return default
        if entry is None:
            return default
        cols, sids = entry
        i = bisect_left(cols, col)
        if i < len(cols) and cols[i] == col:
            return sids[i]
        return default

    def __getitem__(self, key) -> int:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for r in sorted(self._rows):
            for c in self._rows[r][0]:
                yield (r, c)

    def items(self):  # faster than Mapping's default
        out = []
        for r in sorted(self._rows):
            cols, sids = self._rows[r]
            out.extend(((r, c), s) for c, s in zip(cols, sids))
        return out

    def row(self, row: int) -> dict[int, int]:
        """col -> style index for one row (only non-zero indices)."""
        entry = self._rows.get(row)
        return dict(zip(entry[0], entry[1])) if entry else {}

    def rows(self) -> list[int]:
        return sorted(self._rows)

    def __repr__(self) -> str:
        return f"StyleMap({len(self)} cells in {len(self._rows)} rows)"


class _Runs:
    """Column runs ``lo..hi -> value`` (sorted, not overlapping): ``<col min max>`` elements
    stay a handful of runs even when they span to column XFD (16384)."""

    __slots__ = ("_lo", "_hi", "_val")

    def __init__(self, runs=()):
        runs = sorted((lo, hi, v) for lo, hi, v in runs if lo <= hi)
        if any(runs[i][1] >= runs[i + 1][0] for i in range(len(runs) - 1)):
            painted: dict[int, object] = {}
            for lo, hi, v in runs:  # overlapping <col>s (invalid, seen): paint, later wins
                for c in range(lo, hi + 1):
                    painted[c] = v
            runs = []
            for c in sorted(painted):
                v = painted[c]
                if runs and runs[-1][1] == c - 1 and runs[-1][2] == v:
                    runs[-1] = (runs[-1][0], c, v)
                else:
                    runs.append((c, c, v))
        self._lo = [r[0] for r in runs]
        self._hi = [r[1] for r in runs]
        self._val = [r[2] for r in runs]

    def _find(self, col):
        if type(col) is not int:
            return None
        i = bisect_left(self._hi, col)
        if i < len(self._lo) and self._lo[i] <= col:
            return i
        return None

    def _iter_cols(self) -> Iterator[int]:
        for lo, hi in zip(self._lo, self._hi):
            yield from range(lo, hi + 1)

    def _count(self) -> int:
        return sum(hi - lo + 1 for lo, hi in zip(self._lo, self._hi))

    def runs(self) -> list[tuple[int, int, object]]:
        return list(zip(self._lo, self._hi, self._val))


class ColumnWidths(_Runs, Mapping):
    """``col -> width`` read like a dict, stored as runs."""

    __slots__ = ()

    def __getitem__(self, col) -> float:
        i = self._find(col)
        if i is None:
            raise KeyError(col)
        return self._val[i]

    def get(self, col, default=None):
        i = self._find(col)
        return default if i is None else self._val[i]

    def __contains__(self, col) -> bool:
        return self._find(col) is not None

    def __iter__(self) -> Iterator[int]:
        return self._iter_cols()

    def __len__(self) -> int:
        return self._count()

    def __repr__(self) -> str:
        return f"ColumnWidths({self.runs()})"


class ColumnSet(_Runs, AbstractSet):
    """A set of column numbers read like a set, stored as runs."""

    __slots__ = ()

    def __init__(self, runs=()):
        super().__init__((lo, hi, True) for lo, hi, *_ in runs)

    @classmethod
    def _from_iterable(cls, it):
        return set(it)

    def __contains__(self, col) -> bool:
        return self._find(col) is not None

    def __iter__(self) -> Iterator[int]:
        return self._iter_cols()

    def __len__(self) -> int:
        return self._count()

    def __repr__(self) -> str:
        return f"ColumnSet({[(lo, hi) for lo, hi, _ in self.runs()]})"


@dataclass
class SheetLayout:
    name: str
    styles: list[CellStyle] = field(default_factory=lambda: [DEFAULT_STYLE])  # index = cellXfs index
    cell_style: Mapping[tuple[int, int], int] = field(default_factory=StyleMap)  # (row, col) -> style index != 0
    col_widths: Mapping[int, float] = field(default_factory=dict)  # 1-based col -> width (characters) from <cols>
    default_col_width: float = 8.43
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: AbstractSet[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # text without "=", "" for shared followers
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # cells holding an Excel error value (t="e")
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    dimension: str | None = None
    path: str = ""  # the worksheet part inside the zip

    def style(self, row: int, col: int) -> CellStyle:
        sid = self.cell_style.get((row, col), 0)
        styles = self.styles
        if 0 <= sid < len(styles):
            return styles[sid]
        return styles[0] if styles else DEFAULT_STYLE

    def is_bold(self, row: int, col: int) -> bool:
        return self.style(row, col).bold

    def is_italic(self, row: int, col: int) -> bool:
        return self.style(row, col).italic

    def number_format(self, row: int, col: int) -> str:
        return self.style(row, col).number_format

    def width(self, col: int) -> float:
        return self.col_widths.get(col, self.default_col_width)


# --------------------------------------------------------------------------- styles

BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

_TRUE = {"1", "true", "on", ""}


def _attr(el, name: str) -> str | None:
    v = el.get(name)
    if v is None:  # a prefixed attribute (rare): match on local name
        for k, val in el.attrib.items():
            if _local(k) == name:
                return val
    return v


def _int(v, default: int = 0) -> int:
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return default


def _float(v, default: float) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return default
    return f if f == f and abs(f) != float("inf") else default


def _child(el, name: str):
    for ch in el:
        if _local(ch.tag) == name:
            return ch
    return None


def _on(el) -> bool:
    """<b/>, <b val="1"/>, <b val="true"/> are on; <b val="0"/> / "false" is off."""
    if el is None:
        return False
    v = _attr(el, "val")
    return v is None or v.strip().lower() in _TRUE


def parse_styles(data: bytes | None) -> list[CellStyle]:
    """cellXfs index -> CellStyle. A missing or unreadable styles part gives [CellStyle()]."""
    if not data:
        return [DEFAULT_STYLE]
    try:
        root = parse_xml(data)
    except ValueError:
        return [DEFAULT_STYLE]
    numfmts = dict(BUILTIN_FORMATS)
    fonts: list[tuple[bool, bool, float]] = []
    fills: list[bool] = []
    xfs: list[tuple[int, int, int, int]] = []
    for part in root:
        name = _local(part.tag)
        if name == "numFmts":
            for nf in part:
                if _local(nf.tag) == "numFmt":
                    code = _attr(nf, "formatCode")
                    if code is not None:
                        if code.lower() == "general":  # LibreOffice writes "GENERAL"
                            code = "General"
                        numfmts[_int(_attr(nf, "numFmtId"), -1)] = code
        elif name == "fonts":
            for f in part:
                if _local(f.tag) != "font":
                    continue
                sz = _child(f, "sz")
                fonts.append((_on(_child(f, "b")), _on(_child(f, "i")),
                              _float(_attr(sz, "val"), 11.0) if sz is not None else 11.0))
        elif name == "fills":
            for fl in part:
                if _local(fl.tag) != "fill":
                    continue
                pf = _child(fl, "patternFill")
                solid = False
                if pf is not None:
                    solid = (_attr(pf, "patternType") or "none").strip() == "solid"
                elif _child(fl, "gradientFill") is not None:
                    solid = True
                fills.append(solid)
        elif name == "cellXfs":
            for xf in part:
                if _local(xf.tag) == "xf":
                    al = _child(xf, "alignment")
                    xfs.append((_int(_attr(xf, "numFmtId")), _int(_attr(xf, "fontId")),
                                _int(_attr(xf, "fillId")), _int(_attr(al, "indent")) if al is not None else 0))
    if not xfs:
        return [DEFAULT_STYLE]
    default_font = fonts[0] if fonts else (False, False, 11.0)
    cache: dict[CellStyle, CellStyle] = {}
    out: list[CellStyle] = []
    for numfmt, font_id, fill_id, indent in xfs:
        b, i, sz = fonts[font_id] if 0 <= font_id < len(fonts) else default_font
        st = CellStyle(bold=b, italic=i, size=sz, number_format=numfmts.get(numfmt, "General"),
                       fill=fills[fill_id] if 0 <= fill_id < len(fills) else False, indent=max(0, min(indent, 250)))
        out.append(cache.setdefault(st, st))
    return out


# --------------------------------------------------------------------------- worksheet scanning

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # optional namespace prefix
_Q = rb"""["']"""

_SHEETDATA_START = re.compile(rb"<([A-Za-z_][\w.\-]*:)?sheetData(?=[\s/>])[^>]*?(/?)>")
_ROW_CELL_CACHE: dict[bytes, tuple[re.Pattern, re.Pattern]] = {}


def _row_cell_regex(prefix: bytes) -> tuple[re.Pattern, re.Pattern]:
    """(rows-and-cells regex, </sheetData> regex) for the namespace prefix sheetData uses
    (b"" almost always, b"x:" from some generators). A literal prefix keeps the scan fast.

    Groups: 1 "row" / 2 its attributes | 3 column letters / 4 row digits / 5, 7 style index
    / 6 type (canonical attribute order ``r s t`` or ``r t s``, double quotes) / 8 other
    attributes (all of them for a cell in any other form) / 9 the content of a formula cell."""
    got = _ROW_CELL_CACHE.get(prefix)
    if got is None:
        p = re.escape(prefix)
        rx = re.compile(
            rb"<" + p + rb"(?:"
            rb"(row)(?=[\s/>])([^>]*)>"
            rb"|c(?:\sr=\"([A-Z]{1,3})(\d{1,7})\"(?:\ss=\"(\d*)\")?(?:\st=\"(\w*)\")?(?:\ss=\"(\d*)\")?"
            rb"|(?=[\s/>]))"
            rb"([^>]*?)"
            rb"(?:/>"
            rb"|>(?=\s*(?:<" + p + rb"v(?:\s[^>]*)?>[^<]*</" + p + rb"v\s*>\s*)?<" + p + rb"f[\s/>])(.*?)</" + p + rb"c\s*>"
            rb"|>))",
            re.S,
        )
        end = re.compile(rb"</" + p + rb"sheetData\s*>")
        got = _ROW_CELL_CACHE[prefix] = (rx, end)
    return got


_FORMULA = re.compile(rb"<" + _P + rb"f(?=[\s/>])([^>]*?)(?:/>|>(.*?)</" + _P + rb"f\s*>)", re.S)
_VALUE = re.compile(rb"<" + _P + rb"(?:v(?=[\s/>])[^>]*?(?:/>|>(.*?)</" + _P + rb"v\s*>)|(is)(?=[\s/>]))", re.S)
_ROW_R = re.compile(rb"(?:^|\s)r\s*=\s*" + _Q + rb"\s*(\d{1,7})\s*" + _Q)
_ROW_HIDDEN = re.compile(rb"(?:^|\s)(?:hidden\s*=\s*" + _Q + rb"\s*(?:1|true)\s*" + _Q
                         + rb"|ht\s*=\s*" + _Q + rb"\s*0*(?:\.0*)?\s*" + _Q + rb")")
_ATTRS = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DIMENSION = re.compile(rb"<" + _P + rb"dimension(?=[\s/>])([^>]*)>")
_SHEETFORMAT = re.compile(rb"<" + _P + rb"sheetFormatPr(?=[\s/>])([^>]*)>")
_COL = re.compile(rb"<" + _P + rb"col(?=[\s/>])([^>]*)>")
_MERGE = re.compile(rb"<" + _P + rb"mergeCell(?=[\s/>])([^>]*)>")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_ENTITY = re.compile(rb"&(?:(amp|lt|gt|quot|apos)|#(\d+)|#[xX]([0-9a-fA-F]+));")
_ENT_MAP = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}


def _attrs(raw: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v1, v2 in _ATTRS.findall(raw):
        key = k.decode("ascii", "replace").rsplit(":", 1)[-1]
        out.setdefault(key, _unescape(v1 or v2))
    return out


def _unescape(raw: bytes) -> str:
    if b"<![CDATA[" in raw:
        raw = re.sub(rb"<!\[CDATA\[(.*?)\]\]>", lambda m: m.group(1).replace(b"&", b"&amp;"), raw, flags=re.S)
    if b"&" not in raw:
        return raw.decode("utf-8", "replace")

    def sub(m: re.Match) -> bytes:
        if m.group(1):
            return _ENT_MAP[m.group(1)].encode()
        try:
            cp = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
            return chr(cp).encode("utf-8", "surrogatepass")
        except (ValueError, OverflowError):
            return m.group(0)

    return _ENTITY.sub(sub, raw).decode("utf-8", "replace")


_COL_CACHE: dict[bytes, int] = {}
# a cell's column letters in a `_row_cell_regex` match
_LETTERS = itemgetter(2)


def _col_index(letters: bytes) -> int:
    n = _COL_CACHE.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ch - 64
        if len(_COL_CACHE) < 20_000:
            _COL_CACHE[letters] = n
    return n


def _parse_ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref.strip())
    if not m:
        return None
    return int(m.group(2)), _col_index(m.group(1).encode())


def _parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """'A1:C3' (or 'A1') -> (min_row, min_col, max_row, max_col); None if unreadable."""
    parts = ref.strip().split(":")
    if not 1 <= len(parts) <= 2:
        return None
    a = _parse_ref(parts[0])
    b = _parse_ref(parts[-1])
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _last_end_tag(buf: bytes, name: bytes) -> int:
    """Position just after the last end tag ``</name>`` / ``</prefix:name>`` in ``buf``
    (``name`` given with its ``>``, e.g. b"row>"); 0 if there is none."""
    i = len(buf)
    while True:
        i = buf.rfind(name, 0, i)
        if i < 0:
            return 0
        j = buf.rfind(b"<", 0, i)
        if j >= 0 and buf[j + 1:j + 2] == b"/" and (j + 2 == i or buf[i - 1:i] == b":"):
            return i + len(name)


_MAX_HEAD = 32 << 20     # bytes before <sheetData> (legitimately a few KB)
_MAX_PENDING = 4 << 20   # a row longer than this is cut between cells


class _SheetScanner:
    """Consumes a worksheet's bytes piece by piece; fills a SheetLayout."""

    def __init__(self, layout: SheetLayout, limits: Limits):
        self.lay = layout
        self.limits = limits
        self.phase = 0  # 0: before <sheetData>, 1: inside, 2: after
        self.buf = b""
        self.tail: list[bytes] = []
        self.row = 0  # current row number (for cells / rows without r)
        self.styles = StyleMap()
        # the row block being collected for the StyleMap
        self._b_row = -1
        self._b_cols: list[int] = []
        self._b_sids: list[int] = []
        self._sid_cache: dict[bytes, int] = {b"": 0, b"0": 0}
        self._rx, self._end = _row_cell_regex(b"")
        self._col = 0
        self._col_letters = b""
        self._cell_rd = b""
        # The cell guard (see `_guard`): cells read so far and the farthest row and column.
        self.cells = 0
        self.max_row = 0
        self.max_col = 0

    # -- feeding ------------------------------------------------------------------------
    def feed(self, piece: bytes) -> None:
        buf = self.buf + piece if self.buf else piece
        if self.phase == 0:
            m = _SHEETDATA_START.search(buf, max(0, len(self.buf) - 256))
            if m is None:
                if len(buf) > _MAX_HEAD:
                    raise UnsafeWorkbook("corrupt", f"{self.lay.path}: no <sheetData> in the first {_MAX_HEAD} bytes")
                self.buf = buf
                return
            self._head(buf[: m.start()])
            buf = buf[m.end():]
            self._rx, self._end = _row_cell_regex(m.group(1) or b"")
            self.phase = 2 if m.group(2) else 1
        if self.phase == 1:
            e = self._end.search(buf)
            if e is not None:
                self._rows(buf[: e.start()])
                buf = buf[e.end():]
                self.phase = 2
            else:
                cut = _last_end_tag(buf, b"row>")
                if not cut and len(buf) > _MAX_PENDING:
                    cut = _last_end_tag(buf, b"c>")  # one enormous row: cut between cells
                if cut:
                    self._rows(buf[:cut])
                    buf = buf[cut:]
                self.buf = buf
                return
        if self.phase == 2:
            self.tail.append(buf)
            buf = b""
        self.buf = buf

    def finish(self) -> SheetLayout:
        if self.phase == 0:
            self._head(self.buf)  # a sheet without <sheetData>
        elif self.phase == 1:
            self._rows(self.buf)  # truncated / unterminated sheetData: read what is there
        self._flush_row()
        tail = b"".join(self.tail)
        for raw in _MERGE.findall(tail):
            ref = _attrs(raw).get("ref")
            rng = _parse_range(ref) if ref else None
            if rng:
                self.lay.merged.append(rng)
        self.lay.cell_style = self.styles
        return self.lay

    # -- parts ------------------------------------------------------------------------------
    def _head(self, head: bytes) -> None:
        if _prolog_unsafe(head):
            raise UnsafeWorkbook("xml_entities", f"{self.lay.path}: declares a DTD")
        lay = self.lay
        m = _DIMENSION.search(head)
        if m:
            ref = _attrs(m.group(1)).get("ref")
            if ref:
                lay.dimension = ref
                rng = _parse_range(ref)
                if rng:
                    cells = (rng[2] - rng[0] + 1) * (rng[3] - rng[1] + 1)
                    if cells > self.limits.max_cells:
                        raise UnsafeWorkbook("dimension_too_large",
                                             f"sheet {lay.name!r} declares {ref} = {cells} cells "
                                             f"(limit {self.limits.max_cells})")
        m = _SHEETFORMAT.search(head)
        if m:
            a = _attrs(m.group(1))
            if "defaultColWidth" in a:
                lay.default_col_width = _float(a["defaultColWidth"], lay.default_col_width)
            elif "baseColWidth" in a:
                base = _float(a["baseColWidth"], -1.0)
                if base >= 0:
                    lay.default_col_width = round(base + 5 / 7, 2)  # + padding (ECMA-376 18.3.1.81)
        widths, hidden = [], []
        for raw in _COL.findall(head):
            a = _attrs(raw)
            lo = _int(a.get("min"), 0)
            hi = _int(a.get("max"), lo)
            lo, hi = max(lo, 1), min(hi, MAX_COL)
            if lo > hi:
                continue
            width = _float(a["width"], -1.0) if "width" in a else -1.0
            if width >= 0:
                widths.append((lo, hi, width))
            if a.get("hidden", "0").strip().lower() in ("1", "true") or width == 0:
                hidden.append((lo, hi))
        lay.col_widths = ColumnWidths(widths)
        lay.hidden_cols = ColumnSet(hidden)

    def _flush_row(self) -> None:
        if self._b_cols:
            self.styles._add_row(self._b_row, self._b_cols, self._b_sids)
            self._b_cols = []
            self._b_sids = []

    def _guard(self, found: list[tuple], cells: int, max_row: int) -> None:
        """After a row block: count its ``cells`` and the farthest row and column its cells
        name, and refuse the sheet once they are more than ``max_cells`` or reach beyond a
        ``max_cells`` range from A1.

        The declared ``<dimension>`` is the writer's word: a sheet may declare A1 and hold
        millions of cells (the count), or two cells at A1 and XFD1048576 that calamine, which
        reads the values after this scan, turns into a dense grid of 17 billion (the span).
        This scan is the only reader that streams, so it is the guard; a block is a few MB of
        XML at most, so the sheet is refused within one block of the limit. The rows and the
        count come from the loop (one comparison per cell, one addition per row); the columns
        from one C-level pass over the block's matches. Cells without ``r`` or with their
        attributes in another form are placed, and guarded, by the loop itself (`_reach`)."""
        self.cells += cells
        if max_row > self.max_row:
            self.max_row = max_row
        letters = set(map(_LETTERS, found))
        letters.discard(b"")
        if letters:
            self.max_col = max(self.max_col, max(map(_col_index, letters)))
        self._check_cells(self.limits.max_cells)

    def _reach(self, row: int, col: int) -> None:
        """A cell at (row, col) that `_guard` could not place (no ``r``, or attributes in
        another order): widen the span and check it."""
        if row > self.max_row or col > self.max_col:
            self.max_row, self.max_col = max(row, self.max_row), max(col, self.max_col)
            self._check_cells(self.limits.max_cells)

    def _check_cells(self, lim: int) -> None:
        lay = self.lay
        if self.cells > lim:
            raise UnsafeWorkbook("too_many_cells", f"sheet {lay.name!r} holds more than {lim} cells "
                                                   f"(it declares {lay.dimension or 'no dimension'})")
        if self.max_row * self.max_col > lim:
            raise UnsafeWorkbook("too_many_cells", f"sheet {lay.name!r} has cells reaching row {self.max_row}, "
                                                   f"column {self.max_col}: more than {lim} cells from A1 "
                                                   f"(it declares {lay.dimension or 'no dimension'})")

    def _rows(self, data: bytes) -> None:
        found = self._rx.findall(data)
        lay = self.lay
        hidden_rows = lay.hidden_rows
        col_cache = _COL_CACHE
        sid_cache = self._sid_cache
        row = self.row
        col = self._col  # column of the previous cell; -1: take it from col_letters
        col_letters = self._col_letters  # letters of the previous cell that had r
        cell_rd = self._cell_rd  # row digits of the previous cell that had r
        b_row, b_cols, b_sids = self._b_row, self._b_cols, self._b_sids
        last_rd = b""
        last_r = 0
        n_rows = 0  # row elements of the block (the rest of `found` are cells)
        far_row = 0  # the largest row a cell of the block names
        row_r = _ROW_R.search
        row_hidden = _ROW_HIDDEN.search
        for rowtag, rattrs, cl, rd, s1, t, s2, rest, body in found:
            if rowtag:
                n_rows += 1
                m = row_r(rattrs)
                r = int(m.group(1)) if m else 0
                if 0 < r <= MAX_ROW:
                    row = r
                else:  # no r: the row after the previous one
                    row = max(row, int(cell_rd) if cell_rd else 0) + 1
                col = 0
                col_letters = cell_rd = b""
                if (b"hidden" in rattrs or b"ht" in rattrs) and row_hidden(rattrs):
                    hidden_rows.add(row)
                continue
            if cl and not (rest and b"s=" in rest):
                s = s1 or s2
            else:  # any other attribute form: parse the attributes
                a = _attrs(rest)
                ref = _REF.match(a.get("r", "").strip())
                if ref:
                    cl, rd = ref.group(1).upper().encode(), ref.group(2).encode()
                    self._reach(int(rd), _col_index(cl))  # `_guard` sees no letters in this form
                else:
                    cl = rd = b""
                s = a.get("s", "").strip().encode()
                if not s.isdigit():
                    s = b""
            sid = sid_cache.get(s)
            if sid is None:
                sid = sid_cache[s] = int(s)
            if cl:
                col_letters = cl
                cell_rd = rd
                col = -1
                if rd != last_rd:  # before the skip below: an empty cell counts for the guard too
                    last_rd = rd
                    last_r = int(rd)
                    if last_r > far_row:
                        far_row = last_r
                if not sid and not body:
                    continue
                c = col_cache.get(cl) or _col_index(cl)
                r = last_r
            else:  # no r: one column right of the previous cell of the row
                if col < 0:
                    col = col_cache.get(col_letters) or _col_index(col_letters)
                col += 1
                c = col
                r = row
                if c > self.max_col or r > self.max_row:  # a rare form: guarded here, not in `_guard`
                    self._reach(r, c)
                if not sid and not body:
                    continue
            if sid and c <= MAX_COL:
                if r != b_row:
                    if b_cols:
                        self.styles._add_row(b_row, b_cols, b_sids)
                        b_cols = []
                        b_sids = []
                    b_row = r
                b_cols.append(c)
                b_sids.append(sid)
            if body:
                if not t and rest and b"t=" in rest:
                    t = _attrs(rest).get("t", "n").encode()
                if t == b"e":  # an error value (#DIV/0!, #REF!…): calamine gives it as ""
                    v = _VALUE.search(body)
                    if v is not None and v.group(1):
                        self.lay.errors[(r, c)] = _unescape(v.group(1))
                self._formula((r, c), t, body)
        self.row, self._col, self._col_letters, self._cell_rd = row, col, col_letters, cell_rd
        self._b_row, self._b_cols, self._b_sids = b_row, b_cols, b_sids
        self._guard(found, len(found) - n_rows, far_row)

    def _formula(self, key, t: bytes, body: bytes) -> None:
        m = _FORMULA.search(body)
        if m is None:
            return
        formulas, uncached = self.lay.formulas, self.lay.uncached_formulas
        text = m.group(2)
        formulas[key] = _unescape(text) if text else ""
        v = _VALUE.search(body)
        if v is None:
            uncached.add(key)
        elif not v.group(2) and not v.group(1):
            # <v/> or <v></v>: Excel writes that for a formula whose result is "" (t="str");
            # other writers (openpyxl) for a formula never calculated.
            if t not in (b"str", b"inlineStr", b"s"):
                uncached.add(key)


# --------------------------------------------------------------------------- workbook


def _sheet_parts(gz: GuardedZip) -> tuple[list[tuple[str, str]], str | None]:
    """[(sheet name, worksheet part)] in workbook order (worksheets only) and the styles part."""
    main = gz.main_part()
    if main is None or not main.lower().endswith(".xml"):
        return [], None
    try:
        root = parse_xml(gz.read_xml(main))
    except ValueError:
        return [], None
    rels = gz.rels(main)
    styles = next((t for typ, t in rels.values() if typ.endswith("/styles")), None)
    if styles is None:
        guess = resolve_target(PurePosixPath("/" + main).parent, "styles.xml")
        styles = guess if gz.find(guess) else None
    sheets_el = _child(root, "sheets")
    out: list[tuple[str, str]] = []
    if sheets_el is None:
        return out, styles
    for sh in sheets_el:
        if _local(sh.tag) != "sheet":
            continue
        name = sh.get("name")
        if name is None:
            continue
        # r:id under any prefix (transitional or strict relationships namespace)
        rid = next((v for k, v in sh.attrib.items() if k.startswith("{") and _local(k) == "id"), sh.get("id"))
        rel = rels.get(rid or "")
        if rel is None:
            continue
        rtype, target = rel
        kind = rtype.rsplit("/", 1)[-1].lower()
        if kind != "worksheet":
            continue  # chartsheet, dialogsheet, xlMacrosheet
        out.append((name, target))
    return out, styles


def read_layout(path: str | Path, limits: Limits | None = None) -> dict[str, SheetLayout]:
    """Sheet name -> SheetLayout for every worksheet of an .xlsx/.xlsm.

    {} for anything that is not a zip-based SpreadsheetML workbook (.xls, .xlsb, .ods, a
    damaged zip, a docx...). Raises ``UnsafeWorkbook`` for zip bombs (declared or discovered
    while inflating), DTD/entity declarations, declared dimensions above ``max_cells`` and
    sheets whose cells, as scanned, are more than ``max_cells`` or span more from A1.
    A worksheet whose compressed data is damaged is left out.
    """
    limits = limits or Limits()
    path = Path(path)
    try:
        with open_regular(path) as fh:
            if fh.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
                return {}
    except OSError:
        return {}
    try:
        gz = GuardedZip(path, limits)
    except UnsafeWorkbook as exc:
        if exc.reason == "corrupt":
            return {}
        raise
    with gz:
        try:
            parts, styles_part = _sheet_parts(gz)
        except UnsafeWorkbook as exc:
            if exc.reason in ("corrupt", "zip_unsupported"):
                return {}
            raise
        if not parts:
            return {}
        styles = [DEFAULT_STYLE]
        if styles_part and gz.find(styles_part) is not None:
            try:
                styles = parse_styles(gz.read_xml(styles_part))
            except UnsafeWorkbook as exc:
                if exc.reason not in ("corrupt", "zip_unsupported"):
                    raise
        out: dict[str, SheetLayout] = {}
        for name, part in parts:
            info = gz.find(part)
            if info is None:
                continue
            lay = SheetLayout(name=name, styles=styles, path=info.filename)
            scanner = _SheetScanner(lay, limits)
            try:
                _feed(scanner, gz.iter_member(info))
            except UnsafeWorkbook as exc:
                if exc.reason in ("corrupt", "zip_unsupported"):
                    continue
                raise
            out[name] = scanner.finish()
        return out


def _feed(scanner: _SheetScanner, pieces) -> None:
    it = iter(pieces)
    first = next(it, b"")
    if first[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
        # UTF-16 worksheet (legal, rare): re-encode incrementally to UTF-8
        import codecs

        enc = "utf-16" if first[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if first[:1] == b"<" else "utf-16-be")
        dec = codecs.getincrementaldecoder(enc)("replace")
        scanner.feed(dec.decode(first).lstrip("\ufeff").encode("utf-8"))
        for piece in it:
            scanner.feed(dec.decode(piece).encode("utf-8"))
        scanner.feed(dec.decode(b"", final=True).encode("utf-8"))
        return
    if first[:3] == b"\xef\xbb\xbf":
        first = first[3:]
    scanner.feed(first)
    for piece in it:
        scanner.feed(piece)
