"""Findings a person marked as intended: reported as acknowledged, with their reason.

Two ways to mark one, both kept by the agency or Bappeda, never by us:

* a note (comment) on the cell the finding points at, one of whose lines starts with
  `reconcile: disengaja` (or `reconcile: intended`) followed by the reason. Excel puts the
  author's name on the note's first line, so any line may carry the mark. A rule code right
  after the mark (`reconcile: disengaja PAGU-SUM: …`) limits it to that rule; without one it
  covers every finding on that cell;
* an entry in `acknowledged.yaml` of the rules folder (`--config`): `rule` and `reason`, and
  `file` (name or glob; with a "/" matched against the end of the path) and/or `agency` (glob
  on the agency the document states, else its folder's name), optionally `sheet` and `cell`.

An acknowledged finding keeps everything it had and gains `Finding.acknowledged` (the reason):
it stays in every output, and an acknowledged error does not make the exit code 1.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from reconcile.checks.base import Finding

ACK_FILE = "acknowledged.yaml"
_MARK = re.compile(r"^[ \t]*reconcile[ \t]*:[ \t]*(?:disengaja|intended)\b[ \t]*[:.\-–—]?", re.I | re.M)
_KEYS = ("file", "agency", "rule", "sheet", "cell", "reason")
NO_REASON = {"id": "(tanpa alasan)", "en": "(no reason given)"}


@dataclass(frozen=True)
class Entry:
    """One line of acknowledged.yaml (patterns as written; compared case-insensitively)."""

    rules: tuple[str, ...]
    reason: str
    file: str | None = None
    agency: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def matches(self, f: Finding, path: Path, agency: str | None) -> bool:
        if f.rule.upper() not in self.rules:
            return False
        if self.sheet is not None and _fold(self.sheet) != _fold(f.sheet):
            return False
        if self.cell is not None and _cell(self.cell) != _cell(f.cell):
            return False
        if self.file is not None and not _file_matches(self.file, path):
            return False
        if self.agency is not None:
            # the agency as the document states it, else the name of the file's folder
            names = [n for n in (agency, Path(path).parent.name) if n]
            if not any(fnmatch.fnmatchcase(_fold(n), _fold(self.agency)) for n in names):
                return False
        return True


# --------------------------------------------------------------------------- the YAML list

def load_entries(config, lang: str = "id") -> list[Entry]:
    """The entries of `acknowledged.yaml` in the config's rules folder ([] when there is none).
    Raises `reconcile.config.ConfigError` for a malformed file or entry, so that a typo never
    silently acknowledges nothing (or everything)."""
    from reconcile.config import ConfigError

    path = config.path(ACK_FILE)
    if not path.exists():
        return []
    data = config.load(ACK_FILE)  # an empty file or `[]` loads as {}
    if data in ({}, None):
        return []
    en = lang == "en"
    if not isinstance(data, list):
        raise ConfigError(f"{path}: " + ("must be a list of entries" if en else "harus berupa daftar entri"))
    return [_entry(item, n, path, en) for n, item in enumerate(data, start=1)]


def _entry(item: Any, n: int, path: Path, en: bool) -> Entry:
    from reconcile.config import ConfigError

    def fail(id_text: str, en_text: str) -> ConfigError:
        return ConfigError(f"{path}: " + (f"entry {n}: {en_text}" if en else f"entri ke-{n}: {id_text}"))

    if not isinstance(item, dict):
        raise fail("harus berupa pasangan kunci: nilai (file, agency, rule, sheet, cell, reason)",
                   "must be a mapping of key: value (file, agency, rule, sheet, cell, reason)")
    unknown = sorted(str(k) for k in item if k not in _KEYS)
    if unknown:
        raise fail(f"kunci tidak dikenal: {', '.join(unknown)} (yang dikenal: {', '.join(_KEYS)})",
                   f"unknown key(s): {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    text = {k: ("" if item.get(k) is None else str(item[k]).strip()) for k in _KEYS if k != "rule"}
    rules = item.get("rule")
    rules = [rules] if isinstance(rules, str) else rules
    if not rules or not isinstance(rules, list) or not all(isinstance(r, str) and r.strip() for r in rules):
        raise fail("'rule' wajib diisi: kode aturan (mis. PAGU-SUM) atau daftar kode",
                   "'rule' is required: a rule code (e.g. PAGU-SUM) or a list of codes")
    if not text["reason"]:
        raise fail("'reason' wajib diisi: mengapa temuan ini disengaja", "'reason' is required: why this is intended")
    if not text["file"] and not text["agency"]:
        raise fail("sebutkan 'file' (nama berkas) atau 'agency' (perangkat daerah) yang dimaksud",
                   "name the 'file' or the 'agency' it applies to")
    return Entry(rules=tuple(r.strip().upper() for r in rules), reason=" ".join(text["reason"].split()),
                 file=text["file"] or None, agency=text["agency"] or None,
                 sheet=text["sheet"] or None, cell=text["cell"] or None)


def needs_agency(config) -> bool:
    """Whether an entry names an agency (the workbook's agency must then be identified)."""
    try:
        return any(e.agency for e in load_entries(config))
    except Exception:  # reported where the list is loaded for use
        return False


# --------------------------------------------------------------------------- cell notes

def note_mark(text: str, known_codes: Iterable[str] = ()) -> tuple[frozenset[str] | None, str] | None:
    """(rule codes the mark is limited to, or None for all; the reason) when the note `text`
    marks its cell as intended, else None. Our own part of a note (in an annotated copy) is
    left out first: it quotes findings, never a person's decision."""
    text = _without_our_note(text or "")
    m = _MARK.search(text)
    if m is None:
        return None
    rest = text[m.end():]
    again = _MARK.search(rest)  # the same mark twice (a thread and Excel's copy of it): one reason
    if again is not None:
        rest = rest[:again.start()]
    known = {c.upper() for c in known_codes}
    codes: set[str] = set()
    while True:  # leading codes: "PAGU-SUM, NUM-TEXT: reason"
        c = re.match(r"[ \t,]*([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)\b", rest)
        if c is None or c.group(1).upper() not in known:
            break
        codes.add(c.group(1).upper())
        rest = rest[c.end():]
    if codes:
        rest = re.sub(r"^[ \t]*[:.\-–—]", "", rest)
    return (frozenset(codes) if codes else None), " ".join(rest.split())


def _without_our_note(text: str) -> str:
    try:
        from reconcile.report.annotate import NOTE_MARK, strip_our_note
    except ImportError:  # pragma: no cover - the annotated copy's writer moved
        return text
    return strip_our_note(text) if NOTE_MARK in text else text


# --------------------------------------------------------------------------- applying

def acknowledge(findings: list[Finding], path: str | Path, *, notes: dict[str, dict[str, str]] | None = None,
                entries: Iterable[Entry] = (), agency: str | None = None, lang: str = "id",
                known_codes: Iterable[str] = ()) -> int:
    """Set `acknowledged` on the findings a note on their cell or an entry marks; returns how
    many. A note (the person at the cell) comes before the list."""
    path = Path(path)
    entries = list(entries)
    by_sheet = {_fold(s): {_cell(c): t for c, t in cells.items()} for s, cells in (notes or {}).items()}
    known = set(known_codes) | {f.rule for f in findings}
    marks: dict[tuple[str, str], Any] = {}
    n = 0
    for f in findings:
        if f.acknowledged is not None:
            continue
        reason = None
        key = (_fold(f.sheet), _cell(f.cell))
        text = by_sheet.get(key[0], {}).get(key[1])
        if text:
            if key not in marks:
                marks[key] = note_mark(text, known)
            mark = marks[key]
            if mark is not None and (mark[0] is None or f.rule.upper() in mark[0]):
                reason = mark[1] or NO_REASON.get(lang, NO_REASON["id"])
        if reason is None:
            reason = next((e.reason for e in entries if e.matches(f, path, agency)), None)
        if reason is not None:
            f.acknowledged = reason
            n += 1
    return n


def acknowledge_file(findings: list[Finding], path: str | Path, config, agency: str | None = None,
                     lang: str = "id") -> int:
    """`acknowledge` with the notes read from the workbook at `path` (.xlsx/.xlsm) and the
    config's list. A list that cannot be used is skipped here (the command line refuses it
    before any work); unreadable notes count as none."""
    if not findings:
        return 0
    try:
        entries = load_entries(config, lang)
    except Exception:
        entries = []
    notes: dict[str, dict[str, str]] = {}
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from reconcile.read.notes import read_notes

        notes = read_notes(path)
    if not notes and not entries:
        return 0
    return acknowledge(findings, path, notes=notes, entries=entries, agency=agency, lang=lang,
                       known_codes=_known_codes())


def _known_codes() -> set[str]:
    try:
        from reconcile.checks.registry import all_rules

        return {r.code for r in all_rules()}
    except Exception:  # pragma: no cover - the codes of the file's own findings still count
        return set()


# --------------------------------------------------------------------------- helpers

def _fold(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def _cell(ref: Any) -> str:
    """"$J$12" -> "J12"; a range stands for its first cell, as a note on it does."""
    return str(ref or "").replace("$", "").split(":", 1)[0].strip().upper()


def _file_matches(pattern: str, path: Path) -> bool:
    pat = _fold(pattern).replace("\\", "/")
    posix = _fold(Path(path).as_posix())
    if "/" in pat:
        return fnmatch.fnmatchcase(posix, pat) or fnmatch.fnmatchcase(posix, "*/" + pat.lstrip("/"))
    return fnmatch.fnmatchcase(_fold(Path(path).name), pat)
