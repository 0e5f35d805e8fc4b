"""reconcile.read.layout (styles, widths, hidden rows/cols, formulas straight from the xlsx XML)
and reconcile.read.safety (format sniffing, zip-bomb / entity / dimension guards).

Workbooks are built in the test: with xlsxwriter where it can express the case, by hand
(zipfile + XML strings) for what real-world writers do differently, and byte by byte for the
malicious ones. Set RECONCILE_BENCH=1 to time read_layout against openpyxl on 50,000 rows.
"""
from __future__ import annotations

import os
import re
import struct
import time
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest

from reconcile.read.layout import (
    BUILTIN_FORMATS, CellStyle, ColumnSet, ColumnWidths, SheetLayout, StyleMap, _SheetScanner,
    read_layout,
)
from reconcile.read.model import column_letter
from reconcile.read.safety import (
    GuardedZip, Limits, UnsafeWorkbook, check_xml_safe, check_zip, sniff_format,
)

REAL = Path("/work/shared/real-workbooks")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


# --------------------------------------------------------------------------- helpers

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
 <numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.0&quot; jt&quot;"/></numFmts>
 <fonts count="6">
  <font><sz val="11"/><name val="Calibri"/></font>
  <font><b/><sz val="12"/></font>
  <font><i val="1"/><sz val="9.5"/></font>
  <font><b val="0"/></font>
  <font><b val="true"/><i val="false"/></font>
  <font><b val="false"/></font>
 </fonts>
 <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
  <fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>
 <cellXfs count="7">
  <xf numFmtId="0" fontId="0" fillId="0"/>
  <xf numFmtId="3" fontId="1" fillId="0" applyFont="1"/>
  <xf fontId="2" numFmtId="4"/>
  <xf numFmtId="9" fontId="3"/>
  <xf numFmtId="10" fontId="4" fillId="2"/>
  <xf numFmtId="14" fontId="5"/>
  <xf numFmtId="164"/>
 </cellXfs>
 <dxfs count="1"><dxf><font><b/></font></dxf></dxfs>
