"""The annotated copy: findings highlighted where planners read them, nothing of theirs lost.

Every cell with a finding gets a fill by its worst severity and a short note; a summary sheet
"Hasil Pemeriksaan" lists every finding in full and links to its cell. The agency's own fills
are kept in a very hidden sheet so that running reconcile again on its own output replaces,
rather than piles up, its marks. The input is never written: the copy is saved to a
temporary file, verified and moved into place.

An .xlsx/.xlsm copy is a patch of the agency's package (`patch.py`): every part they made is
copied byte for byte but the few we must change. Only what cannot be patched (an .xls/.xlsb/
.ods values-only copy, a Strict workbook, a macro workbook saved as .xlsx, a package the
patcher does not understand) is rebuilt through openpyxl, and the summary says what that
copy could not keep.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from reconcile.checks.base import SEVERITY_RANK, Finding
from reconcile.marks import LEGACY_STATE_SHEET, STATE_MARK, own_sheets
from reconcile.read.model import column_index
from reconcile.terminal import display_path

SUMMARY_SHEET = "Hasil Pemeriksaan"
STATE_SHEET = "_reconcile"
AUTHOR = "reconcile"
NOTE_MARK = "— reconcile —"
NOTE_END = "— /reconcile —"  # what a planner types after it is theirs and survives a re-run
MAX_STATE_ROWS = 1_048_576  # the state sheet is input too: bounded like any other
_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")
_OUR_PARAGRAPH = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+ \[")  # "PAGU-SUM [error]: …"
FILLS = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "info": "FFDDEBF7"}
FORMULA_START = ("=", "+", "-", "@")
_SHAPE = re.compile(rb"<(?:\w+:)?sp[\s>]")  # a drawing shape, whatever the namespace prefix
_GROUP = re.compile(rb"<(?:\w+:)?grpSp[\s>]")

LABELS = {
    "id": {
        "title": "Hasil Pemeriksaan reconcile",
        "file": "Berkas", "when": "Waktu", "rules": "Aturan", "counts": "Jumlah temuan",
        "error": "error", "warning": "peringatan", "info": "info",
        "legend": "Warna sel", "by_rule": "Per aturan", "findings": "Daftar temuan",
        "cols": ["No", "Tingkat", "Aturan", "Lembar", "Sel", "Pesan", "Seharusnya", "Tertulis"],
        "rule_cols": ["Jumlah", "Tingkat", "Aturan", "Judul aturan"],
        "see": "Teks lengkap: lembar '{sheet}', no. {n}",
        "more": "{n} temuan {rule} lainnya (baris dikelompokkan: klik + di kiri untuk membuka)",
        "lost": "Tidak dapat dipertahankan oleh salinan ini",
        "none": "Tidak ada temuan.",
        "expected": "seharusnya", "actual": "tertulis",
        "converted": "berkas .{fmt} disalin sebagai .xlsx berisi nilai saja (format, rumus dan gaya "
                     "aslinya tidak ikut)",
    },
    "en": {
        "title": "reconcile check results",
        "file": "File", "when": "When", "rules": "Rules", "counts": "Findings",
        "error": "error", "warning": "warning", "info": "info",
        "legend": "Cell colours", "by_rule": "By rule", "findings": "Findings",
        "cols": ["No", "Severity", "Rule", "Sheet", "Cell", "Message", "Expected", "Actual"],
        "rule_cols": ["Count", "Severity", "Rule", "Rule title"],
        "see": "Full text: sheet '{sheet}', no. {n}",
        "more": "{n} more {rule} findings (rows grouped: click + on the left to open)",
        "lost": "Cannot be kept in this copy",
        "none": "No findings.",
        "expected": "expected", "actual": "actual",
        "converted": "the .{fmt} file is copied as an .xlsx holding values only (its formats, formulas "
                     "and styles are not carried over)",
    },
}


@dataclass
class AnnotateResult:
    output: Path
    cells_marked: int
    lost_features: list[str] = field(default_factory=list)


class CopyMismatch(Exception):
    """The copy, as saved, lacks a sheet or a value of the input: it is not moved into place.
    `what` is `sheet` or `cell`; `where`, `expected`, `actual` say which and how."""

    def __init__(self, what: str, where: str, expected: object = None, actual: object = None):
        super().__init__(f"{what} {where}: {expected!r} -> {actual!r}")
        self.what, self.where, self.expected, self.actual = what, where, expected, actual

    def message(self, lang: str = "id") -> str:
        if self.what == "sheet":
            return (f"Salinan bertanda tidak ditulis: lembar {self.where} tidak dapat disalin oleh pustaka penulis "
                    "(misalnya workbook format Strict Open XML). Simpan berkas dari Excel sebagai \"Excel Workbook "
                    "(.xlsx)\" lalu periksa lagi; temuan di atas tetap berlaku."
                    if lang != "en" else
                    f"No annotated copy written: sheet {self.where} could not be carried over by the writing "
                    "library (e.g. a Strict Open XML workbook). Save the file from Excel as \"Excel Workbook "
                    "(.xlsx)\" and check again; the findings above stand.")
        return (f"Salinan bertanda tidak ditulis: sel {self.where} berisi {self.expected!r} di berkas asli tetapi "
                f"{self.actual!r} di salinan. Tidak ada salinan yang mengubah isi berkas Anda; temuan di atas tetap "
                "berlaku." if lang != "en" else
                f"No annotated copy written: cell {self.where} holds {self.expected!r} in the original but "
                f"{self.actual!r} in the copy. No copy that changes your data is ever written; the findings above "
                "stand.")


def default_output(path: Path) -> Path:
    """renja.xlsx -> renja.diperiksa.xlsx (.xlsm stays .xlsm; .xls/.xlsb become .xlsx)."""
    suffix = ".xlsm" if path.suffix.lower() == ".xlsm" else ".xlsx"
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    if stem.endswith(".diperiksa"):
        stem = stem[: -len(".diperiksa")]
    return path.with_name(f"{stem}.diperiksa{suffix}")


def detect_unkept_features(path: Path) -> list[str]:
    """Parts of the package openpyxl drops on save, found in the input (said, never silent)."""
    found: list[str] = []
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            for name in names:
                low = name.lower()
                if low.startswith("xl/drawings/drawing") and low.endswith(".xml"):
                    data = zf.read(name)
                    if _SHAPE.search(data):
                        found.append("shapes/text boxes (bentuk/kotak teks)")
                    if _GROUP.search(data):
                        found.append("grouped drawings")
                elif low.startswith("xl/ctrlprops/") or low.startswith("xl/activex/"):
                    found.append("form controls")
                elif low.startswith("xl/slicers/") or low.startswith("xl/slicercaches/"):
                    found.append("slicers")
                elif low.startswith("xl/pivottables/"):
                    found.append("pivot tables (kept as values/definitions only)")
                elif low.startswith("xl/timelines/"):
                    found.append("timelines")
                elif low.startswith("customxml/"):
                    found.append("custom XML parts")
                elif low.startswith("xl/threadedcomments/"):
                    found.append("threaded comments (kept as plain notes)")
    except (zipfile.BadZipFile, OSError):
        return []
    return sorted(set(found))


def _clean(text: str) -> str:
    """Characters a worksheet cannot hold (control characters) are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _as_text(cell, text: str) -> None:
    """Write text that is never taken as a formula, whatever it starts with."""
    text = _clean(text)
    cell.value = text
    if cell.data_type == "f" or (isinstance(text, str) and text.startswith(FORMULA_START)):
        cell.data_type = "s"


