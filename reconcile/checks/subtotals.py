"""Subtotals: kegiatan = Σ sub kegiatan, program = Σ kegiatan, total = Σ programs."""
from __future__ import annotations

from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short

HIERARCHY_KINDS = ("rincian", "review_rkpd", "daftar", "evaluasi", "anggaran")
PARENT_LEVELS = ("kegiatan", "program", "urusan")  # rows that sum the rows under them
AMOUNT_GUESSES = ("previous kegiatan is complete", "exceeds")  # `level_by` of levels read from amounts


def subtotal_rows(table, field: str):
    """For each subtotal row of `field`: (row, declared, computed, child rows).

    `computed` adds each child's own value, or, where a child subtotal is empty, what that
    child's children add up to: an empty kegiatan row must not make its program look wrong
    (PAGU-MISSING reports the empty cell itself).

    Worked out once per table and field (PAGU-SUM and PAGU-MISSING both ask; the frame does
    not change after reading); read-only for the callers.
    """
    memo = table.__dict__.setdefault("_subtotal_rows", {})
    if field not in memo:
        memo[field] = _subtotal_rows(table, field)
    return memo[field]


def _subtotal_rows(table, field: str):
    f = table.frame
    status = f.get(f"{field}__status")
    values = f[field].astype("float64")
    usable = values.where(status != "uncached") if status is not None else values
    value_of = dict(zip(table.rows, usable.tolist()))
    levels = table.column("level")
    parent_of = table.column("parent")
    children, programs = _tree(table)

    # Levels worked out from the amounts themselves ("the previous kegiatan is complete", "it
    # exceeds the kegiatan's pagu") cannot then prove the amounts wrong: such rows are not compared.
    level_by = table.column("level_by")
    guessed = {r for r, by in level_by.items() if isinstance(by, str) and by.startswith(AMOUNT_GUESSES)}
    out = []
    for row, level in levels.items():
        if level == "total":
            kids = programs
        elif level == "subtotal":  # "Sub Total Program A": the rows of the item it closes
            kids = children.get(parent_of[row], [])
        elif level in PARENT_LEVELS:
            kids = children.get(row, [])
        else:
            continue
        if row in guessed or guessed.intersection(kids):
            continue
        vals = [_effective(k, value_of, children) for k in kids]
        known = [x for x in vals if x is not None]
        if not known:  # no children, or none with an amount
            continue
        out.append((row, value_of[row], float(sum(known)), kids))
    return out


def _effective(row: int, value_of: dict[int, float], children: dict[int, list[int]]) -> float | None:
    """A row's amount, or the sum of its children's where it has none. (A module function, not
    a closure calling itself: that would be a reference cycle, kept while the collector is
    paused during the check.)"""
    v = value_of[row]
    if v == v:  # not NaN
        return v
    kids = children.get(row)
    if not kids:
        return None
    vals = [x for x in (_effective(k, value_of, children) for k in kids) if x is not None]
    return sum(vals) if vals else None


def _tree(table) -> tuple[dict[int, list[int]], list[int]]:
    """(child rows of each row, program rows) of a table, shared by its money fields."""
    memo = table.__dict__.get("_subtotal_tree")
    if memo is None:
        parent_of = table.column("parent")
        children: dict[int, list[int]] = {}
        programs = []
        for row, level in table.column("level").items():
            parent = parent_of[row]
            if parent and level in ("program", "kegiatan", "sub_kegiatan"):
                children.setdefault(parent, []).append(row)
            if level == "program":
                programs.append(row)
        memo = table.__dict__["_subtotal_tree"] = (children, programs)
    return memo


