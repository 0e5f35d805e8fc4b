"""Guards that run before any library opens a workbook.

* :func:`sniff_format` tells what a file really is from its bytes (never the extension).
* :func:`check_zip` refuses zip bombs: it checks the sizes the zip's central directory
  declares and then inflates every member in bounded chunks, counting, without keeping the
  data, so a member that inflates beyond what it declares (or beyond the limits) is caught
  after at most one chunk too many.
* :func:`check_xml_safe` refuses XML with a DOCTYPE / ENTITY declaration (billion laughs,
  external entities). Where XML is parsed with a real parser, :func:`parse_xml` uses defusedxml.

:class:`GuardedZip` is the bounded member reader the layout reader uses for every part.

``UnsafeWorkbook.reason`` is one of:
``zip_bomb`` (a member's compression ratio is above the limit, or it inflates more than
64 KB beyond its declared size), ``too_large`` (total or member size above the limits),
``too_many_members``, ``duplicate_parts`` (two archive members with the same part name: the
zip reader, calamine and the layout reader could each take a different one),
``dimension_too_large`` (a sheet declares more cells than ``max_cells``), ``too_many_cells``
(a sheet's cells, as the layout scan reads them, are more than ``max_cells`` or reach beyond
a ``max_cells`` range: the declared dimension may lie), ``xml_entities``,
``not_regular`` (the path is a FIFO, a device, a socket: never a workbook, and reading one
may block forever),
``zip_unsupported`` (encrypted zip members, compression methods Office never writes),
``corrupt`` (the zip structure or a member's compressed data is damaged; for
:func:`check_zip` also a member inflating a few bytes beyond its declared size, which
calamine refuses).
"""
from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

__all__ = [
    "Limits", "UnsafeWorkbook", "sniff_format", "check_zip", "check_xml_safe", "parse_xml",
    "GuardedZip", "open_regular", "is_regular_file",
]

CHUNK = 1 << 20                 # inflated bytes handed out per step
_RAW_CHUNK = 1 << 18            # compressed bytes read per step
_LARGE_MEMBER = 1_000_000       # the ratio limit applies above this uncompressed size
_SIZE_SLACK = 65_536            # inflating this much beyond the declared size is tolerated


@dataclass(frozen=True)
class Limits:
    max_uncompressed_bytes: int = 1_000_000_000  # total of all zip members
    max_member_bytes: int = 500_000_000
    max_ratio: float = 200.0                     # uncompressed/compressed per large member (> 1 MB)
    max_cells: int = 5_000_000                   # per sheet: declared rows*cols, cells read, their span
    max_members: int = 100_000


class UnsafeWorkbook(Exception):
    """The workbook is refused before (or while) reading it. ``reason`` is a short machine code."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# --------------------------------------------------------------------------- opening files

# O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever (the
# fstat below then refuses it); on a regular file it changes nothing.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def is_regular_file(path: str | Path) -> bool:
    """`path` (symlinks followed) is an ordinary file. Raises OSError when it does not exist."""
    return stat.S_ISREG(os.stat(path).st_mode)


def open_regular(path: str | Path):
    """`path` opened for binary reading, only if it is an ordinary file (a symlink to one is).

    A FIFO, a device (/dev/zero, a terminal) or a socket is refused with
    ``UnsafeWorkbook("not_regular")``: a FIFO blocks the reader forever, a device never ends.
    The check is made on the opened descriptor, so a file swapped for a FIFO between an
    earlier check and this open is refused too, without blocking."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeWorkbook("not_regular", f"{path}: not an ordinary file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