@dataclass
class OpenedWorkbook:
    """The input made ready to be annotated, independent of the findings: for a patched copy
    its values as read (what the copy is verified against; `book` None), for a rebuilt one
    the openpyxl workbook and what openpyxl will not keep."""

    book: object
    lost_features: list[str]
    values: dict | None = None


def can_patch(path: Path, output: Path) -> bool:
    """Is the copy a patch of the package (else it is rebuilt through openpyxl)?"""
    from reconcile.read.strict import is_strict

    src, out = path.suffix.lower(), output.suffix.lower()
    if src not in (".xlsx", ".xlsm") or (src == ".xlsm") != (out == ".xlsm"):
        return False  # a macro workbook saved as .xlsx (or the reverse) changes its main part's type
    try:
        return not is_strict(path)
    except Exception:
        return False


def open_for_annotation(path: Path, output: Path | None = None) -> OpenedWorkbook:
    """What annotating needs of `path` before the findings are known: its values (a patched
    copy), or the workbook loaded with openpyxl (a rebuilt copy; macros kept when the copy
    stays .xlsm). Runs while the check runs, when a second core is there."""
    path = Path(path)
    output = Path(output) if output else default_output(path)
    if can_patch(path, output):
        from reconcile.report.verify import read_values

        return OpenedWorkbook(None, [], read_values(path))
    return _load_with_openpyxl(path, output)


