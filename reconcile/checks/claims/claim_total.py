"""CLAIM-TOTAL: Total pagu stated in the text differs from the table total."""
from __future__ import annotations

import math
from typing import Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.claims.analysis import (
    _ref,
    _written_amount,
    claim_year,
    money_totals,
    reference_money,
    table_total,
    total_cells,
)
from reconcile.checks.matching import table_label
from reconcile.findings import Money, Words


class ClaimTotal(Rule):
    """The total pagu stated in the narrative differs from the table's total.

    Why it matters: the sentence "Total pagu anggaran … tahun 2024 adalah sebesar Rp …" is what
    readers quote. It must equal the plan table's total for that year (its total row, or the sum
    of its programs). An amount written wrongly — a group of two digits, a lost zero — is an error
    even when it was meant to be right: the message then says which reading matches the table.

    **Bad**: "Total pagu anggaran Dinas … untuk tahun 2024 adalah sebesar Rp. 4.704.246.00," while
    Tabel 4.1 totals Rp 4.704.246.000.

    **Good**: "… sebesar Rp 4.704.246.000,00."

    When the amount equals the total of another plan table of the same year (Tabel 3.2 while
    Tabel 4.1 differs), the message says so and names both tables' totals: one table was edited
    after the text was written, or the text copies the older table.
    """

    code = "CLAIM-TOTAL"
    title = "Total pagu di narasi tidak sesuai total tabel"
    title_en = "Total pagu stated in the text differs from the table total"
    severity = "error"
    family = "claims"
    options = {"reference_kinds": list, "tolerance": float}
    messages = {
        "misprint": {
            "message": {
                "id": "Total pagu{year} di narasi tertulis {written} — kemungkinan maksudnya {match} (sesuai total "
                      "{label}, {how}). Perbaiki penulisan angkanya.",
                "en": "The total pagu{year} in the text is written {written} — probably meant {match} (the total of "
                      "{label}, {how}). Fix how the amount is written."},
            "expected": {"id": "{total}"}, "actual": {"id": "{written}"}},
        "malformed": {
            "message": {
                "id": "Total pagu{year} di narasi tertulis {written}: penulisan angka ini tidak lazim dan tidak sesuai "
                      "total {label} ({how}) {total}. Tulis ulang angkanya sesuai tabel.",
                "en": "The total pagu{year} in the text is written {written}: the amount is malformed and does not "
                      "match the total of {label} ({how}), {total}. Rewrite it from the table."},
            "expected": {"id": "{total}"}, "actual": {"id": "{written}"}},
        "differs": {  # the amount as written, quoted in English: its notation is not the message's
            "message": {
                "id": "Narasi menyebut total pagu{year} {written}, tetapi total {label} ({how}) {total} (selisih "
                      "{difference}). Samakan angka di narasi dengan tabel.",
                "en": "The text states a total pagu{year} of '{written}', but the total of {label} ({how}) is {total} "
                      "(difference {difference}). Make the text agree with the table."},
            "expected": {"id": "{total}"}, "actual": {"id": "{written}"}},
        "stale": {
            "message": {
                "id": "Narasi menyebut total pagu{year} {written}, sama dengan total {other} ({other_how}), tetapi "
                      "total {label} ({how}) {total} (selisih {difference}): salah satu tabel diubah setelah narasi "
                      "ditulis (atau narasi menyalin tabel yang lama). Periksa tabel mana yang benar, lalu samakan "
                      "narasi dan kedua tabel.",
                "en": "The text states a total pagu{year} of '{written}', which matches the total of {other} "
                      "({other_how}), but the total of {label} ({how}) is {total} (difference {difference}): one "
                      "table was edited after the text was written (or the text copies the older table). Check which "
                      "table is right, then make the text and both tables agree."},
            "expected": {"id": "{total}"}, "actual": {"id": "{written}"}},
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.read.numbers import parse_number

        kinds = list(self.option("reference_kinds"))
        tol = float(self.option("tolerance"))
        rows = []
        for claim in ctx.workbook.claims:
            if claim.kind != "total_pagu":
                continue
            year = claim_year(ctx, claim)
            table, fld = reference_money(ctx, year, kinds)
            if table is None:
                continue
            total, how, total_cell = table_total(table, fld)
            if total is None:
                continue
            num = claim.number if claim.number is not None else parse_number(
                claim.value if isinstance(claim.value, (int, float)) else "Rp " + str(claim.value))
            readable = num.status in ("ok", "ambiguous") and num.value is not None
            rows.append(dict(claim=claim, year=year, table=table, fld=fld, total=total, how=how,
                             total_cell=total_cell, num=num,
                             claimed=float(num.value) if readable else math.nan))
        if not rows:
            return
        frame = pd.DataFrame({"claimed": [r["claimed"] for r in rows], "total": [r["total"] for r in rows],
                              "readable": [r["claimed"] == r["claimed"] for r in rows]})
        failing = failure_rows(frame, {
            "claimed": pa.Check(lambda s: (s - frame.loc[s.index, "total"]).abs() <= tol,
                                error="total in the text == table total"),
            "readable": pa.Check(lambda s: s.astype(bool), error="the amount is written correctly")})
        for i in sorted(set(failing.get("claimed", [])) | set(failing.get("readable", []))):
            r = rows[i]
            claim, table, total, num = r["claim"], r["table"], r["total"], r["num"]
            args = dict(label=Words(*table_label(table, ctx.workbook.tables)), written=_written_amount(claim),
                        how=_how(r["how"]),
                        year=Words(f" tahun {r['year']}", f" for {r['year']}") if r["year"] else "",
                        total=Money(total))
            related = [_ref(table.sheet, r["total_cell"])] if r["total_cell"] else []
            match = next((c for c in (num.candidates or ()) if abs(c - total) <= tol), None)
            if num.status not in ("ok", "ambiguous") and match is not None:
                yield self.say(ctx, claim.sheet, claim.cell, "misprint", related=related, match=Money(match), **args)
            elif num.status not in ("ok", "ambiguous"):
                yield self.say(ctx, claim.sheet, claim.cell, "malformed", related=related, **args)
            else:
                other = next((o for o in money_totals(ctx, r["year"], kinds)
                              if o[0] is not table and abs(o[2] - num.value) <= tol), None)
                if other is None:
                    yield self.say(ctx, claim.sheet, claim.cell, "differs", related=related,
                                   difference=Money(abs(num.value - total)), **args)
                    continue
                o_table, o_fld, _o_total, o_how, o_cell = other
                related = total_cells(table, r["fld"], r["total_cell"]) + total_cells(o_table, o_fld, o_cell)
                yield self.say(ctx, claim.sheet, claim.cell, "stale", related=related,
                               difference=Money(abs(num.value - total)),
                               other=Words(*table_label(o_table, ctx.workbook.tables)), other_how=_how(o_how), **args)


def _how(how: str) -> Words:
    return Words("baris total", "total row") if how == "declared" else Words("jumlah pagu program",
                                                                               "sum of the programs' pagu")
