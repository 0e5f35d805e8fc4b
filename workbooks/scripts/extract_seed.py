"""Extract the tables and numeric narrative of the seed Renja into reviewed JSON data files.

The seed is the text of a PDF (Rancangan Awal Renja 2024, Dinas Tenaga Kerja Kota Pontianak):
tables are tab-separated, ``<b>``/``<i>`` mark bold/italic cells, tables run over page breaks
with their header repeated, and the PDF cut some long cells.  This script reads every table
the sample workbooks need and writes one JSON file per table under ``workbooks/source/``, with
every value AS PRINTED (strings such as "15,360,000", "54%", "#####").  It never types data:
all values come from the seed text; what the script knows about this seed is *where* the
tables are and which cells the PDF cut (see ``CUT_CELLS``).

The codes of programs/kegiatan/sub kegiatan are looked up in the official nomenclature
(Kepmendagri 900.1.15.5-1317/2023) and written into the JSON, so the build does not need it.

Usage: python extract_seed.py [--seed PATH] [--nomenclature CSV] [--out DIR]
"""
from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "source"
DEFAULT_SEED = Path("/work/shared/seeds/000_17a92ddd17238a97.txt")
DEFAULT_NOMENCLATURE = Path("/work/shared/reference/nomenklatur_kepmendagri_900-1317-2023_sesendok.csv")
SEED_ID = "000_17a92ddd17238a97"

# --------------------------------------------------------------------------------------------
# Where the tables are.  `header` is the start of the first header line, `after` a line that
# must come before it (two tables share the same header), `header_rows` how many lines the
# header takes (a column-number row "1 2 3 ..." counts), `fields` the field of each column.
# --------------------------------------------------------------------------------------------
PLAN_FIELDS = ["no", "name", "capaian_program", "keluaran", "hasil", "lokasi",
               "target_program", "target_keluaran", "target_hasil", "pagu_2024", "sumber_dana"]
TABLES = {
    "tabel_2_1": dict(header="NO\tINDIKATOR KINERJA\tTARGET", header_rows=1, title_blocks=1,
                      fields=["no", "indikator", "target", "realisasi", "capaian"]),
    "tabel_2_3": dict(header="No\tSasaran\tIndikator Kinerja\tTarget Capaian", header_rows=1,
                      title_blocks=2, fields=["no", "sasaran", "indikator", "target_2024"]),
    "tabel_3_1": dict(header="No\tTujuan\tSasaran", header_rows=2, title_blocks=1,
                      fields=["no", "tujuan", "sasaran", "indikator", "target_2024", "target_2025",
                              "target_2026"]),
    "kinerja": dict(header="No\tIndikator Kinerja sesuai Tugas", header_rows=2, title_blocks=0,
                    fields=["no", "indikator", "target_nspk", "target_ikk", "target_lain"]
                    + [f"target_{y}" for y in range(2020, 2025)]
                    + [f"realisasi_{y}" for y in range(2020, 2025)]
                    + [f"rasio_{y}" for y in range(2020, 2025)]),
    "anggaran": dict(header="No\tUraian ***)", header_rows=2, title_blocks=1,
                     fields=["no", "uraian"] + [f"anggaran_{y}" for y in range(2020, 2025)]
                     + [f"realisasi_{y}" for y in range(2020, 2025)]
                     + [f"rasio_{y}" for y in range(2020, 2025)]
                     + ["pertumbuhan_anggaran", "pertumbuhan_realisasi"]),
    "rekap_evaluasi": dict(header="KODE\tURUSAN / BIDANG URUSAN", header_rows=3, title_blocks=2,
                           fields=["kode", "name", "indikator", "target_renstra", "target_2022",
                                   "realisasi_2022", "tingkat_realisasi_2022", "target_2023",
                                   "realisasi_2023", "tingkat_capaian_renstra"]),
    "tabel_2_6": dict(header="No\tRancangan Awal RKPD", header_rows=2, title_blocks=2,
                      fields=["no", "rkpd.name", "rkpd.lokasi", "rkpd.indikator", "rkpd.target",
                              "rkpd.pagu", "analisis.name", "analisis.lokasi",
                              "analisis.indikator", "analisis.target", "analisis.pagu",
                              "catatan"]),
    "tabel_3_2": dict(header="No\tUrusan /Bidang Urusan", after="TABEL. 3.2", header_rows=3,
                      title_blocks=2, fields=PLAN_FIELDS),
    "tabel_4_1": dict(header="No\tUrusan /Bidang Urusan", after="TABEL. 4.1", header_rows=3,
                      title_blocks=2, fields=PLAN_FIELDS + ["tolak_ukur_2025", "target_2025",
                                                            "pagu_2025"]),
}

