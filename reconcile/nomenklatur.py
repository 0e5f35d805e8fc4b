"""The ministry's official nomenclature (Permendagri 90/2019 and its updates) as a lookup table.

`load_nomenklatur(path)` reads the list from an xlsx/xls/ods or csv file, whatever its layout;
the layout is recognised from the header row:

* ``code_name`` — one column with the code and one with the name (CSV ``kode, level,
  nomenklatur, …``). Other columns (level, kinerja, indikator…) are ignored, except a
  "jenis pemda" column (PROV/KABKOT) that is kept with each entry.
* ``split`` — the code spread over several columns (``URUSAN, BIDANG URUSAN, PROGRAM,
  KEGIATAN, SUB KEGIATAN`` holding ``2``, ``7``/``"07"``/``"XX"``, ``3``, ``"2.01"``, ``1``),
  followed by a name column (``NOMENKLATUR URUSAN``). A row's level is given by how many code
  columns are filled.
* ``combined`` — one column per level holding "code + name" in one cell (``BIDANG | PROGRAM |
  KEGIATAN | SUBKEGIATAN`` with ``"2.07.03.2.01 Pelaksanaan …"``); every row yields the entries
  of all its levels.

Codes are normalised like the reader does (`reconcile.read.hierarchy.parse_code`):
``"2 07 03 2.01 01"`` → ``2.07.03.2.01.0001``. Codes of the generic Penunjang program
(``X.XX.01…``) stand for that program in every bidang: looking up ``2.07.01.2.01.0001`` finds
``X.XX.01.2.01.0001``.

Lookups: by code, by normalised name (per level) and the nearest official name (rapidfuzz),
fast for 10 000 entries. Loaded files are cached per (path, modification time, size).
"""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from reconcile.config import ConfigError
from reconcile.read.hierarchy import name_key, parse_code