# --------------------------------------------------------------------------- XML safety

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def _to_utf8(data: bytes) -> bytes:
    """UTF-16 XML (legal, rare) re-encoded to UTF-8 so byte regexes work; UTF-8 BOM dropped."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace").encode("utf-8")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", "replace").encode("utf-8")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", "replace").encode("utf-8")
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:]
    return data


def check_xml_safe(data: bytes) -> None:
    """Raise ``UnsafeWorkbook("xml_entities")`` when the XML holds a DOCTYPE or ENTITY declaration."""
    m = _DTD.search(_to_utf8(data))
    if m:
        raise UnsafeWorkbook("xml_entities", "XML declares a DOCTYPE/ENTITY (entity expansion refused)")


def _prolog_unsafe(buf: bytes) -> bool | None:
    """Look at an XML document's prolog: True if it declares a DTD, False once the root element
    starts, None when ``buf`` ends before that is known. A DTD can only appear in the prolog."""
    i, n = 0, len(buf)
    while True:
        while i < n and buf[i] in b" \t\r\n":
            i += 1
        if i >= n:
            return None
        if buf[i:i + 1] != b"<":
            return False  # not XML (or text before the root): nothing a parser would expand
        if n - i < 9:
            return None
        if buf.startswith(b"<?", i):
            j = buf.find(b"?>", i)
            if j < 0:
                return None
            i = j + 2
        elif buf.startswith(b"<!--", i):
            j = buf.find(b"-->", i + 4)
            if j < 0:
                return None
            i = j + 3
        elif buf.startswith(b"<!", i):
            return True  # <!DOCTYPE ...> (or <!ENTITY outside a DTD, equally refused)
        else:
            return False


def parse_xml(data: bytes):
    """Parse a (small) XML part with defusedxml: DTDs and entities raise ``UnsafeWorkbook``.
    Returns the root Element; raises ``ValueError`` for XML that is not well formed."""
    import defusedxml
    import defusedxml.ElementTree as DET
    from xml.etree.ElementTree import ParseError

    check_xml_safe(data)
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeWorkbook("xml_entities", f"{type(exc).__name__}: {exc}") from None
    except ParseError as exc:
        raise ValueError(f"malformed XML: {exc}") from None


# --------------------------------------------------------------------------- guarded zip


def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


class GuardedZip:
    """A zip opened for bounded reading. Declared sizes are checked on open; every read counts
    what it inflates against the member's declared size and the limits."""

    def __init__(self, path: str | Path, limits: Limits | None = None, *, check: bool = True):
        self.limits = limits or Limits()
        self._fp = open_regular(path)
        try:
            self._fp.seek(0, 2)
            self._file_size = self._fp.tell()
            self._fp.seek(0)
            try:
                self.zf = zipfile.ZipFile(self._fp)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
                raise UnsafeWorkbook("corrupt", f"not a readable zip: {exc}") from None
            self.infos = self.zf.infolist()
            self._by_name: dict[str, zipfile.ZipInfo] = {}
            self._duplicates: list[str] = []
            for info in self.infos:
                key = _norm(info.filename)
                if key in self._by_name and not info.is_dir():
                    self._duplicates.append(info.filename)
                self._by_name.setdefault(key, info)
            self.total_read = 0
            if check:
                self.check_declared()
        except BaseException:
            self._fp.close()
            raise

    def close(self) -> None:
        self._fp.close()

    def __enter__(self) -> GuardedZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- declared sizes (central directory) -------------------------------------------
    def check_declared(self) -> None:
        lim = self.limits
        if len(self.infos) > lim.max_members:
            raise UnsafeWorkbook("too_many_members", f"{len(self.infos)} zip members (limit {lim.max_members})")
        if self._duplicates:
            # zipfile keeps the last of equal names, this class the first, calamine its own
            # choice: values, layout and the annotated copy could each come from other data.
            raise UnsafeWorkbook("duplicate_parts", f"{self._duplicates[0]}: more than one member with this "
                                                    "name (part names compare without case)")
        total = 0
        for info in self.infos:
            size = info.file_size
            total += size
            if size > lim.max_member_bytes:
                raise UnsafeWorkbook("too_large", f"{info.filename}: declares {size} bytes uncompressed "
                                                  f"(limit {lim.max_member_bytes})")
            if size > _LARGE_MEMBER and size / max(info.compress_size, 1) > lim.max_ratio:
                raise UnsafeWorkbook("zip_bomb", f"{info.filename}: compression ratio "
                                                 f"{size / max(info.compress_size, 1):.0f} (limit {lim.max_ratio:g})")
        if total > lim.max_uncompressed_bytes:
            raise UnsafeWorkbook("too_large", f"members declare {total} bytes uncompressed "
                                              f"(limit {lim.max_uncompressed_bytes})")

    # -- lookup -----------------------------------------------------------------------
    def find(self, name: str) -> zipfile.ZipInfo | None:
        """A member by part name: leading '/', backslashes, case and %-escapes forgiven."""
        key = _norm(name)
        info = self._by_name.get(key)
        if info is None and "%" in key:
            info = self._by_name.get(_norm(unquote(name)))
        return info

    # -- bounded reading --------------------------------------------------------------
    def iter_member(self, info: zipfile.ZipInfo | str, chunk: int = CHUNK, exact: bool = False) -> Iterator[bytes]:
        """The member's inflated bytes, in pieces of at most ``chunk`` bytes. Raises
        ``UnsafeWorkbook`` as soon as more comes out than declared or than the limits allow.
        A member inflating to slightly more than declared (a damaged header; calamine refuses
        it) is read as it is, or refused as ``corrupt`` when ``exact``."""
        if isinstance(info, str):
            found = self.find(info)
            if found is None:
                raise KeyError(info)
            info = found
        lim = self.limits
        declared = info.file_size
        # a few bytes more than declared happen in real files with a hand-patched header
        # (calamine reads them); a bomb lying about its size inflates far more.
        allowed = declared + _SIZE_SLACK
        ratio_cap = lim.max_ratio * max(info.compress_size, 1)
        produced = 0

        def account(n: int) -> None:
            nonlocal produced
            produced += n
            self.total_read += n
            if produced > declared:
                if produced > allowed:
                    raise UnsafeWorkbook("zip_bomb", f"{info.filename}: inflates beyond its declared size {declared}")
                if exact:
                    raise UnsafeWorkbook("corrupt", f"{info.filename}: inflates to more than its declared size {declared}")
            if produced > _LARGE_MEMBER and produced > ratio_cap:
                raise UnsafeWorkbook("zip_bomb", f"{info.filename}: inflates more than {lim.max_ratio:g}x")
            if produced > lim.max_member_bytes:
                raise UnsafeWorkbook("too_large", f"{info.filename}: more than {lim.max_member_bytes} bytes")
            if self.total_read > lim.max_uncompressed_bytes:
                raise UnsafeWorkbook("too_large", f"more than {lim.max_uncompressed_bytes} bytes inflated in total")

        if info.flag_bits & 0x1:
            raise UnsafeWorkbook("zip_unsupported", f"{info.filename}: encrypted zip member")
        method = info.compress_type
        if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            yield from self._iter_other(info, chunk, account)
            return

        fp = self._fp
        fp.seek(info.header_offset)
        head = fp.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise UnsafeWorkbook("corrupt", f"{info.filename}: bad local file header")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        left = info.compress_size
        if start + left > self._file_size:
            raise UnsafeWorkbook("corrupt", f"{info.filename}: compressed data runs past the end of the file")
        pos = start

        if method == zipfile.ZIP_STORED:
            while left > 0:
                fp.seek(pos)
                data = fp.read(min(chunk, left))
                if not data:
                    raise UnsafeWorkbook("corrupt", f"{info.filename}: truncated")
                pos += len(data)
                left -= len(data)
                account(len(data))
                yield data
            return

        d = zlib.decompressobj(-15)
        try:
            while left > 0 and not d.eof:
                fp.seek(pos)
                raw = fp.read(min(_RAW_CHUNK, left))
                if not raw:
                    raise UnsafeWorkbook("corrupt", f"{info.filename}: truncated")
                pos += len(raw)
                left -= len(raw)
                while raw and not d.eof:
                    out = d.decompress(raw, chunk)
                    raw = d.unconsumed_tail
                    if out:
                        account(len(out))
                        yield out
            if not d.eof:
                out = d.flush()
                if out:
                    account(len(out))
                    yield out
        except zlib.error as exc:
            raise UnsafeWorkbook("corrupt", f"{info.filename}: {exc}") from None

    def _iter_other(self, info: zipfile.ZipInfo, chunk: int, account) -> Iterator[bytes]:
        # bzip2 / lzma: zipfile's reader stops at the declared size; count what comes out.
        try:
            with self.zf.open(info) as fh:
                while True:
                    data = fh.read(chunk)
                    if not data:
                        return
                    account(len(data))
                    yield data
        except NotImplementedError as exc:
            raise UnsafeWorkbook("zip_unsupported", f"{info.filename}: {exc}") from None
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            raise UnsafeWorkbook("corrupt", f"{info.filename}: {exc}") from None

    def read(self, info: zipfile.ZipInfo | str) -> bytes:
        """A whole (small) member, bounded like ``iter_member``."""
        return b"".join(self.iter_member(info))

    def read_xml(self, info: zipfile.ZipInfo | str) -> bytes:
        """A whole XML member as UTF-8, refused if it declares a DTD."""
        data = _to_utf8(self.read(info))
        check_xml_safe(data)
        return data

    # -- package structure --------------------------------------------------------------
    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part`` (``""`` = the package): Id -> (Type, resolved part name).
        External targets are left out. Missing or malformed .rels gives {}."""
        p = PurePosixPath("/" + part.lstrip("/"))
        rels_name = (str(p.parent / "_rels" / (p.name + ".rels")) if part else "/_rels/.rels").lstrip("/")
        info = self.find(rels_name)
        if info is None:
            return {}
        try:
            root = parse_xml(self.read(info))
        except ValueError:
            return {}
        base = p.parent if part else PurePosixPath("/")
        out: dict[str, tuple[str, str]] = {}
        for el in root.iter():
            if _local(el.tag) != "Relationship":
                continue
            if (el.get("TargetMode") or "").lower() == "external":
                continue
            target = (el.get("Target") or "").replace("\\", "/")
            if not target:
                continue
            out[el.get("Id") or ""] = (el.get("Type") or "", resolve_target(base, target))
        return out

    def content_types(self) -> dict[str, str]:
        """Override PartName (normalised) -> ContentType from [Content_Types].xml."""
        info = self.find("[Content_Types].xml")
        if info is None:
            return {}
        try:
            root = parse_xml(self.read(info))
        except ValueError:
            return {}
        return {_norm(el.get("PartName") or ""): el.get("ContentType") or ""
                for el in root.iter() if _local(el.tag) == "Override"}

    def main_part(self) -> str | None:
        """The workbook part: the package's officeDocument relationship, else the content-type
        override for a workbook, else xl/workbook.xml / xl/workbook.bin."""
        for rtype, target in self.rels("").values():
            if rtype.endswith("/officeDocument") and self.find(target) is not None:
                return target
        for name, ctype in self.content_types().items():
            if (ctype.endswith(".main+xml") and ("spreadsheetml" in ctype or "ms-excel" in ctype)) \
                    and self.find(name) is not None:
                return name
        for guess in ("xl/workbook.xml", "xl/workbook.bin"):
            if self.find(guess) is not None:
                return guess
        return None


def resolve_target(base: PurePosixPath, target: str) -> str:
    """A relationship target resolved against the source part's folder; absolute targets
    ('/xl/worksheets/sheet1.xml') start at the package root. Returned without leading '/'."""
    target = target.split("#", 1)[0]
    path = PurePosixPath(target) if target.startswith("/") else base / target
    parts: list[str] = []
    for seg in path.parts:
        if seg in ("/", "", "."):
            continue
        if seg == "..":
            if parts:
                parts.pop()
        else:
            parts.append(seg)
    return "/".join(parts)


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


# --------------------------------------------------------------------------- check_zip


def check_zip(path: str | Path, limits: Limits | None = None) -> None:
    """Refuse zip bombs and DTD-carrying XML before any library opens the file.

    First the sizes the central directory declares (total, per member, ratio of large
    members), then every member is inflated in bounded chunks and counted (nothing is kept):
    a member producing more than it declares or than the limits is refused on the spot.
    XML members (.xml, .rels) must not declare a DTD in their prolog.
    """
    limits = limits or Limits()
    with GuardedZip(path, limits) as gz:
        for info in gz.infos:
            if info.is_dir():
                continue
            # parts a parser reads (.xml, .rels); media such as an SVG logo may carry a
            # harmless DOCTYPE that nothing here parses
            prolog = _PrologCheck(info.filename) if info.filename.lower().endswith((".xml", ".rels")) else None
            for piece in gz.iter_member(info, exact=True):
                if prolog is not None and prolog.pending:
                    prolog.feed(piece)
            if prolog is not None:
                prolog.finish()


class _PrologCheck:
    """Fed a member's first pieces: raises when its XML prolog declares a DTD."""

    def __init__(self, name: str):
        self.name = name
        self.pending = True
        self.buf = b""

    def feed(self, piece: bytes) -> None:
        if not self.buf and piece[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
            # UTF-16 XML: the prolog is small; look at the first piece decoded
            self._verdict(_prolog_unsafe(_to_utf8(piece[: len(piece) // 2 * 2])), _to_utf8(piece[:4096]))
            self.pending = False
            return
        self.buf += piece
        if self.buf[:3] == b"\xef\xbb\xbf":
            self.buf = self.buf[3:]
        state = _prolog_unsafe(self.buf)
        if state is not None:
            self._verdict(state, b"")
            self.pending = False
            self.buf = b""
        elif len(self.buf) > 4 * CHUNK:  # an endless prolog (giant comment / PI)
            self._verdict(None, self.buf)
            self.buf = self.buf[-64:]

    def finish(self) -> None:
        if self.pending and self.buf:
            self._verdict(None, self.buf)

    def _verdict(self, state: bool | None, text: bytes) -> None:
        if state or (state is None and _DTD.search(text)):
            raise UnsafeWorkbook("xml_entities", f"{self.name}: declares a DTD (entity expansion refused)")


# --------------------------------------------------------------------------- sniff_format

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENC_NAMES = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def sniff_format(path: str | Path) -> str:
    """What the file is, from its bytes: "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "encrypted" |
    "pdf" | "docx" | "csv_or_text" | "empty" | "zip_other" | "corrupt" | "unknown", or
    "not_regular" for a FIFO, device or socket (never opened for reading, see `open_regular`).
    Raises OSError when the file does not exist or cannot be opened."""
    path = Path(path)
    if not is_regular_file(path):
        return "not_regular"
    try:
        return _sniff(path)
    except UnsafeWorkbook as exc:  # swapped for a FIFO after the stat above
        if exc.reason == "not_regular":
            return "not_regular"
        raise


def _sniff(path: Path) -> str:
    with open_regular(path) as fh:
        head = fh.read(8192)
    if not head:
        return "empty"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _sniff_zip(path)
    if head[:8] == _OLE:
        return _sniff_ole(path)
    if head[:5] == b"%PDF-":
        return "pdf"
    # BIFF2-4 .xls are bare record streams starting with a BOF record (09 00 / 09 02 / 09 04)
    if len(head) >= 4 and head[0] == 0x09 and head[1] in (0x00, 0x02, 0x04) and head[2] in (4, 6, 8) and head[3] == 0:
        return "xls"
    if _looks_text(head):
        return "csv_or_text"
    return "unknown"


def _looks_text(head: bytes) -> bool:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason.startswith("unexpected end"):
            return True  # cut inside the last character
    printable = sum(1 for b in head if b >= 0x20 or b in (9, 10, 13))
    return printable >= 0.95 * len(head)


def _sniff_zip(path: Path) -> str:
    # only [Content_Types].xml, the .rels and mimetype are read, each bounded to a few MB
    small = Limits(max_member_bytes=5_000_000, max_uncompressed_bytes=20_000_000, max_ratio=10**9)
    try:
        gz = GuardedZip(path, small, check=False)
    except UnsafeWorkbook as exc:
        if exc.reason == "not_regular":
            raise
        return "corrupt" if exc.reason == "corrupt" else "zip_other"
    except OSError:
        return "corrupt"
    names = set(gz._by_name)  # normalised member names
    try:
        if not names:
            return "zip_other"
        if "mimetype" in names:
            info = gz.find("mimetype")
            if info is not None and info.file_size < 200:
                mime = gz.read(info).strip()
                if mime == b"application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
                return "zip_other"
        try:
            main = gz.main_part()
        except (UnsafeWorkbook, ValueError):
            main = None
        if main is not None:
            low = main.lower()
            if low.endswith(".bin"):
                return "xlsb"
            ctype = ""
            try:
                ctype = gz.content_types().get(_norm(main), "")
            except (UnsafeWorkbook, ValueError):
                pass
            if "macroenabled" in ctype.lower():
                return "xlsm"
            if not ctype and any(n.endswith("vbaproject.bin") for n in names):
                return "xlsm"
            if ctype and not ("spreadsheetml" in ctype or "ms-excel" in ctype):
                return "docx" if "wordprocessingml" in ctype else "zip_other"
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "zip_other"
    except UnsafeWorkbook as exc:
        return "corrupt" if exc.reason == "corrupt" else "zip_other"
    finally:
        gz.close()


def _sniff_ole(path: Path) -> str:
    try:
        names, stream_start = _ole_directory(path)
    except Exception:  # noqa: BLE001 - a damaged compound file: fall back to a raw scan
        names, stream_start = None, None
    if names is None:
        with open_regular(path) as fh:
            data = fh.read(64 << 20)
        if any(n in data for n in _ENC_NAMES):
            return "encrypted"
        return "xls"
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted"
    if stream_start is not None and _biff_has_filepass(path, *stream_start):
        return "encrypted"
    if "Workbook" in names or "Book" in names or "WORKBOOK" in {n.upper() for n in names}:
        return "xls"
    if "WordDocument" in names:
        return "unknown"
    return "xls"


def _ole_directory(path: Path) -> tuple[list[str], tuple[int, int] | None]:
    """Names of the entries of an OLE2 compound file, and (offset, size) of the first sector of
    the Workbook/Book stream when it lives in the regular FAT (size >= 4096)."""
    with open_regular(path) as fh:
        fh.seek(0, 2)
        fsize = fh.tell()
        fh.seek(0)
        hdr = fh.read(512)
        if len(hdr) < 512:
            raise ValueError("short header")
        shift = struct.unpack_from("<H", hdr, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector shift")
        ssz = 1 << shift
        n_fat = struct.unpack_from("<I", hdr, 0x2C)[0]
        dir_start = struct.unpack_from("<I", hdr, 0x30)[0]
        difat_start, n_difat = struct.unpack_from("<II", hdr, 0x44)
        max_sectors = fsize // ssz + 1

        def sector(sid: int) -> bytes:
            if sid >= max_sectors:
                raise ValueError("sector out of range")
            fh.seek((sid + 1) * ssz)
            return fh.read(ssz)

        fat_sids = [s for s in struct.unpack_from("<109I", hdr, 0x4C) if s < 0xFFFFFFFA][:n_fat]
        sid, guard = difat_start, 0
        while sid < 0xFFFFFFFA and len(fat_sids) < n_fat and guard <= n_difat + 1:
            data = sector(sid)
            vals = struct.unpack(f"<{ssz // 4}I", data)
            fat_sids.extend(v for v in vals[:-1] if v < 0xFFFFFFFA)
            sid, guard = vals[-1], guard + 1
        fat: list[int] = []
        for s in fat_sids[:n_fat]:
            data = sector(s)
            fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
        names: list[str] = []
        wb_start = None
        sid, seen = dir_start, set()
        while sid < 0xFFFFFFFA and sid not in seen and len(seen) < max_sectors:
            seen.add(sid)
            data = sector(sid)
            for off in range(0, len(data) - 127, 128):
                ent = data[off: off + 128]
                nlen = struct.unpack_from("<H", ent, 64)[0]
                if not 2 <= nlen <= 64 or ent[66] == 0:
                    continue
                name = ent[: nlen - 2].decode("utf-16-le", "replace")
                names.append(name)
                if name in ("Workbook", "Book") and ent[66] == 2:
                    start, size = struct.unpack_from("<II", ent, 116)
                    if size >= 4096 and start < max_sectors:
                        wb_start = ((start + 1) * ssz, min(size, ssz))
            sid = fat[sid] if sid < len(fat) else 0xFFFFFFFE
        return names, wb_start


def _biff_has_filepass(path: Path, offset: int, size: int) -> bool:
    """A password-protected BIFF workbook has a FILEPASS record (0x002F) right after its BOF."""
    with open_regular(path) as fh:
        fh.seek(offset)
        data = fh.read(size)
    pos = 0
    for _ in range(20):
        if pos + 4 > len(data):
            return False
        rid, rlen = struct.unpack_from("<HH", data, pos)
        if rid == 0x002F:
            return True
        if rid in (0x0085, 0x00FC, 0x000A):  # BOUNDSHEET / SST / EOF: past where FILEPASS sits
            return False
        pos += 4 + rlen
    return False
