"""Which unit of B is which unit of A, and which item of a unit is which item of the other.

Units (OPD) pair by code, then by name. A document of one agency without a unit column (a
Renja) pairs with the unit of the other document whose items it shares most; the other units
of that document are then outside the comparison.

Items pair within a paired unit, level by level:
1. by code (two different codes never pair);
2. where a side has no code, by the name's key (case, spacing, punctuation, abbreviations);
3. a code on one side, a name on the other: the official names of that code in the
   nomenclature (when one is configured) against the name;
4. by fuzzy name (rapidfuzz ratio >= `name_threshold` of rules/compare.yaml), best pairs first.
5. by place: the items left under a paired parent, as many on both sides, pair in order when
   their names are still alike (`position_min_ratio`).
Each pair says how it was made (`code`, `name`, `nomenklatur`, `fuzzy`, `position`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reconcile.checks.matching import ITEM_LEVELS
from reconcile.read.hierarchy import name_key

if TYPE_CHECKING:
    from reconcile.compare.items import Document, Item, Unit
    from reconcile.nomenklatur import Nomenklatur


@dataclass
class UnitPair:
    a: "Unit | None"
    b: "Unit | None"
    how: str  # code | name | single | overlap | "" (one side only)
    pairs: list[tuple["Item", "Item", str]] = field(default_factory=list)
    only_a: list["Item"] = field(default_factory=list)
    only_b: list["Item"] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The unit's name: B's, else A's (a Renja names no unit; the RKPD export does)."""
        return next((u.label for u in (self.b, self.a) if u is not None and u.label), "")

    @property
    def code(self) -> str:
        return next((u.code for u in (self.b, self.a) if u is not None and u.code), "")


@dataclass
class MatchSettings:
    name_threshold: float = 88.0
    nomenklatur_threshold: float = 92.0
    position_min_ratio: float = 60.0
    max_fuzzy_pairs: int = 250_000
    abbreviations: dict[str, str] = field(default_factory=dict)


def pair_units(a: "Document", b: "Document") -> tuple[list[UnitPair], bool]:
    """The unit pairs, and whether the comparison is scoped to one unit of a many-unit side
    (then that side's other units are not reported)."""
    ua, ub = dict(a.units), dict(b.units)
    out: list[UnitPair] = []
    for code in [c for c in ua if c and c in ub]:
        out.append(UnitPair(ua.pop(code), ub.pop(code), "code"))
    by_name = {name_key(u.label): c for c, u in ub.items() if u.label}
    for code, unit in list(ua.items()):
        hit = by_name.get(name_key(unit.label)) if unit.label else None
        if hit is not None and hit in ub:
            out.append(UnitPair(ua.pop(code), ub.pop(hit), "name"))
    scoped = False
    if len(ua) == 1 and len(ub) == 1 and not out:
        out.append(UnitPair(ua.popitem()[1], ub.popitem()[1], "single"))
    elif "" in ua and len(ua) == 1 and ub and not out:  # one agency's plan against a whole government
        best = _most_shared(ua[""], ub)
        if best is not None:
            out.append(UnitPair(ua.pop(""), ub.pop(best), "overlap"))
            ub, scoped = {}, True
    elif "" in ub and len(ub) == 1 and ua and not out:
        best = _most_shared(ub[""], ua)
        if best is not None:
            out.append(UnitPair(ua.pop(best), ub.pop(""), "overlap"))
            ua, scoped = {}, True
    out.extend(UnitPair(u, None, "") for u in ua.values())
    out.extend(UnitPair(None, u, "") for u in ub.values())
    return out, scoped


def _most_shared(unit: "Unit", others: dict[str, "Unit"]) -> str | None:
    codes = {i.code for i in unit.items if i.code}
    keys = {i.key for i in unit.items if i.key}
    best, best_n = None, 0
    for code, other in others.items():
        n = sum(1 for i in other.items if (i.code and i.code in codes) or (i.key and i.key in keys))
        if n > best_n:
            best, best_n = code, n
    return best


def match_units(pair: UnitPair, s: MatchSettings, nomen: "Nomenklatur | None") -> None:
    """Fill `pair.pairs`, `only_a`, `only_b`."""
    if pair.a is None or pair.b is None:
        pair.only_a = list(pair.a.items) if pair.a else []
        pair.only_b = list(pair.b.items) if pair.b else []
        return
    for level in ITEM_LEVELS:
        left_a = [i for i in pair.a.items if i.level == level]
        left_b = [i for i in pair.b.items if i.level == level]
        if not left_a or not left_b:
            pair.only_a += left_a
            pair.only_b += left_b
            continue
        # 1. code
        by_code: dict[str, list] = {}  # a code listed twice (two lokasi) pairs in order
        for i in left_b:
            if i.code:
                by_code.setdefault(i.code, []).append(i)
        rest_a = []
        for i in left_a:
            same = by_code.get(i.code) if i.code else None
            j = same.pop(0) if same else None
            if j is not None:
                pair.pairs.append((i, j, "code"))
            else:
                rest_a.append(i)
        used = {id(j) for _, j, _ in pair.pairs}
        rest_b = [j for j in left_b if id(j) not in used]
        # 2. name, where a side has no code (different codes never pair)
        rest_a, rest_b = _by_name(pair, rest_a, rest_b)
        # 3. nomenclature: a code's official name against a name without code
        if nomen is not None:
            rest_a, rest_b = _by_nomenklatur(pair, rest_a, rest_b, nomen, s)
        # 4. fuzzy name
        rest_a, rest_b = _fuzzy(pair, rest_a, rest_b, s)
        # 5. place: as many left under a paired parent on both sides, names still alike
        rest_a, rest_b = _by_position(pair, rest_a, rest_b, s)
        pair.only_a += rest_a
        pair.only_b += rest_b


