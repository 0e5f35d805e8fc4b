"""`reconcile fix`: a separate copy with amounts typed as text turned into numbers and numbering
moved out of name cells; every change noted; nothing else of the package changed.

The truth is read back from the copy with openpyxl and by comparing zip parts, never from the
code under test."""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import WORKBOOKS, build_xlsx

from reconcile.cli import main

HEADER = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif"]
NAMES = ["Penyusunan Dokumen Perencanaan", "Koordinasi dan Penyusunan Laporan Capaian Kinerja",
         "Evaluasi Kinerja Perangkat Daerah"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="reconcile")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        return {n: zf.read(n) for n in zf.namelist()}


def cells(sheet_xml: bytes) -> dict[str, bytes]:
    """Every cell element of a worksheet part by its reference, as written."""
    return {m.group(1).decode(): m.group(0)
            for m in re.finditer(rb'<c\s[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)', sheet_xml, re.S)}


def plan_workbook(path: Path, width: float = 16) -> Path:
    rows = [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase capaian", "100%", 15_360_000],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase dokumen", "100%", "Rp 15.360.000"],
            [1, NAMES[0], "Jumlah dokumen", "1 Dokumen", 8_160_000],
            [None, "2. " + NAMES[1], "Jumlah dokumen", "1 Dokumen", "4.500.000,00"],
            [3, NAMES[2], "Jumlah dokumen", "1 Dokumen", 2_700_000]]
    return build_xlsx(path, {"Tabel 4.1": rows}, col_widths={"Tabel 4.1": {5: width}})


def check_json(path: Path) -> list[dict]:
    result = run("check", path, "--format", "json")
    return json.loads(result.stdout)["files"][0]["findings"]


def test_fix_writes_numbers_moves_numbering_and_notes_every_change(tmp_path):
    src = plan_workbook(tmp_path / "renja.xlsx")
    before = check_json(src)
    assert {(f["rule"], f["cell"]) for f in before if f["rule"] in ("NUM-TEXT", "NUMBERING-IN-NAME")} == {
        ("NUM-TEXT", "E3"), ("NUM-TEXT", "E5"), ("NUMBERING-IN-NAME", "B5")}
    digest = sha(src)

    result = run("fix", src)
    out = tmp_path / "renja.perbaikan.xlsx"
    assert result.exit_code == 0, result.output
    assert "3 temuan diperbaiki (4 sel)" in result.output and "renja.perbaikan.xlsx" in result.output
    assert sha(src) == digest and out.exists()

    ws = openpyxl.load_workbook(out)["Tabel 4.1"]
    e3, e5, b5, a5 = ws["E3"], ws["E5"], ws["B5"], ws["A5"]
    assert (e3.value, e3.data_type, e3.number_format) == (15_360_000, "n", "#,##0")
    assert (e5.value, e5.data_type, e5.number_format) == (4_500_000, "n", "#,##0.00")
    assert (b5.value, b5.data_type) == (NAMES[1], "s")
    assert (a5.value, a5.data_type) == (2, "n")
    assert 'tertulis "Rp 15.360.000"' in e3.comment.text and "15360000" in e3.comment.text
    assert 'tertulis "4.500.000,00"' in e5.comment.text
    assert '"2. Koordinasi' in b5.comment.text and "kosong" in a5.comment.text
    # the other cells as they were
    orig = openpyxl.load_workbook(src)["Tabel 4.1"]
    for row in orig.iter_rows():
        for c in row:
            if c.coordinate not in ("E3", "E5", "B5", "A5"):
                assert ws[c.coordinate].value == c.value and ws[c.coordinate].number_format == c.number_format
                assert ws[c.coordinate].comment is None

    book = openpyxl.load_workbook(out)
    listed = [[c.value for c in r] for r in book["Perbaikan reconcile"].iter_rows(min_row=5)]
    assert [r[1:4] for r in listed] == [["Tabel 4.1", "E3", "NUM-TEXT"], ["Tabel 4.1", "A5", "NUMBERING-IN-NAME"],
                                        ["Tabel 4.1", "B5", "NUMBERING-IN-NAME"], ["Tabel 4.1", "E5", "NUM-TEXT"]]
    assert listed[0][4:] == ["Rp 15.360.000", 15_360_000] and listed[2][4:] == ["2. " + NAMES[1], NAMES[1]]

    # nothing else of the package changed: every other part byte for byte, every other cell as written
    p_in, p_out = parts(src), parts(out)
    rewritten = {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "[Content_Types].xml", "_rels/.rels", "docProps/custom.xml"}
    for name, data in p_in.items():
        if name not in rewritten:
            assert p_out[name] == data, name
    c_in, c_out = cells(p_in["xl/worksheets/sheet1.xml"]), cells(p_out["xl/worksheets/sheet1.xml"])
    assert set(c_out) == set(c_in) | {"A5"}
    assert {ref for ref in c_in if c_in[ref] != c_out[ref]} == {"E3", "E5", "B5"}

    after = check_json(out)
    assert not [f for f in after if f["rule"] in ("NUM-TEXT", "NUMBERING-IN-NAME")]
    keep = lambda fs: sorted((f["rule"], f["cell"], f["message"]) for f in fs  # noqa: E731
                             if f["rule"] not in ("NUM-TEXT", "NUMBERING-IN-NAME"))
    assert keep(after) == keep(before)

    again = run("fix", out, "-o", out.with_name("twice.xlsx"))  # the copy has nothing left to fix
    assert again.exit_code == 0 and "tidak ada yang dapat diperbaiki" in again.output
    assert not out.with_name("twice.xlsx").exists()
    rerun = run("fix", src)  # our own earlier copy may be replaced
    assert rerun.exit_code == 0 and sha(src) == digest


