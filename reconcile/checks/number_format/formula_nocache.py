"""FORMULA-NOCACHE: Formula without a stored value (file never recalculated)."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.number_format.analysis import FAMILY, _formula_text, _where


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

    def check(self, ctx: Context) -> Iterable[Finding]:
        for p in ctx.workbook.problems:
            if p.kind != "formula_without_value":
                continue
            formula = _formula_text(str(p.detail or "") or p.formula)
            where = _where(ctx, p.sheet, p.cell)
            where_id = f" ({where[0]})" if where else ""
            where_en = f" ({where[1]})" if where else ""
            yield self.finding(
                ctx, p.sheet, p.cell,
                f"{f'Rumus {formula}' if formula else 'Rumus di sel ini'}{where_id} tidak punya nilai tersimpan: berkas ini ditulis oleh program dan "
                f"belum pernah dihitung ulang, sehingga nilainya tidak dapat diperiksa. Buka berkas di Excel atau "
                f"LibreOffice, simpan ulang, lalu periksa lagi.",
                f"{f'The formula {formula}' if formula else 'The formula in this cell'}{where_en} has no stored value: the file was written by a program and "
                f"never recalculated, so its value could not be checked. Open the file in Excel or LibreOffice, "
                f"save it, and check again.",
                expected=ctx.t("nilai hasil rumus tersimpan", "the formula's stored result"),
                actual=formula or ctx.t("rumus tanpa nilai", "formula without a value"))