def _load_with_openpyxl(path: Path, output: Path) -> OpenedWorkbook:
    import openpyxl

    from reconcile import collector

    is_macro = path.suffix.lower() == ".xlsm" and output.suffix.lower() == ".xlsm"
    from reconcile.read.strict import is_strict, to_transitional

    source, scratch = path, None
    if is_strict(path):  # openpyxl finds no sheet in a Strict package: it loads a transitional rewrite
        fd, scratch = tempfile.mkstemp(prefix=".reconcile-strict-", suffix=path.suffix)
        os.close(fd)
        to_transitional(path, scratch)
        source = Path(scratch)
    try:
        with collector.paused():
            book = openpyxl.load_workbook(source, keep_vba=is_macro, rich_text=True, keep_links=True)
    finally:
        if scratch is not None:
            os.unlink(scratch)
    return OpenedWorkbook(book, detect_unkept_features(path))


def annotate(path: Path, findings: Iterable[Finding], output: Path | None = None, lang: str = "id",
             ruleset: str = "", source_format: str = "", workbook=None, *,
             opened: OpenedWorkbook | None = None,
             cached: dict[str, dict[tuple[int, int], object]] | None = None) -> AnnotateResult:
    """Write the annotated copy. `workbook` (the read result) is needed for an .xls/.xlsb/.ods
    input (its values make the copy); for a rebuilt .xlsx it (or `cached`, see
    `formula_values`) supplies the cached values of formula cells, which openpyxl does not
    write back. `opened` is the input already prepared by `open_for_annotation`."""
    from reconcile.batch import file_identity

    path = Path(path)
    output = Path(output) if output else default_output(path)
    converted = source_format in ("xls", "xlsb", "ods")
    if converted and workbook is None:
        raise ValueError(f"{source_format}: the workbook as read is needed to write an .xlsx copy")
    if file_identity(output) == file_identity(path):
        raise ValueError("output would overwrite the input")
    if not output.parent.is_dir():  # never create a folder tree nobody asked for
        raise FileNotFoundError(f"output folder does not exist: {output.parent}")
    findings = list(findings)
    lab = LABELS.get(lang, LABELS["id"])
    if not converted and (opened is None or opened.book is None) and can_patch(path, output):
        from reconcile.report.package import Unpatchable
        from reconcile.report.verify import read_values

        values = opened.values if opened is not None and opened.values is not None else read_values(path)
        try:
            return _patched_copy(path, output, findings, lang, lab, ruleset, values)
        except Unpatchable:
            opened = None  # a package the patcher does not handle: rebuilt, its losses listed
    return _rebuilt_copy(path, output, findings, lang, lab, ruleset, source_format, workbook, opened, cached)


def _patched_copy(path: Path, output: Path, findings: list[Finding], lang: str, lab: dict, ruleset: str,
                  values: dict) -> AnnotateResult:
    from reconcile.report.verify import verify_patched

    def write(target: str):
        return _patch(path, target, findings, values, lab, lang, ruleset)

    def verify(tmp: str, p) -> None:
        verify_patched(path, Path(tmp), p.cells, values, skip=p.removed_sheets, written=p.written)

    patched = _into_place(path, output, write, verify)
    return AnnotateResult(output, patched.cells_marked, [])


def _patch(path, target, findings, values, lab, lang, ruleset):
    """The patched copy written to `target` (a seam for tests that simulate a faulty writer)."""
    from reconcile.report.patch import patch_package

    return patch_package(path, target, findings, values, lab, lang, ruleset, FILLS, NOTE_MARK, strip_our_note,
                         state_entries)


def _into_place(path: Path, output: Path, write: Callable, verify: Callable):
    """`write(tmp)` beside `output`, `verify(tmp, written)`, then moved into place; no copy
    (and no temporary file) when either raises."""
    from reconcile import collector
    from reconcile.batch import make_shareable

    fd, tmp = tempfile.mkstemp(prefix=".reconcile-", suffix=output.suffix, dir=str(output.parent))
    os.close(fd)
    try:
        with collector.paused():
            written = write(tmp)
        verify(tmp, written)  # raises CopyMismatch: no copy written
        make_shareable(tmp, like=path)  # mkstemp makes it private; the copy is no more open than the input
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return written


