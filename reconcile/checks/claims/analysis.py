"""Claims: what the narrative says about the plan (counts, total pagu) against the tables,
claims that contradict each other, and items one table lists and another leaves out.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reconcile.checks.base import Context
from reconcile.checks.matching import Entity, ITEM_LEVELS, Matching, Source, field_year, plan_year
from reconcile.read.headers import base_field
from reconcile.read.model import quote_sheet


COUNT_LEVEL = {"count_program": "program", "count_kegiatan": "kegiatan", "count_sub_kegiatan": "sub_kegiatan"}


_YEAR = re.compile(r"\b(20\d\d)\b")


def claim_year(ctx: Context, claim) -> int | None:
    """The claim's year: read by the reader, else the last year its sentence names, else the plan year."""
    if claim.year:
        return int(claim.year)
    years = _YEAR.findall(claim.text or "")
    return int(years[-1]) if years else plan_year(ctx)


def _claim_order(ctx: Context, claim) -> tuple[int, int, int]:
    from reconcile.read.model import column_index

    names = [s.name for s in ctx.workbook.sheets]
    sheet = names.index(claim.sheet) if claim.sheet in names else len(names)
    letters = "".join(ch for ch in claim.cell if ch.isalpha())
    digits = "".join(ch for ch in claim.cell if ch.isdigit())
    return sheet, int(digits or 0), column_index(letters) if letters else 0


def _ref(sheet: str, cell: str) -> str:
    return f"{quote_sheet(sheet)}!{cell}"


def level_counts(table) -> dict[str, int]:
    tally = _level_tally(table)
    return {lvl: int(tally.get(lvl, 0)) for lvl in ITEM_LEVELS}


def _level_tally(table) -> Counter:
    """Rows per level of a table, counted once (the claims rules ask for every claim and
    table; the frame does not change after reading)."""
    tally = table.__dict__.get("_claims_level_tally")
    if tally is None:
        tally = table.__dict__["_claims_level_tally"] = Counter(table.column("level").values())
    return tally


def _pagu_fields(table, year: int | None, year0: int | None) -> list[str]:
    out = []
    for fld in sorted(table.fields_of_type("money"), key=lambda x: table.columns[x]):
        if base_field(fld) != "pagu" or "#" in fld:
            continue
        fy = field_year(fld)
        if fy == year or (fy is None and (year is None or year == year0)):
            out.append(fld)
    # a review table: the agency's side (analisis) before the RKPD side
    out.sort(key=lambda x: (0 if not x.startswith("rkpd.") else 1))
    return out


def reference_table(ctx: Context, year: int | None, kinds: list[str]):
    """The main plan table for counts: the first configured kind that has item rows (other kinds
    than `rincian` only with a pagu of that year); among those, the one whose pagu covers `year`, then the most sub kegiatan (kegiatan, program)
    rows, then the most money columns (Tabel 4.1 adds the year after), then the later table."""
    year0 = plan_year(ctx)
    for kind in kinds:
        cands = []
        for i, t in enumerate(ctx.workbook.tables):
            if t.kind != kind:
                continue
            c = level_counts(t)
            if not any(c.values()):
                continue
            covers = bool(_pagu_fields(t, year, year0))
            if not covers and t.kind != "rincian":
                continue  # a list without the pagu of that year is not "the plan"
            n_money = len(t.fields_of_type("money"))  # Tabel 4.1 (with the year after) over Tabel 3.2
            cands.append(((covers, c["sub_kegiatan"], c["kegiatan"], c["program"], n_money, i), t))
        if cands:
            return max(cands, key=lambda x: x[0])[1]
    return None


def count_tables(ctx: Context, year: int | None, kinds: list[str]) -> list:
    """Every table of `kinds` that could hold the plan's counts for `year` (as `reference_table`
    chooses among: item rows, and a pagu of that year unless it is a `rincian` table)."""
    year0 = plan_year(ctx)
    return [t for t in ctx.workbook.tables if t.kind in kinds and any(level_counts(t).values())
            and (t.kind == "rincian" or _pagu_fields(t, year, year0))]


