"""`reconcile fix FILE`: a separate copy with the mechanical faults fixed, every change noted.

Only what a rule read without doubt is changed:
* NUM-TEXT: a money amount typed as text becomes the number the rule read ("Rp 15.360.000" ->
  15360000, number format #,##0; "4.704.246.000,00" -> #,##0.00), when the text reads as
  one number with status "ok" (never an ambiguous "1.800") and is the cell's whole text;
* NUMBERING-IN-NAME: the numbering typed before a name ("1. Penyediaan Gaji") is removed,
  when the cell's text is that numbering followed by the name the rule read.

The copy is a patch of the package (`patch.py`'s parts): the changed cells' value and style
index, their notes, a sheet listing each change, the state sheet and the mark. Everything
else is copied byte for byte. The input is never written; the copy is checked value by value
against the input (with the changes applied) before it is moved into place.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reconcile.read.model import column_index, quote_sheet

FIXABLE = ("NUM-TEXT", "NUMBERING-IN-NAME")
FMT_WHOLE, FMT_DECIMALS = 3, 4  # Excel's built-in #,##0 and #,##0.00
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")

LABELS = {
    "id": {"sheet": "Perbaikan reconcile", "title": "Perbaikan otomatis reconcile", "file": "Berkas",
           "cols": ["No", "Lembar", "Sel", "Aturan", "Sebelum", "Sesudah"],
           "note": "reconcile fix ({rule}): sebelumnya tertulis \"{before}\"; diganti menjadi {after}.",
           "note_new": "reconcile fix ({rule}): sel ini kosong; diisi {after} (nomor urut dari sel nama)."},
    "en": {"sheet": "reconcile fixes", "title": "reconcile automatic fixes", "file": "File",
           "cols": ["No", "Sheet", "Cell", "Rule", "Before", "After"],
           "note": "reconcile fix ({rule}): it read \"{before}\"; replaced by {after}.",
           "note_new": "reconcile fix ({rule}): this cell was empty; it now holds {after} (the numbering from the "
                       "name cell)."},
}


class NothingToFix(Exception):
    """No planned change could be made (every such cell holds a formula): no copy."""


@dataclass
class Change:
    sheet: str
    cell: str
    rule: str
    before: str
    after: float | str
    num_fmt: int | None = None  # the number format a fixed amount gets
    group: str = ""  # changes made together or not at all (a name and its No cell)

    @property
    def row(self) -> int:
        return int(_REF.fullmatch(self.cell).group(2))

    @property
    def col(self) -> int:
        return column_index(_REF.fullmatch(self.cell).group(1))

    def shown(self) -> str:
        if isinstance(self.after, str):
            return f'"{self.after}"'
        return str(int(self.after)) if self.after.is_integer() else repr(self.after)


def default_output(path: Path) -> Path:
    """renja.xlsx -> renja.perbaikan.xlsx (.xlsm stays .xlsm)."""
    suffix = ".xlsm" if path.suffix.lower() == ".xlsm" else ".xlsx"
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.perbaikan{suffix}")


def plan(findings, values: dict[str, list[list]]) -> tuple[list[Change], int]:
    """The changes the findings allow, checked against the cells as read (`values`: rows by
    sheet, as `verify.read_values`), and how many fixable findings were left as they are."""
    changes: dict[tuple[str, str], Change] = {}
    skipped = 0
    for f in findings:
        if f.rule not in FIXABLE or getattr(f, "acknowledged", None) is not None:
            continue
        m = _REF.fullmatch(f.cell or "")
        args = f.data.args if f.data is not None else {}
        rows = values.get(f.sheet) or []
        current = None
        if m:
            r, c = int(m.group(2)), column_index(m.group(1))
            if r <= len(rows) and c <= len(rows[r - 1]):
                current = rows[r - 1][c - 1]
        made: list[Change] = []
        if isinstance(current, str):
            if f.rule == "NUM-TEXT":
                made = [c for c in [_number(f, current, args)] if c is not None]
            else:
                made = _numbering(f, current, args, rows)
        if not made or any((c.sheet, c.cell) in changes for c in made):
            skipped += 1
            continue
        for c in made:
            changes[(c.sheet, c.cell)] = c
    return list(changes.values()), skipped


def _number(f, current: str, args: dict) -> Change | None:
    from reconcile.read.numbers import parse_number

    if args.get("raw") != current or "plain" not in args:
        return None
    n = parse_number(current)
    if n.status != "ok" or n.value is None or n.is_percent:
        return None
    try:
        read = float(getattr(args["plain"], "en", args["plain"]))  # the number as the cell counts
    except (TypeError, ValueError):
        return None
    if abs(read - n.value) > 1e-9 * max(1.0, abs(read)):
        return None
    mark = {"id": ",", "en": "."}.get(n.notation)
    decimals = re.search(re.escape(mark) + r"([0-9]+)", current) if mark else None
    if decimals and len(decimals.group(1)) > 2:
        return None  # #,##0.00 would not show it as typed
    fmt = FMT_DECIMALS if decimals or not read.is_integer() else FMT_WHOLE
    return Change(f.sheet, f.cell, f.rule, current, read, fmt, group=f"{f.sheet}!{f.cell}")


def _numbering(f, current: str, args: dict, rows: list[list]) -> list[Change]:
    """The name without its numbering, and the numbering in the empty No cell the rule names
    (the reader reads the row the same way: its numbering is kept, where it belongs)."""
    from reconcile.read.hierarchy import split_number_prefix

    number, name = args.get("number"), args.get("name")
    split = split_number_prefix(current.strip())
    if not split or not name or split[0] != str(number) or " ".join(split[1].split()) != " ".join(str(name).split()):
        return []
    no = _REF.fullmatch(str(args.get("no_cell") or ""))
    if not no or no.group(2) != _REF.fullmatch(f.cell).group(2):
        return []
    r, c = int(no.group(2)), column_index(no.group(1))
    there = rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None
    if there not in (None, ""):
        return []
    group = f"{f.sheet}!{f.cell}"
    value = float(split[0]) if split[0].isdigit() else split[0]  # a No column holds 27, 28 … as numbers
    return [Change(f.sheet, f.cell, f.rule, current, split[1], group=group),
            Change(f.sheet, no.group(0), f.rule, "", value, group=group)]


# --------------------------------------------------------------------------- the copy

class _TooWide(Exception):
    def __init__(self, groups: set[str]):
        super().__init__(groups)
        self.groups = groups


def write_fixed(path: Path, output: Path, changes: list[Change], values: dict[str, list[list]],
                lang: str = "id", too_wide: Callable[[Path], set[tuple[str, str]]] | None = None) -> list[Change]:
    """Write the fixed copy of `path` to `output` (checked, then moved into place). Returns
    the changes made (a formula cell is never changed). `too_wide(copy)`: the cells of the
    copy whose number is too wide for its column (Excel would show #####): those amounts stay
    text, as typed. Raises `Unpatchable`, `NothingToFix`."""
    from reconcile.report.annotate import _into_place
    from reconcile.report.verify import verify_copy

    def write(target: str) -> list[Change]:
        return _patch(path, target, changes, lang)

    def verify(tmp: str, made: list[Change]) -> None:
        expected = {name: [list(row) for row in rows] for name, rows in values.items()}
        for ch in made:
            rows = expected[ch.sheet]
            while len(rows) < ch.row:
                rows.append([])
            row = rows[ch.row - 1]
            row.extend([None] * (ch.col - len(row)))
            row[ch.col - 1] = ch.after
        verify_copy(expected, Path(tmp))
        if too_wide is not None:
            hidden = too_wide(Path(tmp))
            bad = {ch.group for ch in made if (ch.sheet, ch.cell) in hidden}
            if bad:
                raise _TooWide(bad)

    for _ in range(3):
        try:
            return _into_place(path, output, write, verify)
        except _TooWide as exc:
            changes = [ch for ch in changes if ch.group not in exc.groups]
            if not changes:
                raise NothingToFix()
    raise NothingToFix()


def _patch(path: Path, target: str, changes: list[Change], lang: str) -> list[Change]:
    from reconcile.marks import STATE_MARK
    from reconcile.report import notes_patch, sheet_patch, summary_sheet
    from reconcile.report.annotate import AUTHOR, NOTE_END, NOTE_MARK, free_sheet_name
    from reconcile.report.package import (CT_WORKSHEET, ContentTypes, Unpatchable, add_rels,
                                          free_rel_id, parse_rels, relative, rels_name)
    from reconcile.report.patch import (_free_part, _main_part, _mark_custom, _sheets, _vml_idmaps, _write_notes,
                                        package_parts, write_package)
    from reconcile.report.styles_patch import Styles

    lab = LABELS.get(lang, LABELS["id"])
    with zipfile.ZipFile(path) as zf:
        infos, changed, read = package_parts(zf)
        names = set(infos)
        wb_part = _main_part(zf)
        wb_xml = read(wb_part)
        wb_rels_name = rels_name(wb_part)
        wb_rels_xml = read(wb_rels_name) or b""
        wb_rels = parse_rels(wb_part, wb_rels_xml)
        sheets = _sheets(wb_xml, {r.id: r for r in wb_rels})
        ct = ContentTypes(read("[Content_Types].xml") or b"")
        styles_rel = next((r for r in wb_rels if r.type == "styles"), None)
        if styles_rel is None:
            raise Unpatchable("no styles part")
        styles = Styles(read(styles_rel.target))
        idmaps = _vml_idmaps(zf, names)

        made: list[Change] = []
        by_sheet: dict[str, dict[tuple[int, int], Change]] = {}
        for ch in changes:
            by_sheet.setdefault(ch.sheet, {})[(ch.row, ch.col)] = ch
        for s in sheets:
            todo = by_sheet.get(s.name)
            if not todo or s.kind != "worksheet" or s.part not in infos:
                continue
            new_xml, todo = _apply(read(s.part), todo, styles)
            if not todo:
                continue
            sheet_rels_name = rels_name(s.part)
            sheet_rels_xml = read(sheet_rels_name)
            sheet_rels = parse_rels(s.part, sheet_rels_xml) if sheet_rels_xml is not None else []
            comments_rel = next((r for r in sheet_rels if r.type == "comments"), None)
            notes = notes_patch.Comments(read(comments_rel.target) if comments_rel else None)
            new_refs = []
            for (r, c), ch in sorted(todo.items()):
                text = lab["note" if ch.before else "note_new"].format(rule=ch.rule, before=ch.before, after=ch.shown())
                ours = f"{NOTE_MARK}\n{text}\n{NOTE_END}"
                if notes.put(ch.cell, r, c, ours, AUTHOR):
                    new_refs.append((r, c, ours))
                made.append(ch)
            new_xml, sheet_rels_xml = _write_notes(s, notes, set(), new_refs, comments_rel, sheet_rels, sheet_rels_xml,
                                                   new_xml, read, changed, names, ct, idmaps)
            if sheet_rels_xml is not None:
                changed[sheet_rels_name] = sheet_rels_xml
            changed[s.part] = new_xml
        if not made:
            raise NothingToFix()

        # ---- the list of changes, and the state sheet that marks it as ours
        taken = {s.name for s in sheets}
        list_name = free_sheet_name(taken, lab["sheet"])
        state_name = free_sheet_name(taken | {list_name}, "_reconcile")
        layout = _layout(path, made, lab)
        free = names | set(changed)
        list_part = _free_part(free, "xl/worksheets/sheet{}.xml")
        state_part = _free_part(free | {list_part}, "xl/worksheets/sheet{}.xml")
        changed[list_part] = summary_sheet.sheet_xml(layout, summary_sheet.style_ids(styles), selected=False)
        changed[state_part] = summary_sheet.state_xml([[STATE_MARK, list_name, state_name]])
        changed[styles_rel.target] = styles.to_bytes()
        rid_list = free_rel_id(wb_rels)
        rid_state = free_rel_id(wb_rels, {rid_list})
        changed[wb_rels_name] = add_rels(wb_rels_xml or None, [(rid_list, "worksheet", relative(wb_part, list_part)),
                                                               (rid_state, "worksheet", relative(wb_part, state_part))])
        ct.add_override(list_part, CT_WORKSHEET)
        ct.add_override(state_part, CT_WORKSHEET)
        changed[wb_part] = _append_sheets(wb_xml, sheets, [(list_name, rid_list, ""), (state_name, rid_state, "veryHidden")])
        _mark_custom(read, changed, ct, names)
        changed["[Content_Types].xml"] = ct.data

        write_package(zf, target, changed)
    return made


def _cells(keys) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for (r, c) in keys:
        out.setdefault(r, set()).add(c)
    return out


def _apply(xml: bytes, todo: dict[tuple[int, int], Change], styles) -> tuple[bytes, dict]:
    """The sheet with the changes that can be made (a formula cell is never changed; a change
    whose partner cannot be made is dropped with it), and those changes."""
    from reconcile.report import sheet_patch

    def keep(r, c, current):
        return current

    while True:
        empty = {k for k, ch in todo.items() if ch.before == ""}  # a No cell that may not exist yet
        base = sheet_patch.restyle(xml, _cells(empty), keep, insert=empty) if empty else xml
        can: set[tuple[int, int]] = set()
        sheet_patch.restyle(base, _cells(todo), keep, values={k: ch.after for k, ch in todo.items()}, replaced=can)
        bad = {ch.group for k, ch in todo.items() if k not in can}
        if not bad:
            break
        todo = {k: ch for k, ch in todo.items() if ch.group not in bad}
    if not todo:
        return xml, todo

    def new_style(r, c, current):
        fmt = todo[(r, c)].num_fmt
        return current if fmt is None else _with_num_fmt(styles, current, fmt)

    return sheet_patch.restyle(base, _cells(todo), new_style, values={k: ch.after for k, ch in todo.items()}), todo


def _with_num_fmt(styles, xf_id: int, fmt: int) -> int:
    """Cell format `xf_id` with number format `fmt` (its font, fill, border, alignment kept)."""
    xf = styles.xf(xf_id)
    head, rest = xf.split(b">", 1)
    closing = head.endswith(b"/")
    head = (head[:-1] if closing else head).rstrip()
    for name, value in ((b"numFmtId", fmt), (b"applyNumberFormat", 1)):
        pattern = rb"(\s" + name + rb"\s*=\s*)(\"[^\"]*\"|'[^']*')"
        if re.search(pattern, head):
            head = re.sub(pattern, b'\\1"%d"' % value, head)
        else:
            head += b' %s="%d"' % (name, value)
    return styles._add("cellXfs", head + (b"/>" if closing else b">") + rest)


def _append_sheets(wb_xml: bytes, sheets, new: list[tuple[str, str, str]]) -> bytes:
    """workbook.xml with sheets appended after the agency's (their order, tabs and names kept)."""
    from reconcile.report.package import esc
    from reconcile.report.patch import _rel_prefix

    m = re.search(rb"<((?:\w+:)?)sheets\b([^>]*)>(.*?)</\1sheets>", wb_xml, re.S)
    p = m.group(1).decode()
    rprefix = _rel_prefix(wb_xml)
    ns = "" if rprefix else ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    next_id = max([s.sheet_id for s in sheets] + [0]) + 1
    tags = "".join(f'<{p}sheet name="{esc(name)}" sheetId="{next_id + i}"{f" state={chr(34)}{state}{chr(34)}" if state else ""}'
                   f'{ns} {rprefix or "r"}:id="{rid}"/>' for i, (name, rid, state) in enumerate(new))
    return wb_xml[:m.end(3)] + tags.encode() + wb_xml[m.end(3):]


def _layout(path: Path, made: list[Change], lab: dict):
    from reconcile.report.summary_sheet import Cell, Layout
    from reconcile.terminal import display_path

    lay = Layout()
    lay.add(Cell(lab["title"], "title"))
    lay.heights[1] = 22
    lay.add(lab["file"], Cell(display_path(Path(path).name)))
    lay.add()
    lay.header_row = lay.add(*[Cell(h, "head") for h in lab["cols"]])
    for n, ch in enumerate(made, start=1):
        lay.add(Cell(n, "top"), Cell(ch.sheet, "top"), Cell(ch.cell, "link", f"{quote_sheet(ch.sheet)}!{ch.cell}"),
                Cell(ch.rule, "top"), Cell(ch.before, "wrap"), Cell(ch.after, "wrap"))
    lay.widths = {1: 6, 2: min(max([len(c.sheet) for c in made] + [8]) + 3, 34), 3: 8,
                  4: max(len(c.rule) for c in made) + 4, 5: 48, 6: 48}
    return lay


__all__ = ["Change", "FIXABLE", "NothingToFix", "default_output", "plan", "write_fixed"]
