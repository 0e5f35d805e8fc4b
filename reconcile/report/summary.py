"""Bappeda's consolidated workbook over a batch (`reconcile check … --summary rekap.xlsx`).

Sheets: "Rekap" (one row per file, worst first: its path relative to the batch's folder, the
agency as the workbook states it (else the folder's name, in italics) and year, counts by
severity and of findings marked as intended, status: read, read without a plan table, or not
read, each counted apart above the table; link to its annotated copy), "Temuan" (every
finding of every file, in the same order, its cell linked to that cell in the annotated
copy), "Per Aturan" (counts by rule across files) and "Grafik" (a bar chart of findings per
file). Every sheet prints on A4 landscape, one page wide, its column titles repeated; links
are relative, with forward slashes. Written with xlsxwriter; every text taken from a workbook goes through `write_string`, so a
string starting with = + - @ stays text and never becomes a formula. The file is written to
a temporary name next to the target and moved into place.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from reconcile.checks.base import SEVERITIES, SEVERITY_RANK
from reconcile.marks import SUMMARY_MARK  # in the document keywords: a folder walk skips our own summaries
from reconcile.read.model import column_letter, quote_sheet
from reconcile.terminal import valid_utf8

MAX_CELL_TEXT = 32767
MAX_ROWS = 1_048_576
MAX_LINKS = 65_530  # Excel's limit of hyperlinks per worksheet; findings beyond it are listed without one
MAX_URL = 2_000  # Excel's limit on a link's target and location (2,079), with room to spare

LABELS = {
    "id": {
        "rekap": "Rekap", "temuan": "Temuan", "per_aturan": "Per Aturan", "grafik": "Grafik",
        "title": "Rekap pemeriksaan reconcile", "made": "Dibuat",
        "root": "lokasi berkas relatif terhadap folder",
        "folder_note": "perangkat daerah bercetak miring: nama folder (dokumen tidak menyebutkannya)",
        "rekap_cols": ["No", "Berkas", "Perangkat Daerah", "Tahun", "Status", "Error", "Peringatan", "Info",
                       "Disengaja", "Jumlah temuan", "Keterangan", "Salinan bertanda"],
        "temuan_cols": ["Perangkat Daerah", "Berkas", "Tingkat", "Aturan", "Lembar", "Sel", "Pesan", "Seharusnya",
                        "Tertulis", "Disengaja (alasan)"],
        "aturan_cols": ["Aturan", "Judul", "Error", "Peringatan", "Info", "Disengaja", "Jumlah temuan",
                        "Jumlah berkas"],
        "grafik_cols": ["Perangkat Daerah (berkas)", "Error", "Peringatan", "Info"],
        "chart_title": "Temuan per berkas", "ok": "terbaca", "error_status": "tidak terbaca",
        "no_table_status": "tanpa tabel Renja", "files": "berkas",
        "open": "buka", "open_cell": "buka sel ini di salinan bertanda", "total": "Jumlah",
        "truncated": "… (daftar dipotong: batas baris Excel)",
        "error": "kesalahan", "warning": "peringatan", "info": "info",  # messages.SEVERITY_WORDS
    },
    "en": {
        "rekap": "Rekap", "temuan": "Temuan", "per_aturan": "Per Aturan", "grafik": "Grafik",
        "title": "reconcile batch summary", "made": "Made",
        "root": "file locations relative to the folder",
        "folder_note": "agency in italics: the folder's name (the document does not state one)",
        "rekap_cols": ["No", "File", "Agency", "Year", "Status", "Errors", "Warnings", "Info",
                       "Acknowledged", "Findings", "Note", "Annotated copy"],
        "temuan_cols": ["Agency", "File", "Severity", "Rule", "Sheet", "Cell", "Message", "Expected", "Actual",
                        "Acknowledged (reason)"],
        "aturan_cols": ["Rule", "Title", "Errors", "Warnings", "Info", "Acknowledged", "Findings", "Files"],
        "grafik_cols": ["Agency (file)", "Errors", "Warnings", "Info"],
        "chart_title": "Findings per file", "ok": "read", "error_status": "unreadable",
        "no_table_status": "no Renja table", "files": "file(s)",
        "open": "open", "open_cell": "open this cell in the annotated copy", "total": "Total",
        "truncated": "… (list cut: Excel row limit)",
        "error": "error", "warning": "warning", "info": "info",
    },
}
# The sheet names stay the same in both languages: scripts and links point at them.

# --------------------------------------------------------------------------- the workbook

def _text(value: Any) -> str:
    s = "" if value is None else valid_utf8(str(value))  # an undecodable file name: valid UTF-8 only
    return s if len(s) <= MAX_CELL_TEXT else s[: MAX_CELL_TEXT - 1] + "…"


STATUSES = ("ok", "no_table", "error")  # as in `FileResult.status`; anything else counts as error


def _status(res) -> str:
    return res.status if res.status in STATUSES else "error"


def _status_label(status: str, lab) -> str:
    return {"ok": lab["ok"], "no_table": lab["no_table_status"]}.get(status, lab["error_status"])


def worst_first(items: list) -> list:
    """The files a verifier reads first on top: those read, by open errors, then warnings, then
    info (acknowledged findings do not count); then those without a plan table; then those not
    read. Equal files keep the order they were given."""
    def key(item):
        c = item.counts()
        return (STATUSES.index(_status(item.result)), -c["error"], -c["warning"], -c["info"])

    return sorted(items, key=key)


def _root(items) -> Path | None:
    """The folder every file lies in (their paths are shown relative to it)."""
    folders = {Path(os.path.abspath(item.result.path)).parent for item in items}
    if not folders:
        return None
    try:
        return Path(os.path.commonpath([str(f) for f in folders]))
    except ValueError:  # other drives (Windows): no common folder
        return None


def _relative(path: str, root: Path | None) -> str:
    """`path` relative to `root`, with forward slashes whatever the system."""
    full = Path(os.path.abspath(path))
    if root is not None:
        try:
            return full.relative_to(root).as_posix()
        except ValueError:
            pass
    return full.as_posix()


def _agency(item) -> tuple[str, bool]:
    """(agency, stated by the document): the document's own words, else the folder's name."""
    if item.agency:
        return item.agency, True
    return Path(os.path.abspath(item.result.path)).parent.name, False


def _order(findings) -> list:
    """Open findings by severity, then those acknowledged; otherwise in the rules' order."""
    return sorted(findings, key=lambda f: (f.acknowledged is not None, SEVERITY_RANK.get(f.severity, 9)))


