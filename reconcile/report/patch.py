"""The annotated copy as a patch of the agency's package: every part copied byte for byte but
those that must change.

Changed: the worksheets holding flagged cells (only those cells' style index), styles.xml
(fills and cell formats appended), each such sheet's notes (comments part and VML drawing,
theirs kept, ours merged below), our two sheets, `workbook.xml` (sheet list, defined names'
sheet positions, the active tab), the relationships, `[Content_Types].xml` and
`docProps/custom.xml` (the mark). A sheet that was the selected tab loses only that flag,
so that the summary opens alone (two selected tabs are a "group" in Excel).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from reconcile.checks.base import SEVERITY_RANK, Finding
from reconcile.marks import LEGACY_STATE_SHEET, STATE_MARK, own_sheets
from reconcile.read.model import cell_name, column_index
from reconcile.report import notes_patch, sheet_patch, summary_sheet
from reconcile.report.first_row import SharedStrings
from reconcile.report.first_row import first_row as first_cells
from reconcile.report.package import (CT_COMMENTS, CT_CUSTOM, CT_STYLES, CT_VML, CT_WORKSHEET, ContentTypes,
                                      PackageWriter, Unpatchable, add_rels, attrs, drop_rels, esc, free_rel_id,
                                      parse_rels, relative, rels_name)
from reconcile.report.styles_patch import Styles

_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheet\b[^>]*?/?>")
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


@dataclass
class SheetEntry:
    name: str
    sheet_id: int
    state: str
    rel_id: str
    part: str
    kind: str  # worksheet, chartsheet, dialogsheet, …
    tag: bytes


@dataclass
class Patched:
    cells_marked: int
    removed_sheets: set[str]
    cells: dict[str, set[str]] = field(default_factory=dict)  # per sheet: cells whose style may differ
    written: set[str] = field(default_factory=set)  # parts written anew (the others are copied raw)


def package_parts(zf: zipfile.ZipFile):
    """(parts by name, the parts this run changes, `read(name)`: a part as this run left it,
    None if absent). Raises `Unpatchable` for an encrypted package."""
    infos = {i.filename: i for i in zf.infolist()}
    if any(i.flag_bits & 0x1 for i in infos.values()):
        raise Unpatchable("encrypted parts")
    changed: dict[str, bytes] = {}

    def read(name: str) -> bytes | None:
        if name in changed:
            return changed[name]
        return zf.read(name) if name in infos else None

    return infos, changed, read


def write_package(zf: zipfile.ZipFile, target: str, changed: dict[str, bytes], dropped: set[str] = frozenset()) -> None:
    """The copy: the parts of `zf` in their order (changed ones anew, the others raw, `dropped`
    left out), then the new parts."""
    changed = dict(changed)
    out = PackageWriter(target)
    try:
        for info in zf.infolist():
            name = info.filename
            if name in dropped:
                continue
            if name in changed:
                out.write(name, changed.pop(name))
            else:
                out.copy_raw(zf, info)
        for name, data in changed.items():
            out.write(name, data)
    finally:
        out.close()


def _main_part(zf: zipfile.ZipFile) -> str:
    for rel in parse_rels("", zf.read("_rels/.rels")):
        if rel.type == "officeDocument":
            return rel.target
    raise Unpatchable("no workbook part")


def _sheets(wb_xml: bytes, rels: dict[str, object]) -> list[SheetEntry]:
    m = re.search(rb"<(?:\w+:)?sheets\b[^>]*>(.*?)</(?:\w+:)?sheets>", wb_xml, re.S)
    if not m:
        raise Unpatchable("workbook without sheets")
    out = []
    for t in _SHEET.finditer(m.group(1)):
        a = attrs(t.group(0))
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        rel = rels.get(rid)
        if rel is None:
            raise Unpatchable("sheet without its relationship")
        out.append(SheetEntry(a.get("name", ""), int(a.get("sheetId", "0") or 0), a.get("state", "visible"), rid,
                              rel.target, rel.type, t.group(0)))
    return out


def _free_part(names: set[str], pattern: str) -> str:
    low = {n.lower() for n in names}
    n = 1
    while pattern.format(n).lower() in low:
        n += 1
    return pattern.format(n)


def patch_package(path, target: str, findings: list[Finding], values, lab: dict, lang: str,
                  ruleset: str, fills: dict[str, str], note_mark: str, strip_note, state_entries) -> Patched:
    """Write the annotated copy of `path` to `target`. `values(sheet)`: that sheet's values as
    read (asked only of our own sheets of an earlier run: their state). Raises `Unpatchable` when the
    package holds something this does not handle (the caller rebuilds the copy instead)."""
    from reconcile.report.annotate import AUTHOR, STATE_SHEET, SUMMARY_SHEET, free_sheet_name as _free_name

    with zipfile.ZipFile(path) as zf:
        infos, changed, read = package_parts(zf)
        names = set(infos)
        dropped: set[str] = set()
        wb_part = _main_part(zf)
        wb_xml = read(wb_part)
        if wb_xml is None:
            raise Unpatchable("no workbook part")
        wb_rels_name = rels_name(wb_part)
        wb_rels_xml = read(wb_rels_name) or b""
        wb_rels = parse_rels(wb_part, wb_rels_xml)
        by_id = {r.id: r for r in wb_rels}
        sheets = _sheets(wb_xml, by_id)
        ct = ContentTypes(read("[Content_Types].xml") or b"")

        # ---- ours from an earlier run: recognised by the mark, never by name alone
        sst_rel = next((r for r in wb_rels if r.type == "sharedStrings" and r.target in infos), None)
        strings = SharedStrings(zf, sst_rel.target if sst_rel else None)
        part_of = {s.name: s.part for s in sheets if s.kind == "worksheet" and s.part in infos}

        def first_row(name):
            return first_cells(zf, part_of[name], strings) if name in part_of else []

        try:
            ours = own_sheets([(s.name, s.state != "visible") for s in sheets], first_row)
        finally:
            strings.close()
        kept = [s for s in sheets if s.name not in ours]
        kept_names = {s.name for s in kept}
        restore: dict[str, dict[tuple[int, int], str]] = {}
        for s in sheets:
            if s.name not in ours:
                continue
            rows = values(s.name) or []
            marked = bool(rows) and rows[0][:1] == [STATE_MARK]
            if marked or s.name == LEGACY_STATE_SHEET:
                for sheet, coord, fill in state_entries(rows[1:] if marked else rows, kept_names):
                    m = _REF.fullmatch(coord)
                    restore.setdefault(sheet, {})[(int(m.group(2)), column_index(m.group(1)))] = fill

        summary_name = _free_name(kept_names, SUMMARY_SHEET)
        state_name = _free_name(kept_names | {summary_name}, STATE_SHEET)

        styles_rel = next((r for r in wb_rels if r.type == "styles"), None)
        styles_part = styles_rel.target if styles_rel else "xl/styles.xml"
        styles = Styles(read(styles_part) if styles_rel else None)
        our_fill = {sev: styles.solid_fill(argb) for sev, argb in fills.items()}
        colors = set(fills.values())

        by_cell: dict[tuple[str, str], list[Finding]] = {}
        worksheet_names = {s.name for s in kept if s.kind == "worksheet"}
        for f in findings:
            if f.sheet in worksheet_names and f.cell and _REF.fullmatch(f.cell):
                by_cell.setdefault((f.sheet, f.cell), []).append(f)
        layout = summary_sheet.build(_display_name(path), findings, lab, ruleset, [], lang)

        state_rows: list[list[str]] = [[STATE_MARK, summary_name, state_name]]
        touched_cells: dict[str, set[str]] = {}
        idmaps = _vml_idmaps(zf, names)
        for s in kept:
            if s.kind != "worksheet" or s.part not in infos:
                continue
            flags = {}
            for (sheet, coord), items in by_cell.items():
                if sheet == s.name:
                    m = _REF.fullmatch(coord)
                    flags[(int(m.group(2)), column_index(m.group(1)))] = (coord, items)
            back = restore.get(s.name, {})
            sheet_rels_name = rels_name(s.part)
            sheet_rels_xml = read(sheet_rels_name)
            sheet_rels = parse_rels(s.part, sheet_rels_xml) if sheet_rels_xml is not None else []
            comments_rel = next((r for r in sheet_rels if r.type == "comments"), None)
            comments_xml = read(comments_rel.target) if comments_rel else None
            with zf.open(s.part) as fh:
                head = fh.read(65536)
            selected = _is_selected(head)
            has_our_notes = comments_xml is not None and note_mark.encode() in comments_xml
            if not (flags or back or selected or has_our_notes):
                continue
            xml = read(s.part)
            saved: dict[tuple[int, int], str] = {}

            def new_style(row, col, current, flags=flags, back=back, saved=saved):
                style = current
                if (row, col) in back and styles.is_ours(style, colors):
                    style = styles.with_fill(style, styles.fill_from_state(back[(row, col)]))
                if (row, col) in flags:
                    saved[(row, col)] = styles.fill_state(style)
                    worst = min(flags[(row, col)][1], key=lambda f: SEVERITY_RANK[f.severity]).severity
                    style = styles.with_fill(style, our_fill[worst])
                return style

            cells: dict[int, set[int]] = {}
            for (r, c) in list(flags) + list(back):
                cells.setdefault(r, set()).add(c)
                touched_cells.setdefault(s.name, set()).add(cell_name(r, c))
            new_xml = sheet_patch.restyle(xml, cells, new_style, deselect=selected, insert=set(flags))
            for (r, c), (coord, _) in sorted(flags.items()):
                state_rows.append([s.name, coord, saved.get((r, c), "")])

            # ---- notes
            if flags or has_our_notes:
                notes = notes_patch.Comments(comments_xml)
                removed = notes.strip_ours(note_mark, strip_note)
                new_refs = []
                for (r, c), (coord, items) in sorted(flags.items()):
                    text = "\n\n".join(summary_sheet.note_text(f, lab, layout.numbers.get(id(f)), summary_name)
                                       for f in sorted(items, key=lambda f: SEVERITY_RANK[f.severity]))
                    ours_text = f"{note_mark}\n{text}\n{_note_end()}"
                    if notes.put(coord, r, c, ours_text, AUTHOR):
                        new_refs.append((r, c, ours_text))
                if notes.changed:
                    new_xml, sheet_rels_xml = _write_notes(
                        s, notes, removed, new_refs, comments_rel, sheet_rels, sheet_rels_xml, new_xml,
                        read, changed, names, ct, idmaps)
                    if sheet_rels_xml is not None:
                        changed[sheet_rels_name] = sheet_rels_xml
            if new_xml != xml:
                changed[s.part] = new_xml

        # ---- our sheets
        for s in sheets:
            if s.name in ours:
                dropped.add(s.part)
                if rels_name(s.part) in infos:
                    dropped.add(rels_name(s.part))
        # names and ids of our earlier sheets are used again: a copy of a copy stays the same
        free = (names - dropped) | set(changed)
        summary_part = _free_part(free, "xl/worksheets/sheet{}.xml")
        state_part = _free_part(free | {summary_part}, "xl/worksheets/sheet{}.xml")
        ids = summary_sheet.style_ids(styles)
        changed[summary_part] = summary_sheet.sheet_xml(layout, ids)
        changed[state_part] = summary_sheet.state_xml(state_rows)
        if styles.changed():
            changed[styles_part] = styles.to_bytes()
        old_ids = {s.rel_id for s in sheets if s.name in ours}
        live_rels = [r for r in wb_rels if r.id not in old_ids]
        rid_summary = free_rel_id(live_rels)
        rid_state = free_rel_id(live_rels, {rid_summary})
        new_rels = [(rid_summary, "worksheet", relative(wb_part, summary_part)),
                    (rid_state, "worksheet", relative(wb_part, state_part))]
        if styles_rel is None:
            new_rels.append((free_rel_id(live_rels, {rid_summary, rid_state}), "styles", relative(wb_part, styles_part)))
            ct.add_override(styles_part, CT_STYLES)
        rels_xml = drop_rels(wb_rels_xml, {s.rel_id for s in sheets if s.name in ours}) if ours else wb_rels_xml
        changed[wb_rels_name] = add_rels(rels_xml if rels_xml else None, new_rels)
        ct.remove_overrides(dropped)
        ct.add_override(summary_part, CT_WORKSHEET)
        ct.add_override(state_part, CT_WORKSHEET)
        changed[wb_part] = _workbook_xml(wb_xml, sheets, ours, summary_name, rid_summary, state_name, rid_state, layout)
        _mark_custom(read, changed, ct, names)
        changed["[Content_Types].xml"] = ct.data

        # ---- the copy
        written = set(changed)
        write_package(zf, target, changed, dropped)
    return Patched(len(by_cell), ours, touched_cells, written)


def _note_end() -> str:
    from reconcile.report.annotate import NOTE_END

    return NOTE_END


def _display_name(path) -> str:
    from pathlib import Path

    from reconcile.terminal import display_path

    return display_path(Path(path).name)


def _is_selected(head: bytes) -> bool:
    m = re.search(rb"<(?:\w+:)?sheetView\b[^>]*>", head)
    return bool(m and re.search(rb'\stabSelected\s*=\s*("1"|\'1\'|"true"|\'true\')', m.group(0)))


def _vml_idmaps(zf: zipfile.ZipFile, names: set[str]) -> set[int]:
    used = set()
    for n in names:
        if n.lower().endswith(".vml"):
            head = zf.open(n).read(4096)
            for m in re.finditer(rb'<o:idmap\b[^>]*\bdata="([0-9, ]+)"', head):
                used.update(int(x) for x in re.findall(rb"[0-9]+", m.group(1)))
    return used


def _write_notes(s: SheetEntry, notes, removed: set[str], new_refs, comments_rel, sheet_rels, sheet_rels_xml,
                 sheet_xml: bytes, read, changed, names, ct: ContentTypes, idmaps: set[int]):
    """The sheet's comments part and VML drawing after the change; returns the sheet XML and
    its relationships part (both possibly changed)."""
    all_names = names | set(changed)
    new_rels = []
    taken_ids = set()
    if comments_rel is None:
        part = _free_part(all_names, "xl/comments{}.xml")
        all_names = all_names | {part}
        rid = free_rel_id(sheet_rels, taken_ids)
        taken_ids.add(rid)
        new_rels.append((rid, "comments", relative(s.part, part)))
        ct.add_override(part, CT_COMMENTS)
        comments_part = part
    else:
        comments_part = comments_rel.target
    changed[comments_part] = notes.to_bytes()

    vml_rid = sheet_patch.legacy_drawing_id(sheet_xml)
    vml_rel = next((r for r in sheet_rels if r.id == vml_rid), None) if vml_rid else None
    idmap = max(idmaps | {0}) + 1
    idmaps.add(idmap)
    vml = notes_patch.Vml(read(vml_rel.target) if vml_rel else None, idmap)
    drop = set()
    for ref in removed:
        m = _REF.fullmatch(ref.replace("$", ""))
        if m:
            drop.add((int(m.group(2)), column_index(m.group(1))))
    vml.drop(drop)
    shaped = set(vml.note_cells())
    widths, default = sheet_patch.column_widths(sheet_xml)
    texts = {(r, c): t for r, c, t in new_refs}
    for n in notes.notes:
        if (n.row, n.col) not in shaped:
            vml.add(n.row, n.col, texts.get((n.row, n.col), n.text), widths, default)
    if vml.changed or vml_rel is None:
        if vml_rel is None:
            part = _free_part(all_names, "xl/drawings/vmlDrawing{}.vml")
            rid = free_rel_id(sheet_rels, taken_ids)
            new_rels.append((rid, "vmlDrawing", relative(s.part, part)))
            ct.add_default("vml", CT_VML)
            sheet_xml = sheet_patch.add_legacy_drawing(sheet_xml, rid)
            changed[part] = vml.to_bytes()
        else:
            changed[vml_rel.target] = vml.to_bytes()
    if new_rels:
        sheet_rels_xml = add_rels(sheet_rels_xml, new_rels)
    return sheet_xml, sheet_rels_xml


def _workbook_xml(wb_xml: bytes, sheets: list[SheetEntry], ours: set[str], summary: str, rid_summary: str,
                  state: str, rid_state: str, layout) -> bytes:
    old_pos = {i: s for i, s in enumerate(sheets)}
    kept = [s for s in sheets if s.name not in ours]
    new_index = {sheets.index(s): i + 1 for i, s in enumerate(kept)}  # the summary goes first
    next_id = max([s.sheet_id for s in kept] + [0]) + 1
    m = re.search(rb"<((?:\w+:)?)sheets\b([^>]*)>(.*?)</\1sheets>", wb_xml, re.S)
    p = m.group(1).decode()
    rprefix = _rel_prefix(wb_xml)
    ns = "" if rprefix else ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rp = rprefix or "r"
    first = f'<{p}sheet name="{esc(summary)}" sheetId="{next_id}"{ns} {rp}:id="{rid_summary}"/>'
    last = f'<{p}sheet name="{esc(state)}" sheetId="{next_id + 1}" state="veryHidden"{ns} {rp}:id="{rid_state}"/>'
    body = first.encode() + b"".join(s.tag for s in kept) + last.encode()
    wb_xml = wb_xml[:m.start(3)] + body + wb_xml[m.end(3):]

    def local(mm):
        tag = mm.group(0)
        a = mm.group(2)
        lid = re.search(rb'\slocalSheetId\s*=\s*["\']([0-9]+)["\']', a)
        if not lid:
            return tag
        old = int(lid.group(1))
        if old not in old_pos or old_pos[old].name in ours:
            return b""
        return tag.replace(lid.group(0), b' localSheetId="%d"' % new_index[old], 1)

    wb_xml = re.sub(rb"<((?:\w+:)?)definedName\b([^>]*)>.*?</\1definedName>", local, wb_xml, flags=re.S)
    names = "".join(summary_sheet.defined_names(layout, summary, 0)).encode()
    if p:
        names = names.replace(b"<definedName", b"<" + p.encode() + b"definedName").replace(
            b"</definedName", b"</" + p.encode() + b"definedName")
    dn = re.search(rb"<((?:\w+:)?)definedNames\b[^>]*>", wb_xml)
    if dn:
        wb_xml = wb_xml[:dn.end()] + names + wb_xml[dn.end():]
    else:
        dn_empty = re.search(rb"<(?:\w+:)?definedNames\b[^>]*/>", wb_xml)
        element = f"<{p}definedNames>".encode() + names + f"</{p}definedNames>".encode()
        if dn_empty:
            wb_xml = wb_xml[:dn_empty.start()] + element + wb_xml[dn_empty.end():]
        else:
            end = re.search(rb"</(?:\w+:)?sheets>", wb_xml)
            wb_xml = wb_xml[:end.end()] + element + wb_xml[end.end():]

    def view(mm):
        tag = re.sub(rb'\s(?:activeTab|firstSheet)\s*=\s*("[^"]*"|\'[^\']*\')', b"", mm.group(0))
        end = -2 if tag.endswith(b"/>") else -1
        return tag[:end] + b' activeTab="0"' + tag[end:]

    return re.sub(rb"<(?:\w+:)?workbookView\b[^>]*>", view, wb_xml, count=1)


def _rel_prefix(wb_xml: bytes) -> str:
    m = re.search(rb'xmlns:([\w.\-]+)\s*=\s*["\']http://schemas\.openxmlformats\.org/officeDocument/2006/relationships["\']',
                  wb_xml)
    return m.group(1).decode() if m else ""


def _mark_custom(read, changed, ct: ContentTypes, names: set[str]) -> None:
    """The custom document property `reconcile` = STATE_MARK (what a folder walk reads)."""
    root_rels = read("_rels/.rels") or b""
    rel = next((r for r in parse_rels("", root_rels) if r.type == "custom-properties"), None)
    part = rel.target if rel else "docProps/custom.xml"
    data = read(part) if rel else None
    prop = ('<property fmtid="{fmtid}" pid="{pid}" name="reconcile"><vt:lpwstr>{value}</vt:lpwstr></property>')
    if data is None:
        data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>')
        changed["_rels/.rels"] = add_rels(root_rels, [(free_rel_id(parse_rels("", root_rels)),
                                                       "custom-properties", part)])
        ct.add_override(part, CT_CUSTOM)
    data = re.sub(rb'<(?:\w+:)?property\b[^>]*\bname\s*=\s*["\']reconcile["\'][^>]*>.*?</(?:\w+:)?property>', b"",
                  data, flags=re.S)
    if b"xmlns:vt=" not in data:
        raise Unpatchable("custom properties without the vt namespace")
    pids = [int(x) for x in re.findall(rb'\spid\s*=\s*["\']([0-9]+)', data)]
    element = prop.format(fmtid=CUSTOM_FMTID, pid=max(pids + [1]) + 1, value=esc(STATE_MARK, quote=False)).encode()
    end = data.rfind(b"</Properties>")
    if end < 0:
        if re.search(rb"<Properties\b[^>]*/>", data):
            data = re.sub(rb"<Properties\b([^>]*?)\s*/>", rb"<Properties\1></Properties>", data, count=1)
            end = data.rfind(b"</Properties>")
        else:
            raise Unpatchable("custom properties")
    changed[part] = data[:end] + element + data[end:]


__all__ = ["patch_package", "Patched", "Unpatchable"]
