"""Which rows of different tables are the same program, kegiatan or sub kegiatan.

Shared by the crosstable rules (XTAB-*) and the claims rules (CLAIM-COUNT, ITEM-MISSING).
A Renja prints the same items in several tables (Tabel 2.6 review of the RKPD, Tabel 3.2,
Tabel 4.1, the Rekap evaluasi, the anggaran table) and often lists them once more in the
narrative of BAB III. Items are matched, level by level (program, then kegiatan, then sub
kegiatan) so that a parent is always settled before its children:

1. by normalised code, when both rows carry one;
2. by normalised name (``name_key`` with the abbreviations of ``rules/crosstable.yaml``
   expanded) at the same level, preferring the candidate under the same parent; two rows with
   different codes never match by name;
3. by fuzzy name (rapidfuzz ratio >= ``name_threshold``; a name cut short, as PDF copies often
   are, counts as a match when it is a long enough prefix of the other) among the siblings
   under the matched parent;
4. by position: when the siblings left over under a matched parent are as many in both tables,
   they are paired in order if their names are still somewhat alike (``position_min_ratio``).

Each group of matched rows is an ``Entity``. The matching is built once per workbook and
configuration and cached on the workbook object, because several rules use it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from reconcile.findings import Words
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import name_key, numbering_style, split_number_prefix, wording_level
from reconcile.read.model import column_letter, quote_sheet
from reconcile.read.tables import NAME_FIELDS

if TYPE_CHECKING:
    from reconcile.checks.base import Context
    from reconcile.read.model import Table

ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")
ROOT = -1
CACHE_ATTR = "_reconcile_matching_cache"
_FIELD_YEAR = re.compile(r"_((?:19|20)\d\d)$")
_TABLE_NO = re.compile(r"\btabel\s*\.?\s*([0-9]+(?:\s*\.\s*[0-9]+)*|[IVXLC]+(?:\.[0-9]+)*)", re.I)
_BULLET = re.compile(r"^\s*(?:[-–—•·▪◦►➢>*]+|\(?[0-9]{1,3}\)|\(?[a-z]\))\s*")
_LIST_NUMBER = re.compile(r"^\s*\(?([0-9]{1,3}(?:\.[0-9]{1,3})*|[a-z]|[A-Z]|[IVXLCDM]+)[.)]\s+(?=\S)(.*)$", re.S)

LEVEL_ID = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan",
            "urusan": "urusan", "total": "total", "other": "baris"}
LEVEL_EN = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan",
            "urusan": "urusan", "total": "total", "other": "row"}


# ----------------------------------------------------------------------------- sources

@dataclass(slots=True)
class ItemRow:
    """One program / kegiatan / sub kegiatan row of a source (one per row of a plan table of
    tens of thousands of rows: slots, and only what the rules read)."""

    row: int  # Excel row
    level: str
    parent: int  # Excel row of the parent item in the same source, 0 = none
    code: str
    name: str
    keys: tuple[str, ...]  # comparison keys of its name(s), main first
    entity: int = -1  # id of its Entity once the source is matched (-1 = ROOT: not yet)


@dataclass
class Source:
    """A table, or a list of items found in the narrative, that names items."""

    index: int
    sheet: str
    kind: str  # the table kind, or "narasi"
    table: "Table | None"
    rows: dict[int, ItemRow]
    label_id: str
    label_en: str
    cells: dict[int, str] | None = None  # a narrative list: the cell of each row (tables: see `cell`)
    _cell_of: Callable[[int], str] | None = field(default=None, repr=False, compare=False)

    @property
    def is_table(self) -> bool:
        return self.table is not None

    def label(self, ctx: "Context") -> str:
        return ctx.t(self.label_id, self.label_en)

    def cell(self, row: int) -> str:
        """The cell that names the item on `row`; of a table worked out when asked (a few rows
        are reported, not stored for every row)."""
        if self.cells is not None:
            return self.cells[row]
        if self._cell_of is None:
            self._cell_of = name_cells(self.table)
        return self._cell_of(row)

    def ref(self, row: int) -> str:
        return f"{quote_sheet(self.sheet)}!{self.cell(row)}"


@dataclass(slots=True)
class Entity:
    id: int
    level: str
    code: str
    parent: int  # entity id of the parent, ROOT when none
    keys: tuple[str, ...] = ()  # distinct comparison keys of its rows' names
    # Its rows as one flat tuple (source index, Excel row, source index, Excel row, ...) in
    # source order, and how each was matched (code|name|fuzzy|position|new): most items of a
    # large plan are listed once, and a pair in a tuple costs a third of a one-entry dict.
    _members: tuple[int, ...] = ()
    _how: tuple[str, ...] = ()  # shared tuples (Matching._shared)

    def row_in(self, index: int) -> int | None:
        """Its Excel row in the source `index`, None when that source does not list it."""
        members = self._members
        for i in range(0, len(members), 2):
            if members[i] == index:
                return members[i + 1]
        return None

    def has(self, index: int) -> bool:
        return self.row_in(index) is not None

    @property
    def n_members(self) -> int:
        return len(self._members) // 2

    def member_rows(self) -> Iterable[tuple[int, int]]:
        """(source index, Excel row) of its rows, in source order."""
        return zip(self._members[::2], self._members[1::2])

    @property
    def how(self) -> dict[int, str]:
        """source index -> code|name|fuzzy|position|new."""
        return dict(zip(self._members[::2], self._how))


@dataclass
class MatchSettings:
    kinds: tuple[str, ...] = ("rincian", "review_rkpd", "evaluasi", "anggaran", "daftar")
    name_threshold: float = 85.0
    prefix_min_share: float = 0.6
    position_min_ratio: float = 60.0
    max_fuzzy_pairs: int = 40_000
    review_sides: tuple[str, ...] = ("analisis",)
    plan_year: Any = "auto"
    abbreviations: dict[str, str] = field(default_factory=dict)
    narrative: bool = True
    max_item_chars: int = 300
    max_item_words: int = 40
    min_list_items: int = 3
    heading_patterns: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config) -> "MatchSettings":
        data = load_crosstable(config)
        m = data.get("matching") or {}
        n = data.get("narrative") or {}
        s = cls()
        s.kinds = tuple(m.get("kinds") or s.kinds)
        s.name_threshold = float(m.get("name_threshold", s.name_threshold))
        s.prefix_min_share = float(m.get("prefix_min_share", s.prefix_min_share))
        s.position_min_ratio = float(m.get("position_min_ratio", s.position_min_ratio))
        s.max_fuzzy_pairs = int(m.get("max_fuzzy_pairs", s.max_fuzzy_pairs))
        s.review_sides = tuple(m.get("review_sides") or s.review_sides)
        s.plan_year = m.get("plan_year", "auto")
        s.abbreviations = {str(k).lower(): str(v).lower() for k, v in (m.get("abbreviations") or {}).items()}
        s.narrative = bool(n.get("enabled", True))
        s.max_item_chars = int(n.get("max_item_chars", s.max_item_chars))
        s.max_item_words = int(n.get("max_item_words", s.max_item_words))
        s.min_list_items = int(n.get("min_items", s.min_list_items))
        s.heading_patterns = tuple(n.get("heading_patterns") or ())
        return s


def load_crosstable(config) -> dict[str, Any]:
    try:
        return config.load("crosstable.yaml") or {}
    except Exception:  # a missing or broken file falls back to the defaults
        return {}


def item_key(name: Any, abbreviations: dict[str, str] | None = None) -> str:
    """Comparison key of a name: name_key, then abbreviations expanded ("kab" -> "kabupaten")."""
    key = name_key(str(name or ""))
    if not abbreviations or not key:
        return key
    words = key.split()
    if abbreviations.keys().isdisjoint(words):
        return key  # nothing to expand (most names): name_key already joins single-spaced words
    return " ".join(abbreviations.get(w, w) for w in words)


class _ItemKeys(dict):
    """`item_key` per distinct name during one matching build: the same names come back in
    every table that lists the item and in the narrative. Each key is stored once, and so is
    the 1-tuple of keys most rows have, however many names (case, spacing) give that key."""

    def __init__(self, abbreviations: dict[str, str]):
        super().__init__()
        self.abbreviations = abbreviations
        self._one: dict[str, tuple[str]] = {}  # key -> (key,), shared

    def __missing__(self, name: str) -> str:
        key = item_key(name, self.abbreviations)
        one = self._one.get(key)
        if one is None:
            one = self._one[key] = (key,)
        key = self[name] = one[0]
        return key

    def keys_of(self, names: Iterable[str]) -> tuple[str, ...]:
        """The distinct non-empty keys of `names`, in order."""
        keys: list[str] = []
        for n in names:
            k = self[n]
            if k and k not in keys:
                keys.append(k)
        if len(keys) == 1:
            return self._one[keys[0]]
        return tuple(keys)


def field_year(name: str) -> int | None:
    """pagu_2024 -> 2024; rkpd.pagu -> None; target_2025#2 -> 2025."""
    bare = name.split(".", 1)[-1].split("#", 1)[0]
    m = _FIELD_YEAR.search(bare)
    return int(m.group(1)) if m else None


