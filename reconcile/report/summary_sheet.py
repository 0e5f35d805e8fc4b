"""The "Hasil Pemeriksaan" sheet a person reads, laid out once and written two ways: as
worksheet XML for the patched copy, or through openpyxl for a rebuilt (values-only) copy.

Widths fit what the columns hold (codes, severities, sheet names, cells); messages wrap in
their own row, whose height is set from their length; the per-rule table names each rule's
title. The rule set is named by version and a short hash, never by a path of this machine.
"""
from __future__ import annotations

import hashlib
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reconcile.checks.base import SEVERITIES, SEVERITY_RANK, Finding
from reconcile.read.model import cell_name, column_letter, quote_sheet
from reconcile.report.notes_patch import clean
from reconcile.report.package import esc

GROUP_AFTER = 15  # findings of one rule beyond this many are grouped (collapsed rows)
LINE_PT = 15.0  # one line of 11 pt text
WRAP_COLS = {6: 70, 7: 24, 8: 24}  # message, expected, actual: widths in characters
NOTE_MESSAGE_MAX = 220  # a note holds the message up to this length; the summary holds it all


@dataclass
class Cell:
    value: object
    style: str = ""  # "", title, bold, italic, link, wrap, lost, sev:<severity>, head
    link: str | None = None  # an internal location ("'Tabel 4.1'!J12")


@dataclass
class Layout:
    rows: list[list[Cell | None]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    grouped: set[int] = field(default_factory=set)  # rows hidden in an outline group
    merges: list[str] = field(default_factory=list)
    header_row: int = 0
    numbers: dict[int, int] = field(default_factory=dict)  # id(finding) -> its No in the list

    def add(self, *cells) -> int:
        self.rows.append([c if isinstance(c, Cell) or c is None else Cell(c) for c in cells])
        return len(self.rows)


def ruleset_label(ruleset: str) -> str:
    """`reconcile 0.1.0, /home/…/rules` -> `reconcile 0.1.0, aturan 3f2a9c1b`: the rule set is
    named by a hash of its files, so no path of this machine goes out with the copy."""
    parts = [p.strip() for p in (ruleset or "").split(",")]
    out = []
    for part in parts:
        if not part:
            continue
        looks_like_path = os.sep in part or "/" in part or "\\" in part
        if looks_like_path:
            digest = rules_hash(Path(part))
            if digest:
                out.append(f"aturan {digest}")
            continue
        out.append(part)
    return ", ".join(out)


def rules_hash(folder: Path) -> str:
    """A short hash of a rules folder's YAML files (names and contents)."""
    h = hashlib.sha256()
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".csv"))
        for p in files:
            h.update(p.name.encode())
            h.update(p.read_bytes())
    except OSError:
        return ""
    return h.hexdigest()[:10] if files else ""


def rule_titles(lang: str) -> dict[str, str]:
    try:
        from reconcile.checks.registry import all_rules

        return {r.code: (r.title_en if lang == "en" else r.title) for r in all_rules()}
    except Exception:  # titles are a help; a missing one never stops the copy
        return {}


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.rule))


