"""Nomenclature and codes: names against the official list, code shapes and parents, numbering
sequences, sub kegiatan listed twice.

Program, kegiatan and sub kegiatan names and codes are fixed by Permendagri 90/2019 and its
updates (Kepmendagri 900.1.15.5-1317/2023). With the ministry's list (`--nomenklatur FILE` or
`file:` in `rules/nomenclature.yaml`), NOMEN-SPELL compares every name with it; without one, it
compares the workbook with itself.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, TYPE_CHECKING

from reconcile.checks.base import Context
from reconcile.checks.matching import ITEM_LEVELS
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import (
    CODE_LEVELS,
    name_key,
    numbering_style,
    roman_value,
    split_code_prefix,
    split_number_prefix,
    wording_level,
)
from reconcile.read.model import quote_sheet
from reconcile.read.tables import FIXED_COLUMNS, NAME_FIELDS


if TYPE_CHECKING:
    from reconcile.read.model import Table


STRONG_LEVEL_SIGNALS = ("code", "wording", "numbering", "known name", "sum")  # `level_by` of rows whose level is sure


SEPARATE_NAME_LEVEL = {"name_program": "program", "name_kegiatan": "kegiatan", "name_sub_kegiatan": "sub_kegiatan"}


DEFAULT_WIDTHS = (1, 2, 2, 1, 2, 4)


_WORD = re.compile(r"[0-9A-Za-z]+")


_TYPO_SLICE = 4096  # texts whose words NOMEN-SPELL's _typos splits out at once


_WORD_BYTES = bytes(b if chr(b).isascii() and chr(b).isalnum() else 0x20 for b in range(256))  # see _typos


_CODE_PREFIX_IN_NAME = re.compile(r"^\s*([0-9Xx]{1,4}(?:[.\s]+[0-9Xx]{1,5}){1,7})\.?\s*[-–:]?\s+(?=[A-Za-z(])")


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


def _looks_like_code(s: str) -> bool:
    tokens = [t for t in re.split(r"[.\s]+", s) if t]
    return len(tokens) >= 3 and len(tokens[1]) == 2 and len(tokens[0]) == 1


def _prefix_ok(child: str, parent: str) -> bool:
    cp, pp = child.split("."), parent.split(".")
    if len(pp) >= len(cp):
        return True  # not a parent code: nothing to compare
    return all(a == b or "X" in a.upper() or "X" in b.upper() for a, b in zip(cp, pp))


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


def _number_cell(table, row: int) -> str:
    """The cell showing the row's number: the No column, or the name cell when the number is
    typed in front of the name."""
    in_name = bool(table.value("number_in_name", row, False))
    if "number" in table.columns and not in_name:
        return table.cell("number", row)
    return name_cell(table, row)
