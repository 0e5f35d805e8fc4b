#!/usr/bin/env python3
"""Independent facts of the real flat exports: the "truth" for issue #12.

This script deliberately does NOT import the `reconcile` package. It reads the real workbooks in
`<repo>/../shared/real-workbooks/` with python-calamine and plain Python, at the columns we know
each file has (looked up by header text, checked below), and derives what a Bappeda verifier checks:
per unit (OPD/SKPD, and sub unit where the file has one) the number of DISTINCT programs, kegiatan
and sub kegiatan and the total of every money column; the same over the whole table; how many money
cells hold a value a program left (`null`, `None`, `NaN`, `Infinity`, `-`, `- Belum Diisi`, empty);
the shape of each code column; and oddities found on the way.

It writes one JSON file per workbook to `tests/real/facts/<short_name>.json`:

    {"file": ..., "method": "<one line>", "tables": [{"sheet", "kind", "header_row",
     "first_data_row", "last_data_row", "levels": [...], "units": [{"code", "name", "rows",
     "counts": {"program", "kegiatan", "sub_kegiatan"}, "totals": {"<header>": int}, ...}],
     "counts": {...}, "totals": {...}, ...}]}

Conventions (the same in every file):
- Rows are 1-based Excel rows. Sheets are read with `skip_empty_area=False`, so list index i is
  Excel row i + 1 (checked in HAND_CHECKS.md against the NO column of the SIPD-RI exports).
- Codes and names are taken as written, only stripped of surrounding white space. A code stored as
  a whole number (e-Monev's 1.0) is written "1".
- Distinct counts are per unit: a program is one distinct program code within the unit (by name
  where the code cell is empty). Table-level "counts" add the units' counts, so the same code under
  two units counts twice; "distinct_ignoring_units" counts each code once over the whole table.
  Where a file has only sub kegiatan codes, program = the first 3 and kegiatan = the first 5 dot
  parts of the sub kegiatan code (said in "levels").
- Money: a numeric cell counts with its exact decimal value (repr of the float, so 0.1 + 0.2 is
  not 0.30000000000000004); sums are exact and rounded to whole rupiah (half to even) only at the
  end. Every non-integer cell is listed in "non_integer_cells". `null`, `None`, `NaN`, `Infinity`,
  `-Infinity`, `-`, `- Belum Diisi` and empty cells count as empty and are counted per column in
  "empty_money_cells"; any other text in a money cell is not summed and is listed in
  "text_money_cells".
- "sub_kegiatan_without_money": distinct sub kegiatan (within the unit / sub unit / table) none of whose
  rows has a number in any money column (listed without a budget line).
- Subtotal rows: flat exports repeat the whole hierarchy on every row, so every row below the
  header is one detail line and is summed exactly once. To make sure no subtotal row is counted,
  every data row is checked: a row whose lowest plan level (sub kegiatan) has neither code nor
  name, or whose hierarchy cells begin with "Total", "Sub Total", "Jumlah" or "Grand Total", is
  NOT summed and is listed in "excluded_rows" (so a subtotal could never be added on top of its
  details without showing up there). Totals rows of the by-OPD tables (HITUNGAN UP) are recognised
  the same way, kept out of the sums and compared with our sums in "stated_total_row".
  Rows that repeat another row exactly are reported under "oddities" but still summed (in an
  export, two equal detail lines are two lines).

Run: `python tests/real/make_facts.py` (from anywhere; it finds the repository by its own path).
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SRC = ROOT.parent / "shared" / "real-workbooks"
OUT = HERE / "facts"

LEVELS = ("program", "kegiatan", "sub_kegiatan")
EMPTY_TEXT = ("", "null", "None", "NaN", "Infinity", "-Infinity", "-", "- Belum Diisi")
TOTAL_RE = re.compile(r"^\s*(sub\s*-?\s*total|total|jumlah|grand\s+total)\b", re.IGNORECASE)
# Expected code shapes per plan level (Kepmendagri 050: 4-digit sub kegiatan; older lists: 2-digit).
LEVEL_SHAPE = {
    "program": re.compile(r"^\d\.\d\d\.\d\d$"),
    "kegiatan": re.compile(r"^\d\.\d\d\.\d\d\.\d\.\d\d$"),
    "sub_kegiatan": re.compile(r"^\d\.\d\d\.\d\d\.\d\.\d\d\.(\d{4}|\d\d)$"),
}


# ----------------------------------------------------------------------------- cells


def load(name: str) -> CalamineWorkbook:
    return CalamineWorkbook.from_path(str(SRC / name))


def sheet_rows(wb: CalamineWorkbook, sheet: str) -> list[list]:
    """All rows from A1 (index i = Excel row i + 1), each padded to the sheet's width."""
    rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    return [list(r) + [""] * (width - len(r)) for r in rows]


def txt(v) -> str:
    """A code or name as written (stripped); whole numbers without '.0'."""
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v):
            return str(int(v))
        return repr(v)
    return str(v).strip()


def blank(row) -> bool:
    return all(txt(c) == "" for c in row)


def split_code_name(cell) -> tuple[str, str]:
    """'1.01.02 PROGRAM X' -> ('1.01.02', 'PROGRAM X'); a cell without a leading code -> ('', cell)."""
    s = txt(cell)
    m = re.match(r"^(\d[\d.]*)\s+(.*)$", s, re.DOTALL)
    if m:
        return m.group(1), m.group(2).strip()
    if re.fullmatch(r"\d[\d.]*", s):
        return s, ""
    return "", s


