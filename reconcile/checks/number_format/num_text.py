"""NUM-TEXT: Money amount typed as text."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.checks.number_format.analysis import FAMILY, _row_words, _short, _value_arg
from reconcile.findings import Words


class NumberAsText(Rule):
    """A money amount typed as text: Excel cannot add it up.

    Why it matters: a cell holding the *text* "Rp 15.360.000" looks like a number on paper,
    but Excel's =SUM skips text without a word, so every subtotal and total above it is short
    by that amount, and nobody notices. Text amounts also cannot be sorted, filtered or
    exported to SIPD as numbers.

    **Bad**: the pagu cell of a sub kegiatan holds the text `Rp 15.360.000` or
    `4.704.246.000,00` (left-aligned, with a green triangle in Excel).

    **Good**: the cell holds the number 15360000, shown as `15.360.000` by the number format
    `#,##0` (Format Cells > Number > Use 1000 Separator).
    """

    code = "NUM-TEXT"
    title = "Angka uang diketik sebagai teks"
    title_en = "Money amount typed as text"
    severity = "warning"
    options = {"field_types": list, "ambiguous_as_thousands": list}
    family = FAMILY
    messages = {"as_text": {
        "message": {"id": "Angka \"{text}\" diketik sebagai teks (terbaca {shown}; {row}): =SUM Excel "
                          "melewatinya. Ketik ulang sebagai angka {plain} dengan format #,##0.",
                    "en": "\"{text}\" is typed as text (reads as {shown}; {row}): Excel's =SUM skips it. Retype it "
                          "as the number {plain} with the format #,##0."},
        "expected": {"id": "{shown}"},
        "actual": {"id": "{raw}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        types = tuple(self.option("field_types"))
        ambiguous_ok = set(self.option("ambiguous_as_thousands"))
        for table in iter_tables(ctx):
            frame = table.frame
            # The table's such columns in one frame, one check each. Only readable values are this
            # rule's concern (the others are blanked: nulls pass); unreadable ones are NUM-MALFORMED's.
            columns = {}
            for field in table.fields_of_type(*types):
                raw_col, status_col = f"{field}__raw", f"{field}__status"
                if raw_col not in frame.columns or status_col not in frame.columns:
                    continue
                allowed = ["ok"] + (["ambiguous"] if table.field_types[field] in ambiguous_ok else [])
                columns[field] = frame[raw_col].where(frame[status_col].isin(allowed))
            if not columns:
                continue
            sub = pd.DataFrame(columns)
            stored = pa.Check(lambda v: not isinstance(v, str), element_wise=True, error="stored as a number")
            failing = failure_rows(sub, {field: stored for field in columns})
            for field in columns:
                for row in failing.get(field, []):
                    raw = frame.at[row, f"{field}__raw"]
                    value = float(frame.at[row, field])
                    typed = value / ((getattr(table, "field_scale", None) or {}).get(field) or 1)  # as the cell counts
                    plain = str(int(typed)) if typed.is_integer() else repr(typed)
                    yield self.say(
                        ctx, table.sheet, table.cell(field, row), "as_text",
                        raw=str(raw), text=_short(raw, 30), shown=_value_arg(table, field, value),
                        row=_row_words(table, row), plain=Words(plain.replace(".", ","), plain))
