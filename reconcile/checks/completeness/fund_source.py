"""FUND-SOURCE: Unknown or misspelt funding source."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.completeness.analysis import (
    FAMILY,
    SourceMatcher,
    _LETTER,
    _SIPD_CODE,
    _row_label,
    _short,
)


class FundingSourceUnknown(Rule):
    """A funding source (sumber dana) that is not one of the known sources, or is broken.

    Why it matters: the sumber dana decides which budget pays for a sub kegiatan; SIPD and the
    RKPD accept only the official sources. A misspelt or broken source ("Dan a Bagi Hasil", a
    name cut by a line break) cannot be matched and the verifier sends the document back.
    The known sources and every accepted spelling are listed in `rules/completeness.yaml`
    (add your region's own there). A cell may list several sources separated by "/", ",",
    ";", "+", "dan" or line breaks; each is checked, and the nearest known spelling is
    suggested.

    **Bad**: `Dana Transfer Umum/Dan a Bagi Hasil`; `Dana Alokasi Umun`; `DAK Fsik`.

    **Good**: `Dana Transfer Umum/Dana Bagi Hasil`; `PAD`; `Dana Transfer Umum – Dana Alokasi
    Umum (DAU)`; `PAD / DAK Fisik`.
    """

    code = "FUND-SOURCE"
    title = "Sumber dana tidak dikenal atau salah tulis"
    title_en = "Unknown or misspelt funding source"
    severity = "warning"
    family = FAMILY
    options = {"suggest_min_score": float}

    def check(self, ctx: Context) -> Iterable[Finding]:
        from reconcile.read.headers import base_field

        matcher = SourceMatcher(ctx.config.load(f"{FAMILY}.yaml") or {})
        min_score = float(self.option("suggest_min_score"))
        cache: dict[str, list[str]] = {}  # text -> its unknown parts: sources repeat down the column
        for table in iter_tables(ctx):
            # A name beside its SIPD code (KODE SUMBER DANA "2.2.01.01.02.0004") is the official
            # name of that code, however long: SIPD wrote both.
            coded = table.column("code_sumber_dana") if "code_sumber_dana" in table.columns else {}
            for field in table.columns:
                if base_field(field) != "sumber_dana":
                    continue
                stored = table.column(f"{field}__cell")
                for row in table.rows:
                    raw = stored.get(row)
                    if not isinstance(raw, str) or _SIPD_CODE.match(str(coded.get(row) or "")):
                        continue
                    bad = cache.get(raw)
                    if bad is None:
                        # empty (REQ-EMPTY's concern) or a bare number/code: nothing to report
                        bad = cache[raw] = matcher.unknown_parts(raw) if raw.strip() and _LETTER.search(raw) else []
                    if not bad:
                        continue
                    suggestions = {b: matcher.nearest(b, min_score) for b in bad}
                    fixed = raw
                    for b, sug in suggestions.items():
                        if sug:
                            fixed = fixed.replace(b, sug)
                    list_id = "; ".join(f"\"{b}\"" + (f" (mungkin maksudnya \"{s}\")" if s else "")
                                        for b, s in suggestions.items())
                    list_en = "; ".join(f"\"{b}\"" + (f" (did you mean \"{s}\"?)" if s else "")
                                        for b, s in suggestions.items())
                    n = len(bad)
                    where_id, where_en = _row_label(table, row, "id"), _row_label(table, row, "en")
                    shown = " ".join(raw.split())
                    yield self.finding(
                        ctx, table.sheet, table.cell(field, row),
                        f"Sumber dana {where_id} \"{_short(shown)}\": {list_id} bukan sumber dana yang dikenal. "
                        f"Tulis sumber dana resmi (PAD, DAU, DBH, DAK, …); bila memang sumber dana lain, "
                        f"tambahkan ke rules/completeness.yaml.",
                        f"Funding source of {where_en} \"{_short(shown)}\": {list_en} "
                        f"{'is not a known source' if n == 1 else 'are not known sources'}. Write an official "
                        f"source (PAD, DAU, DBH, DAK, …); if it really is another source, add it to "
                        f"rules/completeness.yaml.",
                        expected=" ".join(fixed.split()) if fixed != raw else ctx.t("sumber dana resmi",
                                                                                   "an official funding source"),
                        actual=shown)
