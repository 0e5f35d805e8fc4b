"""The annotated copy: marks where findings are, and nothing of the agency's lost."""
from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from conftest import WORKBOOKS

from reconcile.checks.base import Finding
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.report.annotate import FILLS, NOTE_MARK, STATE_SHEET, SUMMARY_SHEET, annotate, default_output
from reconcile.run import check_file

SAMPLES = sorted(WORKBOOKS.glob("*.xlsx")) + sorted((WORKBOOKS / "corrected").glob("*.xlsx"))
OURS = {SUMMARY_SHEET, STATE_SHEET}


def _png() -> bytes:
    """A valid 2x2 red PNG, made here so no binary fixture is needed."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def feature_rich_workbook(path: Path) -> Path:
    """A plan table plus every feature the copy must keep."""
    import xlsxwriter

    img = path.parent / "logo.png"
    img.write_bytes(_png())
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True, "bg_color": "#C6E0B4", "border": 1})
    money = wb.add_format({"num_format": "#,##0", "font_color": "#1F4E79"})
    agency_fill = wb.add_format({"bg_color": "#FFFF00", "num_format": "#,##0"})
    ws = wb.add_worksheet("Tabel 4.1")
    ws.merge_range("A1:E1", "TABEL 4.1 RINCIAN PROGRAM", bold)
    for c, h in enumerate(["No", "Uraian", "Indikator", "Target", "Pagu Indikatif (Rp) 2024"]):
        ws.write(2, c, h, bold)
    rows = [("I", "PROGRAM PENUNJANG URUSAN", None, None, ("=E5", 30_000)),
            ("A", "Administrasi Keuangan", None, None, ("=SUM(E6:E7)", 30_000)),
            (1, "Penyediaan Gaji", "Jumlah orang", "23 Orang/Bulan", 10_000),
            (2, "Penatausahaan Keuangan", "Jumlah dokumen", "5 Dokumen", 25_000)]  # 10+25 != 30
    for r, (no, name, ind, tgt, pagu) in enumerate(rows, start=3):
        ws.write(r, 0, no)
        ws.write(r, 1, name, bold if r < 5 else None)
        if ind:
            ws.write(r, 2, ind)
            ws.write(r, 3, tgt)
        if isinstance(pagu, tuple):
            ws.write_formula(r, 4, pagu[0], agency_fill if r == 4 else money, pagu[1])
        else:
            ws.write_number(r, 4, pagu, money)
    ws.write_string(8, 1, "=SUM(A1:A2) typed as text by a planner")
    ws.write_comment("B6", "Catatan dari OPD: cek ulang", {"author": "Perencana"})
    ws.write_comment("E5", "Komentar lama di sel yang akan ditandai", {"author": "Perencana"})
    ws.set_column("B:B", 42)
    ws.set_column("C:C", 30, None, {"hidden": True})
    ws.set_row(7, 30)
    ws.set_row(8, None, None, {"hidden": True})
    ws.freeze_panes(3, 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    ws.data_validation("D4:D7", {"validate": "list", "source": ["1 Dokumen", "5 Dokumen"]})
    ws.conditional_format("E4:E7", {"type": "cell", "criteria": ">", "value": 20_000, "format": bold})
    ws.insert_image("G2", str(img))
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "='Tabel 4.1'!$E$6:$E$7"})
    ws.insert_chart("G10", chart)
    wb.define_name("PaguGaji", "='Tabel 4.1'!$E$6")
    hidden = wb.add_worksheet("Lampiran")
    hidden.write(0, 0, "lembar tersembunyi")
    hidden.hide()
    wb.close()
    return path


def _cell_signature(cell):
    return (cell.value if not hasattr(cell.value, "text") else str(cell.value), cell.data_type, cell.number_format,
            repr(cell.font), repr(cell.border), repr(cell.alignment), repr(cell.protection))


def assert_same_except_ours(src: Path, out: Path, marked: set[tuple[str, str]]):
    a = openpyxl.load_workbook(src, rich_text=True)
    b = openpyxl.load_workbook(out, rich_text=True)
    assert [s for s in b.sheetnames if s not in OURS] == a.sheetnames
    assert b[STATE_SHEET].sheet_state == "veryHidden"
    for ws_a in a.worksheets:
        ws_b = b[ws_a.title]
        assert ws_b.sheet_state == ws_a.sheet_state
        assert {str(r) for r in ws_b.merged_cells.ranges} == {str(r) for r in ws_a.merged_cells.ranges}
        assert ws_b.freeze_panes == ws_a.freeze_panes
        assert ws_b.print_title_rows == ws_a.print_title_rows
        assert repr(ws_b.page_setup.orientation) == repr(ws_a.page_setup.orientation)
        assert ws_b.page_setup.paperSize == ws_a.page_setup.paperSize
        assert ws_b.sheet_properties.pageSetUpPr.fitToPage == ws_a.sheet_properties.pageSetUpPr.fitToPage \
            if ws_a.sheet_properties.pageSetUpPr else True
        for key, dim in ws_a.column_dimensions.items():
            assert (ws_b.column_dimensions[key].width, ws_b.column_dimensions[key].hidden) == (dim.width, dim.hidden), key
        for key, dim in ws_a.row_dimensions.items():
            assert (ws_b.row_dimensions[key].height, ws_b.row_dimensions[key].hidden) == (dim.height, dim.hidden), key
        assert [(str(dv.sqref), dv.formula1) for dv in ws_b.data_validations.dataValidation] == \
            [(str(dv.sqref), dv.formula1) for dv in ws_a.data_validations.dataValidation]
        assert [str(r.sqref) for r in ws_b.conditional_formatting] == [str(r.sqref) for r in ws_a.conditional_formatting]
        assert len(ws_b._images) == len(ws_a._images)
        assert len(ws_b._charts) == len(ws_a._charts)
        for row in ws_a.iter_rows():
            for ca in row:
                cb = ws_b[ca.coordinate]
                assert _cell_signature(cb) == _cell_signature(ca), (ws_a.title, ca.coordinate)
                if (ws_a.title, ca.coordinate) not in marked:
                    assert repr(cb.fill) == repr(ca.fill), (ws_a.title, ca.coordinate)
                    assert (cb.comment.text if cb.comment else None) == (ca.comment.text if ca.comment else None)
                else:
                    assert cb.fill.fgColor.rgb in FILLS.values()
                    assert NOTE_MARK in cb.comment.text
                    if ca.comment:  # the agency's note is kept, ours below it
                        assert cb.comment.text.startswith(ca.comment.text)
    assert set(b.defined_names) == set(a.defined_names)


def sheet_part(path: Path, sheet: str) -> bytes:
    """The worksheet XML of `sheet`, found the way Excel finds it (workbook.xml -> its rels)."""
    import re
    from html import unescape

    with zipfile.ZipFile(path) as zf:
        wb = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        for m in re.finditer(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"', wb):
            if unescape(m.group(1)) == sheet:
                target = re.search(r'Id="%s"[^>]*Target="([^"]*)"' % m.group(2), rels).group(1)
                return zf.read("xl/" + target)
    raise KeyError(sheet)


def _annotate(path: Path, out: Path | None = None):
    res = check_file(path, Config(), "id")
    assert res.status == "ok", res.error
    result = annotate(path, res.findings, out, "id", ruleset="test", source_format=res.workbook.format,
                      workbook=res.workbook)
    marked = {(f.sheet, f.cell) for f in res.findings}
    return res, result, marked


def test_feature_rich_workbook_keeps_everything_but_our_marks(tmp_path):
    src = feature_rich_workbook(tmp_path / "renja.xlsx")
    before = src.read_bytes()
    res, result, marked = _annotate(src)
    assert src.read_bytes() == before  # the input is never written
    assert result.output == tmp_path / "renja.diperiksa.xlsx"
    assert ("Tabel 4.1", "E5") in marked  # 10.000 + 25.000 != 30.000
    assert_same_except_ours(src, result.output, marked)
    out = openpyxl.load_workbook(result.output)
    assert out.active.title == SUMMARY_SHEET
    e5 = out["Tabel 4.1"]["E5"]
    assert e5.comment.text.startswith("Komentar lama") and "PAGU-SUM" in e5.comment.text
    assert e5.fill.fgColor.rgb == FILLS["error"]
    # formulas keep their cached values in the copy (openpyxl alone would drop them)
    wb2 = read_workbook(result.output)
    assert wb2.value_at("Tabel 4.1", 5, 5) == 30_000
    assert not [p for p in wb2.problems if p.kind == "formula_without_value"]


def test_running_again_on_its_own_output_replaces_rather_than_piles_up(tmp_path):
    src = feature_rich_workbook(tmp_path / "renja.xlsx")
    _, first, marked = _annotate(src)
    again = tmp_path / "again.xlsx"
    _, second, _ = _annotate(first.output, again)
    a, b = openpyxl.load_workbook(first.output), openpyxl.load_workbook(second.output)
    assert a.sheetnames == b.sheetnames
    assert b.sheetnames.count(SUMMARY_SHEET) == 1
    e5 = b["Tabel 4.1"]["E5"].comment.text
    assert e5.count(NOTE_MARK) == 1 and e5.count("PAGU-SUM") == 1
    assert_same_except_ours(src, second.output, marked)
    # the agency's yellow fill under our mark comes back when the finding is gone
    from reconcile.report.annotate import _remove_previous_marks

    wb = openpyxl.load_workbook(second.output)
    _remove_previous_marks(wb)
    assert wb["Tabel 4.1"]["E5"].fill.fgColor.rgb.endswith("FFFF00")
    assert wb["Tabel 4.1"]["E5"].comment.text == "Komentar lama di sel yang akan ditandai"


def test_summary_links_every_finding_to_an_existing_cell_and_text_never_becomes_formula(tmp_path):
    src = feature_rich_workbook(tmp_path / "renja.xlsx")
    hostile = Finding("PAGU-SUM", "error", "Tabel 4.1", "B9", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)")
    result = annotate(src, [hostile] + check_file(src, Config()).findings, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(result.output)
    ws = wb[SUMMARY_SHEET]
    links = [c for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    assert len(links) >= 2
    for c in links:
        target = c.hyperlink.location or c.hyperlink.target
        sheet, cell = target.lstrip("#").rsplit("!", 1)
        sheet = sheet.strip("'").replace("''", "'")
        assert sheet in wb.sheetnames and wb[sheet][cell] is not None
    summary_xml = sheet_part(result.output, SUMMARY_SHEET)
    assert b"<f>" not in summary_xml and b"cmd|" in summary_xml  # written, as text


def test_many_findings_of_one_rule_are_grouped(tmp_path):
    src = feature_rich_workbook(tmp_path / "renja.xlsx")
    many = [Finding("NUM-TEXT", "warning", "Tabel 4.1", f"D{r}", f"pesan {r}") for r in range(1, 60)]
    result = annotate(src, many, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(result.output)[SUMMARY_SHEET]
    hidden = [r for r, d in ws.row_dimensions.items() if d.hidden]
    assert len(hidden) >= 59 - 15
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("44 temuan NUM-TEXT lainnya" in t for t in texts)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name + "/" + p.name)
def test_sample_workbooks_fidelity(tmp_path, path):
    src = tmp_path / path.name
    shutil.copy(path, src)
    res, result, marked = _annotate(src)
    assert_same_except_ours(src, result.output, marked)
    # every finding of check is a highlighted cell with its note
    wb = openpyxl.load_workbook(result.output)
    for sheet, cell in marked:
        c = wb[sheet][cell]
        assert NOTE_MARK in (c.comment.text if c.comment else ""), (sheet, cell)


def test_default_output_names(tmp_path):
    assert default_output(Path("a/renja.xlsx")) == Path("a/renja.diperiksa.xlsx")
    assert default_output(Path("renja.xlsm")) == Path("renja.diperiksa.xlsm")
    assert default_output(Path("renja.diperiksa.xlsx")) == Path("renja.diperiksa.xlsx")
    assert default_output(Path("lama.xls")) == Path("lama.diperiksa.xlsx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_opens_the_annotated_seed(tmp_path):
    src = tmp_path / "renja.xlsx"
    shutil.copy(WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx", src)
    _, result, _ = _annotate(src)
    for fmt in ("pdf", "csv"):
        proc = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", fmt, "--outdir", str(tmp_path / fmt), str(result.output)],
                              capture_output=True, text=True, timeout=240)
        assert proc.returncode == 0, proc.stderr
        produced = list((tmp_path / fmt).glob(f"*.{fmt}"))
        assert produced and produced[0].stat().st_size > 0
    csv_text = next((tmp_path / "csv").glob("*.csv")).read_text(encoding="utf-8", errors="replace")
    # the active sheet is converted to CSV: our summary
    assert "Hasil Pemeriksaan" in csv_text and "Daftar temuan" in csv_text
