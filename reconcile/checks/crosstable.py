"""Cross-table consistency: the same item carries the same name, pagu, target and indicator in
every table, and the review of the Rancangan Awal RKPD explains each difference it shows.

Items are matched across tables by `reconcile.checks.matching` (code, then name, then fuzzy
name or position under the matched parent). Where tables disagree, the finding is placed at
the cell that disagrees with the majority of the tables (with two tables: the later one), and
`related` points at the other tables' cells.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.matching import (
    Entity,
    Matching,
    Source,
    field_side,
    field_year,
    get_matching,
    item_key,
    level_name,
    load_crosstable,
    plan_year,
    diff_pair,
    side_name_field,
    table_label,
)
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import name_key
from reconcile.read.model import quote_sheet
from reconcile.read.tables import NAME_FIELDS

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
    shown: str
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
          message: Callable[[Disagreement], tuple[str, str]]) -> Iterator[Finding]:
    """Findings for the values that disagree with their item's majority, found by a pandera
    check on a frame of observations (one row per table value: does it agree with the majority?)."""
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
        mid, men = message(d)
        related = [f"{quote_sheet(d.out.src.sheet)}!{c}" for c in d.out.also]
        for o in d.obs:
            if o is not d.out:
                related += [o.ref] + [f"{quote_sheet(o.src.sheet)}!{c}" for c in o.also]
        yield rule.finding(ctx, d.out.src.sheet, cell, mid, men, expected=d.best[0].shown,
                           actual=d.out.shown, related=list(dict.fromkeys(related)))


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
    default_kinds: tuple[str, ...] | None = None  # None: every table kind the matching covers

    def _compare(self, ctx: Context, collect: Callable[[Source, int, Entity], dict[Any, Obs]],
                 same: Callable[[Any, Any], bool],
                 extra: dict[int, list[tuple[Any, Obs]]] | None = None) -> list[Disagreement]:
        m = get_matching(ctx)
        kinds = self.setting("kinds", self.default_kinds)
        by_level = self.setting("kinds_by_level", {}) or {}
        narrative = bool(self.setting("include_narrative", False))
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


class CrossTableName(_CrossRule):
    """The same item is spelt differently in two tables.

    Why it matters: the nomenclature of programs, kegiatan and sub kegiatan is fixed by
    Kepmendagri; the RKPD and SIPD match items by their name and code. A name typed differently
    in one table (a missing word, a different word, a typo) is either a typing slip or a
    different item, and the verifier at Bappeda cannot tell which.

    **Bad**: Tabel 3.2 "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial …" while
    Tabel 2.6 says "Pencegahan dan Penyelidikan Perselisihan Hubungan Industrial …".

    **Good**: the same wording in every table (copy it from the official nomenclature).
    Differences of case, spacing and punctuation are not reported.
    """

    code = "XTAB-NAME"
    title = "Nama item berbeda antar tabel"
    title_en = "Item name differs between tables"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        s = get_matching(ctx).s
        abbrev = s.abbreviations if self.setting("ignore_abbreviations", True) else None
        side_of: dict[int, str | None] = {}

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            table = src.table
            if table is None:  # a list in the narrative
                item = src.rows[row]
                return {"name": Obs(src, row, "", item_key(item.name, abbrev), item.name, naming=True)}
            if id(table) not in side_of:
                side_of[id(table)] = side_name_field(table, s.review_sides)
            side_fld = side_of[id(table)]
            side_name = _frame_value(table, side_fld, row) if side_fld else None
            if isinstance(side_name, str) and side_name.strip():
                also = _twin(table, side_fld, row, lambda a, b: item_key(str(a), abbrev) == item_key(str(b), abbrev))
                return {"name": Obs(src, row, side_fld, item_key(side_name, abbrev), side_name, also=also)}
            item = src.rows[row]
            if not item.name:
                return {}
            return {"name": Obs(src, row, "name", item_key(item.name, abbrev), item.name, naming=True)}

        def message(d: Disagreement) -> tuple[str, str]:
            lvl = level_name(d.entity.level, ctx)
            out, best = d.out, d.best
            a, b = diff_pair(out.shown, best[0].shown)
            return (f"Nama {lvl} di {out.src.label(ctx)} tertulis '{a}', sedangkan di "
                    f"{_labels(ctx, best)} '{b}'. Gunakan nama (nomenklatur) yang sama di semua tabel.",
                    f"The {lvl} is named '{a}' in {out.src.label(ctx)}, but '{b}' in {_labels(ctx, best)}. "
                    f"Use the same name (nomenclature) in every table.")

        same = lambda a, b: a == b  # noqa: E731
        found = self._compare(ctx, collect, same)
        # One fault, one finding: where the other tables' spelling is this one with a letter
        # dropped or two swapped ("Peyediaan" for "Penyediaan"), the slip is theirs --
        # NOMEN-SPELL reports it there -- and this cell must not be told to copy it.
        found = [d for d in found if not _other_spelling_is_a_slip(d.out.shown, d.best[0].shown)]
        official = _official_names(ctx)
        if official:
            # With the ministry's list, the official spelling is never the one to change:
            # leave those cells alone (NOMEN-SPELL reports the unofficial ones).
            found = [d for d in found if item_key(d.out.shown, None) not in official]
        yield from _emit(self, ctx, found, same, message)


def _other_spelling_is_a_slip(ours: str, theirs: str) -> bool:
    """Every word in which `theirs` differs from `ours` is that word with one letter dropped
    or two neighbours swapped."""
    from rapidfuzz.distance import OSA

    from reconcile.checks.nomenclature import word_changes

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


class CrossTablePagu(_CrossRule):
    """The same item carries a different pagu for the same year in two tables.

    Why it matters: Tabel 2.6 (review of the RKPD), Tabel 3.2, Tabel 4.1 and the anggaran table
    all print the pagu of the plan year. When they disagree, the RKPD and the DPA take whichever
    figure the verifier happens to read, and the totals of the document stop adding up.
    Tabel 2.6 has no year in its header: its pagu is the plan year (the year of the main pagu
    column of the plan tables, or `plan_year` in `rules/crosstable.yaml`); of its two sides the
    Hasil Analisis Kebutuhan (the agency's own figure) is compared (`review_sides`).

    **Bad**: sub kegiatan "Koordinasi Lintas Lembaga …" Rp 15.000.000 in Tabel 3.2 and Tabel 4.1
    but Rp 20.000.000 in Tabel 2.6 (Hasil Analisis Kebutuhan).

    **Good**: Rp 15.000.000 in every table — or, when the review changed it, the same new figure
    everywhere.
    """

    code = "XTAB-PAGU"
    title = "Pagu item berbeda antar tabel"
    title_en = "Item pagu differs between tables"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Finding]:
        s = get_matching(ctx).s
        tol = float(self.setting("tolerance", 1.0))
        bases = set(self.setting("fields", ["pagu", "anggaran"]))
        year0 = plan_year(ctx)
        slots_of: dict[int, dict[Any, str]] = {}

        def slots(table) -> dict[Any, str]:
            hit = slots_of.get(id(table))
            if hit is None:
                cands: dict[Any, tuple[int, str]] = {}
                for fld in sorted(table.fields_of_type("money"), key=lambda x: table.columns[x]):
                    if "#" in fld or base_field(fld) not in bases:
                        continue
                    _pick_side(cands, field_year(fld) or year0, fld, s.review_sides)
                hit = slots_of[id(table)] = {y: v[1] for y, v in cands.items()}
            return hit

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            out = {}
            for year, fld in slots(src.table).items():
                v = _frame_value(src.table, fld, row)
                status = _frame_value(src.table, f"{fld}__status", row)
                if v is None or status not in (None, "ok"):
                    continue
                also = _twin(src.table, fld, row, lambda a, b: abs(float(a) - float(b)) <= tol)
                out[year] = Obs(src, row, fld, float(v), ctx.money(float(v)), also=also)
            return out

        def message(d: Disagreement) -> tuple[str, str]:
            out, best = d.out, d.best
            lvl = level_name(d.entity.level, ctx).capitalize()
            name = short(get_matching(ctx).display_name(d.entity, out.src))
            path = out.src.table.header_paths.get(out.field, out.field)
            diff = ctx.money(abs(out.value - best[0].value))
            yid = f" {d.slot}" if d.slot else ""
            return (f"{lvl} '{name}': pagu{yid} di {out.src.label(ctx)} ({path}) {out.shown}, sedangkan di "
                    f"{_labels(ctx, best)} {best[0].shown} (selisih {diff}). Samakan pagu item ini di semua "
                    f"tabel, atau perbaiki tabel yang salah.",
                    f"{lvl} '{name}': the{yid} pagu is {out.shown} in {out.src.label(ctx)} ({path}), but "
                    f"{best[0].shown} in {_labels(ctx, best)} (difference {diff}). Make the item's pagu the same "
                    f"in every table, or fix the wrong one.")

        same = lambda a, b: abs(a - b) <= tol  # noqa: E731
        yield from _emit(self, ctx, self._compare(ctx, collect, same), same, message)


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
    from reconcile.read.model import column_index

    value = None if value is None else float(value)
    col = column_index(table.columns[fld])
    cell_value = ctx.workbook.value_at(table.sheet, row, col)
    if isinstance(cell_value, (int, float)) and not isinstance(cell_value, bool) and not unit:
        layout = ctx.workbook.layouts.get(table.sheet)
        if layout is not None and "%" in layout.number_format(row, col):
            return ctx.num(float(cell_value) * 100) + "%", float(cell_value) * 100, "%"
        return ctx.num(float(cell_value)), value, unit
    return " ".join(str(raw).split()), value, unit


def _role_settings(ctx: Context, key: str, default: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    data = load_crosstable(ctx.config).get("roles") or {}
    roles = dict(data.get(key) or default)
    level_roles = dict(data.get("by_level") or DEFAULT_LEVEL_ROLES)
    return roles, level_roles


class CrossTableTarget(_CrossRule):
    """The same item has a different target for the same year and indicator in two tables.

    Why it matters: the target is what the agency promises; Tabel 2.6, 3.2 and 4.1 must promise
    the same thing. Targets are compared by role — keluaran with keluaran, capaian program with
    capaian program, hasil with hasil — and year; a table with a single target column (Tabel 2.6)
    gives each row the role of its level (sub kegiatan: keluaran). Numbers and units are
    compared as parsed: "1,800 Orang" equals "1800 orang"; "95%" equals 0,95.

    A program's or kegiatan's own target printed only on the rows under it (Tabel 3.2 repeats
    the capaian program target on every sub kegiatan row) counts as the program's. A table of
    indicators (the Kinerja table: the Renstra target of each year) takes part for the program
    whose capaian indicator its row names.

    **Bad**: sub kegiatan "Pembinaan Lembaga Pelatihan Kerja Swasta": target keluaran
    "40 Lembaga" in Tabel 3.2 but "38 Lembaga" in Tabel 4.1; program "Program Perencanaan Tenaga
    Kerja": Tingkat Partisipasi Angkatan Kerja 65% for 2024 in Tabel 2.6, 3.2 and 4.1 but 68,82%
    in the Kinerja table.

    **Good**: "40 Lembaga" in both.
    """

    code = "XTAB-TARGET"
    title = "Target item berbeda antar tabel"
    title_en = "Item target differs between tables"
    severity = "warning"
    default_kinds = ("rincian", "review_rkpd", "daftar")

    def check(self, ctx: Context) -> Iterator[Finding]:
        m = get_matching(ctx)
        s = m.s
        tol = float(self.setting("tolerance", 1e-6))
        skip_zero = bool(self.setting("ignore_zero", True))
        roles, level_roles = _role_settings(ctx, "targets", DEFAULT_TARGET_ROLES)
        year0 = plan_year(ctx)
        fields_of = _role_fields_cache("target", roles, s.review_sides)

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            table = src.table
            out: dict[Any, Obs] = {}
            for fld, single in fields_of(table):
                role = _role_of(fld, ent.level, roles, level_roles, single)
                if role is None:
                    continue
                slot = (role, field_year(fld) or year0)
                if slot in out:
                    continue
                rows = [row]
                if _frame_value(table, f"{fld}__status", row) in ("empty", None):
                    rows = _inherited(m, src, row, ent.level, fld, role, single, level_roles,
                                      lambda v: name_key(str(v)))
                    if not rows:
                        continue
                at = rows[0]
                status = _frame_value(table, f"{fld}__status", at)
                raw = _frame_value(table, fld, at)
                if status in ("empty", None) or raw is None or not str(raw).strip():
                    continue
                value = _frame_value(table, f"{fld}__value", at)
                unit = _frame_value(table, f"{fld}__unit", at)
                if skip_zero and value is not None and float(value) == 0:
                    continue  # "0 %" stands for "no target" in evaluation tables
                shown, value, unit = _target_shown(ctx, table, fld, at, raw, value, unit)
                also = tuple(table.cell(fld, r) for r in rows[1:]) + _twin(table, fld, at, lambda a, b: a == b)
                out[slot] = Obs(src, at, fld, (value, unit, raw), shown, also=also, inherited=at != row)
            return out

        def message(d: Disagreement) -> tuple[str, str]:
            out, best = d.out, d.best
            role, year = d.slot
            lvl = level_name(d.entity.level, ctx).capitalize()
            name = short(get_matching(ctx).display_name(d.entity, out.src))
            yid = f" {year}" if year else ""
            return (f"{lvl} '{name}': target {ROLE_ID.get(role, role)}{yid} di {out.src.label(ctx)} tertulis "
                    f"'{out.shown}', sedangkan di {_labels(ctx, best)} '{best[0].shown}'. Samakan targetnya, atau "
                    f"perbaiki tabel yang salah.",
                    f"{lvl} '{name}': the {ROLE_EN.get(role, role)} target{yid} is '{out.shown}' in "
                    f"{out.src.label(ctx)}, but '{best[0].shown}' in {_labels(ctx, best)}. Make the targets the "
                    f"same, or fix the wrong table.")

        same = lambda a, b: same_target(a, b, tol)  # noqa: E731
        extra = self._indicator_tables(ctx, m, level_roles)
        yield from _emit(self, ctx, self._compare(ctx, collect, same, extra), same, message)

    def _indicator_tables(self, ctx: Context, m: Matching, level_roles: dict[str, str]) -> dict[int, list[tuple[Any, Obs]]]:
        """Targets of tables that list indicators rather than items (the Kinerja table: targets of
        the Renstra per year): a row whose indicator is the capaian indicator of exactly one
        program gives that program's target for each year."""
        from rapidfuzz import fuzz

        kinds = set(self.setting("indicator_tables", ["kinerja"]) or [])
        tables = [t for t in ctx.workbook.tables if t.kind in kinds]
        if not tables:
            return {}
        threshold = float(self.setting("indicator_match", 90))
        margin = float(self.setting("indicator_margin", 5))
        ind_roles, _ = _role_settings(ctx, "indicators", DEFAULT_INDICATOR_ROLES)
        program_keys: dict[int, set[str]] = {}
        for src in m.tables():
            fields = _role_fields(src.table, "text", ind_roles, m.s.review_sides)
            for row, item in src.rows.items():
                if item.level != "program":
                    continue
                ent = m.entity(src, row)
                for fld, single in fields:
                    if _role_of(fld, "program", ind_roles, level_roles, single) != "program":
                        continue
                    v = _frame_value(src.table, fld, row)
                    rows = [row] if isinstance(v, str) and name_key(v) else _inherited(
                        m, src, row, "program", fld, "program", single, level_roles, lambda x: name_key(str(x)))
                    if rows:
                        program_keys.setdefault(ent.id, set()).add(name_key(str(_frame_value(src.table, fld, rows[0]))))
        out: dict[int, list[tuple[Any, Obs]]] = {}
        for i, t in enumerate(tables):
            src = Source(100_000 + i, t.sheet, t.kind, t, {}, *table_label(t, ctx.workbook.tables))
            ind_field = next((f for f in t.columns if base_field(f) in ("indikator", "indikator_program")
                              and "#" not in f), None)
            targets = [f for f, ty in t.field_types.items() if ty == "target" and "#" not in f
                       and base_field(f) in ("target", "target_renstra", "target_program") and field_year(f)]
            if ind_field is None or not targets:
                continue
            for row in t.frame.index:
                row = int(row)
                text = _frame_value(t, ind_field, row)
                key = name_key(str(text or ""))
                if not key:
                    continue
                scores = sorted(((max(fuzz.token_set_ratio(key, k) for k in keys), eid)
                                 for eid, keys in program_keys.items()), reverse=True)
                if not scores or scores[0][0] < threshold or (len(scores) > 1 and scores[0][0] - scores[1][0] < margin):
                    continue
                eid = scores[0][1]
                seen_years: set[int] = set()
                for fld in sorted(targets, key=lambda f: t.columns[f]):
                    year = field_year(fld)
                    raw = _frame_value(t, fld, row)
                    if year in seen_years or _frame_value(t, f"{fld}__status", row) in ("empty", None) or raw is None:
                        continue
                    seen_years.add(year)
                    value = _frame_value(t, f"{fld}__value", row)
                    if value is not None and float(value) == 0 and self.setting("ignore_zero", True):
                        continue
                    shown, value, unit = _target_shown(ctx, t, fld, row, raw, value, _frame_value(t, f"{fld}__unit", row))
                    out.setdefault(eid, []).append((("program", year), Obs(src, row, fld, (value, unit, raw), shown)))
        return out


class CrossTableIndicator(_CrossRule):
    """The same item has a different indicator text in two tables.

    Why it matters: an indicator says what the target measures. When Tabel 3.2 measures a sub
    kegiatan by "Jumlah dokumen perencanaan" and Tabel 4.1 by "Persentase dokumen tepat waktu",
    the target "15 Dokumen" means two different things. Indicators are compared by role, like
    targets (a program's capaian indicator printed on the rows under it counts as the program's),
    after normalising case, spacing and punctuation; texts that differ only by a typing slip in
    a word or two ("dergan" / "dengan", `typo_edits` and `typo_words` in
    `rules/crosstable.yaml`) are not reported — a word added, dropped or replaced is. The Rekap
    evaluasi takes part for program indicators only (they come from the Renstra and hold for its
    five years).

    **Bad**: program "Program Hubungan Industrial": capaian program indicator "Besaran kasus yang
    diselesaikan dengan Perjanjian Bersama (PB)" in Tabel 3.2 but "Terwujudnya Kearifan Lokal di
    masyarakat terhadap PPLH" in Tabel 2.6.

    **Good**: the same indicator in every table.
    """

    code = "XTAB-INDICATOR"
    title = "Indikator item berbeda antar tabel"
    title_en = "Item indicator differs between tables"
    severity = "warning"
    default_kinds = ("rincian", "review_rkpd", "daftar")

    def check(self, ctx: Context) -> Iterator[Finding]:
        m = get_matching(ctx)
        s = m.s
        max_edits = int(self.setting("typo_edits", 2))
        max_words = int(self.setting("typo_words", 2))
        roles, level_roles = _role_settings(ctx, "indicators", DEFAULT_INDICATOR_ROLES)
        blanks = {name_key(x) for x in self.setting("blank", ["-", "–"])} | {""}
        fields_of = _role_fields_cache("text", roles, s.review_sides)

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            table = src.table
            out: dict[Any, Obs] = {}
            for fld, single in fields_of(table):
                role = _role_of(fld, ent.level, roles, level_roles, single)
                if role is None or role in out:
                    continue
                rows = [row]
                raw = _frame_value(table, fld, row)
                if not isinstance(raw, str) or name_key(raw) in blanks:
                    rows = _inherited(m, src, row, ent.level, fld, role, single, level_roles,
                                      lambda v: "" if name_key(str(v)) in blanks else name_key(str(v)))
                    if not rows:
                        continue
                    raw = _frame_value(table, fld, rows[0])
                if not isinstance(raw, str):
                    continue
                key = name_key(raw)
                if not key or key in blanks:
                    continue
                also = tuple(table.cell(fld, r) for r in rows[1:]) + \
                    _twin(table, fld, rows[0], lambda a, b: name_key(str(a)) == name_key(str(b)))
                out[role] = Obs(src, rows[0], fld, key, raw, also=also, inherited=rows[0] != row)
            return out

        def same(a: str, b: str) -> bool:
            return typo_equal(a, b, max_edits, max_words)

        def message(d: Disagreement) -> tuple[str, str]:
            out, best, role = d.out, d.best, d.slot
            lvl = level_name(d.entity.level, ctx).capitalize()
            name = short(get_matching(ctx).display_name(d.entity, out.src))
            a, b = diff_pair(out.shown, best[0].shown, width=110)
            return (f"{lvl} '{name}': indikator {ROLE_ID.get(role, role)} di {out.src.label(ctx)} tertulis "
                    f"'{a}', sedangkan di {_labels(ctx, best)} '{b}'. Periksa mana yang benar dan samakan di "
                    f"semua tabel.",
                    f"{lvl} '{name}': the {ROLE_EN.get(role, role)} indicator is '{a}' in {out.src.label(ctx)}, "
                    f"but '{b}' in {_labels(ctx, best)}. Check which is right and use it in every table.")

        yield from _emit(self, ctx, self._compare(ctx, collect, same), same, message)


FIELD_ID = {"name": "nama", "lokasi": "lokasi", "indikator": "indikator", "target": "target", "pagu": "pagu"}
FIELD_EN = {"name": "name", "lokasi": "location", "indikator": "indicator", "target": "target", "pagu": "pagu"}


class RkpdNote(Rule):
    """A row of the RKPD review differs between its two sides without a Catatan Penting.

    Why it matters: Tabel 2.6 (Review terhadap Rancangan Awal RKPD) puts what Bappeda's draft
    RKPD says next to what the agency concluded (Hasil Analisis Kebutuhan). Every difference —
    a renamed sub kegiatan, another indicator, a new target, location or pagu — must be
    explained in Catatan Penting, or the verifier cannot tell a deliberate change from a typing
    slip.

    **Bad**: RKPD side "PROGRAM PERENCANAAN TENAGA KERJA RIJK", Hasil Analisis side "PROGRAM
    PERENCANAAN TENAGA KERJA (RTK)", Catatan Penting "-".

    **Good**: both sides the same, or Catatan Penting says why they differ ("Perbaikan
    nomenklatur sesuai Kepmendagri 050-5889/2021").
    """

    code = "RKPD-NOTE"
    title = "Perbedaan RKPD dan hasil analisis tanpa catatan penting"
    title_en = "RKPD and needs analysis differ without a note"
    severity = "error"
    family = "crosstable"

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        compared = [str(x) for x in self.setting("fields", ["name", "lokasi", "indikator", "target", "pagu"])]
        empty_notes = {name_key(str(x)) for x in self.setting("empty_notes", ["-", "–", "—", "", "nihil"])}
        tol = float(self.setting("tolerance", 1.0))
        for table in iter_tables(ctx, "review_rkpd"):
            pairs = self._pairs(table, compared)
            if not pairs:
                continue
            note_field = next((f for f in table.columns if base_field(f) == "catatan" and "#" not in f), None)
            f = table.frame
            diffs_of: dict[int, list[tuple[str, str, str, str]]] = {}
            for row, level in zip(f.index.tolist(), f["level"].tolist()):
                row = int(row)
                if level == "total":
                    continue
                diffs = []
                for base, a, b in pairs:
                    d = self._differs(table, a, b, row, tol, ctx)
                    if d is not None:
                        diffs.append((base, b, d[0], d[1]))
                if diffs:
                    diffs_of[row] = diffs
            if not diffs_of:
                continue
            notes = []
            for row in diffs_of:
                note = _frame_value(table, note_field, row) if note_field else None
                notes.append("" if note is None else str(note))
            frame = pd.DataFrame({"catatan": notes}, index=list(diffs_of))
            failing = failure_rows(frame, {"catatan": pa.Check(
                lambda s: s.map(lambda v: name_key(v) not in empty_notes).astype(bool),
                error="a difference needs a catatan")})
            for row in failing.get("catatan", []):
                diffs = diffs_of[row]
                name = f.at[row, "name"] or ""
                parts_id = "; ".join(f"{FIELD_ID.get(b, b)} ({x} → {y})" for b, _f, x, y in diffs)
                parts_en = "; ".join(f"{FIELD_EN.get(b, b)} ({x} → {y})" for b, _f, x, y in diffs)
                lvl = level_name(f.at[row, "level"], ctx)
                note = frame.at[row, "catatan"]
                if note_field:
                    cell = table.cell(note_field, row)
                    tail_id, tail_en = "tetapi Catatan Penting kosong", "but Catatan Penting is empty"
                else:
                    cell = table.cell(diffs[0][1], row)
                    tail_id, tail_en = "dan tabel ini tidak memiliki kolom Catatan Penting", \
                        "and the table has no Catatan Penting column"
                related = [f"{quote_sheet(table.sheet)}!{table.cell(x, row)}" for b, fld, *_ in diffs
                           for x in (fld.replace("analisis.", "rkpd.", 1), fld) if x in table.columns]
                yield self.finding(
                    ctx, table.sheet, cell,
                    f"{lvl.capitalize()} '{short(name)}': Rancangan Awal RKPD dan Hasil Analisis Kebutuhan "
                    f"berbeda pada {parts_id}, {tail_id}. Jelaskan perbedaannya di Catatan Penting (mis. "
                    f"perbaikan nomenklatur, perubahan target atau pagu), atau samakan kedua sisi.",
                    f"{lvl.capitalize()} '{short(name)}': the Rancangan Awal RKPD and the Hasil Analisis "
                    f"Kebutuhan differ in {parts_en}, {tail_en}. Explain the difference in Catatan Penting "
                    f"(e.g. corrected nomenclature, changed target or pagu), or make both sides the same.",
                    expected=ctx.t("catatan yang menjelaskan perbedaan", "a note explaining the difference"),
                    actual=note, related=related)

    @staticmethod
    def _pairs(table, compared: list[str]) -> list[tuple[str, str, str]]:
        out = []
        for fld in sorted(table.columns, key=lambda x: table.columns[x]):
            if field_side(fld) != "rkpd" or "#" in fld:
                continue
            rest = fld.split(".", 1)[1]
            other = "analisis." + rest
            if other not in table.columns:
                continue
            base = base_field(fld)
            base = "name" if base in NAME_FIELDS else base
            if base in compared:
                out.append((base, fld, other))
        if "name" in compared and "analisis.name" in table.columns and not any(p[0] == "name" for p in out):
            # SIPD-style: the RKPD side's name sits in the Program/Kegiatan/Sub Kegiatan columns,
            # which the reader merges into the row's name.
            out.append(("name", "name", "analisis.name"))
        return out

    @staticmethod
    def _differs(table, a: str, b: str, row: int, tol: float, ctx: Context) -> tuple[str, str] | None:
        ftype = table.field_types.get(a)

        def shown(v):
            return "-" if v is None or (isinstance(v, str) and not v.strip()) else str(v)

        if ftype in ("money", "number", "percent"):
            va, vb = _frame_value(table, a, row), _frame_value(table, b, row)
            ra, rb = _frame_value(table, f"{a}__raw", row), _frame_value(table, f"{b}__raw", row)
            if va is not None and vb is not None:
                if abs(float(va) - float(vb)) <= tol:
                    return None
                fmt = ctx.money if ftype == "money" else ctx.num
                return fmt(float(va)), fmt(float(vb))
            if va is None and vb is None:
                if name_key(str(ra or "")) == name_key(str(rb or "")):
                    return None
            return shown(ra), shown(rb)
        if ftype == "target":
            ra, rb = _frame_value(table, a, row), _frame_value(table, b, row)
            if ra is None and rb is None:
                return None
            sa, va, ua = _target_shown(ctx, table, a, row, ra or "", _frame_value(table, f"{a}__value", row),
                                       _frame_value(table, f"{a}__unit", row))
            sb, vb, ub = _target_shown(ctx, table, b, row, rb or "", _frame_value(table, f"{b}__value", row),
                                       _frame_value(table, f"{b}__unit", row))
            if ra is not None and rb is not None and same_target((va, ua, ra), (vb, ub, rb)):
                return None
            return (sa if ra is not None else "-"), (sb if rb is not None else "-")
        ra, rb = _frame_value(table, a, row), _frame_value(table, b, row)
        if name_key(str(ra or "")) == name_key(str(rb or "")):
            return None
        da, db = diff_pair(shown(ra), shown(rb), width=80)
        return f"'{da}'", f"'{db}'"


RULES = [CrossTableName, CrossTablePagu, CrossTableTarget, CrossTableIndicator, RkpdNote]
