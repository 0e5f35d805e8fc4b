"""Build the sample Renja workbooks from the reviewed JSON in ``workbooks/source/``.

Outputs (in --out, default ``workbooks/``):
  renja_disnaker_pontianak_2024.xlsx        main workbook, as the agency would have it
  renja_disnaker_pontianak_2024_sipd.xlsx   the plan tables as a flat SIPD-style export
  renja_disnaker_pontianak_2024_teks.xlsx   Tabel 4.1/3.2 with every money value typed as text
  corrected/...                             the same three with ``corrections.json`` applied

Faithful means every value as the seed prints it, errors included.  Money is written as numbers
(``#,##0``); a printed subtotal that equals the sum of its children becomes ``=SUM(...)`` with
its cached value, one that does not is written as the typed constant.  A cell the seed prints
as "#####" holds its true value (derived at extraction) in a bigger font than its column fits.

Usage: python build_workbooks.py [--source DIR] [--out DIR] [--only faithful|corrected]
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import re
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent / "source"
DEFAULT_OUT = HERE.parent
MAIN, SIPD, TEKS = ("renja_disnaker_pontianak_2024.xlsx", "renja_disnaker_pontianak_2024_sipd.xlsx",
                    "renja_disnaker_pontianak_2024_teks.xlsx")
# Fixed document properties so that every run writes the same bytes.
CREATED = dt.datetime(2023, 6, 12, 8, 0, 0)
PROPERTIES = {"title": "Rancangan Awal Renja 2024 Dinas Tenaga Kerja Kota Pontianak",
              "author": "Dinas Tenaga Kerja Kota Pontianak", "company": "Pemerintah Kota Pontianak",
              "created": CREATED,
              "comments": "Sample rebuilt from seed 000_17a92ddd17238a97 for reconcile tests"}
TABLE_KEYS = ["tabel_4_1", "tabel_3_2", "tabel_2_6", "rekap_evaluasi", "anggaran", "kinerja",
              "tabel_2_1", "tabel_2_3", "tabel_3_1", "narasi"]
LEVEL_ORDER = {"total": -1, "urusan": 0, "program": 1, "kegiatan": 2, "sub_kegiatan": 3}


# ==================================================================================== data
def load_source(src: Path) -> dict:
    return {k: json.loads((src / f"{k}.json").read_text(encoding="utf-8")) for k in TABLE_KEYS}


def apply_corrections(data: dict, corrections: list[dict]) -> dict:
    """A corrected copy of the data.  Each correction names the table, the row (by its seed
    line), the field, the wrong value (checked) and the right one.  For the narrative the field
    is "text" and `wrong` is a substring of the paragraph; an empty `right` with
    `"remove": true` drops the paragraph."""
    out = copy.deepcopy(data)
    for c in corrections:
        if c["table"] == "narasi":
            _correct_paragraph(out["narasi"], c)
            continue
        rows = [r for r in out[c["table"]]["rows"] if r["line"] == c["line"]]
        if len(rows) != 1:
            raise ValueError(f"correction {c['id']}: no unique row at line {c['line']}")
        row = rows[0]
        if row.get(c["field"], "") != c["wrong"]:
            raise ValueError(f"correction {c['id']}: {c['field']} is {row.get(c['field'])!r}, "
                             f"expected {c['wrong']!r}")
        row[c["field"]] = c["right"]
        row.setdefault("corrected_fields", []).append(c["field"])
    return out


def _correct_paragraph(narasi: dict, c: dict) -> None:
    for sec in narasi["sections"]:
        for i, p in enumerate(sec["paragraphs"]):
            if p["lines"][0] != c["line"]:
                continue
            if c["wrong"] not in p["text"]:
                raise ValueError(f"correction {c['id']}: {c['wrong']!r} not in paragraph {c['line']}")
            if c.get("remove"):
                del sec["paragraphs"][i]
            else:
                p["text"] = p["text"].replace(c["wrong"], c["right"])
            return
    raise ValueError(f"correction {c['id']}: no paragraph at line {c['line']}")


def money(s: str) -> int | None:
    """A Rupiah amount as the plan tables print it ("15,360,000"); None if not one."""
    if s and re.fullmatch(r"\d{1,3}(,\d{3})*", s):
        return int(s.replace(",", ""))
    return None


def money_id(s: str) -> int | None:
    """A Rupiah amount in Indonesian notation ("9.589.454.559"), as the Anggaran table prints it."""
    if s and re.fullmatch(r"\d{1,3}(\.\d{3})*", s):
        return int(s.replace(".", ""))
    return None


def percent(s: str) -> float | None:
    """"54%" -> 0.54 (what Excel stores when "54%" is typed); None for anything else."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)%", s or "")
    return round(float(m.group(1)) / 100, 6) if m else None