def reference_money(ctx: Context, year: int | None, kinds: list[str]):
    """(table, pagu field) holding the pagu of `year`: the first configured kind that has one;
    a table with a declared total row first, then the most sub kegiatan, then the later one."""
    year0 = plan_year(ctx)
    for kind in kinds:
        cands = []
        for i, t in enumerate(ctx.workbook.tables):
            if t.kind != kind:
                continue
            fields = _pagu_fields(t, year, year0)
            if not fields:
                continue
            fld = fields[0]
            has_total = _level_tally(t).get("total", 0) > 0
            cands.append(((has_total, level_counts(t)["sub_kegiatan"], len(t.fields_of_type("money")), i), t, fld))
        if cands:
            best = max(cands, key=lambda x: x[0])
            return best[1], best[2]
    return None, None


def money_totals(ctx: Context, year: int | None, kinds: list[str]) -> list[tuple[Any, str, float, str, str | None]]:
    """Every table of `kinds` holding the pagu of `year`, with its total: (table, field, total,
    "declared" | "sum", cell of the total row), in workbook order."""
    year0 = plan_year(ctx)
    out = []
    for t in ctx.workbook.tables:
        if t.kind not in kinds:
            continue
        fields = _pagu_fields(t, year, year0)
        if not fields:
            continue
        total, how, cell = table_total(t, fields[0])
        if total is not None:
            out.append((t, fields[0], total, how, cell))
    return out


def same_plan(ctx: Context, a, b, min_overlap: float) -> bool:
    """Two tables list the same plan: they share at least `min_overlap` of their programs (and
    of their sub kegiatan, when both list any) — a partial table totals less by design."""
    from reconcile.checks.matching import get_matching

    m = get_matching(ctx)
    sa, sb = m.source(a), m.source(b)
    if sa is None or sb is None:
        return False
    levels = [lvl for lvl in ("program", "sub_kegiatan") if m.entities_at(sa, lvl) and m.entities_at(sb, lvl)]
    return bool(levels) and all(m.overlap(sa, sb, lvl) >= min_overlap for lvl in levels)


def table_total(table, fld: str) -> tuple[float | None, str, str | None]:
    """(total, "declared" | "sum", cell of the total row): the last total row with a readable
    amount, else the sum of the programs (a program without a readable amount counts as the sum
    of the rows under it)."""
    f = table.frame
    status = f.get(f"{fld}__status")
    levels = f["level"]
    total_rows = [int(r) for r in f.index[levels == "total"]]
    value_of = table.column(fld)
    status_of = table.column(f"{fld}__status") if status is not None else None
    for row in reversed(total_rows):
        v = value_of[row]
        if v == v and v is not None and (status_of is None or status_of[row] == "ok"):
            return float(v), "declared", table.cell(fld, row)
    level_of = dict(zip((int(r) for r in f.index), levels))
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for row, level, parent in zip((int(r) for r in f.index), levels, f["parent"]):
        if level not in ITEM_LEVELS:
            continue
        parent = int(parent or 0)
        if level_of.get(parent) in ITEM_LEVELS:
            children.setdefault(parent, []).append(row)
        else:
            roots.append(row)

    def amount(row: int) -> float | None:
        v = value_of[row]
        ok = v == v and v is not None and (status_of is None or status_of[row] in ("ok", "ambiguous"))
        if ok:
            return float(v)
        parts = [amount(c) for c in children.get(row, [])]
        parts = [p for p in parts if p is not None]
        return float(sum(parts)) if parts else None

    parts = [amount(r) for r in roots]
    parts = [p for p in parts if p is not None]
    return (float(sum(parts)) if parts else None), "sum", None


def total_cells(table, fld: str, cell: str | None, limit: int = 5) -> list[str]:
    """Where a table's total is read: its total row, else the pagu cells of its programs (the
    first `limit`)."""
    if cell:
        return [_ref(table.sheet, cell)]
    rows = [int(r) for r in table.frame.index[table.frame["level"] == "program"]][:limit]
    return [_ref(table.sheet, table.cell(fld, r)) for r in rows]


def _written_amount(claim) -> str:
    """The amount as the sentence writes it ("Rp. 4.704.246.00")."""
    num = claim.number
    raw = str(claim.value) if not isinstance(claim.value, (int, float)) else ""
    if num is not None and num.raw:
        raw = re.sub(r"^\s*(?:Rp\.?|IDR)\s*", "", num.raw, flags=re.I)
    if raw:
        m = re.search(r"((?:Rp\.?|IDR)\s*)" + re.escape(raw), claim.text or "", re.I)
        if m:
            return m.group(0)
        return "Rp " + raw
    return str(claim.value)


