"""Completeness: required cells left empty (REQ-EMPTY) and funding sources outside the known
set (FUND-SOURCE). What is required and which sources exist are data in
``rules/completeness.yaml``.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from reconcile.checks.base import Context, short


FAMILY = "completeness"


_YEAR = re.compile(r"_((?:19|20)\d\d)(?:#\d+)?$")


def _short(text: Any, n: int = 60) -> str:
    return short(text, n)


def _side(field: str) -> str:
    return field.split(".", 1)[0] if "." in field else ""


def _year(field: str) -> str:
    m = _YEAR.search(field)
    return m.group(1) if m else ""


_LEVEL_WORDS = {"urusan": ("urusan", "urusan"), "program": ("program", "program"),
                "kegiatan": ("kegiatan", "kegiatan"), "sub_kegiatan": ("sub kegiatan", "sub kegiatan")}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row_label(table, row: int, lang: str) -> str:
    f = table.frame
    name = _short(f.at[row, "name"], 50) if "name" in f.columns else ""
    word = {"urusan": "urusan", "program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan",
            "total": "total"}.get(f.at[row, "level"], "row" if lang == "en" else "baris")
    return f"{word} '{name}'" if name else f"{word} {row}"


class _Cells:
    """What the cells of a table show (a cell inside a merged area shows the area's value),
    and which hold a formula without a cached value."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._uncached: dict[str, dict[str, set[int]]] | None = None

    def column(self, table, rows: list[int], field: str) -> list[Any]:
        """What `field` shows on each of `rows` (`rows`: the table's, in order)."""
        col = f"{field}__shown" if f"{field}__shown" in table.frame.columns else f"{field}__cell"
        if len(rows) == len(table.rows):
            return table.frame[col].tolist()
        return table.frame[col].loc[rows].tolist()

    def value(self, table, row: int, field: str) -> Any:
        col = f"{field}__shown" if f"{field}__shown" in table.frame.columns else f"{field}__cell"
        return table.frame.at[row, col]

    def uncached_rows(self, table, field: str) -> set[int]:
        """Rows of `field`'s column holding a formula without a cached value."""
        if self._uncached is None:
            self._uncached = {}
            for p in self.ctx.workbook.problems:
                if p.kind == "formula_without_value":
                    letters = "".join(ch for ch in p.cell if ch.isalpha())
                    digits = "".join(ch for ch in p.cell if ch.isdigit())
                    self._uncached.setdefault(p.sheet, {}).setdefault(letters, set()).add(int(digits))
        return self._uncached.get(table.sheet, {}).get(table.columns[field], set())


def _is_blank(value: Any, placeholders: set[str]) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = " ".join(value.split())
        return text == "" or text in placeholders
    return False


def _blank_test(placeholders: set[str]):
    """`_is_blank` with these placeholders, once per distinct text (texts repeat down a column)."""
    memo: dict[str, bool] = {}

    def is_blank(value: Any) -> bool:
        if isinstance(value, str):
            blank = memo.get(value)
            if blank is None:
                blank = memo[value] = _is_blank(value, placeholders)
            return blank
        return value is None
    return is_blank


def required_fields(table, spec: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(requirement, field) pairs: per side and year, the first alternative the table has."""
    from reconcile.read.headers import base_field

    out: list[tuple[str, str]] = []
    sides = sorted({_side(f) for f in table.columns})
    for group, alternatives in spec.items():
        for side in sides:
            chosen: dict[str, str] = {}
            for alt in alternatives or []:
                for field in table.columns:
                    if _side(field) == side and "#" not in field and base_field(field) == alt:
                        chosen.setdefault(_year(field), field)
            out.extend((group, f) for _, f in sorted(chosen.items()))
    return out


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"


_DASH_RE = re.compile(f"\\s*[{re.escape(_DASHES)}]+\\s*")


_STRONG_SEP = re.compile(r"(\s*(?:[/,;+&]|\r?\n|\r)\s*)")


_WEAK_SEP = re.compile(r"\s+(?:dan|and)\s+|\s+[" + re.escape(_DASHES) + r"]+\s+|\s*[" + re.escape(_DASHES) + r"]+\s*",
                       re.I)


_PARENS = re.compile(r"\(([^()]*)\)")


_LETTER = re.compile(r"[^\W\d_]")


def normalise_source(text: str) -> str:
    """Case, spacing, dashes, dots, brackets and quotes do not matter: "Dana Transfer Umum –
    Dana Alokasi Umum (DAU)" -> "dana transfer umum - dana alokasi umum dau"."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = _DASH_RE.sub(" - ", s)
    s = re.sub(r"\s*/\s*", " / ", s)
    s = re.sub(r"[.()\[\]\"'`“”‘’*]", " ", s)
    s = " ".join(s.split())
    return s.strip(" ,;:-")


class SourceMatcher:
    """Known funding sources (spellings and patterns) and a fuzzy nearest match."""

    def __init__(self, data: dict[str, Any]):
        self.spellings: dict[str, str] = {}  # normalised spelling -> spelling as written in the config
        for source in data.get("funding_sources") or []:
            for sp in [source.get("name", "")] + list(source.get("spellings") or []):
                if sp:
                    self.spellings.setdefault(normalise_source(sp), str(sp))
        self.patterns = [re.compile(p, re.I) for p in data.get("funding_source_patterns") or []]
        self._squeezed = {k.replace(" ", ""): v for k, v in self.spellings.items()}

    def known(self, text: str) -> bool:
        variants = [text, _PARENS.sub(" ", text)] + _PARENS.findall(text)
        for v in variants:
            n = normalise_source(v)
            if not n:
                continue
            if n in self.spellings or any(p.search(n) for p in self.patterns):
                return True
        return False

    def nearest(self, text: str, min_score: float) -> str | None:
        from rapidfuzz import fuzz, process

        n = normalise_source(text)
        if not n:
            return None
        squeezed = n.replace(" ", "")
        if squeezed in self._squeezed:  # only the spacing is broken: "Dan a Bagi Hasil"
            return self._squeezed[squeezed]
        best = process.extractOne(n, list(self.spellings), scorer=fuzz.ratio, score_cutoff=min_score)
        return self.spellings[best[0]] if best else None

    def unknown_parts(self, text: str) -> list[str]:
        """Parts of a cell that are not a known source (as written), after splitting on the
        separators; neighbouring parts are rejoined when together they are a known source
        ("APBD Kab/Kota", a name broken by a line break)."""
        if self.known(text):
            return []
        tokens = _STRONG_SEP.split(text)
        parts, seps = tokens[0::2], tokens[1::2]
        bad: list[str] = []
        i = 0
        while i < len(parts):
            if not parts[i].strip():
                i += 1
                continue
            for j in range(min(len(parts) - 1, i + 3), i - 1, -1):
                joined = parts[i] + "".join(seps[k] + parts[k + 1] for k in range(i, j))
                if self.known(joined):
                    i = j + 1
                    break
            else:
                part = parts[i].strip()
                pieces = [p for p in _WEAK_SEP.split(part) if p and p.strip()]
                if not (len(pieces) >= 2 and all(self.known(p) for p in pieces)):
                    bad.append(part)
                i += 1
        return bad


_SIPD_CODE = re.compile(r"^\s*\d+(?:\.\d+)+\s*$")
