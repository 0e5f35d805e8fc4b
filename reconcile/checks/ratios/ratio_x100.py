"""RATIO-X100: Ratio looks multiplied by 100 twice (or not at all)."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import (
    _formula,
    _pct,
    _related,
    _shown,
    _year_en,
    _year_id,
    anggaran_ratios,
    capaian_ratios,
    row_label,
    value,
)


class RatioTimes100(Rule):
    """A capaian or budget ratio is 100 times (or a hundredth of) the correct value.

    Why it matters: "4.561,29" for a capaian of 45,61% is the classic slip of multiplying by 100
    a value that was already a percentage (or of a shifted decimal comma). Read as printed it
    turns a failing indicator into a spectacular success — and its category with it. This rule
    reports such a cell instead of RATIO-CAPAIAN / RATIO-ANGGARAN, with the value meant.

    **Bad**: target 62%, realisasi 28,28%, rasio capaian "4.561,29"; target 68%, realisasi 106%,
    rasio capaian "15.588,24".

    **Good**: 45,61% and 155,88% (realisasi / target × 100, once).
    """

    code = "RATIO-X100"
    title = "Rasio tampak dikali 100 dua kali (atau belum dikali 100)"
    title_en = "Ratio looks multiplied by 100 twice (or not at all)"
    severity = "error"
    family = "ratios"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for r in capaian_ratios(ctx) + anggaran_ratios(ctx):
            if r.verdict != "x100":
                continue
            how_id, how_en = _formula(ctx, r)
            meant = _pct(ctx, r.suggestion)
            if r.factor > 1:
                why_id, why_en = "angkanya tampak dikali 100 sekali lagi (atau koma desimalnya bergeser)", \
                    "it looks multiplied by 100 once more (or its decimal comma moved)"
            else:
                why_id, why_en = "angkanya tampak belum dikali 100 (pecahan, bukan persen)", \
                    "it looks not multiplied by 100 (a fraction, not a percentage)"
            if r.kind == "capaian":
                what_id = f"Indikator '{row_label(r.table, r.row)}'{_year_id(r)}: capaian"
                what_en = f"Indicator '{row_label(r.table, r.row)}'{_year_en(r)}: the capaian"
            else:
                name = short(value(r.table, "name", r.row))
                what_id = f"'{name}'{_year_id(r)}: rasio realisasi anggaran"
                what_en = f"'{name}'{_year_en(r)}: the budget ratio"
            yield self.finding(
                ctx, r.table.sheet, r.cell,
                f"{what_id} tertulis {_shown(ctx, r.declared)}, kemungkinan maksudnya {meant}: {why_id}. "
                f"Hitungannya: {how_id}. Perbaiki menjadi {meant}.",
                f"{what_en} shows {_shown(ctx, r.declared)}, probably meaning {meant}: {why_en}. "
                f"Computed: {how_en}. Change it to {meant}.",
                expected=meant, actual=_shown(ctx, r.declared), related=_related(r))
