"""PAGU-SUM: Subtotal differs from the sum of the rows under it."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.findings import Money, Words
from reconcile.checks.subtotals.analysis import HIERARCHY_KINDS, _level_en, _level_id, _short, subtotal_rows


# the rows a subtotal of each level adds up
CHILDREN = {"kegiatan": ("sub kegiatannya", "its sub kegiatan"), "program": ("kegiatannya", "its kegiatan"),
            "urusan": ("programnya", "its programs"), "total": ("seluruh program", "all programs"),
            "subtotal": ("rincian yang ditutupnya", "the rows it closes")}


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
    options = {"tolerance": float}
    family = "subtotals"
    messages = {"differs": {
        "message": {
            "id": "{level} '{name}': {column} tertulis {declared}, padahal jumlah {children} ({n} baris) {computed} "
                  "(selisih {difference}). Perbaiki angka subtotal atau rincian yang salah; gunakan rumus =SUM "
                  "atas baris rinciannya.",
            "en": "{level} '{name}': {column} shows {declared}, but {children} ({n} rows) add up to {computed} "
                  "(difference {difference}). Fix the subtotal or the wrong detail row; use =SUM over the detail "
                  "rows."},
        "expected": {"id": "{computed}"},
        "actual": {"id": "{declared}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        tol = float(self.option("tolerance"))
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
                    children_word = CHILDREN[level]
                    yield self.say(
                        ctx, table.sheet, table.cell(field, row), "differs",
                        related=[str(table.ref(field, c)) for c in children],
                        level=Words(_level_id(level), _level_en(level)), name=_short(name),
                        column=table.header_paths[field], declared=Money(declared), computed=Money(computed),
                        difference=Money(abs(diff)), children=Words(*children_word), n=len(children))