def field_side(name: str) -> str | None:
    return name.split(".", 1)[0] if "." in name else None


def table_label(table: "Table", tables: list["Table"]) -> tuple[str, str]:
    """("Tabel 4.1", "Tabel 4.1") from the title; otherwise the sheet (and header row)."""
    m = _TABLE_NO.search(table.title or "")
    same_sheet = [t for t in tables if t.sheet == table.sheet]
    if m:
        number = re.sub(r"\s+", "", m.group(1))
        label = f"Tabel {number}"
        if name_key(label) not in name_key(table.sheet):
            return f"{label} (sheet '{table.sheet}')", f"{label} (sheet '{table.sheet}')"
        return label, label
    if len(same_sheet) > 1:
        row = table.header_rows[0] if table.header_rows else 0
        return (f"tabel pada sheet '{table.sheet}' baris {row}", f"the table on sheet '{table.sheet}' row {row}")
    return f"tabel pada sheet '{table.sheet}'", f"the table on sheet '{table.sheet}'"


def name_cell(table: "Table", row: int) -> str:
    """The cell that names the item on `row` (the first filled name column)."""
    return name_cells(table)(row)


def name_cells(table: "Table") -> Callable[[int], str]:
    """`name_cell` of one table for many rows: its name columns looked up once."""
    columns = [(table.columns[fld], table.column(col)) for fld, col in _name_columns(table)]
    fallback = table.name_cell_column

    def cell(row: int) -> str:
        for letter, values in columns:
            v = values.get(row)
            if isinstance(v, str) and v.strip():
                return f"{letter}{row}"
        return f"{fallback}{row}"
    return cell