class _Links:
    """Relative links to the annotated copies, written with forward slashes.

    xlsxwriter turns every "/" of a file link into "\\" (which LibreOffice, and Excel on a
    Mac, cannot follow) and splits the target at its first "#". So each link is written with
    a plain placeholder target and the relationship parts are rewritten afterwards with the
    real target: relative to the summary's folder, forward slashes, percent-escaped."""

    def __init__(self, summary_dir: Path):
        self.summary_dir = Path(os.path.abspath(summary_dir))
        self.by_target: dict[str, str] = {}
        self.targets: dict[str, str] = {}

    def url(self, copy: str, location: str | None = None) -> str | None:
        """The xlsxwriter URL for `copy` (at `location`, e.g. "'Tabel 4.1'!J12"), None when too long."""
        target = self.target(copy)
        if len(target) > MAX_URL or (location and len(location) > MAX_URL):
            return None
        placeholder = self.by_target.get(target)
        if placeholder is None:
            placeholder = self.by_target[target] = f"reconcile-link-{len(self.by_target) + 1}"
            self.targets[placeholder] = target
        return f"external:{placeholder}" + (f"#{location}" if location else "")

    def target(self, copy: str) -> str:
        from urllib.parse import quote

        full = Path(os.path.abspath(copy))
        try:
            rel = Path(os.path.relpath(full, self.summary_dir)).as_posix()
        except ValueError:  # another drive (Windows): an absolute file link
            return "file:///" + quote(full.as_posix().lstrip("/"), safe="/:")
        return quote(rel, safe="/")

    def rewrite(self, package: bytes, out_path: str) -> None:
        """Copy the package xlsxwriter made into `out_path`, the placeholders replaced."""
        from xml.sax.saxutils import escape

        pattern = re.compile(rb'Target="(reconcile-link-\d+)"')

        def real(m: re.Match) -> bytes:
            target = self.targets.get(m.group(1).decode("ascii"))
            if target is None:
                return m.group(0)
            return b'Target="' + escape(target, {'"': "&quot;"}).encode("utf-8") + b'"'

        with zipfile.ZipFile(io.BytesIO(package)) as src, \
                zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename.endswith(".rels") and b"reconcile-link-" in data:
                    data = pattern.sub(real, data)
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def write_summary(items: Iterable, output: Path, lang: str = "id",
                  rule_titles: dict[str, str] | None = None) -> Path:
    """Write the consolidated workbook for batch `items` (`reconcile.batch.BatchItem`s)."""
    import xlsxwriter

    items = worst_first(list(items))
    lab = LABELS.get(lang, LABELS["id"])
    rule_titles = rule_titles or {}
    output = Path(output)
    root = _root(items)
    links = _Links(output.parent)
    fd, tmp = tempfile.mkstemp(prefix=".reconcile-", suffix=".xlsx", dir=str(output.parent))
    os.close(fd)
    try:
        package = io.BytesIO()
        wb = xlsxwriter.Workbook(package, {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
        wb.set_properties({"title": lab["title"], "author": "reconcile", "keywords": SUMMARY_MARK})
        fmt = {
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "head": wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                   "valign": "top"}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
            "top": wb.add_format({"valign": "top"}),
            "folder": wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}),
            "agency": wb.add_format({"text_wrap": True, "valign": "top"}),
            "link": wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"}),
            "bad": wb.add_format({"bg_color": "#FFC7CE", "valign": "top"}),
            "none": wb.add_format({"bg_color": "#EDEDED", "valign": "top"}),
            "error": wb.add_format({"bg_color": "#FFC7CE", "valign": "top"}),
            "warning": wb.add_format({"bg_color": "#FFEB9C", "valign": "top"}),
            "info": wb.add_format({"bg_color": "#DDEBF7", "valign": "top"}),
            "acknowledged": wb.add_format({"bg_color": "#E2EFDA", "valign": "top"}),
            "bold": wb.add_format({"bold": True}),
        }
        ctx = _Sheet(lab, fmt, root, links)
        _rekap(wb, items, ctx)
        _temuan(wb, items, ctx)
        _per_aturan(wb, items, ctx, rule_titles)
        _grafik(wb, items, ctx)
        wb.close()
        links.rewrite(package.getvalue(), tmp)
        from reconcile.batch import make_shareable

        make_shareable(tmp, like=[item.result.path for item in items])  # no more open than any input
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output


