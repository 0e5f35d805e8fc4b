"""Cross-table consistency: the same item carries the same name, pagu, target and indicator in
every table, and the review of the Rancangan Awal RKPD explains each difference it shows.

Items are matched across tables by `reconcile.checks.matching` (code, then name, then fuzzy
name or position under the matched parent). Where tables disagree, the finding is placed at
the cell that disagrees with the majority of the tables (with two tables: the later one), and
`related` points at the other tables' cells.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.matching import (
    Entity,
    Matching,
    Source,
    field_side,
    field_year,
    get_matching,
    in_langs,
    item_key,
    langs,
    load_crosstable,
)
from reconcile.findings import Words
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import name_key
from reconcile.read.model import quote_sheet


ROLE_ID = {"program": "capaian program", "keluaran": "keluaran", "hasil": "hasil kegiatan", "renstra": "Renstra"}


ROLE_EN = {"program": "programme outcome", "keluaran": "output", "hasil": "kegiatan result", "renstra": "Renstra"}


DEFAULT_LEVEL_ROLES = {"program": "program", "kegiatan": "hasil", "sub_kegiatan": "keluaran"}


DEFAULT_TARGET_ROLES = {"target_program": "program", "target_keluaran": "keluaran", "target_hasil": "hasil",
                        "target": "level", "target_renstra": "renstra"}


DEFAULT_INDICATOR_ROLES = {"indikator_program": "program", "indikator_keluaran": "keluaran",
                           "indikator_hasil": "hasil", "indikator": "level"}


@dataclass(slots=True)
class Obs:
    """One table's value of one item for one compared quantity."""

    src: Source
    row: int
    field: str
    value: Any
    shown: Any  # how the value reads: the cell's text, or a Money/Num/Words argument of a message
    naming: bool = False  # the item's name: its cell is the one naming the item, not the field's
    also: tuple[str, ...] = ()  # other cells printing the same value (the RKPD side, the rows below)
    inherited: bool = False  # read from the rows under the item (a program's target on its sub rows)

    @property
    def cell(self) -> str:
        """Worked out when asked: only the cells of values that disagree are."""
        if self.naming:
            return self.src.cell(self.row)
        return self.src.table.cell(self.field, self.row)

    @property
    def ref(self) -> str:
        return f"{quote_sheet(self.src.sheet)}!{self.cell}"


@dataclass(slots=True)
class Disagreement:
    entity: Entity
    slot: Any
    out: Obs  # the value that disagrees with the majority
    best: list[Obs]  # the majority
    obs: list[Obs]  # every table's value


def typo_equal(a: str, b: str, max_edits: int = 2, max_words: int = 2) -> bool:
    """Two normalised texts that differ only by typing slips: the same words in the same order,
    at most `max_words` of them misspelt by a letter or two ("dergan" / "dengan") or carrying a
    suffix ("mendapat" / "mendapatkan")."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    from rapidfuzz.distance import Levenshtein

    wrong = 0
    for x, y in zip(wa, wb):
        if x == y:
            continue
        n = min(len(x), len(y))
        short_, long_ = (x, y) if len(x) <= len(y) else (y, x)
        affix = n >= 5 and long_.startswith(short_) and len(long_) - n <= 3  # mendapat/mendapatkan
        limit = 0 if n < 4 else (1 if n < 8 else max_edits)
        if not affix and (limit == 0 or Levenshtein.distance(x, y, score_cutoff=limit) > limit):
            return False
        wrong += 1
        if wrong > max_words:
            return False
    return True


def _frame_value(table, column: str | None, row: int) -> Any:
    """table.frame.at[row, column] with NaN as None; columns are read once into dicts (fast for
    the many single-cell reads of these rules)."""
    if column is None:
        return None
    v = table.value(column, row)  # the table's shared column view (no second copy per column)
    return None if isinstance(v, float) and math.isnan(v) else v


def _side_rank(fld: str, sides: tuple[str, ...]) -> int:
    side = field_side(fld)
    if side is None:
        return 0
    return 1 + sides.index(side) if side in sides else 1 + len(sides)


def _majority(obs: list[Obs], same: Callable[[Any, Any], bool]) -> tuple[list[Obs], list[Obs]] | None:
    """Cluster `obs` (in source order) with `same`; return (majority cluster, the others) when
    they disagree. Ties go to the cluster of the earliest table."""
    clusters: list[list[Obs]] = []
    for o in sorted(obs, key=lambda o: (not o.src.is_table, o.src.index)):
        for c in clusters:
            if same(c[0].value, o.value):
                c.append(o)
                break
        else:
            clusters.append([o])
    if len(clusters) < 2:
        return None
    # Tables vote; a list in the narrative is compared with them but does not vote.
    best = max(clusters, key=lambda c: (sum(1 for o in c if o.src.is_table), -c[0].src.index))
    others = [o for c in clusters if c is not best for o in c]
    return best, others


def labels_words(ctx: Context, obs: Iterable[Obs]) -> Words:
    """`_labels` in both languages, an argument of a message."""
    obs = list(obs)
    return in_langs(ctx, lambda c: _labels(c, obs))


def src_words(src: Source) -> Words:
    """A source's label in both languages."""
    return Words(src.label_id, src.label_en)