</styleSheet>"""


def sheet_xml(body: str, head: str = "", tail: str = "", ns: str = MAIN, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{ns}"' if prefix else f'xmlns="{ns}"'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<{p}worksheet {xmlns} xmlns:r="{REL}">{head}<{p}sheetData>{body}</{p}sheetData>{tail}</{p}worksheet>')


def build_xlsx(path: Path, sheets: list[tuple[str, str]], styles: str | None = STYLES, *,
               wb_dir: str = "xl", absolute: bool = False, chartsheet_at: int | None = None,
               strict: bool = False, wb_prefix: str = "", extra: dict[str, bytes | str] | None = None) -> Path:
    """A minimal package by hand: [Content_Types].xml, _rels/.rels, workbook + rels, sheets."""
    main_ns, rel_ns = (STRICT_MAIN, STRICT_REL) if strict else (MAIN, REL)
    rel_type = rel_ns if strict else REL
    files: dict[str, bytes | str] = {}
    sheet_entries, rels = [], []
    overrides = [f'<Override PartName="/{wb_dir}/workbook.xml" ContentType="application/'
                 f'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for i, (name, xml) in enumerate(sheets, start=1):
        target = f"worksheets/sheet{i}.xml"
        files[f"{wb_dir}/{target}"] = xml
        rels.append(f'<Relationship Id="rId{i}" Type="{rel_type}/worksheet" '
                    f'Target="{"/" + wb_dir + "/" + target if absolute else target}"/>')
        sheet_entries.append(f'<{wb_prefix}sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
        overrides.append(f'<Override PartName="/{wb_dir}/{target}" ContentType="application/'
                         f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    if chartsheet_at is not None:
        files[f"{wb_dir}/chartsheets/sheet1.xml"] = f'<chartsheet xmlns="{main_ns}"/>'
        rels.append(f'<Relationship Id="rIdC" Type="{rel_type}/chartsheet" Target="chartsheets/sheet1.xml"/>')
        sheet_entries.insert(chartsheet_at, f'<{wb_prefix}sheet name="Chart" sheetId="99" r:id="rIdC"/>')
    if styles is not None:
        files[f"{wb_dir}/styles.xml"] = styles
        rels.append(f'<Relationship Id="rIdS" Type="{rel_type}/styles" Target="styles.xml"/>')
    wb_ns = f'xmlns:{wb_prefix[:-1]}="{main_ns}"' if wb_prefix else f'xmlns="{main_ns}"'
    files[f"{wb_dir}/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><{wb_prefix}workbook {wb_ns} xmlns:r="{rel_ns}">'
        f'<{wb_prefix}sheets>{"".join(sheet_entries)}</{wb_prefix}sheets></{wb_prefix}workbook>')
    files[f"{wb_dir}/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    files["_rels/.rels"] = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                            f'Type="{rel_type}/officeDocument" Target="{wb_dir}/workbook.xml"/></Relationships>')
    files["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
    files.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one_sheet(tmp_path: Path, body: str, **kw) -> SheetLayout:
    head, tail = kw.pop("head", ""), kw.pop("tail", "")
    prefix = kw.pop("prefix", "")
    p = build_xlsx(tmp_path / "t.xlsx", [("S", sheet_xml(body, head, tail, prefix=prefix))], **kw)
    return read_layout(p)["S"]


def raw_zip(path: Path, members: list[tuple[str, bytes, int | None]]) -> Path:
    """A deflated zip written byte by byte; the third item, when given, is the uncompressed
    size to *declare* (in both headers) instead of the real one: a zip that lies."""
    out = bytearray()
    central = bytearray()
    for name, data, declared in members:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = c.compress(data) + c.flush()
        size = len(data) if declared is None else declared
        crc = zlib.crc32(data)
        nb = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(comp), size, len(nb), 0) + nb + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(comp), size,
                               len(nb), 0, 0, 0, 0, 0, offset) + nb
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd_offset, 0)
    path.write_bytes(bytes(out))
    return path


# --------------------------------------------------------------------------- xlsxwriter-made workbooks


@pytest.fixture(scope="module")
def xw_book(tmp_path_factory) -> Path:
    import xlsxwriter

    path = tmp_path_factory.mktemp("xw") / "renja.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tabel 4.1")
    bold = wb.add_format({"bold": True})
    italic14 = wb.add_format({"italic": True, "font_size": 14})
    rp = wb.add_format({"num_format": "#,##0", "bold": True})
    rp2 = wb.add_format({"num_format": "#,##0.00"})
    pct = wb.add_format({"num_format": "0%"})
    pct2 = wb.add_format({"num_format": "0.00%"})
    date = wb.add_format({"num_format": 14})
    custom = wb.add_format({"num_format": '#,##0.0" jt"'})
    filled = wb.add_format({"bg_color": "#FFFF00"})
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 4, 18.5)
    ws.set_column(6, 6, None, None, {"hidden": True})
    ws.merge_range("A1:E1", "RENCANA KERJA", bold)
    ws.write("A2", "Kode", bold)
    ws.write("B2", "Uraian", italic14)
    ws.write_number("C3", 1500000, rp)
    ws.write_number("D3", 1500000.5, rp2)
    ws.write_number("E3", 0.5, pct)
    ws.write_number("F3", 0.125, pct2)
    ws.write_number("A4", 45000, date)
    ws.write_number("B4", 12.5, custom)
    ws.write("C4", "kuning", filled)
    ws.write_formula("C5", "=SUM(C3:D3)", rp)           # xlsxwriter caches 0
    ws.write_formula("D5", "=IF(C3>0,\"ya\",\"tidak\")", None, "ya")
    ws.write_formula("E5", "=C5*2")                      # cached value removed below
    ws.set_row(6, None, None, {"hidden": True})
    ws.write("A7", "tersembunyi")
    ws.merge_range("A9:B10", "blok")
    ws2 = wb.add_worksheet("Kosong")
    ws2.write("A1", "x")
    wb.close()
    # a generator that never calculates: drop the cached value of E5
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet, n = re.subn(rb"(<c r=\"E5\"[^>]*><f>C5\*2</f>)<v>0</v>", rb"\1", sheet)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_xlsxwriter_styles(xw_book):
    lay = read_layout(xw_book)
    assert list(lay) == ["Tabel 4.1", "Kosong"]
    s = lay["Tabel 4.1"]
    assert s.is_bold(1, 1) and s.is_bold(2, 1) and s.is_bold(3, 3)
    assert not s.is_bold(2, 2) and s.style(2, 2).italic and s.style(2, 2).size == 14
    assert s.style(3, 3).number_format == "#,##0"
    assert s.style(3, 4).number_format == "#,##0.00"
    assert s.style(3, 5).number_format == "0%"
    assert s.style(3, 6).number_format == "0.00%"
    assert s.style(4, 1).number_format == BUILTIN_FORMATS[14]
    assert s.style(4, 2).number_format == '#,##0.0" jt"'
    assert s.style(4, 3).fill and not s.style(4, 2).fill
    assert s.style(50, 50) == s.styles[0] and s.style(50, 50).number_format == "General"
    assert s.style(50, 50).size == 11.0 and not s.is_bold(50, 50)


def test_xlsxwriter_geometry(xw_book):
    s = read_layout(xw_book)["Tabel 4.1"]
    assert sorted(s.merged) == [(1, 1, 1, 5), (9, 1, 10, 2)]
    assert s.width(2) == pytest.approx(40.71, abs=0.01)
    assert [s.width(c) for c in (3, 4, 5)] == [pytest.approx(19.29, abs=0.01)] * 3  # 18.5 + padding
    assert s.width(6) == s.default_col_width == 8.43  # xlsxwriter writes no defaultColWidth
    assert s.hidden_cols == {7}
    assert s.hidden_rows == {7}
    assert s.dimension.startswith("A1:")


def test_xlsxwriter_formulas(xw_book):
    s = read_layout(xw_book)["Tabel 4.1"]
    assert s.formulas == {(5, 3): "SUM(C3:D3)", (5, 4): 'IF(C3>0,"ya","tidak")', (5, 5): "C5*2"}
    assert s.uncached_formulas == {(5, 5)}  # xlsxwriter's cached 0 counts as a value


def test_xlsxwriter_matches_openpyxl(xw_book):
    import openpyxl

    lay = read_layout(xw_book)
    wb = openpyxl.load_workbook(xw_book)
    for ws in wb.worksheets:
        s = lay[ws.title]
        covered = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
                   for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}
        for row in ws.iter_rows():
            for c in row:
                if (c.row, c.column) in covered:
                    continue  # openpyxl gives merged-away cells a blank style
                st = s.style(c.row, c.column)
                assert st.bold == bool(c.font.b), c.coordinate
                assert st.italic == bool(c.font.i), c.coordinate
                assert st.number_format == c.number_format, c.coordinate
        for key, dim in ws.column_dimensions.items():
            if dim.customWidth:
                assert s.width(dim.min) == pytest.approx(dim.width)


# --------------------------------------------------------------------------- hand-made XML


def test_bold_val_variants_and_builtin_formats(tmp_path):
    body = "".join(f'<c r="{chr(65 + i)}1" s="{i}"><v>1</v></c>' for i in range(7))
    s = one_sheet(tmp_path, f'<row r="1">{body}</row>')
    assert [s.is_bold(1, c) for c in range(1, 8)] == [False, True, False, False, True, False, False]
    assert [s.style(1, c).italic for c in range(1, 8)] == [False, False, True, False, False, False, False]
    assert s.style(1, 2).size == 12.0 and s.style(1, 3).size == 9.5
    assert [s.style(1, c).number_format for c in range(1, 8)] == [
        "General", "#,##0", "#,##0.00", "0%", "0.00%", "mm-dd-yy", '#,##0.0" jt"']
    assert s.style(1, 5).fill and not s.style(1, 1).fill
    assert s.cell_style == {(1, c): c - 1 for c in range(2, 8)}  # style 0 is not stored


def test_attribute_order_quotes_and_whitespace(tmp_path):
    body = ('<row r="2">'
            '<c s="1" r="B2" t="s"><v>0</v></c>'
            "<c r='C2' s='2'><v>1</v></c>"
            '<c t="n" s="4" r="D2"><v>2</v></c>'
            '<c r="E2" t="n" s="3"><v>3</v></c>'
            '<c\n   r = "F2"\n   s = "1"\n  ><v>4</v></c>'
            '<c r="G2" s="" t="s"><v>5</v></c>'
            '<c r="H2" cm="1" s="1"><f t="array" ref="H2">SEQUENCE(1)</f><v>1</v></c>'
            "</row>")
    s = one_sheet(tmp_path, body)
    assert s.cell_style == {(2, 2): 1, (2, 3): 2, (2, 4): 4, (2, 5): 3, (2, 6): 1, (2, 8): 1}
    assert s.is_bold(2, 2) and s.is_bold(2, 4) and s.is_bold(2, 6) and not s.is_bold(2, 7)
    assert s.formulas == {(2, 8): "SEQUENCE(1)"}


def test_namespace_prefixes(tmp_path):
    body = ('<x:row r="1"><x:c r="A1" s="1" t="s"><x:v>0</x:v></x:c>'
            '<x:c r="B1" s="2"><x:f>A1&amp;"x"</x:f></x:c></x:row>'
            '<x:row r="3" hidden="1"><x:c r="A3" s="1"><x:v>1</x:v></x:c></x:row>')
    head = '<x:dimension ref="A1:B3"/><x:cols><x:col min="1" max="2" width="20" customWidth="1"/></x:cols>'
    tail = '<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells>'
    styles = STYLES.replace(f'<styleSheet xmlns="{MAIN}">', f'<x:styleSheet xmlns:x="{MAIN}">') \
        .replace("</styleSheet>", "</x:styleSheet>")
    styles = re.sub(r"<(/?)(?!x:|\?)(\w)", r"<\1x:\2", styles)
    p = build_xlsx(tmp_path / "ns.xlsx", [("S", sheet_xml(body, head, tail, prefix="x"))], styles=styles,
                   wb_prefix="x:")
    s = read_layout(p)["S"]
    assert s.is_bold(1, 1) and s.is_bold(3, 1) and s.style(1, 2).italic
    assert s.formulas == {(1, 2): 'A1&"x"'} and s.uncached_formulas == {(1, 2)}
    assert s.hidden_rows == {3} and s.width(1) == s.width(2) == 20
    assert s.merged == [(1, 1, 1, 2)] and s.dimension == "A1:B3"


def test_cells_and_rows_without_r(tmp_path):
    body = ('<row><c s="1"><v>1</v></c><c/><c s="2"><v>3</v></c></row>'   # row 1: A1 B1 C1
            '<row r="4"><c r="C4" s="1"/><c s="2"/></row>'                  # D4 follows C4
            '<row><c s="1"><f>1+1</f></c></row>'                            # row 5
            '<row r="7" hidden="1"><c s="4"/></row>'                        # A7
            '<row hidden="true"><c/><c s="1"/></row>')                      # row 8: B8
    s = one_sheet(tmp_path, body)
    assert s.cell_style == {(1, 1): 1, (1, 3): 2, (4, 3): 1, (4, 4): 2, (5, 1): 1, (7, 1): 4, (8, 2): 1}
    assert s.formulas == {(5, 1): "1+1"} and s.uncached_formulas == {(5, 1)}
    assert s.hidden_rows == {7, 8}


def test_shared_and_array_formulas(tmp_path):
    body = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>'
            '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>'
            '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/></c></row>'
            '<row r="4"><c r="A4"><f t="array" ref="A4:A5">TRANSPOSE(A1:B1)</f><v>1</v></c></row>'
            '<row r="5"><c r="A5"><v>2</v></c></row>')
    s = one_sheet(tmp_path, body)
    assert s.formulas == {(1, 2): "A1*2", (2, 2): "", (3, 2): "", (4, 1): "TRANSPOSE(A1:B1)"}
    assert s.uncached_formulas == {(3, 2)}


def test_cached_value_forms(tmp_path):
    body = ('<row r="1">'
            '<c r="A1"><f>1+1</f><v>2</v></c>'                     # cached
            '<c r="B1"><f>1+1</f><v></v></c>'                       # openpyxl: never calculated
            '<c r="C1"><f>1+1</f><v/></c>'                          # same, self-closing
            '<c r="D1" t="str"><f>""</f><v></v></c>'                # Excel: cached empty string
            '<c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'          # cached error
            '<c r="F1" t="inlineStr"><is><t>fff</t></is></c>'       # an "f" that is no formula
            '<c r="G1"><v>3</v><f>1+2</f></c>'                      # v before f (non-conforming)
            '<c r="H1">\n  <f>A1&gt;0</f>\n  <v>1</v>\n</c>'         # pretty-printed
            '<c r="I1" t="str"><f>"&lt;&amp;&#233;&#x41;"</f><v>x</v></c>'
            "</row>")
    s = one_sheet(tmp_path, body)
    assert s.formulas == {(1, 1): "1+1", (1, 2): "1+1", (1, 3): "1+1", (1, 4): '""', (1, 5): "1/0",
                          (1, 7): "1+2", (1, 8): "A1>0", (1, 9): '"<&éA"'}
    assert s.uncached_formulas == {(1, 2), (1, 3)}


def test_cols_sheetformat_and_merges(tmp_path):
    head = ('<dimension ref="B2:D9"/><sheetFormatPr baseColWidth="10" defaultRowHeight="16"/>'
            '<cols><col min="1" max="1" width="5.5" customWidth="1"/>'
            '<col min="3" max="4" width="30" hidden="1"/>'
            '<col min="6" max="16384" hidden="true"/></cols>')
    tail = '<mergeCells count="2"><mergeCell ref="B2:D3"/><mergeCell ref="$F$5"/></mergeCells>'
    s = one_sheet(tmp_path, '<row r="2"><c r="B2"/></row>', head=head, tail=tail)
    assert s.width(1) == 5.5 and s.width(3) == s.width(4) == 30
    assert s.default_col_width == pytest.approx(10.71) and s.width(2) == pytest.approx(10.71)
    assert 3 in s.hidden_cols and 4 in s.hidden_cols and 6 in s.hidden_cols and 16384 in s.hidden_cols
    assert 5 not in s.hidden_cols and 2 not in s.hidden_cols and len(s.hidden_cols) == 2 + 16379
    assert s.merged == [(2, 2, 3, 4), (5, 6, 5, 6)] and s.dimension == "B2:D9"
    s2 = one_sheet(tmp_path, "", head='<sheetFormatPr defaultColWidth="12.5"/>')
    assert s2.default_col_width == 12.5


def test_missing_styles_part(tmp_path):
    s = one_sheet(tmp_path, '<row r="1"><c r="A1" s="3"><v>1</v></c></row>', styles=None)
    assert s.cell_style == {(1, 1): 3}
    assert s.style(1, 1) == CellStyle() and not s.is_bold(1, 1)


def test_odd_part_paths_strict_and_chartsheets(tmp_path):
    sheets = [("Satu", sheet_xml('<row r="1"><c r="A1" s="1"/></row>')),
              ("Dua", sheet_xml('<row r="2"><c r="B2" s="2"/></row>'))]
    p = build_xlsx(tmp_path / "odd.xlsx", sheets, wb_dir="wtf/deep", absolute=True, chartsheet_at=1)
    lay = read_layout(p)
    assert list(lay) == ["Satu", "Dua"]  # the chartsheet is skipped
    assert lay["Satu"].is_bold(1, 1) and lay["Dua"].style(2, 2).italic
    strict = [("S", sheet_xml('<row r="1"><c r="A1" s="1"/></row>', ns=STRICT_MAIN))]
    p = build_xlsx(tmp_path / "strict.xlsx", strict, strict=True,
                   styles=STYLES.replace(MAIN, STRICT_MAIN))
    assert read_layout(p)["S"].is_bold(1, 1)


def test_streaming_pieces_give_the_same_result(tmp_path):
    hid = ' hidden="1"'
    rows = "".join(f'<row r="{r}"{hid if r % 7 == 0 else ""}>'
                   f'<c r="A{r}" s="{r % 3}"><v>{r}</v></c><c s="1"/><c r="D{r}"><f>A{r}*2</f></c></row>'
                   for r in range(1, 200))
    xml = sheet_xml(rows, head='<cols><col min="1" max="2" width="9"/></cols>',
                    tail='<mergeCells><mergeCell ref="A1:B1"/></mergeCells>').encode()

    def scan(piece_size):
        lay = SheetLayout(name="S")
        sc = _SheetScanner(lay, Limits())
        for i in range(0, len(xml), piece_size):
            sc.feed(xml[i:i + piece_size])
        return sc.finish()

    whole = scan(len(xml))
    for size in (1, 7, 64, 1000):
        part = scan(size)
        assert dict(part.cell_style.items()) == dict(whole.cell_style.items())
        assert part.formulas == whole.formulas and part.uncached_formulas == whole.uncached_formulas
        assert part.hidden_rows == whole.hidden_rows and part.merged == whole.merged == [(1, 1, 1, 2)]
    assert len(whole.formulas) == 199 and len(whole.hidden_rows) == 28
    assert whole.cell_style[(3, 2)] == 1 and (3, 1) not in whole.cell_style


def test_enormous_row_is_cut_between_cells(monkeypatch):
    import reconcile.read.layout as layout_mod

    # mostly cells without r (positions follow order), every fifth with r and a formula
    cells = "".join(f'<c s="{1 + i % 2}"><v>{i}</v></c>' if i % 5 else
                    f'<c r="{column_letter(i + 1)}3" s="4"><f>{i}</f></c>' for i in range(300))
    xml = sheet_xml(f'<row r="3">{cells}</row><row><c s="1"/></row>').encode()

    def scan():
        sc = _SheetScanner(SheetLayout(name="S"), Limits())
        for i in range(0, len(xml), 100):
            sc.feed(xml[i:i + 100])
        return sc.finish()

    whole = scan()
    monkeypatch.setattr(layout_mod, "_MAX_PENDING", 300)
    cut = scan()
    assert dict(cut.cell_style.items()) == dict(whole.cell_style.items())
    assert cut.formulas == whole.formulas and len(whole.formulas) == 60
    assert whole.cell_style[(3, 300)] == 2 and whole.cell_style[(3, 296)] == 4 and whole.cell_style[(4, 1)] == 1


def test_utf16_worksheet(tmp_path):
    xml = sheet_xml('<row r="1"><c r="A1" s="1"><f>"é"</f></c></row>').replace('encoding="UTF-8"', 'encoding="UTF-16"')
    p = build_xlsx(tmp_path / "u16.xlsx", [("S", "x")], extra={"xl/worksheets/sheet1.xml": xml.encode("utf-16")})
    s = read_layout(p)["S"]
    assert s.is_bold(1, 1) and s.formulas == {(1, 1): '"é"'}


def test_not_xlsx_gives_empty(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "c.csv").write_text("a,b\n1,2\n")
    with zipfile.ZipFile(tmp_path / "d.xlsb", "w") as z:
        z.writestr("xl/workbook.bin", b"\x00")
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="r" Type="{REL}/officeDocument" '
                                  'Target="xl/workbook.bin"/></Relationships>')
    for name in ("a.xlsx", "b.xlsx", "c.csv", "d.xlsb"):
        assert read_layout(tmp_path / name) == {}


def test_container_types():
    m = StyleMap({(3, 2): 5, (1, 4): 2, (1, 1): 7})
    assert m == {(1, 1): 7, (1, 4): 2, (3, 2): 5} and list(m) == [(1, 1), (1, 4), (3, 2)]
    assert m.get((1, 2)) is None and (1, 4) in m and "x" not in m and m.row(1) == {1: 7, 4: 2}
    with pytest.raises(KeyError):
        m[(9, 9)]
    w = ColumnWidths([(1, 3, 10.0), (5, 16384, 2.0)])
    assert w[2] == 10.0 and w.get(4) is None and w[16000] == 2.0 and len(w) == 3 + 16380
    assert dict(ColumnWidths([(1, 2, 1.0)])) == {1: 1.0, 2: 1.0}
    assert ColumnWidths([(1, 5, 1.0), (3, 3, 9.0)]).runs() == [(1, 2, 1.0), (3, 3, 9.0), (4, 5, 1.0)]
    h = ColumnSet([(2, 3)])
    assert h == {2, 3} and 4 not in h and (h | {9}) == {2, 3, 9}
    lay = SheetLayout(name="x", cell_style={(1, 1): 1}, styles=[CellStyle(), CellStyle(bold=True)])
    assert lay.is_bold(1, 1) and not lay.is_bold(1, 2) and lay.style(1, 1) is lay.styles[1]
    assert SheetLayout(name="y", cell_style={(1, 1): 99}).style(1, 1) == CellStyle()


# --------------------------------------------------------------------------- safety

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>
<numFmt numFmtId="164" formatCode="&lol9;"/></numFmts></styleSheet>"""


