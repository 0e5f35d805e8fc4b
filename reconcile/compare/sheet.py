"""What a comparison writes into workbooks: B's annotated copy (the existing `annotate()` with
one more sheet, "Perbandingan") and, for many pairs, a summary workbook (`--summary`)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reconcile.compare import Comparison

SHEET = "Perbandingan"
LABELS = {
    "id": {"title": "Perbandingan dokumen (reconcile compare)", "a": "Dokumen acuan / versi sebelumnya (A)",
           "b": "Dokumen yang diperiksa (B)", "total": "Total pagu", "cols":
           ["Kode unit", "Unit (OPD)", "Total A", "Total B", "Selisih (B - A)", "Ditambah", "Dihapus", "Berubah",
            "Dipasangkan menurut nama", "Lihat"],
           "all": "Seluruh dokumen", "go": "buka", "pairs": ["A", "B", "Status"], "unpaired": "Tanpa pasangan",
           "findings": "Temuan", "fcols": ["A", "B", "Aturan", "Tingkat", "Lembar", "Sel", "Pesan", "Sebelumnya",
                                           "Sekarang", "Sel di A"], "side": "Sisi", "file": "Berkas"},
    "en": {"title": "Document comparison (reconcile compare)", "a": "Reference / previous document (A)",
           "b": "Document under review (B)", "total": "Total pagu", "cols":
           ["Unit code", "Unit (OPD)", "Total A", "Total B", "Difference (B - A)", "Added", "Removed", "Changed",
            "Matched by name", "See"],
           "all": "Whole document", "go": "open", "pairs": ["A", "B", "Status"], "unpaired": "Unpaired",
           "findings": "Findings", "fcols": ["A", "B", "Rule", "Severity", "Sheet", "Cell", "Message", "Before",
                                             "Now", "Cell in A"], "side": "Side", "file": "File"},
}


def _labels(lang: str) -> dict:
    return LABELS["en" if lang == "en" else "id"]


def add_comparison_sheet(book, comparison: "Comparison", lang: str = "id") -> str:
    """A "Perbandingan" sheet in the openpyxl `book` (B as loaded for annotation): per unit, the
    totals on each side, the difference, the items added / removed / changed, and a link to
    where the unit starts in B. Returns the sheet's name (made unique)."""
    from openpyxl.styles import Font

    from reconcile.read.model import quote_sheet
    from reconcile.terminal import display_path

    lab = _labels(lang)
    taken = {n.lower() for n in book.sheetnames}
    name, n = SHEET, 1
    while name.lower() in taken:
        n += 1
        name = f"{SHEET} ({n})"
    ws = book.create_sheet(name, 0)
    bold = Font(bold=True)
    ws.append([lab["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    for key, path in ((lab["a"], comparison.a), (lab["b"], comparison.b)):
        ws.append([key, _text(display_path(Path(path).name))])
    ws.append([lab["total"], comparison.total_a, comparison.total_b, _diff(comparison.total_a, comparison.total_b)])
    ws.append([])
    ws.append(lab["cols"])
    head = ws.max_row
    for c in range(1, len(lab["cols"]) + 1):
        ws.cell(head, c).font = bold
    for u in comparison.units:
        ws.append([_text(u.code), _text(u.label), u.total_a, u.total_b, u.difference, u.added, u.removed, u.changed,
                   u.by_name])
        if u.sheet and u.cell and u.sheet in book.sheetnames:
            link = ws.cell(ws.max_row, 10, lab["go"])
            link.hyperlink = f"#{quote_sheet(u.sheet)}!{u.cell}"
            link.font = Font(color="FF0563C1", underline="single")
    for row in ws.iter_rows(min_row=4, min_col=2, max_col=5):
        for cell in row:
            if isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0"
    for col, width in zip("ABCDEFGHIJ", (26, 44, 20, 20, 20, 10, 10, 10, 12, 8)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(head + 1, 1)
    return name


def _text(value) -> str:
    """Cell text that is never taken as a formula."""
    text = str(value or "")
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def _diff(a, b):
    return None if a is None or b is None else b - a


def annotate_b(comparison: "Comparison", output: Path | None = None, lang: str = "id", ruleset: str = ""):
    """B's annotated copy: every finding noted at its cell (with A's value: "pada versi
    sebelumnya: Rp …") by `reconcile.report.annotate.annotate`, and the "Perbandingan" sheet.

    The patched copy (`annotate`'s default) cannot take a sheet of ours yet: when `annotate`
    offers `extra_sheets`, the sheet goes in through it (and is recorded as ours); otherwise
    the copy is rebuilt through openpyxl with the sheet added (what openpyxl cannot keep is
    listed on the copy's summary sheet, as for any rebuilt copy)."""
    import inspect

    from reconcile.report import annotate as annotating

    path = Path(comparison.b)
    wb = comparison.workbook_b
    if wb.format not in ("xlsx", "xlsm"):
        return annotating.annotate(path, comparison.findings, output, lang, ruleset, wb.format, wb)
    if "extra_sheets" in inspect.signature(annotating.annotate).parameters:
        return annotating.annotate(path, comparison.findings, output, lang, ruleset, wb.format, wb,
                                   extra_sheets=lambda book: [add_comparison_sheet(book, comparison, lang)])
    opened = annotating._load_with_openpyxl(path, Path(output) if output else annotating.default_output(path))
    add_comparison_sheet(opened.book, comparison, lang)
    return annotating.annotate(path, comparison.findings, output, lang, ruleset, wb.format, wb, opened=opened)


def write_summary(comparisons: list["Comparison"], unpaired: dict[str, list[str]], target: Path,
                  lang: str = "id", like=None) -> Path:
    """One workbook for many pairs: a Perbandingan row per unit of every pair, every finding,
    and the files left without a pair. Written to a temporary file and moved into place."""
    import os
    import tempfile

    import xlsxwriter

    from reconcile.batch import make_shareable
    from reconcile.marks import SUMMARY_MARK
    from reconcile.terminal import display_path

    lab = _labels(lang)
    fd, tmp = tempfile.mkstemp(prefix=".reconcile-", suffix=".xlsx", dir=str(target.parent))
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": lab["title"], "author": "reconcile", "keywords": SUMMARY_MARK})
        bold, money = wb.add_format({"bold": True}), wb.add_format({"num_format": "#,##0"})
        ws = wb.add_worksheet(SHEET)
        head = lab["pairs"] + lab["cols"][:-1]
        ws.write_row(0, 0, head, bold)
        r = 1
        for c in comparisons:
            names = [display_path(Path(c.a).name), display_path(Path(c.b).name)]
            if c.status != "ok":
                ws.write_row(r, 0, names + [c.error or "error"])
                r += 1
                continue
            for u in [None] + c.units:
                cells = ([lab["all"], "", c.total_a, c.total_b, _diff(c.total_a, c.total_b),
                          sum(x.added for x in c.units), sum(x.removed for x in c.units),
                          sum(x.changed for x in c.units), sum(x.by_name for x in c.units)] if u is None else
                         [u.code, u.label, u.total_a, u.total_b, u.difference, u.added, u.removed, u.changed, u.by_name])
                ws.write_row(r, 0, names + ["ok"] + cells[:2], bold if u is None else None)
                for j, v in enumerate(cells[2:]):
                    if v is not None:
                        ws.write_number(r, 5 + j, v, money if j < 3 else None)
                r += 1
        ws.autofilter(0, 0, max(r - 1, 0), len(head) - 1)
        ws.freeze_panes(1, 0)
        ws.set_column(0, 1, 30)
        ws.set_column(3, 4, 30)
        ws.set_column(5, 7, 18)
        fs = wb.add_worksheet(lab["findings"])
        fs.write_row(0, 0, lab["fcols"], bold)
        r = 1
        for c in comparisons:
            for f in c.findings:
                fs.write_row(r, 0, [display_path(Path(c.a).name), display_path(Path(c.b).name), f.rule, f.severity,
                                    f.sheet, f.cell, f.message, f.expected or "", f.actual or "",
                                    "; ".join(f.related)])
                r += 1
        fs.autofilter(0, 0, max(r - 1, 0), len(lab["fcols"]) - 1)
        fs.freeze_panes(1, 0)
        fs.set_column(6, 6, 90)
        us = wb.add_worksheet(lab["unpaired"])
        us.write_row(0, 0, [lab["side"], lab["file"]], bold)
        r = 1
        for side in ("a", "b"):
            for p in unpaired.get(side, []):
                us.write_row(r, 0, [side.upper(), display_path(p)])
                r += 1
        wb.close()
        make_shareable(tmp, like=like)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
