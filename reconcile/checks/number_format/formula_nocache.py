"""FORMULA-NOCACHE: Formula without a stored value (file never recalculated)."""
from __future__ import annotations

import re
from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule
from reconcile.checks.number_format.analysis import _REF, FAMILY, _family_data, _formula_text, _where
from reconcile.findings import Words
from reconcile.read.model import quote_sheet


class FormulaWithoutValue(Rule):
    """A formula with no stored result: the file was never recalculated (or the formula cannot give one).

    Why it matters: Excel stores each formula's last result next to it. A file written by a
    program (an export from an application, a script) may hold formulas without results until
    someone opens and saves it in Excel. Every tool that reads the file -- SIPD imports,
    reconcile itself -- then sees an empty cell, so totals built on it cannot be checked.

    The message names the real cause when the formula shows it: an Excel error written in the
    formula (`=G40+G44+#REF!` after a row was deleted: recalculating will not help), a cell of
    its sheet it refers to that holds an error, or another workbook (`[1]Sheet!A1`, a path);
    otherwise the file was never recalculated.

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
    _SHOWN = {"actual": {"id": "{shown}"}}
    messages = {
        "error_in_formula": {
            "message": {"id": "{formula}{where} tidak punya nilai tersimpan karena memuat galat {err} ({meaning}); "
                              "dihitung ulang pun rumus ini tidak akan memberi angka. Perbaiki rumusnya.",
                        "en": "{formula}{where} has no stored value because it contains the error {err} "
                              "({meaning}); even recalculated it cannot give a number. Fix the formula."},
            "expected": {"id": "rumus tanpa galat", "en": "a formula without errors"}, **_SHOWN},
        "error_input": {
            "message": {"id": "{formula}{where} tidak punya nilai tersimpan karena merujuk ke {source}, yang berisi "
                              "galat {err}; perbaiki {source} lebih dulu, lalu simpan ulang berkas di Excel.",
                        "en": "{formula}{where} has no stored value because it refers to {source}, which holds the "
                              "error {err}; fix {source} first, then save the file again in Excel."},
            "expected": {"id": "nilai hasil rumus tersimpan", "en": "the formula's stored result"}, **_SHOWN},
        "external": {
            "message": {"id": "{formula}{where} mengambil nilai dari workbook lain ({link}) dan tidak punya nilai "
                              "tersimpan, sehingga nilainya tidak dapat diperiksa (dan hilang tanpa berkas itu). "
                              "Ganti rujukannya dengan nilainya (Tempel Nilai), atau buka kedua berkas di Excel dan "
                              "simpan ulang.",
                        "en": "{formula}{where} takes its value from another workbook ({link}) and has no stored "
                              "value, so it could not be checked (and is lost without that file). Replace the link "
                              "by its value (Paste Values), or open both files in Excel and save again."},
            "expected": {"id": "nilai hasil rumus tersimpan", "en": "the formula's stored result"}, **_SHOWN},
        "never_recalculated": {
            "message": {"id": "{formula}{where} tidak punya nilai tersimpan: berkas ini ditulis oleh program dan "
                              "belum pernah dihitung ulang, sehingga nilainya tidak dapat diperiksa. Buka berkas di "
                              "Excel atau LibreOffice, simpan ulang, lalu periksa lagi.",
                        "en": "{formula}{where} has no stored value: the file was written by a program and never "
                              "recalculated, so its value could not be checked. Open the file in Excel or "
                              "LibreOffice, save it, and check again."},
            "expected": {"id": "nilai hasil rumus tersimpan", "en": "the formula's stored result"}, **_SHOWN},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        meanings = _family_data(ctx).get("excel_errors") or {}
        errors = {(p.sheet, p.cell): str(p.detail or p.value or "").strip().upper()
                  for p in ctx.workbook.problems if p.kind == "excel_error"}
        for p in ctx.workbook.problems:
            if p.kind != "formula_without_value":
                continue
            formula = _formula_text(str(p.detail or "") or p.formula)
            where = _where(ctx, p.sheet, p.cell)
            args = dict(
                formula=Words(f"Rumus {formula}", f"The formula {formula}") if formula
                else Words("Rumus di sel ini", "The formula in this cell"),
                shown=formula or Words("rumus tanpa nilai", "formula without a value"),
                where=Words(f" ({where[0]})", f" ({where[1]})") if where else "")
            # The real cause first: an error written in the formula, an input holding an error,
            # another workbook; only then a file never recalculated.
            code = _code(formula)
            err = next((e for e in _ERROR.findall(code.upper())), None)
            if err:
                info = meanings.get(err) or meanings.get("default") or {}
                yield self.say(ctx, p.sheet, p.cell, "error_in_formula", err=err,
                               meaning=Words(info.get("id", "periksa rumusnya"), info.get("en", "check the formula")),
                               **args)
                continue
            source = next(((ref, errors[(p.sheet, ref)]) for ref in _same_sheet_refs(code)
                           if (p.sheet, ref) in errors), None)
            if source:
                yield self.say(ctx, p.sheet, p.cell, "error_input", related=[f"{quote_sheet(p.sheet)}!{source[0]}"],
                               source=source[0], err=source[1], **args)
                continue
            link = _EXTERNAL.search(code)
            if link:
                yield self.say(ctx, p.sheet, p.cell, "external", link=link.group(0).rstrip("!"), **args)
                continue
            yield self.say(ctx, p.sheet, p.cell, "never_recalculated", **args)


# Excel's error values as a formula can hold them (=G40+#REF!, after a referenced row was deleted)
_ERROR = re.compile(r"#(?:REF!|DIV/0!|VALUE!|NAME\?|N/A|NUM!|NULL!|SPILL!|CALC!)")

# Another workbook: "[1]Sheet!A1" (Excel's index of its external links), "'[Data.xlsx]Sheet'!A1",
# or a path ('C:\Renja\[Data.xlsx]Sheet'!A1, 'https://…/[Data.xlsx]Sheet'!A1).
_EXTERNAL = re.compile(r"'[^']*\[[^\]]+\][^']*'!|\[[^\]]+\][^!\s(),;+*/^&=<>-]*!|'[^']*[\\/][^']*'!")

_STRING = re.compile(r'"(?:[^"]|"")*"')


def _code(formula: str) -> str:
    """The formula without its string literals (="#N/A" is text, not an error)."""
    return _STRING.sub('""', formula)


def _same_sheet_refs(code: str) -> list[str]:
    """The cells of the formula's own sheet it names (A1, $B$2); none in a formula that names
    another sheet or workbook (a reference there cannot be told apart from one here)."""
    if "!" in code:
        return []
    return [f"{col}{row}" for col, row in _REF.findall(code.upper())]