def _name_columns(table: "Table") -> list[tuple[str, str]]:
    """(field, frame column) of the table's name fields in the order `name_cell` tries them;
    worked out once per table."""
    memo = table.__dict__.get("_matching_name_columns")
    if memo is None:
        f = table.frame
        memo = []
        for fld in sorted((x for x in table.columns if base_field(x) in NAME_FIELDS and "#" not in x),
                          key=lambda x: (0 if x.startswith("rkpd.") or "." not in x else 1, table.columns[x])):
            col = f"{fld}__raw" if f"{fld}__raw" in f.columns else fld
            if col in f.columns:
                memo.append((fld, col))
        table.__dict__["_matching_name_columns"] = memo
    return memo


def side_name_field(table: "Table", sides: Iterable[str]) -> str | None:
    """The name field of the first configured side present in a two-sided table."""
    for side in sides:
        for fld in table.columns:
            if field_side(fld) == side and base_field(fld) in NAME_FIELDS and "#" not in fld:
                return fld
    return None


def table_source(index: int, table: "Table", tables: list["Table"], s: MatchSettings,
                 keys_of: _ItemKeys | None = None) -> Source:
    f = table.frame
    keys_of = keys_of if keys_of is not None else _ItemKeys(s.abbreviations)
    levels = f["level"].tolist()
    parents = f["parent"].tolist()
    names = f["name"].tolist()
    codes = f["code"].tolist()
    rows_idx = table.rows
    level_of = dict(zip(rows_idx, levels))
    extra_names: dict[int, list[str]] = {}  # position -> side names (two-sided tables only)
    for fld in table.columns:
        if base_field(fld) in NAME_FIELDS and field_side(fld) and "#" not in fld and fld in f.columns:
            for i, v in enumerate(f[fld].tolist()):
                if isinstance(v, str) and v.strip():
                    extra_names.setdefault(i, []).append(v)
    items: dict[int, ItemRow] = {}
    for i, row in enumerate(rows_idx):
        level = levels[i]
        if level not in ITEM_LEVELS:
            continue
        name = names[i] if isinstance(names[i], str) else ""
        code = codes[i] if isinstance(codes[i], str) else ""
        more = extra_names.get(i)
        keys = keys_of.keys_of([name] + more) if more else keys_of.keys_of((name,))
        if not keys and not code:
            continue
        parent = int(parents[i] or 0)
        if level_of.get(parent) not in ITEM_LEVELS:
            parent = 0
        else:
            up = items.get(parent)
            if up is not None:
                parent = up.row  # the row number stored once (the parent's), not a copy per child
        items[row] = ItemRow(row, level, parent, code, name, keys)
    lid, len_ = table_label(table, tables)
    return Source(index, table.sheet, table.kind, table, items, lid, len_)


