"""RATIO-X100: Ratio looks multiplied by 100 twice (or not at all)."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import (
    _related,
    anggaran_ratios,
    capaian_ratios,
    formula,
    pct,
    phrase,
    row_label,
    shown,
    value,
    written,
    year,
)
from reconcile.findings import Words


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
    messages = {"x100": {
        "message": {"id": "{what} tertulis {declared}, kemungkinan maksudnya {meant}: {why}. Hitungannya: {how}. "
                          "Perbaiki menjadi {meant}.",
                    "en": "{what} shows {declared}, probably meaning {meant}: {why}. Computed: {how}. Change it to "
                          "{meant}."},
        "expected": {"id": "{meant}"}, "actual": {"id": "{written}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        for r in capaian_ratios(ctx) + anggaran_ratios(ctx):
            if r.verdict != "x100":
                continue
            if r.kind == "capaian":
                what = phrase("Indikator '{name}'{year}: capaian", "Indicator '{name}'{year}: the capaian",
                              name=row_label(r.table, r.row), year=year(r))
            else:
                what = phrase("'{name}'{year}: rasio realisasi anggaran", "'{name}'{year}: the budget ratio",
                              name=short(value(r.table, "name", r.row)), year=year(r))
            if r.factor > 1:
                why = Words("angkanya tampak dikali 100 sekali lagi (atau koma desimalnya bergeser)",
                            "it looks multiplied by 100 once more (or its decimal comma moved)")
            else:
                why = Words("angkanya tampak belum dikali 100 (pecahan, bukan persen)",
                            "it looks not multiplied by 100 (a fraction, not a percentage)")
            yield self.say(ctx, r.table.sheet, r.cell, "x100", related=_related(r), what=what, why=why,
                           declared=shown(r.declared), written=written(r.declared), meant=pct(r.suggestion),
                           how=formula(r))
