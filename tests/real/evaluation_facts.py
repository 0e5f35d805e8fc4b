#!/usr/bin/env python3
"""Independent facts of a real evaluation table (Permendagri 86/2017 T-C.29 "Evaluasi Hasil
Renja"): the truth for issue #13's evaluation tables.

This script deliberately does NOT import the `reconcile` package. It reads
`kresno__sepeng__bappeda.xlsx` (Bappeda Kab. Sukabumi, TA 2018) from
`<repo>/../shared/real-workbooks/` with python-calamine and plain Python and writes
`tests/real/facts/evaluasi_bappeda_sukabumi_2018.json`:

- the title rows and the year the title names;
- the header rows: from the row whose column A says "No" down to the column-number row (the
  row numbering the columns 1, 2, 3 …, some cells holding a formula as text: "12 = 8+9+10+11");
  the K / Rp row and the triwulan row inside it;
- every column's header path (merged cells filled into every cell they cover), its sub-column
  ("K" or "Rp…") and, under "Realisasi Kinerja Pada Triwulan", its triwulan (I-IV -> 1-4);
- the rows: items (a name in column F or an indicator in column G), programs (a name beginning
  with "Program"), kegiatan (any other name with an indicator beside it), indicator rows (an
  indicator in G), and the rows of each program's kegiatan;
- for every "Rp. (000)" column (money in thousands of rupiah), the sum in RUPIAH (cell x 1000,
  exact decimals, rounded to whole rupiah half to even only at the end) over the kegiatan's
  indicator rows, over the program rows, and over every numeric cell of the table's rows.

Conventions: Excel rows are 1-based; sheets are read with `skip_empty_area=False`, so list index
i is Excel row i + 1; merged ranges from calamine are 0-based ((row, col), (row, col)).

Run: `python tests/real/evaluation_facts.py` (from anywhere).
"""
from __future__ import annotations

import json
import re
import zipfile
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
REAL = REPO.parent / "shared" / "real-workbooks"
NAME = "kresno__sepeng__bappeda.xlsx"
OUT = HERE / "facts" / "evaluasi_bappeda_sukabumi_2018.json"


def letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(col: str) -> int:
    """A -> 1, AA -> 27."""
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return n


def text(v) -> str:
    return " ".join(str(v).split()) if isinstance(v, str) else ""


def number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return Decimal(repr(float(v)))
    return None


