"""CLAIM-STALE: A total or count in the text matches one plan table, another table of that year differs."""
from __future__ import annotations

from typing import Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.claims.analysis import (
    COUNT_LEVEL,
    _written_amount,
    claim_year,
    count_difference,
    count_tables,
    level_counts,
    money_totals,
    reference_money,
    reference_table,
    same_plan,
    table_total,
    total_cells,
)
from reconcile.checks.claims.claim_total import _how
from reconcile.checks.matching import level_words, table_label
from reconcile.findings import Money, Words


class ClaimStale(Rule):
    """The narrative's total pagu (or count of program, kegiatan, sub kegiatan) equals the main
    plan table's, but another table of the same plan and year totals (or counts) differently.

    Why it matters: a Renja carries the same plan in several tables (Tabel 3.2, Tabel 4.1, the
    agency's side of Tabel 2.6). When the text agrees with one of them and another differs, one
    table was edited after the text was written — or the text copies the older table. The text
    alone cannot tell which table is right, so this is a warning placed at the sentence, with both
    tables' totals (for a count: the items one table has and the other lacks) as related cells.
    (When the text matches no table, or matches a table other than the main plan table,
    CLAIM-TOTAL or CLAIM-COUNT reports it.) Only tables that list the same programs (and sub
    kegiatan) are compared: a partial table totals less by design.

    **Bad**: "Total pagu … tahun 2024 adalah sebesar Rp 50.000.000" — Tabel 4.1 totals
    Rp 50.000.000, Tabel 3.2 (the same programs) Rp 55.000.000.

    **Good**: the text and every plan table of 2024 total Rp 50.000.000.
    """

    code = "CLAIM-STALE"
    title = "Total/jumlah di narasi sesuai satu tabel, tetapi tabel lain berbeda"
    title_en = "A total or count in the text matches one table, another table differs"
    severity = "warning"
    family = "claims"
    options = {"reference_kinds": list, "kinds": list, "count_kinds": list, "min_overlap": float, "tolerance": float,
               "max_named": int}
    messages = {"total": {
        "message": {
            "id": "Total pagu{year} di narasi {written} sesuai total {label} ({how}), tetapi {other} ({other_how}) "
                  "berjumlah {other_total} (selisih {difference}): salah satu tabel diubah setelah narasi ditulis "
                  "(atau narasi menyalin tabel yang lama). Periksa tabel mana yang benar, lalu samakan narasi dan "
                  "kedua tabel.",
            "en": "The text's total pagu{year} '{written}' matches the total of {label} ({how}), but {other} "
                  "({other_how}) totals {other_total} (difference {difference}): one table was edited after the "
                  "text was written (or the text copies the older table). Check which table is right, then make the "
                  "text and both tables agree."},
        "expected": {"id": "{other_total}"}, "actual": {"id": "{written}"}},
        "count": {
            "message": {
                "id": "Narasi menyebut {claimed} {level}, sesuai {label}, tetapi {other} memuat {counted} {level}: "
                      "salah satu tabel diubah setelah narasi ditulis (atau narasi menyalin tabel yang lama).{extra} "
                      "Periksa tabel mana yang benar, lalu samakan narasi dan kedua tabel.",
                "en": "The text states {claimed} {level}, as {label} holds, but {other} holds {counted}: one table "
                      "was edited after the text was written (or the text copies the older table).{extra} Check "
                      "which table is right, then make the text and both tables agree."},
            "expected": {"id": "{counted}"}, "actual": {"id": "{claimed}"}},
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from self._totals(ctx)
        yield from self._counts(ctx)

    def _totals(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        ref_kinds = list(self.option("reference_kinds"))
        kinds = list(self.option("kinds"))
        min_overlap = float(self.option("min_overlap"))
        tol = float(self.option("tolerance"))
        rows = []
        for claim in ctx.workbook.claims:
            num = claim.number
            if claim.kind != "total_pagu" or num is None or num.status != "ok" or num.value is None:
                continue
            year = claim_year(ctx, claim)
            table, fld = reference_money(ctx, year, ref_kinds)
            if table is None:
                continue
            total, how, cell = table_total(table, fld)
            if total is None or abs(float(num.value) - total) > tol:
                continue  # the text disagrees with the main table: CLAIM-TOTAL's finding
            for other in money_totals(ctx, year, kinds):
                if other[0] is not table and same_plan(ctx, table, other[0], min_overlap):
                    rows.append(dict(claim=claim, year=year, table=table, fld=fld, how=how, cell=cell,
                                     claimed=float(num.value), other=other))
        if not rows:
            return
        frame = pd.DataFrame({"claimed": [r["claimed"] for r in rows], "other": [r["other"][2] for r in rows]})
        same = pa.Check(lambda s: (s - frame.loc[s.index, "claimed"]).abs() <= tol,
                        error="every plan table of the year totals the text's amount")
        failing = failure_rows(frame, {"other": same})
        seen: set[int] = set()
        for i in failing.get("other", []):
            r = rows[i]
            claim = r["claim"]
            if id(claim) in seen:
                continue  # one finding per sentence: the first table that differs
            seen.add(id(claim))
            o_table, o_fld, o_total, o_how, o_cell = r["other"]
            yield self.say(ctx, claim.sheet, claim.cell, "total",
                           related=total_cells(r["table"], r["fld"], r["cell"]) + total_cells(o_table, o_fld, o_cell),
                           year=Words(f" tahun {r['year']}", f" for {r['year']}") if r["year"] else "",
                           written=_written_amount(claim), label=Words(*table_label(r["table"], ctx.workbook.tables)),
                           how=_how(r["how"]), other=Words(*table_label(o_table, ctx.workbook.tables)),
                           other_how=_how(o_how), other_total=Money(o_total),
                           difference=Money(abs(o_total - r["claimed"])))

    def _counts(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        kinds = list(self.option("count_kinds"))
        min_overlap = float(self.option("min_overlap"))
        rows = []
        for claim in ctx.workbook.claims:
            level = COUNT_LEVEL.get(claim.kind)
            if level is None or not isinstance(claim.value, int):
                continue
            year = claim_year(ctx, claim)
            table = reference_table(ctx, year, kinds)
            if table is None or level_counts(table)[level] != claim.value:
                continue  # the text disagrees with the main table: CLAIM-COUNT's finding
            for other in count_tables(ctx, year, kinds):
                if other is not table and same_plan(ctx, table, other, min_overlap):
                    rows.append((claim, level, table, other, level_counts(other)[level]))
        if not rows:
            return
        frame = pd.DataFrame({"claimed": [r[0].value for r in rows], "other": [r[4] for r in rows]})
        failing = failure_rows(frame, {"other": pa.Check(lambda s: s == frame.loc[s.index, "claimed"],
                                                         error="every plan table of the year counts as the text")})
        seen: set[int] = set()
        for i in failing.get("other", []):
            claim, level, table, other, counted = rows[i]
            if id(claim) in seen:
                continue
            seen.add(id(claim))
            related, extra = count_difference(ctx, level, table, claim.value, other, counted,
                                              int(self.option("max_named")))
            yield self.say(ctx, claim.sheet, claim.cell, "count", related=related, claimed=claim.value,
                           level=level_words(level), counted=counted, extra=extra,
                           label=Words(*table_label(table, ctx.workbook.tables)),
                           other=Words(*table_label(other, ctx.workbook.tables)))