# Level of a code by its number of parts (the list's own words: bidang is the X.XX level).
LEVEL_BY_PARTS = {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
# The reader calls both X and X.XX rows "urusan".
FRAME_LEVELS = {"urusan": ("urusan", "bidang"), "bidang": ("bidang",), "program": ("program",),
                "kegiatan": ("kegiatan",), "sub_kegiatan": ("sub_kegiatan",)}

_NAME_WORDS = {"nomenklatur", "nama", "uraian"}
_NOT_NAME = ("kinerja", "indikator", "satuan", "keterangan", "definisi", "pelaksana", "sebelumnya")
_LEVEL_ALTERNATIVES = {
    "urusan": "urusan", "unsur": "urusan",
    "bidang": "bidang", "bidang urusan": "bidang", "bidang unsur": "bidang",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub kegiatan": "sub_kegiatan", "subkegiatan": "sub_kegiatan", "sub keg": "sub_kegiatan",
}
_CODE_HEADERS = {"kode", "kode rekening", "kode nomenklatur", "code", "kd", "kode program kegiatan"}
_LEVEL_HEADERS = {"level", "tingkat", "jenis nomenklatur"}
_CODE_NAME_CELL = re.compile(r"^\s*([0-9Xx]{1,2}(?:\s*\.\s*[0-9Xx]{1,4}){0,5})\s*[-–:]?\s+(\S.*)$", re.S)
MAX_HEADER_SCAN = 20
# Columns kept with each entry (the official indicator and unit of a sub kegiatan).
_META_HEADERS = {"kinerja": "kinerja", "indikator": "indikator", "indikator kinerja": "indikator",
                 "satuan": "satuan", "satuan indikator": "satuan"}


class NomenklaturError(ConfigError):
    """The nomenclature file cannot be used (missing, unreadable, layout not recognised)."""


@dataclass(frozen=True, slots=True)
class Entry:
    code: str  # normalised: "2.07.03.2.01", "X.XX.01.2.01.0001"
    level: str  # urusan | bidang | program | kegiatan | sub_kegiatan
    name: str  # official spelling, whitespace collapsed
    jenis: str = ""  # PROV | KABKOT | "" (jenis pemda, when the list says)
    source: str = ""  # file name
    row: int = 0  # 1-based row in the file
    # What the list says of a sub kegiatan, when it has the columns (900/2023, 050, 2027 lists):
    # its kinerja (output), the official indikator and its satuan.
    kinerja: str = ""
    indikator: str = ""
    satuan: str = ""

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def frame_level(self) -> str:
        return "urusan" if self.level == "bidang" else self.level


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    score: float  # 0..100 (rapidfuzz ratio of the normalised names)


@dataclass
class Nomenklatur:
    """Official entries with lookups. Build with `load_nomenklatur` or `Nomenklatur(entries)`."""

    entries: list[Entry]
    sources: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)  # per source: code_name | split | combined

    def __post_init__(self) -> None:
        self._by_code: dict[str, list[Entry]] = {}
        self._by_key: dict[str, dict[str, list[Entry]]] = {lvl: {} for lvl in LEVELS}
        for e in self.entries:
            self._by_code.setdefault(e.code, []).append(e)
            self._by_key[e.level].setdefault(e.key, []).append(e)
        self._choices: dict[str, list[str]] = {lvl: list(d) for lvl, d in self._by_key.items()}
        self._word_index: dict[str, dict[str, set[int]]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    # -- lookups -------------------------------------------------------------------------------
    def by_code(self, code: str) -> list[Entry]:
        """Entries of a code ("2.07.03.2.01" or any printed form). A code of the Penunjang
        program of a bidang ("2.07.01.2.01.0001") also finds the generic "X.XX.01…" entry."""
        parsed = parse_code(code)
        if parsed is None:
            return []
        norm = parsed[0]
        found = self._by_code.get(norm)
        if found:
            return list(found)
        parts = norm.split(".")
        if len(parts) >= 3:
            generic = ".".join(["X", "XX"] + parts[2:])
            return list(self._by_code.get(generic, []))
        return []

    def official_names(self, code: str) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.by_code(code):
            seen.setdefault(e.name, None)
        return list(seen)

    def by_name(self, name: str, level: str | None = None) -> list[Entry]:
        """Entries whose normalised name equals `name`'s, at `level` (reader levels: "urusan"
        covers urusan and bidang) or at any level."""
        key = name_key(name)
        out: list[Entry] = []
        for lvl in self._levels(level):
            out.extend(self._by_key[lvl].get(key, []))
        return out

    def nearest(self, name: str, level: str | None = None, cutoff: float = 90.0) -> Match | None:
        """The official name nearest to `name` at `level` with a similarity ≥ `cutoff` (0..100),
        or None. An exact match (after normalising case, spaces and punctuation) scores 100."""
        from rapidfuzz import fuzz, process

        key = name_key(name)
        if not key:
            return None
        best: Match | None = None
        for lvl in self._levels(level):
            choices = self._choices[lvl]
            if not choices:
                continue
            hit = process.extractOne(key, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
            if hit is not None and (best is None or hit[1] > best.score):
                best = Match(self._by_key[lvl][hit[0]][0], float(hit[1]))
        return best

    def has_word(self, word: str, level: str | None = None) -> bool:
        """Whether an official name (at `level`) uses `word` (normalised)."""
        self._build_word_index()
        return any(word in self._word_index[lvl] for lvl in self._levels(level))

    def _build_word_index(self) -> None:
        if self._word_index is None:
            index: dict[str, dict[str, set[int]]] = {lvl: {} for lvl in LEVELS}
            for lvl in LEVELS:
                for i, key in enumerate(self._choices[lvl]):
                    for w in set(key.split()):
                        index[lvl].setdefault(w, set()).add(i)
            self._word_index = index

    def containing(self, name: str, level: str | None = None) -> list[Entry]:
        """Official entries whose name has every word of `name`, in the same order, and more:
        "Penyusunan Rencana Tenaga Kerja Mikro" finds "Fasilitasi Penyusunan Rencana Tenaga
        Kerja Mikro"."""
        words = name_key(name).split()
        if not words:
            return []
        self._build_word_index()
        out: list[Entry] = []
        for lvl in self._levels(level):
            index = self._word_index[lvl]
            sets = [index.get(w) for w in set(words)]
            if not all(sets):
                continue
            for i in set.intersection(*sorted(sets, key=len)):
                key = self._choices[lvl][i]
                if key != " ".join(words) and _in_order(words, key.split()):
                    out.append(self._by_key[lvl][key][0])
        return out

    def counts(self) -> dict[str, int]:
        """Distinct codes per level."""
        out = {lvl: 0 for lvl in LEVELS}
        for code, entries in self._by_code.items():
            out[entries[0].level] += 1
        return out

    def bidang_names(self) -> dict[str, str]:
        """"2.07" -> "URUSAN PEMERINTAHAN BIDANG TENAGA KERJA" (first name seen)."""
        out: dict[str, str] = {}
        for e in self.entries:
            if e.level == "bidang":
                out.setdefault(e.code, e.name)
        return out

    @staticmethod
    def _levels(level: str | None) -> tuple[str, ...]:
        if level is None:
            return LEVELS
        return FRAME_LEVELS.get(level, ())

    @classmethod
    def merged(cls, lists: Iterable["Nomenklatur"]) -> "Nomenklatur":
        lists = list(lists)
        if len(lists) == 1:
            return lists[0]
        return cls([e for n in lists for e in n.entries], [s for n in lists for s in n.sources],
                   [lay for n in lists for lay in n.layouts])


def _in_order(words: list[str], within: list[str]) -> bool:
    it = iter(within)
    return all(any(w == x for x in it) for w in words)


# -- loading -----------------------------------------------------------------------------------
def load_nomenklatur(path: str | Path) -> Nomenklatur:
    """Read an official nomenclature list (xlsx/xlsm/xls/ods or csv); see the module doc."""
    p = Path(path).expanduser()
    try:
        st = p.stat()
    except OSError:
        raise NomenklaturError(f"{path}: file not found") from None
    if not p.is_file():
        raise NomenklaturError(f"{path}: not a file")
    return _load_cached(str(p.resolve()), st.st_mtime_ns, st.st_size)


def load_many(paths: Iterable[str | Path]) -> Nomenklatur:
    return Nomenklatur.merged(load_nomenklatur(p) for p in paths)


def configured_nomenklatur(config) -> Nomenklatur | None:
    """The list configured for a run, the first of:

    1. `config.overrides["nomenklatur"]` (the --nomenklatur option; a path or a list);
    2. the environment variable RECONCILE_NOMENKLATUR (paths joined by `os.pathsep`);
    3. `file:` in rules/nomenclature.yaml (a path or a list, relative to that file's folder);
    4. the lists installed once for this user with `reconcile nomenklatur install FILE`
       (`installed_dir()`), loaded by default on every later run.
    None when there is none: NOMEN-SPELL then compares the workbook with itself."""
    value = (config.overrides or {}).get("nomenklatur")
    base = Path.cwd()
    if not value:
        value = [v for v in os.environ.get(ENV_LIST, "").split(os.pathsep) if v.strip()]
    if not value:
        try:
            value = (config.load("nomenclature.yaml") or {}).get("file")
        except ConfigError:
            value = None
        base = config.path("nomenclature.yaml").parent
    if not value:
        value = installed_lists()
    if not value:
        return None
    paths = [value] if isinstance(value, (str, Path)) else list(value)
    resolved = []
    for v in paths:
        p = Path(v).expanduser()
        resolved.append(p if p.is_absolute() else base / p)
    return load_many(resolved)


# -- lists installed for this user -------------------------------------------------------------
# The official lists are public documents the ministry updates (900/2023, its 2027 update, the 050
# account codes); they are not shipped inside the package, so that a planning office uses the
# version it was given and replaces it without a new release of reconcile.
ENV_LIST = "RECONCILE_NOMENKLATUR"
ENV_DATA = "RECONCILE_DATA_DIR"
LIST_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def installed_dir() -> Path:
    """Where `reconcile nomenklatur install` keeps the lists: $RECONCILE_DATA_DIR/nomenklatur,
    else the platform's per-user data folder (XDG_DATA_HOME or ~/.local/share on Linux,
    %APPDATA% on Windows, ~/Library/Application Support on macOS)."""
    own = os.environ.get(ENV_DATA)
    if own:
        base = Path(own).expanduser()
    elif sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"]) / "reconcile"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "reconcile"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "reconcile"
    return base / "nomenklatur"


def installed_lists() -> list[Path]:
    folder = installed_dir()
    try:
        return sorted(p for p in folder.iterdir()
                      if p.is_file() and p.suffix.lower() in LIST_SUFFIXES and not p.name.startswith("."))
    except OSError:
        return []


def install_list(source: str | Path) -> tuple[Path, Nomenklatur]:
    """Check that `source` is a nomenclature list (raises NomenklaturError if not), then copy it
    into `installed_dir()` atomically (a list of the same name is replaced). Returns the
    installed path and the list."""
    src = Path(source).expanduser()
    found = load_nomenklatur(src)
    folder = installed_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / src.name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".install-", suffix=src.suffix)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target, found


def remove_list(name: str) -> Path | None:
    """Remove the installed list called `name` (a file name in `installed_dir()`)."""
    target = installed_dir() / Path(name).name
    if target.is_file():
        target.unlink()
        return target
    return None


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Nomenklatur:
    p = Path(path)
    for rows in _sheets(p):
        found = _find_header(rows)
        if found is None:
            continue
        header_row, layout, roles = found
        entries = list(_entries(rows, header_row, layout, roles, p.name))
        if entries:
            return Nomenklatur(entries, [p.name], [layout])
    raise NomenklaturError(f"{path}: no nomenclature found (expected a header with a code column and a "
                           f"name column, code parts URUSAN/BIDANG/PROGRAM/KEGIATAN/SUB KEGIATAN, or "
                           f"one 'code name' column per level)")


def _sheets(p: Path) -> Iterator[list[list[Any]]]:
    suffix = p.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        yield _read_csv(p)
        return
    try:
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            yield wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except NomenklaturError:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        raise NomenklaturError(f"{p}: cannot read ({type(exc).__name__}: {exc})") from None


def _read_csv(p: Path) -> list[list[Any]]:
    raw = p.read_bytes()
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    first = text[:4096].splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _norm_header(v: Any) -> str:
    return " ".join(re.sub(r"[_\s]+", " ", str(v or "")).lower().split())


def _role(v: Any) -> str | None:
    t = _norm_header(v)
    if not t:
        return None
    if t.startswith("jenis pemda") or t == "pemda":
        return "jenis"
    if t in _META_HEADERS:
        return _META_HEADERS[t]
    words = set(re.findall(r"[a-z]+", t))
    if words & _NAME_WORDS and not any(x in t for x in _NOT_NAME):
        return "name"
    if t in _CODE_HEADERS:
        return "code"
    if t in _LEVEL_HEADERS:
        return "level"
    for alt in t.split("/"):
        alt = " ".join(w for w in re.findall(r"[a-z]+", alt) if w not in ("kode", "kd", "no"))
        if alt in _LEVEL_ALTERNATIVES:
            return _LEVEL_ALTERNATIVES[alt]
        break  # only the first alternative names the column ("URUSAN/UNSUR")
    return None


def _find_header(rows: list[list[Any]]) -> tuple[int, str, dict[str, int]] | None:
    for i, row in enumerate(rows[:MAX_HEADER_SCAN]):
        roles: dict[str, int] = {}
        for c, v in enumerate(row):
            r = _role(v)
            if r and r not in roles:
                roles[r] = c
        level_cols = [r for r in LEVELS if r in roles]
        if "code" in roles and "name" in roles:
            return i, "code_name", roles
        if level_cols:
            combined = _combined_share(rows[i + 1:i + 60], [roles[r] for r in level_cols])
            if combined >= 0.6:
                return i, "combined", roles
            if "name" in roles and len(level_cols) >= 2:
                return i, "split", roles
    return None


def _combined_share(sample: list[list[Any]], cols: list[int]) -> float:
    hits = total = 0
    for row in sample:
        for c in cols:
            v = row[c] if c < len(row) else None
            if isinstance(v, str) and v.strip():
                total += 1
                hits += bool(_split_combined(v))
    return hits / total if total else 0.0


def _split_combined(v: str) -> tuple[str, str, str] | None:
    m = _CODE_NAME_CELL.match(v)
    if not m:
        return None
    parsed = parse_code(re.sub(r"\s+", "", m.group(1)))
    if parsed is None:
        return None
    return parsed[0], _level_of(parsed[0]), _clean(m.group(2))


def _level_of(code: str) -> str:
    return LEVEL_BY_PARTS[code.count(".") + 1]


def _clean(v: Any) -> str:
    return " ".join(str(v).split())


def _cell(row: list[Any], c: int | None) -> Any:
    if c is None or c >= len(row):
        return None
    v = row[c]
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return v


def _jenis(row, roles) -> str:
    v = _cell(row, roles.get("jenis"))
    return _clean(v).upper() if v is not None else ""


def _entries(rows, header_row: int, layout: str, roles: dict[str, int], source: str) -> Iterator[Entry]:
    seen: set[tuple[str, str, str]] = set()

    meta_cols = [(m, roles[m]) for m in ("kinerja", "indikator", "satuan") if m in roles]
    meta: dict[str, str] = {}

    def emit(code: str, name: str, jenis: str, r: int, deepest: bool = True) -> Iterator[Entry]:
        key = (jenis, code, name)
        if name and key not in seen:
            seen.add(key)
            # A row's kinerja/indikator/satuan belong to its deepest item (a combined row also
            # names the bidang, program and kegiatan above it).
            yield Entry(code, _level_of(code), name, jenis, source, r, **(meta if deepest else {}))

    for i in range(header_row + 1, len(rows)):
        row = rows[i]
        r = i + 1
        jenis = _jenis(row, roles)
        meta = {m: _clean(v) for m, c in meta_cols if (v := _cell(row, c)) is not None}
        if layout == "code_name":
            code_v, name_v = _cell(row, roles["code"]), _cell(row, roles["name"])
            if code_v is None or name_v is None:
                continue
            parsed = parse_code(_code_text(code_v))
            if parsed:
                yield from emit(parsed[0], _clean(name_v), jenis, r)
        elif layout == "split":
            name_v = _cell(row, roles["name"])
            if name_v is None:
                continue
            parts = []
            for lvl in LEVELS:
                if lvl not in roles:
                    continue
                v = _cell(row, roles[lvl])
                if v is None:
                    break
                parts.append(_part_text(v, lvl))
            parsed = parse_code(".".join(parts)) if parts else None
            if parsed:
                yield from emit(parsed[0], _clean(name_v), jenis, r)
        else:  # combined
            found = [got for lvl in LEVELS
                     if isinstance(v := _cell(row, roles.get(lvl)), str) and (got := _split_combined(v))]
            for k, got in enumerate(found):
                yield from emit(got[0], got[2], jenis, r, deepest=k == len(found) - 1)


def _code_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_PART_WIDTH = {"urusan": 1, "bidang": 2, "program": 2, "sub_kegiatan": 4}


def _part_text(v: Any, level: str) -> str:
    """One code part, padded: bidang 7 / 7.0 / "7" -> "07", "XX" stays, sub kegiatan 1 ->
    "0001", kegiatan "2.1" / 2.01 -> "2.01" (a kegiatan part read as a number keeps two
    decimals: 2.1 is "2.10")."""
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, (int, float)):
        if level == "kegiatan" and not float(v).is_integer():
            return f"{float(v):.2f}"
        text = str(int(v))
    else:
        text = str(v).strip()
    if level == "kegiatan":
        head, dot, tail = text.partition(".")
        return f"{head}.{tail.zfill(2)}" if dot and tail.isdigit() else text
    return text.zfill(_PART_WIDTH[level]) if text.isdigit() else text.upper()
