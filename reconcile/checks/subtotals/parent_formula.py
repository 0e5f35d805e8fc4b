"""PARENT-FORMULA: a parent's formula does not add exactly its children."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.subtotals.analysis import (AMOUNT_GUESSES, HIERARCHY_KINDS, _details, _level_en, _level_id, _short, _tree,
                                                 subtotal_rows)
from reconcile.checks.subtotals.formulas import added_cells
from reconcile.findings import Money, Words
from reconcile.read.model import column_index

ITEM_LEVELS = ("urusan", "program", "kegiatan", "sub_kegiatan", "detail")
PARENTS = ("urusan", "program", "kegiatan", "total", "subtotal")
SHOWN_ROWS = 6  # rows named in a message; the rest counted


class ParentFormula(Rule):
    """A parent's formula does not add exactly the rows under it.

    Why it matters: a kegiatan's `=SUM()` that stops one row short of its last sub kegiatan,
    runs into the next kegiatan, or adds a row of another program, is a fault waiting: the
    figure may be right today (the row left out is still empty, two errors cancel), and goes
    wrong as soon as someone fills a row in, with nothing on the sheet to show it. A program
    that adds a sibling's rows makes the grand total count them twice. A formula that adds a
    percentage cell to rupiah gives an amount that means nothing.

    **Bad**: kegiatan A (row 12) `=SUM(J13:J15)` while its sub kegiatan are rows 13 to 16
    (row 16 still Rp 0); program I `=J12+J18+J20` where J20 belongs to program II.

    **Good**: `=SUM(J13:J16)` over exactly its sub kegiatan; a program adding exactly its
    kegiatan rows (or exactly all their sub kegiatan).
    """

    code = "PARENT-FORMULA"
    title = "Rumus induk tidak menjumlahkan tepat rincian di bawahnya"
    title_en = "A parent's formula does not add exactly the rows under it"
    severity = "error"
    family = "subtotals"
    options = {"latent_severity": str}
    messages = {
        "rows": {
            "message": {
                "id": "{level} '{name}': rumus ={formula} {problems}. {effect} Perbaiki rumusnya agar menjumlahkan "
                      "tepat baris rinciannya.",
                "en": "{level} '{name}': formula ={formula} {problems}. {effect} Fix the formula so that it adds "
                      "exactly its detail rows."},
            "expected": {"id": "{expected}"},
            "actual": {"id": "={formula}"},
        },
        "percent": {
            "message": {
                "id": "{level} '{name}': rumus ={formula} menambahkan sel persentase {pct_cell} ({pct_column}) ke "
                      "jumlah rupiah. Hapus sel persentase itu dari rumus.",
                "en": "{level} '{name}': formula ={formula} adds the percentage cell {pct_cell} ({pct_column}) to "
                      "an amount in rupiah. Remove the percentage cell from the formula."},
            "expected": {"id": "{expected}"},
            "actual": {"id": "={formula}"},
        },
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        tolerance = float(ctx.config.rule_settings("PAGU-SUM", "subtotals").get("tolerance", 1))
        for table in iter_tables(ctx, *HIERARCHY_KINDS):
            fields = [f for f in table.fields_of_type("money") if f"{f}__formula" in table.frame.columns]
            if not fields:
                continue
            percent_cols = {column_index(table.columns[f]): f for f in table.fields_of_type("percent")}
            for field in fields:
                yield from self._field(ctx, table, field, percent_cols, tolerance)

    def _field(self, ctx, table, field, percent_cols, tolerance) -> Iterable[Finding]:
        col = column_index(table.columns[field])
        levels, names = table.column("level"), table.column("name")
        values = table.column(field)
        # PAGU-SUM already reports a parent whose value differs from its children's: one fault,
        # one finding (PAGU-SUM's, which names the children); this rule speaks where it cannot.
        pagu_sum = {r[0] for r in subtotal_rows(table, field)
                    if r[1] == r[1] and abs(r[1] - r[2]) > tolerance}
        for row, formula in table.column(f"{field}__formula").items():
            if not formula:
                continue
            cells = added_cells(formula)
            if cells is None:
                continue
            level = levels[row]
            label = dict(level=Words(_level_id(level), _level_en(level)), name=_short(names.get(row, "")),
                         formula=formula)
            pct = next(((r, c) for r, c in cells if c in percent_cols and c != col), None)
            if pct is not None:
                own = [(r, c) for r, c in cells if c not in percent_cols]
                expected = "=" + "+".join(f"{table.columns[field]}{r}" for r, _ in own) if own else ""
                pct_field = percent_cols[pct[1]]
                yield self.say(ctx, table.sheet, table.cell(field, row), "percent",
                               related=[str(table.ref(pct_field, pct[0]))], pct_cell=table.cell(pct_field, pct[0]),
                               pct_column=table.header_paths.get(pct_field, pct_field), expected=expected, **label)
                continue
            if level not in PARENTS or any(c != col for _, c in cells) or row in pagu_sum:
                continue
            found = self._compare(table, field, row, [r for r, _ in cells], values, levels)
            if found is None:
                continue
            missing, extra, twice, expected_rows = found
            if not (missing or extra or twice):
                continue
            amounts = [values.get(r) for r in (*missing, *extra, *twice)]
            live = any(isinstance(v, (int, float)) and v == v and v != 0 for v in amounts)
            letter = table.columns[field]
            problems, effect = _describe(letter, missing, extra, twice, live)
            yield self.say(
                ctx, table.sheet, table.cell(field, row), "rows",
                severity=None if live else self.option("latent_severity"),
                related=[str(table.ref(field, r)) for r in (*missing, *extra, *twice)][:20],
                problems=problems, effect=effect, expected=_ranges(letter, expected_rows), **label)

    def _compare(self, table, field, row, refs, values, levels):
        """(missing, extra, twice, expected rows) of a parent's added rows against its
        children's; None when a row added cannot be placed with certainty."""
        children, programs = _tree(table)
        details = table.__dict__.get("_parent_formula_details")
        if details is None:  # once per table: the rows continuing each item
            details = table.__dict__["_parent_formula_details"] = _details(table)
        parent_of = table.column("parent")
        level = levels[row]
        if level == "total":
            tops = programs
        elif level == "subtotal":
            tops = children.get(parent_of.get(row, 0), [])
        else:
            tops = children.get(row, [])
        if not tops:
            return None
        expected = Counter(a for t in tops for a in _atoms(t, children, details))
        covered: Counter = Counter()
        for r in refs:
            lv = levels.get(r)
            v = values.get(r)
            empty = not (isinstance(v, (int, float)) and v == v and v != 0)
            if lv is None or r == row:
                if lv is None and not empty:
                    return None
                if r == row:
                    return None  # a circular reference: Excel says so itself
                continue
            if lv not in ITEM_LEVELS:
                if empty:
                    continue
                return None  # a total or an unplaced row with an amount: not certain
            # an item with rows under it stands for them; a lowest item's own cell for itself
            # (the rows continuing it are added apart, as PAGU-SUM adds them)
            covered.update(_atoms(r, children, details) if children.get(r) else (r,))
        level_by = table.column("level_by")
        if any(isinstance(level_by.get(r), str) and level_by[r].startswith(AMOUNT_GUESSES)
               for r in (row, *tops, *refs, *expected, *covered)):
            return None  # levels read from the amounts cannot prove a formula wrong (as PAGU-SUM)
        missing = sorted(a for a in expected if a not in covered)
        extra = sorted(a for a in covered if a not in expected)
        twice = sorted(a for a, n in covered.items() if n > 1 and a in expected)
        # Only the rows that change the figure, or would change it once filled: an empty row
        # added or a row between items (a blank line in the range) is harmless.
        extra = [a for a in extra if levels.get(a) in ITEM_LEVELS]
        return missing, extra, twice, sorted(tops)