# Cells the PDF cut (the text stops mid-word or mid-phrase because the printed cell was too
# small).  Listed by their printed text; the full text is taken ONLY from another table of the
# same document that prints a unique longer text starting with it.  Cut cells with no such
# source (e.g. "TINGKAT PARTISIPASI ANGGARAN KER") stay as printed.
CUT_CELLS = [
    "Penyusunan Rencana Tenaga Kerja (R",
    "Persentase tingkat kepuasan Bidang/Bagian terhadap pelayanan Kesekretariata",
    "Persentase Besaran Tenaga Kerja Yang Mendapatkan Pelatihan Berbasis",
    "Jumlah kesepakatan atau koordinasi dalam rangka optimalisasi kapasitas instruktur dan "
    "peningkatan sarana dan prasarana pelatihan vokasi dan",
    "Persentase Terlaksananya Pembinaan Lembaga Pelatihan kerja",
    "Persentase Terlaksananya Perizinan dan Pendaftaran Lembaga Pelatihan",
    "Penyediaan sumber daya perizinan lembaga pelatihan kerja secara",
    "Persentase Terlaksananya Pengukuran produktivitas tingkat",
    "Persentase Terlaksananya Pelayanan antar kerja di Daerah",
    "Jumlah SDM Pelayanan antar kerja yang mendapatkan pelatihan melalui bimtek dan lain-lain "
    "untuk peningkatan",
    "Jumlah tenaga Kerja yang diberdayakan melalui program perluasan kesempatan",
    "Jumlah data dan informasi yang dihasilkan aplikasi informasi pasar kerja",
    "Jumlah pencari kerja yang mendapatkan pekerjaan melalui job fair/ bursa",
    "Jumlah unit sarana dan prasarana pendukung gedung kantor atau bangunan lainnya yang",
    "Persentase Terlaksananya Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, "
    "Mogok Kerja dan Penutupan",
    "Persentase Terlaksananya Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, "
    "Mogok Kerja dan Penutupan Perusahaan di Daerah",
    "Pencegahan perselisihan hubungan industrial, mogok kerja dan penutupan perusahaan yang "
    "berakibat/ berdampak pada kepentingan di 1 (satu) daerah kabupaten/kotadi Daerah",
    "Pencegahan perselisihan hubungan industrial, mogok kerja dan penutupan perusahaan yang "
    "berakibat/berdampak pada kepentingan di 1 (satu) daerah kabupaten/kotadi Daerah",
    "Penyelesaian perselisihan hubungan industrial, mogok kerja dan penutupan perusahaan yang "
    "berakibat/berdampak pada kepentingan di 1 (satu) Daerah",
    "Pelaksanaan operasional lembaga kerjasama tripartit daerah",
]
TEXT_FIELDS_FOR_COMPLETION = ("name", "indikator", "capaian_program", "keluaran", "hasil",
                              "tolak_ukur_2025", "rkpd.name", "rkpd.indikator", "analisis.name",
                              "analisis.indikator")

TAG_RE = re.compile(r"</?([bi])>")
MONEY_RE = re.compile(r"^(\d{1,3}(,\d{3})+|#####)$")       # how the plan tables print Rupiah
LETTER_IN_NAME_RE = re.compile(r"^([A-Z]) (\S.*)$")          # "C Administrasi Kepegawaian ..."
NUMBERING_RE = re.compile(r"^([IVX]+|[A-Z]|\d+)\.?$")          # "I", "A", "12"


# ------------------------------------------------------------------------------ seed reading
def parse_cell(raw: str) -> tuple[str, bool, bool]:
    """Text of one tab-separated cell, without the bold/italic tags, and its bold/italic flags."""
    return TAG_RE.sub("", raw).strip(), "<b>" in raw, "<i>" in raw