def _rebuilt_copy(path: Path, output: Path, findings: list[Finding], lang: str, lab: dict, ruleset: str,
                  source_format: str, workbook, opened: OpenedWorkbook | None, cached) -> AnnotateResult:
    """The copy rebuilt through openpyxl: a values-only .xlsx of an .xls/.xlsb/.ods, or an
    .xlsx the patcher cannot handle (what openpyxl cannot keep is listed on the summary)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from reconcile.report import summary_sheet

    converted = source_format in ("xls", "xlsb", "ods")
    if converted:
        # openpyxl cannot open .xls/.xlsb: the copy is a new .xlsx holding the values as read.
        wb = _workbook_from_values(workbook)
        lost = [lab["converted"].format(fmt=source_format)]
        cached = {}  # values are written as they are: nothing to restore
    else:
        if opened is None or opened.book is None:
            opened = _load_with_openpyxl(path, output)
        wb, lost = opened.book, list(opened.lost_features)
    from reconcile.report.verify import read_values

    original = read_values(path)  # what the copy is verified against, before it replaces anything
    if not converted and cached is None:
        cached = formula_values(workbook) if workbook is not None else _formula_values_of(wb, original)

    previous = _remove_previous_marks(wb)
    summary_name = _free_sheet_name(wb, SUMMARY_SHEET)
    layout = summary_sheet.build(display_path(path.name), findings, lab, ruleset, lost, lang)

    fills = {sev: PatternFill(fill_type="solid", start_color=color, end_color=color) for sev, color in FILLS.items()}
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            by_cell[(f.sheet, f.cell)].append(f)
    saved_fills: dict[str, dict[str, str]] = {}
    for (sheet, coord), items in by_cell.items():
        ws = wb[sheet]
        if not hasattr(ws, "cell"):
            continue
        cell = ws[coord]
        if type(cell).__name__ == "MergedCell":
            continue
        worst = min(items, key=lambda f: SEVERITY_RANK[f.severity]).severity
        saved_fills.setdefault(sheet, {})[coord] = _fill_state(cell)
        cell.fill = fills[worst]
        note = "\n\n".join(summary_sheet.note_text(f, lab, layout.numbers.get(id(f)), summary_name)
                            for f in sorted(items, key=lambda f: SEVERITY_RANK[f.severity]))
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text.rstrip()}\n\n{NOTE_MARK}\n{note}\n{NOTE_END}"
            author = cell.comment.author or AUTHOR
        else:
            text = f"{NOTE_MARK}\n{note}\n{NOTE_END}"
            author = AUTHOR
        comment = Comment(_clean(text)[:32000], author)
        from reconcile.report.notes_patch import note_size

        comment.width, comment.height = (int(x) for x in note_size(text))
        cell.comment = comment

    summary = wb.create_sheet(summary_name, 0)
    _write_state(wb, saved_fills, summary_name)
    summary_sheet.write_openpyxl(summary, layout)
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == summary_name
    merged = {ws.title: [r.bounds for r in ws.merged_cells.ranges] for ws in wb.worksheets if hasattr(ws, "merged_cells")}

    def write(tmp: str):
        _save(wb, tmp, cached)

    from reconcile.report.verify import verify_copy

    _into_place(path, output, write, lambda tmp, _: verify_copy(original, Path(tmp), skip=previous, merged=merged))
    return AnnotateResult(output, len(by_cell), lost)


def _workbook_from_values(workbook):
    """A new openpyxl workbook with every sheet's values (for .xls/.xlsb/.ods inputs)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for info in workbook.sheets:
        ws = wb.create_sheet(info.name[:31])
        if not info.visible:
            ws.sheet_state = "hidden"
        for r, line in enumerate(workbook.grids.get(info.name) or [], start=1):
            for c, v in enumerate(line, start=1):
                if v is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(v, str):
                    _as_text(cell, v)
                else:
                    cell.value = v
    if not wb.sheetnames:
        wb.create_sheet("Sheet1")
    return wb


def _fill_state(cell) -> str:
    f = cell.fill
    if f is None or f.fill_type is None:
        return ""
    return json.dumps({"type": f.fill_type, "fg": _color(f.fgColor), "bg": _color(f.bgColor)})


def _color(c) -> dict:
    if c is None:
        return {}
    out = {}
    for key in ("rgb", "theme", "tint", "indexed"):
        v = getattr(c, key, None)
        if isinstance(v, (str, int, float)) and v is not None:
            out[key] = v
    return out


def _parse_fill(state: str):
    from openpyxl.styles import Color, PatternFill

    s = json.loads(state)

    def col(d):
        if "theme" in d:
            return Color(theme=d["theme"], tint=d.get("tint", 0.0))
        if "indexed" in d and "rgb" not in d:
            return Color(indexed=d["indexed"])
        return Color(rgb=d.get("rgb", "00000000"))

    return PatternFill(fill_type=s["type"], fgColor=col(s.get("fg", {})), bgColor=col(s.get("bg", {})))