def value_of(row: dict, field: str) -> int | None:
    """Numeric value of a money cell: the printed amount, or the derived one behind '#####'."""
    v = row.get(field, "")
    if v == "#####":
        return row["derived"][field]["value"]
    return money(v)


def child_indexes(rows: list[dict], i: int) -> list[int]:
    """Direct children of row i.  The unsur row heads only the program printed right under it
    (the penunjang program); a total row sums the programs."""
    lvl = rows[i]["level"]
    if lvl == "total":
        return [k for k, r in enumerate(rows) if r["level"] == "program"]
    out = []
    for k in range(i + 1, len(rows)):
        l2 = rows[k]["level"]
        if LEVEL_ORDER[l2] <= LEVEL_ORDER[lvl] and not (lvl == "urusan" and not out):
            break
        if LEVEL_ORDER[l2] == LEVEL_ORDER[lvl] + 1:
            out.append(k)
    return out[:1] if lvl == "urusan" else out


# ==================================================================================== formats
class Formats:
    """The cell formats of one workbook (xlsxwriter formats belong to a workbook)."""

    def __init__(self, wb, base_font="Arial", size=9, flat=False):
        self.wb, self.cache = wb, {}
        self.base = {"font_name": base_font, "font_size": size, "valign": "top"}
        if not flat:
            self.base.update(border=1, text_wrap=True)

    def get(self, **kw):
        key = tuple(sorted(kw.items()))
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({**self.base, **kw})
        return self.cache[key]

    def title(self):
        return self.wb.add_format({"font_name": self.base["font_name"], "font_size": 11, "bold": True,
                                   "align": "center", "valign": "vcenter", "text_wrap": True})

    def header(self):
        return self.get(bold=True, align="center", valign="vcenter", bg_color="#D9D9D9")


def new_workbook(path: Path):
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties(PROPERTIES)
    wb.set_calc_mode("auto")
    return wb


def write_titles(ws, titles: list[str], ncols: int, fmt, first_row: int = 0) -> int:
    """Title rows above a table, each merged across the table width.  Returns the next row."""
    r = first_row
    for t in titles:
        if ncols > 1:
            ws.merge_range(r, 0, r, ncols - 1, t, fmt)
        else:
            ws.write_string(r, 0, t, fmt)
        r += 1
    return r + 1                                     # one blank row before the header


def write_header(ws, top: int, spec: list[tuple], fmt) -> None:
    """spec: (row offset, col, last row offset, last col, text); merged when it spans cells."""
    for r0, c0, r1, c1, text in spec:
        if (r0, c0) == (r1, c1):
            ws.write_string(top + r0, c0, text, fmt)
        else:
            ws.merge_range(top + r0, c0, top + r1, c1, text, fmt)


# ==================================================================================== plan tables
PLAN_COLS_41 = ["no", "name", "capaian_program", "keluaran", "hasil", "lokasi", "target_program",
                "target_keluaran", "target_hasil", "pagu_2024", "sumber_dana", "tolak_ukur_2025",
                "target_2025", "pagu_2025"]
PLAN_WIDTHS = {"no": 5, "name": 42, "capaian_program": 30, "keluaran": 30, "hasil": 30,
               "lokasi": 18, "target_program": 9, "target_keluaran": 12, "target_hasil": 9,
               "pagu_2024": 14, "sumber_dana": 20, "tolak_ukur_2025": 30, "target_2025": 8,
               "pagu_2025": 14}


