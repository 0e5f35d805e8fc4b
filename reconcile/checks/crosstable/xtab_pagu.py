"""XTAB-PAGU: Item pagu differs between tables."""
from __future__ import annotations

from typing import Any, Iterator

from reconcile.checks.base import Context, Finding, short
from reconcile.checks.crosstable.analysis import (
    Disagreement,
    Obs,
    _CrossRule,
    _emit,
    _frame_value,
    _pick_side,
    _twin,
    labels_words,
    src_words,
)
from reconcile.checks.matching import Entity, Source, field_year, get_matching, level_cap, plan_year
from reconcile.findings import Money
from reconcile.read.headers import base_field


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
    options = {**_CrossRule.options, "tolerance": float, "fields": list}
    messages = {"pagu": {
        "message": {
            "id": "{level} '{name}': pagu{year} di {here} ({column}) {actual}, sedangkan di {there} {expected} "
                  "(selisih {difference}). Samakan pagu item ini di semua tabel, atau perbaiki tabel yang salah.",
            "en": "{level} '{name}': the{year} pagu is {actual} in {here} ({column}), but {expected} in {there} "
                  "(difference {difference}). Make the item's pagu the same in every table, or fix the wrong one."},
        "expected": {"id": "{expected}"},
        "actual": {"id": "{actual}"},
    }}

    def check(self, ctx: Context) -> Iterator[Finding]:
        s = get_matching(ctx).s
        tol = float(self.option("tolerance"))
        bases = set(self.option("fields"))
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
                out[year] = Obs(src, row, fld, float(v), Money(float(v)), also=also)
            return out

        def message(d: Disagreement) -> tuple[str, dict[str, Any]]:
            out, best = d.out, d.best
            return "pagu", dict(level=level_cap(d.entity.level),
                                name=short(get_matching(ctx).display_name(d.entity, out.src)),
                                year=f" {d.slot}" if d.slot else "", here=src_words(out.src),
                                column=out.src.table.header_paths.get(out.field, out.field),
                                there=labels_words(ctx, best), difference=Money(abs(out.value - best[0].value)))

        same = lambda a, b: abs(a - b) <= tol  # noqa: E731
        yield from _emit(self, ctx, self._compare(ctx, collect, same), same, message)
