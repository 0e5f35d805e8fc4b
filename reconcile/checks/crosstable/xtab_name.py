"""XTAB-NAME: Item name differs between tables."""
from __future__ import annotations

from typing import Any, Iterator

from reconcile.checks.base import Context, Finding
from reconcile.checks.crosstable.analysis import (
    Disagreement,
    Obs,
    _CrossRule,
    _emit,
    _frame_value,
    labels_words,
    _official_names,
    _other_spelling_is_a_slip,
    _twin,
    src_words,
)
from reconcile.checks.matching import (
    Entity,
    Source,
    diff_pair,
    get_matching,
    item_key,
    level_words,
    side_name_field,
)


class CrossTableName(_CrossRule):
    """The same item is spelt differently in two tables.

    Why it matters: the nomenclature of programs, kegiatan and sub kegiatan is fixed by
    Kepmendagri; the RKPD and SIPD match items by their name and code. A name typed differently
    in one table (a missing word, a different word, a typo) is either a typing slip or a
    different item, and the verifier at Bappeda cannot tell which.

    **Bad**: Tabel 3.2 "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial …" while
    Tabel 2.6 says "Pencegahan dan Penyelidikan Perselisihan Hubungan Industrial …".

    **Good**: the same wording in every table (copy it from the official nomenclature).
    Differences of case, spacing and punctuation are not reported.
    """

    code = "XTAB-NAME"
    title = "Nama item berbeda antar tabel"
    title_en = "Item name differs between tables"
    severity = "warning"
    options = {**_CrossRule.options, "ignore_abbreviations": bool}
    messages = {"name": {
        "message": {
            "id": "Nama {level} di {here} tertulis '{this}', sedangkan di {there} '{other}'. Gunakan nama "
                  "(nomenklatur) yang sama di semua tabel.",
            "en": "The {level} is named '{this}' in {here}, but '{other}' in {there}. Use the same name "
                  "(nomenclature) in every table."},
        "expected": {"id": "{expected}"},
        "actual": {"id": "{actual}"},
    }}

    def check(self, ctx: Context) -> Iterator[Finding]:
        s = get_matching(ctx).s
        abbrev = s.abbreviations if self.option("ignore_abbreviations") else None
        side_of: dict[int, str | None] = {}

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            table = src.table
            if table is None:  # a list in the narrative
                item = src.rows[row]
                return {"name": Obs(src, row, "", item_key(item.name, abbrev), item.name, naming=True)}
            if id(table) not in side_of:
                side_of[id(table)] = side_name_field(table, s.review_sides)
            side_fld = side_of[id(table)]
            side_name = _frame_value(table, side_fld, row) if side_fld else None
            if isinstance(side_name, str) and side_name.strip():
                also = _twin(table, side_fld, row, lambda a, b: item_key(str(a), abbrev) == item_key(str(b), abbrev))
                return {"name": Obs(src, row, side_fld, item_key(side_name, abbrev), side_name, also=also)}
            item = src.rows[row]
            if not item.name:
                return {}
            return {"name": Obs(src, row, "name", item_key(item.name, abbrev), item.name, naming=True)}

        def message(d: Disagreement) -> tuple[str, dict[str, Any]]:
            a, b = diff_pair(d.out.shown, d.best[0].shown)
            return "name", dict(level=level_words(d.entity.level), here=src_words(d.out.src), this=a,
                                there=labels_words(ctx, d.best), other=b)

        same = lambda a, b: a == b  # noqa: E731
        found = self._compare(ctx, collect, same)
        # One fault, one finding: where the other tables' spelling is this one with a letter
        # dropped or two swapped ("Peyediaan" for "Penyediaan"), the slip is theirs --
        # NOMEN-SPELL reports it there -- and this cell must not be told to copy it.
        found = [d for d in found if not _other_spelling_is_a_slip(d.out.shown, d.best[0].shown)]
        official = _official_names(ctx)
        if official:
            # With the ministry's list, the official spelling is never the one to change:
            # leave those cells alone (NOMEN-SPELL reports the unofficial ones).
            found = [d for d in found if item_key(d.out.shown, None) not in official]
        yield from _emit(self, ctx, found, same, message)