def plan_header(with_2025: bool) -> list[tuple]:
    """The three merged header rows of Tabel 3.2 / 4.1, as the seed prints them."""
    spec = [(0, 0, 2, 0, "No"), (0, 1, 2, 1, "Urusan /Bidang Urusan/Program /Kegiatan/ Sub Kegiatan"),
            (0, 2, 0, 4, "Indikator Kinerja"), (1, 2, 2, 2, "Capaian Program"),
            (1, 3, 2, 3, "Keluaran Sub Kegiatan"), (1, 4, 2, 4, "Hasil Kegiatan"),
            (0, 5, 0, 10, "Rencana Tahun 2024"), (1, 5, 2, 5, "Lokasi Output Kegiatan"),
            (1, 6, 1, 8, "Target Capaian Kinerja"), (2, 6, 2, 6, "Program"),
            (2, 7, 2, 7, "Keluaran Sub Kegiatan"), (2, 8, 2, 8, "Hasil Kegiatan"),
            (1, 9, 2, 9, "Pagu Indikatif (Rp)"), (1, 10, 2, 10, "Sumber Dana")]
    if with_2025:
        spec += [(0, 11, 0, 13, "Perkiraan Maju Rencana Tahun 2025"), (1, 11, 1, 12, "Target Capaian Kinerja"),
                 (2, 11, 2, 11, "Tolak Ukur"), (2, 12, 2, 12, "Target"),
                 (1, 13, 2, 13, "Kebutuhan Dana/ Pagu Indikatif (Rp)")]
    return spec


def sum_formula(col: int, rows: list[int]) -> str:
    """=SUM over child rows (0-based); a contiguous block becomes a range."""
    if len(rows) == 1:
        return f"=SUM({xl_rowcol_to_cell(rows[0], col)})"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"=SUM({xl_rowcol_to_cell(rows[0], col)}:{xl_rowcol_to_cell(rows[-1], col)})"
    return "=SUM(" + ",".join(xl_rowcol_to_cell(r, col) for r in rows) + ")"


def write_money(ws, rows: list[dict], i: int, field: str, xl_rows: list[int], col: int, fmts,
                style: dict, teks: bool = False) -> None:
    """One pagu cell.  Subtotal rows: a SUM formula with its cached value when the printed
    value equals the sum of the children, the typed constant when it does not.  '#####': the
    true value in a font too big for the column.  In the text workbook every amount is typed
    as Indonesian text and subtotals are typed too."""
    row, r = rows[i], xl_rows[i]
    printed = row.get(field, "")
    val = value_of(row, field)
    hidden = printed == "#####"
    fmt = fmts.get(num_format="#,##0", **style, **({"font_size": 16} if hidden else {}))
    if val is None:
        ws.write_blank(r, col, None, fmts.get(**style))
        return
    if teks:
        ws.write_string(r, col, rupiah_text(val, i), fmts.get(align="right", **style))
        return
    kids = child_indexes(rows, i) if row["level"] != "sub_kegiatan" else []
    kid_vals = [value_of(rows[k], field) or 0 for k in kids]
    if kids and sum(kid_vals) == val:
        ws.write_formula(r, col, sum_formula(col, [xl_rows[k] for k in kids]), fmt, val)
    else:
        ws.write_number(r, col, val, fmt)


def rupiah_text(v: int, i: int) -> str:
    """How people type Rupiah as text: a mix of "Rp 15.360.000", "Rp. 8.160.000",
    "4.704.246.000,00" ... (chosen by row so that the file is reproducible)."""
    dotted = f"{v:,}".replace(",", ".")
    styles = [f"Rp {dotted}", f"Rp. {dotted}", f"{dotted},00", dotted, f"Rp{dotted},-", f"Rp {dotted},00"]
    return styles[i % len(styles)]


def write_plan_cell(ws, r: int, c: int, field: str, row: dict, fmts, style: dict) -> None:
    v = row.get(field, "")
    if field == "no":
        v = row.get("number", row.get("no", ""))
        if v.isdigit():
            ws.write_number(r, c, int(v), fmts.get(align="center", **style))
        else:
            ws.write(r, c, v or None, fmts.get(align="center", **style))
        return
    if field.startswith("target"):
        p = percent(v)
        if p is not None:
            ws.write_number(r, c, p, fmts.get(num_format="0%", align="center", **style))
            return
        ws.write(r, c, v or None, fmts.get(align="center", **style))
        return
    ws.write(r, c, v or None, fmts.get(**style))