def test_ambiguous_text_is_left_and_no_copy_is_made(tmp_path):
    rows = [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase capaian", "100%", 15_360_000],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase dokumen", "100%", 15_360_000],
            [1, NAMES[0], "Jumlah dokumen", "1 Dokumen", "8.160"]]  # thousands or decimals: not for a machine
    src = build_xlsx(tmp_path / "r.xlsx", {"S": rows})
    assert [f["cell"] for f in check_json(src) if f["rule"] == "NUM-TEXT"] == ["E4"]
    result = run("fix", src, "--lang", "en")
    assert result.exit_code == 0
    assert "nothing can be fixed automatically" in result.output and "1 findings were left" in result.output
    assert not (tmp_path / "r.perbaikan.xlsx").exists()


def test_an_amount_too_wide_for_its_column_stays_text(tmp_path):
    src = plan_workbook(tmp_path / "narrow.xlsx", width=8)  # 15.360.000 needs about 9: Excel would show #####
    result = run("fix", src)
    assert result.exit_code == 0 and "1 temuan diperbaiki (2 sel)" in result.output
    assert "2 temuan tidak diubah" in result.output and "#####" in result.output
    ws = openpyxl.load_workbook(tmp_path / "narrow.perbaikan.xlsx")["Tabel 4.1"]
    assert (ws["E3"].value, ws["E5"].value) == ("Rp 15.360.000", "4.500.000,00")
    assert (ws["A5"].value, ws["B5"].value) == (2, NAMES[1])
    assert ws["E3"].comment is None and ws["E5"].comment is None
    hashes = lambda p: [f["cell"] for f in check_json(p) if f["rule"] == "NUM-HASH"]  # noqa: E731
    assert hashes(tmp_path / "narrow.perbaikan.xlsx") == hashes(src) == ["E2"]  # no new #####: E2 was theirs


