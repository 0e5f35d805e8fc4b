"""EXCEL-ERROR: Cell holds an Excel error value."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.number_format.analysis import FAMILY, _error_source, _family_data, _formula_text, _where
from reconcile.findings import Words
from reconcile.read.model import quote_sheet


class ExcelErrorValue(Rule):
    """A cell holds an Excel error value (#REF!, #DIV/0!, #VALUE!, #N/A …).

    Why it matters: the figure the formula should give is missing; every total that refers to
    the cell becomes an error too, and the printed table shows the error code to the reader.

    **Bad**: a rasio cell `=D12/C12` showing `#DIV/0!` because the anggaran is empty; a
    subtotal showing `#REF!` after a row was deleted.

    **Good**: the formula refers to existing, filled cells (or is wrapped in =IFERROR(…;0)
    where a zero divisor is legitimate), and shows a number.
    """

    code = "EXCEL-ERROR"
    title = "Sel berisi nilai galat Excel"
    title_en = "Cell holds an Excel error value"
    severity = "error"
    family = FAMILY
    messages = {
        "from_source": {
            "message": {"id": "Sel berisi galat Excel {err}{where}{formula} karena merujuk ke {source}, yang berisi "
                              "galat itu; perbaiki {source} lebih dulu.",
                        "en": "The cell holds the Excel error {err}{where}{formula} because it refers to {source}, "
                              "which holds that error; fix {source} first."},
            "expected": {"id": "sebuah angka", "en": "a number"}, "actual": {"id": "{err}"}},
        "error": {
            "message": {"id": "Sel berisi galat Excel {err}{where}{formula}: {meaning}.",
                        "en": "The cell holds the Excel error {err}{where}{formula}: {meaning}."},
            "expected": {"id": "sebuah angka", "en": "a number"}, "actual": {"id": "{err}"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        meanings = (_family_data(ctx).get("excel_errors") or {})
        errors = [p for p in ctx.workbook.problems if p.kind == "excel_error"]
        error_cells = {(p.sheet, p.cell) for p in errors}
        for p in errors:
            err = str(p.detail or p.value or "").strip().upper() or "#?"
            info = meanings.get(err) or meanings.get("default") or {}
            mean_id = info.get("id", "periksa rumusnya")
            mean_en = info.get("en", "check the formula")
            formula = _formula_text(p.formula)
            where = _where(ctx, p.sheet, p.cell)
            args = dict(
                err=err, formula=Words(f" (rumus {formula})", f" (formula {formula})") if formula else "",
                where=Words(f" pada {where[0]}", f" {'in' if where[2] else 'on'} {where[1]}") if where else "")
            source = _error_source(formula, err, p.sheet, error_cells)
            if source:  # the error comes from a cell it refers to: name that cell, the real cause
                yield self.say(ctx, p.sheet, p.cell, "from_source", related=[f"{quote_sheet(p.sheet)}!{source}"],
                               source=source, **args)
                continue
            yield self.say(ctx, p.sheet, p.cell, "error", meaning=Words(mean_id, mean_en), **args)
