"""Issue #17: the annotated copy differs from the agency's workbook only by our fills, our notes
and our two sheets. Every part we do not touch is byte-identical; the parts we touch differ
only where intended (compared here at the XML level by plain regular expressions, not by the
patcher's code); LibreOffice opens the copy and shows the notes; a copy of a copy is stable.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import WORKBOOKS
from test_annotate import _png, feature_rich_workbook

from reconcile.config import Config
from reconcile.marks import STATE_MARK
from reconcile.report.annotate import FILLS, NOTE_END, NOTE_MARK, SUMMARY_SHEET, annotate
from reconcile.report.verify import read_values
from reconcile.run import check_file

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real-workbooks"
SAMPLES = sorted(WORKBOOKS.glob("*.xlsx")) + sorted((WORKBOOKS / "corrected").glob("*.xlsx"))
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --------------------------------------------------------------------------- reading a package plainly

def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None  # every part's CRC checks
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(p: dict[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    import posixpath

    folder, name = posixpath.split(part)
    data = p.get(posixpath.join(folder, "_rels", name + ".rels"), b"").decode("utf-8")
    out = {}
    for m in re.finditer(r"<Relationship\b([^>]*)/?>", data):
        a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if a.get("TargetMode") != "External":
            out[a["Id"]] = (a["Type"].rsplit("/", 1)[-1], _resolve(part, unescape(a["Target"])))
    return out


def sheet_parts(p: dict[str, bytes]) -> dict[str, str]:
    """{sheet name: part} in workbook order."""
    wb_rels = _rels(p, "xl/workbook.xml")
    out = {}
    for m in re.finditer(rb"<sheet\b([^>]*)/>", p["xl/workbook.xml"]):
        a = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1).decode("utf-8")))
        out[unescape(a["name"])] = wb_rels[a["r:id"]][1]
    return out


def _ref(col: str, row: int) -> str:
    return f"{col}{row}"


def _canonical_sheet(xml: bytes, flagged: set[str]) -> bytes:
    """A worksheet with what the copy may change taken out: the style of flagged cells, flagged
    cells left empty, empty rows, a legacy drawing reference, the selected-tab flag."""
    def cell(m):
        tag = m.group(0)
        r = re.search(rb'\br="([A-Z]+[0-9]+)"', tag)
        if r and r.group(1).decode() in flagged:
            tag = re.sub(rb'\ss="[0-9]+"', b"", tag)
            if tag.endswith(b"/>"):
                return b""
        return tag

    xml = re.sub(rb"<c\b[^>]*>", cell, xml)
    xml = re.sub(rb'<row r="[0-9]+"></row>', b"", xml)
    xml = re.sub(rb"<legacyDrawing\b[^>]*/>", b"", xml)
    xml = re.sub(rb'\stabSelected="1"', b"", xml)
    return xml


def _children(xml: bytes, container: str, child: str) -> list[bytes]:
    m = re.search(rb"<" + container.encode() + rb"\b[^>]*>(.*?)</" + container.encode() + rb">", xml, re.S)
    if not m:
        return []
    return re.findall(rb"<" + child.encode() + rb"\b[^>]*?/>|<" + child.encode() + rb"\b[^>]*>.*?</" + child.encode()
                      + rb">", m.group(1), re.S)


def _comments(p: dict[str, bytes], sheet_part: str) -> dict[str, str]:
    for kind, target in _rels(p, sheet_part).values():
        if kind == "comments":
            out = {}
            for m in re.finditer(rb'<comment ref="([A-Z]+[0-9]+)"[^>]*>(.*?)</comment>', p[target], re.S):
                out[m.group(1).decode()] = "".join(unescape(t.decode("utf-8")) for t in
                                                   re.findall(rb"<t\b[^>]*>(.*?)</t>", m.group(2), re.S))
            return out
    return {}


def assert_only_intended_changes(src: Path, out: Path, findings) -> None:
    a, b = parts(src), parts(out)
    sheets_a, sheets_b = sheet_parts(a), sheet_parts(b)
    ours = [n for n in sheets_b if n not in sheets_a]
    assert len(ours) == 2 and list(sheets_b)[0] == ours[0] and list(sheets_b)[-1] == ours[1]
    assert [n for n in sheets_b if n not in ours] == list(sheets_a)  # their sheets, their order
    flagged: dict[str, set[str]] = {}
    for f in findings:
        if f.sheet in sheets_a and f.cell:
            flagged.setdefault(f.sheet, set()).add(f.cell)
    touched = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
               "docProps/custom.xml"}
    for name, part in sheets_a.items():
        if name in flagged or re.search(rb'<sheetView\b[^>]*tabSelected="1"', a[part]):
            touched.add(part)
            assert _canonical_sheet(b[part], flagged.get(name, set())) == _canonical_sheet(a[part], flagged.get(name, set())), name
    for name, data in a.items():
        if name in touched:
            continue
        if name.endswith(".rels") or "comments" in name or name.endswith(".vml"):
            continue  # a flagged sheet's notes: compared below
        assert b.get(name) == data, f"{name} changed"
    # rels of their sheets: theirs kept, ours (comments, drawing of notes) added
    for name, part in sheets_a.items():
        before, after = _rels(a, part), _rels(b, part)
        assert all(after.get(i) == v for i, v in before.items()), name
        assert {v[0] for i, v in after.items() if i not in before} <= {"comments", "vmlDrawing"}
        notes_a, notes_b = _comments(a, part), _comments(b, part)
        for ref, text in notes_a.items():  # their notes kept, word for word, ours below
            assert notes_b[ref].startswith(text.rstrip()), (name, ref)
        for ref in flagged.get(name, ()):
            assert NOTE_MARK in notes_b[ref] and notes_b[ref].rstrip().endswith(NOTE_END), (name, ref)
        for ref, text in notes_b.items():
            assert ref in notes_a or ref in flagged.get(name, ()), (name, ref)
    # styles: theirs first, verbatim; ours appended
    for container, child in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf")):
        ca, cb = _children(a["xl/styles.xml"], container, child), _children(b["xl/styles.xml"], container, child)
        assert cb[:len(ca)] == ca, container
    # workbook.xml: their sheet entries verbatim; their names still name the same sheets
    for m in re.finditer(rb"<sheet\b[^>]*/>", a["xl/workbook.xml"]):
        assert m.group(0) in b["xl/workbook.xml"]
    names_b = _defined_names(b["xl/workbook.xml"], list(sheets_b))
    for name in _defined_names(a["xl/workbook.xml"], list(sheets_a)):
        assert name in names_b, name
    # values: every sheet of theirs reads the same (no exception for merged areas)
    va, vb = read_values(src), read_values(out)
    for name, rows in va.items():
        assert _same_values(vb[name], rows), name


def _defined_names(wb: bytes, sheets: list[str]) -> list[tuple]:
    """(name, the sheet its localSheetId points at, formula) of each defined name."""
    out = []
    for m in re.finditer(rb"<definedName\b([^>]*)>(.*?)</definedName>", wb, re.S):
        a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1).decode("utf-8")))
        local = a.get("localSheetId")
        out.append((a["name"], sheets[int(local)] if local is not None else None, m.group(2)))
    return out


def _same_values(x, y) -> bool:
    if len(x) != len(y):
        return False
    for r1, r2 in zip(x, y):
        for v1, v2 in zip(r1, r2):
            if not (v1 == v2 or (isinstance(v1, float) and isinstance(v2, float) and v1 != v1 and v2 != v2)):
                return False
    return True


def _annotate(src: Path, out: Path):
    res = check_file(src, Config(), "id")
    assert res.status == "ok", res.error
    return res, annotate(src, res.findings, out, "id", ruleset="test", source_format=res.workbook.format)


# --------------------------------------------------------------------------- a workbook with what openpyxl loses

def richer_workbook(path: Path) -> Path:
    """The feature-rich plan table plus what an openpyxl round trip drops or changes:
    sparklines and a data bar (x14 extensions), a header image, an error result, a dynamic
    array formula, a formula giving "", and (edited in after) overlapping merged areas."""
    import xlsxwriter

    base = feature_rich_workbook(path.with_name("base.xlsx"))
    img = path.parent / "logo.png"
    img.write_bytes(_png())
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tabel 4.1")
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})
    for c, h in enumerate(["No", "Uraian", "Indikator", "Target", "Pagu Indikatif (Rp) 2024"]):
        ws.write(2, c, h, bold)
    rows = [("I", "PROGRAM PENUNJANG URUSAN", ("=E5", 30_000)), ("A", "Administrasi Keuangan", ("=SUM(E6:E7)", 30_000)),
            (1, "Penyediaan Gaji", 10_000), (2, "Penatausahaan Keuangan", 25_000)]
    for r, (no, name, pagu) in enumerate(rows, start=3):
        ws.write(r, 0, no)
        ws.write(r, 1, name)
        if isinstance(pagu, tuple):
            ws.write_formula(r, 4, pagu[0], money, pagu[1])
        else:
            ws.write_number(r, 4, pagu, money)
    ws.write_comment("B6", "Catatan dari OPD: cek ulang", {"author": "Perencana"})
    ws.write_comment("E5", "Komentar lama di sel yang akan ditandai", {"author": "Perencana"})
    ws.add_sparkline("F4", {"range": "'Tabel 4.1'!E4:E7"})
    ws.conditional_format("E4:E7", {"type": "data_bar", "bar_solid": True})
    ws.write_formula("G4", "=1/0", None, "#DIV/0!")
    ws.write_formula("G5", '=""', None, "")
    ws.write_dynamic_array_formula("H4:H7", "=SORT(E4:E7)", None, 10_000)
    ws.set_header("&L&G", {"image_left": str(img)})
    ws.insert_image("J2", str(img))
    other = wb.add_worksheet("Lampiran")
    other.write(0, 0, "lembar lain")
    other.merge_range("A3:C4", "gabungan", bold)
    other.write("B6", "di dalam area kedua")
    wb.close()
    base.unlink()
    # overlapping merged areas (Excel never writes them; damaged files have them)
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b'<mergeCells count="1"><mergeCell ref="A3:C4"/>',
                                    b'<mergeCells count="2"><mergeCell ref="A3:C4"/><mergeCell ref="B4:B6"/>')
                assert b"B4:B6" in data
            zf.writestr(info, data)
    return path


def test_richer_workbook_keeps_every_part_and_changes_only_our_marks(tmp_path):
    src = richer_workbook(tmp_path / "renja.xlsx")
    before = src.read_bytes()
    res, result = _annotate(src, tmp_path / "renja.diperiksa.xlsx")
    assert src.read_bytes() == before
    assert result.lost_features == []
    assert ("Tabel 4.1", "E5") in {(f.sheet, f.cell) for f in res.findings}
    assert_only_intended_changes(src, result.output, res.findings)
    b = parts(result.output)
    sheet = b[sheet_parts(b)["Tabel 4.1"]]
    for kept in (b"x14:sparkline", b"x14:dataBar", b"#DIV/0!", b'cm="1"', b"_xlfn._xlws.SORT", b"legacyDrawingHF"):
        assert kept in sheet, kept
    assert b'<mergeCell ref="B4:B6"/>' in b[sheet_parts(b)["Lampiran"]]
    values = read_values(result.output)
    assert values["Tabel 4.1"][4][6] == "" and values["Lampiran"][5][1] == "di dalam area kedua"
    # the flagged cell: our fill, its own number format kept
    e5 = re.search(rb'<c r="E5" s="([0-9]+)"', sheet)
    xfs = _children(b["xl/styles.xml"], "cellXfs", "xf")
    fills = _children(b["xl/styles.xml"], "fills", "fill")
    xf = xfs[int(e5.group(1))]
    fill = fills[int(re.search(rb'fillId="([0-9]+)"', xf).group(1))]
    assert FILLS["error"].encode() in fill and b'numFmtId="3"' in xf or b'numFmtId="164"' in xf


def test_a_copy_of_a_copy_is_stable_and_keeps_the_planners_reply(tmp_path):
    src = richer_workbook(tmp_path / "renja.xlsx")
    _, first = _annotate(src, tmp_path / "satu.xlsx")
    # the planner answers below our note (as Excel would save it: a run after ours)
    p = parts(first.output)
    part = sheet_parts(p)["Tabel 4.1"]
    comments = next(t for k, t in _rels(p, part).values() if k == "comments")
    reply = "Sudah diperbaiki — Budi"
    edited = p[comments].replace(NOTE_END.encode() + b"</t></r>",
                                 NOTE_END.encode() + b"</t></r><r><t xml:space=\"preserve\">\n\n" + reply.encode()
                                 + b"</t></r>", 1)
    assert edited != p[comments]
    with zipfile.ZipFile(first.output, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in p.items():
            zf.writestr(name, edited if name == comments else data)
    _, second = _annotate(first.output, tmp_path / "dua.xlsx")
    _, third = _annotate(second.output, tmp_path / "tiga.xlsx")
    b, c = parts(second.output), parts(third.output)
    assert sorted(b) == sorted(c)
    summary = sheet_parts(b)[SUMMARY_SHEET]
    for name in b:
        if name != summary:  # its only difference is the time it was written
            assert b[name] == c[name], name
    def without_name_and_time(xml):  # the file checked and the time are all that may differ
        xml = re.sub(rb"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}", b"", xml)
        return xml.replace(b"satu.xlsx", b"").replace(b"dua.xlsx", b"")

    assert without_name_and_time(b[summary]) == without_name_and_time(c[summary])
    notes = _comments(b, part)
    e5 = next(ref for ref, t in notes.items() if "Komentar lama" in t)
    assert notes[e5].startswith("Komentar lama di sel yang akan ditandai")
    assert notes[e5].count(NOTE_MARK) == 1 and reply in notes[e5]
    # nothing piles up: the styles and the notes are those of the first copy
    assert _children(b["xl/styles.xml"], "cellXfs", "xf") == _children(parts(first.output)["xl/styles.xml"], "cellXfs", "xf")
    assert sum(1 for n in b if n.endswith(".vml")) == sum(1 for n in parts(first.output) if n.endswith(".vml"))
    # and the fixed workbook comes back as theirs: no finding, no fill, their note alone
    fourth = annotate(third.output, [], tmp_path / "empat.xlsx")
    d = parts(fourth.output)
    assert _comments(d, part)[e5].replace("\n\n" + reply, "") == "Komentar lama di sel yang akan ditandai"
    assert reply in _comments(d, part)[e5]
    assert _canonical_sheet(d[part], set()) == _canonical_sheet(parts(src)[sheet_parts(parts(src))["Tabel 4.1"]], set())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name + "/" + p.name)
def test_sample_workbooks_change_only_where_intended(tmp_path, path):
    src = tmp_path / path.name
    shutil.copy(path, src)
    res, result = _annotate(src, tmp_path / "out.xlsx")
    assert_only_intended_changes(src, result.output, res.findings)


def _real_ok() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith("~$"))


@pytest.fixture(scope="module")
def real_copies(tmp_path_factory):
    """Every real workbook that `check` reads as a plan (status ok), annotated."""
    out = tmp_path_factory.mktemp("real")
    done = []
    for p in _real_ok():
        res = check_file(p, Config(), "id")
        if res.status != "ok":
            continue
        target = out / (p.stem + ".diperiksa" + p.suffix)
        result = annotate(p, res.findings, target, "id", ruleset="test", source_format=res.workbook.format)
        done.append((p, result, res.findings))
    return done


@pytest.mark.skipif(not _real_ok(), reason="../shared/real-workbooks is not here")
def test_real_workbooks_change_only_where_intended(real_copies):
    assert len(real_copies) >= 10
    for src, result, findings in real_copies:
        assert result.lost_features == [], src.name  # patched, not rebuilt
        assert_only_intended_changes(src, result.output, findings)


# --------------------------------------------------------------------------- LibreOffice

def _soffice_fods(files: list[Path], outdir: Path, profile: Path) -> None:
    proc = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                           "--convert-to", "fods", "--outdir", str(outdir), *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def _annotations(fods: Path) -> list[str]:
    """The text of every note LibreOffice read, its paragraphs joined by newlines."""
    text = fods.read_text(encoding="utf-8")
    out = []
    for a in re.findall(r"<office:annotation\b.*?</office:annotation>", text, re.S):
        paragraphs = re.findall(r"<text:p\b[^>]*?(?:/>|>(.*?)</text:p>)", a, re.S)
        out.append("\n".join(unescape(re.sub(r"<text:s/>", " ", re.sub(r"<(?!text:s/)[^>]+>", "", p)))
                              for p in paragraphs))
    return out


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_opens_the_copies_and_shows_the_notes(tmp_path, real_copies):
    src = richer_workbook(tmp_path / "renja.xlsx")
    res, rich = _annotate(src, tmp_path / "renja.diperiksa.xlsx")
    seed = tmp_path / "seed.xlsx"
    shutil.copy(WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx", seed)
    res_seed, seed_copy = _annotate(seed, tmp_path / "seed.diperiksa.xlsx")
    copies = [(rich, res.findings), (seed_copy, res_seed.findings)] + [(r, f) for _, r, f in real_copies]
    outdir = tmp_path / "fods"
    _soffice_fods([c.output for c, _ in copies], outdir, tmp_path / "lo")
    for copy, findings in copies:
        fods = outdir / (copy.output.stem + ".fods")
        assert fods.exists(), copy.output.name  # opened and converted: no repair refused it
        text = fods.read_text(encoding="utf-8")
        names = [unescape(n) for n in re.findall(r'<table:table table:name="([^"]*)"', text)]
        assert names[0] == SUMMARY_SHEET, copy.output.name
        for name in sheet_parts(parts(copy.output)):
            assert name in names, (copy.output.name, name)
        cells = {(f.sheet, f.cell) for f in findings if f.cell and f.sheet in names}
        ours = [a for a in _annotations(fods) if NOTE_MARK in a]
        assert len(ours) == len(cells), copy.output.name
    rich_notes = _annotations(outdir / "renja.diperiksa.fods")
    assert any(a.startswith("Komentar lama") and "PAGU-SUM" in a for a in rich_notes)
    assert any(a == "Catatan dari OPD: cek ulang" for a in rich_notes)


def test_state_sheet_and_mark_are_written(tmp_path):
    src = richer_workbook(tmp_path / "renja.xlsx")
    _, result = _annotate(src, tmp_path / "out.xlsx")
    b = parts(result.output)
    assert STATE_MARK.encode() in b["docProps/custom.xml"]
    wb = b["xl/workbook.xml"]
    state = re.findall(rb'<sheet [^>]*state="veryHidden"[^>]*/>', wb)
    assert len(state) == 1
    values = read_values(result.output)
    state_name = [n for n in sheet_parts(b)][-1]
    assert values[state_name][0][:1] == [STATE_MARK]
    assert ["Tabel 4.1", "E5"] in [row[:2] for row in values[state_name][1:]]


# --------------------------------------------------------------------------- the check before the move

def _faulty(monkeypatch, part: str, change) -> None:
    """The patcher followed by a bug that changes `part` of what it wrote."""
    import reconcile.report.annotate as ann

    real = ann._patch

    def faulty(path, target, *args):
        written = real(path, target, *args)
        with zipfile.ZipFile(target) as zf:
            items = [(i, zf.read(i)) for i in zf.infolist()]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in items:
                new = change(data) if info.filename == part else data
                assert info.filename != part or new != data
                zf.writestr(info, new)
        return written

    monkeypatch.setattr(ann, "_patch", faulty)


@pytest.mark.parametrize("what, change", [
    ("a flagged cell's value", lambda x: x.replace(b"<v>30000</v>", b"<v>3</v>", 1)),
    ("another cell's format", lambda x: re.sub(rb'<c r="E6" s="[0-9]+"', b'<c r="E6" s="0"', x, count=1)),
    ("a cell left out", lambda x: re.sub(rb'<c r="B7"[^>]*>.*?</c>', b"", x, count=1, flags=re.S)),
])
def test_a_copy_that_differs_elsewhere_is_not_moved_into_place(tmp_path, monkeypatch, what, change):
    from reconcile.report.annotate import CopyMismatch

    src = feature_rich_workbook(tmp_path / "renja.xlsx")
    res = check_file(src, Config(), "id")
    assert ("Tabel 4.1", "E5") in {(f.sheet, f.cell) for f in res.findings}  # the =SUM holding 30000
    _faulty(monkeypatch, "xl/worksheets/sheet1.xml", change)
    with pytest.raises(CopyMismatch) as info:
        annotate(src, res.findings, tmp_path / "out.xlsx")
    assert info.value.where.startswith("'Tabel 4.1'!"), what
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "renja.xlsx"]


def test_a_macro_workbook_keeps_its_project_byte_for_byte(tmp_path):
    import xlsxwriter

    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0 a stand-in for the agency's macros " * 20)
    src = tmp_path / "renja.xlsm"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("Tabel 4.1")
    for r, row in enumerate([["No", "Uraian", "Pagu Indikatif (Rp) 2024"], ["I", "PROGRAM PENUNJANG", 30_000],
                             [1, "Penyediaan Gaji", "10.000.00"]]):
        ws.write_row(r, 0, row)
    wb.add_vba_project(str(vba))
    wb.close()
    res, result = _annotate(src, tmp_path / "renja.diperiksa.xlsm")
    assert res.findings and result.lost_features == []
    a, b = parts(src), parts(result.output)
    assert b["xl/vbaProject.bin"] == a["xl/vbaProject.bin"]
    assert b"sheet.macroEnabled.main+xml" in b["[Content_Types].xml"]
    assert_only_intended_changes(src, result.output, res.findings)