def is_rule_line(line: str) -> bool:
    """A stray '----\t--\t---' line (a table border the PDF extraction turned into text)."""
    cells = [c.strip() for c in line.split("\t")]
    return any(cells) and all(re.fullmatch(r"-*", c) for c in cells)


def find_header(lines: list[str], spec: dict) -> int:
    start = 0
    if "after" in spec:
        start = next(i for i, l in enumerate(lines) if spec["after"] in l)
    return next(i for i in range(start, len(lines)) if lines[i].startswith(spec["header"]))


def title_lines(lines: list[str], header_at: int, blocks: int) -> list[dict]:
    """The text blocks printed just above a table (its title), nearest `blocks` blocks."""
    found: list[dict] = []
    i, taken = header_at - 1, 0
    while i >= 0 and taken < blocks:
        while i >= 0 and not lines[i].strip():
            i -= 1
        block = []
        while i >= 0 and lines[i].strip() and "\t" not in lines[i]:
            block.append({"line": i + 1, "text": lines[i].strip().strip("*").strip()})
            i -= 1
        if not block:
            break
        found = list(reversed(block)) + found
        taken += 1
    return found


def read_table(lines: list[str], key: str, spec: dict) -> dict:
    """Rows of one table: header lines kept as printed, body rows as lists of cells.

    Blank lines, the stray '----' line and headers repeated after a page break are skipped;
    the table ends at the first line that is not tab-separated."""
    h = find_header(lines, spec)
    header = [[parse_cell(c)[0] for c in lines[h + k].split("\t")] for k in range(spec["header_rows"])]
    first_header_line = lines[h]
    rows, skipped = [], []
    i = h + spec["header_rows"]
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "\t" not in line:
            break
        if line == first_header_line:                      # header repeated on a new page
            skipped.append({"line": i + 1, "why": "header repeated after page break"})
            i += spec["header_rows"]
            continue
        if is_rule_line(line):
            skipped.append({"line": i + 1, "why": "stray '----' border line"})
            i += 1
            continue
        rows.append({"line": i + 1, "cells": [parse_cell(c) for c in line.split("\t")]})
        i += 1
    return {"key": key, "header_line": h + 1, "end_line": i, "header": header,
            "title": title_lines(lines, h, spec["title_blocks"]), "raw_rows": rows,
            "skipped": skipped}


# ------------------------------------------------------------------------------ row shaping
def positional_row(fields: list[str], cells: list[tuple[str, bool, bool]]) -> dict:
    row = {f: (cells[k][0] if k < len(cells) else "") for k, f in enumerate(fields)}
    extra = [c[0] for c in cells[len(fields):] if c[0]]
    if extra:
        row["_extra_cells"] = extra
    return row


def plan_level(no: str, name: str) -> str:
    """Level of a Tabel 3.2/4.1 row from its printed numbering and name."""
    upper = name.upper()
    if upper.startswith(("UNSUR", "URUSAN")):
        return "urusan"
    if upper.startswith("PROGRAM"):
        return "program"
    if no.isdigit():
        return "sub_kegiatan"
    return "kegiatan"


def shape_plan_row(fields: list[str], raw: dict) -> dict:
    """One Tabel 3.2/4.1 row.

    Sub kegiatan rows are positional.  On program/kegiatan rows the PDF extraction shifted the
    subtotal cells (they sit at varying column positions, because those rows are merged across
    the indicator columns in the original), so their Rupiah values are taken in order: the
    first is the 2024 pagu, the second the 2025 pagu.  The letter of some kegiatan rows is
    printed inside the name cell ("C Administrasi Kepegawaian ..."): it is kept there, as the
    agency's Excel has it, and noted in `number_in_name`."""
    cells = raw["cells"]
    texts = [c[0] for c in cells]
    row: dict = {"line": raw["line"]}
    number, name = texts[0], texts[1] if len(texts) > 1 else ""
    number_in_name = ""
    if not name and LETTER_IN_NAME_RE.match(number):
        number_in_name = LETTER_IN_NAME_RE.match(number).group(1)
        number, name = "", texts[0]
    elif not name and not NUMBERING_RE.match(number):     # name printed in the No column
        number, name = "", texts[0]
    level = plan_level(number, name)
    name_cell = cells[1] if len(cells) > 1 and cells[1][0] == name else cells[0]
    row.update(level=level, number=number, number_in_name=number_in_name, name=name,
               bold=name_cell[1], italic=name_cell[2])
    if level == "sub_kegiatan":
        row.update({f: v for f, v in positional_row(fields, cells).items() if f not in ("no", "name")})
    else:
        money = [t for t in texts[2:] if MONEY_RE.match(t)]
        others = [t for t in texts[2:] if t and not MONEY_RE.match(t)]
        for f in fields[2:]:
            row[f] = ""
        for f, v in zip([f for f in fields if f.startswith("pagu")], money):
            row[f] = v
        if others:
            row["_extra_cells"] = others
        positions = {f: texts.index(v, 2) for f, v in zip([f for f in fields if f.startswith("pagu")], money)}
        if any(positions[f] != fields.index(f) for f in positions):
            row["raw_positions"] = positions          # where the PDF text put the subtotals
    row["raw_cells"] = texts
    return row


