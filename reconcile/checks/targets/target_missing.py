"""TARGET-MISSING: Target without a number or without a unit."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.ratios.analysis import norm_unit
from reconcile.checks.targets.analysis import (
    _cfg,
    _kinds_column,
    _patterns,
    _satuan,
    _unit_in,
    iter_targets,
    joined,
    target_text,
    what_words,
)


class TargetMissing(Rule):
    """A target without a number ("Orang"), or without a unit ("12") where one is expected.

    Why it matters: a target is a number and a unit. "Orang" alone cannot be achieved or
    missed; "12" leaves the reader guessing 12 of what (documents? reports? people?) and does
    not match the same target written "12 Laporan" in another table. A plain number is fine for
    a percentage, ratio, level or index indicator, and a word ("WTP", "Baik") for a predikat or
    opini; check marks ("V") in NSPK/IKK columns are not targets. Word lists:
    `rules/targets.yaml` (`indicator_kinds`, `units`).

    **Bad**: "Jumlah peserta pelatihan berbasis kompetensi" with target "Orang" or "30".

    **Good**: "30 Orang".
    """

    code = "TARGET-MISSING"
    title = "Target tanpa angka atau tanpa satuan"
    title_en = "Target without a number or without a unit"
    severity = "warning"
    options = {"marks": list}
    family = "targets"
    messages = {
        "no_number": {
            "message": {
                "id": "Target '{text}' ({what}) hanya berisi satuan, tanpa angka. Tuliskan angka targetnya beserta "
                      "satuan, mis. '30 {unit}'.",
                "en": "The target '{text}' ({what}) is only a unit, with no number. Write the target number with its "
                      "unit, e.g. '30 {unit}'."},
            "expected": {"id": "angka + satuan", "en": "number + unit"},
            "actual": {"id": "{text}"}},
        "no_unit_like": {
            "message": {
                "id": "Target '{text}' ({what}) tidak bersatuan: {text} apa? Tuliskan satuannya, mis. '{example}'.",
                "en": "The target '{text}' ({what}) has no unit: {text} of what? Add the unit, e.g. '{example}'."},
            "expected": {"id": "{example}"},
            "actual": {"id": "{text}"}},
        "no_unit": {
            "message": {
                "id": "Target '{text}' ({what}) tidak bersatuan: {text} apa? Tuliskan satuannya (mis. Orang, Dokumen, "
                      "Laporan).",
                "en": "The target '{text}' ({what}) has no unit: {text} of what? Add the unit (e.g. Orang, Dokumen, "
                      "Laporan)."},
            "expected": {"id": "{text} + satuan", "en": "{text} + unit"},
            "actual": {"id": "{text}"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        cfg = _cfg(ctx)
        kinds = {k: _patterns(ctx, k) for k in ("share", "count", "unitless", "qualitative")}
        marks = {str(m).lower() for m in self.option("marks")}
        cells = list(iter_targets(ctx))
        units = {norm_unit(u) for u in cfg.get("units") or []}
        units |= {tc.unit for tc in cells if tc.status == "ok" and tc.unit}
        # a column where no target has a number is not a target column in practice (labels, marks)
        numeric = {(id(tc.table), tc.field) for tc in cells if tc.value is not None or tc.status == "range"}
        cells = [tc for tc in cells if tc.status in ("no_number", "no_unit") and (id(tc.table), tc.field) in numeric]
        if not cells:
            return
        satuan_cells = {id(tc): _satuan(tc) for tc in cells}
        frame = pd.DataFrame({
            "status": [tc.status for tc in cells],
            "kind": _kinds_column(cells, kinds),
            "unit": [tc.unit for tc in cells],
            "text": [tc.text.lower().strip(" .,:;") for tc in cells],
            "indicator": [tc.indicator for tc in cells],
            "satuan": [satuan_cells[id(tc)] for tc in cells],
        })

        def has_number(s):
            sub = frame.loc[s.index]
            lost = (sub["status"] == "no_number") & sub["unit"].isin(units) & ~sub["text"].isin(marks) \
                & ~sub["kind"].str.contains("qualitative")
            return ~lost

        def has_unit(s):
            sub = frame.loc[s.index]
            unit_free = sub["kind"].str.contains("share|unitless|qualitative")
            bare = (sub["status"] == "no_unit") & (sub["indicator"] != "") & ~unit_free & (sub["satuan"] == "")
            return ~bare

        failing = failure_rows(frame, {"status": [pa.Check(has_number, error="target has a number"),
                                                  pa.Check(has_unit, error="target has a unit")]})
        for i in failing.get("status", []):
            tc = cells[i]
            text = target_text(tc)
            if tc.status == "no_number":
                yield self.say(ctx, tc.table.sheet, tc.cell, "no_number", text=text, what=what_words(tc),
                               unit=tc.unit_shown)
            else:
                guess = _unit_in(tc.indicator, units)
                if guess:
                    example = joined(text, f" {guess.title()}")
                    yield self.say(ctx, tc.table.sheet, tc.cell, "no_unit_like", text=text, what=what_words(tc),
                                   example=example)
                else:
                    yield self.say(ctx, tc.table.sheet, tc.cell, "no_unit", text=text, what=what_words(tc))