def _compatible(a: "Item", b: "Item") -> bool:
    return not (a.code and b.code)


def _first_fit(pair: UnitPair, rest_a, rest_b, how: str, candidates):
    """Pair each item of A, in order, with the first untaken item of B `candidates(i)` yields."""
    taken: set[int] = set()
    left = []
    for i in rest_a:
        hit = next((j for j in candidates(i) if id(j) not in taken), None)
        if hit is None:
            left.append(i)
        else:
            taken.add(id(hit))
            pair.pairs.append((i, hit, how))
    return left, [j for j in rest_b if id(j) not in taken]


def _by_name(pair: UnitPair, rest_a, rest_b):
    index: dict[str, list] = {}
    for j in rest_b:
        if j.key:
            index.setdefault(j.key, []).append(j)
    return _first_fit(pair, rest_a, rest_b, "name",
                      lambda i: (j for j in index.get(i.key, ()) if _compatible(i, j)))


def _by_nomenklatur(pair: UnitPair, rest_a, rest_b, nomen, s: MatchSettings):
    if len(rest_a) * len(rest_b) > s.max_fuzzy_pairs:
        return rest_a, rest_b
    from rapidfuzz import fuzz

    official: dict[str, list[str]] = {}  # code -> keys of its official names, looked up once

    def official_fit(i, j) -> bool:
        if bool(i.code) == bool(j.code):
            return False
        coded, named = (i, j) if i.code else (j, i)
        keys = official.get(coded.code)
        if keys is None:
            keys = official[coded.code] = [name_key(o) for o in nomen.official_names(coded.code)]
        return any(fuzz.ratio(k, named.key.split("#")[0]) >= s.nomenklatur_threshold for k in keys)

    return _first_fit(pair, rest_a, rest_b, "nomenklatur", lambda i: (j for j in rest_b if official_fit(i, j)))


def _fuzzy(pair: UnitPair, rest_a, rest_b, s: MatchSettings):
    if not rest_a or not rest_b or len(rest_a) * len(rest_b) > s.max_fuzzy_pairs:
        return rest_a, rest_b
    from rapidfuzz import fuzz

    scored = []
    for x, i in enumerate(rest_a):
        for y, j in enumerate(rest_b):
            if not _compatible(i, j) or not i.key or not j.key:
                continue
            sc = fuzz.ratio(i.key.split("#")[0], j.key.split("#")[0])
            if sc >= s.name_threshold:
                scored.append((-sc, x, y))
    scored.sort()
    ta, tb = set(), set()
    for _, x, y in scored:
        if x in ta or y in tb:
            continue
        ta.add(x)
        tb.add(y)
        pair.pairs.append((rest_a[x], rest_b[y], "fuzzy"))
    return ([i for x, i in enumerate(rest_a) if x not in ta], [j for y, j in enumerate(rest_b) if y not in tb])


def _by_position(pair: UnitPair, rest_a, rest_b, s: MatchSettings):
    if not rest_a or not rest_b:
        return rest_a, rest_b
    from rapidfuzz import fuzz

    in_b = {id(ia): ib for ia, ib, _ in pair.pairs}
    under_a: dict[int, list] = {}
    under_b: dict[int, list] = {}
    for i in rest_a:
        up = in_b.get(id(i.parent)) if i.parent is not None else None
        if up is not None:
            under_a.setdefault(id(up), []).append(i)
    for j in rest_b:
        if j.parent is not None:
            under_b.setdefault(id(j.parent), []).append(j)
    taken_a, taken_b = set(), set()
    for parent, la in under_a.items():
        lb = under_b.get(parent, [])
        if len(la) != len(lb):
            continue
        zipped = list(zip(la, lb))
        if all(_compatible(i, j) and fuzz.ratio(i.key.split("#")[0], j.key.split("#")[0]) >= s.position_min_ratio
               for i, j in zipped):
            for i, j in zipped:
                taken_a.add(id(i))
                taken_b.add(id(j))
                pair.pairs.append((i, j, "position"))
    return [i for i in rest_a if id(i) not in taken_a], [j for j in rest_b if id(j) not in taken_b]


def settings_from(data: dict) -> MatchSettings:
    m = (data or {}).get("matching") or {}
    s = MatchSettings()
    s.name_threshold = float(m.get("name_threshold", s.name_threshold))
    s.nomenklatur_threshold = float(m.get("nomenklatur_threshold", s.nomenklatur_threshold))
    s.position_min_ratio = float(m.get("position_min_ratio", s.position_min_ratio))
    s.max_fuzzy_pairs = int(m.get("max_fuzzy_pairs", s.max_fuzzy_pairs))
    s.abbreviations = {str(k).lower(): str(v).lower() for k, v in (m.get("abbreviations") or {}).items()}
    return s