def missing_from(m: Matching, ref: Source, level: str, min_overlap: float) -> list[tuple[Entity, Source, int]]:
    """Items at `level` that another source (a table or a narrative list sharing at least
    `min_overlap` of its items with `ref`) lists and `ref` does not."""
    comparable = [s for s in m.sources if s is not ref and m.overlap(s, ref, level) >= min_overlap]
    out = []
    seen: set[int] = set()
    for src in comparable:
        for eid in sorted(m.entities_at(src, level)):
            ent = m.entities[eid]
            if eid in seen or ent.has(ref.index) or m.has_key(ref, ent.keys):
                continue
            seen.add(eid)
            out.append((ent, src, ent.row_in(src.index)))
    return out


def only_in(m: Matching, a: Source, b: Source, level: str) -> list[tuple[Entity, Source, int]]:
    """Items at `level` that table `a` lists and table `b` does not, in `a`'s row order."""
    out = []
    for eid in m.entities_at(a, level) - m.entities_at(b, level):
        ent = m.entities[eid]
        row = ent.row_in(a.index)
        if row is not None and not m.has_key(b, ent.keys):
            out.append((ent, a, row))
    return sorted(out, key=lambda x: x[2])


def count_difference(ctx: Context, level: str, one, one_count: int, two, two_count: int, max_named: int):
    """(related cells, message tail) for two tables counting `level` differently: the items the
    longer list has and the shorter lacks — " Sub kegiatan yang ada di Tabel 3.2 tetapi tidak ada
    di Tabel 4.1: 'X' ('Tabel 3.2'!B12)." — in both languages (empty when none is found)."""
    from reconcile.checks.base import short
    from reconcile.checks.matching import get_matching, level_words, table_label
    from reconcile.findings import Words

    m = get_matching(ctx)
    big, small = (one, two) if one_count > two_count else (two, one)
    a, b = m.source(big), m.source(small)
    items = only_in(m, a, b, level) if a and b else []
    if not items:
        return [], Words("", "")
    named = items[:max_named]
    more = len(items) - len(named)
    names = ", ".join(f"'{short(m.display_name(e), 80)}' ({s.ref(r)})" for e, s, r in named)
    lvl = level_words(level)
    big_l, small_l = (Words(*table_label(t, ctx.workbook.tables)) for t in (big, small))
    return [s.ref(r) for _e, s, r in items], Words(
        f" {lvl.id.capitalize()} yang ada di {big_l.id} tetapi tidak ada di {small_l.id}: "
        f"{names}{f' dan {more} lainnya' if more else ''}.",
        f" The {lvl.en} in {big_l.en} but not in {small_l.en}: {names}{f' and {more} more' if more else ''}.")


@dataclass
class _ClaimValue:
    claim: Any
    value: Any  # int count or float amount
    shown: str


def _same(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(float(a) - float(b)) <= tol


def _insertion_row(m: Matching, src: Source, row: int, target: Source, limit: int = 500) -> int | None:
    """The row of `target` after which the item on `row` of `src` belongs: the nearest item
    above it in `src` that `target` also lists (None when there is none)."""
    rows = m.memo(("sorted_rows", src.index), lambda: sorted(src.rows))
    end = bisect_left(rows, row)  # rows[:end]: the rows above
    for r in reversed(rows[max(0, end - limit):end]):
        eid = m.entity_id(src, r)
        if eid is not None:
            hit = m.entities[eid].row_in(target.index)
            if hit is not None:
                return hit
    return None


def _where(ctx: Context, src: Source, row: int) -> str:
    if src.is_table:
        return f"{src.label(ctx)}, {src.ref(row)}"
    return ctx.t(f"narasi {src.ref(row)}", f"text {src.ref(row)}")


def _join(ctx: Context, labels: list[str]) -> str:
    seen: list[str] = []
    for lab in labels:
        if lab not in seen:
            seen.append(lab)
    if len(seen) <= 1:
        return seen[0] if seen else ""
    return ", ".join(seen[:-1]) + ctx.t(" dan ", " and ") + seen[-1]