def shape_generic_row(key: str, fields: list[str], raw: dict) -> dict:
    cells = raw["cells"]
    row = {"line": raw["line"]}
    row.update(positional_row(fields, cells))
    name_idx = 1
    row["bold"] = cells[name_idx][1] if len(cells) > name_idx else False
    row["italic"] = cells[name_idx][2] if len(cells) > name_idx else False
    bold_cells = [fields[k] for k, c in enumerate(cells) if k < len(fields) and c[1] and c[0]]
    if bold_cells and not row["bold"]:
        row["bold_fields"] = bold_cells
    if key == "rekap_evaluasi":
        row["level"] = rekap_level(row["name"], row["bold"], row["italic"])
    if key == "tabel_2_6":
        row["bold"] = any(c[1] for c in cells)
    return row


def rekap_level(name: str, bold: bool, italic: bool) -> str:
    """Rekap Evaluasi marks programs in bold capitals and kegiatan in italic (first page) or
    bold (later pages); sub kegiatan are plain."""
    if name.upper().startswith("PROGRAM"):
        return "program"
    if bold or italic:
        return "kegiatan"
    return "sub_kegiatan"


# ------------------------------------------------------------------------------ tabel 2.6 levels
def tag_2_6_levels(rows: list[dict], plan_rows: list[dict]) -> None:
    """Tabel 2.6 prints no numbering below the program; its rows follow Tabel 4.1 one for one
    (same order, the unsur row and the total excepted), so each row takes the level of the
    Tabel 4.1 row at the same position.  The alignment is checked on the names."""
    plan = [r for r in plan_rows if r["level"] != "urusan"]
    body = [r for r in rows if r["rkpd.name"] != "Total"]
    assert len(body) == len(plan), (len(body), len(plan))
    for r, p in zip(body, plan):
        r["level"] = p["level"]
        r["aligned_with_4_1_line"] = p["line"]
        sim = similarity(r["rkpd.name"], p["name"])
        r["alignment_similarity"] = round(sim, 2)
    for r in rows:
        if r["rkpd.name"] == "Total":
            r["level"] = "total"


# ------------------------------------------------------------------------------ cut cells
def complete_cut_cells(tables: dict[str, dict]) -> list[dict]:
    """Complete the cells listed in CUT_CELLS from another table that prints the full text."""
    def texts_of(key):
        for r in tables[key]["rows"]:
            for f in TEXT_FIELDS_FOR_COMPLETION:
                if r.get(f):
                    yield r, f, r[f]
    log = []
    for key, table in tables.items():
        for row in table["rows"]:
            for f in TEXT_FIELDS_FOR_COMPLETION:
                v = row.get(f)
                if not v or v not in CUT_CELLS:
                    continue
                candidates = {}
                for other in tables:
                    if other == key:
                        continue
                    for r2, f2, t2 in texts_of(other):
                        if t2.startswith(v) and len(t2) > len(v) and t2 not in CUT_CELLS:
                            candidates.setdefault(t2, (other, r2["line"], f2))
                if len(candidates) == 1:
                    full, (src_table, src_line, src_field) = next(iter(candidates.items()))
                    row[f] = full
                    entry = {"field": f, "printed": v, "completed": full,
                             "source": {"table": src_table, "line": src_line, "field": src_field}}
                    row.setdefault("completed", []).append(entry)
                    log.append({"table": key, "line": row["line"], **entry})
                elif candidates:
                    row.setdefault("cut_not_completed", []).append(
                        {"field": f, "printed": v, "why": f"{len(candidates)} different full texts"})
    return log