# ----------------------------------------------------------------------------- narrative lists

def narrative_sources(workbook, start_index: int, s: MatchSettings,
                      known_levels: Callable[[], dict[str, str | None]],
                      keys_of: _ItemKeys | None = None) -> list[Source]:
    """Lists of program / kegiatan / sub kegiatan typed as lines of text outside the tables
    (BAB III "3.2 Program dan Kegiatan": "I. Program …", "1. Kegiatan …", "- sub kegiatan").

    A line longer than a list item, a heading ("BAB IV", configurable) or a sentence that ends
    with ":" closes a list. A line's level is the level the tables give its name when they agree,
    else its wording ("Program …") and numbering (Roman/Arabic numbered lines under a program are
    kegiatan, bullets and unnumbered lines under a kegiatan are sub kegiatan).
    `known_levels()` gives the level the tables give each key (None when they disagree); it is
    asked for only when a candidate list is found.
    """
    keys_of = keys_of if keys_of is not None else _ItemKeys(s.abbreviations)
    headings = [re.compile(p, re.I) for p in s.heading_patterns]
    claim_cells = {(c.sheet, c.cell) for c in workbook.claims}
    out: list[Source] = []
    by_sheet: dict[str, list] = {}
    for line in workbook.lines:  # the filled rows outside the tables
        by_sheet.setdefault(line.sheet, []).append(line)
    for sheet, lines in by_sheet.items():
        block: list[tuple[int, str, str, str]] = []  # row, cell, number, text

        def flush():
            if block:
                src = _list_source(start_index + len(out), sheet, block, s, known_levels, keys_of)
                if src is not None:
                    out.append(src)
                block.clear()

        for line in lines:
            if line.after_table:
                flush()  # a table lies between this line and the previous one: a list ends there
            r, cells = line.row, line.cells
            number = ""
            texts = [(c, v) for c, v in cells if isinstance(v, str)]
            first_v = cells[0][1]
            if len(cells) > 1 and (isinstance(first_v, (int, float)) and not isinstance(first_v, bool)
                                   or (isinstance(first_v, str) and numbering_style(first_v.strip()))):
                number = str(int(first_v)) if isinstance(first_v, float) and first_v.is_integer() else str(first_v).strip()
                texts = [(c, v) for c, v in cells[1:] if isinstance(v, str)]
            if not texts:
                continue
            col, text = texts[0]
            text = " ".join(" ".join(str(v) for _, v in texts).split())
            cell = f"{column_letter(col)}{r}"
            if (sheet, cell) in claim_cells or len(text) > s.max_item_chars or len(text.split()) > s.max_item_words \
                    or text.endswith(":") or any(h.search(text) for h in headings):
                flush()
                continue
            block.append((r, cell, number, text))
        flush()
    return out


