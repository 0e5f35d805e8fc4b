"""CATEGORY-UNKNOWN: Achievement label not in the scale."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.ratios.analysis import Scale, label_uses, phrase


_UNKNOWN = {"id": "{what}: kategori “{label}” tidak ada dalam skala capaian ({labels}). {hint} Gunakan label "
                  "dari skala, atau sesuaikan category_scale di rules/ratios.yaml bila daerah Anda memakai skala "
                  "lain.",
            "en": "{what}: the label “{label}” is not in the achievement scale ({labels}). {hint} Use a label of "
                  "the scale, or adjust category_scale in rules/ratios.yaml if your region uses another scale."}


class CategoryUnknown(Rule):
    """An achievement label that the configured scale does not have.

    Why it matters: a label outside the scale ("Tidak Berhasil" where the scale says "Kurang
    Berhasil") cannot be checked against its capaian and reads as a different, unofficial
    verdict. Either the label is a slip, or the region uses another scale and
    `rules/ratios.yaml` (`category_scale`) should say so.

    **Bad**: "… realisasi indikatornya sebesar 28,28% … masuk pada kategori “Tidak Berhasil”".

    **Good**: "… masuk pada kategori “Kurang Berhasil”" (45,61% on the default scale).
    """

    code = "CATEGORY-UNKNOWN"
    title = "Kategori capaian tidak dikenal skala"
    title_en = "Achievement label not in the scale"
    severity = "warning"
    family = "ratios"
    messages = {"unknown": {"message": _UNKNOWN, "expected": {"id": "{suggestion}"}, "actual": {"id": "{label}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        scale = Scale.from_config(ctx)
        if not scale.levels:
            return
        labels = ", ".join(f"“{lb}”" for lb in scale.labels)
        for use in label_uses(ctx):
            if scale.find(use.label) is not None:
                continue
            right = scale.level_of(use.capaians[0]) if use.capaians else None
            if right is not None:
                hint = phrase("Untuk capaian {capaian} label yang sesuai skala adalah “{right}”.",
                              "For a capaian of {capaian} the scale's label is “{right}”.",
                              capaian=use.shown, right=right.label)
                suggestion = right.label
            else:
                suggestion = scale.nearest(use.label)
                hint = phrase("Label terdekat: “{s}”.", "Nearest label: “{s}”.", s=suggestion) \
                    if suggestion else ""
            # a scale with levels always has a nearest label: `suggestion` is never None here
            yield self.say(ctx, use.sheet, use.cell, "unknown", related=use.related, what=use.what, label=use.label,
                           labels=labels, hint=hint, suggestion=suggestion)