def write_plan_sheet(wb, fmts, name: str, table: dict, with_2025: bool, teks: bool = False) -> dict:
    ws = wb.add_worksheet(name)
    cols = PLAN_COLS_41 if with_2025 else PLAN_COLS_41[:11]
    for c, f in enumerate(cols):
        ws.set_column(c, c, PLAN_WIDTHS[f])
    top = write_titles(ws, [t["text"] for t in table["title"]], len(cols), fmts.title())
    write_header(ws, top, plan_header(with_2025), fmts.header())
    first = top + 3
    rows = table["rows"]
    xl_rows = [first + k for k in range(len(rows))]
    for i, row in enumerate(rows):
        style = {"bold": True} if row.get("bold") else {}
        for c, f in enumerate(cols):
            if f.startswith("pagu"):
                write_money(ws, rows, i, f, xl_rows, c, fmts, style, teks)
            else:
                write_plan_cell(ws, xl_rows[i], c, f, row, fmts, style)
    ws.freeze_panes(first, 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(top, top + 2)
    return layout(name, table, cols, first, header_rows=[top + 1, top + 3])


def layout(sheet: str, table: dict, cols: list[str], first: int, header_rows: list[int]) -> dict:
    """Where each seed row and field landed (1-based rows, column letters): the cell map."""
    return {"sheet": sheet, "header_rows": header_rows,
            "data_rows": [first + 1, first + len(table["rows"])],
            "columns": {f: xl_col_to_name(c) for c, f in enumerate(cols)},
            "rows": {str(r["line"]): first + 1 + k for k, r in enumerate(table["rows"])}}


# ==================================================================================== tabel 2.6
COLS_26 = ["no", "rkpd.name", "rkpd.lokasi", "rkpd.indikator", "rkpd.target", "rkpd.pagu",
           "analisis.name", "analisis.lokasi", "analisis.indikator", "analisis.target",
           "analisis.pagu", "catatan"]
WIDTHS_26 = [4, 38, 13, 32, 10, 14, 38, 13, 32, 10, 14, 12]


def write_2_6(wb, fmts, table: dict) -> dict:
    ws = wb.add_worksheet("Tabel 2.6")
    for c, w in enumerate(WIDTHS_26):
        ws.set_column(c, c, w)
    top = write_titles(ws, [t["text"] for t in table["title"]], len(COLS_26), fmts.title())
    h = table["header"]
    spec = [(0, 0, 1, 0, "No"), (0, 1, 0, 5, h[0][1]), (0, 6, 0, 10, h[0][6]), (0, 11, 1, 11, h[0][11])]
    spec += [(1, c, 1, c, h[1][c]) for c in range(1, 11)]
    write_header(ws, top, spec, fmts.header())
    first = top + 2
    rows = table["rows"]
    xl_rows = [first + k for k in range(len(rows))]
    for i, row in enumerate(rows):
        style = {"bold": True} if row.get("bold") or row["level"] == "program" else {}
        for c, f in enumerate(COLS_26):
            if f.endswith("pagu"):
                write_money(ws, rows, i, f, xl_rows, c, fmts, style)
            elif f.endswith("target"):
                write_plan_cell(ws, xl_rows[i], c, "target", {"target": row.get(f, "")}, fmts, style)
            elif f == "no":
                write_plan_cell(ws, xl_rows[i], c, "no", row, fmts, style)
            else:
                ws.write(xl_rows[i], c, row.get(f) or None, fmts.get(**style))
    ws.freeze_panes(first, 2)
    return layout("Tabel 2.6", table, COLS_26, first, [top + 1, top + 2])


# ==================================================================================== text tables
def write_text_table(ws, fmts, table: dict, cols: list[str], widths: list[int], header: list[tuple],
                     header_rows: int, top: int, titles: list[str], number_row: bool = False,
                     convert=None, set_widths: bool = True) -> tuple[dict, int]:
    """A table whose cells stay text as printed (evaluation/indicator tables), except what
    `convert(field, value)` turns into (number, num_format)."""
    if set_widths:
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
    top = write_titles(ws, titles, len(cols), fmts.title(), top)
    write_header(ws, top, header, fmts.header())
    first = top + header_rows
    if number_row:                                   # the "1 2 3 ..." row under the header
        for c in range(len(cols)):
            ws.write_number(first, c, c + 1, fmts.get(align="center", italic=True))
        first += 1
    for k, row in enumerate(table["rows"]):
        bold_fields = set(row.get("bold_fields", []))
        for c, f in enumerate(cols):
            style = {}
            if row.get("bold") or f in bold_fields:
                style["bold"] = True
            if row.get("italic") and f in ("name", "indikator"):
                style["italic"] = True
            v = row.get(f, "")
            conv = convert(f, v) if convert else None
            if conv is not None:
                ws.write_number(first + k, c, conv[0], fmts.get(num_format=conv[1], **style))
            else:
                ws.write(first + k, c, v if v != "" else None, fmts.get(**style))
    lay = layout(ws.name, table, cols, first, [top + 1, top + header_rows + (1 if number_row else 0)])
    return lay, first + len(table["rows"])


def header_from_two_rows(h: list[list[str]]) -> list[tuple]:
    """Merged header from a printed two-row header: a top cell spans the empty cells to its
    right (a group) or the empty cell below it (a single column)."""
    top, sub = h[0], h[1]
    n = max(len(top), len(sub))
    top = top + [""] * (n - len(top))
    sub = sub + [""] * (n - len(sub))
    spec, c = [], 0
    while c < n:
        if top[c] and not sub[c]:
            spec.append((0, c, 1, c, top[c]))
            c += 1
            continue
        end = c
        while end + 1 < n and not top[end + 1] and sub[end + 1]:
            end += 1
        if top[c]:
            spec.append((0, c, 0, end, top[c]))
        for k in range(c, end + 1):
            spec.append((1, k, 1, k, sub[k]))
        c = end + 1
    return spec


def write_rekap(wb, fmts, table: dict) -> dict:
    ws = wb.add_worksheet("Rekap Evaluasi")
    h = table["header"]
    spec = header_from_two_rows([h[0], h[1]])
    lay, _ = write_text_table(ws, fmts, table, table["fields"], [14, 40, 36, 14, 11, 11, 10, 12, 14, 12],
                              spec, 2, 0, [t["text"] for t in table["title"]], number_row=True)
    ws.freeze_panes(lay["data_rows"][0] - 1, 2)
    return lay


def convert_anggaran(field: str, v: str):
    if field.startswith(("anggaran_", "realisasi_")):
        m = money_id(v)
        return (m, "#,##0") if m is not None else None
    if field.startswith("rasio_"):
        p = percent(v)
        return (p, "0%") if p is not None else None
    return None


def write_anggaran(wb, fmts, table: dict) -> dict:
    ws = wb.add_worksheet("Anggaran")
    spec = header_from_two_rows(table["header"])
    widths = [4, 36] + [14] * 10 + [8] * 5 + [11, 11]
    lay, _ = write_text_table(ws, fmts, table, table["fields"], widths, spec, 2, 0,
                              [t["text"] for t in table["title"]], convert=convert_anggaran)
    return lay


def write_kinerja(wb, fmts, table: dict) -> dict:
    ws = wb.add_worksheet("Kinerja")
    spec = header_from_two_rows(table["header"])
    widths = [4, 36, 7, 7, 8] + [11] * 15
    # The seed prints no title over this table; the sheet gets the usual one of Permendagri 86.
    titles = ["Pencapaian Kinerja Pelayanan Perangkat Daerah",
              "Dinas Tenaga Kerja Kota Pontianak"]
    lay, _ = write_text_table(ws, fmts, table, table["fields"], widths, spec, 2, 0, titles)
    lay["title_added"] = True
    return lay


def write_2_1(wb, fmts, t21: dict, t23: dict) -> tuple[dict, dict]:
    """Tabel 2.1 (indicator achievements 2022) with Tabel 2.3 under it, as in the document."""
    ws = wb.add_worksheet("Tabel 2.1")
    spec21 = [(0, c, 0, c, t) for c, t in enumerate(t21["header"][0])]
    lay21, end = write_text_table(ws, fmts, t21, t21["fields"], [5, 44, 16, 14, 18], spec21, 1, 0,
                                  [t["text"] for t in t21["title"]])
    spec23 = [(0, c, 0, c, t) for c, t in enumerate(t23["header"][0])]
    lay23, _ = write_text_table(ws, fmts, t23, t23["fields"], [], spec23, 1, end + 2,
                                [t["text"] for t in t23["title"]], set_widths=False)
    lay23["sheet"] = "Tabel 2.1"
    return lay21, lay23


def write_3_1(wb, fmts, table: dict) -> dict:
    ws = wb.add_worksheet("Tabel 3.1")
    spec = header_from_two_rows(table["header"])
    lay, _ = write_text_table(ws, fmts, table, table["fields"], [4, 26, 26, 30, 16, 16, 16], spec, 2, 0,
                              [t["text"] for t in table["title"]])
    return lay


def write_narasi(wb, fmts, narasi: dict) -> dict:
    """BAB II-IV paragraphs that carry numbers, one paragraph per cell in column A."""
    ws = wb.add_worksheet("Narasi")
    ws.set_column(0, 0, 120)
    wrap = wb.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"})
    head = wb.add_format({"font_name": "Arial", "font_size": 10, "bold": True})
    r, where = 0, {}
    for sec in narasi["sections"]:
        ws.write_string(r, 0, sec["section"], head)
        r += 1
        for p in sec["paragraphs"]:
            ws.write_string(r, 0, p["text"], wrap)
            where[str(p["lines"][0])] = r + 1
            r += 1
        r += 1
    return {"sheet": "Narasi", "columns": {"text": "A"}, "rows": where}


# ==================================================================================== workbooks
def build_main(data: dict, path: Path) -> dict:
    """The main workbook; returns its cell map (sheet -> rows/columns)."""
    wb = new_workbook(path)
    fmts = Formats(wb)
    cmap = {"tabel_4_1": write_plan_sheet(wb, fmts, "Tabel 4.1", data["tabel_4_1"], True),
            "tabel_3_2": write_plan_sheet(wb, fmts, "Tabel 3.2", data["tabel_3_2"], False),
            "tabel_2_6": write_2_6(wb, fmts, data["tabel_2_6"]),
            "rekap_evaluasi": write_rekap(wb, fmts, data["rekap_evaluasi"]),
            "anggaran": write_anggaran(wb, fmts, data["anggaran"]),
            "kinerja": write_kinerja(wb, fmts, data["kinerja"])}
    cmap["tabel_2_1"], cmap["tabel_2_3"] = write_2_1(wb, fmts, data["tabel_2_1"], data["tabel_2_3"])
    cmap["tabel_3_1"] = write_3_1(wb, fmts, data["tabel_3_1"])
    cmap["narasi"] = write_narasi(wb, fmts, data["narasi"])
    wb.define_name("Pagu_Gaji_Tunjangan_ASN_2024", "='Tabel 4.1'!" + gaji_cell(cmap))
    wb.close()
    return cmap


def gaji_cell(cmap: dict) -> str:
    """Absolute address of the pagu 2024 of "Penyediaan Gaji dan Tunjangan ASN" (seed line 991)."""
    lay = cmap["tabel_4_1"]
    return f"${lay['columns']['pagu_2024']}${lay['rows']['991']}"


def build_teks(data: dict, path: Path) -> None:
    wb = new_workbook(path)
    fmts = Formats(wb)
    write_plan_sheet(wb, fmts, "Tabel 4.1", data["tabel_4_1"], True, teks=True)
    write_plan_sheet(wb, fmts, "Tabel 3.2", data["tabel_3_2"], False, teks=True)
    wb.close()


# ------------------------------------------------------------------------------------ SIPD
SIPD_TITLE = [("Pemerintah Daerah", "Kota Pontianak"), ("Perangkat Daerah", "Dinas Tenaga Kerja"),
              ("Urusan", "2.07 - Urusan Pemerintahan Bidang Tenaga Kerja"), ("Tahun", "2024"),
              ("Dokumen", "Rancangan Awal Renja Perangkat Daerah")]
SIPD_41 = [("KODE", "code"), ("Urusan / Bidang Urusan", "@urusan"), ("Program", "@program"),
           ("Kegiatan", "@kegiatan"), ("Sub Kegiatan", "@sub_kegiatan"),
           ("Indikator Capaian Program", "capaian_program"), ("Indikator Keluaran", "keluaran"),
           ("Indikator Hasil Kegiatan", "hasil"), ("Lokasi", "lokasi"),
           ("Target Capaian Program", "target_program"), ("Target Keluaran", "target_keluaran"),
           ("Target Hasil Kegiatan", "target_hasil"), ("Pagu Indikatif", "pagu_2024"),
           ("Sumber Dana", "sumber_dana"), ("Indikator Tahun 2025", "tolak_ukur_2025"),
           ("Target Tahun 2025", "target_2025"), ("Pagu Indikatif Tahun 2025", "pagu_2025")]
SIPD_26 = [("KODE", "code"), ("Program", "@program"), ("Kegiatan", "@kegiatan"),
           ("Sub Kegiatan", "@sub_kegiatan"), ("Lokasi", "rkpd.lokasi"),
           ("Indikator Kinerja", "rkpd.indikator"), ("Target", "rkpd.target"),
           ("Pagu Indikatif", "rkpd.pagu"),
           ("Program/Kegiatan/Sub Kegiatan Hasil Analisis", "analisis.name"),
           ("Lokasi Hasil Analisis", "analisis.lokasi"),
           ("Indikator Kinerja Hasil Analisis", "analisis.indikator"),
           ("Target Hasil Analisis", "analisis.target"), ("Pagu Indikatif Hasil Analisis", "analisis.pagu"),
           ("Catatan Penting", "catatan")]
SIPD_HEADER_ROW = 6                                  # 0-based: the header is on Excel row 7


def sipd_name(row: dict, name_field: str) -> str:
    """SIPD prints names without the agency's numbering ("C Administrasi ..." -> "Administrasi ...")."""
    name = row.get(name_field, "")
    if row.get("number_in_name") and name.startswith(row["number_in_name"] + " "):
        name = name[len(row["number_in_name"]) + 1:]
    return name


def write_sipd_sheet(wb, name: str, table: dict, columns: list[tuple], name_field: str) -> None:
    ws = wb.add_worksheet(name)
    plain = wb.add_format({"font_name": "Calibri", "font_size": 11})
    num = wb.add_format({"font_name": "Calibri", "font_size": 11, "num_format": "#,##0"})
    for r, (label, value) in enumerate(SIPD_TITLE):
        ws.write_string(r, 0, label, plain)
        ws.write_string(r, 1, f": {value}", plain)
    for c, (head, _) in enumerate(columns):
        ws.write_string(SIPD_HEADER_ROW, c, head, plain)
        ws.set_column(c, c, 18 if c else 20)
    r = SIPD_HEADER_ROW + 1
    for row in table["rows"]:
        if row["level"] == "total":
            ws.write_string(r, 1, "JUMLAH", plain)
        for c, (_, f) in enumerate(columns):
            if f.startswith("@"):
                if row["level"] == f[1:]:
                    ws.write_string(r, c, sipd_name(row, name_field), plain)
                continue
            if f.endswith("pagu") or f.startswith("pagu"):
                v = value_of(row, f)
                if v is not None:
                    ws.write_number(r, c, v, num)
                continue
            v = row.get(f, "")
            if v:
                ws.write_string(r, c, v, plain)
        r += 1
    ws.autofilter(SIPD_HEADER_ROW, 0, r - 1, len(columns) - 1)


def build_sipd(data: dict, path: Path) -> None:
    wb = new_workbook(path)
    write_sipd_sheet(wb, "Rincian Renja 2024-2025", data["tabel_4_1"], SIPD_41, "name")
    write_sipd_sheet(wb, "Rumusan Renja 2024", data["tabel_3_2"], SIPD_41[:14], "name")
    write_sipd_sheet(wb, "Review RKPD 2024", data["tabel_2_6"], SIPD_26, "rkpd.name")
    wb.close()


# ==================================================================================== main
def build_all(src: Path, out: Path, only: str | None = None) -> dict:
    data = load_source(src)
    cmap = {}
    if only in (None, "faithful"):
        out.mkdir(parents=True, exist_ok=True)
        cmap = build_main(data, out / MAIN)
        build_sipd(data, out / SIPD)
        build_teks(data, out / TEKS)
    if only in (None, "corrected"):
        corr_path = src / "corrections.json"
        corrections = json.loads(corr_path.read_text(encoding="utf-8"))["corrections"]
        fixed = apply_corrections(data, corrections)
        (out / "corrected").mkdir(parents=True, exist_ok=True)
        build_main(fixed, out / "corrected" / MAIN)
        build_sipd(fixed, out / "corrected" / SIPD)
        build_teks(fixed, out / "corrected" / TEKS)
    return cmap


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--only", choices=["faithful", "corrected"])
    args = ap.parse_args(argv)
    build_all(args.source, args.out, args.only)
    print("built into", args.out)


if __name__ == "__main__":
    main()