def _list_source(index: int, sheet: str, block, s: MatchSettings, known_levels,
                 keys_of: _ItemKeys) -> Source | None:
    items: dict[int, ItemRow] = {}
    cells: dict[int, str] = {}
    program_row = kegiatan_row = 0
    program_style = kegiatan_style = None
    for row, cell, number, text in block:
        body = _BULLET.sub("", text, count=1) if not number else text
        bulleted = body != text
        if not number:
            pre = split_number_prefix(body)
            if pre:
                number, body = pre
            else:
                m = _LIST_NUMBER.match(body)  # "a. Pelaksanaan …", "2) pelatihan …"
                if m:
                    number, body = m.group(1), m.group(2)
        body = body.strip().rstrip(".;,").strip()
        key = keys_of[body]
        if not key:
            continue
        style = numbering_style(number)[0] if number and numbering_style(number) else None
        known = known_levels().get(key)
        if known:
            level = known
        elif wording_level(body) == "program":
            level = "program"
        elif wording_level(body):
            continue  # "Total", "Urusan …": not an item of the list
        elif program_row and style and not bulleted and (kegiatan_style is None or style == kegiatan_style) \
                and style != program_style:
            level = "kegiatan"
        elif kegiatan_row:
            level = "sub_kegiatan"
        elif program_row:
            level = "kegiatan"
        else:
            continue  # text before the first program of a list is not an item
        if level == "program":
            program_row, kegiatan_row, program_style = row, 0, style
            parent = 0
        elif level == "kegiatan":
            if style and kegiatan_style is None and style != program_style:
                kegiatan_style = style
            kegiatan_row = row
            parent = program_row
        else:
            parent = kegiatan_row or program_row
        items[row] = ItemRow(row, level, parent, "", body, keys_of.keys_of((body,)))
        cells[row] = cell
    if len(items) < s.min_list_items or not any(i.level in ("kegiatan", "sub_kegiatan") for i in items.values()):
        return None
    first = block[0][1]
    return Source(index, sheet, "narasi", None, items,
                  f"daftar di narasi ({quote_sheet(sheet)}!{first})",
                  f"the list in the narrative ({quote_sheet(sheet)}!{first})", cells)


# ----------------------------------------------------------------------------- matching

def _score(a_keys: Iterable[str], b_keys: Iterable[str], prefix_min_share: float) -> float:
    from rapidfuzz import fuzz

    best = 0.0
    for a in a_keys:
        for b in b_keys:
            if a == b:
                return 100.0
            sc = fuzz.ratio(a, b)
            short, long_ = (a, b) if len(a) <= len(b) else (b, a)
            if long_.startswith(short) and len(short) >= prefix_min_share * len(long_) \
                    and len(short.split()) >= 3:
                sc = max(sc, 90.0)  # cut short, as in a PDF copy
            best = max(best, sc)
    return best


