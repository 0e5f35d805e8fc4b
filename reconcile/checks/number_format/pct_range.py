"""PCT-RANGE: Percentage outside the possible range."""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.checks.number_format.analysis import (
    FAMILY,
    _any_search,
    _col_label,
    _family_data,
    _indicator_field,
    _both,
    _is_number,
    _row_words,
    _short,
)
from reconcile.findings import Num, Words
from reconcile.read.numbers import format_number as _num


class PercentOutOfRange(Rule):
    """A percentage that cannot be right: negative, or far beyond what is possible.

    Why it matters: a share ("Persentase …" indicators) lies between 0 and 100%; a rasio or
    capaian may exceed 100% when realisasi beats the target, but 1.000% and more almost always
    means a value multiplied by 100 twice (54 typed in a cell formatted as %, showing 5400%).
    Such a figure ends up in the evaluation and makes the achievement category wrong.
    A capaian or rasio anggaran that RATIO-X100, RATIO-CAPAIAN or RATIO-ANGGARAN recomputes from
    its row and reports is left to that rule, which names the value meant: one fault, one finding.

    **Bad**: target `120%` for "Persentase kasus yang diselesaikan"; rasio realisasi anggaran
    `5.400%`; capaian `-12%`.

    **Good**: target `100%`; rasio `54%` (0,54 in a cell formatted 0%, or 54 without %); capaian
    `112%` when realisasi exceeded the target.
    """

    code = "PCT-RANGE"
    title = "Persentase di luar rentang yang mungkin"
    title_en = "Percentage outside the possible range"
    severity = "error"
    options = {
        "default_limits": dict,
        "share_max": float,
        "target_fields": dict,
        "limits": dict,
        "share_indicator_patterns": list,
        "share_indicator_patterns_percent_only": list,
        "share_indicator_exclude": list,
    }
    family = FAMILY
    messages = {
        "below": {
            "message": {"id": "{column} untuk {row} bernilai {value}%, padahal tidak mungkin kurang dari {limit}%. "
                              "Periksa angka pembilang/penyebutnya atau tanda minusnya.",
                        "en": "{column} of {row} is {value}%, but it cannot be below {limit}%. Check the "
                              "numerator/denominator or the minus sign."},
            "expected": {"id": "{bound}"}, "actual": {"id": "{value}%"}},
        "above": {
            "message": {"id": "{column} untuk {row} bernilai {value}%, melebihi batas wajar {limit}%; kemungkinan "
                              "angkanya terkali 100 dua kali (maksudnya {meant}%?). Bila sel berformat %, ketik 0,54 "
                              "atau 54% — bukan 54.",
                        "en": "{column} of {row} is {value}%, beyond the believable {limit}%; most likely it was "
                              "multiplied by 100 twice ({meant}% meant?). In a cell formatted as %, type 0.54 or 54% "
                              "-- not 54."},
            "expected": {"id": "{bound}"}, "actual": {"id": "{value}%"}},
        "share": {
            "message": {"id": "{column} untuk {row} tertulis {shown}, padahal indikatornya \"{indicator}\" adalah "
                              "persentase (bagian dari keseluruhan) yang hanya bisa 0% s.d. {share_max}%. Perbaiki "
                              "angkanya.",
                        "en": "{column} of {row} reads {shown}, but its indicator \"{indicator}\" is a share, which "
                              "can only be 0% to {share_max}%. Correct the figure."},
            "expected": {"id": "0% - {share_max}%"}, "actual": {"id": "{value}%"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        yield from self._percent_columns(ctx)
        yield from self._share_targets(ctx)

    def _percent_columns(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.read.headers import base_field

        # settings.yaml may override some fields' limits; the others keep the family file's.
        family = ((_family_data(ctx).get("rules") or {}).get(self.code) or {}).get("limits") or {}
        limits = {**family, **(self.option("limits") or {})}
        default = self.option("default_limits") or {}
        recomputed = None  # the ratio cells recomputed from their row, found at the first cell out of range
        for table in iter_tables(ctx):
            frame = table.frame
            # One frame and one check per column for the whole table: the readable values
            # (others blanked: nulls pass), between the column's limits.
            columns, checks, bounds = {}, {}, {}
            for field in table.fields_of_type("percent"):  # never a money (Rp) column
                lim = limits.get(base_field(field), default) or {}
                lo, hi = lim.get("min"), lim.get("max")
                if lo is None and hi is None:
                    continue
                status_col = f"{field}__status"
                # the frame's columns as lists (no `Table.column` views kept)
                status = frame[status_col].tolist() if status_col in frame.columns else None
                values = frame[field].tolist() if field in frame.columns else []
                columns[field] = [v if status is None or status[i] in ("ok", "ambiguous") else None
                                  for i, v in enumerate(values)]
                del status, values
                if lo is not None and hi is not None and float(lo) <= float(hi):
                    checks[field] = pa.Check.in_range(float(lo), float(hi))  # one pass instead of ge + le
                else:
                    checks[field] = ([pa.Check.ge(float(lo))] if lo is not None else []) + \
                        ([pa.Check.le(float(hi))] if hi is not None else [])
                bounds[field] = lo, hi
            if not columns:
                continue
            sub = pd.DataFrame(columns, index=table.rows, dtype="float64")
            failing = failure_rows(sub, checks)
            for field, (lo, hi) in bounds.items():
                for row in failing.get(field, []):
                    if recomputed is None:
                        recomputed = _recomputed_ratios(ctx)
                    if (table.sheet, table.cell(field, row)) in recomputed:
                        continue  # one fault, one finding: a ratio rule reports this cell, recomputed
                    value = float(sub.at[row, field])
                    if lo is not None and hi is not None:
                        bound = Words(f"{_num(lo, 'id')}% s.d. {_num(hi, 'id')}%",
                                      f"{_num(lo, 'en')}% to {_num(hi, 'en')}%")
                    elif lo is not None:
                        bound = Words(f"paling kecil {_num(lo, 'id')}%", f"at least {_num(lo, 'en')}%")
                    else:
                        bound = Words(f"paling besar {_num(hi, 'id')}%", f"at most {_num(hi, 'en')}%")
                    below = lo is not None and value < lo
                    yield self.say(
                        ctx, table.sheet, table.cell(field, row), "below" if below else "above",
                        column=_col_label(table, field), row=_row_words(table, row), value=Num(value), bound=bound,
                        limit=Num(lo if below else hi), meant=Num(value / 100))

    def _share_targets(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.read.headers import base_field
        from reconcile.read.numbers import parse_target

        share_max = float(self.option("share_max"))
        pats = [re.compile(p, re.I) for p in self.option("share_indicator_patterns") or []]
        pct_pats = [re.compile(p, re.I) for p in self.option("share_indicator_patterns_percent_only") or []]
        excl = [re.compile(p, re.I) for p in self.option("share_indicator_exclude") or []]
        target_fields = self.option("target_fields") or {}

        is_share, is_pct, is_excluded = _any_search(pats), _any_search(pct_pats), _any_search(excl)

        def share_kind(text: str) -> str:
            """"share": any value; "percent": only values written with %; "": not a share."""
            if not text.strip():
                return ""
            if is_share(text):
                kind = "share"
            elif is_pct(text):
                kind = "percent"
            else:
                return ""  # most indicators: the exclusions need not be searched
            return "" if is_excluded(text) else kind

        target_of: dict[str, Any] = {}  # targets repeat ("100%"); a Target is immutable

        for table in iter_tables(ctx):
            frame = table.frame
            # The share indicators of each indicator column, read once: one indicator column
            # serves every year's target column. (Only the few share rows are kept, not a kind
            # per distinct indicator text.)
            shares: dict[str, list[tuple[int, int, str]]] = {}  # indicator field -> [(position, row, kind)]
            # Every share target of the table in one frame (one record per cell), checked at once.
            cells, lows, highs = [], [], []  # cells: (target field, indicator field, row, raw, scale)
            for field in table.fields_of_type("target"):
                base = base_field(field)
                if base not in target_fields:
                    continue
                ind = _indicator_field(table, field, list(target_fields[base] or []))
                if ind is None:
                    continue
                if ind not in shares:
                    texts = frame[ind].tolist() if ind in frame.columns else []
                    shares[ind] = [(i, row, kind) for i, (row, text) in enumerate(zip(table.rows, texts))
                                   if isinstance(text, str) and (kind := share_kind(text))]
                    del texts
                # lists in row order, not `Table.column` views (dicts) kept for the run
                stored, formats = frame[f"{field}__cell"].tolist(), frame[f"{field}__format"].tolist()
                for i, row, kind in shares[ind]:
                    raw = stored[i]
                    if raw is None:
                        continue
                    if isinstance(raw, str):
                        t = target_of.get(raw)
                        if t is None:
                            t = target_of[raw] = parse_target(raw)
                    else:
                        t = parse_target(raw)
                    if t.status not in ("ok", "no_unit", "range"):
                        continue
                    if t.unit is not None and not t.is_percent:
                        continue  # "12 Orang" under a Persentase indicator: a unit question, not a range one
                    scale = 1.0
                    if _is_number(raw) and "%" in (formats[i] or ""):
                        scale = 100.0
                    if kind == "percent" and not (t.is_percent or scale == 100.0):
                        continue
                    lo = t.low if t.status == "range" else t.value
                    hi = t.high if t.status == "range" else t.value
                    if lo is None or hi is None:
                        continue
                    cells.append((field, ind, row, raw, scale))
                    lows.append(min(lo, hi) * scale)
                    highs.append(max(lo, hi) * scale)
            if not cells:
                continue
            sub = pd.DataFrame({"low": lows, "high": highs})
            failing = failure_rows(sub, {"low": pa.Check.ge(0.0), "high": pa.Check.le(share_max)})
            for i in sorted(set(failing.get("low", [])) | set(failing.get("high", []))):
                field, ind, row, raw, scale = cells[i]
                value = highs[i] if highs[i] > share_max else lows[i]

                def shown(lang: str, raw=raw, scale=scale, value=value) -> str:
                    text = str(raw) if not _is_number(raw) else \
                        f"{_num(float(raw) * scale, lang)}{'%' if scale == 100 else ''}"
                    value_text = f"{_num(value, lang)}%"
                    return f"\"{_short(text, 20)}\"" + ("" if text.replace(" ", "") in (
                        value_text, f"{_num(value, lang)}%", f"{value:g}%") else f" ({value_text})")

                yield self.say(
                    ctx, table.sheet, table.cell(field, row), "share", related=[str(table.ref(ind, row))],
                    column=_col_label(table, field), row=_row_words(table, row), shown=_both(shown),
                    indicator=_short(frame.at[row, ind], 60), value=Num(value), share_max=Num(share_max))


def _recomputed_ratios(ctx: Context) -> set[tuple[str, str]]:
    """(sheet, cell) of every capaian and rasio anggaran a ratio rule reports, having recomputed
    it from its row: RATIO-X100 names the value meant (4.561,29 -> 45,61%), RATIO-CAPAIAN /
    RATIO-ANGGARAN the right one. A ratio that matches its inputs stays PCT-RANGE's to judge, and
    so does one whose rule this run leaves out (settings, --select, --ignore)."""
    from reconcile.checks.ratios.analysis import anggaran_ratios, capaian_ratios
    from reconcile.checks.registry import rule_by_code

    def enabled(code: str) -> bool:
        if ctx.running is not None:
            return code in ctx.running
        rule = rule_by_code(code)
        return bool(ctx.config.rule_settings(code, rule.family, rule.options).get("enabled", True))

    reporting = {code: enabled(code) for code in ("RATIO-X100", "RATIO-CAPAIAN", "RATIO-ANGGARAN")}
    return {(r.table.sheet, r.cell) for r in capaian_ratios(ctx) + anggaran_ratios(ctx)
            if r.verdict != "ok" and reporting["RATIO-X100" if r.verdict == "x100" else f"RATIO-{r.kind.upper()}"]}