class _Sheet:
    """What every sheet writer shares."""

    def __init__(self, lab, fmt, root: Path | None, links: _Links):
        self.lab, self.fmt, self.root, self.links = lab, fmt, root, links

    def relative(self, item) -> str:
        return _text(_relative(item.result.path, self.root))

    def agency(self, ws, row: int, col: int, item) -> None:
        agency, stated = _agency(item)
        if agency:
            ws.write_string(row, col, _text(agency), self.fmt["agency" if stated else "folder"])


def _header(ws, row: int, cols: list[str], fmt) -> None:
    for c, name in enumerate(cols):
        ws.write_string(row, c, name, fmt["head"])


def _print_setup(ws, title_row: int, landscape: bool = True) -> None:
    """A4 landscape, as wide as one page (as many pages down as it takes), the column titles
    on every page, page numbers in the footer."""
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(title_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")


def _rekap(wb, items, ctx: _Sheet) -> None:
    lab, fmt = ctx.lab, ctx.fmt
    ws = wb.add_worksheet(lab["rekap"])
    ws.write_string(0, 0, lab["title"], fmt["title"])
    made = f"{lab['made']}: {datetime.now().strftime('%Y-%m-%d %H:%M')}"
    if ctx.root is not None:
        made += f"; {lab['root']}: {_text(ctx.root.as_posix())}"
    if any(not item.agency for item in items):
        made += f"; {lab['folder_note']}"
    ws.write_string(1, 0, made)
    # The files read, those read without a plan table and those not read, each counted apart.
    by_status = Counter(_status(item.result) for item in items)
    ws.write_string(2, 0, f"{len(items)} {lab['files']}: " + ", ".join(
        f"{by_status[s]} {_status_label(s, lab)}" for s in STATUSES))
    head = 3
    _header(ws, head, lab["rekap_cols"], fmt)
    r = head
    for n, item in enumerate(items, start=1):
        r = head + n
        res = item.result
        counts = item.counts()
        ws.write_number(r, 0, n, fmt["top"])
        ws.write_string(r, 1, ctx.relative(item), fmt["wrap"])
        ctx.agency(ws, r, 2, item)
        if item.year:
            ws.write_number(r, 3, item.year, fmt["top"])
        status = _status(res)
        ok = status == "ok"
        ws.write_string(r, 4, _status_label(status, lab),
                        {"ok": fmt["top"], "no_table": fmt["none"]}.get(status, fmt["bad"]))
        for c, sev in enumerate((*SEVERITIES, "acknowledged"), start=5):
            ws.write_number(r, c, counts.get(sev, 0), fmt[sev] if ok and counts.get(sev) else fmt["top"])
        ws.write_number(r, 9, sum(counts.values()), fmt["top"])
        note = res.error if not ok else (item.annotate_error or "")
        if note:
            ws.write_string(r, 10, _text(note), fmt["wrap"])
        url = ctx.links.url(item.annotated) if item.annotated else None
        if url:
            ws.write_url(r, 11, url, fmt["link"], string=_text(Path(item.annotated).name), tip=lab["open"])
        elif item.annotated:
            ws.write_string(r, 11, _text(Path(item.annotated).name), fmt["top"])
    if items:
        total_row = r + 1
        ws.write_string(total_row, 1, lab["total"], fmt["bold"])
        for c in range(5, 10):
            col = column_letter(c + 1)
            ws.write_formula(total_row, c, f"=SUM({col}{head + 2}:{col}{r + 1})", fmt["bold"],
                             sum(_col_value(i, c) for i in items))
    ws.autofilter(head, 0, max(r, head), len(lab["rekap_cols"]) - 1)
    ws.freeze_panes(head + 1, 3)
    for c, w in enumerate((5, 34, 34, 7, 14, 8, 11, 7, 11, 10, 44, 34)):
        ws.set_column(c, c, w)
    _print_setup(ws, head)


def _col_value(item, c: int) -> int:
    counts = item.counts()
    return sum(counts.values()) if c == 9 else counts.get((*SEVERITIES, "acknowledged")[c - 5], 0)


def _temuan(wb, items, ctx: _Sheet) -> None:
    lab, fmt = ctx.lab, ctx.fmt
    ws = wb.add_worksheet(lab["temuan"])
    _header(ws, 0, lab["temuan_cols"], fmt)
    r = 0
    n_links = 0
    full = False
    for item in items:
        where = ctx.relative(item)
        for f in _order(item.result.findings):
            if r + 1 >= MAX_ROWS - 1:
                ws.write_string(r + 1, 0, lab["truncated"])
                r += 1
                full = True
                break
            r += 1
            ctx.agency(ws, r, 0, item)
            ws.write_string(r, 1, where, fmt["wrap"])
            sev_fmt = fmt["acknowledged"] if f.acknowledged is not None else fmt.get(f.severity, fmt["top"])
            ws.write_string(r, 2, lab.get(f.severity, f.severity), sev_fmt)
            ws.write_string(r, 3, _text(f.rule), fmt["top"])
            ws.write_string(r, 4, _text(f.sheet), fmt["wrap"])
            # the cell, linked to the very cell in the annotated copy
            url = None
            if item.annotated and f.cell and n_links < MAX_LINKS:
                url = ctx.links.url(item.annotated, f"{quote_sheet(f.sheet)}!{f.cell}")
            if url:
                ws.write_url(r, 5, url, fmt["link"], string=_text(f.cell), tip=lab["open_cell"])
                n_links += 1
            else:
                ws.write_string(r, 5, _text(f.cell), fmt["top"])
            ws.write_string(r, 6, _text(f.message), fmt["wrap"])
            if f.expected is not None:
                ws.write_string(r, 7, _text(f.expected), fmt["wrap"])
            if f.actual is not None:
                ws.write_string(r, 8, _text(f.actual), fmt["wrap"])
            if f.acknowledged is not None:
                ws.write_string(r, 9, _text(f.acknowledged), fmt["wrap"])
        if full:
            break
    ws.autofilter(0, 0, max(r, 0), len(lab["temuan_cols"]) - 1)
    ws.freeze_panes(1, 0)
    for c, w in enumerate((26, 26, 11, 15, 14, 7, 70, 20, 20, 28)):
        ws.set_column(c, c, w)
    _print_setup(ws, 0)


def _per_aturan(wb, items, ctx: _Sheet, titles: dict[str, str]) -> None:
    lab, fmt = ctx.lab, ctx.fmt
    ws = wb.add_worksheet(lab["per_aturan"])
    _header(ws, 0, lab["aturan_cols"], fmt)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    files: dict[str, set[int]] = defaultdict(set)
    for i, item in enumerate(items):
        for f in item.result.findings:
            by_rule[f.rule]["acknowledged" if f.acknowledged is not None else f.severity] += 1
            files[f.rule].add(i)
    r = 0
    for rule, counts in sorted(by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        r += 1
        ws.write_string(r, 0, _text(rule), fmt["top"])
        if titles.get(rule):
            ws.write_string(r, 1, _text(titles[rule]), fmt["wrap"])
        for c, sev in enumerate((*SEVERITIES, "acknowledged"), start=2):
            ws.write_number(r, c, counts.get(sev, 0), fmt["top"])
        ws.write_number(r, 6, sum(counts.values()), fmt["top"])
        ws.write_number(r, 7, len(files[rule]), fmt["top"])
    ws.autofilter(0, 0, max(r, 0), len(lab["aturan_cols"]) - 1)
    ws.freeze_panes(1, 1)
    for c, w in enumerate((18, 60, 8, 11, 7, 11, 13, 13)):
        ws.set_column(c, c, w)
    _print_setup(ws, 0)


def _chart_labels(items, ctx: _Sheet) -> list[str]:
    """Agency (as stated, else the folder) and the file's relative path."""
    labels = []
    for item in items:
        agency, _ = _agency(item)
        where = _relative(item.result.path, ctx.root)
        labels.append(f"{agency} ({where})" if agency else where)
    return labels


def _grafik(wb, items, ctx: _Sheet) -> None:
    lab, fmt = ctx.lab, ctx.fmt
    ws = wb.add_worksheet(lab["grafik"])
    _header(ws, 0, lab["grafik_cols"], fmt)
    labels = _chart_labels(items, ctx)
    for i, (item, label) in enumerate(zip(items, labels), start=1):
        counts = item.counts()
        ws.write_string(i, 0, _text(label))
        for c, sev in enumerate(SEVERITIES, start=1):
            ws.write_number(i, c, counts.get(sev, 0))
    ws.set_column(0, 0, 50)
    ws.set_column(1, 3, 11)
    _print_setup(ws, 0)
    if not items:
        return
    n = len(items)
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    colors = {"error": "#C00000", "warning": "#FFC000", "info": "#5B9BD5"}
    sheet = lab["grafik"]
    for c, sev in enumerate(SEVERITIES, start=1):
        chart.add_series({
            "name": [sheet, 0, c],
            "categories": [sheet, 1, 0, n, 0],
            "values": [sheet, 1, c, n, c],
            "fill": {"color": colors[sev]},
            "gap": 60,
        })
    chart.set_title({"name": lab["chart_title"]})
    chart.set_y_axis({"reverse": True})  # the worst file on top, as in Rekap
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": max(320, 60 + 22 * n)})
    ws.insert_chart(1, 5, chart)