def _labels(ctx: Context, obs: Iterable[Obs]) -> str:
    seen: list[str] = []
    for o in obs:
        lab = o.src.label(ctx)
        if lab not in seen:
            seen.append(lab)
    if len(seen) <= 1:
        return seen[0] if seen else ""
    joiner = ctx.t(" dan ", " and ")
    return ", ".join(seen[:-1]) + joiner + seen[-1]


def _entities_in_tables(m: Matching, narrative: bool = False,
                        minimum: int = 2) -> Iterator[tuple[Entity, list[tuple[Source, int]]]]:
    """The entities with at least `minimum` members (tables, and lists in the narrative when
    `narrative`), each with its members in source order. Which entities these are is found once
    per matching, as every XTAB rule walks them; their members are listed while walking (kept
    for the run, a list of pairs per item costs ~200 B an item)."""
    sources = m.sources

    def members_of(ent: Entity) -> list[tuple[Source, int]]:
        # (member_rows come in source order)
        return [(sources[i], row) for i, row in ent.member_rows() if narrative or sources[i].is_table]

    def find() -> list[Entity]:
        # most items of a plan are listed once: no need to look at their sources
        return [ent for ent in m.entities if ent.n_members >= minimum and len(members_of(ent)) >= minimum]

    for ent in m.memo(("entities_in_tables", narrative, minimum), find):
        yield ent, members_of(ent)


def _role_of(fld: str, level: str, roles: dict[str, str], level_roles: dict[str, str], single: bool) -> str | None:
    role = roles.get(base_field(fld))
    if role is None:
        return None
    if role == "level" or (single and role in level_roles.values()):
        return level_roles.get(level)
    return role


def _role_fields(table, kinds_of_type: str, roles: dict[str, str], sides: tuple[str, ...]) -> list[tuple[str, bool]]:
    """The role-bearing fields of a table with, for each, whether it is the only such column for
    its side and year (then its meaning follows the row's level, as in Tabel 2.6)."""
    fields = [f for f, t in table.field_types.items() if t == kinds_of_type and "#" not in f and base_field(f) in roles]
    groups: dict[tuple[str | None, int | None], int] = {}
    for f in fields:
        if roles.get(base_field(f)) in ("program", "keluaran", "hasil", "level"):
            key = (field_side(f), field_year(f))
            groups[key] = groups.get(key, 0) + 1
    out = []
    for f in sorted(fields, key=lambda x: (_side_rank(x, sides), table.columns[x])):
        out.append((f, groups.get((field_side(f), field_year(f)), 0) == 1))
    return out


def _role_fields_cache(kinds_of_type: str, roles: dict[str, str],
                       sides: tuple[str, ...]) -> Callable[[Any], list[tuple[str, bool]]]:
    """`_role_fields` of each table, worked out once per table for one rule's run."""
    cache: dict[int, list[tuple[str, bool]]] = {}

    def fields_of(table) -> list[tuple[str, bool]]:
        fl = cache.get(id(table))
        if fl is None:
            fl = cache[id(table)] = _role_fields(table, kinds_of_type, roles, sides)
        return fl

    return fields_of


def _pick_side(candidates: dict[Any, tuple[int, str]], key: Any, fld: str, sides: tuple[str, ...]) -> None:
    rank = _side_rank(fld, sides)
    if key not in candidates or rank < candidates[key][0]:
        candidates[key] = (rank, fld)


