"""The xlsx package as parts: read any part, copy the untouched ones byte for byte.

An untouched part is copied as its compressed bytes (local header rewritten, data as it
was): no inflate, no deflate, so the copy of a part is the part, and copying costs what the
disk costs. Only the parts we change are compressed again.
"""
from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass
from html import unescape

_ATTR = re.compile(rb"""([A-Za-z_][\w:.\-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REL = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?Relationship\b[^>]*?/?>", re.S)

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = REL_NS + "/"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


class Unpatchable(Exception):
    """The package holds something the patcher does not handle: the caller falls back to
    rebuilding the copy (and says what that copy cannot keep)."""


def attrs(tag: bytes) -> dict[str, str]:
    """The attributes of one start tag, unescaped, by their qualified name."""
    return {m.group(1).decode(): unescape((m.group(2) if m.group(2) is not None else m.group(3)).decode("utf-8"))
            for m in _ATTR.finditer(tag)}


def esc(text: str, quote: bool = True) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship's target as a part name (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


@dataclass
class Rel:
    id: str
    type: str  # last segment of the type URI ("worksheet", "comments", "vmlDrawing")
    target: str  # resolved part name ("" for an external target)
    raw: bytes


def parse_rels(source_part: str, data: bytes) -> list[Rel]:
    out = []
    for m in _REL.finditer(data):
        a = attrs(m.group(0))
        external = a.get("TargetMode", "").lower() == "external"
        target = "" if external else resolve(source_part, a.get("Target", ""))
        out.append(Rel(a.get("Id", ""), a.get("Type", "").rsplit("/", 1)[-1], target, m.group(0)))
    return out


def add_rels(data: bytes | None, new: list[tuple[str, str, str]]) -> bytes:
    """`data` (a .rels part, or None for a new one) with relationships (id, type, target) appended."""
    if data is None:
        data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    if re.search(rb"<Relationships\b[^>]*/>", data):
        data = re.sub(rb"<Relationships\b([^>]*?)\s*/>", rb"<Relationships\1></Relationships>", data, count=1)
    text = "".join(f'<Relationship Id="{esc(i)}" Type="{REL_TYPE}{t}" Target="{esc(target)}"/>' for i, t, target in new)
    end = data.rfind(b"</Relationships>")
    if end < 0:
        raise Unpatchable("relationships part without its end tag")
    return data[:end] + text.encode() + data[end:]


def drop_rels(data: bytes, ids: set[str]) -> bytes:
    return _REL.sub(lambda m: b"" if attrs(m.group(0)).get("Id") in ids else m.group(0), data)


def free_rel_id(rels: list[Rel], taken: set[str] = frozenset()) -> str:
    used = {r.id for r in rels} | set(taken)
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


class ContentTypes:
    """[Content_Types].xml, edited in place: overrides added or removed, defaults added."""

    def __init__(self, data: bytes):
        self.data = data

    def override_of(self, part: str) -> str | None:
        for m in re.finditer(rb"<(?:\w+:)?Override\b[^>]*?/?>", self.data):
            a = attrs(m.group(0))
            if a.get("PartName", "").lstrip("/").lower() == part.lower():
                return a.get("ContentType")
        return None

    def has_default(self, ext: str) -> bool:
        return any(attrs(m.group(0)).get("Extension", "").lower() == ext
                   for m in re.finditer(rb"<(?:\w+:)?Default\b[^>]*?/?>", self.data))

    def add(self, element: str) -> None:
        end = self.data.rfind(b"</Types>")
        if end < 0:
            raise Unpatchable("[Content_Types].xml without its end tag")
        self.data = self.data[:end] + element.encode() + self.data[end:]

    def add_override(self, part: str, content_type: str) -> None:
        self.add(f'<Override PartName="/{esc(part)}" ContentType="{content_type}"/>')

    def add_default(self, ext: str, content_type: str) -> None:
        if not self.has_default(ext):
            self.add(f'<Default Extension="{ext}" ContentType="{content_type}"/>')

    def remove_overrides(self, parts: set[str]) -> None:
        low = {p.lower() for p in parts}

        def sub(m):
            return b"" if attrs(m.group(0)).get("PartName", "").lstrip("/").lower() in low else m.group(0)

        self.data = re.sub(rb"<(?:\w+:)?Override\b[^>]*?/?>", sub, self.data)


class PackageWriter:
    """The copy being written: raw copies of untouched parts, new bytes for the others."""

    def __init__(self, path: str):
        self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)

    def copy_raw(self, src: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        fp = src.fp
        fp.seek(info.header_offset)
        header = fp.read(30)
        if header[:4] != b"PK\x03\x04":
            raise Unpatchable(f"{info.filename}: bad local header")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        fp.seek(info.header_offset + 30 + name_len + extra_len)
        raw = fp.read(info.compress_size)
        if len(raw) != info.compress_size:
            raise Unpatchable(f"{info.filename}: truncated")
        new = zipfile.ZipInfo(info.filename, info.date_time)
        new.compress_type = info.compress_type
        new.CRC, new.compress_size, new.file_size = info.CRC, info.compress_size, info.file_size
        new.external_attr, new.create_system = info.external_attr, info.create_system
        new.flag_bits = info.flag_bits & 0x0800  # UTF-8 name kept; no data descriptor: sizes are in the header
        out = self.zf
        new.header_offset = out.fp.tell()
        zip64 = new.file_size > zipfile.ZIP64_LIMIT or new.compress_size > zipfile.ZIP64_LIMIT
        out.fp.write(new.FileHeader(zip64))
        out.fp.write(raw)
        out.filelist.append(new)
        out.NameToInfo[new.filename] = new
        out.start_dir = out.fp.tell()
        out._didModify = True

    def write(self, name: str, data: bytes, level: int | None = None) -> None:
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # a large rewritten sheet is deflated fast: its size matters less than the wait
        self.zf.writestr(info, data, compresslevel=level if level is not None else (1 if len(data) > 4_000_000 else 6))

    def close(self) -> None:
        self.zf.close()
