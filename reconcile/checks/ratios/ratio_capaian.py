"""RATIO-CAPAIAN: Capaian differs from realisasi / target × 100."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.ratios.analysis import (
    _related,
    capaian_ratios,
    expected,
    formula,
    polarity_hint,
    row_label,
    shown,
    written,
    year,
)


class CapaianRatio(Rule):
    """A capaian (%) differs from realisasi / target × 100.

    Why it matters: the capaian is what the evaluation of last year's Renja is judged on (and the
    achievement category follows from it). A capaian computed against another year's target, or
    copied from another row, tells the reader a success or a failure that did not happen.

    For an indicator that is better when lower (unemployment, poverty, cases, waiting time — the
    patterns are in `rules/ratios.yaml`, `polarity`) the capaian is target / realisasi × 100. A
    target given as a range ("89,30 – 89,98%") is compared against both bounds: the capaian fits
    when it matches either. A target or realisasi that is missing ("-"), zero, or in another unit
    than the other is skipped.

    **Bad**: "Besaran kasus yang diselesaikan dengan Perjanjian Bersama": target 52%, realisasi
    59,45%, capaian 118,37% (that is 59,45 / 50,22 — the 2020 target).

    **Good**: capaian 114,33% (= 59,45 / 52 × 100), or `=D5/C5*100` in the cell.
    """

    code = "RATIO-CAPAIAN"
    title = "Capaian tidak sama dengan realisasi / target × 100"
    title_en = "Capaian differs from realisasi / target × 100"
    severity = "error"
    options = {"tolerance": float}
    family = "ratios"
    _parts = {"expected": {"id": "{expected}"}, "actual": {"id": "{written}"}}
    messages = {
        "differs": {"message": {
            "id": "Indikator '{label}'{year}: capaian ({header}) tertulis {declared}, padahal {how}. Perbaiki capaian "
                  "(atau target/realisasinya bila itu yang salah); sebaiknya pakai rumus.{hint}",
            "en": "Indicator '{label}'{year}: the capaian ({header}) shows {declared}, but {how}. Fix the capaian "
                  "(or the target/realisasi if that is what is wrong); better use a formula.{hint}"}, **_parts},
        "differs_range": {"message": {
            "id": "Indikator '{label}'{year}: capaian ({header}) tertulis {declared}, padahal {how}. Tuliskan "
                  "capaian terhadap salah satu batas (umumnya batas atas) dan sebutkan batas mana yang dipakai.{hint}",
            "en": "Indicator '{label}'{year}: the capaian ({header}) shows {declared}, but {how}. Give the capaian "
                  "against one bound (usually the upper one) and say which.{hint}"}, **_parts},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        for r in capaian_ratios(ctx):
            if r.verdict != "mismatch":
                continue
            yield self.say(
                ctx, r.table.sheet, r.cell, "differs_range" if r.den.is_range else "differs", related=_related(r),
                label=row_label(r.table, r.row), year=year(r), header=r.table.header_paths.get(r.field, r.field),
                declared=shown(r.declared), written=written(r.declared), how=formula(r), expected=expected(r),
                hint=polarity_hint(r))