def _lines(text: str, width: float) -> int:
    # a column `width` characters wide holds about that many of the digit 0 in 11 pt; words
    # of mixed letters are narrower, and a line breaks at a space: 1.1 errs on the safe side
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def build(name: str, findings: list[Finding], lab: dict, ruleset: str, lost: list[str], lang: str,
          when: datetime | None = None) -> Layout:
    lay = Layout()
    titles = rule_titles(lang)
    lay.add(Cell(lab["title"], "title"))
    lay.heights[1] = 22
    lay.add(lab["file"], None, Cell(name))
    lay.add(lab["when"], None, Cell((when or datetime.now()).strftime("%Y-%m-%d %H:%M")))
    lay.add(lab["rules"], None, Cell(ruleset_label(ruleset)))
    counts = Counter(f.severity for f in findings)
    lay.add(lab["counts"], None, Cell(" · ".join(f"{lab[s]}: {counts.get(s, 0)}" for s in SEVERITIES)))
    lay.add(lab["legend"], None, *[Cell(lab[s], f"sev:{s}") for s in SEVERITIES])
    if lost:
        text = "; ".join(lost)
        r = lay.add(lab["lost"], None, Cell(text, "lost"))
        lay.merges.append(f"C{r}:H{r}")
        lay.heights[r] = LINE_PT * _lines(text, 16 + 20 + 8 + 70 + 48) + 3
    lay.add()
    lay.add(Cell(lab["by_rule"], "bold"))
    lay.add(*[Cell(h, "head") for h in lab["rule_cols"]])
    by_rule = Counter(f.rule for f in findings)
    worst = {}
    for f in findings:
        if f.rule not in worst or SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst[f.rule]]:
            worst[f.rule] = f.severity
    for rule, n in sorted(by_rule.items(), key=lambda kv: (SEVERITY_RANK[worst[kv[0]]], -kv[1], kv[0])):
        lay.add(n, Cell(lab.get(worst[rule], worst[rule]), f"sev:{worst[rule]}"), Cell(rule), Cell(titles.get(rule, "")))
    lay.add()
    lay.add(Cell(lab["findings"], "bold"))
    lay.header_row = lay.add(*[Cell(h, "head") for h in lab["cols"]])
    if not findings:
        lay.add(Cell(lab["none"]))
    items = ordered(findings)
    seen: Counter = Counter()
    for n, f in enumerate(items, start=1):
        lay.numbers[id(f)] = n
        seen[f.rule] += 1
        if seen[f.rule] == GROUP_AFTER + 1:
            lay.add(None, None, Cell(f.rule), None, None,
                    Cell(lab["more"].format(n=by_rule[f.rule] - GROUP_AFTER, rule=f.rule), "italic"))
        r = lay.add(Cell(n, "top"), Cell(lab.get(f.severity, f.severity), f"sev:{f.severity}"), Cell(f.rule, "top"),
                    Cell(f.sheet, "top"),
                    Cell(f.cell, "link", f"{quote_sheet(f.sheet)}!{f.cell}") if f.cell else None,
                    Cell(f.message, "wrap"),
                    Cell(f.expected, "wrap") if f.expected is not None else None,
                    Cell(f.actual, "wrap") if f.actual is not None else None)
        if seen[f.rule] > GROUP_AFTER:
            lay.grouped.add(r)
        lines = max(_lines(str(v), WRAP_COLS[c]) for c, v in
                    ((6, f.message), (7, f.expected if f.expected is not None else ""),
                     (8, f.actual if f.actual is not None else "")))
        if lines > 1:
            lay.heights[r] = LINE_PT * lines + 3
    codes = [len(str(f.rule)) for f in findings] + [len(lab["cols"][2]), len(lab["rule_cols"][2])]
    sheets = [len(str(f.sheet)) for f in findings] + [len(lab["cols"][3])]
    cells = [len(str(f.cell or "")) for f in findings] + [len(lab["cols"][4])]
    lay.widths = {1: max(8, len(lab["rule_cols"][0]) + 2, len(str(len(findings))) + 3),
                  2: max(len(lab[s]) for s in SEVERITIES) + 4,
                  3: max(codes) + 4, 4: min(max(sheets) + 3, 34), 5: max(cells) + 3, **WRAP_COLS}
    return lay


def note_text(f: Finding, lab: dict, number: int | None, summary_name: str) -> str:
    """Our part of a cell's note for one finding: short (the full text is on the summary)."""
    message = str(f.message)
    cut = len(message) > NOTE_MESSAGE_MAX
    if cut:
        message = message[:NOTE_MESSAGE_MAX].rsplit(" ", 1)[0] + " …"
    text = f"{f.rule} [{lab.get(f.severity, f.severity)}]: {message}"
    e, a = f.expected, f.actual
    if (e is not None or a is not None) and len(str(e)) <= 60 and len(str(a)) <= 60:
        text += f"\n{lab['expected']}: {e if e is not None else '-'}; {lab['actual']}: {a if a is not None else '-'}"
    if number is not None and (cut or e is not None or a is not None):
        text += "\n" + lab["see"].format(sheet=summary_name, n=number)
    return text


# --------------------------------------------------------------------------- as worksheet XML

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FILL_COLORS = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "info": "FFDDEBF7"}


def style_ids(styles) -> dict[str, int]:
    """The cell formats of the summary, added to (or found in) the workbook's styles."""
    ids = {"": 0}
    ids["title"] = styles.cell_format(font=styles.font(bold=True, size=14))
    ids["bold"] = styles.cell_format(font=styles.font(bold=True))
    ids["head"] = styles.cell_format(font=styles.font(bold=True), wrap=True)
    ids["italic"] = styles.cell_format(font=styles.font(italic=True), wrap=True)
    ids["link"] = styles.cell_format(font=styles.font(color="FF0563C1", underline=True), wrap=True)
    ids["wrap"] = styles.cell_format(wrap=True)
    ids["top"] = ids["wrap"]
    ids["lost"] = styles.cell_format(font=styles.font(bold=True, color="FF9C0006"), wrap=True)
    for sev, argb in FILL_COLORS.items():
        ids[f"sev:{sev}"] = styles.cell_format(fill=styles.solid_fill(argb), wrap=True)
    return ids


def _cell_xml(ref: str, cell: Cell, ids: dict[str, int]) -> str:
    s = ids.get(cell.style, 0)
    sa = f' s="{s}"' if s else ""
    v = cell.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        text = esc(clean(str(v)), quote=False)
        return f'<c r="{ref}"{sa} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"{sa}><v>{v!r}</v></c>'


