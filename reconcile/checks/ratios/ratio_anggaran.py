"""RATIO-ANGGARAN: Budget ratio differs from realisasi / anggaran × 100."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import _related, anggaran_ratios, expected, formula, shown, value, written, year


class AnggaranRatio(Rule):
    """A rasio realisasi anggaran differs from realisasi / anggaran × 100.

    Why it matters: the budget-absorption ratio per program and year is read as the agency's
    financial performance; a ratio typed by hand or copied from the next column says the money
    was (not) spent when it was (not).

    **Bad**: Program Hubungan Industrial 2021: anggaran Rp 168.303.977, realisasi
    Rp 162.164.977, rasio 275%.

    **Good**: rasio 96,35% (= 162.164.977 / 168.303.977 × 100), or `=G5/D5` formatted as %.
    """

    code = "RATIO-ANGGARAN"
    title = "Rasio realisasi anggaran tidak sama dengan realisasi / anggaran × 100"
    title_en = "Budget ratio differs from realisasi / anggaran × 100"
    severity = "error"
    options = {"tolerance": float}
    family = "ratios"
    messages = {"differs": {
        "message": {"id": "'{name}'{year}: rasio realisasi anggaran tertulis {declared}, padahal {how}. Perbaiki "
                          "rasionya, sebaiknya dengan rumus =realisasi/anggaran*100.",
                    "en": "'{name}'{year}: the budget ratio shows {declared}, but {how}. Fix the ratio, preferably "
                          "with the formula =realisasi/anggaran*100."},
        "expected": {"id": "{expected}"}, "actual": {"id": "{written}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        for r in anggaran_ratios(ctx):
            if r.verdict != "mismatch":
                continue
            yield self.say(
                ctx, r.table.sheet, r.cell, "differs", related=_related(r),
                name=short(value(r.table, "name", r.row)) or r.table.cell(r.field, r.row), year=year(r),
                declared=shown(r.declared), written=written(r.declared), how=formula(r), expected=expected(r))