def _restore_fill(cell, state: str) -> None:
    from openpyxl.styles import PatternFill

    cell.fill = _parse_fill(state) if state else PatternFill(fill_type=None)


def _is_our_fill(cell) -> bool:
    f = cell.fill
    return f is not None and f.fill_type == "solid" and getattr(f.fgColor, "rgb", None) in FILLS.values()


def _remove_previous_marks(wb) -> set[str]:
    """Undo an earlier run: our sheets (recognised by their mark, never by name alone), our
    notes and our fills (the agency's fills come back). Returns the names of the sheets removed."""
    sheets = [(ws.title, ws.sheet_state != "visible") for ws in wb.worksheets]
    ours = own_sheets(sheets, lambda name: _first_row(wb[name]))
    for name in ours:
        ws = wb[name]
        marked = _first_row(ws)[:1] == [STATE_MARK]
        if marked or name == LEGACY_STATE_SHEET:
            for sheet, coord, fill in _state_rows(ws, 2 if marked else 1, set(wb.sheetnames) - ours):
                cell = wb[sheet][coord]
                if _is_our_fill(cell):  # a fill the planner changed since stays theirs
                    _restore_fill(cell, fill)
    for name in ours:
        del wb[name]
    from openpyxl.comments import Comment

    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):  # only existing cells; no full-grid walk
            c = cell.comment
            if c is None or NOTE_MARK not in (c.text or ""):
                continue
            own = strip_our_note(c.text)
            cell.comment = Comment(own, c.author) if own else None
    return ours


def _first_row(ws) -> list:
    try:
        return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1, max_col=4))]
    except (StopIteration, AttributeError):
        return []


def _state_rows(ws, start: int, sheets: set[str]):
    """(sheet, cell, fill) rows of an openpyxl state sheet from row `start` (`state_entries`)."""
    return state_entries(ws.iter_rows(min_row=start, max_col=3, values_only=True), sheets)


def state_entries(rows, sheets: set[str]):
    """(sheet, cell, fill) of a state sheet's rows, each one validated: a sheet that exists, a
    single cell inside Excel's grid (never a range such as A1:XFD1048576), a fill that parses.
    A copy another program saved again (rows reshaped, cells dropped) still works."""
    from reconcile.read.model import column_index as col_of

    for n, row in enumerate(rows):
        if n >= MAX_STATE_ROWS:
            break
        row = list(row)[:3] + [None] * (3 - len(row))
        sheet, coord, fill = row[:3]
        if not isinstance(sheet, str) or sheet not in sheets or not isinstance(coord, str):
            continue
        m = _CELL_REF.fullmatch(coord.strip().upper())
        if not m or col_of(m.group(1)) > 16384 or int(m.group(2)) > 1_048_576:
            continue
        fill = fill if isinstance(fill, str) else ""
        try:
            if fill:
                _parse_fill(fill)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        yield sheet, m.group(1) + m.group(2), fill


def strip_our_note(text: str) -> str:
    """A note without the parts reconcile wrote: what the planner typed before and after stays."""
    while NOTE_MARK in text:
        before, rest = text.split(NOTE_MARK, 1)
        if NOTE_END in rest:
            after = rest.split(NOTE_END, 1)[1]
        else:  # a copy from before the end mark: keep the paragraphs that are not findings
            after = "\n\n".join(p for p in rest.strip("\n").split("\n\n")
                                 if p.strip() and not _OUR_PARAGRAPH.match(p.strip()))
        text = "\n\n".join(part.strip("\n") for part in (before.rstrip(), after.strip()) if part.strip())
    return text


def _free_sheet_name(wb, wanted: str) -> str:
    return free_sheet_name(set(wb.sheetnames), wanted)


def free_sheet_name(taken: set[str], wanted: str) -> str:
    """`wanted`, or `wanted (2)`, … when the agency already has a sheet of that name."""
    low = {name.lower() for name in taken}
    name, n = wanted, 1
    while name.lower() in low:
        n += 1
        suffix = f" ({n})"
        name = wanted[: 31 - len(suffix)] + suffix
    return name