class SubtotalSum(Rule):
    """A subtotal differs from the sum of the rows under it.

    Why it matters: the pagu of a kegiatan is the sum of its sub kegiatan, a program's the sum
    of its kegiatan, and the total the sum of the programs. A subtotal typed by hand, or a SUM
    formula that misses a row, makes the plan disagree with itself, and the RKPD takes the
    wrong figure.

    **Bad**: kegiatan A shows Rp 15.360.000 while its sub kegiatan hold 8.160.000 + 4.500.000 +
    2.700.000 = Rp 15.360.000 … but one of them was changed to 3.000.000 afterwards.

    **Good**: every subtotal equals the sum of the rows under it (a `=SUM()` over exactly
    those rows).
    """

    code = "PAGU-SUM"
    title = "Subtotal tidak sama dengan jumlah rincian di bawahnya"
    title_en = "Subtotal differs from the sum of the rows under it"
    severity = "error"
    family = "subtotals"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        tol = float(self.setting("tolerance", 1.0))
        for table in iter_tables(ctx, *HIERARCHY_KINDS):
            frame = table.frame
            for field in table.fields_of_type("money"):
                rows = subtotal_rows(table, field)
                if not rows:
                    continue
                sub = pd.DataFrame(
                    {"declared": [r[1] for r in rows], "computed": [r[2] for r in rows]},
                    index=[r[0] for r in rows],
                )
                sub = sub[sub["declared"].notna()]
                failing = failure_rows(sub, {"declared": pa.Check(
                    lambda s, c=sub["computed"]: (s - c.loc[s.index]).abs() <= tol,
                    error="subtotal == sum of children")})
                children_of = {r[0]: r[3] for r in rows}
                for row in failing.get("declared", []):
                    declared, computed = float(sub.at[row, "declared"]), float(sub.at[row, "computed"])
                    level = frame.at[row, "level"]
                    name = frame.at[row, "name"]
                    diff = declared - computed
                    children = children_of[row]
                    child_label = {"kegiatan": ("sub kegiatannya", "its sub kegiatan"),
                                   "program": ("kegiatannya", "its kegiatan"),
                                   "urusan": ("programnya", "its programs"),
                                   "total": ("seluruh program", "all programs"),
                                   "subtotal": ("rincian yang ditutupnya", "the rows it closes")}[level]
                    related = [str(table.ref(field, c)) for c in children]
                    yield self.finding(
                        ctx, table.sheet, table.cell(field, row),
                        f"{_level_id(level)} '{_short(name)}': {table.header_paths[field]} tertulis "
                        f"{ctx.money(declared)}, padahal jumlah {child_label[0]} ({len(children)} baris) "
                        f"{ctx.money(computed)} (selisih {ctx.money(abs(diff))}). Perbaiki angka subtotal "
                        f"atau rincian yang salah; gunakan rumus =SUM atas baris rinciannya.",
                        f"{_level_en(level)} '{_short(name)}': {table.header_paths[field]} shows "
                        f"{ctx.money(declared)}, but {child_label[1]} ({len(children)} rows) add up to "
                        f"{ctx.money(computed)} (difference {ctx.money(abs(diff))}). Fix the subtotal or the "
                        f"wrong detail row; use =SUM over the detail rows.",
                        expected=ctx.money(computed), actual=ctx.money(declared), related=related)


class SubtotalMissing(Rule):
    """A program or kegiatan row has no pagu while the rows under it do.

    Why it matters: a reader of the printed Renja cannot see the kegiatan's budget, and a
    total computed from the subtotals silently leaves it out.

    **Bad**: "N Pelayanan Antar Kerja di Daerah Kabupaten/Kota" with an empty pagu cell above
    five sub kegiatan worth Rp 93.000.000.

    **Good**: the kegiatan row shows Rp 93.000.000 (=SUM of its sub kegiatan).
    """

    code = "PAGU-MISSING"
    title = "Subtotal kosong padahal rinciannya berisi"
    title_en = "Subtotal empty while the rows under it hold amounts"
    severity = "warning"
    family = "subtotals"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table in iter_tables(ctx, *HIERARCHY_KINDS):
            level_of = table.column("level")
            for field in table.fields_of_type("money"):
                status_col = f"{field}__status"
                status = table.column(status_col) if status_col in table.frame.columns else None
                for row, declared, computed, children in subtotal_rows(table, field):
                    level = level_of[row]
                    if level not in ("program", "kegiatan"):
                        continue  # an urusan heading row often carries no amount
                    if declared == declared or (status is not None and status[row] != "empty"):
                        continue  # has a value, or is unreadable (another rule says so)
                    name = table.frame.at[row, "name"]
                    yield self.finding(
                        ctx, table.sheet, table.cell(field, row),
                        f"{_level_id(level)} '{_short(name)}': {table.header_paths[field]} kosong, "
                        f"padahal rinciannya berjumlah {ctx.money(computed)}. Isi dengan =SUM atas rinciannya.",
                        f"{_level_en(level)} '{_short(name)}': {table.header_paths[field]} is empty, but "
                        f"the rows under it add up to {ctx.money(computed)}. Fill it with =SUM over them.",
                        expected=ctx.money(computed), actual="",
                        related=[str(table.ref(field, c)) for c in children])


_LEVEL_NAMES = {"kegiatan": "Kegiatan", "program": "Program", "urusan": "Urusan", "total": "Total",
                "subtotal": "Subtotal", "sub_kegiatan": "Sub kegiatan"}  # the same in both languages


def _level_id(level: str) -> str:
    return _LEVEL_NAMES.get(level, "Baris")


def _level_en(level: str) -> str:
    return _LEVEL_NAMES.get(level, "Row")


def _short(text: Any, n: int = 60) -> str:
    return short(text, n)


RULES = [SubtotalSum, SubtotalMissing]
