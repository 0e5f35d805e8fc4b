"""FUND-SOURCE: Unknown or misspelt funding source."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.findings import Words
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
    messages = {"unknown": {
        "message": {
            "id": "Sumber dana {where} \"{shown}\": {parts} bukan sumber dana yang dikenal. Tulis sumber dana resmi "
                  "(PAD, DAU, DBH, DAK, …); bila memang sumber dana lain, tambahkan ke rules/completeness.yaml.",
            "en": "Funding source of {where} \"{shown}\": {parts} {known}. Write an official source (PAD, DAU, DBH, "
                  "DAK, …); if it really is another source, add it to rules/completeness.yaml."},
        "expected": {"id": "{expected}"},
        "actual": {"id": "{actual}"},
    }}

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
                    parts = Words(
                        "; ".join(f"\"{b}\"" + (f" (mungkin maksudnya \"{s}\")" if s else "")
                                  for b, s in suggestions.items()),
                        "; ".join(f"\"{b}\"" + (f" (did you mean \"{s}\"?)" if s else "")
                                  for b, s in suggestions.items()))
                    known = "is not a known source" if len(bad) == 1 else "are not known sources"
                    shown = " ".join(raw.split())
                    expected = (" ".join(fixed.split()) if fixed != raw
                                else Words("sumber dana resmi", "an official funding source"))
                    yield self.say(
                        ctx, table.sheet, table.cell(field, row), "unknown",
                        where=Words(_row_label(table, row, "id"), _row_label(table, row, "en")),
                        shown=_short(shown), parts=parts, known=known, expected=expected, actual=shown)
