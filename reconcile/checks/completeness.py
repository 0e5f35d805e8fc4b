"""Completeness: required cells left empty (REQ-EMPTY) and funding sources outside the known
set (FUND-SOURCE). What is required and which sources exist are data in
``rules/completeness.yaml``.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.read.model import column_index, quote_sheet

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
    """Cell values with merged ranges resolved: a cell inside a merge reads as its top-left."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._merges: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
        self._merge_cols: dict[str, dict[int, dict[int, tuple[int, int]]]] = {}
        self._uncached: dict[str, dict[int, set[int]]] = {}

    def _merge_map(self, sheet: str) -> dict[tuple[int, int], tuple[int, int]]:
        if sheet not in self._merges:
            out: dict[tuple[int, int], tuple[int, int]] = {}
            layout = self.ctx.workbook.layouts.get(sheet)
            for (r0, c0, r1, c1) in (getattr(layout, "merged", None) or []):
                if (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
                    continue  # absurd ranges: not worth a map
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        if (r, c) != (r0, c0):
                            out[(r, c)] = (r0, c0)
            self._merges[sheet] = out
        return self._merges[sheet]

    def value(self, sheet: str, row: int, col: int) -> Any:
        r, c = self._merge_map(sheet).get((row, col), (row, col))
        return self.ctx.workbook.value_at(sheet, r, c)

    def column(self, sheet: str, rows: list[int], col: int) -> list[Any]:
        """`value` of `col` on each of `rows`."""
        by_col = self._merge_cols.get(sheet)
        if by_col is None:  # the merge map split by column: most columns have no merged cell
            by_col = self._merge_cols[sheet] = {}
            for (r, c), top_left in self._merge_map(sheet).items():
                by_col.setdefault(c, {})[r] = top_left
        merged = by_col.get(col)
        value_at = self.ctx.workbook.value_at
        if not merged:
            return [value_at(sheet, r, col) for r in rows]
        return [value_at(sheet, *merged[r]) if r in merged else value_at(sheet, r, col) for r in rows]

    def uncached_rows(self, sheet: str, col: int) -> set[int]:
        """Rows of `col` holding a formula without a cached value."""
        by_col = self._uncached.get(sheet)
        if by_col is None:
            by_col = self._uncached[sheet] = {}
            layout = self.ctx.workbook.layouts.get(sheet)
            for r, c in (getattr(layout, "uncached_formulas", None) or set()) if layout is not None else ():
                by_col.setdefault(c, set()).add(r)
        return by_col.get(col, set())


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


class RequiredCellEmpty(Rule):
    """A sub kegiatan row leaves a required cell empty (indicator, target, location, funding
    source or pagu).

    Why it matters: every sub kegiatan in a Renja must say what it delivers (indicator and
    target), where (lokasi), with what money (pagu) and from which source (sumber dana). A gap
    is sent back by the Bappeda verifier, and in the RKPD the sub kegiatan cannot be tagged,
    measured or funded. Which cells are required is set per table kind and row level in
    `rules/completeness.yaml`. Merged cells count as filled by their top-left value.

    **Bad**: sub kegiatan "Penyusunan Dokumen Perencanaan Perangkat Daerah" with an empty
    lokasi cell, or a target cell holding only "-".

    **Good**: lokasi `Kota Pontianak`, indicator `Jumlah Dokumen Perencanaan Perangkat Daerah`,
    target `4 Dokumen`, pagu `8.160.000`, sumber dana `PAD`.
    """

    code = "REQ-EMPTY"
    title = "Sel wajib pada sub kegiatan kosong"
    title_en = "Required cell of a sub kegiatan is empty"
    severity = "warning"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        data = ctx.config.load(f"{FAMILY}.yaml") or {}
        required = data.get("required") or {}
        labels = data.get("labels") or {}
        placeholders = {" ".join(str(p).split()) for p in self.setting("placeholders", ["-"]) or []}
        skip_empty_side = bool(self.setting("skip_empty_side", True))
        cells = _Cells(ctx)
        blank, blank_number = _blank_test(placeholders), _blank_test(set())
        for table in iter_tables(ctx, *required.keys()):
            frame = table.frame
            by_level = required.get(table.kind) or {}
            sides = {_side(f) for f in table.columns}
            for level, spec in by_level.items():
                pairs = required_fields(table, spec or {})
                if not pairs:
                    continue
                rows = [r for r, lv in zip(table.rows, frame["level"].tolist()) if lv == level]
                if not rows:
                    continue
                # One column per required field: True when filled (merges and uncached formulas
                # count), kept as a bool array (in a list, a bool is 8 bytes).
                filled: dict[str, Any] = {}
                for _, field in pairs:
                    col = column_index(table.columns[field])
                    money = table.field_types.get(field) in ("money", "percent", "number")
                    is_blank = blank_number if money else blank
                    uncached = cells.uncached_rows(table.sheet, col)
                    filled[field] = np.array([r in uncached or not is_blank(v)
                                              for r, v in zip(rows, cells.column(table.sheet, rows, col))], dtype=bool)
                sub = pd.DataFrame(filled, index=rows)
                empty_side: dict[str, set[int]] = {}  # side -> rows where every cell of that side is blank
                if skip_empty_side:
                    for side in sides - {""}:
                        empty = rows  # narrowed field by field to the rows still blank
                        for f in (f for f in table.columns if _side(f) == side):
                            if not empty:
                                break
                            values = cells.column(table.sheet, empty, column_index(table.columns[f]))
                            empty = [r for r, v in zip(empty, values) if blank(v)]
                        empty_side[side] = set(empty)
                failing = failure_rows(sub, {f: pa.Check(lambda s: s.astype(bool), error="filled") for f in filled})
                for group, field in pairs:
                    for row in failing.get(field, []):
                        if row in empty_side.get(_side(field), ()):
                            continue  # the item does not exist on this side of the review table
                        col = column_index(table.columns[field])
                        raw = cells.value(table.sheet, row, col)
                        label = labels.get(group) or {}
                        lab_id, lab_en = label.get("id", group), label.get("en", group)
                        header = table.header_paths.get(field) or field
                        shown = "" if raw is None else " ".join(str(raw).split())
                        what_id = "kosong" if not shown else f"hanya berisi \"{shown}\""
                        what_en = "is empty" if not shown else f"only holds \"{shown}\""
                        col_id = "" if header.lower() == lab_id.lower() else f" ({header})"
                        col_en = "" if header.lower() == lab_en.lower() else f" ({header})"
                        level_id = _LEVEL_WORDS.get(level, ("baris", "row"))
                        yield self.finding(
                            ctx, table.sheet, table.cell(field, row),
                            f"{_cap(_row_label(table, row, 'id'))}: {lab_id}{col_id} {what_id}. "
                            f"Setiap {level_id[0]} wajib mencantumkan {lab_id}; isi sel ini.",
                            f"{_cap(_row_label(table, row, 'en'))}: the {lab_en}{col_en} {what_en}. "
                            f"Every {level_id[1]} must state its {lab_en}; fill this cell.",
                            expected=ctx.t(f"{lab_id} terisi", f"{lab_en} filled in"), actual=shown,
                            related=[f"{quote_sheet(table.sheet)}!{table.name_cell_column}{row}"])


# --------------------------------------------------------------------------- FUND-SOURCE

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


class FundingSourceUnknown(Rule):
    """A funding source (sumber dana) that is not one of the known sources, or is broken.

    Why it matters: the sumber dana decides which budget pays for a sub kegiatan; SIPD and the
    RKPD accept only the official sources. A misspelt or broken source ("Dan a Bagi Hasil", a
    name cut by a line break) cannot be matched and the verifier sends the document back.
    The known sources and every accepted spelling are listed in `rules/completeness.yaml`
    (add your region's own there). A cell may list several sources separated by "/", ",",
    ";", "+", "dan" or line breaks; each is checked, and the nearest known spelling is
    suggested.

    **Bad**: `Dana Transfer Umum/Dan a Bagi Hasil`; `Dana Alokasi Umun`; `DAK Fsik`.

    **Good**: `Dana Transfer Umum/Dana Bagi Hasil`; `PAD`; `Dana Transfer Umum – Dana Alokasi
    Umum (DAU)`; `PAD / DAK Fisik`.
    """

    code = "FUND-SOURCE"
    title = "Sumber dana tidak dikenal atau salah tulis"
    title_en = "Unknown or misspelt funding source"
    severity = "warning"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        from reconcile.read.headers import base_field

        matcher = SourceMatcher(ctx.config.load(f"{FAMILY}.yaml") or {})
        min_score = float(self.setting("suggest_min_score", 75))
        cache: dict[str, list[str]] = {}  # text -> its unknown parts: sources repeat down the column
        value_at = ctx.workbook.value_at
        for table in iter_tables(ctx):
            # A name beside its SIPD code (KODE SUMBER DANA "2.2.01.01.02.0004") is the official
            # name of that code, however long: SIPD wrote both.
            coded = table.column("code_sumber_dana") if "code_sumber_dana" in table.columns else {}
            for field in table.columns:
                if base_field(field) != "sumber_dana":
                    continue
                col = column_index(table.columns[field])
                for row in table.rows:
                    raw = value_at(table.sheet, row, col)
                    if not isinstance(raw, str) or _SIPD_CODE.match(str(coded.get(row) or "")):
                        continue
                    bad = cache.get(raw)
                    if bad is None:
                        # empty (REQ-EMPTY's concern) or a bare number/code: nothing to report
                        bad = cache[raw] = matcher.unknown_parts(raw) if raw.strip() and _LETTER.search(raw) else []
                    if not bad:
                        continue
                    suggestions = {b: matcher.nearest(b, min_score) for b in bad}
                    fixed = raw
                    for b, sug in suggestions.items():
                        if sug:
                            fixed = fixed.replace(b, sug)
                    list_id = "; ".join(f"\"{b}\"" + (f" (mungkin maksudnya \"{s}\")" if s else "")
                                        for b, s in suggestions.items())
                    list_en = "; ".join(f"\"{b}\"" + (f" (did you mean \"{s}\"?)" if s else "")
                                        for b, s in suggestions.items())
                    n = len(bad)
                    where_id, where_en = _row_label(table, row, "id"), _row_label(table, row, "en")
                    shown = " ".join(raw.split())
                    yield self.finding(
                        ctx, table.sheet, table.cell(field, row),
                        f"Sumber dana {where_id} \"{_short(shown)}\": {list_id} bukan sumber dana yang dikenal. "
                        f"Tulis sumber dana resmi (PAD, DAU, DBH, DAK, …); bila memang sumber dana lain, "
                        f"tambahkan ke rules/completeness.yaml.",
                        f"Funding source of {where_en} \"{_short(shown)}\": {list_en} "
                        f"{'is not a known source' if n == 1 else 'are not known sources'}. Write an official "
                        f"source (PAD, DAU, DBH, DAK, …); if it really is another source, add it to "
                        f"rules/completeness.yaml.",
                        expected=" ".join(fixed.split()) if fixed != raw else ctx.t("sumber dana resmi",
                                                                                   "an official funding source"),
                        actual=shown)


RULES = [RequiredCellEmpty, FundingSourceUnknown]