def _write_state(wb, saved: dict[str, dict[str, str]], summary_name: str) -> None:
    """The very hidden state sheet: its mark and our sheets' names, then the agency's fills."""
    from openpyxl.packaging.custom import StringProperty

    ws = wb.create_sheet(_free_sheet_name(wb, STATE_SHEET))
    ws.sheet_state = "veryHidden"
    ws.append([STATE_MARK, summary_name, ws.title])
    for sheet, cells in saved.items():
        for coord, fill in cells.items():
            ws.append([sheet, coord, fill])
    props = wb.custom_doc_props  # the mark a folder walk reads without opening the sheets
    if "reconcile" in props.names:
        del props["reconcile"]
    props.append(StringProperty(name="reconcile", value=STATE_MARK))


_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*)>(<f\b[^>]*/>|<f\b[^>]*>.*?</f>)(?:<v\s*/>|<v></v>)?</c>', re.S)


def formula_values(workbook) -> dict[str, dict[tuple[int, int], object]]:
    """`{sheet: {(row, col): cached value}}` of the formula cells of a workbook as read."""
    out: dict[str, dict[tuple[int, int], object]] = {}
    for name, lay in (workbook.layouts or {}).items():
        if lay.formulas:
            out[name] = {key: workbook.value_at(name, *key) for key in lay.formulas}
    return out


def _formula_values_of(wb, values: dict[str, list[list]]) -> dict[str, dict[tuple[int, int], object]]:
    """The cached values of `wb`'s formula cells, taken from the input's values as read."""
    out: dict[str, dict[tuple[int, int], object]] = {}
    for ws in wb.worksheets:
        rows = values.get(ws.title) or []
        for (r, c), cell in getattr(ws, "_cells", {}).items():
            if cell.data_type == "f" and r <= len(rows) and c <= len(rows[r - 1]) and rows[r - 1][c - 1] != "":
                out.setdefault(ws.title, {})[(r, c)] = rows[r - 1][c - 1]
    return out


def _save(wb, target: str, cached: dict[str, dict[tuple[int, int], object]]) -> None:
    """`wb.save(target)`, putting the input's cached formula results back as each sheet is written.

    openpyxl keeps formulas but drops their last computed values, so a reader that does not
    recalculate (this tool, a viewer, a script) would see empty cells. The values are the
    input's as read (`formula_values`). They go into each worksheet part on its way into the
    archive (what `openpyxl.writer.excel.save_workbook` does, with a zip file that patches
    those parts), instead of rewriting the saved file: one compression of the workbook, not two.
    """
    from datetime import timezone

    from openpyxl.writer.excel import ExcelWriter

    patches = {f"xl/worksheets/sheet{i}.xml": _cached_value_patch(cached[ws.title])
               for i, ws in enumerate(wb.worksheets, 1) if cached.get(ws.title)}
    wb.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
    ExcelWriter(wb, _PatchingZip(target, patches)).save()


class _PatchingZip(zipfile.ZipFile):
    """A zip file being written that passes the named parts through a patch on their way in
    (openpyxl writes each worksheet to a temporary file and adds it with `write`)."""

    def __init__(self, target: str, patches: dict[str, Callable[[bytes], bytes]]):
        super().__init__(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._patches = patches

    def write(self, filename, arcname=None, *args, **kwargs):
        patch = self._patches.get(arcname) if arcname else None
        if patch is None:
            return super().write(filename, arcname, *args, **kwargs)
        with open(filename, "rb") as fh:
            data = fh.read()
        self.writestr(arcname, patch(data))


def _cached_value_patch(cells: dict[tuple[int, int], object]) -> Callable[[bytes], bytes]:
    """A function putting `cells`' values into the formula cells of a worksheet's XML."""
    from datetime import date, time, timedelta

    from openpyxl.utils.datetime import to_excel

    def sub(m: re.Match) -> bytes:
        key = (int(m.group(2)), column_index(m.group(1).decode()))
        value = cells.get(key)
        if value is None:
            return m.group(0)
        attrs = re.sub(rb'\s+t="[^"]*"', b"", m.group(3))
        if isinstance(value, (datetime, date, time, timedelta)):
            value = to_excel(value)  # a date result stays a date (its cell format shows it), not text
        if isinstance(value, bool):
            t, v = b' t="b"', b"1" if value else b"0"
        elif isinstance(value, (int, float)):
            t, v = b"", repr(value).encode()
        else:
            t, v = b' t="str"', _xml_escape(str(value)).encode("utf-8")
        return b'<c r="' + m.group(1) + m.group(2) + b'"' + attrs + t + b">" + m.group(4) + b"<v>" + v + b"</v></c>"

    return lambda xml: _FORMULA_CELL.sub(sub, xml)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