def _atoms(row: int, children: dict, details: dict) -> list[int]:
    """The lowest rows a row stands for: its leaves and the rows continuing them. (A module
    function, not a closure calling itself: that would be a cycle kept while the collector is
    paused.)"""
    kids = children.get(row)
    if not kids:
        return [row, *details.get(row, ())]
    return [a for k in kids for a in _atoms(k, children, details)]


def _describe(letter: str, missing, extra, twice, live: bool) -> tuple[Words, Words]:
    parts_id, parts_en = [], []
    if missing:
        parts_id.append(f"tidak menjumlahkan {_cells(letter, missing)} (rincian di bawahnya)")
        parts_en.append(f"leaves out {_cells(letter, missing)} (rows under it)")
    if extra:
        parts_id.append(f"ikut menjumlahkan {_cells(letter, extra)} (milik induk lain)")
        parts_en.append(f"also adds {_cells(letter, extra)} (rows of another parent)")
    if twice:
        parts_id.append(f"menjumlahkan {_cells(letter, twice)} dua kali")
        parts_en.append(f"adds {_cells(letter, twice)} twice")
    if live:
        effect = Words("Angkanya salah atau hanya kebetulan benar.", "Its figure is wrong or right only by chance.")
    else:
        effect = Words("Angkanya benar hari ini karena baris itu masih kosong/nol, tetapi akan salah begitu diisi.",
                       "Its figure is right today only because those rows are empty or zero; it goes wrong once "
                       "they are filled.")
    return Words("; ".join(parts_id), "; ".join(parts_en)), effect


def _cells(letter: str, rows: list[int]) -> str:
    shown = ", ".join(f"{letter}{r}" for r in rows[:SHOWN_ROWS])
    return shown + (f" (+{len(rows) - SHOWN_ROWS})" if len(rows) > SHOWN_ROWS else "")


def _ranges(letter: str, rows: list[int]) -> str:
    """=J13+J14+J15 as =SUM(J13:J15) where the rows follow each other."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    if len(runs) == 1 and len(runs[0]) > 1:
        return f"=SUM({letter}{runs[0][0]}:{letter}{runs[0][-1]})"
    return "=" + "+".join(f"{letter}{run[0]}" if len(run) == 1 else f"SUM({letter}{run[0]}:{letter}{run[-1]})"
                          for run in runs)