def _emit(rule: Rule, ctx: Context, found: list[Disagreement], same: Callable[[Any, Any], bool],
          message: Callable[[Disagreement], tuple[str, dict[str, Any]]]) -> Iterator[Finding]:
    """Findings for the values that disagree with their item's majority, found by a pandera
    check on a frame of observations (one row per table value: does it agree with the majority?).
    `message(d)` gives the key of the rule's template and its arguments; `expected` and `actual`
    are the majority's value and this one's, as they read."""
    import pandas as pd
    import pandera.pandas as pa

    if not found:
        return
    frame = pd.DataFrame({"value": [d.out.value for d in found], "majority": [d.best[0].value for d in found]},
                         index=range(len(found)))
    failing = failure_rows(frame, {"value": pa.Check(
        lambda s: pd.Series([same(v, frame.at[i, "majority"]) for i, v in s.items()], index=s.index, dtype=bool),
        error="the same value in every table")})
    seen: set[tuple[str, str]] = set()
    for i in failing.get("value", []):
        d = found[i]
        cell = d.out.cell
        if (d.out.src.sheet, cell) in seen:
            continue
        seen.add((d.out.src.sheet, cell))
        key, args = message(d)
        related = [f"{quote_sheet(d.out.src.sheet)}!{c}" for c in d.out.also]
        for o in d.obs:
            if o is not d.out:
                related += [o.ref] + [f"{quote_sheet(o.src.sheet)}!{c}" for c in o.also]
        yield rule.say(ctx, d.out.src.sheet, cell, key, related=list(dict.fromkeys(related)),
                       expected=d.best[0].shown, actual=d.out.shown, **args)


def _inherited(m: Matching, src: Source, row: int, level: str, fld: str, role: str, single: bool,
               level_roles: dict[str, str], key: Callable[[Any], Any]) -> list[int]:
    """A program's capaian indicator/target, or a kegiatan's hasil indicator/target, is often
    printed only on the rows under it (Tabel 3.2: "Capaian Program" on every sub kegiatan row).
    The rows under `row` that carry the most common such value (empty when none)."""
    if single or level_roles.get(level) != role or level not in ("program", "kegiatan"):
        return []
    counts: dict[Any, list[int]] = {}
    for child in m.descendants(src, row):
        v = _frame_value(src.table, fld, child)
        if v is None or not str(v).strip():
            continue
        k = key(v)
        if k:
            counts.setdefault(k, []).append(child)
    if not counts:
        return []
    return max(counts.values(), key=len)


def _twin(table, fld: str, row: int, same: Callable[[Any, Any], bool]) -> tuple[str, ...]:
    """The cell of the other side of a review table (rkpd.X for analisis.X) when it holds the
    same value: the same slip is printed twice."""
    side = field_side(fld)
    if side is None:
        return ()
    rest = fld.split(".", 1)[1]
    for other in table.columns:
        if other != fld and field_side(other) and other.split(".", 1)[1] == rest:
            a, b = _frame_value(table, fld, row), _frame_value(table, other, row)
            if a is not None and b is not None and same(a, b):
                return (table.cell(other, row),)
    return ()


class _CrossRule(Rule):
    family = "crosstable"
    options = {"kinds": list, "kinds_by_level": dict, "include_narrative": bool}

    def _compare(self, ctx: Context, collect: Callable[[Source, int, Entity], dict[Any, Obs]],
                 same: Callable[[Any, Any], bool],
                 extra: dict[int, list[tuple[Any, Obs]]] | None = None) -> list[Disagreement]:
        m = get_matching(ctx)
        kinds = self.option("kinds")
        by_level = self.option("kinds_by_level") or {}
        narrative = bool(self.option("include_narrative"))
        out = []
        for ent, members in _entities_in_tables(m, narrative, minimum=1 if extra else 2):
            allowed = by_level.get(ent.level, kinds)
            if allowed:
                members = [(src, row) for src, row in members if src.kind in allowed or src.kind == "narasi"]
            by_slot: dict[Any, list[Obs]] = {}
            for src, row in members:
                for slot, o in collect(src, row, ent).items():
                    by_slot.setdefault(slot, []).append(o)
            for slot, o in (extra or {}).get(ent.id, ()):
                by_slot.setdefault(slot, []).append(o)
            for slot, obs in by_slot.items():
                if len(obs) < 2 or all(o.inherited for o in obs):
                    continue  # values only printed on the rows below are compared at those rows
                res = _majority(obs, same)
                if res is None:
                    continue
                best, others = res
                for o in others:
                    out.append(Disagreement(ent, slot, o, best, obs))
        return out