def sheet_xml(lay: Layout, ids: dict[str, int], selected: bool = True) -> bytes:
    last = max(len(lay.rows), 1)
    hr = lay.header_row or 1
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheetPr><outlinePr summaryBelow="0"/><pageSetUpPr fitToPage="1"/></sheetPr>'
             f'<dimension ref="A1:H{last}"/><sheetViews><sheetView{" tabSelected=" + chr(34) + "1" + chr(34) if selected else ""}'
             f' workbookViewId="0"><pane ySplit="{hr}" topLeftCell="A{hr + 1}" activePane="bottomLeft" state="frozen"/>'
             f'<selection pane="bottomLeft" activeCell="A{hr + 1}" sqref="A{hr + 1}"/></sheetView></sheetViews>'
             f'<sheetFormatPr defaultRowHeight="15"{" outlineLevelRow=" + chr(34) + "1" + chr(34) if lay.grouped else ""}/>'
             "<cols>"]
    for col, width in sorted(lay.widths.items()):
        parts.append(f'<col min="{col}" max="{col}" width="{width:g}" customWidth="1"/>')
    parts.append("</cols><sheetData>")
    links = []
    for r, row in enumerate(lay.rows, start=1):
        attrs = ""
        if r in lay.heights:
            attrs += f' ht="{lay.heights[r]:g}" customHeight="1"'
        if r in lay.grouped:
            attrs += ' hidden="1" outlineLevel="1"'
        cells = []
        for c, cell in enumerate(row, start=1):
            if cell is None or cell.value is None:
                continue
            ref = cell_name(r, c)
            cells.append(_cell_xml(ref, cell, ids))
            if cell.link:
                links.append((ref, cell.link, str(cell.value)))
        parts.append(f'<row r="{r}"{attrs}>' + "".join(cells) + "</row>")
    parts.append("</sheetData>")
    parts.append(f'<autoFilter ref="A{hr}:H{max(last, hr)}"/>')
    if lay.merges:
        parts.append(f'<mergeCells count="{len(lay.merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in lay.merges)
                     + "</mergeCells>")
    if links:
        parts.append("<hyperlinks>" + "".join(f'<hyperlink ref="{ref}" location="{esc(loc)}" display="{esc(disp)}"/>'
                                              for ref, loc, disp in links) + "</hyperlinks>")
    parts.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
                 '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
    return "".join(parts).encode("utf-8")


def defined_names(lay: Layout, sheet: str, index: int) -> list[str]:
    """Print titles and the filter's range of the summary sheet, at sheet position `index`."""
    hr = lay.header_row or 1
    q = esc(quote_sheet(sheet), quote=False)
    return [f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">{q}!$A${hr}:$H${max(len(lay.rows), hr)}</definedName>',
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">{q}!${hr}:${hr}</definedName>']


def state_xml(rows: list[list[str]]) -> bytes:
    """The very hidden state sheet: its mark and our sheets' names, then the agency's fills."""
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'
             f'<dimension ref="A1:C{max(len(rows), 1)}"/><sheetData>']
    for r, row in enumerate(rows, start=1):
        parts.append(f'<row r="{r}">' + "".join(
            f'<c r="{column_letter(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{esc(clean(str(v)), quote=False)}</t></is></c>'
            for c, v in enumerate(row, start=1) if v not in (None, "")) + "</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8")


# --------------------------------------------------------------------------- through openpyxl

def write_openpyxl(ws, lay: Layout) -> None:
    """The same layout on an openpyxl sheet (the rebuilt copy of a workbook that cannot be patched)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    wrap = Alignment(wrap_text=True, vertical="top")
    looks = {"title": (Font(bold=True, size=14), None), "bold": (Font(bold=True), None),
             "head": (Font(bold=True), wrap), "italic": (Font(italic=True), wrap),
             "link": (Font(color="FF0563C1", underline="single"), wrap), "wrap": (None, wrap), "top": (None, wrap),
             "lost": (Font(bold=True, color="FF9C0006"), wrap)}
    for r, row in enumerate(lay.rows, start=1):
        for c, cell in enumerate(row, start=1):
            if cell is None or cell.value is None:
                continue
            target = ws.cell(r, c)
            v = cell.value
            target.value = clean(v) if isinstance(v, str) else (v if isinstance(v, (int, float)) else clean(str(v)))
            if isinstance(target.value, str):
                target.data_type = "s"  # never a formula, whatever it starts with
            font, align = looks.get(cell.style, (None, None))
            if cell.style.startswith("sev:"):
                color = FILL_COLORS[cell.style[4:]]
                target.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
                align = wrap
            if font is not None:
                target.font = font
            if align is not None:
                target.alignment = align
            if cell.link:
                target.hyperlink = f"#{cell.link}"
    for col, width in lay.widths.items():
        ws.column_dimensions[column_letter(col)].width = width
    for r, h in lay.heights.items():
        ws.row_dimensions[r].height = h
    for r in sorted(lay.grouped):
        ws.row_dimensions[r].outlineLevel = 1
        ws.row_dimensions[r].hidden = True
    for m in lay.merges:
        ws.merge_cells(m)
    hr = lay.header_row or 1
    ws.freeze_panes = ws.cell(hr + 1, 1)
    ws.auto_filter.ref = f"A{hr}:H{max(len(lay.rows), hr)}"
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{hr}:{hr}"

