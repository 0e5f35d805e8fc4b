"""XTAB-INDICATOR: Item indicator differs between tables."""
from __future__ import annotations

from typing import Any, Iterator

from reconcile.checks.base import Context, Finding, short
from reconcile.checks.crosstable.analysis import (
    DEFAULT_INDICATOR_ROLES,
    Disagreement,
    Obs,
    ROLE_EN,
    ROLE_ID,
    _CrossRule,
    _emit,
    _frame_value,
    _inherited,
    _role_fields_cache,
    _role_of,
    _role_settings,
    _twin,
    labels_words,
    src_words,
    typo_equal,
)
from reconcile.checks.matching import Entity, Source, diff_pair, get_matching, level_cap
from reconcile.findings import Words
from reconcile.read.hierarchy import name_key


class CrossTableIndicator(_CrossRule):
    """The same item has a different indicator text in two tables.

    Why it matters: an indicator says what the target measures. When Tabel 3.2 measures a sub
    kegiatan by "Jumlah dokumen perencanaan" and Tabel 4.1 by "Persentase dokumen tepat waktu",
    the target "15 Dokumen" means two different things. Indicators are compared by role, like
    targets (a program's capaian indicator printed on the rows under it counts as the program's),
    after normalising case, spacing and punctuation; texts that differ only by a typing slip in
    a word or two ("dergan" / "dengan", `typo_edits` and `typo_words` in
    `rules/crosstable.yaml`) are not reported — a word added, dropped or replaced is. The Rekap
    evaluasi takes part for program indicators only (they come from the Renstra and hold for its
    five years).

    **Bad**: program "Program Hubungan Industrial": capaian program indicator "Besaran kasus yang
    diselesaikan dengan Perjanjian Bersama (PB)" in Tabel 3.2 but "Terwujudnya Kearifan Lokal di
    masyarakat terhadap PPLH" in Tabel 2.6.

    **Good**: the same indicator in every table.
    """

    code = "XTAB-INDICATOR"
    title = "Indikator item berbeda antar tabel"
    title_en = "Item indicator differs between tables"
    severity = "warning"
    options = {**_CrossRule.options, "typo_edits": int, "typo_words": int, "blank": list}
    messages = {"indicator": {
        "message": {
            "id": "{level} '{name}': indikator {role} di {here} tertulis '{this}', sedangkan di {there} '{other}'. "
                  "Periksa mana yang benar dan samakan di semua tabel.",
            "en": "{level} '{name}': the {role} indicator is '{this}' in {here}, but '{other}' in {there}. Check "
                  "which is right and use it in every table."},
        "expected": {"id": "{expected}"},
        "actual": {"id": "{actual}"},
    }}

    def check(self, ctx: Context) -> Iterator[Finding]:
        m = get_matching(ctx)
        s = m.s
        max_edits = int(self.option("typo_edits"))
        max_words = int(self.option("typo_words"))
        roles, level_roles = _role_settings(ctx, "indicators", DEFAULT_INDICATOR_ROLES)
        blanks = {name_key(x) for x in self.option("blank")} | {""}
        fields_of = _role_fields_cache("text", roles, s.review_sides)

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            table = src.table
            out: dict[Any, Obs] = {}
            for fld, single in fields_of(table):
                role = _role_of(fld, ent.level, roles, level_roles, single)
                if role is None or role in out:
                    continue
                rows = [row]
                raw = _frame_value(table, fld, row)
                if not isinstance(raw, str) or name_key(raw) in blanks:
                    rows = _inherited(m, src, row, ent.level, fld, role, single, level_roles,
                                      lambda v: "" if name_key(str(v)) in blanks else name_key(str(v)))
                    if not rows:
                        continue
                    raw = _frame_value(table, fld, rows[0])
                if not isinstance(raw, str):
                    continue
                key = name_key(raw)
                if not key or key in blanks:
                    continue
                also = tuple(table.cell(fld, r) for r in rows[1:]) + \
                    _twin(table, fld, rows[0], lambda a, b: name_key(str(a)) == name_key(str(b)))
                out[role] = Obs(src, rows[0], fld, key, raw, also=also, inherited=rows[0] != row)
            return out

        def same(a: str, b: str) -> bool:
            return typo_equal(a, b, max_edits, max_words)

        def message(d: Disagreement) -> tuple[str, dict[str, Any]]:
            out, best, role = d.out, d.best, d.slot
            a, b = diff_pair(out.shown, best[0].shown, width=110)
            return "indicator", dict(level=level_cap(d.entity.level),
                                     name=short(get_matching(ctx).display_name(d.entity, out.src)),
                                     role=Words(ROLE_ID.get(role, role), ROLE_EN.get(role, role)),
                                     here=src_words(out.src), this=a, there=labels_words(ctx, best), other=b)

        yield from _emit(self, ctx, self._compare(ctx, collect, same), same, message)