def test_billion_laughs_styles(tmp_path):
    p = build_xlsx(tmp_path / "lol.xlsx", [("S", sheet_xml(""))], styles=BILLION_LAUGHS)
    with pytest.raises(UnsafeWorkbook) as e:
        read_layout(p)
    assert e.value.reason == "xml_entities"
    with pytest.raises(UnsafeWorkbook) as e:
        check_zip(p)
    assert e.value.reason == "xml_entities"
    with pytest.raises(UnsafeWorkbook):
        check_xml_safe(BILLION_LAUGHS.encode())
    with pytest.raises(UnsafeWorkbook):
        check_xml_safe(BILLION_LAUGHS.encode("utf-16"))
    check_xml_safe(STYLES.encode())


def test_svg_media_with_doctype_is_not_refused(tmp_path):
    svg = '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    p = build_xlsx(tmp_path / "logo.xlsx", [("S", sheet_xml(""))], extra={"xl/media/image1.svg": svg})
    check_zip(p)
    assert "S" in read_layout(p)


def test_doctype_in_worksheet(tmp_path):
    xml = sheet_xml("").replace("?>\n", '?>\n<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n')
    p = build_xlsx(tmp_path / "xxe.xlsx", [("S", xml)])
    for fn in (read_layout, check_zip):
        with pytest.raises(UnsafeWorkbook) as e:
            fn(p)
        assert e.value.reason == "xml_entities"


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """A real xlsx whose worksheet is 600 MB of zeros (~600 KB compressed), built streaming."""
    path = build_xlsx(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", [])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                f.write(block)
    assert path.stat().st_size < 2_000_000
    return path


def test_zip_bomb_refused_without_inflating(zip_bomb, monkeypatch):
    calls = []
    real = zlib.decompressobj
    monkeypatch.setattr(zlib, "decompressobj", lambda *a: calls.append(a) or real(*a))
    for fn in (check_zip, read_layout):
        t = time.perf_counter()
        with pytest.raises(UnsafeWorkbook) as e:
            fn(zip_bomb)
        assert time.perf_counter() - t < 1.0
        assert e.value.reason in ("zip_bomb", "too_large")
    assert calls == []  # refused from the central directory alone
    assert sniff_format(zip_bomb) == "xlsx"  # sniffing does not touch the worksheet


def test_lying_zip_refused_while_inflating(tmp_path):
    sheet = sheet_xml("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 40000))).encode()
    assert len(sheet) > 1_000_000
    src = build_xlsx(tmp_path / "src.xlsx", [("S", sheet_xml(""))])
    with zipfile.ZipFile(src) as z:
        members = [(n, z.read(n), None) for n in z.namelist() if n != "xl/worksheets/sheet1.xml"]
    p = raw_zip(tmp_path / "liar.xlsx", members + [("xl/worksheets/sheet1.xml", sheet, 5000)])
    gz = GuardedZip(p)
    with pytest.raises(UnsafeWorkbook) as e:
        for _ in gz.iter_member("xl/worksheets/sheet1.xml", chunk=4096):
            pass
    assert e.value.reason == "zip_bomb" and gz.total_read < 100_000
    gz.close()
    for fn in (check_zip, read_layout):
        with pytest.raises(UnsafeWorkbook) as e:
            fn(p)
        assert e.value.reason == "zip_bomb"
    # a few bytes more than declared (a hand-patched header): corrupt for check_zip, read anyway
    p2 = raw_zip(tmp_path / "off.xlsx", members + [("xl/worksheets/sheet1.xml", sheet_xml(
        '<row r="1"><c r="A1" s="1"/></row>').encode(), 150)])
    with pytest.raises(UnsafeWorkbook) as e:
        check_zip(p2)
    assert e.value.reason == "corrupt"
    assert read_layout(p2)["S"].is_bold(1, 1)


def test_size_limits(tmp_path):
    p = build_xlsx(tmp_path / "ok.xlsx", [("S", sheet_xml('<row r="1"><c r="A1"/></row>'))])
    check_zip(p)
    with pytest.raises(UnsafeWorkbook) as e:
        check_zip(p, Limits(max_uncompressed_bytes=1000))
    assert e.value.reason == "too_large"
    with pytest.raises(UnsafeWorkbook) as e:
        read_layout(p, Limits(max_member_bytes=300))
    assert e.value.reason == "too_large"
    with pytest.raises(UnsafeWorkbook) as e:
        check_zip(p, Limits(max_members=3))
    assert e.value.reason == "too_many_members"


def test_huge_declared_dimension(tmp_path):
    p = build_xlsx(tmp_path / "dim.xlsx", [("S", sheet_xml('<row r="1"><c r="A1"/></row>',
                                                          head='<dimension ref="A1:XFD1048576"/>'))])
    t = time.perf_counter()
    with pytest.raises(UnsafeWorkbook) as e:
        read_layout(p)
    assert e.value.reason == "dimension_too_large" and time.perf_counter() - t < 1.0
    p = build_xlsx(tmp_path / "dim2.xlsx", [("S", sheet_xml("", head='<dimension ref="A1:J1000"/>'))])
    assert read_layout(p)["S"].dimension == "A1:J1000"
    with pytest.raises(UnsafeWorkbook):
        read_layout(p, Limits(max_cells=9_999))


def test_sniff_format(tmp_path, xw_book):
    assert sniff_format(xw_book) == "xlsx"
    (tmp_path / "e").write_bytes(b"")
    assert sniff_format(tmp_path / "e") == "empty"
    (tmp_path / "p.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert sniff_format(tmp_path / "p.xlsx") == "pdf"
    (tmp_path / "c.xlsx").write_text("kode;uraian;pagu\n1.01;Program;1.000.000\n", encoding="utf-8")
    assert sniff_format(tmp_path / "c.xlsx") == "csv_or_text"
    (tmp_path / "h.xls").write_text("<html><table><tr><td>1</td></tr></table></html>")
    assert sniff_format(tmp_path / "h.xls") == "csv_or_text"
    (tmp_path / "b").write_bytes(bytes(range(256)) * 4)
    assert sniff_format(tmp_path / "b") == "unknown"
    data = xw_book.read_bytes()
    (tmp_path / "t.xlsx").write_bytes(data[: len(data) // 2])
    assert sniff_format(tmp_path / "t.xlsx") == "corrupt"
    with zipfile.ZipFile(tmp_path / "d.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert sniff_format(tmp_path / "d.xlsx") == "docx"
    with zipfile.ZipFile(tmp_path / "o.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert sniff_format(tmp_path / "o.xlsx") == "ods"
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as z:
        z.writestr("readme.txt", "hello")
    assert sniff_format(tmp_path / "z.xlsx") == "zip_other"
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as z:
        z.writestr("xl/workbook.bin", b"\x00")
    assert sniff_format(tmp_path / "b.xlsx") == "xlsb"
    m = build_xlsx(tmp_path / "m.xlsx", [("S", sheet_xml(""))], extra={"xl/vbaProject.bin": b"\x00"})
    with zipfile.ZipFile(m) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", b"vnd.ms-excel.sheet.macroEnabled.main+xml")
    with zipfile.ZipFile(m, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    assert sniff_format(m) == "xlsm"
    (tmp_path / "biff2.xls").write_bytes(bytes.fromhex("0900040007001000") + b"\x00" * 40)
    assert sniff_format(tmp_path / "biff2.xls") == "xls"


# --------------------------------------------------------------------------- the real-world corpus

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="real-workbooks folder absent")

@needs_real
def test_sniff_password_protected_xls(tmp_path):
    data = bytearray((REAL / "SheetJS__test_files__1904.xls").read_bytes())
    assert struct.unpack_from("<H", data, 512)[0] == 0x0809  # BOF of the Workbook stream
    struct.pack_into("<H", data, 512 + 20, 0x002F)             # the next record becomes FILEPASS
    (tmp_path / "locked.xls").write_bytes(bytes(data))
    assert sniff_format(tmp_path / "locked.xls") == "encrypted"


REAL_FORMATS = {
    "tafia__calamine__pass_protected.xlsx": "encrypted",
    "SheetJS__test_files__1904.xls": "xls",
    "SheetJS__test_files__CRLFX5_2.XLS": "xls",
    "munawirnanang__pemantauan_apbd__APBD.xls": "xls",
    "dimastbk__python-calamine__empty_file.xlsx": "empty",
    "theorchard__openpyxl__null_archive.xlsx": "zip_other",
    "abzalom__bahan-sidang-lkpj-2023__~$rkpd_perubahan_kedua_2023.xlsx": "unknown",
    "tafia__calamine__vba.xlsm": "xlsm",
    "tafia__calamine__strict_iso_paths.xlsx": "xlsx",
    "SheetJS__test_files__wtf_path.xlsx": "xlsx",
}


@needs_real
def test_real_workbooks_never_crash():
    seen = 0
    for f in sorted(REAL.iterdir()):
        if f.suffix.lower() == ".md":
            continue
        fmt = sniff_format(f)
        if f.name in REAL_FORMATS:
            assert fmt == REAL_FORMATS[f.name], f.name
        try:
            lay = read_layout(f)
        except UnsafeWorkbook as exc:
            assert exc.reason in ("dimension_too_large", "zip_bomb", "too_large", "xml_entities"), f.name
            continue
        if fmt not in ("xlsx", "xlsm"):
            assert lay == {}, f.name
        for s in lay.values():
            assert isinstance(s, SheetLayout)
            s.style(1, 1), s.width(1)
        seen += 1
    assert seen >= 40


@needs_real
def test_real_workbook_details():
    wtf = read_layout(REAL / "SheetJS__test_files__wtf_path.xlsx")
    s = wtf["SheetJS"]
    assert list(wtf) == ["SheetJS", "Hidden"]
    assert s.style(1, 2).number_format == "0%" and s.style(3, 3).number_format == "mm-dd-yy"
    assert s.formulas[(1, 3)] == "A1+B1" and s.uncached_formulas == {(1, 4), (1, 5), (2, 3)}
    assert s.hidden_rows == {5} and s.hidden_cols == {4} and s.merged == [(6, 1, 6, 3)]
    shared = read_layout(REAL / "tafia__calamine__shared_formula_simple.xlsx")["Sheet1"]
    assert shared.formulas == {(1, 2): "A1*2", (2, 2): "", (3, 2): ""} and not shared.uncached_formulas
    assert read_layout(REAL / "tafia__calamine__empty_s_attribute.xlsx")["Sheet1"].cell_style == {}
    charts = read_layout(REAL / "theorchard__openpyxl__contains_chartsheets.xlsx")
    assert list(charts) == ["data", "moredata"]
    strict = read_layout(REAL / "tafia__calamine__strict_iso_paths.xlsx")["ml_out"]
    assert len(strict.cell_style) > 1000 and strict.col_widths
    renstra = read_layout(REAL / "allweDepth__sesendok__19. Renstra Template.xlsx")["RENSTRA"]
    assert len(renstra.formulas) == 505 and renstra.uncached_formulas  # written by openpyxl
    with pytest.raises(UnsafeWorkbook) as e:
        read_layout(REAL / "tafia__calamine__issue_174.xlsx")  # gnumeric declares A1:XFD1048576
    assert e.value.reason == "dimension_too_large"


COMPARE_WITH_OPENPYXL = [
    "omanjaya__anggaran__Realisasi Tata Kelola Format Pak Kadis.xlsx",
    "probdg__inspektorat__files1670567807.xlsx",
    "sfynsss__lkpj-jemberkab-new__export-laporan.xlsx",
    "agusnurwanto__sipd-ri-chrome-extension__BOS-HIBAH.xlsx",
    "asrani27__peka-apbd__template_revisi.xlsx",
    "SheetJS__test_files__merge_cells.xlsx",
]


@needs_real
@pytest.mark.parametrize("name", COMPARE_WITH_OPENPYXL)
def test_real_matches_openpyxl(name):
    import openpyxl

    path = REAL / name
    if not path.exists():
        pytest.skip("file absent")
    lay = read_layout(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        s = lay[ws.title]
        assert sorted(s.merged) == sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges)
        covered = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
                   for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}
        for row in ws.iter_rows():
            for c in row:
                if (c.row, c.column) in covered:
                    continue  # openpyxl gives merged-away cells a blank style
                assert s.is_bold(c.row, c.column) == bool(c.font.b), (ws.title, c.coordinate)
                if c.data_type == "f":
                    assert (c.row, c.column) in s.formulas
        for dim in ws.column_dimensions.values():
            if dim.customWidth:
                for col in range(dim.min, min(dim.max, 16384) + 1):
                    assert s.width(col) == pytest.approx(dim.width), (ws.title, col)
            if dim.hidden:
                assert all(col in s.hidden_cols for col in range(dim.min, min(dim.max, 16384) + 1))
        assert set(s.hidden_rows) == {r for r, d in ws.row_dimensions.items() if d.hidden}


# --------------------------------------------------------------------------- speed


def _big_workbook(path: Path, rows: int) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    bold = wb.add_format({"bold": True, "num_format": "#,##0"})
    num = wb.add_format({"num_format": "#,##0.00", "border": 1})
    pct = wb.add_format({"num_format": "0.00%", "border": 1})
    txt = wb.add_format({"border": 1})
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 14, 15)
    ws.write_row(0, 0, [f"Kolom {c}" for c in range(15)], bold)
    for r in range(1, rows):
        b = r % 10 == 1
        ws.write(r, 0, f"1.01.{r:05d}", bold if b else txt)
        ws.write(r, 1, f"Kegiatan nomor {r}", bold if b else txt)
        for c in range(2, 13):
            ws.write_number(r, c, r * c * 1.5, bold if b else num)
        ws.write_formula(r, 13, f"=SUM(C{r + 1}:M{r + 1})", num)
        ws.write_number(r, 14, (r % 100) / 100, pct)
    wb.close()
    return path


def test_big_sheet_is_fast_and_complete(tmp_path):
    path = _big_workbook(tmp_path / "big.xlsx", 10_000)
    t = time.perf_counter()
    s = read_layout(path)["Data"]
    elapsed = time.perf_counter() - t
    assert len(s.cell_style) == 10_000 * 15 and len(s.formulas) == 9_999
    assert s.is_bold(1, 1) and s.is_bold(2, 5) and not s.is_bold(3, 5)
    assert s.style(3, 15).number_format == "0.00%" and not s.uncached_formulas
    assert elapsed < 3.0, elapsed


@pytest.mark.skipif(not os.environ.get("RECONCILE_BENCH"), reason="set RECONCILE_BENCH=1 to run")
def test_bench_against_openpyxl(tmp_path):
    import openpyxl

    path = _big_workbook(tmp_path / "bench.xlsx", 50_000)
    t = time.perf_counter()
    s = read_layout(path)["Data"]
    ours = time.perf_counter() - t
    t = time.perf_counter()
    openpyxl.load_workbook(path)
    theirs = time.perf_counter() - t
    print(f"\nread_layout {ours:.2f}s, openpyxl.load_workbook {theirs:.2f}s (50,000 x 15)")
    assert len(s.cell_style) == 750_000
    assert ours * 5 < theirs
