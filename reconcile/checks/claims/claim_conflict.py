"""CLAIM-CONFLICT: Statements in the text contradict each other."""
from __future__ import annotations

from typing import Any, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.claims.analysis import (
    COUNT_LEVEL,
    _ClaimValue,
    _claim_order,
    _ref,
    _same,
    _written_amount,
    claim_year,
    level_counts,
    reference_money,
    reference_table,
    table_total,
)
from reconcile.checks.matching import level_words, table_label
from reconcile.findings import Words


class ClaimConflict(Rule):
    """Two statements in the narrative contradict each other.

    Why it matters: a document that says "54 sub kegiatan" in section 3.2 and "53 sub-kegiatan"
    in BAB IV cannot be right twice; readers do not know which to believe. The finding is placed
    at the statement that disagrees with the tables (or, when neither agrees, at the later one),
    with the other statement as related cell.

    **Bad**: section 3.2 "… 5 program dan 19 kegiatan … 54 sub kegiatan", BAB IV "… 5 program,
    19 kegiatan, dan 53 sub-kegiatan".

    **Good**: the same counts and the same total pagu everywhere in the text.
    """

    code = "CLAIM-CONFLICT"
    title = "Pernyataan di narasi saling bertentangan"
    title_en = "Statements in the text contradict each other"
    severity = "error"
    family = "claims"
    options = {"reference_kinds": list, "money_reference_kinds": list, "tolerance": float}
    messages = {
        "total": {
            "message": {
                "id": "Narasi di sini menyebut total pagu {shown}, sedangkan {where} menyebut {other}.{tail} Samakan "
                      "kedua pernyataan.",
                "en": "The text here states a total pagu of {shown}, while {where} states {other}.{tail} Make both "
                      "statements agree."},
            "expected": {"id": "{other}"}, "actual": {"id": "{shown}"}},
        "count": {
            "message": {
                "id": "Narasi di sini menyebut {shown} {level}, sedangkan {where} menyebut {other} {level}.{tail} "
                      "Samakan kedua pernyataan.",
                "en": "The text here states {shown} {level}, while {where} states {other}.{tail} Make both "
                      "statements agree."},
            "expected": {"id": "{other}"}, "actual": {"id": "{shown}"}},
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        count_kinds = list(self.option("reference_kinds"))
        money_kinds = list(self.option("money_reference_kinds"))
        tol = float(self.option("tolerance"))
        groups: dict[tuple[str, int | None], list[_ClaimValue]] = {}
        for claim in sorted(ctx.workbook.claims, key=lambda c: _claim_order(ctx, c)):
            year = claim_year(ctx, claim)
            if claim.kind in COUNT_LEVEL and isinstance(claim.value, int):
                groups.setdefault((claim.kind, year), []).append(_ClaimValue(claim, claim.value, str(claim.value)))
            elif claim.kind == "total_pagu":
                num = claim.number
                value = num.value if num is not None and num.value is not None else (
                    claim.value if isinstance(claim.value, (int, float)) else None)
                if value is not None:
                    groups.setdefault((claim.kind, year), []).append(
                        _ClaimValue(claim, float(value), _written_amount(claim)))
        rows = []
        for (kind, year), values in groups.items():
            distinct: list[Any] = []
            for v in values:
                if not any(_same(v.value, d, tol) for d in distinct):
                    distinct.append(v.value)
            if len(distinct) < 2:
                continue
            table_value, label = self._table_value(ctx, kind, year, count_kinds, money_kinds)
            agreed = next((d for d in distinct if table_value is not None and _same(d, table_value, tol)), None)
            reference = agreed if agreed is not None else values[0].value
            good = [v for v in values if _same(v.value, reference, tol)]
            for v in values:
                rows.append((kind, year, v, good, agreed is not None, label, _same(v.value, reference, tol)))
        if not rows:
            return
        frame = pd.DataFrame({"agrees": [r[6] for r in rows]})
        failing = failure_rows(frame, {"agrees": pa.Check(lambda s: s.astype(bool), error="claims agree")})
        for i in failing.get("agrees", []):
            kind, year, v, good, table_agrees, label = rows[i][:6]
            other = good[0]
            where = _ref(other.claim.sheet, other.claim.cell)
            tail = (Words(f" Yang sesuai dengan {label.id} adalah {other.shown}.",
                          f" {label.en} agrees with {other.shown}.")
                    if table_agrees else "")
            args = dict(shown=v.shown, where=where, other=other.shown, tail=tail)
            related = [_ref(g.claim.sheet, g.claim.cell) for g in good]
            if kind == "total_pagu":
                yield self.say(ctx, v.claim.sheet, v.claim.cell, "total", related=related, **args)
            else:
                yield self.say(ctx, v.claim.sheet, v.claim.cell, "count", related=related,
                               level=level_words(COUNT_LEVEL[kind]), **args)

    @staticmethod
    def _table_value(ctx, kind, year, count_kinds, money_kinds) -> tuple[Any, Words]:
        if kind in COUNT_LEVEL:
            table = reference_table(ctx, year, count_kinds)
            if table is None:
                return None, ""
            return level_counts(table)[COUNT_LEVEL[kind]], Words(*table_label(table, ctx.workbook.tables))
        table, fld = reference_money(ctx, year, money_kinds)
        if table is None:
            return None, Words("", "")
        return table_total(table, fld)[0], Words(*table_label(table, ctx.workbook.tables))
