"""TARGET-UNIT: Target unit does not fit its indicator."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.ratios.analysis import norm_unit
from reconcile.checks.targets.analysis import (
    _cfg,
    _kinds_column,
    _patterns,
    _satuan,
    indicator_field,
    iter_targets,
    joined,
    target_text,
    what_words,
)
from reconcile.read.model import quote_sheet


class TargetUnit(Rule):
    """A target's unit does not fit its indicator.

    Why it matters: a "Persentase …", "Rasio …", "Tingkat …" or "Indeks …" indicator is measured
    in percent (or points, Rupiah), a "Jumlah …" indicator in a count with a unit. "15 Dokumen"
    for a percentage, or "100%" for a number of documents, is a target nobody can evaluate at
    the end of the year — usually the target of the neighbouring indicator, or of another row.
    The word lists are in `rules/targets.yaml` (`indicator_kinds`, `share_units`); each target
    column is paired with its indicator column (target keluaran ↔ indikator keluaran, target
    program ↔ capaian program, target hasil ↔ hasil kegiatan, target ↔ tolok ukur/indikator,
    and on the same side of a two-sided RKPD table).

    **Bad**: "Jumlah dokumen/laporan perencanaan, penganggaran dan evaluasi" with target
    "100%"; "Persentase tersedianya dokumen perencanaan" with target "15 Dokumen".

    **Good**: "Jumlah dokumen … : 15 Dokumen"; "Persentase tersedianya dokumen … : 100%".
    """

    code = "TARGET-UNIT"
    title = "Satuan target tidak sesuai indikatornya"
    title_en = "Target unit does not fit its indicator"
    severity = "warning"
    family = "targets"
    messages = {
        "percent": {
            "message": {
                "id": "Target '{text}' berupa persen, padahal {what} mengukur jumlah. Tuliskan target sebagai jumlah "
                      "dengan satuan (mis. '15 Dokumen'), atau ubah indikatornya menjadi 'Persentase …' bila yang "
                      "diukur memang persentase.",
                "en": "The target '{text}' is a percentage, but {what} counts something. Give the target as a count "
                      "with a unit (e.g. '15 Dokumen'), or reword the indicator as 'Persentase …' if a percentage is "
                      "what is measured."},
            "expected": {"id": "jumlah + satuan", "en": "count + unit"},
            "actual": {"id": "{text}"}},
        "count": {
            "message": {
                "id": "Target '{text}' berupa jumlah ({unit}), padahal {what} mengukur "
                      "persentase/rasio/tingkat/indeks. Tuliskan target dalam persen (mis. '100%'), atau ubah "
                      "indikatornya menjadi 'Jumlah …' bila yang diukur memang jumlah.",
                "en": "The target '{text}' is a count ({unit}), but {what} measures a percentage/ratio/level/index. "
                      "Give the target in percent (e.g. '100%'), or reword the indicator as 'Jumlah …' if a count is "
                      "what is measured."},
            "expected": {"id": "%"},
            "actual": {"id": "{text}"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        kinds = {k: _patterns(ctx, k) for k in ("share", "count")}
        share_units = {norm_unit(u) for u in _cfg(ctx).get("share_units") or []}
        # A target's unit is in its own cell ("15 Dokumen") or in the row's Satuan column.
        cells, units, pcts = [], [], []
        satuan_of: dict[int, str] = {}  # position in cells -> the Satuan column's unit, when it is the unit
        for tc in iter_targets(ctx):
            if not tc.indicator:
                continue
            satuan = "" if tc.unit else _satuan(tc)
            if tc.unit and tc.status in ("ok", "range"):
                cells.append(tc), units.append(tc.unit), pcts.append(tc.is_percent)
            elif satuan and tc.status in ("ok", "range", "no_unit"):
                is_pct = satuan.strip().lower() in ("%", "persen", "persentase")
                satuan_of[len(cells)] = satuan
                cells.append(tc), units.append("%" if is_pct else satuan), pcts.append(is_pct)
        if not cells:
            return
        kind_col = _kinds_column(cells, kinds)
        # The few distinct kinds and units are judged once each (not with pandas' string
        # methods cell by cell): a share indicator only, a count indicator only, a unit that
        # fits a share (its first word or the whole of it a share unit).
        only = {k: ("share" in k and "count" not in k, "count" in k and "share" not in k) for k in set(kind_col)}
        fits = {u: (u.split()[0] if u.split() else "") in share_units or u in share_units for u in set(units)}
        n = len(cells)
        frame = pd.DataFrame({  # (flags straight into arrays: a list of 100,000s of bools is 8 bytes each)
            "kind": kind_col,
            "unit": units,
            "pct": np.fromiter(pcts, dtype=bool, count=n),
            "share_only": np.fromiter((only[k][0] for k in kind_col), dtype=bool, count=n),
            "count_only": np.fromiter((only[k][1] for k in kind_col), dtype=bool, count=n),
            "share_unit": np.fromiter((fits[u] for u in units), dtype=bool, count=n),
        })
        del kind_col

        def share_with_count(s):
            sub = frame.loc[s.index, ["share_only", "pct", "share_unit"]]
            return ~(sub["share_only"] & ~(sub["pct"] | sub["share_unit"]))

        def count_with_percent(s):
            sub = frame.loc[s.index, ["count_only", "pct"]]
            return ~(sub["count_only"] & sub["pct"])

        failing = failure_rows(frame, {"unit": [pa.Check(share_with_count, error="share indicator, count target"),
                                                pa.Check(count_with_percent, error="count indicator, % target")]})
        for i in failing.get("unit", []):
            tc, satuan = cells[i], satuan_of.get(i)
            text, label = (tc.text, tc.unit_shown) if satuan is None else (f"{tc.text} {satuan}", satuan)
            text = target_text(tc) if satuan is None else joined(target_text(tc), f" {satuan}")
            key = "percent" if pcts[i] else "count"
            args = dict(text=text, what=what_words(tc), unit=tc.unit_shown if satuan is None else satuan)
            related = []
            ind = indicator_field(ctx, tc.table, tc.field)
            if ind:
                related.append(f"{quote_sheet(tc.table.sheet)}!{tc.table.cell(ind, tc.row)}")
            yield self.say(ctx, tc.table.sheet, tc.cell, key, related=related, **args)
