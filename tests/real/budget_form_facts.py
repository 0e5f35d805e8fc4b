#!/usr/bin/env python3
"""Independent facts of two real budget forms (DPA-SKPD print layout, Diskominfos Prov. Bali,
TA 2026: `omanjaya__anggaran__Realisasi … Format Pak Kadis.xlsx`, sheet `DPA`): the truth for
issue #13's budget forms.

This script deliberately does NOT import the `reconcile` package. With python-calamine and
plain Python it finds, on sheet DPA:
- the label : value block above the table: every row whose first text is followed, in a later
  cell, by a lone ":" and then a value (the label as written, the value's text and cell);
- the header: the row holding "Harga Satuan", and the columns of "Volume", "Harga Satuan" and,
  from the row above, "Jumlah";
- the budget lines: rows below the header whose Volume, Harga Satuan and Jumlah are numbers;
  their count, the sum of their Jumlah, and the lines where Volume x Harga Satuan != Jumlah
  (by more than Rp 1).

Run: `python tests/real/budget_form_facts.py` (writes tests/real/facts/budget_forms_omanjaya.json).
"""
from __future__ import annotations

import json
from pathlib import Path

from python_calamine import CalamineWorkbook

try:  # run as a script from tests/real, or imported as tests.real
    from evaluation_facts import letter
except ImportError:  # pragma: no cover
    from tests.real.evaluation_facts import letter

HERE = Path(__file__).resolve().parent
REAL = HERE.parents[1].parent / "shared" / "real-workbooks"
NAMES = ["omanjaya__anggaran__Realisasi Layanan Format Pak Kadis.xlsx",
         "omanjaya__anggaran__Realisasi Tata Kelola Format Pak Kadis.xlsx"]
OUT = HERE / "facts" / "budget_forms_omanjaya.json"


def is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def facts_of(name: str) -> dict:
    rows = CalamineWorkbook.from_path(str(REAL / name)).get_sheet_by_name("DPA").to_python(skip_empty_area=False)
    text = [[" ".join(str(v).split()) if isinstance(v, str) else v for v in r] for r in rows]
    header = next(i for i, r in enumerate(text, 1) if "Harga Satuan" in r)
    line = text[header - 1]
    vol, price = line.index("Volume") + 1, line.index("Harga Satuan") + 1
    amount = text[header - 2].index("Jumlah") + 1
    block = {}
    for r in range(1, header):
        cells = [(c, v) for c, v in enumerate(text[r - 1], 1) if v not in ("", None)]
        for k in range(1, len(cells) - 1):
            if cells[k][1] == ":":
                label = cells[0][1]
                c, v = cells[k + 1]
                block[label] = {"value": v, "cell": f"{letter(c)}{r}"}
                break
    lines, total, wrong = [], 0.0, []
    for r in range(header + 1, len(text) + 1):
        row = rows[r - 1]
        get = lambda c: row[c - 1] if c <= len(row) else None  # noqa: E731
        v, p, a = get(vol), get(price), get(amount)
        if is_num(v) and is_num(p) and is_num(a):
            lines.append(r)
            total += a
            if abs(v * p - a) > 1:
                wrong.append(r)
    return {"sheet": "DPA", "header_row": header, "columns": {"volume": letter(vol), "harga_satuan": letter(price),
                                                              "jumlah": letter(amount)},
            "block": block, "line_rows": lines, "lines": len(lines), "lines_total": round(total),
            "lines_not_volume_x_price": wrong}


def main() -> None:
    facts = {"method": "python-calamine + plain Python; never imports reconcile",
             "files": {n: facts_of(n) for n in NAMES}}
    OUT.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({n: {k: f[k] for k in ("header_row", "columns", "lines", "lines_total",
                                             "lines_not_volume_x_price")} for n, f in facts["files"].items()}, indent=1))


if __name__ == "__main__":
    main()
