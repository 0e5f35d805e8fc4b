"""NUM-MIXED: Indonesian and English number notation mixed."""
from __future__ import annotations

from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.number_format.analysis import (
    FAMILY,
    _EXAMPLE,
    _NOTATION_ID,
    _col_label,
    _number_of,
    _row_words,
    _short,
    _swap_notation,
)
from reconcile.findings import Num, Words


class MixedNotation(Rule):
    """Indonesian and English number notation mixed in one column (or in one document).

    Why it matters: in Indonesian notation "." groups thousands and "," marks decimals; in
    English it is the other way round. When both appear, "1.500" and "1,500" can mean the same
    amount or differ a thousandfold, and a copy into another file or into SIPD reads half of
    them wrong. Numbers typed as text should use one notation (best: real numbers with a
    number format, which Excel shows in the reader's own notation). Reported at the cells in
    the minority notation of their column; a column written wholly in the other notation than
    the rest of the workbook (at least `workbook_majority_share` of its text numbers) is
    reported too.

    **Bad**: one pagu column with `1.500.000` in most rows and `2,000,000` in one; a target
    column with `52.00%` while the document writes `54,20%`.

    **Good**: `1.500.000` and `2.000.000`; `52,00%` -- or real numbers with `#,##0` / `0,00%`.
    """

    code = "NUM-MIXED"
    title = "Notasi angka Indonesia dan Inggris bercampur"
    title_en = "Indonesian and English number notation mixed"
    severity = "warning"
    options = {"workbook_majority_share": float, "field_types": list, "tie_majority": str}
    family = FAMILY
    messages = {"mixed": {
        "message": {"id": "{column}: \"{text}\" ({row}) memakai notasi {minor}, sedangkan {where} memakai notasi "
                          "{major} (mis. \"{example}\"). Tulis \"{fixed_text}\", atau lebih baik ketik sebagai "
                          "angka dengan format angka.",
                    "en": "{column}: \"{text}\" ({row}) uses {minor} notation, while {where} use {major} notation "
                          "(e.g. \"{example}\"). Write \"{fixed_text}\", or better, type it as a number with a "
                          "number format."},
        "expected": {"id": "{fixed}"},
        "actual": {"id": "{raw} = {value}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        types = tuple(self.option("field_types"))
        tie = str(self.option("tie_majority"))
        share = self.option("workbook_majority_share")
        columns = []  # (table, field, {"id": [rows], "en": [rows]})
        total = {"id": 0, "en": 0}
        first: dict[tuple[str, bool], str] = {}  # an example of each notation, as written
        numbers: dict[str, Any] = {}  # text -> its Number: texts repeat down a column
        for table in iter_tables(ctx):
            for field in table.fields_of_type(*types):
                by: dict[str, list[int]] = {"id": [], "en": []}
                for row, raw in zip(table.rows, table.frame[f"{field}__cell"].tolist()):
                    if not isinstance(raw, str):
                        continue
                    n = _number_of(raw, numbers)
                    if n.status == "ok" and n.notation in by:
                        by[n.notation].append(row)
                        if n.value:
                            first.setdefault((n.notation, n.is_percent), raw)
                if by["id"] or by["en"]:
                    columns.append((table, field, by))
                    total["id"] += len(by["id"])
                    total["en"] += len(by["en"])
        doc_major = None
        n_all = total["id"] + total["en"]
        if share is not None and n_all:
            for k in ("id", "en"):
                if total[k] / n_all >= float(share) and total[k] > total["en" if k == "id" else "id"]:
                    doc_major = k
        for table, field, by in columns:
            if by["id"] and by["en"]:
                if len(by["id"]) != len(by["en"]):
                    major = "id" if len(by["id"]) > len(by["en"]) else "en"
                else:
                    major = doc_major or (tie if tie in by else "id")
                scope = "column"
            elif doc_major and not by[doc_major]:
                major, scope = doc_major, "workbook"
            else:
                continue
            minor = "en" if major == "id" else "id"
            yield from self._report(ctx, table, field, by, major, minor, scope, total, first, numbers)

    def _report(self, ctx, table, field, by, major, minor, scope, total, first, numbers):
        col = _col_label(table, field)
        cells = table.frame[f"{field}__cell"]
        if scope == "column":
            column_example = cells.at[by[major][0]]
            where = Words(f"{len(by[major])} sel teks lain di kolom ini",
                          f"{len(by[major])} other text cells of this column")
            related = [str(table.ref(field, r)) for r in by[major][:5]]
        else:
            column_example = None
            where = Words(f"angka lain di workbook ini ({total[major]} sel)",
                          f"the other numbers of this workbook ({total[major]} cells)")
            related = []
        for row in by[minor]:
            raw = cells.at[row]
            n = _number_of(raw, numbers)
            example = column_example if scope == "column" else (
                first.get((major, n.is_percent)) or first.get((major, not n.is_percent)) or _EXAMPLE[major])
            fixed = _swap_notation(raw)
            yield self.say(
                ctx, table.sheet, table.cell(field, row), "mixed", related=related,
                column=col, raw=raw, text=_short(raw, 25), row=_row_words(table, row), where=where,
                minor=Words(*_NOTATION_ID[minor]), major=Words(*_NOTATION_ID[major]), example=_short(example, 20),
                fixed=fixed, fixed_text=_short(fixed, 25), value=Num(n.value) if n.value is not None else "?")