# ------------------------------------------------------------------------------ nomenclature
def norm(s: str) -> str:
    s = s.lower().replace("[", "(").replace("]", ")")
    s = re.sub(r"\bkab\b\.?", "kabupaten", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def containment(a: str, b: str) -> float:
    """Share of the words of `a` found (allowing small misspellings) among the words of `b`:
    catches names the agency shortened ("... calon pekerja" for "... calon pekerja migran
    Indonesia (PMI)/...") while "Mikro" still does not match "Makro"."""
    wa, wb = norm(a).split(), norm(b).split()
    if len(wa) < 3:
        return 0.0
    hit = sum(1 for w in wa if any(difflib.SequenceMatcher(None, w, x).ratio() >= 0.85 for x in wb))
    return hit / len(wa)


def match_score(a: str, b: str) -> tuple[int, float]:
    """(1, similarity) when the names are close; otherwise (0, word containment)."""
    r = similarity(a, b)
    return (1, r) if r >= MATCH_THRESHOLD else (0, containment(a, b))


def load_nomenclature(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        code = r["kode"]
        if code.startswith("X.XX.01"):             # the penunjang program of every urusan
            code = "2.07.01" + code[len("X.XX.01"):]
        elif not code.startswith("2.07"):
            continue
        out.append({"code": code, "level": r["level"], "name": r["nomenklatur"],
                    "indikator": r["indikator"], "satuan": r["satuan"]})
    return out


MATCH_THRESHOLD = 0.8          # name similarity (difflib ratio on normalised names)
CONTAINMENT_THRESHOLD = 0.9    # share of the row's words found in the official name


def match_codes(plan_rows: list[dict], nomen: list[dict]) -> list[dict]:
    """Give every program/kegiatan/sub kegiatan of Tabel 4.1 its official code.

    Candidates are the children of the matched parent (kab/kota kegiatan: 4th part '2').  The
    best name similarity wins if >= MATCH_THRESHOLD; otherwise the next free code of the right
    shape under the parent is assigned, and the row says so."""
    by_parent: dict[str, list[dict]] = {}
    for n in nomen:
        parent = n["code"].rsplit(".", 1)[0] if n["level"] != "kegiatan" else n["code"][:7]
        if n["level"] == "program":
            parent = "2.07"
        if n["level"] == "kegiatan" and n["code"].split(".")[3] != "2":
            continue
        by_parent.setdefault(parent, []).append(n)
    log = []
    parent_code = {"program": "2.07"}
    for r in plan_rows:
        if r["level"] == "urusan":
            r["code"], r["code_match"] = "X.XX", {"kind": "unsur", "note": "unsur penunjang: no bidang code"}
            continue
        parent = parent_code["program"] if r["level"] == "program" else parent_code[
            "program_row" if r["level"] == "kegiatan" else "kegiatan_row"]
        name = LETTER_IN_NAME_RE.sub(r"\2", r["name"]) if r.get("number_in_name") else r["name"]
        taken = {x.get("code") for x in plan_rows if x is not r}
        cands = [c for c in by_parent.get(parent, []) if c["level"] == r["level"] and c["code"] not in taken]
        best = max(cands, key=lambda c: match_score(name, c["name"]), default=None)
        tier, score = match_score(name, best["name"]) if best else (0, 0.0)
        if best and (tier == 1 or score >= CONTAINMENT_THRESHOLD):
            kind = "exact" if norm(name) == norm(best["name"]) else "similar"
            code = best["code"]
            match = {"kind": kind, "official_name": best["name"], "score": round(score, 3),
                     "official_indikator": best["indikator"], "official_satuan": best["satuan"]}
        else:
            code = next_free_code(parent, r["level"], by_parent, plan_rows)
            match = {"kind": "assigned", "note": "no official name close enough; next free code",
                     "best_candidate": best["name"] if best else "", "score": round(score, 3)}
        r["code"], r["code_match"] = code, match
        if r["level"] == "program":
            parent_code["program_row"] = code
        elif r["level"] == "kegiatan":
            parent_code["kegiatan_row"] = code
        log.append({"line": r["line"], "level": r["level"], "name": r["name"], "code": code, **match})
    return log


def next_free_code(parent: str, level: str, by_parent: dict, plan_rows: list[dict]) -> str:
    used = {c["code"] for c in by_parent.get(parent, [])} | {r.get("code", "") for r in plan_rows}
    if level == "sub_kegiatan":
        fmt = lambda k: f"{parent}.{k:04d}"
    elif level == "kegiatan":
        fmt = lambda k: f"{parent}.2.{k:02d}"
    else:
        fmt = lambda k: f"{parent}.{k:02d}"
    k = 1
    while fmt(k) in used:
        k += 1
    return fmt(k)


def copy_codes(rows: list[dict], plan_rows: list[dict], name_field: str = "name") -> None:
    """Tabel 3.2 and 2.6 rows take the code of the Tabel 4.1 row in the same position."""
    plan = {r["line"]: r for r in plan_rows}
    for r in rows:
        src = plan.get(r.get("aligned_with_4_1_line"))
        if src:
            r["code"] = src["code"]


def align_3_2(rows32: list[dict], rows41: list[dict]) -> None:
    """Tabel 3.2 has the same rows as Tabel 4.1 in the same order."""
    assert len(rows32) == len(rows41), (len(rows32), len(rows41))
    for a, b in zip(rows32, rows41):
        same_no = (a["number"] or a["number_in_name"]) == (b["number"] or b["number_in_name"])
        assert a["level"] == b["level"] and same_no, (a["line"], b["line"])
        a["aligned_with_4_1_line"] = b["line"]


# ------------------------------------------------------------------------------ subtotals
def parse_money(s: str) -> int | None:
    return int(s.replace(",", "")) if s and re.fullmatch(r"\d{1,3}(,\d{3})*", s) else None


def derive_hidden_values(rows: list[dict], fields: list[str], cross: dict[str, int]) -> None:
    """A '#####' cell is a number too wide for its column.  Its value is derived from the same
    table's children (sum of the program's kegiatan, or of the unsur's programs) and checked
    against another table that prints it (`cross`: name -> value)."""
    for f in fields:
        for i, r in enumerate(rows):
            if r.get(f) != "#####":
                continue
            kids = children(rows, i)
            vals = [parse_money(rows[k].get(f, "")) for k in kids]
            if any(v is None for v in vals):            # a child is itself hidden: do it first
                for k in kids:
                    if rows[k].get(f) == "#####":
                        sub = [parse_money(rows[j].get(f, "")) for j in children(rows, k)]
                        rows[k].setdefault("derived", {})[f] = {"value": sum(sub), "from": "sum of its kegiatan in this table"}
                vals = [parse_money(rows[k].get(f, "")) if rows[k].get(f) != "#####"
                        else rows[k]["derived"][f]["value"] for k in kids]
            if f in r.get("derived", {}):
                continue
            value = sum(vals)
            how = "sum of its " + ("programs" if r["level"] == "urusan" else "kegiatan") + " in this table"
            r.setdefault("derived", {})[f] = {"value": value, "from": how}


def children(rows: list[dict], i: int) -> list[int]:
    """Indexes of the direct children of row i (by level) in a plan table."""
    order = {"urusan": 0, "program": 1, "kegiatan": 2, "sub_kegiatan": 3}
    lvl = order[rows[i]["level"]]
    out = []
    for k in range(i + 1, len(rows)):
        l2 = order.get(rows[k]["level"], 9)
        if l2 <= lvl:
            if rows[i]["level"] == "urusan" and l2 == 1 and not out:
                out.append(k)
                continue
            break
        if l2 == lvl + 1:
            out.append(k)
    if rows[i]["level"] == "urusan":
        # the unsur row heads only the program printed right under it (the penunjang program)
        out = out[:1]
    return out


# ------------------------------------------------------------------------------ narrative
NARRATIVE = [
    # (id, section, first line, last line) of the paragraphs that carry numbers or the counts
    ("evaluasi_2_1", "BAB II 2.1 Evaluasi capaian indikator (Tabel 2.1)", 236, 248),
    ("program_2_3", "BAB II 2.1 Uraian program dan sub kegiatan (setelah Tabel 2.3)", 269, 364),
    ("skala_capaian", "BAB II 2.2 Skala pengukuran capaian", 371, 375),
    ("tujuan_3_1", "BAB III 3.1 Tujuan dan Sasaran", 513, 517),
    ("tujuan_3_1_tabel", "BAB III 3.1 Uraian Tabel 3.1", 527, 527),
    ("program_3_2", "BAB III 3.2 Program dan Kegiatan", 529, 638),
    ("bab_iv", "BAB IV Rencana Kerja dan Pendanaan", 642, 654),
]


def clean_paragraph(text: str) -> str:
    text = re.sub(r"^#+\s*", "", text)
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"^- ", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def read_narrative(lines: list[str]) -> list[dict]:
    """Paragraphs of the narrative sections, one per printed paragraph/list item.  A paragraph
    the PDF split over a page break is joined back: the continuation starts with a lower-case
    word (not a list marker like "b." or "a)"), or is one of PAGE_BREAK_CONTINUATIONS."""
    out = []
    for sid, title, a, b in NARRATIVE:
        paras: list[dict] = []
        for n in range(a, b + 1):
            text = clean_paragraph(lines[n - 1])
            if not text:
                continue
            lower_start = text[0].islower() and not re.match(r"^[a-z][.)]", text)
            if paras and (lower_start or n in PAGE_BREAK_CONTINUATIONS):
                paras[-1]["text"] += " " + text
                paras[-1]["lines"].append(n)
            else:
                paras.append({"lines": [n], "text": text})
        out.append({"id": sid, "section": title, "paragraphs": paras})
    return out


# Lines that continue the paragraph before a page break although they start with a capital.
PAGE_BREAK_CONTINUATIONS = {575, 654}


# ------------------------------------------------------------------------------ main
def build(seed: Path, nomen_path: Path) -> dict[str, dict]:
    lines = seed.read_text(encoding="utf-8").split("\n")
    tables: dict[str, dict] = {}
    for key, spec in TABLES.items():
        t = read_table(lines, key, spec)
        fields = spec["fields"]
        if key in ("tabel_3_2", "tabel_4_1"):
            rows = [shape_plan_row(fields, r) for r in t["raw_rows"]]
        else:
            rows = [shape_generic_row(key, fields, r) for r in t["raw_rows"]]
        # Tabel 2.5-style column-number rows ("1 2 3 ...") are part of the header
        tables[key] = {"table": key, "seed": SEED_ID, "seed_lines": [t["header_line"], t["end_line"]],
                       "title": t["title"], "header": t["header"], "fields": fields,
                       "skipped_lines": t["skipped"], "rows": rows}
    t41, t32, t26 = tables["tabel_4_1"]["rows"], tables["tabel_3_2"]["rows"], tables["tabel_2_6"]["rows"]
    align_3_2(t32, t41)
    tag_2_6_levels(t26, t41)
    completions = complete_cut_cells(tables)
    nomen = load_nomenclature(nomen_path)
    code_log = match_codes(t41, nomen)
    copy_codes(t32, t41)
    copy_codes(t26, t41)
    cross = {norm(r["rkpd.name"]): parse_money(r["rkpd.pagu"]) for r in t26}
    cross[norm("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KAB/KOTA")] = cross.get(
        norm("PROGRAM PENUNJANG URUSAN PEMERINTAH DAERAH KABUPATEN / KOTA"))
    derive_hidden_values(t41, ["pagu_2024", "pagu_2025"], cross)
    derive_hidden_values(t32, ["pagu_2024"], cross)
    for r in t41 + t32:                     # confirm every derived 2024 value with Tabel 2.6
        d = r.get("derived", {}).get("pagu_2024")
        if d and cross.get(norm(r["name"])) is not None:
            d["confirmed_by"] = {"table": "tabel_2_6", "value": cross[norm(r["name"])]}
    tables["narasi"] = {"table": "narasi", "seed": SEED_ID, "sections": read_narrative(lines)}
    tables["_extraction_log"] = {"completions": completions, "codes": code_log}
    return tables


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--nomenclature", type=Path, default=DEFAULT_NOMENCLATURE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    tables = build(args.seed, args.nomenclature)
    args.out.mkdir(parents=True, exist_ok=True)
    for key, data in tables.items():
        path = args.out / f"{key.lstrip('_')}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
