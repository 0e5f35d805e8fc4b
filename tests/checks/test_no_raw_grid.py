"""Rules read only the canonical tables and lists (issue 13, item 6): no module under
reconcile/checks reads the grid or the layout, the facts they need are in the frames and lists
the reader builds (`reconcile/read/facts.py`), and a rule runs on frames alone."""
from __future__ import annotations

import ast
import math
from pathlib import Path

import pandas as pd
import pytest

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.read.model import Table, Workbook

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ROOT / "reconcile" / "checks"
RAW = {"grids", "layouts", "value_at"}
RAW_MODULES = ("reconcile.read.grid", "reconcile.read.layout")


def _raw_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in RAW:
            out.append(f"{path.name}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in RAW:
            out.append(f"{path.name}:{node.lineno} {node.id}")
        elif isinstance(node, ast.Constant) and node.value in RAW:  # getattr(wb, "grids")
            out.append(f"{path.name}:{node.lineno} '{node.value}'")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(RAW_MODULES):
            out.append(f"{path.name}:{node.lineno} from {node.module}")
        elif isinstance(node, ast.Import) and any(a.name.startswith(RAW_MODULES) for a in node.names):
            out.append(f"{path.name}:{node.lineno} import")
    return out


def test_no_module_under_checks_reads_the_grid_or_the_layout():
    modules = sorted(CHECKS.rglob("*.py"))
    assert len(modules) > 40  # the rules, one per file, and their helpers
    assert [u for m in modules for u in _raw_uses(m)] == []


def test_the_scan_sees_each_way_of_reaching_the_grid(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from reconcile.read.layout import SheetLayout\n"
                   "def f(ctx, s):\n"
                   "    a = ctx.workbook.value_at(s, 1, 1)\n"
                   "    b = getattr(ctx.workbook, 'layouts')\n"
                   "    return [g for g in ctx.workbook.grids]\n")
    assert len(_raw_uses(bad)) == 4


# --------------------------------------------------------------------------- the facts


def _facts_workbook(path: Path) -> Path:
    """A plan table with what the rules used to read from the layout: a percent-formatted
    target, a number with a unit in its format, a merged cell in a data column, a hidden row,
    a narrow column, a 14 pt bold amount; and a list typed as lines on another sheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tabel 4.1")
    bold14 = wb.add_format({"bold": True, "font_size": 14, "num_format": "#,##0"})
    money = wb.add_format({"num_format": "#,##0"})
    pct = wb.add_format({"num_format": "0%"})
    unit = wb.add_format({"num_format": '0 "Dokumen"'})
    ws.set_column(4, 4, 10)  # E: 10 characters (10.7109375 in the file)
    ws.write_row(0, 0, ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif", "Lokasi"])
    ws.write_row(1, 0, ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase capaian"])
    ws.write_number(1, 3, 0.95, pct)
    ws.write_number(1, 4, 3_535_388_000, bold14)
    ws.merge_range(1, 5, 2, 5, "Kota Pontianak")  # F2:F3
    ws.write_row(2, 0, ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Jumlah dokumen"])
    ws.write_number(2, 3, 3, unit)
    ws.write_number(2, 4, 15_000, money)
    ws.write_string(2, 7, "Catatan tanpa judul kolom yang cukup panjang untuk narasi")  # H3: no header
    ws.write_row(3, 0, [1, "Penyusunan Dokumen Perencanaan", "Jumlah dokumen", "2 Dokumen"])
    ws.write_number(3, 4, 9_000, money)
    ws.write_string(3, 5, "Kota Pontianak")
    ws.set_row(3, None, None, {"hidden": True})
    text = wb.add_worksheet("BAB III")
    text.write_string(1, 1, "Program dan kegiatan tahun 2024:")
    text.write_string(2, 0, "1.")
    text.write_string(2, 1, "Program Penunjang Urusan Pemerintahan Daerah")
    wb.close()
    return path


def test_the_reader_puts_cell_facts_in_the_frame(tmp_path):
    wb = read_workbook(_facts_workbook(tmp_path / "facts.xlsx"))
    (table,) = wb.tables
    target, pagu, lokasi = (next(f for f in table.columns if f.startswith(b)) for b in ("target", "pagu", "lokasi"))
    assert table.value(f"{target}__cell", 2) == pytest.approx(0.95) and table.value(f"{target}__format", 2) == "0%"
    assert table.value(f"{target}__cell", 3) == 3 and table.value(f"{target}__format", 3) == '0 "Dokumen"'
    assert table.value(f"{target}__cell", 4) == "2 Dokumen" and table.value(f"{target}__format", 4) == ""
    # the merged F2:F3 shows "Kota Pontianak" on row 3 too; as stored, F3 is empty
    assert table.value(f"{lokasi}__cell", 3) is None
    assert [table.value(f"{lokasi}__shown", r) for r in (2, 3, 4)] == ["Kota Pontianak"] * 3
    assert table.font_size == 11
    assert table.value(f"{pagu}__width", 2) == pytest.approx(10.7109375)
    assert table.value(f"{pagu}__cols", 2) == "E"
    assert (table.value(f"{pagu}__font_size", 2), table.value(f"{pagu}__font_bold", 2)) == (14, True)
    assert (table.value(f"{pagu}__font_size", 3), table.value(f"{pagu}__font_bold", 3)) == (11, False)
    assert math.isnan(table.value(f"{pagu}__width", 4))  # hidden row: not shown
    lines = [(line.sheet, line.row, line.cells) for line in wb.lines]
    assert lines == [("BAB III", 2, [(2, "Program dan kegiatan tahun 2024:")]),
                     ("BAB III", 3, [(1, "1."), (2, "Program Penunjang Urusan Pemerintahan Daerah")])]
    # long texts the tables hold as a field are in their frames; the others are listed
    assert [(t.sheet, t.cell) for t in wb.long_texts] == [("Tabel 4.1", "H3"), ("BAB III", "B3")]
    assert [(t.sheet, t.cell) for t in wb.texts] == [("BAB III", "B3")]  # the narrative: outside the tables


def test_cell_facts_of_the_seed_agree_with_openpyxl():
    """The seed read independently with openpyxl: value, number format, font and width of
    every pagu cell of Tabel 4.1."""
    import openpyxl

    path = ROOT / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"
    table = next(t for t in read_workbook(path).tables if t.sheet == "Tabel 4.1")
    ws = openpyxl.load_workbook(path, data_only=True)["Tabel 4.1"]  # cached values of formulas
    checked = 0
    for field in table.fields_of_type("money"):
        letter = table.columns[field]
        width = ws.column_dimensions[letter].width
        for row in table.rows:
            cell = ws[f"{letter}{row}"]
            assert table.value(f"{field}__cell", row) == cell.value
            if isinstance(cell.value, (int, float)):
                assert table.value(f"{field}__format", row) == cell.number_format
                assert table.value(f"{field}__font_size", row) == cell.font.sz
                assert table.value(f"{field}__font_bold", row) == bool(cell.font.b)
                assert table.value(f"{field}__width", row) == pytest.approx(width)
                checked += 1
    assert checked > 100


# --------------------------------------------------------------------------- frames alone


def _table(frame: pd.DataFrame, columns: dict[str, str], types: dict[str, str]) -> Table:
    return Table(sheet="Tabel 4.1", kind="rincian", header_rows=[1], columns=columns,
                 header_paths={f: f for f in columns}, field_types=types, frame=frame)


def test_a_layout_rule_runs_on_frames_alone():
    """NUM-HASH with no grid and no layout: the facts are in the frame."""
    rows = [2, 3]
    frame = pd.DataFrame({
        "level": ["program", "kegiatan"], "name": ["Program A", "Kegiatan B"], "parent": [0, 2],
        "pagu": [3_535_388_000.0, 9_000.0], "pagu__raw": [3_535_388_000, 9_000], "pagu__status": ["ok", "ok"],
        "pagu__cell": [3_535_388_000, 9_000], "pagu__format": ["#,##0", "#,##0"],
        "pagu__width": [9.140625, 9.140625], "pagu__cols": ["E", "E"],
        "pagu__font_size": [11.0, 11.0], "pagu__font_bold": [False, False],
    }, index=pd.Index(rows, name="row"))
    wb = Workbook(path=Path("frames.xlsx"), format="xlsx",
                  tables=[_table(frame, {"name": "B", "pagu": "E"}, {"name": "text", "pagu": "money"})])
    findings = run_rules(wb, Config(), only={"NUM-HASH"})
    assert [(f.cell, f.rule) for f in findings] == [("E2", "NUM-HASH")]  # 13 characters in 8.43; 9.000 fits
    assert "3.535.388.000" in findings[0].message


def test_a_target_rule_reads_the_percent_format_from_the_frame():
    """A realisasi stored as 0.95 with the format 0% reads as 95 %: RATIO-CAPAIAN finds
    95 % / 100 % × 100 = 95 % where 50 % is printed."""
    rows = [2]
    frame = pd.DataFrame({
        "level": ["program"], "name": ["Program A"], "parent": [0],
        "indikator": ["Persentase dokumen"],
        "target": ["100%"], "target__value": [100.0], "target__unit": ["%"], "target__status": ["ok"],
        "target__cell": ["100%"], "target__format": [""],
        "realisasi": ["95%"], "realisasi__value": [95.0], "realisasi__unit": ["%"], "realisasi__status": ["ok"],
        "realisasi__cell": [0.95], "realisasi__format": ["0%"],
        "capaian": [50.0], "capaian__raw": [50.0], "capaian__status": ["ok"], "capaian__cell": [50.0],
        "capaian__format": ["General"],
    }, index=pd.Index(rows, name="row"))
    columns = {"name": "B", "indikator": "C", "target": "D", "realisasi": "E", "capaian": "F"}
    types = {"name": "text", "indikator": "text", "target": "target", "realisasi": "target", "capaian": "percent"}
    wb = Workbook(path=Path("frames.xlsx"), format="xlsx", tables=[_table(frame, columns, types)])
    findings = run_rules(wb, Config(), only={"RATIO-CAPAIAN"})
    assert [(f.cell, f.rule) for f in findings] == [("F2", "RATIO-CAPAIAN")]
    assert (findings[0].expected, findings[0].actual) == ("95%", "50%")
    assert "realisasi 95% / target 100%" in findings[0].message  # not 0,95
