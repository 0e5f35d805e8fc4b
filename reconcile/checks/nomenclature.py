"""Nomenclature and codes: names against the official list, code shapes and parents, numbering
sequences, sub kegiatan listed twice.

Program, kegiatan and sub kegiatan names and codes are fixed by Permendagri 90/2019 and its
updates (Kepmendagri 900.1.15.5-1317/2023). With the ministry's list (`--nomenklatur FILE` or
`file:` in `rules/nomenclature.yaml`), NOMEN-SPELL compares every name with it; without one, it
compares the workbook with itself.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.matching import ITEM_LEVELS, LEVEL_EN, LEVEL_ID
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import (
    CODE_LEVELS,
    name_key,
    numbering_style,
    parse_code,
    roman_value,
    split_code_prefix,
    split_number_prefix,
    wording_level,
)
from reconcile.read.model import quote_sheet
from reconcile.read.flat import LEVEL_CODE_FIELDS
from reconcile.read.tables import FIXED_COLUMNS, NAME_FIELDS

if TYPE_CHECKING:
    from reconcile.read.model import Table

PLAN_KINDS = ("rincian", "review_rkpd", "daftar", "evaluasi", "anggaran")
STRONG_LEVEL_SIGNALS = ("code", "wording", "numbering", "known name", "sum")  # `level_by` of rows whose level is sure
SEPARATE_NAME_LEVEL = {"name_program": "program", "name_kegiatan": "kegiatan", "name_sub_kegiatan": "sub_kegiatan"}
DEFAULT_WIDTHS = (1, 2, 2, 1, 2, 4)
_WORD = re.compile(r"[0-9A-Za-z]+")
_TYPO_SLICE = 4096  # texts whose words NOMEN-SPELL's _typos splits out at once
_WORD_BYTES = bytes(b if chr(b).isascii() and chr(b).isalnum() else 0x20 for b in range(256))  # see _typos
_CODE_PREFIX_IN_NAME = re.compile(r"^\s*([0-9Xx]{1,4}(?:[.\s]+[0-9Xx]{1,5}){1,7})\.?\s*[-–:]?\s+(?=[A-Za-z(])")


# ----------------------------------------------------------------------------- shared helpers

def field_column(f: str) -> str:
    return f"{f}__raw" if f in FIXED_COLUMNS else f


def _str(v: Any) -> str:
    if isinstance(v, str):  # most cells: tested first
        tidy = " ".join(v.split())
        return v if tidy == v else tidy  # the cell's own string when already tidy: no copy kept
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return " ".join(str(v).split())


def _ref(table: "Table", cell: str) -> str:
    return f"{quote_sheet(table.sheet)}!{cell}"


def name_cell(table: "Table", row: int) -> str:
    """The cell naming the item on `row`: the first filled name column."""
    for fld in table.columns:
        if base_field(fld) in NAME_FIELDS and "." not in fld and _str(table.value(field_column(fld), row)):
            return table.cell(fld, row)
    for fld in table.columns:
        if base_field(fld) in NAME_FIELDS and _str(table.value(field_column(fld), row)):
            return table.cell(fld, row)
    return f"{table.name_cell_column}{row}"


def code_cell(table: "Table", row: int) -> str:
    for fld, ftype in table.field_types.items():
        if ftype == "code" and fld in table.columns:
            return table.cell(fld, row)
    return name_cell(table, row)


def expand(key: str, abbreviations: dict[str, str]) -> str:
    """A `name_key` with short forms ("kab") written out ("kabupaten")."""
    if not abbreviations:
        return key
    words = key.split()
    if abbreviations.keys().isdisjoint(words):  # most names
        tidy = " ".join(words)
        return key if tidy == key else tidy  # `key` itself when already tidy: no copy kept
    return " ".join([abbreviations.get(w, w) for w in words])


def _abbrev(data: dict[str, Any]) -> dict[str, str]:
    out = {}
    for k, v in (data.get("abbreviations") or {}).items():
        kk = name_key(str(k))
        if kk:
            out[kk] = name_key(str(v))
    return out


@dataclass(slots=True)  # one per name cell: 100,000s in an RKPD
class NameCell:
    table: "Table"
    field: str
    row: int
    level: str
    parent: int
    code: str
    text: str  # the name, without a code or numbering typed in front of it
    key: str  # normalised (case, spacing, punctuation, abbreviations)
    side: str  # "" | "rkpd" | "analisis"

    @property
    def cell(self) -> str:  # computed: a string per cell kept would cost more than the cell itself
        return self.table.cell(self.field, self.row)

    @property
    def ref(self) -> str:
        return _ref(self.table, self.cell)


def _clean_name(raw: str, number: str) -> str:
    text = raw
    pre = split_code_prefix(text)
    if pre:
        text = pre[1]
    pre = split_number_prefix(text)
    if pre and number and pre[0] == number.strip().rstrip(".)").strip("("):
        text = pre[1]
    return " ".join(text.split())


def item_name_cells(ctx: Context, table: "Table", abbreviations: dict[str, str]) -> list[NameCell]:
    """`name_cells` of the item levels, once per run: NOMEN-SPELL and DUP-SUBKEG both read
    them. (Do not change the list.)"""
    cache = ctx.__dict__.setdefault("_item_name_cells", {})
    key = (id(table), tuple(sorted(abbreviations.items())))
    if key not in cache:
        cache[key] = (table, name_cells(table, abbreviations))  # the table kept: its id stays unique
    return cache[key][1]


# name_key without its module-level cache, for the names of a table: `name_cells` keeps one key
# per text itself, and the cache would keep 10,000s of them after the check.
_name_key_uncached = getattr(name_key, "__wrapped__", name_key)


def name_cells(table: "Table", abbreviations: dict[str, str], levels: Iterable[str] = ITEM_LEVELS) -> list[NameCell]:
    """Every filled name cell of the table's program/kegiatan/sub kegiatan rows, both sides of a
    review table included."""
    f = table.frame
    levels = set(levels)
    fields = [x for x in table.columns
              if base_field(x) in NAME_FIELDS and "#" not in x and field_column(x) in f.columns]
    out: list[NameCell] = []
    if not fields:
        return out
    rows = table.rows
    lv = f["level"].tolist()
    parent_of = table.column("parent")  # shared with the family's other rules (same int objects)
    parents = [int(parent_of[r] or 0) for r in rows]
    codes = [c if isinstance(c, str) else "" for c in f["code"].tolist()]
    numbers = f["number"].tolist()
    primary = [_str(n) for n in f["name"].tolist()]
    raws = {x: f[field_column(x)].tolist() for x in fields}
    sides = {x: x.split(".", 1)[0] if "." in x else "" for x in fields}
    keys: dict[str, str] = {}  # text -> key: names repeat (one program in several tables)
    for i, row in enumerate(rows):
        if lv[i] not in levels:
            continue
        for x in fields:
            raw = _str(raws[x][i])
            if not raw:
                continue
            text = primary[i] if primary[i] and raw.endswith(primary[i]) else _clean_name(raw, _str(numbers[i]))
            if not text:
                continue
            key = keys.get(text)
            if key is None:
                key = keys[text] = expand(_name_key_uncached(text), abbreviations)
            if not key:
                continue  # "-", "…": no name
            out.append(NameCell(table, x, row, lv[i], parents[i], codes[i], text, key, sides[x]))
    return out


def word_changes(a: str, b: str, limit: int = 3, abbreviations: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The words of `a` that differ from `b`: [("Peyediaan", "Penyediaan")]. Case, punctuation
    and short forms ("Kab" for "Kabupaten") are ignored."""
    ab = abbreviations or {}
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    sm = difflib.SequenceMatcher(a=[ab.get(w.lower(), w.lower()) for w in wa],
                                 b=[ab.get(w.lower(), w.lower()) for w in wb], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        out.append((" ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return out[:limit]


def _changes_text(changes: list[tuple[str, str]], lang: str, neutral: bool = False) -> str:
    parts = []
    for old, new in changes:
        if neutral:
            parts.append(f"'{old or '-'}' / '{new or '-'}'")
        elif old and new:
            parts.append(f"'{old}' → '{new}'")
        elif new:
            parts.append(("kurang " if lang == "id" else "missing ") + f"'{new}'")
        else:
            parts.append(("kelebihan " if lang == "id" else "extra ") + f"'{old}'")
    return "; ".join(parts)


def _ancestors(table: "Table", row: int) -> Iterator[int]:
    parent_of = table.column("parent")
    seen = {row}
    r = int(parent_of[row] or 0)
    while r and r in parent_of and r not in seen:
        seen.add(r)
        yield r
        r = int(parent_of[r] or 0)


# ----------------------------------------------------------------------------- NOMEN-SPELL

class NomenclatureSpelling(Rule):
    """A program, kegiatan or sub kegiatan name is spelt differently from the official
    nomenclature.

    Why it matters: names (and codes) of programs, kegiatan and sub kegiatan are fixed by
    Kepmendagri; SIPD, the RKPD and the DPA match items by them. A misspelt name is either a
    typing slip or a different item, and the verifier cannot tell which. With the ministry's
    list (`--nomenklatur FILE`), a row with a code is compared with the official name of that
    code, and a row without a code with the nearest official name at its level. Without a list,
    the workbook is compared with itself: one item spelt two ways in two tables, or a word that
    looks like a slip of a word the workbook uses many times.

    **Bad**: "Peyediaan Jasa Peralatan dan Perlengkapan Kantor"; "Pencegahan dan Penyelidikan
    Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan di Daerah
    Kabupaten/Kota".

    **Good**: "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"; "Pencegahan dan Penyelesaian
    Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan di Daerah
    Kabupaten/Kota" (case, spacing and punctuation do not matter).
    """

    code = "NOMEN-SPELL"
    title = "Nama tidak sesuai ejaan nomenklatur"
    title_en = "Name spelt unlike the official nomenclature"
    severity = "warning"
    family = "nomenclature"

    def check(self, ctx: Context) -> Iterable[Finding]:
        from reconcile.nomenklatur import configured_nomenklatur

        data = ctx.config.load("nomenclature.yaml") or {}
        abbreviations = _abbrev(data)
        self._abbreviations = abbreviations
        cells = [c for t in iter_tables(ctx) for c in item_name_cells(ctx, t, abbreviations)]
        if not cells:
            return
        nom = configured_nomenklatur(ctx.config)
        if nom is not None:
            yield from self._with_list(ctx, nom, cells)
        else:
            # A word that looks like a slip is the most precise finding; the other cells spelt
            # unlike the rest of the workbook come next.
            done: set[tuple[int, str]] = set()
            for finding, key in self._typos(ctx, cells, data):
                done.add(key)
                yield finding
            if self.setting("workbook_variants", True):
                for finding, key in self._variants(ctx, cells):
                    if key not in done:
                        yield finding

    # -- with the official list ----------------------------------------------------------------
    def _with_list(self, ctx: Context, nom, cells: list[NameCell]) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa
        from rapidfuzz import fuzz

        threshold = float(self.setting("threshold", 90))
        code_threshold = float(self.setting("code_threshold", 75))
        data = ctx.config.load("nomenclature.yaml") or {}
        function_words = {str(w).lower() for w in data.get("function_words") or []}
        verdicts: dict[int, tuple[str, Any, float]] = {}  # index -> (kind, official entry/name, score)
        for i, c in enumerate(cells):
            entries = nom.by_code(c.code) if c.code else []
            if entries:
                keys = {name_key(e.name) for e in entries}
                if c.key in keys:
                    continue
                best = max(entries, key=lambda e: fuzz.ratio(c.key, name_key(e.name)))
                verdicts[i] = ("code", best, fuzz.ratio(c.key, name_key(best.name)))
                continue
            if nom.by_name(c.key, c.level) or nom.by_name(c.key):
                continue
            m = nom.nearest(c.key, c.level, threshold)
            longer = [(fuzz.ratio(c.key, name_key(e.name)), e) for e in nom.containing(c.key, c.level)]
            longer = [x for x in longer if x[0] >= code_threshold]
            if longer and (m is None or self._other_item(nom, c, m.entry, function_words)):
                # The official name with the same words and more ("Fasilitasi Penyusunan Rencana
                # Tenaga Kerja Mikro") explains the name better than a close one with a real word
                # changed ("… Makro" for "… Mikro"), which is another item.
                score, entry = max(longer, key=lambda x: x[0])
                verdicts[i] = ("nearest", entry, score)
            elif m is not None and m.score < 100:
                verdicts[i] = ("nearest", m.entry, m.score)
        frame = pd.DataFrame({"name": [c.key for c in cells]}, index=pd.RangeIndex(len(cells)))
        failing = failure_rows(frame, {"name": pa.Check(
            lambda s: pd.Series([i not in verdicts for i in s.index], index=s.index),
            error="name as in the official nomenclature")})
        for i in failing.get("name", []):
            c = cells[i]
            kind, entry, score = verdicts[i]
            lvl_id, lvl_en = LEVEL_ID.get(c.level, "baris"), LEVEL_EN.get(c.level, "row")
            changes = word_changes(c.text, entry.name, abbreviations=self._abbreviations)
            src = entry.source
            if kind == "code" and score < code_threshold:
                yield self.finding(
                    ctx, c.table.sheet, c.cell,
                    f"Nama {lvl_id} '{short(c.text, 80)}' tidak sesuai nomenklatur resmi kode {c.code}, yaitu "
                    f"'{short(entry.name, 120)}' ({src}). Periksa apakah kodenya atau namanya yang keliru.",
                    f"The {lvl_en} name '{short(c.text, 80)}' does not match the official name of code {c.code}, "
                    f"'{short(entry.name, 120)}' ({src}). Check whether the code or the name is wrong.",
                    expected=entry.name, actual=c.text)
                continue
            where_id = f"kode {c.code}" if kind == "code" else f"{lvl_id} {entry.code}"
            where_en = f"code {c.code}" if kind == "code" else f"{lvl_en} {entry.code}"
            yield self.finding(
                ctx, c.table.sheet, c.cell,
                f"Nama {lvl_id} '{short(c.text, 60)}' berbeda ejaan dengan nomenklatur resmi ({where_id}, {src}): "
                f"{_changes_text(changes, 'id')}. Gunakan penulisan resmi.",
                f"The {lvl_en} name '{short(c.text, 60)}' is spelt differently from the official nomenclature "
                f"({where_en}, {src}): {_changes_text(changes, 'en')}. Use the official spelling.",
                expected=entry.name, actual=c.text)

    @staticmethod
    def _other_item(nom, c: NameCell, entry, function_words: set[str]) -> bool:
        """Whether the name differs from `entry` by words the official list itself uses (a
        real word for another: "Mikro" for "Makro"), i.e. it probably names another item."""
        official = set(name_key(entry.name).split())
        changed = [w for w in c.key.split() if w not in official and w not in function_words]
        return bool(changed) and all(nom.has_word(w, c.level) for w in changed)

    # -- without a list: two spellings of one item ----------------------------------------------
    def _variants(self, ctx: Context, cells: list[NameCell]) -> Iterator[tuple[Finding, tuple[int, str]]]:
        import pandas as pd
        import pandera.pandas as pa

        threshold = float(self.setting("variant_threshold", 90))
        groups = Counter(level for _table, _side, level in {(id(c.table), c.side, c.level) for c in cells
                                                            if len(c.key) >= 8})
        if not groups or max(groups.values()) < 2:
            return  # each level in one table (and side) only: nothing to compare (see _similar_pairs)
        by_key: dict[str, list[NameCell]] = defaultdict(list)
        for c in cells:
            if len(c.key) >= 8:
                by_key[c.key].append(c)
        keys = list(by_key)
        if len(keys) < 2:
            return
        word_freq = Counter(" ".join([c.key for c in cells]).split())
        tables_of = {k: {(id(c.table), c.side, c.level) for c in by_key[k]} for k in keys}
        levels_of = {k: {c.level for c in by_key[k]} for k in keys}
        minority: dict[str, tuple[str, float, bool]] = {}  # key -> (the other spelling, score, tie)
        order = {id(t): i for i, t in enumerate(ctx.workbook.tables)}
        for i, j, score in _similar_pairs(keys, tables_of, threshold):
            a, b = keys[i], keys[j]
            if not (levels_of[a] & levels_of[b]) or tables_of[a] & tables_of[b]:
                continue  # different levels, or both in one table: two different items
            wa, wb = a.split(), b.split()
            diff_a = [w for w in wa if w not in wb]
            diff_b = [w for w in wb if w not in wa]
            if any(any(ch.isdigit() for ch in w) for w in diff_a + diff_b):
                continue  # "Tahap 1" / "Tahap 2": numbered items differ on purpose
            if not diff_a and not diff_b:
                continue  # the same words in another order
            support_a = (len(by_key[a]), sum(word_freq[w] for w in diff_a))
            support_b = (len(by_key[b]), sum(word_freq[w] for w in diff_b))
            # The spelling of fewer cells is reported; with as many cells each way the workbook
            # cannot say which is right (the rarer words are reported, in neutral terms).
            tie = support_a[0] == support_b[0]
            if support_a == support_b:
                first_a = min((order[id(c.table)], c.row) for c in by_key[a])
                first_b = min((order[id(c.table)], c.row) for c in by_key[b])
                weak, strong = (b, a) if first_b > first_a else (a, b)
            else:
                weak, strong = (a, b) if support_a < support_b else (b, a)
            if weak not in minority or score > minority[weak][1]:
                minority[weak] = (strong, score, tie)
        if not minority:
            return
        frame = pd.DataFrame({"name": [c.key for c in cells]}, index=pd.RangeIndex(len(cells)))
        failing = failure_rows(frame, {"name": pa.Check(lambda s: ~s.isin(list(minority)),
                                                        error="one spelling per item")})
        for i in failing.get("name", []):
            c = cells[i]
            strong, _score, tie = minority[c.key]
            others = by_key[strong]
            other = others[0]
            lvl_id, lvl_en = LEVEL_ID.get(c.level, "baris"), LEVEL_EN.get(c.level, "row")
            changes = word_changes(c.text, other.text, abbreviations=self._abbreviations)
            n = len(others)
            more_id = f" (dan {n - 1} sel lain)" if n > 1 else ""
            more_en = f" (and {n - 1} more cells)" if n > 1 else ""
            if tie:  # the workbook cannot say which spelling is right
                msg_id = (f"Nama {lvl_id} '{short(c.text, 60)}' ditulis dengan dua cara: di {other.ref}{more_id} "
                          f"'{short(other.text, 90)}' ({_changes_text(changes, 'id', neutral=True)}). Pilih ejaan "
                          f"yang sesuai nomenklatur resmi dan pakai di semua tabel.")
                msg_en = (f"The {lvl_en} name '{short(c.text, 60)}' is written two ways: {other.ref}{more_en} has "
                          f"'{short(other.text, 90)}' ({_changes_text(changes, 'en', neutral=True)}). Choose the "
                          f"spelling of the official nomenclature and use it in every table.")
            else:
                msg_id = (f"Nama {lvl_id} '{short(c.text, 60)}' ditulis lain di {other.ref}{more_id}: "
                          f"{_changes_text(changes, 'id')}. Satu item sebaiknya ditulis sama di semua tabel; periksa "
                          f"ejaan resminya.")
                msg_en = (f"The {lvl_en} name '{short(c.text, 60)}' is written differently in {other.ref}{more_en}: "
                          f"{_changes_text(changes, 'en')}. Write one item the same way in every table; check its "
                          f"official spelling.")
            yield (self.finding(ctx, c.table.sheet, c.cell, msg_id, msg_en, expected=None if tie else other.text,
                                actual=c.text, related=[o.ref for o in others[:10]]), (id(c.table), c.cell))

    # -- without a list: words that look like slips ----------------------------------------------
    def _typos(self, ctx: Context, cells: list[NameCell], data: dict[str, Any]
               ) -> Iterator[tuple[Finding, tuple[int, str]]]:
        import pandas as pd
        import pandera.pandas as pa
        from rapidfuzz.distance import OSA

        min_len = int(self.setting("typo_min_length", 7))
        min_support = int(self.setting("typo_min_support", 5))
        ratio = float(self.setting("typo_support_ratio", 5))
        known = {str(w).lower() for w in data.get("known_words") or []}
        affixes = data.get("affixes") or {}
        prefixes = sorted((str(p).lower() for p in affixes.get("prefixes") or []), key=len, reverse=True)
        suffixes = sorted((str(p).lower() for p in affixes.get("suffixes") or []), key=len, reverse=True)
        freq: Counter = Counter()
        display: dict[str, str] = {}
        # Distinct spellings counted first (in C), then folded to lower case: the same counts
        # and first spellings as word by word, at a fraction of the cost. The words of many
        # texts are split out at once: `_WORD`'s words are the runs of ASCII letters and digits,
        # so in the texts' UTF-8 bytes every other byte (a non-ASCII character is bytes >= 0x80)
        # is made a space, and the line breaks joining the texts keep words from running on.
        # A slice of texts at a time: the list of every word of an RKPD would be ~80 MiB.
        spelt: Counter = Counter()
        for t in iter_tables(ctx):
            for col in _text_columns(t):
                values = t.frame[col].tolist()
                for i in range(0, len(values), _TYPO_SLICE):
                    text = "\n".join([v if isinstance(v, str) else _str(v) for v in values[i:i + _TYPO_SLICE]])
                    spelt.update(text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split())
                del values
        for word, n in spelt.items():
            w = word.decode("ascii")
            lw = w.lower()
            if lw.isalpha():
                freq[lw] += n
                display.setdefault(lw, w)
        common = [w for w, n in freq.items() if n >= min_support and len(w) >= min_len]
        if not common:
            return
        by_first: dict[str, list[str]] = defaultdict(list)
        for w in common:
            by_first[w[0]].append(w)
        suspect: dict[str, str] = {}
        for w, n in freq.items():
            if len(w) < min_len or w in known:
                continue
            for v in by_first.get(w[0], ()):
                if v == w or freq[v] < ratio * n or abs(len(v) - len(w)) > 1:
                    continue
                if OSA.distance(w, v) == 1 and len(w) <= len(v) and (len(v) != len(w) or sorted(v) == sorted(w)):
                    # a letter dropped or two letters swapped; a letter changed or added makes real
                    # words too often (pelayanan/pelayaran, penataan/pendataan)
                    if _has_root(w, freq, prefixes, suffixes):
                        continue  # pen+data+an: a real word built on a word the workbook uses
                    if w not in suspect or freq[v] > freq[suspect[w]]:
                        suspect[w] = v
        if not suspect:
            return
        frame = pd.DataFrame({"name": [c.text for c in cells]}, index=pd.RangeIndex(len(cells)))
        failing = failure_rows(frame, {"name": pa.Check(
            lambda s: s.map(lambda v: not any(w.lower() in suspect for w in _WORD.findall(v))),
            error="no word that looks like a slip")})
        for i in failing.get("name", []):
            c = cells[i]
            words = [w for w in _WORD.findall(c.text) if w.lower() in suspect]
            pairs = [(w, _match_case(w, display.get(suspect[w.lower()], suspect[w.lower()]))) for w in words]
            fixed = c.text
            for w, right in pairs:
                fixed = re.sub(rf"\b{re.escape(w)}\b", right, fixed)
            lvl_id, lvl_en = LEVEL_ID.get(c.level, "baris"), LEVEL_EN.get(c.level, "row")
            desc_id = "; ".join(f"'{w}' mungkin salah ketik '{r}' (dipakai {freq[r.lower()]} kali di workbook ini)"
                                for w, r in pairs)
            desc_en = "; ".join(f"'{w}' may be a slip for '{r}' (used {freq[r.lower()]} times in this workbook)"
                                for w, r in pairs)
            yield self.finding(
                ctx, c.table.sheet, c.cell,
                f"Nama {lvl_id} '{short(c.text, 80)}': {desc_id}. Periksa ejaannya.",
                f"The {lvl_en} name '{short(c.text, 80)}': {desc_en}. Check its spelling.",
                expected=fixed, actual=c.text), (id(c.table), c.cell)


# Below this many comparisons two groups of names are compared in full (exact); above it, only
# names sharing their first or last word are (a variant is a slip, not a rewrite: it keeps one
# end of the name). 2e6 ratios take ~0.2 s.
FULL_COMPARISON_LIMIT = 2_000_000


def _similar_pairs(keys: list[str], tables_of: dict[str, set], threshold: float) -> list[tuple[int, int, float]]:
    """(i, j, score) with i < j for the keys at least `threshold` similar (fuzz.ratio) that can
    be one item spelt two ways: both at one level, in different tables (or sides).

    Two names in the same table at the same level are two items, so only names of different
    (table, side) groups of one level are compared: a workbook with one big table compares
    nothing, instead of every name with every other (quadratic: 6 s at 10,000 rows)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    pos = {k: i for i, k in enumerate(keys)}
    groups: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))  # level -> group -> keys
    for k in keys:
        for table_id, side, level in tables_of[k]:
            groups[level][(table_id, side)].append(k)
    found: dict[tuple[int, int], float] = {}

    def compare(left: list[str], right: list[str]) -> None:
        if not left or not right:
            return
        scores = process.cdist(left, right, scorer=fuzz.ratio, processor=None, score_cutoff=threshold,
                               dtype=np.uint8)
        for x, y in zip(*np.nonzero(scores)):
            i, j = pos[left[x]], pos[right[y]]
            if i != j:
                found[(min(i, j), max(i, j))] = float(scores[x, y])

    for by_group in groups.values():
        names = list(by_group.values())
        for g, left in enumerate(names):
            for right in names[g + 1:]:
                if len(left) * len(right) <= FULL_COMPARISON_LIMIT:
                    compare(left, right)
                    continue
                for end in (0, -1):  # blocks: the same first word, then the same last word
                    blocks: dict[str, list[str]] = defaultdict(list)
                    for k in right:
                        blocks[k.split()[end]].append(k)
                    mine: dict[str, list[str]] = defaultdict(list)
                    for k in left:
                        mine[k.split()[end]].append(k)
                    for word, block in mine.items():
                        compare(block, blocks.get(word, []))
    return [(i, j, score) for (i, j), score in sorted(found.items())]


def _has_root(word: str, freq: Counter, prefixes: list[str], suffixes: list[str]) -> bool:
    """Whether `word` is a prefix/suffix around a word the workbook uses ("pendataan" around
    "data")."""
    stems = {word}
    for p in prefixes:
        if word.startswith(p) and len(word) - len(p) >= 3:
            stems.add(word[len(p):])
    for stem in list(stems):
        for sfx in suffixes:
            if stem.endswith(sfx) and len(stem) - len(sfx) >= 3:
                stems.add(stem[: -len(sfx)])
    stems.discard(word)
    return any(freq.get(s, 0) > 0 for s in stems)


def _match_case(like: str, word: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _text_columns(table: "Table") -> list[str]:
    cols = []
    for fld, ftype in table.field_types.items():
        if ftype == "text" and (base_field(fld) in NAME_FIELDS or base_field(fld).startswith("indikator")
                                or base_field(fld) == "tolok_ukur"):
            col = field_column(fld)
            if col in table.frame.columns:
                cols.append(col)
    return cols


# ----------------------------------------------------------------------------- CODE-FORMAT

def code_problem(raw: str, widths: tuple[int, ...]) -> tuple[str, str, str] | None:
    """Why `raw` is not a well-formed code: (reason id, reason en, level guessed) or None.
    Printed variants ("2 07 03 2.01 01", unpadded parts) are well-formed."""
    s = raw.strip().rstrip(".")
    if not s or not any(ch.isdigit() for ch in s):
        return None
    m = re.match(r"^([0-9A-Za-z.\s\-/]+?)\s+[A-Za-z(].*$", s)
    if m and any(ch.isdigit() for ch in m.group(1)) and len(m.group(1)) >= 4:
        s = m.group(1).strip().rstrip(".")
    tokens = [t for t in re.split(r"[.\s]+", s) if t]
    n = len(tokens)
    if n == 1:
        return None  # "2" (an urusan) or a row number: nothing to judge
    if not re.fullmatch(r"[0-9]+|[Xx]+", tokens[0]):
        return None  # "RSO.22.35.04.01": another numbering system, not a Permendagri code
    level = CODE_LEVELS.get(n, "")
    bad = [t for t in tokens if not re.fullmatch(r"[0-9]+|[Xx]+", t)]
    if bad:
        return (f"bagian '{bad[0]}' bukan angka", f"part '{bad[0]}' is not a number", level)
    if n not in CODE_LEVELS:
        return (f"terdiri atas {n} bagian, padahal kode program 3 bagian, kegiatan 5, sub kegiatan 6",
                f"it has {n} parts, while a program code has 3, a kegiatan code 5 and a sub kegiatan code 6",
                "")
    for i, t in enumerate(tokens):
        if i >= 2 and not t.isdigit():
            return (f"bagian ke-{i + 1} '{t}' harus angka", f"part {i + 1} '{t}' must be a number", level)
        if len(t) > widths[i]:
            return (f"bagian ke-{i + 1} '{t}' terlalu panjang (paling banyak {widths[i]} digit)",
                    f"part {i + 1} '{t}' is too long (at most {widths[i]} digits)", level)
    return None


def expected_level(table: "Table", row: int) -> str | None:
    """The level a row shows by itself, besides its code: the column its name is in (SIPD
    exports), or the word PROGRAM in front of its name."""
    for fld in table.columns:
        lvl = SEPARATE_NAME_LEVEL.get(base_field(fld))
        if lvl and "." not in fld and _str(table.value(field_column(fld), row)):
            filled = [x for x in table.columns if SEPARATE_NAME_LEVEL.get(base_field(x)) and "." not in x
                      and _str(table.value(field_column(x), row))]
            if len(filled) == 1:
                return lvl
    name = _str(table.value("name", row))
    if name and wording_level(name) == "program":
        return "program"
    return None


class CodeFormat(Rule):
    """A code does not have the shape of a program, kegiatan or sub kegiatan code.

    Why it matters: codes follow Permendagri 90/2019: program X.XX.XX, kegiatan X.XX.XX.X.XX,
    sub kegiatan X.XX.XX.X.XX.XXXX. A code with a part too many or too few, a part too long or
    a letter in it cannot be found in SIPD, and the row cannot be matched with the RKPD. A code
    of the wrong level (a kegiatan code on a PROGRAM row) means a row or a code has shifted.
    Printed variants such as "2 07 03 2.01 01" are fine.

    **Bad**: "2.07.03.2" (a kegiatan code cut short), "2.07.003", "2.07.03.2.01.00001",
    "2.07.O3" (letter O), a kegiatan code 2.07.05.2.02 on the row "PROGRAM HUBUNGAN INDUSTRIAL".

    **Good**: "2.07.03", "2.07.03.2.01", "2.07.03.2.01.0001", "2 07 03 2.01 01".
    """

    code = "CODE-FORMAT"
    title = "Bentuk kode tidak sesuai tingkatnya"
    title_en = "Code does not have the shape of its level"
    severity = "error"
    family = "nomenclature"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        data = ctx.config.load("nomenclature.yaml") or {}
        widths = tuple(int(w) for w in (data.get("code_widths") or DEFAULT_WIDTHS))
        shapes = data.get("code_shapes") or {}
        examples = data.get("code_examples") or {}
        for table in iter_tables(ctx):
            f = table.frame
            code_fields = [x for x, t in table.field_types.items() if t == "code" and field_column(x) in f.columns]
            sources: dict[str, tuple[str, dict[int, str]]] = {}  # label -> (field, row -> raw code)
            # (the frame's columns read as lists: no `Table.column` views kept for one pass)
            levels = f["level"].tolist()
            for x in code_fields:  # (an OPD's own row holds its unit code: not a plan code)
                sources[x] = (x, {r: raw for r, v, lvl in zip(table.rows, f[field_column(x)].tolist(), levels)
                                  if (raw := _str(v)) and lvl != "unit"})
            if not code_fields:  # codes typed in front of the name
                for x in table.columns:
                    if base_field(x) in NAME_FIELDS and field_column(x) in f.columns:
                        found = {}
                        for r, v in zip(table.rows, f[field_column(x)].tolist()):
                            m = _CODE_PREFIX_IN_NAME.match(_str(v))
                            if m and _looks_like_code(m.group(1)):
                                found[r] = m.group(1)
                        if found:
                            sources[x] = (x, found)
            ignore = [re.compile(p) for p in data.get("not_codes") or []]
            for label, (fld, raw_by_row) in sources.items():
                raw_by_row = {r: v for r, v in raw_by_row.items() if not any(p.search(v) for p in ignore)}
                if not raw_by_row:
                    continue
                rows = sorted(raw_by_row)
                problems: dict[int, tuple[str, str]] = {}
                # A level's own code column (KODE KEGIATAN) says the level; flat exports repeat
                # each code on many rows: every distinct code is judged once.
                field_level = LEVEL_CODE_FIELDS.get(fld)
                shape_of: dict[str, Any] = {}
                for r in rows:
                    raw = raw_by_row[r]
                    if raw not in shape_of:
                        shape_of[raw] = (code_problem(raw, widths), parse_code(raw))
                    prob, parsed = shape_of[raw]
                    if prob:
                        problems[r] = (prob[0], prob[1])
                        continue
                    want = field_level if field_level else (expected_level(table, r) if parsed else None)
                    if parsed and want and parsed[1] != want and parsed[1] != "urusan":
                        problems[r] = (
                            f"berbentuk kode {LEVEL_ID[parsed[1]]}, padahal baris ini {LEVEL_ID[want]}",
                            f"it has the shape of a {LEVEL_EN[parsed[1]]} code, but this row is a {LEVEL_EN[want]}")
                frame = pd.DataFrame({"code": [raw_by_row[r] for r in rows]}, index=pd.Index(rows, name="row"))
                failing = failure_rows(frame, {"code": pa.Check(
                    lambda s: pd.Series([int(r) not in problems for r in s.index], index=s.index),
                    error="code shaped like its level")})
                for r in failing.get("code", []):
                    raw = raw_by_row[r]
                    why_id, why_en = problems[r]
                    level = field_level or expected_level(table, r) or table.value("level", r)
                    if level not in shapes:
                        level = CODE_LEVELS.get(len([t for t in re.split(r"[.\s]+", raw) if t]), "sub_kegiatan")
                    shape, example = shapes.get(level, ""), examples.get(level, "")
                    name = _str(table.value("name", r))
                    yield self.finding(
                        ctx, table.sheet, table.cell(fld, r),
                        f"Kode '{raw}'{f' pada {short(name, 60)!r}' if name else ''} tidak berbentuk kode yang benar: "
                        f"{why_id}. Bentuk kode {LEVEL_ID.get(level, level)}: {shape} (mis. {example}).",
                        f"Code '{raw}'{f' of {short(name, 60)!r}' if name else ''} is not well formed: {why_en}. "
                        f"A {LEVEL_EN.get(level, level)} code looks like {shape} (e.g. {example}).",
                        expected=shape, actual=raw)


def _looks_like_code(s: str) -> bool:
    tokens = [t for t in re.split(r"[.\s]+", s) if t]
    return len(tokens) >= 3 and len(tokens[1]) == 2 and len(tokens[0]) == 1


# ----------------------------------------------------------------------------- CODE-PARENT

def _prefix_ok(child: str, parent: str) -> bool:
    cp, pp = child.split("."), parent.split(".")
    if len(pp) >= len(cp):
        return True  # not a parent code: nothing to compare
    return all(a == b or "X" in a.upper() or "X" in b.upper() for a, b in zip(cp, pp))


class CodeParent(Rule):
    """A code does not start with the code of the row it belongs to.

    Why it matters: a kegiatan code starts with its program's code, a sub kegiatan code with its
    kegiatan's. A kegiatan 2.07.03.2.01 listed under program 2.07.04 is either miscoded or put
    under the wrong program: its pagu then counts for the wrong program, and SIPD places it
    elsewhere.

    **Bad**: kegiatan 2.07.03.2.01 "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi" under
    program 2.07.04 "PROGRAM PENEMPATAN TENAGA KERJA".

    **Good**: kegiatan 2.07.03.2.01 under program 2.07.03 "PROGRAM PELATIHAN KERJA DAN
    PRODUKTIVITAS TENAGA KERJA"; sub kegiatan 2.07.03.2.01.0001 under it.
    """

    code = "CODE-PARENT"
    title = "Kode tidak diawali kode induknya"
    title_en = "Code does not start with its parent's code"
    severity = "error"
    family = "nomenclature"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        for table in iter_tables(ctx):
            code_of, level_of = table.column("code"), table.column("level")
            rows, codes, parents = [], [], []
            for r in table.rows:
                code = code_of[r]
                if not isinstance(code, str) or not code or level_of[r] not in ITEM_LEVELS:
                    continue
                anc = next((a for a in _ancestors(table, r) if isinstance(code_of[a], str) and code_of[a]), None)
                if anc is None:
                    continue
                rows.append(int(r))
                codes.append(code)
                parents.append(anc)
            if not rows:
                continue
            parent_codes = [code_of[p] for p in parents]
            frame = pd.DataFrame({"code": codes, "parent_code": parent_codes}, index=pd.Index(rows, name="row"))
            parent_code_of = dict(zip(rows, parent_codes))
            failing = failure_rows(frame, {"code": pa.Check(
                lambda s: pd.Series([_prefix_ok(c, parent_code_of[r]) for r, c in s.items()], index=s.index),
                error="code starts with the parent's code")})
            parent_of = dict(zip(rows, parents))
            name_of = table.column("name") if failing else {}
            for r in failing.get("code", []):
                p = parent_of[r]
                code, pcode = code_of[r], code_of[p]
                lvl, plvl = level_of[r], level_of[p]
                name, pname = _str(name_of[r]), _str(name_of[p])
                item = f" ({short(name, 60)})" if name else ""
                parent_id = f" ({short(pname, 60)}, baris {p})" if pname else f" (baris {p})"
                parent_en = f" ({short(pname, 60)}, row {p})" if pname else f" (row {p})"
                yield self.finding(
                    ctx, table.sheet, code_cell(table, r),
                    f"Kode {LEVEL_ID[lvl]} {code}{item} tidak diawali kode {LEVEL_ID.get(plvl, plvl)} induknya "
                    f"{pcode}{parent_id}. Perbaiki kodenya, atau pindahkan baris ini ke bawah "
                    f"{LEVEL_ID.get(plvl, plvl)} yang benar.",
                    f"The {LEVEL_EN[lvl]} code {code}{item} does not start with the code of its "
                    f"{LEVEL_EN.get(plvl, plvl)} {pcode}{parent_en}. Fix the code, or move the row under the right "
                    f"{LEVEL_EN.get(plvl, plvl)}.",
                    expected=f"{pcode}.…", actual=code, related=[_ref(table, code_cell(table, p))])


# ----------------------------------------------------------------------------- NUMBERING-SEQ

_ROMAN_VALUES = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    out = ""
    for v, s in _ROMAN_VALUES:
        while n >= v:
            out += s
            n -= v
    return out


_PARSED_MAX = 1024  # distinct numbers NUMBERING-SEQ keeps parsed per level and table


@dataclass(slots=True)  # one per numbered item: 10,000s in an RKPD
class Numbered:
    row: int
    token: str  # as printed ("IV", "C", "12", "1.2")
    family: str  # roman | letter | lower | int | dot
    value: int
    scope: int  # the parent row
    prefix: str = ""  # dotted numbering: "1.2." of "1.2.3"


def parse_numbering(token: str, level: str) -> tuple[str, int, str] | None:
    """("IV", "program") -> ("roman", 4, ""); ("C", "kegiatan") -> ("letter", 3, "");
    ("1.2", …) -> ("dot", 2, "1.")."""
    parsed = numbering_style(token)
    if not parsed:
        return None
    style, t = parsed
    if style == "int":
        return "int", int(t), ""
    if style in ("dot2", "dot3"):
        head, _, last = t.rpartition(".")
        return "dot", int(last), head + "."
    if style == "lower":
        return "lower", ord(t) - 96, ""
    if style == "upper":
        if level == "program":
            rv = roman_value(t)
            if rv:
                return "roman", rv, ""
        if len(t) == 1:
            return "letter", ord(t) - 64, ""
        rv = roman_value(t)
        return ("roman", rv, "") if rv else None
    return None


def show_number(family: str, value: int, prefix: str = "") -> str:
    if value < 1:
        return str(value)
    if family == "roman":
        return to_roman(value)
    if family == "letter":
        return chr(64 + value) if value <= 26 else str(value)
    if family == "lower":
        return chr(96 + value) if value <= 26 else str(value)
    if family == "dot":
        return f"{prefix}{value}"
    return str(value)


class NumberingSequence(Rule):
    """The numbering of programs, kegiatan or sub kegiatan skips or repeats a number.

    Why it matters: the No column is how readers and verifiers refer to rows ("kegiatan R,
    sub kegiatan 47"). A skipped number often means a row was deleted and its pagu may still
    be counted; a repeated number, a row pasted twice. Tables number kegiatan either afresh
    under each program (A, B, A, B…) or straight through (A … S), and sub kegiatan afresh
    under each kegiatan or straight through (1 … 53): the table's own habit is learnt first, and
    only departures from it are reported. Rows of a level the table does not number are left
    alone; an unnumbered row takes the next number silently.

    **Bad**: programs I, II, IV (III skipped); kegiatan A, B, B; sub kegiatan 1 … 19, 21.

    **Good**: I, II, III; A, B, C; 1, 2, 3 — restarting or running on, the same way in the
    whole table.
    """

    code = "NUMBERING-SEQ"
    title = "Penomoran melompat atau berulang"
    title_en = "Numbering skips or repeats"
    severity = "info"
    family = "nomenclature"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        min_share = float(self.setting("min_numbered_share", 0.5))
        for table in iter_tables(ctx, *self.setting("table_kinds", PLAN_KINDS)):
            level_of, parent_of = table.column("level"), table.column("parent")
            numbers = table.frame["number"].tolist()  # read once here: no `Table.column` view kept
            for level in ITEM_LEVELS:
                seq: list[Numbered | int] = []  # a Numbered, or the row of an unnumbered item
                n_rows = 0  # the level's rows
                # Numbers restarting under each parent repeat ("1", "2", "A"): parsed once each. Those
                # running on through a table do not, and are not kept (_PARSED_MAX).
                parsed_of: dict[str, tuple[str, int, str] | None] = {}
                for r, number in zip(table.rows, numbers):
                    if level_of[r] != level:
                        continue
                    n_rows += 1
                    token = _str(number)
                    parsed = parsed_of.get(token, False)
                    if parsed is False:
                        parsed = parse_numbering(token, level)
                        if len(parsed_of) < _PARSED_MAX:
                            parsed_of[token] = parsed
                    scope = int(parent_of[r] or 0)
                    if parsed:
                        seq.append(Numbered(r, token, parsed[0], parsed[1], scope, parsed[2]))
                    else:
                        seq.append(r)
                if n_rows < 2:
                    continue
                numbered = [s for s in seq if isinstance(s, Numbered)]
                if len(numbered) < 2 or len(numbered) < min_share * n_rows:
                    continue
                convention = self._convention(seq, parent_of)
                issues = self._walk(seq, parent_of, convention)
                if not issues:
                    continue
                frame = pd.DataFrame({"number": [n.token for n in numbered]},
                                      index=pd.Index([n.row for n in numbered], name="row"))
                failing = failure_rows(frame, {"number": pa.Check(
                    lambda s: pd.Series([int(r) not in issues for r in s.index], index=s.index),
                    error="numbering runs without gaps or repeats")})
                for r in failing.get("number", []):
                    yield self._finding(ctx, table, level, r, issues[r], convention)

    @staticmethod
    def _convention(seq, parent_of) -> str:
        restart = runon = 0
        last: Numbered | None = None
        prev_scope = None
        counter = 0
        for item in seq:
            row = item.row if isinstance(item, Numbered) else item
            scope = int(parent_of[row] or 0)
            new_scope = prev_scope is not None and scope != prev_scope
            if isinstance(item, Numbered):
                if new_scope and last is not None and item.family == last.family and item.family != "dot":
                    if item.value == 1 and counter >= 1:
                        restart += 1
                    elif item.value == counter + 1:
                        runon += 1
                counter = item.value
                last = item
            else:
                counter = 1 if (new_scope and restart > runon) else counter + 1
            prev_scope = scope
        if restart > runon:
            return "restart"
        if runon > restart:
            return "runon"
        return "either"

    @staticmethod
    def _walk(seq, parent_of, convention: str) -> dict[int, tuple[str, Numbered, int, int | None, Numbered | None]]:
        """Departures: row -> (kind gap|repeat|order, item, expected value, row first used, previous)."""
        issues: dict[int, tuple[str, Numbered, int, int | None, Numbered | None]] = {}
        counter = 0
        family: str | None = None
        prev_scope = None
        seen: dict[Any, dict[int, int]] = defaultdict(dict)  # scope (or "all") -> value -> row
        last: Numbered | None = None
        for item in seq:
            row = item.row if isinstance(item, Numbered) else item
            scope = int(parent_of[row] or 0)
            new_scope = prev_scope is not None and scope != prev_scope
            prev_scope = scope
            restarts = family == "dot" or convention == "restart"
            if not isinstance(item, Numbered):  # an unnumbered item takes the next number silently
                if family is not None:
                    counter = 1 if (new_scope and restarts) else counter + 1
                continue
            per_scope = item.family == "dot" or convention != "runon"
            bucket = scope if per_scope else "all"
            if family is None or item.family != family:
                family, counter, last = item.family, item.value, item
                seen[bucket][item.value] = item.row
                continue
            if not new_scope:
                candidates = [counter + 1]
            elif item.family == "dot" or convention == "restart":
                candidates = [1]
            elif convention == "runon":
                candidates = [counter + 1]
            else:
                candidates = [1, counter + 1]
            expected = min(candidates, key=lambda c: (abs(c - item.value), c))
            if item.value not in candidates:
                used = seen[bucket].get(item.value)
                if new_scope and item.value == 1:
                    issues[item.row] = ("order", item, expected, None, last)  # restarts where the table runs on
                elif used is not None or (not new_scope and item.value == counter):
                    issues[item.row] = ("repeat", item, expected, used if used is not None else
                                        (last.row if last else None), last)
                elif item.value > expected:
                    issues[item.row] = ("gap", item, expected, None, last)
                else:
                    issues[item.row] = ("order", item, expected, None, last)
            seen[bucket].setdefault(item.value, item.row)
            counter, last = item.value, item
        return issues

    def _finding(self, ctx: Context, table, level: str, row: int, issue, convention: str) -> Finding:
        kind, item, expected, first_row, prev = issue
        lvl_id, lvl_en = LEVEL_ID[level], LEVEL_EN[level]
        exp = show_number(item.family, expected, item.prefix)
        cell = _number_cell(table, row)
        name = _str(table.value("name", row))
        about_id = f" ({short(name, 60)})" if name else ""
        prev_txt = f"'{prev.token}'" if prev is not None else "-"
        if kind == "repeat":
            related = [_ref(table, _number_cell(table, first_row))] if first_row else []
            return self.finding(
                ctx, table.sheet, cell,
                f"Nomor {lvl_id} '{item.token}'{about_id} dipakai lagi"
                f"{f' (sudah dipakai di baris {first_row})' if first_row else ''}; berikutnya seharusnya '{exp}'. "
                f"Periksa apakah baris ini tersalin dua kali, lalu perbaiki penomorannya.",
                f"The {lvl_en} number '{item.token}'{about_id} is used again"
                f"{f' (already used on row {first_row})' if first_row else ''}; the next one should be '{exp}'. "
                f"Check whether the row was pasted twice, then fix the numbering.",
                expected=exp, actual=item.token, related=related)
        if kind == "gap":
            missing = [show_number(item.family, v, item.prefix) for v in range(expected, item.value)]
            miss = ", ".join(f"'{m}'" for m in missing[:5]) + (" …" if len(missing) > 5 else "")
            return self.finding(
                ctx, table.sheet, cell,
                f"Penomoran {lvl_id} melompat: setelah {prev_txt} tertulis '{item.token}'{about_id}; nomor {miss} "
                f"tidak ada. Periksa apakah ada {lvl_id} yang terhapus, atau perbaiki nomornya.",
                f"The {lvl_en} numbering skips: after {prev_txt} comes '{item.token}'{about_id}; {miss} is missing. "
                f"Check whether a {lvl_en} was deleted, or fix the number.",
                expected=exp, actual=item.token)
        habit_id = {"runon": f" (di tabel ini nomor {lvl_id} bersambung terus, tidak mulai lagi di setiap induknya)",
                    "restart": f" (di tabel ini nomor {lvl_id} mulai lagi di setiap induknya)"}.get(convention, "")
        habit_en = {"runon": f" (this table numbers {lvl_en} straight through, not afresh under each parent)",
                    "restart": f" (this table numbers {lvl_en} afresh under each parent)"}.get(convention, "")
        return self.finding(
            ctx, table.sheet, cell,
            f"Nomor {lvl_id} '{item.token}'{about_id} tidak berurutan: setelah {prev_txt} seharusnya '{exp}'"
            f"{habit_id}. Perbaiki penomorannya.",
            f"The {lvl_en} number '{item.token}'{about_id} is out of sequence: after {prev_txt} it should be "
            f"'{exp}'{habit_en}. Fix the numbering.",
            expected=exp, actual=item.token)


def _number_cell(table, row: int) -> str:
    """The cell showing the row's number: the No column, or the name cell when the number is
    typed in front of the name."""
    in_name = bool(table.value("number_in_name", row, False))
    if "number" in table.columns and not in_name:
        return table.cell("number", row)
    return name_cell(table, row)


# ----------------------------------------------------------------------------- DUP-SUBKEG

class DuplicateSubKegiatan(Rule):
    """The same sub kegiatan is listed twice in one table.

    Why it matters: a sub kegiatan listed twice (the same code, or the same name under the same
    kegiatan) is counted twice: the number of sub kegiatan, the kegiatan's pagu and the total
    are all too high, or one of the two rows was meant to be another sub kegiatan.

    **Bad**: under kegiatan "Administrasi Umum Perangkat Daerah", "Penyediaan Bahan Logistik
    Kantor" on two rows (or two rows coded 2.07.01.2.06.0004).

    **Good**: each sub kegiatan once under its kegiatan; the same name under two different
    kegiatan is not reported.
    """

    code = "DUP-SUBKEG"
    title = "Sub kegiatan tercantum dua kali"
    title_en = "Sub kegiatan listed twice"
    severity = "error"
    family = "nomenclature"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        data = ctx.config.load("nomenclature.yaml") or {}
        abbreviations = _abbrev(data)
        for table in iter_tables(ctx, *self.setting("table_kinds", PLAN_KINDS)):
            f = table.frame
            level_of, code_of, raw_code_of = table.column("level"), table.column("code"), table.column("code__raw")
            subs = [r for r in table.rows if level_of[r] == "sub_kegiatan"]
            if len(subs) < 2:
                continue
            # The same sub kegiatan under two OPDs (units) of one export is two items.
            unit_of = table.column("unit")
            codes = [c if isinstance(c, str) else "" for c in (code_of[r] for r in subs)]
            raw_codes = [_str(raw_code_of[r]) for r in subs] if "code__raw" in f.columns else [""] * len(subs)
            # (unit, code), or (unit, parent, name key, code) per side: a tuple is half the size of a joined string
            cols: dict[str, list] = {"code": [(unit_of.get(r, ""), c) if c else "" for r, c in zip(subs, codes)]}
            cells_by_side: dict[str, dict[int, NameCell]] = defaultdict(dict)
            for c in item_name_cells(ctx, table, abbreviations):
                if c.key and c.level == "sub_kegiatan":
                    cells_by_side[c.side].setdefault(c.row, c)
            for side, by_row in cells_by_side.items():
                # two rows with different codes are two sub kegiatan, whatever their names
                cols[f"name:{side}"] = [(unit_of.get(r, ""), by_row[r].parent, by_row[r].key, code or raw)
                                        if r in by_row else ""
                                        for r, code, raw in zip(subs, codes, raw_codes)]
            frame = pd.DataFrame(cols, index=pd.Index(subs, name="row"))
            unique = pa.Check(lambda s: ~(s.duplicated(keep="first") & (s != "")), error="listed once")
            failing = failure_rows(frame, {c: unique for c in cols})
            del frame
            if not failing:
                continue
            reported: set[int] = set()
            rows_all = table.rows
            next_row = dict(zip(rows_all, rows_all[1:]))
            weak = {r for r, by in table.column("level_by").items() if not str(by).startswith(STRONG_LEVEL_SIGNALS)}
            for col, values in cols.items():
                if col not in failing:
                    continue
                value_of = dict(zip(subs, values))
                first_of: dict[Any, int] = {}
                for r, v in zip(subs, values):
                    if v:
                        first_of.setdefault(v, r)
                for r in failing.get(col, []):
                    if r in reported:
                        continue
                    first = first_of[value_of[r]]
                    if col != "code" and next_row.get(first) == r and (first in weak or r in weak):
                        continue  # a kegiatan and its only sub kegiatan of the same name, levels guessed
                    reported.add(r)
                    yield self._finding(ctx, table, r, first, col, cells_by_side)

    def _finding(self, ctx, table, row: int, first: int, col: str, cells_by_side) -> Finding:
        if col == "code":
            cell, name = code_cell(table, row), _str(table.value("name", row))
            first_cell = code_cell(table, first)
            what_id = f"kode {table.value('code', row)}"
            what_en = f"code {table.value('code', row)}"
        else:
            side = col.split(":", 1)[1]
            c = cells_by_side[side][row]
            cell, name = c.cell, c.text
            first_cell = cells_by_side[side][first].cell
            what_id = what_en = ""
        parent = int(table.value("parent", row) or 0)
        pname = _str(table.value("name", parent)) if parent and parent in table.column("name") else ""
        under_id = f" di bawah kegiatan '{short(pname, 60)}'" if pname else ""
        under_en = f" under kegiatan '{short(pname, 60)}'" if pname else ""
        label_id = f"Sub kegiatan '{short(name, 80)}'" + (f" ({what_id})" if what_id else "")
        label_en = f"Sub kegiatan '{short(name, 80)}'" + (f" ({what_en})" if what_en else "")
        return self.finding(
            ctx, table.sheet, cell,
            f"{label_id}{under_id} tercantum dua kali di tabel ini: baris {first} dan baris {row}. Hapus salah "
            f"satunya (pagunya ikut terhitung dua kali pada kegiatan dan total) atau ganti dengan sub kegiatan "
            f"yang dimaksud.",
            f"{label_en}{under_en} is listed twice in this table: rows {first} and {row}. Delete one of them "
            f"(its pagu is counted twice in the kegiatan and the total) or replace it with the sub kegiatan "
            f"meant.",
            expected=ctx.t("satu baris", "one row"),
            actual=ctx.t(f"baris {first} dan {row}", f"rows {first} and {row}"),
            related=[_ref(table, first_cell)])


RULES = [NomenclatureSpelling, CodeFormat, CodeParent, NumberingSequence, DuplicateSubKegiatan]
