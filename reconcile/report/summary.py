"""Bappeda's consolidated workbook over a batch (`reconcile check … --summary rekap.xlsx`).

Sheets: "Rekap" (one row per file: agency and year as the workbook states them, counts by
severity, status: read, read without a plan table, or not read, each counted apart above the
table; link to its annotated copy), "Temuan" (every finding of every file),
"Per Aturan" (counts by rule across files) and "Grafik" (a bar chart of findings per file).
Written with xlsxwriter; every text taken from a workbook goes through `write_string`, so a
string starting with = + - @ stays text and never becomes a formula. The file is written to
a temporary name next to the target and moved into place.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from reconcile.checks.base import SEVERITIES
from reconcile.marks import SUMMARY_MARK  # in the document keywords: a folder walk skips our own summaries
from reconcile.read.model import column_letter
from reconcile.terminal import valid_utf8

MAX_CELL_TEXT = 32767
MAX_ROWS = 1_048_576
TITLE_ROWS = 8  # agency and year are looked for in the first rows of each sheet

LABELS = {
    "id": {
        "rekap": "Rekap", "temuan": "Temuan", "per_aturan": "Per Aturan", "grafik": "Grafik",
        "title": "Rekap pemeriksaan reconcile", "made": "Dibuat",
        "rekap_cols": ["No", "Berkas", "Perangkat Daerah", "Tahun", "Status", "Error", "Peringatan", "Info",
                       "Jumlah temuan", "Keterangan", "Salinan bertanda", "Lokasi berkas"],
        "temuan_cols": ["Berkas", "Tingkat", "Aturan", "Lembar", "Sel", "Pesan", "Seharusnya", "Tertulis"],
        "aturan_cols": ["Aturan", "Judul", "Error", "Peringatan", "Info", "Jumlah temuan", "Jumlah berkas"],
        "grafik_cols": ["Berkas / Perangkat Daerah", "Error", "Peringatan", "Info"],
        "chart_title": "Temuan per berkas", "ok": "terbaca", "error_status": "tidak terbaca",
        "no_table_status": "tanpa tabel Renja", "files": "berkas",
        "open": "buka", "total": "Jumlah", "truncated": "… (daftar dipotong: batas baris Excel)",
        "error": "error", "warning": "peringatan", "info": "info",
    },
    "en": {
        "rekap": "Rekap", "temuan": "Temuan", "per_aturan": "Per Aturan", "grafik": "Grafik",
        "title": "reconcile batch summary", "made": "Made",
        "rekap_cols": ["No", "File", "Agency", "Year", "Status", "Errors", "Warnings", "Info",
                       "Findings", "Note", "Annotated copy", "File location"],
        "temuan_cols": ["File", "Severity", "Rule", "Sheet", "Cell", "Message", "Expected", "Actual"],
        "aturan_cols": ["Rule", "Title", "Errors", "Warnings", "Info", "Findings", "Files"],
        "grafik_cols": ["File / agency", "Errors", "Warnings", "Info"],
        "chart_title": "Findings per file", "ok": "read", "error_status": "unreadable",
        "no_table_status": "no Renja table", "files": "file(s)",
        "open": "open", "total": "Total", "truncated": "… (list cut: Excel row limit)",
        "error": "error", "warning": "warning", "info": "info",
    },
}
# The sheet names stay the same in both languages: scripts and links point at them.

# --------------------------------------------------------------------------- agency and year

_AGENCY_LABEL = re.compile(
    r"^\s*(?:nama\s+)?(?:perangkat\s+daerah|opd|skpd|satuan\s+kerja(?:\s+perangkat\s+daerah)?|unit\s+kerja|instansi)"
    r"\s*(?::\s*(?P<value>.*))?$", re.I | re.S)
_REGION_LABEL = re.compile(
    r"^\s*(?:pemerintah\s+daerah|pemda|pemerintah\s+(?:kota|kabupaten|provinsi)|kabupaten\s*/\s*kota)"
    r"\s*(?::\s*(?P<value>.*))?$", re.I | re.S)
_YEAR_LABEL = re.compile(r"^\s*tahun(?:\s+anggaran|\s+rencana)?\s*(?::\s*(?P<value>.*))?$", re.I | re.S)
_AGENCY_WORDS = (r"dinas|badan|kantor|sekretariat|inspektorat|satuan\s+polisi|rumah\s+sakit|rsud|kecamatan|"
                 r"bagian|biro|kelurahan|sekretariat\s+dprd")
_AGENCY_TEXT = re.compile(
    rf"\b(?P<agency>(?:{_AGENCY_WORDS})\b.+?)(?=\s+(?:tahun|ta\.?)\s*(?:anggaran\s+)?\d{{4}}|\s*[,;()]|\s+[-–]\s|\s*$)",
    re.I | re.S)
_REGION_WORD = re.compile(r"\b(?:kota|kabupaten|kab\.|provinsi)\b", re.I)
_YEAR_IN_TEXT = re.compile(r"\btahun\s+(?:anggaran\s+)?(?P<year>(?:19|20|21)\d\d)\b", re.I)
_PLAN_YEAR = re.compile(r"\b(?:renja|rencana\s+kerja|rkpd|rancangan\s+(?:awal\s+)?renja)\b.*?"
                        r"\btahun\s+(?:anggaran\s+)?(?P<year>(?:19|20|21)\d\d)\b", re.I | re.S)
_LEADING_CODE = re.compile(r"^\d+(?:\.\d+)+\s*[-–]?\s*")  # SIPD: "1.01.0.00.0.00.01.0000 Dinas …"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" :\t-–")


def _label_value(row: list[Any], j: int, match: re.Match, strip_code: bool = True) -> str:
    """The value of "Label : value", in the same cell or in the next filled cell of the row."""
    value = match.group("value")
    if value is None or not value.strip(" :"):
        value = next((str(v) for v in row[j + 1:j + 6] if v not in (None, "") and str(v).strip(" :")), "")
    value = _clean(str(value))
    return _clean(_LEADING_CODE.sub("", value)) if strip_code else value


def _year(text: str) -> int | None:
    m = re.search(r"(?:19|20|21)\d\d", str(text))
    return int(m.group(0)) if m else None


def identify_workbook(wb) -> tuple[str | None, int | None]:
    """The agency and plan year the workbook states in the first rows of its sheets:
    "Perangkat Daerah : Dinas X" (+ "Pemerintah Daerah : Kota Y"), or a title such as
    "DINAS TENAGA KERJA KOTA PONTIANAK TAHUN 2024 - 2025"; the year from "Tahun : 2024", the
    year in that title, or "Renja … Tahun 2024". (None, None) when nothing is stated."""
    label_agency = region = None
    strong_agency = weak_agency = None
    year_with_agency = label_year = plan_year = None
    first_header = defaultdict(lambda: TITLE_ROWS + 1)
    for t in getattr(wb, "tables", []):
        if t.header_rows:
            first_header[t.sheet] = min(first_header[t.sheet], t.header_rows[0])
    sheets = [s.name for s in getattr(wb, "sheets", []) if getattr(s, "visible", True)] or list(wb.grids)
    for sheet in sheets:
        rows = wb.grids.get(sheet) or []
        limit = min(TITLE_ROWS, max(first_header[sheet] - 1, 1))
        for row in rows[:limit]:
            for j, v in enumerate(row[:30]):
                if type(v) is not str or not v.strip():
                    continue
                text = v.strip()
                if label_agency is None and (m := _AGENCY_LABEL.match(text)):
                    label_agency = _label_value(row, j, m) or None
                    continue
                if region is None and (m := _REGION_LABEL.match(text)):
                    region = _label_value(row, j, m) or None
                    continue
                if label_year is None and (m := _YEAR_LABEL.match(text)):
                    label_year = _year(_label_value(row, j, m, strip_code=False))
                    continue
                if plan_year is None and (m := _PLAN_YEAR.search(text)):
                    plan_year = int(m.group("year"))
                if strong_agency is None or weak_agency is None:
                    for m in _AGENCY_TEXT.finditer(text):
                        agency = _clean(m.group("agency"))
                        if len(agency) > 120:
                            continue
                        if _REGION_WORD.search(agency):
                            if strong_agency is None:
                                strong_agency = agency
                                y = _YEAR_IN_TEXT.search(text[m.end():])
                                year_with_agency = int(y.group("year")) if y else None
                            break
                        if weak_agency is None:
                            weak_agency = agency
    agency = None
    if label_agency:
        agency = label_agency
        if region and region.lower() not in agency.lower():
            agency = f"{agency} {region}"
    else:
        agency = strong_agency or weak_agency
    year = label_year or year_with_agency or plan_year
    if year is not None and not 1990 <= year <= 2100:
        year = None
    return agency, year


# --------------------------------------------------------------------------- the workbook

def _text(value: Any) -> str:
    s = "" if value is None else valid_utf8(str(value))  # an undecodable file name: valid UTF-8 only
    return s if len(s) <= MAX_CELL_TEXT else s[: MAX_CELL_TEXT - 1] + "…"


def _link_target(annotated: str, summary_dir: Path) -> str:
    """A link that still works when the summary and the copies move together."""
    target = Path(annotated).resolve()
    try:
        rel = os.path.relpath(target, summary_dir.resolve())
    except ValueError:  # another drive (Windows)
        rel = str(target)
    return "external:" + rel.replace("\\", "/") if os.sep == "/" else "external:" + rel


def write_summary(items: Iterable, output: Path, lang: str = "id",
                  rule_titles: dict[str, str] | None = None) -> Path:
    """Write the consolidated workbook for batch `items` (`reconcile.batch.BatchItem`s)."""
    import xlsxwriter

    items = list(items)
    lab = LABELS.get(lang, LABELS["id"])
    rule_titles = rule_titles or {}
    output = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=".reconcile-", suffix=".xlsx", dir=str(output.parent))
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False})
        wb.set_properties({"title": lab["title"], "author": "reconcile", "keywords": SUMMARY_MARK})
        fmt = {
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "head": wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                   "valign": "top"}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
            "top": wb.add_format({"valign": "top"}),
            "link": wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"}),
            "bad": wb.add_format({"bg_color": "#FFC7CE", "valign": "top"}),
            "none": wb.add_format({"bg_color": "#EDEDED", "valign": "top"}),
            "error": wb.add_format({"bg_color": "#FFC7CE", "valign": "top"}),
            "warning": wb.add_format({"bg_color": "#FFEB9C", "valign": "top"}),
            "info": wb.add_format({"bg_color": "#DDEBF7", "valign": "top"}),
            "bold": wb.add_format({"bold": True}),
        }
        _rekap(wb, items, lab, fmt, output.parent)
        _temuan(wb, items, lab, fmt)
        _per_aturan(wb, items, lab, fmt, rule_titles)
        _grafik(wb, items, lab, fmt)
        wb.close()
        from reconcile.batch import make_shareable

        make_shareable(tmp, like=[item.result.path for item in items])  # no more open than any input
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output


def _header(ws, row: int, cols: list[str], fmt) -> None:
    for c, name in enumerate(cols):
        ws.write_string(row, c, name, fmt["head"])


STATUSES = ("ok", "no_table", "error")  # as in `FileResult.status`; anything else counts as error


def _status(res) -> str:
    return res.status if res.status in STATUSES else "error"


def _status_label(status: str, lab) -> str:
    return {"ok": lab["ok"], "no_table": lab["no_table_status"]}.get(status, lab["error_status"])


def _rekap(wb, items, lab, fmt, summary_dir: Path) -> None:
    ws = wb.add_worksheet(lab["rekap"])
    ws.write_string(0, 0, lab["title"], fmt["title"])
    ws.write_string(1, 0, f"{lab['made']}: {datetime.now().strftime('%Y-%m-%d %H:%M')}")
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
        ws.write_string(r, 1, _text(Path(res.path).name), fmt["top"])
        if item.agency:
            ws.write_string(r, 2, _text(item.agency), fmt["top"])
        if item.year:
            ws.write_number(r, 3, item.year, fmt["top"])
        status = _status(res)
        ok = status == "ok"
        ws.write_string(r, 4, _status_label(status, lab),
                        {"ok": fmt["top"], "no_table": fmt["none"]}.get(status, fmt["bad"]))
        for c, sev in enumerate(SEVERITIES, start=5):
            ws.write_number(r, c, counts.get(sev, 0), fmt[sev] if ok and counts.get(sev) else fmt["top"])
        ws.write_number(r, 8, sum(counts.values()), fmt["top"])
        note = res.error if not ok else (item.annotate_error or "")
        if note:
            ws.write_string(r, 9, _text(note), fmt["wrap"])
        if item.annotated:
            ws.write_url(r, 10, _link_target(item.annotated, summary_dir), fmt["link"],
                         string=_text(Path(item.annotated).name), tip=lab["open"])
        ws.write_string(r, 11, _text(res.path), fmt["top"])
    if items:
        total_row = r + 1
        ws.write_string(total_row, 1, lab["total"], fmt["bold"])
        for c in range(5, 9):
            col = column_letter(c + 1)
            ws.write_formula(total_row, c, f"=SUM({col}{head + 2}:{col}{r + 1})", fmt["bold"],
                             sum(_col_value(i, c) for i in items))
    ws.autofilter(head, 0, max(r, head), len(lab["rekap_cols"]) - 1)
    ws.freeze_panes(head + 1, 2)
    for c, w in enumerate((5, 38, 40, 7, 13, 8, 11, 7, 10, 50, 36, 50)):
        ws.set_column(c, c, w)


def _col_value(item, c: int) -> int:
    counts = item.counts()
    return sum(counts.values()) if c == 8 else counts.get(SEVERITIES[c - 5], 0)


def _temuan(wb, items, lab, fmt) -> None:
    ws = wb.add_worksheet(lab["temuan"])
    _header(ws, 0, lab["temuan_cols"], fmt)
    r = 0
    for item in items:
        name = _text(Path(item.result.path).name)
        for f in item.result.findings:
            if r + 1 >= MAX_ROWS - 1:
                ws.write_string(r + 1, 0, lab["truncated"])
                r += 1
                break
            r += 1
            ws.write_string(r, 0, name, fmt["top"])
            ws.write_string(r, 1, lab.get(f.severity, f.severity), fmt.get(f.severity, fmt["top"]))
            ws.write_string(r, 2, _text(f.rule), fmt["top"])
            ws.write_string(r, 3, _text(f.sheet), fmt["top"])
            ws.write_string(r, 4, _text(f.cell), fmt["top"])
            ws.write_string(r, 5, _text(f.message), fmt["wrap"])
            if f.expected is not None:
                ws.write_string(r, 6, _text(f.expected), fmt["wrap"])
            if f.actual is not None:
                ws.write_string(r, 7, _text(f.actual), fmt["wrap"])
        else:
            continue
        break
    ws.autofilter(0, 0, max(r, 0), len(lab["temuan_cols"]) - 1)
    ws.freeze_panes(1, 0)
    for c, w in enumerate((34, 11, 16, 18, 8, 90, 24, 24)):
        ws.set_column(c, c, w)


def _per_aturan(wb, items, lab, fmt, titles: dict[str, str]) -> None:
    ws = wb.add_worksheet(lab["per_aturan"])
    _header(ws, 0, lab["aturan_cols"], fmt)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    files: dict[str, set[int]] = defaultdict(set)
    for i, item in enumerate(items):
        for f in item.result.findings:
            by_rule[f.rule][f.severity] += 1
            files[f.rule].add(i)
    r = 0
    for rule, counts in sorted(by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        r += 1
        ws.write_string(r, 0, _text(rule))
        if titles.get(rule):
            ws.write_string(r, 1, _text(titles[rule]))
        for c, sev in enumerate(SEVERITIES, start=2):
            ws.write_number(r, c, counts.get(sev, 0))
        ws.write_number(r, 5, sum(counts.values()))
        ws.write_number(r, 6, len(files[rule]))
    ws.autofilter(0, 0, max(r, 0), len(lab["aturan_cols"]) - 1)
    ws.freeze_panes(1, 1)
    for c, w in enumerate((18, 60, 8, 11, 7, 13, 13)):
        ws.set_column(c, c, w)


def _chart_labels(items) -> list[str]:
    """File name, with the agency when the workbook states one."""
    labels = []
    for item in items:
        name = Path(item.result.path).name
        labels.append(f"{item.agency} ({name})" if item.agency else name)
    return labels


def _grafik(wb, items, lab, fmt) -> None:
    ws = wb.add_worksheet(lab["grafik"])
    _header(ws, 0, lab["grafik_cols"], fmt)
    labels = _chart_labels(items)
    for i, (item, label) in enumerate(zip(items, labels), start=1):
        counts = item.counts()
        ws.write_string(i, 0, _text(label))
        for c, sev in enumerate(SEVERITIES, start=1):
            ws.write_number(i, c, counts.get(sev, 0))
    ws.set_column(0, 0, 50)
    ws.set_column(1, 3, 11)
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
    chart.set_y_axis({"reverse": True})  # the first file on top, as in Rekap
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": max(320, 60 + 22 * n)})
    ws.insert_chart(1, 5, chart)
