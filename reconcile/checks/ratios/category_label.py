"""CATEGORY-LABEL: Achievement label does not match the scale."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.ratios.analysis import Scale, label_uses
from reconcile.findings import Words


class CategoryLabel(Rule):
    """An achievement label does not match the scale for its capaian.

    Why it matters: the category ("Sangat Berhasil", "Kurang Berhasil"…) is the verdict a reader
    remembers; a label that contradicts its own capaian (45,61% called "Berhasil") misreports the
    agency's performance. The scale is configuration (`rules/ratios.yaml`, `category_scale`): by
    default 85–100 Sangat Berhasil, 70–<85 Berhasil, 55–<70 Cukup Berhasil, <55 Kurang Berhasil
    (above 100 is Sangat Berhasil); the Permendagri 86/2017 scale is there, commented out.

    Labels are read from a kategori/predikat column next to a capaian, and from narrative text
    of the form "… target X% … realisasi … sebesar Y% … kategori “Z”" (only when the numbers are
    unambiguous). A label that fits the correct capaian while the printed capaian is wrong is
    left to RATIO-CAPAIAN.

    **Bad**: capaian 45,61% with kategori "Berhasil"; "target 90,03%, realisasi sebesar 90,87%
    … kategori “Cukup Berhasil”".

    **Good**: 45,61% "Kurang Berhasil"; 100,93% "Sangat Berhasil".
    """

    code = "CATEGORY-LABEL"
    title = "Kategori capaian tidak sesuai skala"
    title_en = "Achievement label does not match the scale"
    severity = "error"
    options = {"boundary_tolerance": float}
    family = "ratios"
    messages = {"mismatch": {
        "message": {"id": "{what}: kategori “{label}”{where} tidak sesuai skala untuk capaian {capaian}; menurut "
                          "skala ({scale}) kategorinya “{right}”. Perbaiki kategorinya (atau capaiannya bila itu "
                          "yang salah).",
                    "en": "{what}: the label “{label}”{where} does not match the scale for a capaian of {capaian}; "
                          "by the scale ({scale}) it is “{right}”. Fix the label (or the capaian if that is what "
                          "is wrong)."},
        "expected": {"id": "{right}"}, "actual": {"id": "{label}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        scale = Scale.from_config(ctx)
        tol = float(self.option("boundary_tolerance"))
        for use in label_uses(ctx):
            level = scale.find(use.label)
            if level is None or not use.capaians:
                continue
            fitting = [lv for v in use.capaians for lv in scale.levels_near(v, tol)]
            if level in fitting:
                continue
            right = scale.level_of(use.capaians[0])
            if right is None:
                continue
            yield self.say(
                ctx, use.sheet, use.cell, "mismatch", related=use.related, what=use.what, label=use.label,
                where=Words(" dalam teks", " in the text") if use.source == "narrative" else "", capaian=use.shown,
                scale=scale.name, right=right.label)