def money(v):
    """('num', Decimal) | ('empty', label) | ('text', str)."""
    if v is None:
        return "empty", "(empty)"
    if isinstance(v, bool):
        return "text", repr(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "empty", "NaN"
        if math.isinf(v):
            return "empty", "Infinity" if v > 0 else "-Infinity"
        return "num", Decimal(repr(v))
    if isinstance(v, int):
        return "num", Decimal(v)
    if isinstance(v, str):
        s = v.strip()
        if s == "":
            return "empty", "(empty)"
        if s in EMPTY_TEXT:
            return "empty", f'"{s}" (text)'
        return "text", s
    return "text", repr(v)


def rupiah(d: Decimal) -> int:
    return int(d.to_integral_value(rounding=ROUND_HALF_EVEN))


def shape(code: str) -> str:
    return re.sub(r"\d", "N", code)


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def header_index(header: list, *names: str) -> list[int]:
    """Column indexes of the given header texts; fails loudly if the file is not as expected."""
    h = [txt(c) for c in header]
    out = []
    for n in names:
        if h.count(n) != 1:
            raise SystemExit(f"header {n!r} found {h.count(n)} times in {h}")
        out.append(h.index(n))
    return out


# ----------------------------------------------------------------------------- code columns


def code_column_facts(values: list[str]) -> dict:
    """Shapes of the distinct non-empty codes of a column, with up to 2 examples per shape."""
    distinct: dict[str, None] = {}
    for v in values:
        if v != "":
            distinct.setdefault(v, None)
    shapes: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for v in distinct:
        s = shape(v)
        shapes[s] += 1
        ex = examples.setdefault(s, [])
        if len(ex) < 2:
            ex.append(v)
    return {
        "distinct": len(distinct),
        "empty_cells": sum(1 for v in values if v == ""),
        "shapes": {s: {"distinct_codes": n, "examples": examples[s]} for s, n in shapes.items()},
    }


# ----------------------------------------------------------------------------- plan tables


class Row:
    """One data row, reduced to what the facts need."""

    def __init__(self, excel_row, unit, sub_unit, keys, names, money_cells, hierarchy_text):
        self.excel_row = excel_row
        self.unit = unit  # (code, name) or None
        self.sub_unit = sub_unit  # (code, name) or None
        self.keys = keys  # level -> key string ('' when neither code nor name)
        self.names = names  # level -> name as written
        self.money = money_cells  # header -> parsed money()
        self.hierarchy_text = hierarchy_text  # the unit/level cells, for the subtotal guard


def level_key(code: str, name: str) -> str:
    if code:
        return code
    return f"name:{name}" if name else ""


def summarize(rows: list[Row], money_cols: list[str]) -> dict:
    counts = {lv: len({r.keys[lv] for r in rows if r.keys.get(lv)}) for lv in LEVELS if any(lv in r.keys for r in rows)}
    sums = {c: Decimal(0) for c in money_cols}
    filled = Counter()
    for r in rows:
        for c in money_cols:
            kind, val = r.money[c]
            if kind == "num":
                sums[c] += val
                filled[c] += 1
    out = {"rows": len(rows), "counts": counts, "totals": {c: rupiah(sums[c]) for c in money_cols}}
    if money_cols and "sub_kegiatan" in counts:
        # sub kegiatan whose every row has no number in any money column (listed, no budget line)
        with_money = {
            r.keys["sub_kegiatan"] for r in rows if any(r.money[c][0] == "num" for c in money_cols)
        }
        out["sub_kegiatan_without_money"] = len(
            {r.keys["sub_kegiatan"] for r in rows if r.keys["sub_kegiatan"]} - with_money
        )
    return out


def group(rows: list[Row], attr: str) -> dict:
    g: dict = {}
    for r in rows:
        g.setdefault(getattr(r, attr), []).append(r)
    return g


def plan_table(sheet, kind, header_row, rows: list[Row], *, levels, money_cols, code_columns,
               oddity_rows=None, notes=()) -> dict:
    """Units, counts and totals of one table, from its data rows (subtotal guard applied here)."""
    kept, excluded = [], []
    for r in rows:
        lowest = r.keys.get("sub_kegiatan", "x")
        if lowest == "" or any(TOTAL_RE.match(t) for t in r.hierarchy_text if t):
            excluded.append(r)
        else:
            kept.append(r)
    table = {
        "sheet": sheet,
        "kind": kind,
        "header_row": header_row,
        "first_data_row": rows[0].excel_row if rows else None,
        "last_data_row": rows[-1].excel_row if rows else None,
        "levels": levels,
        "money_columns": money_cols,
        "excluded_rows": [
            {"row": r.excel_row, "why": "no sub kegiatan code/name or a total label",
             "text": [t for t in r.hierarchy_text if t][:3]} for r in excluded
        ],
    }
    units = []
    if any(r.unit is not None for r in kept):
        for (ucode, uname), urows in group(kept, "unit").items():
            u = {"code": ucode or None, "name": uname or None}
            u.update(summarize(urows, money_cols))
            if any(r.sub_unit is not None for r in urows):
                subs = []
                for (scode, sname), srows in group(urows, "sub_unit").items():
                    s = {"code": scode or None, "name": sname or None}
                    s.update(summarize(srows, money_cols))
                    subs.append(s)
                u["sub_units"] = subs
            units.append(u)
    table["units"] = units
    whole = summarize(kept, money_cols)
    if units:
        table["counts"] = {lv: sum(u["counts"].get(lv, 0) for u in units) for lv in whole["counts"]}
        table["distinct_ignoring_units"] = whole["counts"]
    else:
        table["counts"] = whole["counts"]
    table["totals"] = whole["totals"]
    table["rows"] = len(kept)
    if "sub_kegiatan_without_money" in whole:
        # over the whole table, per unit (same code under two units counted twice)
        table["sub_kegiatan_without_money"] = (
            sum(u["sub_kegiatan_without_money"] for u in units) if units
            else whole["sub_kegiatan_without_money"]
        )
    table["unit_count"] = len(units)
    if any("sub_units" in u for u in units):
        table["sub_unit_count"] = sum(len(u["sub_units"]) for u in units)

    # money cells: empties, text, non-integers (over all data rows, excluded ones too)
    empty = {c: Counter() for c in money_cols}
    text, nonint = [], []
    for r in rows:
        for c in money_cols:
            k, v = r.money[c]
            if k == "empty":
                empty[c][v] += 1
            elif k == "text":
                text.append({"row": r.excel_row, "column": c, "value": v})
            elif v != v.to_integral_value():
                nonint.append({"row": r.excel_row, "column": c, "value": str(v)})
    table["empty_money_cells"] = {
        c: {"total": sum(empty[c].values()), "by_value": dict(empty[c])} for c in money_cols
    }
    table["text_money_cells"] = text
    table["non_integer_cells"] = nonint
    table["code_columns"] = {h: code_column_facts(vals) for h, vals in code_columns.items()}
    table["oddities"] = level_oddities(kept) + list(oddity_rows or [])
    table["notes"] = list(notes)
    return table


def level_oddities(rows: list[Row]) -> list[str]:
    """Codes that do not fit their level, children not under their parent, one code many names."""
    out = []
    for lv in LEVELS:
        bad = [(r.excel_row, r.keys[lv]) for r in rows
               if r.keys.get(lv) and not r.keys[lv].startswith("name:") and not LEVEL_SHAPE[lv].match(r.keys[lv])]
        if bad:
            ex = sorted({c for _, c in bad})[:3]
            out.append(f"{lv}: {len(bad)} rows whose code does not have the {lv} shape, e.g. {ex} (first row {bad[0][0]})")
    for child, parent in (("kegiatan", "program"), ("sub_kegiatan", "kegiatan")):
        bad = [(r.excel_row, r.keys[child], r.keys[parent]) for r in rows
               if r.keys.get(child) and r.keys.get(parent)
               and not r.keys[child].startswith("name:") and not r.keys[parent].startswith("name:")
               and not r.keys[child].startswith(r.keys[parent] + ".")]
        if bad:
            out.append(f"{child} code not under its {parent} code on {len(bad)} rows, e.g. row {bad[0][0]}: {bad[0][1]} under {bad[0][2]}")
    for lv in LEVELS:
        names: dict[str, set] = {}
        for r in rows:
            k = r.keys.get(lv)
            if k and not k.startswith("name:") and r.names.get(lv):
                names.setdefault(k, set()).add(r.names[lv])
        multi = {k: sorted(v) for k, v in names.items() if len(v) > 1}
        if multi:
            k = sorted(multi)[0]
            out.append(f"{lv}: {len(multi)} codes written with more than one name, e.g. {k}: {multi[k][:2]}")
    return out


def placeholder_oddity(items: list[tuple[int, str, str]]) -> list[str]:
    """Rows whose program code is SIPD's placeholder 'X.XX.01' (urusan 'X', 'URUSAN PEMERINTAHAN BIDANG XX')."""
    ph = [(n, c, u) for n, c, u in items if c.startswith("X")]
    if not ph:
        return []
    units = sorted({u for _, _, u in ph})
    numbered = {u for _, c, u in items if u in units and re.fullmatch(r"\d\.\d\d\.01", c)}
    return [f"{len(ph)} rows (first row {ph[0][0]}) use the placeholder program code {sorted({c for _, c, _ in ph})} "
            f"(NON URUSAN, 'URUSAN PEMERINTAHAN BIDANG XX') in {len(units)} units, e.g. {units[:3]}; counted as written, "
            f"so it is a program of its own: {len(numbered)} of these units also have their numbered penunjang "
            "program (e.g. 1.02.01) and so count one program more than they run"]


def duplicate_oddities(raw: list[tuple[int, list]], ignore_cols: set[int], code_cols: list[int]) -> list[str]:
    """Rows equal to another row (ignoring running numbers), and rows equal in every code column."""
    out = []
    full: dict = {}
    codes: dict = {}
    for n, row in raw:
        full.setdefault(tuple(txt(c) for i, c in enumerate(row) if i not in ignore_cols), []).append(n)
        codes.setdefault(tuple(txt(row[i]) for i in code_cols), []).append(n)
    dups = [v for v in full.values() if len(v) > 1]
    if dups:
        out.append(f"{sum(len(v) - 1 for v in dups)} rows repeat another row exactly (ignoring the running number), e.g. rows {dups[0]}")
    same = [v for v in codes.values() if len(v) > 1]
    same_only = [v for v in same if v not in dups]
    if same_only:
        out.append(
            f"{len(same_only)} groups of rows carry the same codes in every code column but differ elsewhere "
            f"(name or money): rows {[v for v in same_only][:3]} (each row is still one detail line and is summed)"
        )
    return out


# ----------------------------------------------------------------------------- file handlers


def sipd_flat(name: str, short: str, stage: str) -> dict:
    """SIPD-RI rekap: one row per detail line, one code and one name column per level."""
    wb = load(name)
    sheet = wb.sheet_names[0]
    rows = sheet_rows(wb, sheet)
    h = [txt(c) for c in rows[0]]
    col = dict(zip(h, range(len(h))))
    has_sh = "KODE STANDAR HARGA" in col
    lv_cols = {
        "program": ("KODE PROGRAM", "NAMA PROGRAM"),
        "kegiatan": ("KODE KEGIATAN", "NAMA KEGIATAN"),
        "sub_kegiatan": ("KODE SUB KEGIATAN", "NAMA SUB KEGIATAN"),
    }
    header_index(rows[0], "NO", "KODE SKPD", "NAMA SKPD", "KODE SUB UNIT", "NAMA SUB UNIT", "PAGU",
                 *[c for pair in lv_cols.values() for c in pair])
    code_heads = [c for c in h if c.startswith("KODE ")]
    data = []
    raw = []
    for i in range(1, len(rows)):
        row = rows[i]
        if blank(row):
            continue
        raw.append((i + 1, row))
        keys = {lv: level_key(txt(row[col[c]]), txt(row[col[n]])) for lv, (c, n) in lv_cols.items()}
        names = {lv: txt(row[col[n]]) for lv, (c, n) in lv_cols.items()}
        hier = [txt(row[col[c]]) for c in ("KODE SKPD", "NAMA SKPD", "KODE SUB UNIT", "NAMA SUB UNIT")] + \
               [txt(row[col[c]]) for pair in lv_cols.values() for c in pair]
        data.append(Row(
            i + 1,
            (txt(row[col["KODE SKPD"]]), txt(row[col["NAMA SKPD"]])),
            (txt(row[col["KODE SUB UNIT"]]), txt(row[col["NAMA SUB UNIT"]])),
            keys, names, {"PAGU": money(row[col["PAGU"]])}, hier,
        ))
    # running number NO must be 1..n in row order (an export cut or re-sorted by hand would show)
    no_ok = all(txt(r[col["NO"]]) == str(k + 1) for k, (_, r) in enumerate(raw))
    odd = duplicate_oddities(raw, {col["NO"]}, [col[c] for c in code_heads])
    if not no_ok:
        odd.append("the NO column is not 1..n in row order")
    odd += placeholder_oddity([(n, txt(r[col["KODE PROGRAM"]]), txt(r[col["NAMA SKPD"]])) for n, r in raw])
    # rows carrying a sub kegiatan but no rekening (and no PAGU): listed sub kegiatan without detail
    no_rek = [n for n, r in raw if txt(r[col["KODE REKENING"]]) == ""]
    notes = [
        f"{stage}. Every row repeats urusan, SKPD, sub unit, bidang urusan, program, kegiatan and sub kegiatan; "
        "the detail below the sub kegiatan is sumber dana x rekening" + (" x standar harga" if has_sh else "") + ".",
        f"NO runs 1..{len(raw)} in row order: {no_ok}.",
        f"{len(no_rek)} rows carry a sub kegiatan with empty sumber dana, rekening and PAGU (a sub kegiatan "
        "listed without any budget line); they count for the distinct sub kegiatan, not for money. "
        "No sub kegiatan has both such a row and detail rows: "
        + str(not ({txt(r[col['KODE SUB UNIT']]) + '|' + txt(r[col['KODE SUB KEGIATAN']]) for n, r in raw if txt(r[col['KODE REKENING']]) == ''}
                   & {txt(r[col['KODE SUB UNIT']]) + '|' + txt(r[col['KODE SUB KEGIATAN']]) for n, r in raw if txt(r[col['KODE REKENING']]) != ''}))
        + ".",
        "Units are KODE SKPD + NAMA SKPD; sub_units are KODE SUB UNIT + NAMA SUB UNIT within the SKPD.",
    ]
    if has_sh:
        # a rekening line without standar harga next to rekening lines with one: is it their subtotal?
        grp: dict = {}
        for n, r in raw:
            if txt(r[col["KODE REKENING"]]):
                k = tuple(txt(r[col[c]]) for c in ("KODE SUB UNIT", "KODE SUB KEGIATAN", "KODE SUMBER DANA", "KODE REKENING"))
                grp.setdefault(k, []).append((n, txt(r[col["KODE STANDAR HARGA"]]), money(r[col["PAGU"]])))
        mixed = [v for v in grp.values() if any(not sh for _, sh, _ in v) and any(sh for _, sh, _ in v)]
        for v in mixed:
            lone = [m for _, sh, m in v if not sh]
            rest = sum(m[1] for _, sh, m in v if sh and m[0] == "num")
            is_sub = any(m[0] == "num" and m[1] == rest for m in lone)
            odd.append(
                f"rows {[n for n, _, _ in v]}: one rekening line without standar harga beside lines with one; "
                f"it {'EQUALS' if is_sub else 'does not equal'} the sum of the others ({rupiah(rest)}), "
                f"so it is {'a subtotal' if is_sub else 'a detail line'} and is summed"
            )
        no_sh = sum(1 for n, r in raw if txt(r[col["KODE REKENING"]]) and not txt(r[col["KODE STANDAR HARGA"]]))
        notes.append(f"{no_sh} rows have a rekening but no standar harga (detail given at rekening level, e.g. BOS); "
                     "they are detail lines, not subtotals (see oddities for the one rekening mixing both).")
        skpd_codes = Counter(txt(r[col["KODE SKPD"]]) for _, r in raw)
        trailing = sum(1 for c in skpd_codes if c.endswith("."))
        notes.append(
            f"KODE SKPD is a VLOOKUP result from sheet 'SKPD' (old Permendagri 13 style, e.g. '1.01.01.'): "
            f"{trailing} of {len(skpd_codes)} SKPD codes end with a dot and none is the 8-part code that KODE SUB UNIT has; "
            "recorded as written."
        )
    table = plan_table(
        sheet, "flat plan export (one row per detail line)", 1, data,
        levels=[{"level": lv, "code_column": c, "name_column": n} for lv, (c, n) in lv_cols.items()]
        + [{"level": "detail", "code_columns": [c for c in code_heads if c in
            ("KODE SUMBER DANA", "KODE REKENING", "KODE STANDAR HARGA")]}],
        money_cols=["PAGU"],
        code_columns={c: [txt(r[col[c]]) for _, r in raw] for c in code_heads},
        oddity_rows=odd, notes=notes,
    )
    tables = [table]
    if has_sh:
        tables += banjarmasin_side_sheets(wb)
    return {"file": name, "short": short,
            "method": "python-calamine rows of the one-header flat sheet; unit = KODE/NAMA SKPD, sub unit = KODE/NAMA SUB UNIT; "
                      "distinct KODE PROGRAM/KEGIATAN/SUB KEGIATAN per unit; PAGU summed over every data row (each is one detail line)",
            "tables": tables}


def banjarmasin_side_sheets(wb) -> list[dict]:
    out = []
    piv = sheet_rows(wb, "Pivot Table 1")
    names = [txt(r[0]) for r in piv[1:] if txt(r[0])]
    out.append({
        "sheet": "Pivot Table 1", "kind": "not a plan table (pivot row labels only, no values)",
        "header_row": 1, "first_data_row": 2, "last_data_row": len(piv), "levels": [], "units": [],
        "counts": {}, "totals": {},
        "notes": [f"{len(names) - ('Grand Total' in names)} SKPD names and a 'Grand Total' label; the value cells are not stored "
                  "(calamine reads one column)."],
    })
    sk = sheet_rows(wb, "SKPD")
    out.append({
        "sheet": "SKPD", "kind": "lookup (name -> old-style SKPD code), headerless",
        "header_row": None, "first_data_row": 1, "last_data_row": len(sk), "levels": [],
        "units": [{"code": txt(r[1]), "name": txt(r[0])} for r in sk],
        "counts": {}, "totals": {},
        "code_columns": {"B (no header)": code_column_facts([txt(r[1]) for r in sk])},
        "notes": ["The source of the VLOOKUP that fills KODE SKPD in 'Sheet 1'."],
    })
    return out


def derived_keys(code: str, name: str) -> tuple[dict, dict]:
    """program/kegiatan from a sub kegiatan code's first 3/5 dot parts."""
    parts = code.split(".") if code else []
    keys = {"sub_kegiatan": level_key(code, name)}
    keys["program"] = ".".join(parts[:3]) if len(parts) >= 6 else ""
    keys["kegiatan"] = ".".join(parts[:5]) if len(parts) >= 6 else ""
    return keys, {"sub_kegiatan": name}


DERIVED_LEVELS = [
    {"level": "program", "derived_from": "first 3 dot parts of the sub kegiatan code"},
    {"level": "kegiatan", "derived_from": "first 5 dot parts of the sub kegiatan code"},
]


def kuappas(name: str, short: str) -> dict:
    wb = load(name)
    sheet = "SUB KEGIATAN"
    rows = sheet_rows(wb, sheet)
    ck, cn, cv, cs, csn, cb, cbn, cp, cpn = header_index(
        rows[0], "Kode", "Sub Kegiatan", "Nilai", "Kode SKPD", "Nama SKPD", "Kode Bidang Urusan",
        "Bidang Urusan", "Kode PMK", "Bidang PMK")
    data, raw = [], []
    for i in range(1, len(rows)):
        r = rows[i]
        if blank(r):
            continue
        raw.append((i + 1, r))
        keys, names = derived_keys(txt(r[ck]), txt(r[cn]))
        data.append(Row(i + 1, (txt(r[cs]), txt(r[csn])), None, keys, names, {"Nilai": money(r[cv])},
                        [txt(r[c]) for c in (ck, cn, cs, csn)]))
    pmk = [(txt(r[cp]), txt(r[ck])) for _, r in raw if txt(r[cp])]
    odd = duplicate_oddities(raw, set(), [ck, cs])
    odd += placeholder_oddity([(n, ".".join(txt(r[ck]).split(".")[:3]), txt(r[csn])) for n, r in raw])
    nonzero = sum(1 for _, r in raw if money(r[cv])[0] == "num" and money(r[cv])[1] != 0)
    if nonzero == 0:
        odd.append(f"every Nilai cell is 0 ({len(raw)} rows): the KUA-PPAS list carries no money at this stage")
    table = plan_table(
        sheet, "sub kegiatan list per SKPD (with Nilai)", 1, data,
        levels=DERIVED_LEVELS + [{"level": "sub_kegiatan", "code_column": "Kode", "name_column": "Sub Kegiatan"}],
        money_cols=["Nilai"],
        code_columns={"Kode": [txt(r[ck]) for _, r in raw], "Kode SKPD": [txt(r[cs]) for _, r in raw],
                      "Kode Bidang Urusan": [txt(r[cb]) for _, r in raw], "Kode PMK": [txt(r[cp]) for _, r in raw]},
        oddity_rows=odd,
        notes=[f"Kode PMK is filled on {len(pmk)} rows and there equals Kode on {sum(1 for a, b in pmk if a == b)} "
               f"(a copy of the sub kegiatan code, not a plan level); Bidang PMK values: "
               f"{dict(Counter(txt(r[cpn]) for _, r in raw if txt(r[cpn])))}.",
               "Units are Kode SKPD + Nama SKPD; this list has sub units (Puskesmas, Bagian ...) as SKPDs of their own."],
    )
    return {"file": name, "short": short,
            "method": "python-calamine rows of sheet 'SUB KEGIATAN'; unit = Kode/Nama SKPD; distinct Kode per unit, "
                      "program/kegiatan from its first 3/5 parts; Nilai summed over every row",
            "tables": [table]}


def subkegiatan_rkpd(name: str, short: str) -> dict:
    """43 sheets: title row 1, header row 3, an OPD row ('code name' in A), then sub kegiatan rows."""
    wb = load(name)
    tables = []
    for sheet in wb.sheet_names:
        rows = sheet_rows(wb, sheet)
        hr = next(i for i, r in enumerate(rows) if txt(r[0]) == "Kode" and txt(r[1]) == "Sub Kegiatan")
        data, raw, unit, odd = [], [], None, []
        for i in range(hr + 1, len(rows)):
            r = rows[i]
            if blank(r):
                continue
            a, b = txt(r[0]), txt(r[1])
            code, rest = split_code_name(a)
            if not b and len(code.split(".")) == 8:  # the OPD row: 8-part SKPD code + name in one cell
                unit = (code, rest)
                odd.append(f"row {i + 1} is the OPD row: {a!r}")
                continue
            raw.append((i + 1, r))
            keys, names = derived_keys(a, b)
            data.append(Row(i + 1, unit, None, keys, names, {}, [a, b]))
        t = plan_table(
            sheet, "sub kegiatan list of one OPD (no money)", hr + 1, data,
            levels=DERIVED_LEVELS + [{"level": "sub_kegiatan", "code_column": "Kode", "name_column": "Sub Kegiatan"}],
            money_cols=[], code_columns={"Kode": [txt(r[0]) for _, r in raw]},
            oddity_rows=duplicate_oddities(raw, set(), [0]),
            notes=[f"Title row 1: {txt(rows[0][0])!r}; the unit comes from the OPD row below the header."],
        )
        t["unit_row"] = [o for o in t["oddities"] if "is the OPD row" in o]
        t["first_data_row"] = hr + 2  # the OPD row (a unit label inside the data area), then sub kegiatan rows
        t["oddities"] = [o for o in t["oddities"] if "is the OPD row" not in o]
        tables.append(t)
    return {"file": name, "short": short,
            "method": "python-calamine, every sheet: header row found by 'Kode'/'Sub Kegiatan', unit from the OPD row "
                      "('8-part code name' in column A), distinct sub kegiatan codes, program/kegiatan from their first 3/5 parts",
            "tables": tables}


def format_import(name: str, short: str) -> dict:
    """'code name' in one cell per level; a SUM total above the header."""
    wb = load(name)
    sheet = wb.sheet_names[0]
    rows = sheet_rows(wb, sheet)
    hr = next(i for i, r in enumerate(rows) if txt(r[0]) == "Urusan")
    heads = ["Urusan", "OPD", "Bidang Urusan", "Sub Unit", "Program", "Kegiatan", "Sub Kegiatan", "Akun",
             "Kelompok", "Jenis", "Objek", "Rincian Obyek", "Rekening (Sub Rincian Obyek)", "APBD"]
    idx = dict(zip(heads, header_index(rows[hr], *heads)))
    data, raw = [], []
    for i in range(hr + 1, len(rows)):
        r = rows[i]
        if blank(r):
            continue
        raw.append((i + 1, r))
        cn = {h: split_code_name(r[idx[h]]) for h in heads[:-1]}
        keys = {lv: level_key(*cn[h]) for lv, h in (("program", "Program"), ("kegiatan", "Kegiatan"), ("sub_kegiatan", "Sub Kegiatan"))}
        names = {lv: cn[h][1] for lv, h in (("program", "Program"), ("kegiatan", "Kegiatan"), ("sub_kegiatan", "Sub Kegiatan"))}
        data.append(Row(i + 1, cn["OPD"], cn["Sub Unit"], keys, names, {"APBD": money(r[idx["APBD"]])},
                        [txt(r[idx[h]]) for h in ("OPD", "Sub Unit", "Program", "Kegiatan", "Sub Kegiatan")]))
    above = [(i + 1, [(col_letter(j), c) for j, c in enumerate(rows[i]) if txt(c)]) for i in range(hr)]
    t = plan_table(
        sheet, "flat plan export, 'code name' in one cell per level", hr + 1, data,
        levels=[{"level": lv, "column": h, "split": "code = text before the first space"}
                for lv, h in (("program", "Program"), ("kegiatan", "Kegiatan"), ("sub_kegiatan", "Sub Kegiatan"))]
        + [{"level": "detail", "column": "Rekening (Sub Rincian Obyek)"}],
        money_cols=["APBD"],
        code_columns={h: [split_code_name(r[idx[h]])[0] for _, r in raw] for h in heads[:-1]},
        oddity_rows=duplicate_oddities(raw, set(), [idx[h] for h in heads[:-1]]),
        notes=["Unit = the OPD cell split into code and name; sub unit = the Sub Unit cell split the same way.",
               "Sub kegiatan codes have a 2-digit last part (older list); the 4th part of the kegiatan code is 1 (province)."],
    )
    stated = above[0][1][0][1] if above and above[0][1] else None
    t["above_header"] = [{"row": n, "cells": {c: (v if not isinstance(v, float) else rupiah(Decimal(repr(v)))) for c, v in cells}}
                         for n, cells in above]
    if stated is not None:
        t["above_header_total_equals_sum"] = rupiah(Decimal(repr(stated))) == t["totals"]["APBD"]
        t["oddities"].append(f"row 1 holds a total above the header ({rupiah(Decimal(repr(stated)))}), not a data row; "
                             f"equal to the sum of APBD: {t['above_header_total_equals_sum']}")
    return {"file": name, "short": short,
            "method": "python-calamine; header row found by 'Urusan'; each level cell split at its first space into code and name; "
                      "unit = OPD cell; APBD summed over the rows below the header (the SUM in row 1 only compared)",
            "tables": [t]}


def by_opd(name: str, short: str) -> dict:
    """HITUNGAN UP: money per OPD x jenis belanja, 2-row header, a TOTAL row; no plan hierarchy."""
    wb = load(name)
    tables = []
    for sheet in wb.sheet_names:
        rows = sheet_rows(wb, sheet)
        top, sub = rows[0], rows[1]
        # header as written: the group (row 1, carried right over its merged range) / the jenis (row 2)
        heads, group_ = [], ""
        for j in range(1, len(top)):
            if txt(top[j]):
                group_ = txt(top[j])
            heads.append(f"{group_} / {txt(sub[j])}" if txt(sub[j]) else txt(top[j]))
        data, total_row = [], None
        for i in range(2, len(rows)):
            r = rows[i]
            if blank(r):
                continue
            if TOTAL_RE.match(txt(r[0])):
                total_row = (i + 1, r)
                continue
            data.append(Row(i + 1, ("", txt(r[0])), None, {}, {},
                            {h: money(r[j + 1]) for j, h in enumerate(heads)}, [txt(r[0])]))
        t = plan_table(sheet, "money by OPD, no plan hierarchy", 2, data, levels=[], money_cols=heads,
                       code_columns={}, notes=[
                           "Header rows 1-2: 'Nama OPD', then groups Belanja Operasi (B-F) and Belanja Modal (G-K) over "
                           "jenis belanja in row 2 (the group is carried right over its merged cells), then L-O with one header row.",
                           "Units have names only (no code); counts are not applicable."])
        t["header_rows"] = [1, 2]
        # the row total column should equal the sum of the other columns on every row
        parts = heads[:-1]
        bad = []
        for r in data:
            s = sum((r.money[h][1] for h in parts if r.money[h][0] == "num"), Decimal(0))
            tot = r.money[heads[-1]]
            if tot[0] == "num" and tot[1] != s:
                bad.append({"row": r.excel_row, "sum_of_columns": str(s), "TOTAL": str(tot[1])})
        t["rows_where_TOTAL_column_differs_from_sum"] = bad
        if total_row:
            n, r = total_row
            stated = {h: money(r[j + 1]) for j, h in enumerate(heads)}
            t["stated_total_row"] = {
                "row": n,
                "values": {h: (rupiah(v[1]) if v[0] == "num" else None) for h, v in stated.items()},
                "non_integer": {h: str(v[1]) for h, v in stated.items() if v[0] == "num" and v[1] != v[1].to_integral_value()},
                "differs_from_our_sum": {h: {"stated": rupiah(v[1]), "ours": t["totals"][h]} for h, v in stated.items()
                                         if v[0] == "num" and rupiah(v[1]) != t["totals"][h]},
            }
        for u in t["units"]:
            u.pop("counts", None)
        tables.append(t)
    return {"file": name, "short": short,
            "method": "python-calamine, every sheet: 2 header rows, one row per OPD (by name), the TOTAL row kept out and compared; "
                      "money summed per column; no program hierarchy in this file",
            "tables": tables}


def pagu_dinas(name: str, short: str) -> dict:
    wb = load(name)
    rows = sheet_rows(wb, "PAGU DINAS")
    cols = {j: f"column {col_letter(j)} (no header)" for j in (1, 3, 4, 6)}
    data = [Row(i + 1, ("", txt(r[0])), None, {}, {}, {h: money(r[j]) for j, h in cols.items()}, [txt(r[0])])
            for i, r in enumerate(rows) if not blank(r)]
    t1 = plan_table("PAGU DINAS", "headerless: OPD name and pagu columns", None, data, levels=[],
                    money_cols=list(cols.values()), code_columns={})
    rel = {
        "B equals E on every row": all(r[1] == r[4] for r in rows),
        "G equals E minus D on every row": all(r[6] == r[4] - r[3] for r in rows),
        "rows where D differs from B": [{"row": i + 1, "name": txt(r[0]), "B": rupiah(Decimal(repr(r[1]))), "D": rupiah(Decimal(repr(r[3])))}
                                        for i, r in enumerate(rows) if r[1] != r[3]],
    }
    t1["column_relations"] = rel
    t1["notes"] = ["No header row: the first row already holds an OPD. Columns C and F are empty. Units by name only. "
                   "Read against sheet 'Sheet1': D matches 'Pagu Validasi' and B/E match 'Batasan Pagu SKPD' (see HAND_CHECKS.md).",
                   "Recorded: units and column totals only; counts are not applicable."]
    for u in t1["units"]:
        u.pop("counts", None)

    s1 = sheet_rows(wb, "Sheet1")
    heads = [txt(c) for c in s1[0]]
    jc = dict(zip(heads, range(len(heads))))
    mcols = ["Pagu Validasi", "Batasan Pagu SKPD"]
    ccols = ["Total Kegiatan Belanja", "Kegiatan Belanja Terbuka", "Rincian Belanja Terbuka"]
    data, stated = [], []
    for i in range(1, len(s1)):
        r = s1[i]
        if blank(r):
            continue
        unit = split_code_name(r[0])
        data.append(Row(i + 1, unit, None, {}, {}, {h: money(r[jc[h]]) for h in mcols}, [txt(r[0])]))
        stated.append((unit, {h: int(r[jc[h]]) for h in ccols}))
    t2 = plan_table("Sheet1", "SIPD screen pasted: one row per OPD, 'code name' in one cell", 1, data, levels=[],
                    money_cols=mcols, code_columns={"Perangkat Daerah (code part)": [split_code_name(r[0])[0] for r in s1[1:]]})
    st = dict(stated)
    for u in t2["units"]:
        u.pop("counts", None)
        u["stated_counts"] = st[(u["code"], u["name"])]
    t2["stated_counts_total"] = {h: sum(s[h] for _, s in stated) for h in ccols}
    t2["notes"] = ["'Total Kegiatan Belanja' is a count the screen states per OPD (it matches the number of sub kegiatan, "
                   "see HAND_CHECKS.md); recorded as stated_counts, not derived. Column 'Rincian Belanja' holds only empty text.",
                   "No program hierarchy in this file."]
    zero = [u["name"] for u in t2["units"] if u["totals"]["Pagu Validasi"] == 0]
    if zero:
        t2["oddities"].append(f"Pagu Validasi is 0 for {zero} while Batasan Pagu SKPD is not")
    return {"file": name, "short": short,
            "method": "python-calamine; sheet 'PAGU DINAS' has no header (OPD names and four number columns, summed as they are); "
                      "sheet 'Sheet1' header row 1, unit = 'code name' cell split at the first space, pagu summed, counts as stated",
            "tables": [t1, t2]}


def efisiensi(name: str, short: str) -> dict:
    """52 sheets, one OPD each; 3 header rows: sumber dana group / belanja item / metric; 282 columns."""
    wb = load(name)
    tables = []
    for sheet in wb.sheet_names:
        rows = sheet_rows(wb, sheet)
        g_row, i_row, m_row = rows[0], rows[1], rows[2]
        assert txt(g_row[0]) == "Kode Sub Kegiatan" and txt(g_row[1]) == "Nama Sub Kegiatan"
        heads, grp, item = {}, "", ""
        for j in range(2, len(g_row)):
            grp = txt(g_row[j]) or grp
            item = txt(i_row[j]) or item
            heads[j] = (grp, item, txt(m_row[j]))
        money_j = {j: f"{g} | {it} | {m}" for j, (g, it, m) in heads.items() if it == "Total" and m != "% Ef"}
        data, raw = [], []
        for i in range(3, len(rows)):
            r = rows[i]
            if blank(r):
                continue
            raw.append((i + 1, r))
            keys, names = derived_keys(txt(r[0]), txt(r[1]))
            data.append(Row(i + 1, ("", sheet), None, keys, names, {h: money(r[j]) for j, h in money_j.items()},
                            [txt(r[0]), txt(r[1])]))
        t = plan_table(
            sheet, "sub kegiatan x sumber dana x belanja item (efficiency cuts), one OPD per sheet", 3, data,
            levels=DERIVED_LEVELS + [{"level": "sub_kegiatan", "code_column": "Kode Sub Kegiatan", "name_column": "Nama Sub Kegiatan"}],
            money_cols=list(money_j.values()), code_columns={"Kode Sub Kegiatan": [txt(r[0]) for _, r in raw]},
            oddity_rows=duplicate_oddities(raw, set(), [0]),
            notes=["Header rows 1-3: sumber dana group (DAU UMUM from C, DAU PERUNTUKKAN from FO), belanja item (8 columns each), "
                   "metric (Murni, Trgt Ef, Trgt Inp, Input, L/K Inp, % Ef, Realisasi, Δ I). Unit = the sheet name (cut at 31 "
                   "characters; no code). Money recorded: the 'Total' item of each group, every metric but '% Ef' (a percentage).",
                   "empty_by_metric counts the NaN/Infinity/empty cells of every item column, per group and metric."],
        )
        t["header_rows"] = [1, 2, 3]
        by_metric: dict = {}
        for _, r in raw:
            for j, (g, it, m) in heads.items():
                k, v = money(r[j])
                if k == "empty" and v != "(empty)":
                    by_metric.setdefault(f"{g} | * | {m}", Counter())[v] += 1
        t["empty_by_metric"] = {k: dict(v) for k, v in by_metric.items()}
        # Total | Murni == sum of the item columns' Murni (Rekening Lainnya included), per group and row
        bad = []
        for n, r in raw:
            for g in ("DAU UMUM", "DAU PERUNTUKKAN"):
                items = [j for j, (gg, it, m) in heads.items() if gg == g and m == "Murni" and it != "Total"]
                tot = [j for j, (gg, it, m) in heads.items() if gg == g and m == "Murni" and it == "Total"][0]
                s = sum((money(r[j])[1] for j in items if money(r[j])[0] == "num"), Decimal(0))
                if money(r[tot])[0] == "num" and money(r[tot])[1] != s:
                    bad.append({"row": n, "group": g, "sub_kegiatan": txt(r[0]),
                                "Total | Murni": rupiah(money(r[tot])[1]), "sum of item Murni": rupiah(s)})
        t["rows_where_Total_Murni_differs_from_sum_of_items"] = bad
        if bad:
            t["oddities"].append(f"{len(bad)} rows whose 'Total | Murni' is more than the sum of the item columns' Murni "
                                 f"(e.g. row {bad[0]['row']} {bad[0]['sub_kegiatan']}: {bad[0]['Total | Murni']:,} vs "
                                 f"{bad[0]['sum of item Murni']:,}); the Total columns are the money recorded")
        tables.append(t)
    return {"file": name, "short": short,
            "method": "python-calamine, every sheet: 3 header rows, unit = sheet name, distinct sub kegiatan codes (program/kegiatan "
                      "from their first 3/5 parts); money = the 'Total' item columns per sumber dana, summed over every row",
            "tables": tables}


def format_sub_kegiatan(name: str, short: str) -> dict:
    wb = load(name)
    sheet = wb.sheet_names[0]
    rows = sheet_rows(wb, sheet)
    ck, cn, cp = header_index(rows[0], "KODE SUB KEGIATAN", "PROGRAM DAN KEGIATAN", "JUMLAH PAGU")
    data, raw = [], []
    for i in range(1, len(rows)):
        r = rows[i]
        if blank(r):
            continue
        raw.append((i + 1, r))
        keys, names = derived_keys(txt(r[ck]), txt(r[cn]))
        data.append(Row(i + 1, None, None, keys, names, {"JUMLAH PAGU": money(r[cp])}, [txt(r[ck]), txt(r[cn])]))
    t = plan_table(sheet, "sub kegiatan list with pagu (no unit column)", 1, data,
                   levels=DERIVED_LEVELS + [{"level": "sub_kegiatan", "code_column": "KODE SUB KEGIATAN",
                                             "name_column": "PROGRAM DAN KEGIATAN"}],
                   money_cols=["JUMLAH PAGU"], code_columns={"KODE SUB KEGIATAN": [txt(r[ck]) for _, r in raw]},
                   oddity_rows=duplicate_oddities(raw, set(), [ck]),
                   notes=["No unit column: units is empty and the counts/totals are the table's. Despite its header, "
                          "'PROGRAM DAN KEGIATAN' holds sub kegiatan names (every row has a 6-part code)."])
    dbl = [n for n, r in raw if "  " in txt(r[cn])]
    if dbl:
        t["oddities"].append(f"{len(dbl)} names contain double spaces, e.g. row {dbl[0]}")
    return {"file": name, "short": short,
            "method": "python-calamine rows below header row 1; distinct KODE SUB KEGIATAN, program/kegiatan from its first 3/5 parts; "
                      "JUMLAH PAGU summed over every row",
            "tables": [t]}


def emonev(name: str, short: str) -> dict:
    wb = load(name)
    sheet = wb.sheet_names[0]
    rows = sheet_rows(wb, sheet)
    cu, cpg, ckg, csk, cn = header_index(rows[0], "Kode Urusan", "Kode Program", "Kode Kegiatan", "Kode Sub Kegiatan", "Sub Kegiatan")
    data, raw = [], []
    for i in range(1, len(rows)):
        r = rows[i]
        if blank(r):
            continue
        raw.append((i + 1, r))
        u, p, k, s = (txt(r[c]) for c in (cu, cpg, ckg, csk))
        keys = {"program": f"{u}.{p}" if p else "", "kegiatan": f"{u}.{p}.{k}" if k else "",
                "sub_kegiatan": level_key(f"{u}.{p}.{k}.{s}" if s else "", txt(r[cn]))}
        data.append(Row(i + 1, None, None, keys, {"sub_kegiatan": txt(r[cn])}, {}, [u, p, k, s, txt(r[cn])]))
    t = plan_table(sheet, "split-code sub kegiatan list (no money, no unit)", 1, data,
                   levels=[{"level": "program", "code_columns": ["Kode Urusan", "Kode Program"]},
                           {"level": "kegiatan", "code_columns": ["Kode Urusan", "Kode Program", "Kode Kegiatan"]},
                           {"level": "sub_kegiatan", "code_columns": ["Kode Urusan", "Kode Program", "Kode Kegiatan", "Kode Sub Kegiatan"],
                            "name_column": "Sub Kegiatan"}],
                   money_cols=[], code_columns={h: [txt(r[c]) for _, r in raw] for h, c in
                                                (("Kode Urusan", cu), ("Kode Program", cpg), ("Kode Kegiatan", ckg), ("Kode Sub Kegiatan", csk))},
                   notes=["Codes split over columns and stored as numbers (1.0), unpadded: the joined keys ('1.01.1.1.1') are "
                          "not Kepmendagri shapes, so the shape oddities below are expected. The one name is a kegiatan-level "
                          "name (Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah) under 'Sub Kegiatan'."])
    return {"file": name, "short": short,
            "method": "python-calamine row below header row 1; program/kegiatan/sub kegiatan keys joined from the split code columns",
            "tables": [t]}


def persentase(name: str, short: str) -> dict:
    wb = load(name)
    sheet = wb.sheet_names[0]
    rows = sheet_rows(wb, sheet)
    ck, cn, cp = header_index(rows[0], "kode_rekening", "nama_rekening", "persentase_penyesuaian")
    raw = [(i + 1, r) for i, r in enumerate(rows) if i > 0 and not blank(r)]
    return {"file": name, "short": short,
            "method": "python-calamine; recognised as a kode rekening list, not a plan table: only its shape is recorded",
            "tables": [{
                "sheet": sheet, "kind": "not a plan table (kode rekening belanja list with a percentage)",
                "header_row": 1, "first_data_row": raw[0][0], "last_data_row": raw[-1][0], "rows": len(raw),
                "levels": [], "units": [], "counts": {}, "totals": {},
                "code_columns": {"kode_rekening": code_column_facts([txt(r[ck]) for _, r in raw])},
                "percentage_column": {"header": "persentase_penyesuaian",
                                      "values": {txt(k): v for k, v in sorted(Counter(r[cp] for _, r in raw).items())}},
                "notes": ["No program/kegiatan/sub kegiatan, no unit, no money: persentase_penyesuaian is a percent (0-100), not rupiah."],
            }]}


FILES = [
    ("bpkadkabburu__sipd-ri__2024_rekap_apbd_murni.xlsx", "rekap_apbd_murni_2024",
     lambda n, s: sipd_flat(n, s, "APBD 2024 murni, Kab. Buru")),
    ("bpkadkabburu__sipd-ri__2024_rekap_perubahan_1.xlsx", "rekap_perubahan_1_2024",
     lambda n, s: sipd_flat(n, s, "APBD 2024 perubahan 1, Kab. Buru")),
    ("bpkadkabburu__sipd-ri__2024_KUAPPAS-SUBKEGIATAN-9-10-2023.xlsx", "kuappas_subkegiatan_2024", kuappas),
    ("asrani27__pergeseran__rekeningbelanja.xlsx", "rekeningbelanja_banjarmasin_2025",
     lambda n, s: sipd_flat(n, s, "APBD 2025, Kota Banjarmasin, detail down to standar harga")),
    ("bpkadkabburu__sipd-ri__PAGU DINAS_SIPD.xlsx", "pagu_dinas_sipd", pagu_dinas),
    ("bpkadkabburu__sipd-ri__SUBKEGIATAN_RKPD.xlsx", "subkegiatan_rkpd", subkegiatan_rkpd),
    ("achmedislamic__realisasi-biro-ap__format-import.xlsx", "format_import_ntb", format_import),
    ("bpkadkabburu__sipd-ri__HITUNGAN UP.xlsx", "hitungan_up", by_opd),
    ("bpkadkabburu__sipd-ri__EFISIENSI PER SUBKEGIATAN.xlsx", "efisiensi_per_subkegiatan_2025", efisiensi),
    ("allweDepth__sesendok__20. Format Sub Kegiatan Renja_DPA_DPPA.xlsx", "format_sub_kegiatan_renja_dpa", format_sub_kegiatan),
    ("Kyozen-1__emonev__template_impor_sub_kegiatan.xlsx", "emonev_template_impor_sub_kegiatan", emonev),
    ("azzamweb__apbdanalysis2026__PERSENTASE.xlsx", "persentase_rekening", persentase),
]


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(argv)
    for name, short, fn in FILES:
        if only and short not in only:
            continue
        facts = fn(name, short)
        facts.pop("short", None)
        path = OUT / f"{short}.json"
        path.write_text(json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {', '.join(line(t) for t in facts['tables'])}")
    return 0


def line(t: dict) -> str:
    tot = ", ".join(f"{k}={v:,}" for k, v in t.get("totals", {}).items() if "|" not in k or "Murni" in k)
    return f"[{t['sheet']}] units={len(t.get('units', []))} counts={t.get('counts')} {tot}".strip()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