class Matching:
    def __init__(self, settings: MatchSettings):
        self.s = settings
        self.sources: list[Source] = []
        self.entities: list[Entity] = []
        self.source_of_table: dict[int, Source] = {}
        # Indexes of the entities for matching the next source (`finish` drops them): by code,
        # by level then name key (an entity id, or a list of ids when several share the key: most
        # keys name one item), by (parent entity, level).
        self.by_code: dict[str, int] = {}
        self.by_key: dict[str, dict[str, int | list[int]]] = {lvl: {} for lvl in ITEM_LEVELS}
        self.by_parent: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._indexing = True
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # the few distinct Entity._how tuples
        # Per source, built when first asked for.
        self._levels: dict[int, dict[str, set[int]]] = {}
        self._keys: dict[int, set[str]] = {}
        self._desc: dict[int, dict[int, list[int]]] = {}
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()` once per matching: what several rules derive from it alike. The result
        is shared: read-only for the callers."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # --- building
    def add(self, src: Source, index: bool = True) -> None:
        """Match the items of `src` to those of the sources added before. `index=False` for the
        last source: no later source is matched against its items, so they are not indexed."""
        self.sources.append(src)
        if src.table is not None:
            self.source_of_table[id(src.table)] = src
        self._indexing = index
        by_level: dict[str, list[ItemRow]] = {lvl: [] for lvl in ITEM_LEVELS}
        for item in src.rows.values():
            by_level[item.level].append(item)
        rows = src.rows
        for level in ITEM_LEVELS:
            pending: dict[int, list[ItemRow]] = defaultdict(list)
            for item in sorted(by_level[level], key=lambda i: i.row):
                up = rows.get(item.parent) if item.parent else None
                parent = up.entity if up is not None else ROOT  # ROOT too while the parent is unmatched
                hit = self._exact(src, item, parent)
                if hit is None:
                    pending[parent].append(item)
                else:
                    self._attach(self.entities[hit[0]], src, item, hit[1])
            for parent, items in pending.items():
                self._fuzzy(src, level, parent, items)

    def finish(self) -> None:
        """Drop what only matching further sources needs."""
        self.by_code, self.by_key, self.by_parent = {}, {lvl: {} for lvl in ITEM_LEVELS}, defaultdict(list)
        self._shared = {}

    def _exact(self, src: Source, item: ItemRow, parent: int) -> tuple[int, str] | None:
        if item.code:
            eid = self.by_code.get(item.code)
            if eid is not None:
                ent = self.entities[eid]
                if not ent.has(src.index) and ent.level == item.level:
                    return eid, "code"
        fallback = None
        by_key = self.by_key[item.level]
        for key in item.keys:
            ids = by_key.get(key)
            for eid in (ids if isinstance(ids, list) else () if ids is None else (ids,)):
                ent = self.entities[eid]
                if ent.has(src.index) or (item.code and ent.code and item.code != ent.code):
                    continue
                if ent.parent == parent:
                    return eid, "name"
                if fallback is None:
                    fallback = eid
        return (fallback, "name") if fallback is not None else None

    def _fuzzy(self, src: Source, level: str, parent: int, items: list[ItemRow]) -> None:
        cands = [e for e in self.by_parent.get((parent, level), ()) if not self.entities[e].has(src.index)]
        left = list(items)
        if cands and len(cands) * len(items) <= self.s.max_fuzzy_pairs:
            scored = []
            for item in items:
                for eid in cands:
                    ent = self.entities[eid]
                    if item.code and ent.code and item.code != ent.code:
                        continue
                    sc = _score(item.keys, ent.keys, self.s.prefix_min_share)
                    if sc >= self.s.name_threshold:
                        scored.append((-sc, item.row, eid, item))
            scored.sort(key=lambda x: (x[0], x[1], x[2]))
            used_rows: set[int] = set()
            used_ents: set[int] = set()
            for _, row, eid, item in scored:
                if row in used_rows or eid in used_ents:
                    continue
                used_rows.add(row)
                used_ents.add(eid)
                self._attach(self.entities[eid], src, item, "fuzzy")
            left = [i for i in items if i.row not in used_rows]
            cands = [e for e in cands if e not in used_ents]
            # Position: as many left on both sides under a matched parent, names still alike.
            if parent != ROOT and left and len(left) == len(cands):
                from rapidfuzz import fuzz

                pairs = list(zip(left, sorted(cands)))
                if all(max(fuzz.ratio(a, b) for a in i.keys for b in self.entities[e].keys)
                       >= self.s.position_min_ratio for i, e in pairs if i.keys):
                    for item, eid in pairs:
                        self._attach(self.entities[eid], src, item, "position")
                    left = []
        for item in left:
            ent = Entity(len(self.entities), level, item.code, parent)
            self.entities.append(ent)
            if self._indexing:
                self.by_parent[(parent, level)].append(ent.id)
            self._attach(ent, src, item, "new")

    def _attach(self, ent: Entity, src: Source, item: ItemRow, how: str) -> None:
        eid = ent.id
        ent._members += (src.index, item.row)
        hows = ent._how + (how,)
        ent._how = self._shared.setdefault(hows, hows)
        item.entity = eid
        if item.code and not ent.code:
            ent.code = item.code
        if not ent.keys:
            new = ent.keys = item.keys  # a new entity shares its first row's keys
        else:
            new = tuple(k for k in item.keys if k not in ent.keys)
            if new:
                ent.keys += new
        if self._indexing:
            if item.code:
                self.by_code.setdefault(item.code, eid)
            by_key = self.by_key[ent.level]
            for key in new:
                ids = by_key.get(key)
                if ids is None:
                    by_key[key] = eid
                elif isinstance(ids, list):
                    ids.append(eid)
                else:
                    by_key[key] = [ids, eid]

    # --- queries
    def _own(self, src: Source) -> bool:
        return src.index < len(self.sources) and self.sources[src.index] is src

    def source(self, table: "Table") -> Source | None:
        return self.source_of_table.get(id(table))

    def entity_id(self, src: Source, row: int) -> int | None:
        """Id of the entity of the item on `row` of `src` (None when that row is no item of it)."""
        item = src.rows.get(row)
        if item is None or item.entity < 0 or not self._own(src):
            return None
        return item.entity

    def entity(self, src: Source, row: int) -> Entity | None:
        eid = self.entity_id(src, row)
        return None if eid is None else self.entities[eid]

    def entities_at(self, src: Source, level: str) -> set[int]:
        levels = self._levels.get(src.index)
        if levels is None:
            if not self._own(src):
                return set()
            levels = self._levels[src.index] = {lvl: set() for lvl in ITEM_LEVELS}
            for item in src.rows.values():
                if item.entity >= 0:
                    levels[item.level].add(item.entity)
        return levels.get(level, set())

    def has_key(self, src: Source, keys: Iterable[str]) -> bool:
        own = self._keys.get(src.index)
        if own is None:
            if not self._own(src):
                return False
            own = self._keys[src.index] = {k for item in src.rows.values() for k in item.keys}
        return any(k in own for k in keys)

    def overlap(self, a: Source, b: Source, level: str) -> float:
        """Shared items at `level` over the larger of the two lists (0 when either is empty)."""
        if not (self._own(a) and self._own(b)):
            return 0.0
        key = ("overlap", a.index, b.index, level)  # asked for again and again by ITEM-MISSING
        hit = self._memo.get(key)
        if hit is None:
            ea, eb = self.entities_at(a, level), self.entities_at(b, level)
            hit = self._memo[key] = len(ea & eb) / max(len(ea), len(eb)) if ea and eb else 0.0
        return hit

    def descendants(self, src: Source, row: int) -> list[int]:
        """Excel rows under `row` in the same source (children, grandchildren), in row order."""
        cache = self._desc.get(src.index)
        if cache is None:
            cache = defaultdict(list)
            for item in sorted(src.rows.values(), key=lambda i: i.row):
                parent, depth = item.parent, 0
                while parent and depth < 4:
                    cache[parent].append(item.row)
                    up = src.rows.get(parent)
                    parent, depth = (up.parent if up else 0), depth + 1
            self._desc[src.index] = cache
        return cache.get(row, [])

    def display_name(self, ent: Entity, prefer: Source | None = None) -> str:
        """The item's name as `prefer` prints it, else as the plan tables (rincian) print it,
        else any table, else the narrative."""
        order = sorted(self.sources, key=lambda s: (s is not prefer, s.kind != "rincian", not s.is_table, s.index))
        for src in order:
            row = ent.row_in(src.index)
            if row is not None:
                item = src.rows[row]
                if item.name:
                    return item.name
        return ent.code

    def tables(self) -> list[Source]:
        return [s for s in self.sources if s.is_table]


def get_matching(ctx: "Context") -> Matching:
    """The matching of the workbook's tables (and narrative lists), built once per config."""
    wb = ctx.workbook
    cache = wb.__dict__.setdefault(CACHE_ATTR, {})
    key = (str(ctx.config.rules_dir), repr(sorted(ctx.config.overrides.items(), key=lambda kv: str(kv[0]))))
    hit = cache.get(key)
    if hit is not None:
        return hit
    m = _build(wb, MatchSettings.from_config(ctx.config))  # (the collector is paused: reconcile.collector)
    cache[key] = m
    return m


def same_plan_tables(tables: list["Table"]) -> list["Table"]:
    """The tables that are views of one plan, to be compared with each other. Tables of
    different units (one OPD's list per sheet, the OPD rows of each) are separate documents:
    none of them is compared with another."""
    unit_sets = {frozenset(u for u, _ in t.units()) for t in tables}
    unit_sets.discard(frozenset())
    if len(unit_sets) < 2:
        return tables
    return [t for t in tables if not t.units()]


def _build(wb, s: MatchSettings) -> Matching:
    m = Matching(s)
    keys_of = _ItemKeys(s.abbreviations)
    compared = same_plan_tables([t for t in wb.tables if t.kind in s.kinds])
    tables = [table_source(i, t, wb.tables, s, keys_of) for i, t in enumerate(compared)]
    narrative = narrative_sources(wb, len(tables), s, _known_levels(tables), keys_of) if s.narrative else []
    del keys_of  # (its name -> key dict) before the entities are made
    sources = tables + narrative
    for src in sources:
        m.add(src, index=src is not sources[-1])
    m.finish()
    return m


def _known_levels(sources: list[Source]) -> Callable[[], dict[str, str | None]]:
    """`known_levels` for `narrative_sources`: the level the tables give each name key (None
    when they give it several), worked out on the first call."""
    known: dict[str, str | None] = {}
    done = False

    def get() -> dict[str, str | None]:
        nonlocal done
        if not done:
            for src in sources:
                for item in src.rows.values():
                    for k in item.keys:
                        known[k] = item.level if known.get(k, item.level) == item.level else None
            done = True
        return known
    return get


# ----------------------------------------------------------------------------- years

def plan_year(ctx: "Context") -> int | None:
    """The plan year: configured, else the year of the main (first) pagu column of the plan tables,
    else the year most claims name."""
    s = load_crosstable(ctx.config).get("matching") or {}
    configured = s.get("plan_year", "auto")
    if isinstance(configured, int):
        return configured
    votes: Counter = Counter()
    for kinds in (("rincian",), ("daftar", "review_rkpd")):
        for t in ctx.workbook.tables:
            if t.kind not in kinds:
                continue
            years = [field_year(f) for f in t.field_types
                     if base_field(f) == "pagu" and field_year(f) is not None]
            if years:
                votes[min(years)] += 1
        if votes:
            break
    if not votes:
        for c in ctx.workbook.claims:
            if c.year:
                votes[c.year] += 1
    if not votes:
        return None
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def level_name(level: str, ctx: "Context") -> str:
    return ctx.t(LEVEL_ID.get(level, level), LEVEL_EN.get(level, level))


def level_words(level: str) -> Words:
    """`level_name` in both languages, an argument of a message."""
    return Words(LEVEL_ID.get(level, level), LEVEL_EN.get(level, level))


def level_cap(level: str) -> Words:
    """`level_words` capitalised, to open a sentence."""
    return Words(LEVEL_ID.get(level, level).capitalize(), LEVEL_EN.get(level, level).capitalize())


def langs(ctx: "Context") -> tuple["Context", "Context"]:
    """`ctx` in Indonesian and in English, for the helpers that write a part of a message in
    the context's language."""
    import dataclasses

    return dataclasses.replace(ctx, lang="id"), dataclasses.replace(ctx, lang="en")


def in_langs(ctx: "Context", make: Callable[["Context"], str]) -> Words:
    """What `make(ctx)` writes in each language, as one argument of a message: for a part of a
    message the family's helpers build per language (a place, a clause that may be absent)."""
    return Words(*(make(c) for c in langs(ctx)))


def diff_pair(a: str, b: str, width: int = 90, context: int = 25) -> tuple[str, str]:
    """Two long texts cut to the part where they differ: ("…dalam 1 (satu) daerah",
    "…dalam 1 (satu) daerah kabupaten/kotamempunyai…")."""
    a, b = " ".join(str(a or "").split()), " ".join(str(b or "").split())
    if len(a) <= width and len(b) <= width:
        return a, b
    al, bl = a.lower(), b.lower()
    p = 0
    while p < min(len(al), len(bl)) and al[p] == bl[p]:
        p += 1
    q = 0
    while q < min(len(al), len(bl)) - p and al[-1 - q] == bl[-1 - q]:
        q += 1
    start = max(0, p - context)
    if start > 0:
        while start > 0 and a[start - 1] != " ":
            start -= 1

    def cut(x: str) -> str:
        end = min(len(x), len(x) - q + context)
        seg = x[start:end]
        more = end < len(x)
        if len(seg) > width:
            seg, more = seg[: width - 1], True
        return ("…" if start > 0 else "") + seg + ("…" if more else "")

    return cut(a), cut(b)


