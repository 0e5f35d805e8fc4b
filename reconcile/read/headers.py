"""Header detection and column mapping.

A column's header is the path of header cells above it (merged cells fill every column and
row they cover). The path is matched against the field phrases of `rules/columns.yaml`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from reconcile.read.grid import Grid

_NON_WORD = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,3}\s*\)?(\s*=.*)?$")  # "3", "(3)", "14 = 13/8*100"
MAX_HEADER_TEXT = 250
MAX_HEADER_DEPTH = 6
YEARLY_TYPES = ("money", "percent", "number", "target")  # text fields keep no year: lokasi, sumber_dana


def words(text: Any) -> list[str]:
    """Lower-case ASCII words of a header text ("Pagu Indikatif (Rp)" -> [pagu, indikatif, rp])."""
    if text is None:
        return []
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return [w for w in _NON_WORD.split(s) if w]


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> bool:
    """Tolerates a typo in longer words: "pogram" ~ "program", "tolak" ~ "tolok"."""
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    from rapidfuzz.distance import Levenshtein

    limit = 1 if min(len(a), len(b)) < 9 else 2
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]


@dataclass
class FieldSpec:
    name: str
    type: str
    phrases: list[Phrase]
    not_words: tuple[str, ...]  # rule the field out when in the lowest header cell
    not_path: tuple[str, ...]  # rule the field out when anywhere in the path
    leaf_only: bool = False  # the lowest header cell holds nothing but a phrase's words


@dataclass(frozen=True)
class EvaluationGroup:
    """A group header of an evaluation table (`evaluation.groups` in columns.yaml): what its
    K and Rp sub-columns hold."""

    phrases: tuple[tuple[str, ...], ...]
    not_words: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]  # (sub-column kind "K" | "Rp", field name; "{n}" = triwulan)
    quarter: bool  # the group names a triwulan (I-IV), its number in the field name
    year_offset: int | None  # the year evaluated (from the title) + offset; None: no year from the title


class HeaderMatcher:
    """Maps header paths to canonical fields, as configured in columns.yaml."""

    def __init__(self, columns_cfg: dict[str, Any]):
        self.fields: dict[str, FieldSpec] = {}
        for name, spec in (columns_cfg.get("fields") or {}).items():
            phrases = [Phrase(name, tuple(words(p))) for p in spec.get("phrases") or []]
            nots = tuple(" ".join(words(p)) for p in spec.get("not") or [])
            not_path = tuple(" ".join(words(p)) for p in spec.get("not_path") or [])
            self.fields[name] = FieldSpec(name, spec.get("type", "text"), phrases, nots, not_path,
                                          bool(spec.get("leaf_only")))
        self._init_evaluation(columns_cfg)
        from reconcile.read.form import label_index
        self.form_labels = label_index(columns_cfg.get("form_labels"))  # budget forms' label : value block
        self.sides: dict[str, list[tuple[str, ...]]] = {
            side: [tuple(words(p)) for p in phrases]
            for side, phrases in (columns_cfg.get("sides") or {}).items()
        }
        self._vocabulary = {w for f in self.fields.values() for p in f.phrases for w in p.words}
        vocab_all = self._vocabulary | {w for f in self.fields.values() for n in f.not_words + f.not_path
                                        for w in n.split()} | self._evaluation_vocabulary
        # `_similar` needs the same first letter: a word is compared with that letter's words
        # only (a tenth of the vocabulary), in the same sorted order.
        self._vocab_by_first: dict[str, list[str]] = {}
        for v in sorted(vocab_all):
            self._vocab_by_first.setdefault(v[:1], []).append(v)
        # Which fields have a phrase using a word: a field none of whose phrase words is in a
        # path's lowest cell cannot match it, so `match` looks at those fields only (a few of
        # the 30-odd) instead of testing every field's exclusions first.
        self._field_list = list(self.fields.values())
        self._fields_by_word: dict[str, set[int]] = {}
        for i, spec in enumerate(self._field_list):
            for p in spec.phrases:
                for w in p.words:
                    self._fields_by_word.setdefault(w, set()).add(i)
        self._canon_cache: dict[str, frozenset[str]] = {}
        self._match_cache: dict[tuple[str, ...], tuple[str, float] | None] = {}

    def _canon(self, word: str) -> frozenset[str]:
        """The vocabulary words a header word stands for (itself, or a near spelling)."""
        hit = self._canon_cache.get(word)
        if hit is None:
            hit = frozenset(v for v in self._vocab_by_first.get(word[:1], ()) if _similar(word, v))
            self._canon_cache[word] = hit
        return hit

    def _canon_set(self, ws: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for w in ws:
            out |= self._canon(w)
        return out

    # ----------------------------------------------------------------- evaluation tables

    def _init_evaluation(self, cfg: dict[str, Any]) -> None:
        ev = cfg.get("evaluation") or {}
        self.sub_columns: dict[tuple[str, ...], str] = {}
        for kind, phrases in (ev.get("sub_columns") or {}).items():
            for p in phrases or []:
                self.sub_columns.setdefault(tuple(words(p)), str(kind))
        groups = []
        for g in ev.get("groups") or []:
            offset = g.get("year_offset", 0)
            groups.append(EvaluationGroup(
                tuple(tuple(words(p)) for p in g.get("phrases") or []),
                tuple(" ".join(words(p)) for p in g.get("not") or []),
                tuple((str(k), str(v)) for k, v in (g.get("fields") or {}).items()),
                bool(g.get("quarter")),
                None if offset is None else int(offset)))
        self.evaluation_groups = groups
        q = ev.get("quarters") or {}
        self.quarter_words = {w for p in q.get("words") or [] for w in words(p)}
        self.quarter_numbers = {" ".join(words(k)): int(v) for k, v in (q.get("numbers") or {}).items()}
        self.quarter_skip = {w for p in q.get("skip") or [] for w in words(p)}
        # A triwulan column without K/Rp sub-columns: money when its header says so.
        hints = ev.get("kind_words") or {}
        self.kind_words = {str(k): {w for p in v or [] for w in words(p)} for k, v in hints.items()}
        self.money_scales: list[tuple[float, tuple[str, ...]]] = []
        for entry in cfg.get("money_scale") or []:
            self.money_scales.append((float(entry.get("factor", 1)),
                                      tuple(" ".join(words(p)) for p in entry.get("phrases") or [])))
        self._evaluation_vocabulary = {w for g in groups for p in g.phrases for w in p} | \
            {w for g in groups for n in g.not_words for w in n.split()}

    def sub_column_kind(self, text: Any) -> str | None:
        """"K" for a kinerja sub-column ("K"), "Rp" for a rupiah one ("Rp", "Rp. (000)"), else None."""
        if not isinstance(text, str) or len(text) > 40:
            return None
        return self.sub_columns.get(tuple(words(text)))

    def is_sub_column_row(self, values: list[Any]) -> bool:
        """A header row of K / Rp cells only (a rupiah one among them), as evaluation tables put
        under every group, sometimes below the column-number row."""
        kinds = [self.sub_column_kind(v) for v in values if v is not None and (not isinstance(v, str) or v.strip())]
        return len(kinds) >= 2 and all(kinds) and "Rp" in kinds

    def _quarter(self, path_words: list[str]) -> int | None:
        """The triwulan a header names: "Triwulan / II", "TW 3", "Triwulan ke-4", "TW1"."""
        for i, w in enumerate(path_words):
            m = re.fullmatch(r"([a-z]+)(\d)", w)
            if m and m.group(1) in self.quarter_words and m.group(2) in self.quarter_numbers:
                return self.quarter_numbers[m.group(2)]
            if w not in self.quarter_words:
                continue
            for nxt in path_words[i + 1:i + 3]:
                if nxt in self.quarter_skip:
                    continue
                if nxt in self.quarter_numbers:
                    return self.quarter_numbers[nxt]
                break
        return None

    def evaluation_field(self, group_path: list[str], kind: str | None) -> tuple[str, int | None] | None:
        """(field, year offset) of an evaluation column: the group header above its K / Rp cell
        (`kind`), or, for `kind` None, a triwulan column's whole header (its kind read from its
        words: `evaluation.kind_words`). None when no group of columns.yaml describes it."""
        path_words = [w for seg in group_path for w in words(seg)]
        if not path_words:
            return None
        canon = self._canon_set(path_words)
        joined = " " + " ".join(path_words) + " "
        if kind is None:
            found = {k for k, ws in self.kind_words.items() if ws & set(path_words)}
            if len(found) > 1:
                return None
            kind = found.pop() if found else "K"
        for g in self.evaluation_groups:
            if not any(p and all(w in canon for w in p) for p in g.phrases):
                continue
            if any(self._has_phrase(joined, canon, n) for n in g.not_words):
                continue
            name = dict(g.fields).get(kind)
            if not name:
                return None
            if g.quarter:
                n = self._quarter(path_words)
                if n is None:
                    continue
                name = name.replace("{n}", str(n))
            elif "{n}" in name:
                continue
            if name not in self.fields:
                return None
            return name, g.year_offset
        return None

    def names_quarter(self, path: list[str]) -> bool:
        """Does a header path name a triwulan?"""
        return self._quarter([w for seg in path for w in words(seg)]) is not None

    def money_scale(self, path: list[str]) -> float:
        """Rupiah per unit of a money column whose header says so ("Rp. (000)", "Ribuan
        Rupiah"): `money_scale` in columns.yaml; 1 otherwise."""
        joined = " " + " ".join(w for seg in path for w in words(seg)) + " "
        for factor, phrases in self.money_scales:
            if any(f" {p} " in joined for p in phrases if p):
                return factor
        return 1.0

    def is_vocabulary(self, text: Any) -> bool:
        """Does a cell's text look like a header word at all?"""
        if not isinstance(text, str) or len(text) > MAX_HEADER_TEXT:
            return False
        return self.match([text]) is not None

    def match(self, path: list[str]) -> tuple[str, float] | None:
        """The best field for a header path (top to bottom) and its score, or None."""
        if not path:
            return None
        key = tuple(path)
        if key in self._match_cache:
            return self._match_cache[key]
        leaf = words(path[-1])
        # A leaf that is only a year ("2020") takes its meaning from the cell above it.
        if leaf and all(_YEAR.fullmatch(w) for w in leaf) and len(path) > 1:
            leaf = words(path[-2]) + leaf
        path_words = [w for seg in path for w in words(seg)]
        # Compare in vocabulary terms: typos ("POGRAM", "Tolak") count as the word they miss.
        leaf_set = self._canon_set(leaf)
        all_words = self._canon_set(path_words)
        joined = " " + " ".join(path_words) + " "
        leaf_joined = " " + " ".join(leaf) + " "
        best: tuple[str, float] | None = None
        candidates: set[int] = set()
        for w in leaf_set:
            candidates |= self._fields_by_word.get(w, set())
        for i in sorted(candidates):  # configuration order: the first of equal scores wins
            spec = self._field_list[i]
            if any(self._has_phrase(leaf_joined, leaf_set, n) for n in spec.not_words):
                continue
            if any(self._has_phrase(joined, all_words, n) for n in spec.not_path):
                continue
            for phrase in spec.phrases:
                in_leaf = sum(1 for w in phrase.words if w in leaf_set)
                if in_leaf == 0:
                    continue
                if spec.leaf_only and not all(_YEAR.fullmatch(w) or self._canon(w) & set(phrase.words) for w in leaf):
                    continue  # "Jumlah Bulan" is no "Jumlah"
                if not all(w in all_words for w in phrase.words):
                    continue
                score = len(phrase.words) + in_leaf
                if best is None or score > best[1]:
                    best = (spec.name, score)
        if len(self._match_cache) < 100_000:
            self._match_cache[key] = best
        return best

    @staticmethod
    def _has_phrase(joined: str, pool: set[str], phrase: str) -> bool:
        parts = phrase.split()
        if len(parts) == 1:
            return parts[0] in pool
        return f" {phrase} " in joined

    def side(self, path: list[str]) -> tuple[str | None, list[str]]:
        """The side a path belongs to, and the path with the side's words taken out
        ("Target Hasil Analisis" -> analisis, "Target": "hasil" is not "target hasil")."""
        for i, seg in enumerate(path):
            seg_words = " " + " ".join(words(seg)) + " "
            for side, phrases in self.sides.items():
                for p in sorted(phrases, key=len, reverse=True):
                    needle = f" {' '.join(p)} "
                    if needle in seg_words:
                        rest = " ".join(seg_words.replace(needle, " ").split())
                        stripped = path[:i] + ([rest] if rest else []) + path[i + 1:]
                        return side, stripped or path
        return None, path


def year_of(path: list[str]) -> int | None:
    """The single year a header path names ("Rencana Tahun 2024" -> 2024); None for ranges."""
    years = {int(y) for seg in path for y in _YEAR.findall(str(seg))}
    return years.pop() if len(years) == 1 else None


def is_column_number_row(values: list[Any]) -> bool:
    """A row that only numbers the columns: 1 2 3 … or (1) (2) (3) …"""
    cells = [v for v in values if v is not None]
    if len(cells) < 3:
        return False
    nums = []
    for v in cells:
        s = str(v).strip()
        if not _COLUMN_NUMBER.match(s):
            return False
        nums.append(int(re.match(r"\(?\s*(\d+)", s).group(1)))
    if nums == sorted(nums) and nums[0] <= 2 and len(set(nums)) == len(nums):
        return True
    # a wide form numbered by hand: a number typed twice or one step back ("3 4 4 5", "3 4 5 4 5 6")
    rising = sum(b > a for a, b in zip(nums, nums[1:]))
    return len(nums) >= 6 and nums[0] <= 2 and rising >= 0.8 * (len(nums) - 1) and len(set(nums)) >= 0.7 * len(nums)


_NUMBERING_CELL = re.compile(r"^\s*(?:[IVXLCDM]+|[A-Z]|\d{1,3}(?:\.\d{1,3})*)[.)]?\s*$")
_PERCENT_CELL = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*%\s*$")
_CODE_CELL = re.compile(r"^\s*\d{1,2}(?:[.\s]\d{1,4}){2,5}\s*$")
_CODE_NAME_CELL = re.compile(r"^\s*\d{1,2}(?:\.\d{1,4}){2,8}\.?\s+\S")  # "1.05.0.00.0.00.01.0000 Dinas …"


def _looks_like_data(cells: list[Any]) -> bool:
    """A row that starts with a row number or code, or holds a percentage, is data (e.g. a
    program row with no pagu), however header-like its words are."""
    first = cells[0]
    if isinstance(first, str) and (_NUMBERING_CELL.match(first) or _CODE_CELL.match(first)
                                   or _CODE_NAME_CELL.match(first)):
        return True
    if isinstance(first, int) and not (1950 <= first <= 2099):
        return True
    return any(isinstance(v, str) and _PERCENT_CELL.match(v) for v in cells)


def _is_header_like_value(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return len(v) <= MAX_HEADER_TEXT
    if isinstance(v, int) and 1950 <= v <= 2099:  # a year typed as a number
        return True
    return False


@dataclass
class HeaderBlock:
    first_row: int
    last_row: int  # last header row, including a column-number row
    first_col: int
    last_col: int
    paths: dict[int, list[str]]  # column -> header path
    signature: tuple[str, ...]


def filled_header_rows(grid: Grid, first: int, last: int) -> dict[int, dict[int, Any]]:
    """Header cells of rows first..last, merged ranges filled into every cell they cover."""
    rows: dict[int, dict[int, Any]] = {}
    for r in range(first, last + 1):
        line = grid.rows[r - 1] if r <= grid.n_rows else []
        rows[r] = {c + 1: v for c, v in enumerate(line) if v is not None}
    for (r0, c0, r1, c1) in grid.merged:
        if r1 < first or r0 > last:
            continue
        v = grid.value(r0, c0)
        if v is None:
            continue
        for r in range(max(r0, first), min(r1, last) + 1):
            for c in range(c0, c1 + 1):
                rows[r].setdefault(c, v)
    return rows


def find_header_block(grid: Grid, matcher: HeaderMatcher, row: int) -> HeaderBlock | None:
    """Grow a header block that starts at `row` (already known to score as a header)."""
    last = row
    # Merged cells that start in the block and reach further down extend it.
    changed = True
    while changed:
        changed = False
        for (r0, c0, r1, c1) in grid.merged:
            if row <= r0 <= last and r1 > last and r1 - row < MAX_HEADER_DEPTH:
                last = r1
                changed = True
    # Further rows of short labels (sub-headers, years) belong to the header too.
    while last + 1 <= grid.n_rows and last + 1 - row < MAX_HEADER_DEPTH:
        nxt = grid.rows[last]
        if is_column_number_row(nxt):
            last += 1
            break
        cells = [v for v in nxt if v is not None]
        if not cells or not all(_is_header_like_value(v) for v in cells) or _looks_like_data(cells):
            break
        if any(isinstance(v, str) and len(words(v)) >= 6 and not matcher.is_vocabulary(v) for v in cells):
            break  # a sentence no header phrase covers is data ("Tujuan | Meningkatkan tata kelola …")
        recognised = sum(1 for v in cells if matcher.is_vocabulary(v) or (isinstance(v, int)))
        if recognised == 0 or recognised < len(cells) / 2:
            break
        last += 1
    if last + 1 <= grid.n_rows and is_column_number_row(grid.rows[last]):
        last += 1
    # Numbers to leave out of the paths: the column-number row (the last), or the one just above
    # a K / Rp row that follows it (an evaluation table's "6 | 7 = 5+6" over "K | Rp"), and
    # the numbers its merged cells carry down into that row.
    number_rows = {last} if is_column_number_row(grid.rows[last - 1]) else set()
    if number_rows and last + 1 <= grid.n_rows and matcher.is_sub_column_row(grid.rows[last]):
        last += 1
        number_rows.add(last)
    filled = filled_header_rows(grid, row, last)
    columns = sorted({c for cells in filled.values() for c in cells})
    paths: dict[int, list[str]] = {}
    for c in columns:
        path: list[str] = []
        for r in range(row, last + 1):
            v = filled[r].get(c)
            if v is None:
                continue
            s = " ".join(str(v).split())
            if _COLUMN_NUMBER.match(s) and r in number_rows:
                continue
            if not path or path[-1] != s:
                path.append(s)
        if path:
            paths[c] = path
    if not paths:
        return None
    signature = tuple(" ".join(words(grid.value(row, c))) for c in columns)
    return HeaderBlock(row, last, min(paths), max(paths), paths, signature)


@dataclass
class ColumnMap:
    columns: dict[str, int]  # field -> column index
    paths: dict[str, str]
    types: dict[str, str]
    sides: set[str]
    # Money fields whose header gives their unit ("Rp. (000)"): rupiah per unit of the cell.
    scales: dict[str, float] = field(default_factory=dict)


def _column_meaning(matcher: HeaderMatcher, stripped: list[str], kind: str | None,
                    unit_of_previous: bool) -> tuple[str, int | None, bool] | None:
    """(base field, year offset, offset applies) of one column. A K / Rp cell at the bottom
    of the path takes its meaning from the group above it (`evaluation` in columns.yaml); a
    triwulan column its triwulan; any other column the field phrases."""
    if kind is not None and len(stripped) > 1:
        if kind == "K" and unit_of_previous:
            return "satuan", None, False  # "K" merged over two columns: value | unit
        ev = matcher.evaluation_field(stripped[:-1], kind)
        if ev is not None:
            return ev[0], ev[1], ev[1] is not None
        hit = matcher.match(stripped[:-1])  # "Pagu Indikatif / Rp": the group's own field
        if hit is None:
            return None
        ftype = matcher.fields[hit[0]].type
        if kind == "Rp" and not (ftype == "money" or (ftype == "percent" and "anggaran" in hit[0])):
            return None  # a rupiah column is money (or a ratio of money), never a target or a capaian
        if kind == "K" and ftype == "money":
            return None
        return hit[0], None, False
    if kind is None and matcher.names_quarter(stripped):
        ev = matcher.evaluation_field(stripped, None)
        if ev is not None:
            return ev[0], ev[1], ev[1] is not None
    hit = matcher.match(stripped)
    return (hit[0], None, False) if hit is not None else None


def map_columns(block: HeaderBlock, matcher: HeaderMatcher, title_year: int | None = None) -> ColumnMap:
    """Each column's field. `title_year`: the year named above the table, the year an
    evaluation table evaluates (its columns often name none)."""
    columns: dict[str, int] = {}
    paths: dict[str, str] = {}
    types: dict[str, str] = {}
    scales: dict[str, float] = {}
    sides: set[str] = set()
    # K / Rp cells (evaluation tables): a "K" means kinerja only where the header also has
    # rupiah cells (a lone "k" may letter a column).
    kinds = {col: matcher.sub_column_kind(path[-1]) for col, path in block.paths.items()}
    if "Rp" not in kinds.values():
        kinds = {}
    previous: tuple[int, tuple[str, ...], str] | None = None
    for col, path in sorted(block.paths.items()):
        side, stripped = matcher.side(path)
        kind = kinds.get(col)
        unit_of_previous = previous is not None and previous[0] == col - 1 and previous[1] == tuple(path) \
            and kind == "K" and previous[2] != "satuan"
        meaning = _column_meaning(matcher, stripped, kind, unit_of_previous)
        if meaning is None:
            previous = None
            continue
        base, offset, relative = meaning
        previous = (col, tuple(path), base)
        ftype = matcher.fields[base].type
        year = year_of(path)
        if year is None and relative and title_year is not None:
            year = title_year + offset
        name = base
        if year is not None and ftype in YEARLY_TYPES:
            name = f"{base}_{year}"
        if side:
            name = f"{side}.{name}"
            sides.add(side)
        if name in columns:
            n = 2
            while f"{name}#{n}" in columns:
                n += 1
            name = f"{name}#{n}"
        columns[name] = col
        paths[name] = " / ".join(path)
        types[name] = ftype
        if ftype == "money":
            scale = matcher.money_scale(path)
            if scale != 1.0:
                scales[name] = scale
    renamed: dict[str, str] = {}
    if sides == {"rkpd"}:
        # One side alone is no two-sided table: "RKPD" was just a word of the header.
        for name in [n for n in columns if n.startswith("rkpd.")]:
            new = name.split(".", 1)[1]
            if new not in columns:
                columns[new], paths[new], types[new] = columns.pop(name), paths.pop(name), types.pop(name)
                renamed[name] = new
        sides = set()
    elif sides == {"analisis"}:
        # Only the analysis side is labelled: the unlabelled columns are the RKPD side.
        for name in [n for n in columns if "." not in n and base_field(n) not in UNSIDED]:
            new = f"rkpd.{name}"
            columns[new], paths[new], types[new] = columns.pop(name), paths.pop(name), types.pop(name)
            renamed[name] = new
        sides.add("rkpd")
    scales = {renamed.get(n, n): v for n, v in scales.items()}
    return ColumnMap(columns, paths, types, sides, scales)


# Columns that describe the row rather than one side of a two-sided table.
UNSIDED = ("number", "code", "catatan", "name_program", "name_kegiatan", "name_sub_kegiatan")


_YEAR_SUFFIX = re.compile(r"_(19|20)\d\d$")


@lru_cache(maxsize=4096)  # rules ask for the same few dozen field names thousands of times
def base_field(name: str) -> str:
    """pagu_2024 -> pagu; rkpd.target_keluaran_2025#2 -> target_keluaran."""
    name = name.split(".", 1)[-1].split("#", 1)[0]
    return _YEAR_SUFFIX.sub("", name)
