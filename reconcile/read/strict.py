"""Strict OOXML workbooks (ISO/IEC 29500 Strict: Excel's "Strict Open XML Spreadsheet").

A Strict package is a transitional one with other namespace URIs
(``http://purl.oclc.org/ooxml/spreadsheetml/main`` instead of
``http://schemas.openxmlformats.org/spreadsheetml/2006/main``, and so on for relationships,
DrawingML and the document properties) and ``conformance="strict"`` on the workbook element.
The reader reads both alike (calamine, and layout.py matches local names and relationship
types by their last segment). openpyxl finds no sheet in a Strict file, so the annotated
copy loads a transitional rewrite made by :func:`to_transitional`.
"""
from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from reconcile.read.safety import GuardedZip, Limits, UnsafeWorkbook, parse_xml

__all__ = ["STRICT_MAIN", "is_strict", "to_transitional"]

STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"

# Strict URI: http://purl.oclc.org/ooxml/<area>/<name>[/<relationship type>...]
# Transitional: http://schemas.openxmlformats.org/<area>/2006/<name>[/...], where two names
# are spelt differently; a URI outside the known areas is left as it is. Only whole
# attribute values are rewritten (xmlns, xmlns:r, a relationship's Type): a cell text that
# happens to quote such a URI stays as typed.
_STRICT_URI = re.compile(rb"""(\s[A-Za-z_][\w:.\-]*\s*=\s*)(["'])http://purl\.oclc\.org/ooxml/"""
                         rb"""([A-Za-z]+)/([A-Za-z]+)((?:/[A-Za-z][\w\-]*)*)\2""")
_AREAS = {b"spreadsheetml", b"officeDocument", b"drawingml", b"wordprocessingml", b"presentationml",
          b"schemaLibrary"}
_SPELLING = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties"}
_CONFORMANCE = re.compile(rb"""\sconformance\s*=\s*(?:"strict"|'strict')""")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def is_strict(path: str | Path, limits: Limits | None = None) -> bool:
    """True when `path` is an xlsx/xlsm package whose workbook part is Strict SpreadsheetML.
    False for a transitional workbook and for anything that is not a readable package."""
    try:
        with GuardedZip(path, limits) as gz:
            main = gz.main_part()
            if main is None or not main.lower().endswith(".xml"):
                return False
            root = parse_xml(gz.read_xml(main))
    except (UnsafeWorkbook, ValueError, OSError, KeyError):
        return False
    return root.tag.startswith("{" + STRICT_MAIN + "}") or root.get("conformance") == "strict"


def to_transitional(path: str | Path, dest: str | Path, limits: Limits | None = None) -> None:
    """Write to `dest` a transitional copy of the Strict package `path`: every XML part with
    its namespace URIs and relationship types rewritten and ``conformance="strict"``
    dropped, every other part (images, vbaProject.bin, printer settings) copied byte for
    byte. Parts are read through `GuardedZip` (bounded, like every read of an input).
    `dest` is written to a temporary file beside it and moved into place (mode 0600, as
    tempfile makes it: an intermediate for openpyxl, not a deliverable)."""
    dest = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=".strict-", suffix=".xlsx", dir=dest.parent)
    os.close(fd)
    try:
        with GuardedZip(path, limits) as gz, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in gz.infos:
                if info.is_dir():
                    continue
                data = gz.read(info)
                if _is_xml_part(info.filename, data):
                    data = transitional_xml(data)
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.compress_type = zipfile.ZIP_DEFLATED
                copy.external_attr = info.external_attr
                out.writestr(copy, data)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def transitional_xml(data: bytes) -> bytes:
    """One XML part with its Strict namespace URIs (and relationship types) rewritten to the
    transitional ones, and without ``conformance="strict"``. A UTF-16 part stays UTF-16."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
        enc = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-16-le" if data[:1] == b"<" else "utf-16-be")
        text = data.decode(enc, "surrogatepass").lstrip("\ufeff")
        new = transitional_xml(text.encode("utf-8", "surrogatepass")).decode("utf-8", "surrogatepass")
        return new.encode(enc, "surrogatepass")  # "utf-16" writes the byte order mark again
    data = _STRICT_URI.sub(_transitional_uri, data)
    return _CONFORMANCE.sub(b"", data)


def _transitional_uri(m: re.Match) -> bytes:
    attr, quote, area, name, rest = m.groups()
    if area not in _AREAS:
        return m.group(0)
    tail = b"/".join(_SPELLING.get(seg, seg) for seg in rest.split(b"/")) if rest else b""
    uri = b"http://schemas.openxmlformats.org/" + area + b"/2006/" + _SPELLING.get(name, name) + tail
    return attr + quote + uri + quote


def _is_xml_part(name: str, data: bytes) -> bool:
    if name.lower().endswith(_XML_SUFFIXES):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml")