def test_other_formats_and_foreign_outputs_are_refused(tmp_path):
    ods = tmp_path / "renja.ods"
    ods.write_bytes(b"not read")
    result = run("fix", ods)
    assert result.exit_code == 2 and "hanya dibuat untuk berkas .xlsx atau .xlsm" in result.output
    result = run("fix", ods, "--lang", "en")
    assert result.exit_code == 2 and "only made for .xlsx or .xlsm" in result.output

    result = run("fix", tmp_path)
    assert result.exit_code == 2 and "ini sebuah folder" in result.output

    src = plan_workbook(tmp_path / "renja.xlsx")
    theirs = tmp_path / "theirs.xlsx"
    theirs.write_bytes(b"a planner's file")
    result = run("fix", src, "-o", theirs)
    assert result.exit_code == 2 and "bukan keluaran reconcile" in result.output
    assert theirs.read_bytes() == b"a planner's file"
    before = sha(src)  # (a rebuilt twin would differ: xlsxwriter stamps the time it was made)
    result = run("fix", src, "-o", src)
    assert result.exit_code == 2 and sha(src) == before
    macro = tmp_path / "renja.xlsm"
    macro.write_bytes(src.read_bytes())
    result = run("fix", macro, "-o", tmp_path / "out.xlsx", "--lang", "en")  # the main part's type would change
    assert result.exit_code == 2 and "keeps the type of the original (.xlsm)" in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_text_sample_every_amount_fixed_and_totals_unchanged(tmp_path):
    from reconcile.config import Config
    from reconcile.read import read_workbook

    src = tmp_path / "teks.xlsx"
    src.write_bytes((WORKBOOKS / "renja_disnaker_pontianak_2024_teks.xlsx").read_bytes())
    before = check_json(src)
    fixable = [f for f in before if f["rule"] in ("NUM-TEXT", "NUMBERING-IN-NAME")]
    result = run("fix", src)
    assert result.exit_code == 0 and f"{len(fixable)} temuan diperbaiki" in result.output
    out = tmp_path / "teks.perbaikan.xlsx"
    after = check_json(out)
    keep = lambda fs: sorted((f["rule"], f["sheet"], f["cell"], f["message"]) for f in fs  # noqa: E731
                             if f["rule"] not in ("NUM-TEXT", "NUMBERING-IN-NAME"))
    assert not [f for f in after if f["rule"] in ("NUM-TEXT", "NUMBERING-IN-NAME")]
    assert keep(after) == keep(before)

    def money(path):  # every money column's sum, and every row's level, as the reader sees them
        out = {}
        for t in read_workbook(path, Config()).tables:
            for field in t.fields_of_type("money"):
                out[(t.sheet, field)] = (round(float(t.frame[field].fillna(0).sum()), 2), int(t.frame[field].notna().sum()))
            out[(t.sheet, "level")] = list(t.frame["level"])
        return out

    assert money(out) == money(src)
    ws = openpyxl.load_workbook(out)
    texts = [c.coordinate for s in ws.worksheets if s.title == "Tabel 3.2" for r in s.iter_rows(min_col=10, max_col=10)
             for c in r if isinstance(c.value, str) and re.search(r"\d\.\d{3}", c.value)]
    assert texts == []


def test_sheet_patch_replaces_a_value_but_never_a_formula():
    from reconcile.report import sheet_patch

    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="str"><f>A1&amp;""</f><v>x</v></c><c r="C1" s="2"/>'
           b'<c r="D1" t="s"><v>1</v></c></row></sheetData></worksheet>')
    done: set = set()
    out = sheet_patch.restyle(xml, {1: {1, 2, 3}}, lambda r, c, cur: cur,
                              values={(1, 1): 1234.5, (1, 2): 5.0, (1, 3): "Gaji & <Tunjangan>"}, replaced=done)
    assert done == {(1, 1), (1, 3)}
    assert out == (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   b'<row r="1"><c r="A1"><v>1234.5</v></c><c r="B1" t="str"><f>A1&amp;""</f><v>x</v></c>'
                   b'<c r="C1" s="2" t="inlineStr"><is><t xml:space="preserve">Gaji &amp; &lt;Tunjangan&gt;</t></is></c>'
                   b'<c r="D1" t="s"><v>1</v></c></row></sheetData></worksheet>')
