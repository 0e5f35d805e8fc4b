"""CLAIM-COUNT: Count stated in the text differs from the plan table."""
from __future__ import annotations

from typing import Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, short
from reconcile.checks.claims.analysis import (
    COUNT_LEVEL,
    _where,
    claim_year,
    count_difference,
    count_tables,
    level_counts,
    missing_from,
    reference_table,
    same_plan,
)
from reconcile.checks.matching import get_matching, in_langs, level_words, table_label
from reconcile.findings import Words


class ClaimCount(Rule):
    """A count stated in the narrative differs from what the plan table holds.

    Why it matters: "5 program, 19 kegiatan dan 53 sub kegiatan" in BAB III/IV is read by
    Bappeda and the DPRD as the size of the plan; when it disagrees with Tabel 4.1 either the
    text is stale or an item fell out of the table. The count is compared with the main plan
    table (a `rincian` table whose pagu covers the sentence's year, the one with the most sub
    kegiatan rows); when the text counts more, the items that other tables or the narrative's own
    list name but the main table lacks are named in the message.

    **Bad**: "… sebanyak 5 program dan 19 kegiatan yang dijabarkan kedalam sebanyak 54 sub
    kegiatan" while Tabel 4.1 has 53 sub kegiatan rows (the list in section 3.2 still has
    "Penyediaan bahan bacaan dan peraturan perundang-undangan").

    **Good**: "… 5 program, 19 kegiatan, dan 53 sub kegiatan", as many as Tabel 4.1 lists.

    When the count equals that of another plan table of the same plan and year (Tabel 3.2 still
    has 54 rows), the message says so and names the items one table has and the other lacks: one
    table was edited after the text was written, or the text copies the older table.
    """

    code = "CLAIM-COUNT"
    title = "Jumlah program/kegiatan/sub kegiatan di narasi tidak sesuai tabel"
    title_en = "Count stated in the text differs from the plan table"
    severity = "error"
    family = "claims"
    options = {"reference_kinds": list, "min_overlap": float, "max_named": int, "same_plan_overlap": float}
    messages = {"count": {
        "message": {
            "id": "Narasi menyebut {claimed} {level}, tetapi {label} memuat {counted} {level}.{extra} Samakan angka "
                  "di narasi dengan tabel, atau lengkapi tabel bila ada {level} yang terlewat.",
            "en": "The text states {claimed} {level}, but {label} holds {counted}.{extra} Make the text agree with "
                  "the table, or add the {level} the table is missing."},
        "expected": {"id": "{counted}"},
        "actual": {"id": "{claimed}"},
    }, "stale": {
        "message": {
            "id": "Narasi menyebut {claimed} {level}, sama dengan {other}, tetapi {label} memuat {counted} {level}: "
                  "salah satu tabel diubah setelah narasi ditulis (atau narasi menyalin tabel yang lama).{extra} "
                  "Periksa tabel mana yang benar, lalu samakan narasi dan kedua tabel.",
            "en": "The text states {claimed} {level}, as {other} holds, but {label} holds {counted}: one table was "
                  "edited after the text was written (or the text copies the older table).{extra} Check which table "
                  "is right, then make the text and both tables agree."},
        "expected": {"id": "{counted}"},
        "actual": {"id": "{claimed}"},
    }}

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        kinds = list(self.option("reference_kinds"))
        min_overlap = float(self.option("min_overlap"))
        max_named = int(self.option("max_named"))
        rows = []
        for claim in ctx.workbook.claims:
            level = COUNT_LEVEL.get(claim.kind)
            if level is None or not isinstance(claim.value, int):
                continue
            table = reference_table(ctx, claim_year(ctx, claim), kinds)
            if table is None:
                continue
            rows.append((claim, level, table, level_counts(table)[level]))
        if not rows:
            return
        frame = pd.DataFrame({"claimed": [r[0].value for r in rows], "counted": [r[3] for r in rows]})
        failing = failure_rows(frame, {"claimed": pa.Check(lambda s: s == frame.loc[s.index, "counted"],
                                                           error="count in the text == rows in the table")})
        m = None
        same = float(self.option("same_plan_overlap"))
        for i in failing.get("claimed", []):
            claim, level, table, counted = rows[i]
            label = Words(*table_label(table, ctx.workbook.tables))
            extra = Words("", "")
            related: list[str] = []
            other = next((t for t in count_tables(ctx, claim_year(ctx, claim), kinds) if t is not table
                          and level_counts(t)[level] == claim.value and same_plan(ctx, table, t, same)), None)
            if other is not None:
                yield self._stale(ctx, claim, level, table, other, counted, max_named)
                continue
            if claim.value > counted:
                m = m or get_matching(ctx)
                src = m.source(table)
                extras = missing_from(m, src, level, min_overlap) if src else []
                if extras:
                    named = extras[:max_named]
                    more = len(extras) - len(named)
                    names = in_langs(ctx, lambda c: ", ".join(f"'{short(m.display_name(e), 80)}' ({_where(c, s, r)})"
                                                              for e, s, r in named))
                    lvl = level_words(level)
                    extra = Words(f" {lvl.id.capitalize()} yang disebut di tempat lain tetapi tidak ada di {label.id}: "
                                  f"{names.id}{f' dan {more} lainnya' if more else ''}.",
                                  f" The {lvl.en} named elsewhere but missing from {label.en}: "
                                  f"{names.en}{f' and {more} more' if more else ''}.")
                    related = [s.ref(r) for _e, s, r in extras]
            yield self.say(ctx, claim.sheet, claim.cell, "count", related=related, claimed=claim.value,
                           level=level_words(level), label=label, counted=counted, extra=extra)

    def _stale(self, ctx: Context, claim, level: str, table, other, counted: int, max_named: int) -> Finding:
        """The text counts as `other` does and `table` (the main plan table) differs."""
        related, extra = count_difference(ctx, level, other, claim.value, table, counted, max_named)
        return self.say(ctx, claim.sheet, claim.cell, "stale", related=related, claimed=claim.value,
                        level=level_words(level), counted=counted, extra=extra,
                        label=Words(*table_label(table, ctx.workbook.tables)),
                        other=Words(*table_label(other, ctx.workbook.tables)))