def main() -> dict:
    wb = CalamineWorkbook.from_path(str(REAL / NAME))
    sheet_name = wb.sheet_names[0]
    sheet = wb.get_sheet_by_name(sheet_name)
    rows = sheet.to_python(skip_empty_area=False)
    width = max(len(r) for r in rows)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]

    def cell(r: int, c: int):  # 1-based
        if r < 1 or r > len(grid) or c < 1 or c > width:
            return ""
        return grid[r - 1][c - 1]

    # ---- header: "No" in column A, down to the column-number row
    first = next(r for r in range(1, len(grid) + 1) if text(cell(r, 1)).lower() == "no")
    colnum = next(r for r in range(first + 1, len(grid) + 1) if cell(r, 1) == 1 and cell(r, 2) == 2)
    header_rows = list(range(first, colnum + 1))
    number_row_texts = [text(cell(colnum, c)) or cell(colnum, c) for c in range(1, width + 1) if cell(colnum, c) != ""]
    formula_texts = [t for t in number_row_texts if isinstance(t, str) and "=" in t]

    # merged ranges, filled into every cell they cover (header rows only)
    filled = {(r, c): cell(r, c) for r in header_rows for c in range(1, width + 1)}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges:
        v = cell(r0 + 1, c0 + 1)
        for r in range(r0 + 1, r1 + 2):
            for c in range(c0 + 1, c1 + 2):
                if r in header_rows and filled.get((r, c), "") == "":
                    filled[(r, c)] = v

    sub_row = next(r for r in header_rows if sum(text(cell(r, c)) == "K" for c in range(1, width + 1)) >= 5)
    quarter_row = next(r for r in header_rows if [text(cell(r, c)) for c in range(1, width + 1)
                                                   if text(cell(r, c))] == ["I", "II", "III", "IV"])
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4}
    columns = {}
    for c in range(1, width + 1):
        path = []
        for r in header_rows[:-1]:  # the column-number row is not part of a column's name
            t = text(filled[(r, c)]) if isinstance(filled[(r, c)], str) else ""
            if t and (not path or path[-1] != t):
                path.append(t)
        if not path:
            continue
        sub = text(filled[(sub_row, c)])
        sub = sub if sub == "K" or sub.startswith("Rp") else None  # only the K / Rp cells of that row
        entry = {"path": " / ".join(path), "sub_column": sub,
                 "column_number": cell(colnum, c) if cell(colnum, c) != "" else None}
        q = text(filled[(quarter_row, c)])
        if q in roman and "triwulan" in path[0].lower():
            entry["triwulan"] = roman[q]
        columns[letter(c)] = entry

    # ---- title rows and their year
    title_rows = {r: text(cell(r, 1)) for r in range(1, first) if text(cell(r, 1))}
    years = sorted({int(y) for t in title_rows.values() for y in re.findall(r"\b(20\d\d)\b", t)})

    # ---- rows below the header
    last = max(r for r in range(colnum + 1, len(grid) + 1) if any(cell(r, c) not in ("", None) for c in range(1, width + 1)))
    table_end = next(r for r in range(colnum + 1, last + 1) if text(cell(r, 1)).lower().startswith("faktor")) - 1
    while all(cell(table_end, c) in ("", None) for c in range(1, width + 1)):
        table_end -= 1
    first_data = next(r for r in range(colnum + 1, table_end + 1) if any(text(cell(r, c)) or number(cell(r, c)) is not None
                                                                         for c in range(1, width + 1)))
    F, G = 6, 7
    items = [r for r in range(first_data, table_end + 1) if text(cell(r, F)) or text(cell(r, G))]
    programs = [r for r in items if text(cell(r, F)).lower().startswith("program")]
    kegiatan = [r for r in items if text(cell(r, F)) and text(cell(r, G)) and r not in programs]
    indicator_rows = [r for r in items if text(cell(r, G))]
    # a kegiatan's indicator rows: from the kegiatan down to the row before the next item with a name
    kegiatan_rows = []
    for r in indicator_rows:
        owner = max((k for k in kegiatan + programs if k <= r), default=None)
        if owner in kegiatan:
            kegiatan_rows.append(r)
    program_of = {}
    for k in kegiatan:
        program_of[k] = max(p for p in programs if p < k)
    # an indicator row without a name continues the named item above it
    continuation_of = {r: max(k for k in kegiatan + programs if k < r)
                       for r in indicator_rows if not text(cell(r, F))}

    # ---- a "K" cell merged over two columns: the second holds the unit ("persen", "jenis")
    unit_columns = []
    for col, e in columns.items():
        c = col_index(col)
        prev = columns.get(letter(c - 1))
        if e["sub_column"] == "K" and prev and prev["path"] == e["path"]:
            values = [cell(r, c) for r in indicator_rows if cell(r, c) not in ("", None)]
            if values and all(isinstance(v, str) for v in values):
                unit_columns.append(col)

    # ---- money in thousands: "Rp. (000)" sub-columns
    money = [col for col, e in columns.items() if e["sub_column"] and re.fullmatch(r"Rp\.? ?\(000\)", e["sub_column"])]
    rupiah_only = [col for col, e in columns.items() if e["sub_column"] and e["sub_column"] in ("Rp", "Rp.")]

    def rupiah(total: Decimal) -> int:
        return int((total * 1000).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))

    sums = {}
    for col in money:
        c = col_index(col)
        over = {
            "kegiatan_rows": sum((number(cell(r, c)) or Decimal(0) for r in kegiatan_rows), Decimal(0)),
            "program_rows": sum((number(cell(r, c)) or Decimal(0) for r in programs), Decimal(0)),
            "all_rows": sum((number(cell(r, c)) or Decimal(0) for r in range(first_data, table_end + 1)), Decimal(0)),
        }
        sums[col] = {k: rupiah(v) for k, v in over.items()}
        sums[col]["header"] = columns[col]["path"]
        # each program's own cell against the sum of its kegiatan's rows (the kegiatan row and
        # the rows continuing it), both in rupiah
        for p in programs:
            rows_of_p = [r for r in kegiatan_rows if program_of[max(k for k in kegiatan if k <= r)] == p]
            own = number(cell(p, c))
            sums[col].setdefault("program_vs_its_rows", {})[str(p)] = [
                None if own is None else rupiah(own), rupiah(sum((number(cell(r, c)) or Decimal(0) for r in rows_of_p),
                                                                 Decimal(0)))]

    # ---- formulas in the sheet XML (cells with <f>), counted with and without a cached value
    with zipfile.ZipFile(REAL / NAME) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    formula_cells = re.findall(r"<c [^>]*>(?:(?!</c>).)*<f[ >/](?:(?!</c>).)*</c>", xml, re.S)
    with_value = [c for c in formula_cells if re.search(r"<v>[^<]*</v>", c)]

    facts = {
        "file": NAME,
        "method": "python-calamine (skip_empty_area=False) + plain Python; never imports reconcile",
        "sheet": sheet_name,
        "title_rows": title_rows,
        "title_year": years[0] if len(years) == 1 else None,
        "header_rows": header_rows,
        "sub_column_row": sub_row,
        "triwulan_row": quarter_row,
        "column_number_row": colnum,
        "column_number_formulas": formula_texts,
        "columns": columns,
        "first_data_row": first_data,
        "last_table_row": table_end,
        "item_rows": items,
        "program_rows": programs,
        "kegiatan_rows": kegiatan,
        "kegiatan_program": {str(k): p for k, p in program_of.items()},
        "indicator_rows": indicator_rows,
        "kegiatan_indicator_rows": kegiatan_rows,
        "continuation_of": {str(r): k for r, k in continuation_of.items()},
        "counts": {"program": len(programs), "kegiatan": len(kegiatan), "indicator_rows": len(indicator_rows),
                   "kegiatan_indicator_rows": len(kegiatan_rows)},
        "k_unit_columns": unit_columns,
        "money_thousands_columns": money,
        "rupiah_percent_columns": rupiah_only,
        "money_sums_rupiah": sums,
        "formula_cells": len(formula_cells),
        "formula_cells_with_cached_value": len(with_value),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return facts


if __name__ == "__main__":
    f = main()
    print(json.dumps({k: f[k] for k in ("header_rows", "title_year", "counts", "money_thousands_columns",
                                        "formula_cells", "formula_cells_with_cached_value")}, indent=1))
    for col, s in f["money_sums_rupiah"].items():
        print(col, s)