def _other_spelling_is_a_slip(ours: str, theirs: str) -> bool:
    """Every word in which `theirs` differs from `ours` is that word with one letter dropped
    or two neighbours swapped."""
    from rapidfuzz.distance import OSA

    from reconcile.checks.nomenclature.analysis import word_changes

    changes = word_changes(ours, theirs, limit=100)
    if not changes:
        return False
    for right, slip in changes:
        r, w = right.lower(), slip.lower()
        if " " in r or " " in w or OSA.distance(r, w) != 1:
            return False
        if not (len(w) == len(r) - 1 or (len(w) == len(r) and sorted(w) == sorted(r))):
            return False
    return True


def _official_names(ctx: Context) -> set[str]:
    """Keys of every official name in the configured nomenclature (empty without one)."""
    from reconcile.nomenklatur import configured_nomenklatur

    nomen = configured_nomenklatur(ctx.config)
    if nomen is None:
        return set()
    return {item_key(e.name, None) for e in nomen}


def unit_key(unit: Any) -> str:
    u = str(unit or "").lower()
    u = re.sub(r"\bpersen\b|\bpercent\b", "%", u)
    return re.sub(r"[^0-9a-z%/]+", "", u)


def same_target(a: tuple, b: tuple, tol: float = 1e-6) -> bool:
    """(value, unit, raw) pairs: the same number and unit; a missing unit is not a difference;
    a fraction (0.95) equals a percentage (95%)."""
    va, ua, ra = a
    vb, ub, rb = b
    if va is not None and vb is not None:
        ka, kb = unit_key(ua), unit_key(ub)
        if ka and kb and ka != kb:
            return False
        if abs(va - vb) <= tol:
            return True
        if (ka == "%" or kb == "%") and not (ka and kb):
            return abs(va * 100 - vb) <= tol or abs(vb * 100 - va) <= tol
        return False
    return name_key(str(ra)) == name_key(str(rb))


def _target_shown(ctx: Context, table, fld: str, row: int, raw: Any, value: Any, unit: Any) -> tuple[str, Any, Any]:
    """How a target reads in its cell: an Excel number formatted as a percentage (0.95 shown
    as 95%) is a percentage."""
    value = None if value is None else float(value)
    cell_value = table.frame.at[row, f"{fld}__cell"]  # few cells: no `Table.column` view kept
    if isinstance(cell_value, (int, float)) and not isinstance(cell_value, bool) and not unit:
        if "%" in (table.frame.at[row, f"{fld}__format"] or ""):
            return ctx.num(float(cell_value) * 100) + "%", float(cell_value) * 100, "%"
        return ctx.num(float(cell_value)), value, unit
    return " ".join(str(raw).split()), value, unit


def target_arg(ctx: Context, table, fld: str, row: int, raw: Any, value: Any, unit: Any) -> tuple[Any, Any, Any]:
    """`_target_shown` as an argument of a message: the cell's text as written, or a number in
    each language's notation."""
    c_id, c_en = langs(ctx)
    shown_id, value, unit = _target_shown(c_id, table, fld, row, raw, value, unit)
    shown_en = _target_shown(c_en, table, fld, row, raw, value, unit)[0]
    return (shown_id if shown_id == shown_en else Words(shown_id, shown_en)), value, unit


def _role_settings(ctx: Context, key: str, default: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    data = load_crosstable(ctx.config).get("roles") or {}
    roles = dict(data.get(key) or default)
    level_roles = dict(data.get("by_level") or DEFAULT_LEVEL_ROLES)
    return roles, level_roles


FIELD_ID = {"name": "nama", "lokasi": "lokasi", "indikator": "indikator", "target": "target", "pagu": "pagu"}


FIELD_EN = {"name": "name", "lokasi": "location", "indikator": "indicator", "target": "target", "pagu": "pagu"}
