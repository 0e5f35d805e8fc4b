"""NUM-PLACEHOLDER: Money cell holds a program's placeholder."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.checks.number_format.analysis import FAMILY, _both, _cap, _row_label, _short


class PlaceholderAmount(Rule):
    """A money cell holds what a program leaves where an amount is missing.

    Why it matters: exports and web apps write `null`, `NaN`, `Infinity` or `- Belum Diisi`
    into an amount they did not have. Excel shows the word, =SUM skips it, and the sub kegiatan
    silently counts as Rp 0 in every total. reconcile reads the cell as empty; someone must
    still fill the real amount in (or write 0 if there is none).

    **Bad**: the PAGU cell of a sub kegiatan holds `null`, `NaN` or `- Belum Diisi`.

    **Good**: the cell holds the amount, e.g. 150000000, or 0 when the sub kegiatan has no
    budget this year.
    """

    code = "NUM-PLACEHOLDER"
    title = "Sel uang berisi penanda kosong dari aplikasi"
    title_en = "Money cell holds a program's placeholder"
    severity = "warning"
    family = FAMILY
    messages = {"placeholder": {
        "message": {"id": "{row}: sel {column} berisi \"{text}\", penanda kosong yang ditinggalkan aplikasi, bukan "
                          "angka; =SUM menghitungnya Rp 0. Isi jumlah yang sebenarnya, atau 0 bila memang tidak ada.",
                    "en": "{row}: the {column} cell holds \"{text}\", a placeholder a program left, not an amount; "
                          "=SUM counts it as 0. Fill in the real amount, or 0 if there is none."},
        "expected": {"id": "jumlah rupiah", "en": "an amount in rupiah"},
        "actual": {"id": "{raw}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandera.pandas as pa

        for table in iter_tables(ctx):
            frame = table.frame
            columns = {f: frame[f"{f}__status"] for f in table.fields_of_type("money")
                       if f"{f}__status" in frame.columns}
            if not columns:
                continue
            failing = failure_rows(frame[[f"{f}__status" for f in columns]].rename(columns=lambda c: c[:-8]),
                                   {f: pa.Check(lambda s: s != "placeholder", error="an amount or empty")
                                    for f in columns})
            for field in columns:
                raw_of = table.column(f"{field}__raw")
                for row in failing.get(field, []):
                    raw = str(raw_of.get(row))
                    yield self.say(
                        ctx, table.sheet, table.cell(field, row), "placeholder",
                        row=_both(lambda lang: _cap(_row_label(table, row, lang))),
                        column=table.header_paths.get(field, field), raw=raw, text=_short(raw, 30))
