"""FORMULA-NOCACHE: Formula without a stored value (file never recalculated)."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.number_format.analysis import FAMILY, _formula_text, _where
from reconcile.findings import Words


class FormulaWithoutValue(Rule):
    """A formula with no stored result: the file was never recalculated.

    Why it matters: Excel stores each formula's last result next to it. A file written by a
    program (an export from an application, a script) may hold formulas without results until
    someone opens and saves it in Excel. Every tool that reads the file -- SIPD imports,
    reconcile itself -- then sees an empty cell, so totals built on it cannot be checked.

    **Bad**: a subtotal cell `=SUM(J8:J12)` in a file exported by an application and never
    opened in Excel.

    **Good**: the same file opened in Excel or LibreOffice Calc and saved again (the results
    are then stored with the formulas).
    """

    code = "FORMULA-NOCACHE"
    title = "Rumus tanpa nilai tersimpan (berkas belum dihitung ulang)"
    title_en = "Formula without a stored value (file never recalculated)"
    severity = "warning"
    family = FAMILY
    messages = {"never_recalculated": {
        "message": {"id": "{formula}{where} tidak punya nilai tersimpan: berkas ini ditulis oleh program dan belum "
                          "pernah dihitung ulang, sehingga nilainya tidak dapat diperiksa. Buka berkas di Excel atau "
                          "LibreOffice, simpan ulang, lalu periksa lagi.",
                    "en": "{formula}{where} has no stored value: the file was written by a program and never "
                          "recalculated, so its value could not be checked. Open the file in Excel or LibreOffice, "
                          "save it, and check again."},
        "expected": {"id": "nilai hasil rumus tersimpan", "en": "the formula's stored result"},
        "actual": {"id": "{shown}"}}}

    def check(self, ctx: Context) -> Iterable[Finding]:
        for p in ctx.workbook.problems:
            if p.kind != "formula_without_value":
                continue
            formula = _formula_text(str(p.detail or "") or p.formula)
            where = _where(ctx, p.sheet, p.cell)
            yield self.say(
                ctx, p.sheet, p.cell, "never_recalculated",
                formula=Words(f"Rumus {formula}", f"The formula {formula}") if formula
                else Words("Rumus di sel ini", "The formula in this cell"),
                shown=formula or Words("rumus tanpa nilai", "formula without a value"),
                where=Words(f" ({where[0]})", f" ({where[1]})") if where else "")
