"""Shared helpers: tiny workbooks built inside the tests."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _no_installed_nomenklatur(tmp_path_factory, monkeypatch):
    """Every test runs without the lists a user may have installed on this machine
    (`reconcile nomenklatur install`): a test that wants one installs it or passes it."""
    monkeypatch.setenv("RECONCILE_DATA_DIR", str(tmp_path_factory.mktemp("reconcile-data")))
    monkeypatch.delenv("RECONCILE_NOMENKLATUR", raising=False)


class Formula:
    """A formula cell with its cached value (None = no cached value written)."""

    def __init__(self, formula: str, value: Any = None):
        self.formula, self.value = formula, value


def build_xlsx(path: Path, sheets: dict[str, list[list[Any]]], *, start_row: int = 1, start_col: int = 1,
               merges: dict[str, list[str]] | None = None, bold_rows: dict[str, set[int]] | None = None,
               money_format: bool = True, col_widths: dict[str, dict[int, float]] | None = None) -> Path:
    """Write `sheets` (name -> rows of values) with xlsxwriter. Rows are placed from
    (start_row, start_col), 1-based. `bold_rows` are Excel row numbers."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})
    bold_money = wb.add_format({"bold": True, "num_format": "#,##0"})
    from xlsxwriter.utility import xl_cell_to_rowcol

    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        merge_at = {}
        for rng in ((merges or {}).get(name) or []):
            first, last = rng.split(":")
            merge_at[xl_cell_to_rowcol(first)] = (rng, xl_cell_to_rowcol(last))
        for c, w in ((col_widths or {}).get(name) or {}).items():
            ws.set_column(c - 1, c - 1, w)
        for i, row in enumerate(rows):
            r = start_row - 1 + i
            is_bold = (r + 1) in ((bold_rows or {}).get(name) or set())
            for j, v in enumerate(row):
                c = start_col - 1 + j
                if v is None:
                    continue
                if (r, c) in merge_at:
                    (r1, c1) = merge_at[(r, c)][1]
                    ws.merge_range(r, c, r1, c1, v, bold if is_bold else None)
                    continue
                if isinstance(v, Formula):
                    fmt = bold_money if is_bold else money
                    if v.value is None:
                        ws.write_formula(r, c, v.formula, fmt, "")
                    else:
                        ws.write_formula(r, c, v.formula, fmt, v.value)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, v, (bold_money if is_bold else money) if money_format and abs(v) >= 1000 else (bold if is_bold else None))
                else:
                    ws.write_string(r, c, str(v), bold if is_bold else None)
    wb.close()
    return path


@pytest.fixture
def xlsx(tmp_path):
    """xlsx(sheets, **options) -> path of a new workbook in tmp_path."""
    counter = {"n": 0}

    def make(sheets, **kw):
        counter["n"] += 1
        return build_xlsx(tmp_path / f"wb{counter['n']}.xlsx", sheets, **kw)

    return make


# Strict OOXML: Excel's "Strict Open XML Spreadsheet" uses these namespace URIs instead.
_TO_STRICT = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),  # also turns every relationship type
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/extended-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
]


def strict_copy(src: Path, out: Path) -> Path:
    """`src` rewritten the way Excel saves "Strict Open XML Spreadsheet"."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for old, new in _TO_STRICT:
                    data = data.replace(old, new)
                if info.filename == "xl/workbook.xml":
                    data = re.sub(rb"<workbook\b", b'<workbook conformance="strict"', data, count=1)
            zout.writestr(info, data)
    return out
