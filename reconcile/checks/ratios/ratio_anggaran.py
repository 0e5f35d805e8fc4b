"""RATIO-ANGGARAN: Budget ratio differs from realisasi / anggaran × 100."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import (
    _expected_text,
    _formula,
    _related,
    _shown,
    _year_en,
    _year_id,
    anggaran_ratios,
    value,
)


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

    def check(self, ctx: Context) -> Iterable[Finding]:
        for r in anggaran_ratios(ctx):
            if r.verdict != "mismatch":
                continue
            how_id, how_en = _formula(ctx, r)
            name = short(value(r.table, "name", r.row)) or r.table.cell(r.field, r.row)
            yield self.finding(
                ctx, r.table.sheet, r.cell,
                f"'{name}'{_year_id(r)}: rasio realisasi anggaran tertulis {_shown(ctx, r.declared)}, padahal "
                f"{how_id}. Perbaiki rasionya, sebaiknya dengan rumus =realisasi/anggaran*100.",
                f"'{name}'{_year_en(r)}: the budget ratio shows {_shown(ctx, r.declared)}, but {how_en}. "
                f"Fix the ratio, preferably with the formula =realisasi/anggaran*100.",
                expected=_expected_text(ctx, r), actual=_shown(ctx, r.declared), related=_related(r))
