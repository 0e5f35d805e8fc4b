"""Write the errata of the seed (ERRATA.md, errata.json) and the corrections (corrections.json).

Every inconsistency found in the seed while rebuilding its workbooks is an entry here: some are
found by small generic scans over the extracted data (misspellings, numbering printed inside the
name cell, "#####" cells, indicator/target unit mismatches, Tabel 2.6 vs Tabel 4.1), the others
are listed one by one in `manual` and `corrected_copy` (the latter: what `reconcile check` still
reported on the corrected copies; new entries and corrections are appended there so that the ids
of the older ones stay stable).  Cell addresses are those of OUR main workbook: they come from
the cell map returned by build_workbooks.build_main, never typed.

Each entry may carry corrections (table, seed line, field, wrong, right, reason); they are
applied in order to a working copy, so `wrong` is always the value at that point.  The build
applies the same corrections.json to make the corrected copies.  A reason starting "assumed" marks
a value the seed cannot tell us (listed apart in ERRATA.md).

Usage: python make_errata.py [--source DIR]
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_workbooks as bw  # noqa: E402

SHEETS = {"tabel_4_1": "Tabel 4.1", "tabel_3_2": "Tabel 3.2", "tabel_2_6": "Tabel 2.6",
          "rekap_evaluasi": "Rekap Evaluasi", "anggaran": "Anggaran", "kinerja": "Kinerja",
          "tabel_2_1": "Tabel 2.1", "tabel_2_3": "Tabel 2.1", "tabel_3_1": "Tabel 3.1",
          "narasi": "Narasi"}

# Misspellings / broken text, wrong -> right, longest first.  Scanned in every text cell of the
# plan, review and evaluation tables.
MISSPELLINGS = [
    ("kabupaten/kotamempunyai wilayah kerja lebih dari 1 (satu) daerah kabupaten/ kota", "kabupaten/kota",
     "two nomenclature variants run together ('kotamempunyai wilayah kerja lebih dari 1 (satu) daerah')"),
    ("kabupaten/kotame mempunyai wilayah kerja lebih dari 1 (satu) daerah", "kabupaten/kota",
     "two nomenclature variants run together ('kotame mempunyai wilayah kerja ...')"),
    ("daerah kabupaten/kotadi Daerah Kabupaten/Kota", "Daerah Kabupaten/Kota",
     "'kabupaten/kotadi Daerah Kabupaten/Kota': the place is written twice, run together"),
    ("daerah kabupaten/kotadi Daerah", "Daerah Kabupaten/Kota",
     "'kabupaten/kotadi Daerah': the place is written twice, run together"),
    ("Penyelidikan Perselisihan", "Penyelesaian Perselisihan", "'Penyelidikan' for 'Penyelesaian'"),
    ("layanangan ULID", "layanan ULD", "'layanangan ULID' for 'layanan ULD'"),
    ("Penanatausahaan", "Penatausahaan", "'Penanatausahaan' for 'Penatausahaan'"),
    ("ANGGARAN KER", "ANGKATAN KERJA", "'ANGGARAN' for 'ANGKATAN' (Tingkat Partisipasi Angkatan Kerja)"),
    ("Dan a Bagi Hasil", "Dana Bagi Hasil", "funding source broken: 'Dan a Bagi Hasil'"),
    ("Peyediaan", "Penyediaan", "'Peyediaan' for 'Penyediaan'"),
    ("derngan", "dengan", "'derngan' for 'dengan'"),
    ("dergan", "dengan", "'dergan' for 'dengan'"),
    ("terakit", "terkait", "'terakit' for 'terkait'"),
    ("diindungi", "dilindungi", "'diindungi' for 'dilindungi'"),
    ("TENAGA KERJA RIJK", "TENAGA KERJA (RTK)", "'RIJK' for '(RTK)'"),
    ("Tenaga Kerja (RTE)", "Tenaga Kerja (RTK)", "'(RTE)' for '(RTK)'"),
    ("Perusaha an", "Perusahaan", "unit broken in two: 'Perusaha an'"),
]
SCAN_TABLES = ["tabel_4_1", "tabel_3_2", "tabel_2_6", "rekap_evaluasi"]
SCAN_FIELDS = ["name", "capaian_program", "keluaran", "hasil", "sumber_dana", "tolak_ukur_2025",
               "rkpd.name", "rkpd.indikator", "analisis.name", "analisis.indikator", "indikator",
               "target_renstra", "target_2022", "realisasi_2022", "target_2023", "realisasi_2023"]


class Errata:
    def __init__(self, data: dict, cmap: dict):
        self.data, self.work, self.cmap = data, copy.deepcopy(data), cmap
        self.entries: list[dict] = []
        self.corrections: list[dict] = []

    # -------------------------------------------------------------- helpers
    def row(self, table: str, line: int) -> dict:
        return next(r for r in self.work[table]["rows"] if r["line"] == line)

    def cell(self, table: str, line: int, field: str) -> tuple[str, str]:
        lay = self.cmap[table]
        col = lay["columns"]["text"] if table == "narasi" else lay["columns"][field]
        return lay["sheet"], f"{col}{lay['rows'][str(line)]}"

    def para(self, line: int) -> dict:
        for sec in self.work["narasi"]["sections"]:
            for p in sec["paragraphs"]:
                if p["lines"][0] == line:
                    return p
        raise KeyError(line)

    def fix(self, table: str, line: int, field: str, right, reason: str, wrong=None, remove=False) -> str:
        """Record a correction and apply it to the working copy; returns its id."""
        cid = f"C{len(self.corrections) + 1:03d}"
        if table == "narasi":
            p = self.para(line)
            assert wrong in p["text"], (line, wrong)
            c = {"id": cid, "table": table, "line": line, "field": "text", "wrong": wrong,
                 "right": right, "reason": reason}
            if remove:
                c["remove"] = True
            bw._correct_paragraph(self.work["narasi"], c)
        else:
            r = self.row(table, line)
            cur = r.get(field, "")
            if wrong is not None and wrong != cur:
                raise ValueError((table, line, field, wrong, cur))
            c = {"id": cid, "table": table, "line": line, "field": field, "wrong": cur,
                 "right": right, "reason": reason}
            r[field] = right
        self.corrections.append(c)
        return cid

    def add(self, category: str, table: str, line: int, field: str, description: str,
            expected, actual, fixes: list[str] | None = None, cell: str | None = None) -> None:
        sheet, addr = self.cell(table, line, field) if cell is None else (SHEETS[table], cell)
        self.entries.append({"id": f"E{len(self.entries) + 1:03d}", "sheet": sheet, "cell": addr,
                             "category": category, "description": description,
                             "expected": str(expected), "actual": str(actual),
                             "table": table, "seed_line": line, "field": field,
                             "corrections": fixes or []})

    def orig(self, table: str, line: int, field: str) -> str:
        return next(r for r in self.data[table]["rows"] if r["line"] == line).get(field, "")

    # -------------------------------------------------------------- generic scans
    def hidden_cells(self) -> None:
        for t in ("tabel_4_1", "tabel_3_2"):
            for r in self.data[t]["rows"]:
                for f in ("pagu_2024", "pagu_2025"):
                    if r.get(f) == "#####":
                        v = r["derived"][f]["value"]
                        fx = self.fix(t, r["line"], f, f"{v:,}", "column widened / font normal: show the value")
                        self.add("display_overflow", t, r["line"], f,
                                 f"'{r['name']}' {f}: the seed prints '#####' (number wider than its column); "
                                 f"value derived as {r['derived'][f]['from']}", f"{v:,}", "#####", [fx])

    def numbering_in_name(self) -> None:
        for t in ("tabel_4_1", "tabel_3_2"):
            for r in self.data[t]["rows"]:
                letter = r.get("number_in_name")
                if not letter:
                    continue
                bare = r["name"][len(letter) + 1:]
                f1 = self.fix(t, r["line"], "number", letter, "numbering belongs in the No column")
                f2 = self.fix(t, r["line"], "name", bare, "numbering belongs in the No column")
                f3 = self.fix(t, r["line"], "number_in_name", "", "numbering moved to the No column")
                self.add("numbering", t, r["line"], "name",
                         f"kegiatan letter '{letter}' typed inside the name cell instead of the No column",
                         f"No='{letter}', name='{bare}'", f"No='', name='{r['name']}'", [f1, f2, f3])

    def misspellings(self) -> None:
        for t in SCAN_TABLES:
            for r in self.work[t]["rows"]:
                for f in SCAN_FIELDS:
                    v = r.get(f, "")
                    if not isinstance(v, str) or not v:
                        continue
                    new, why = v, []
                    for wrong, right, reason in MISSPELLINGS:
                        if wrong in new:
                            new = new.replace(wrong, right)
                            why.append(reason)
                    if new != v:
                        cat = "funding_source" if f == "sumber_dana" else "misspelling"
                        fx = self.fix(t, r["line"], f, new, "; ".join(why), wrong=v)
                        self.add(cat, t, r["line"], f, "; ".join(why), new, v, [fx])

    def program_target_penunjang(self) -> None:
        """Tabel 2.6 (and the Kinerja table) give the penunjang program a 95% target; Tabel 3.2
        and 4.1 print 100% on every one of its sub kegiatan rows."""
        for t in ("tabel_4_1", "tabel_3_2"):
            rows = self.work[t]["rows"]
            prog = None
            for r in rows:
                if r["level"] == "program":
                    prog = r["name"]
                if r["level"] == "sub_kegiatan" and prog and "PENUNJANG" in prog and r["target_program"] == "100%":
                    fx = self.fix(t, r["line"], "target_program", "95%", "program target as in Tabel 2.6 / Kinerja 2024")
                    self.add("target_mismatch", t, r["line"], "target_program",
                             "target of the penunjang program (Persentase tingkat kepuasan ...) is 95% in "
                             "Tabel 2.6 and in the Kinerja table for 2024", "95%", "100%", [fx])

    def unit_mismatch(self) -> None:
        """Output indicators whose wording does not fit their target: 'Jangka waktu ...' (a
        duration) with Paket/Dokumen/Laporan/Orang targets, 'Persentase ...' with a count, or the
        indicator of another sub kegiatan.  Replaced by the official indicator of the sub kegiatan
        (Kepmendagri 900.1.15.5-1317/2023), whose unit matches the printed target."""
        t41 = {r["line"]: r for r in self.work["tabel_4_1"]["rows"]}
        for r in self.data["tabel_4_1"]["rows"]:
            if r["level"] != "sub_kegiatan":
                continue
            ind, tgt = r["keluaran"], r["target_keluaran"]
            official = r["code_match"].get("official_indikator", "")
            bad = None
            if ind.lower().startswith("jangka waktu") and not re.search(r"bulan$|tahun$", tgt, re.I):
                bad = f"'Jangka waktu' (a duration) measured in '{tgt}'"
            elif ind.lower().startswith("persentase") and not tgt.endswith("%"):
                bad = f"'Persentase' indicator with a count target '{tgt}'"
            elif "Sarana dan Prasarana Gedung" in ind and "Peralatan dan Mesin" in r["name"]:
                bad = "indicator of another sub kegiatan (Pengadaan Sarana dan Prasarana Gedung Kantor)"
            if not bad:
                continue
            fixes = []
            for t in ("tabel_4_1", "tabel_3_2"):
                line = r["line"] if t == "tabel_4_1" else self.line_32(r["line"])
                fixes.append(self.fix(t, line, "keluaran", official, "official indicator of the sub kegiatan"))
            l26 = self.line_26(r["line"])
            for side in ("rkpd", "analisis"):
                fixes.append(self.fix("tabel_2_6", l26, f"{side}.indikator", official,
                                      "official indicator of the sub kegiatan"))
            self.add("target_unit", "tabel_4_1", r["line"], "keluaran",
                     f"'{r['name']}': {bad}; same in Tabel 3.2 and 2.6", official, ind, fixes)
            _ = t41

    def nomenclature(self) -> None:
        """Names that differ in wording (not only case/punctuation) from the official nomenclature
        the extraction matched them to; renamed in Tabel 4.1, 3.2 and both sides of 2.6."""
        import extract_seed as ex
        for r in self.data["tabel_4_1"]["rows"]:
            m = r.get("code_match", {})
            if m.get("kind") != "similar":
                continue
            cur = self.row("tabel_4_1", r["line"])["name"]
            official = m["official_name"]
            if ex.norm(cur) == ex.norm(official):
                continue
            fixes = [self.fix("tabel_4_1", r["line"], "name", official, "official nomenclature"),
                     self.fix("tabel_3_2", self.line_32(r["line"]), "name", official, "official nomenclature")]
            l26 = self.line_26(r["line"])
            for side in ("rkpd", "analisis"):
                if ex.norm(self.row("tabel_2_6", l26)[f"{side}.name"]) != ex.norm(official):
                    fixes.append(self.fix("tabel_2_6", l26, f"{side}.name", official, "official nomenclature"))
            self.add("nomenclature", "tabel_4_1", r["line"], "name",
                     f"name differs from the official nomenclature {r['code']} (Kepmendagri 900.1.15.5-1317/2023); "
                     "same in Tabel 3.2 and 2.6", official, cur, fixes)

    def line_32(self, line41: int) -> int:
        return next(r["line"] for r in self.work["tabel_3_2"]["rows"] if r["aligned_with_4_1_line"] == line41)

    def line_26(self, line41: int) -> int:
        return next(r["line"] for r in self.work["tabel_2_6"]["rows"] if r.get("aligned_with_4_1_line") == line41)

    def review_vs_plan(self) -> None:
        """Tabel 2.6 kegiatan rows: indicator and target differ from the Hasil Kegiatan of the
        same kegiatan in Tabel 4.1 (often a 'Jumlah ...'/'Jangka waktu ...' indicator with a %
        target).  Corrected to the Tabel 4.1 indicator/target."""
        rows41 = self.work["tabel_4_1"]["rows"]
        for r in self.work["tabel_2_6"]["rows"]:
            if r.get("level") != "kegiatan":
                continue
            k = next(i for i, x in enumerate(rows41) if x["line"] == r["aligned_with_4_1_line"])
            sub = next(x for x in rows41[k:] if x["level"] == "sub_kegiatan")
            for side in ("rkpd", "analisis"):
                if r[f"{side}.indikator"] != sub["hasil"] and "Lingkungan Hidup" not in r[f"{side}.indikator"]:
                    old = r[f"{side}.indikator"]
                    unit = " (a count/duration indicator with a % target)" if re.match(r"(Jumlah|Jangka)", old, re.I) else ""
                    fx = self.fix("tabel_2_6", r["line"], f"{side}.indikator", sub["hasil"],
                                  "indicator of the kegiatan as in Tabel 4.1 (Hasil Kegiatan)")
                    self.add("indicator_mismatch", "tabel_2_6", r["line"], f"{side}.indikator",
                             f"kegiatan '{r[f'{side}.name']}': indicator differs from Tabel 4.1 Hasil Kegiatan{unit}",
                             sub["hasil"], old, [fx])
                if r[f"{side}.target"] != sub["target_hasil"]:
                    old = r[f"{side}.target"]
                    fx = self.fix("tabel_2_6", r["line"], f"{side}.target", sub["target_hasil"],
                                  "target of the kegiatan as in Tabel 4.1")
                    self.add("target_mismatch", "tabel_2_6", r["line"], f"{side}.target",
                             f"kegiatan '{r[f'{side}.name']}': target differs from Tabel 4.1 Hasil Kegiatan target",
                             sub["target_hasil"], old, [fx])

    # -------------------------------------------------------------- one by one
    def manual(self) -> None:
        A = self.add
        F = self.fix
        # ---- narrative vs tables
        A("narrative_count", "narasi", 531, "text",
          "section 3.2 says 54 sub kegiatan; Tabel 3.2, 4.1 and 2.6 hold 53 and BAB IV says 53",
          "53 sub kegiatan", "54 sub kegiatan",
          [F("narasi", 531, None, "53 sub kegiatan", "tables hold 53 sub kegiatan", wrong="54 sub kegiatan")])
        A("missing_item", "narasi", 623, "text",
          "the 54th sub kegiatan: 'Penyediaan bahan bacaan dan peraturan perundang-undangan' "
          "(2.07.01.2.06.0006) is listed in the 3.2 narrative under Administrasi Umum but is in no table "
          "(Tabel 3.2/4.1/2.6 have 6 sub kegiatan there, the narrative 7)",
          "absent (as in the tables) or added to all tables with a pagu", "listed",
          [F("narasi", 623, None, "", "not planned in any table", wrong="Penyediaan bahan bacaan", remove=True)])
        A("narrative_total", "narasi", 652, "text",
          "BAB IV total pagu 'Rp. 4.704.246.00,' does not equal the Tabel 4.1/2.6 total 4,704,246,000 "
          "(a group of two digits: last zero lost, trailing comma)", "Rp. 4.704.246.000,00", "Rp. 4.704.246.00,",
          [F("narasi", 652, None, "Rp. 4.704.246.000,00.", "total of Tabel 4.1", wrong="Rp. 4.704.246.00,.")])
        A("malformed_number", "narasi", 652, "text",
          "'4.704.246.00' is not a well-formed Indonesian amount (last group has two digits)",
          "4.704.246.000", "4.704.246.00", [self.corrections[-1]["id"]])
        A("name_mismatch", "narasi", 551, "text",
          "3.2 narrative names the kegiatan 'Perizinan Pendaftaran Lembaga Pelatihan Kerja' (missing 'dan')",
          "Perizinan dan Pendaftaran Lembaga Pelatihan Kerja", "Perizinan Pendaftaran Lembaga Pelatihan Kerja",
          [F("narasi", 551, None, "Perizinan dan Pendaftaran", "name as in the tables", wrong="Perizinan Pendaftaran")])
        A("misspelling", "narasi", 544, "text", "'kluster' for 'klaster' (tables: klaster kompetensi)",
          "klaster kompetensi", "kluster kompetensi",
          [F("narasi", 544, None, "klaster kompetensi", "spelling as in the tables", wrong="kluster kompetensi")])
        A("misspelling", "narasi", 612, "text", "'Penanatausahaan' for 'Penatausahaan'", "Penatausahaan",
          "Penanatausahaan", [F("narasi", 612, None, "Penatausahaan", "spelling", wrong="Penanatausahaan")])
        A("name_mismatch", "narasi", 275, "text",
          "the first RTK sub kegiatan is called 'Mikro' but its indicator and target (jumlah dokumen rencana "
          "tenaga kerja makro, 1 dokumen) are those of 'Penyusunan Rencana Tenaga Kerja Makro'",
          "Penyusunan Rencana Tenaga Kerja Makro", "Penyusunan Rencana Tenaga Kerja Mikro",
          [F("narasi", 275, None, "Penyusunan Rencana Tenaga Kerja Makro,", "Makro (Tabel 4.1 no. 25)",
             wrong="Penyusunan Rencana Tenaga Kerja Mikro,")])
        wrong_keg = "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan di Kota Pontianak"
        right_keg = ("Pengesahan peraturan perusahaan dan pendaftaran perjanjian kerja bersama untuk perusahaan "
                     "yang hanya beroperasi dalam 1 (satu) daerah kabupaten/kota")
        A("name_mismatch", "narasi", 349, "text",
          "Program Hubungan Industrial kegiatan a. is named like kegiatan b. ('Pencegahan dan Penyelesaian ... "
          "di Kota Pontianak') but its sub kegiatan (pengesahan PP, pendaftaran PKB, pendataan sarana HI) belong "
          "to 'Pengesahan peraturan perusahaan dan pendaftaran perjanjian kerja bersama ...' (Tabel 4.1 R)",
          right_keg, wrong_keg,
          [F("narasi", 349, None, right_keg, "kegiatan R of Tabel 4.1", wrong=wrong_keg),
           F("narasi", 350, None, right_keg, "kegiatan R of Tabel 4.1", wrong=wrong_keg)])
        A("misspelling", "narasi", 290, "text",
          "'Penertiban izin' (enforcement) for 'Penerbitan izin' (issuing) LPTKS, as the tables name the kegiatan",
          "Penerbitan izin", "Penertiban izin",
          [F("narasi", 290, None, "Penerbitan izin", "kegiatan name", wrong="Penertiban izin"),
           F("narasi", 290, None, "penerbitan izin", "kegiatan name", wrong="penertiban izin")])
        A("target_unit", "narasi", 353, "text",
          "target of 'Penyelenggaraan Pendataan dan informasi sarana hubungan industrial ...' given as "
          "4 lembaga; Tabel 4.1 no. 48: 4 Laporan", "4 Laporan", "4 lembaga",
          [F("narasi", 353, None, "4 laporan", "unit of Tabel 4.1", wrong="4 lembaga")])
        A("target_unit", "narasi", 339, "text",
          "target of 'Penyediaan sumber daya perizinan lembaga pelatihan kerja secara terintegrasi' given as "
          "10 lembaga; Tabel 4.1 no. 30: 10 Perizinan", "10 Perizinan", "10 lembaga",
          [F("narasi", 339, None, "10 perizinan", "unit of Tabel 4.1", wrong="10 lembaga")])
        # ---- Tabel 2.1 (IKU 2022) and its evaluation paragraphs
        kin = {r["line"]: r for r in self.work["kinerja"]["rows"]}
        A("cross_table", "tabel_2_1", 230, "realisasi",
          "Rasio penduduk yang bekerja 2022: Tabel 2.1 target 89,30 – 89,98% / realisasi 90,87%, the Kinerja "
          "table 2022 target 91 % / realisasi 90,08 % (rasio 98,99 %)", "91 % / 90,08 % / 98,99 %",
          "89,30 – 89,98% / 90,87% / 100,93%",
          [F("tabel_2_1", 230, "target", "91%", "Kinerja table 2022"),
           F("tabel_2_1", 230, "realisasi", "90,08%", "Kinerja table 2022"),
           F("tabel_2_1", 230, "capaian", "98,99%", "realisasi/target x 100")])
        A("capaian_formula", "tabel_2_1", 230, "capaian",
          "capaian 100,93% = 90,87/90,03 (a target the table does not print); against the printed target "
          "range it is 100,99% (upper bound) to 101,76% (lower bound)", "100,99%", "100,93%",
          [self.corrections[-1]["id"]])
        A("cross_table", "tabel_2_1", 231, "realisasi",
          "Besaran kasus PB 2022: Tabel 2.1 target 52% / realisasi 59,45% (59,45% is the 2020 realisasi of "
          "the Kinerja table, 52% its 2021 target); Kinerja 2022: target 53%, realisasi 86%, rasio 162,26%",
          "53% / 86% / 162,26%", "52% / 59,45% / 118,37%",
          [F("tabel_2_1", 231, "target", "53%", "Kinerja table 2022"),
           F("tabel_2_1", 231, "realisasi", "86%", "Kinerja table 2022"),
           F("tabel_2_1", 231, "capaian", "162,26%", "realisasi/target x 100")])
        A("capaian_formula", "tabel_2_1", 231, "capaian",
          "capaian 118,37% is 59,45/50,22 (the 2020 target); 59,45/52 = 114,33%", "114,33%", "118,37%",
          [self.corrections[-1]["id"]])
        A("cross_table", "tabel_2_1", 232, "realisasi",
          "BPJS Ketenagakerjaan 2022: Tabel 2.1 target 68% / realisasi 28,28% (the Kinerja table's 2021 "
          "target and 2020 realisasi); Kinerja 2022: target 72%, realisasi 99%, rasio 137,50%",
          "72% / 99% / 137,50%", "68% / 28,28% / 45,61%",
          [F("tabel_2_1", 232, "target", "72%", "Kinerja table 2022"),
           F("tabel_2_1", 232, "realisasi", "99%", "Kinerja table 2022"),
           F("tabel_2_1", 232, "capaian", "137,50%", "realisasi/target x 100")])
        A("capaian_formula", "tabel_2_1", 232, "capaian",
          "capaian 45,61% is 28,28/62 (the 2020 target); 28,28/68 = 41,59%", "41,59%", "45,61%",
          [self.corrections[-1]["id"]])
        p240 = "dengan target 90,03%, dimana realisasi indikatornya sebesar 90,87%"
        A("narrative_value", "narasi", 240, "text",
          "evaluation text: target 90,03% / realisasi 90,87%; Tabel 2.1 prints the target 89,30 – 89,98%",
          "the values of Tabel 2.1", "target 90,03%",
          [F("narasi", 240, None, "dengan target 91%, dimana realisasi indikatornya sebesar 90,08%",
             "values of the corrected Tabel 2.1", wrong=p240)])
        A("narrative_value", "narasi", 244, "text",
          "evaluation text: target 50,22% (Tabel 2.1: 52%)", "52% (table)", "50,22%",
          [F("narasi", 244, None, "dengan target 53%, dimana realisasi indikatornya di tahun 2022 sebesar 86%",
             "values of the corrected Tabel 2.1",
             wrong="dengan target 50,22%, dimana realisasi indikatornya di tahun 2021 sebesar 59,45%")])
        A("year_mismatch", "narasi", 244, "text",
          "evaluation of 2022 (Tabel 2.1) speaks of the realisasi 'di tahun 2021' and 'Pada tahun 2021'",
          "2022", "2021", [self.corrections[-1]["id"],
                           F("narasi", 244, None, "Pada tahun 2022", "year of Tabel 2.1", wrong="Pada tahun 2021")])
        A("agency_mismatch", "narasi", 244, "text",
          "conclusion copied from another agency's document: 'Capaian Indikator Kinerja Utama IKM terhadap "
          "pelayanan DPMTKPTSP' (IKM = satisfaction index of the investment/one-stop service office)",
          "capaian indikator besaran kasus yang diselesaikan dengan Perjanjian bersama (PB)",
          "Capaian Indikator Kinerja Utama IKM terhadap pelayanan DPMTKPTSP",
          [F("narasi", 244, None, "capaian indikator besaran kasus yang diselesaikan dengan Perjanjian bersama (PB)",
             "indicator of this paragraph", wrong="Capaian Indikator Kinerja Utama IKM terhadap pelayanan DPMTKPTSP")])
        A("narrative_value", "narasi", 248, "text",
          "evaluation text: target 62% (Tabel 2.1: 68%)", "68% (table)", "62%",
          [F("narasi", 248, None, "dengan target 72%, dimana realisasi indikatornya sebesar 99%. Pada indikator ini "
             "realisasi melebihi target", "values of the corrected Tabel 2.1",
             wrong="dengan target 62%, dimana realisasi indikatornya sebesar 28,28%. Pada indikator ini realisasi "
             "tidak mencapai target")])
        A("category_label", "narasi", 248, "text",
          "'Tidak Berhasil' is not a label of the document's scale (85-100 Sangat Berhasil, 70-<85 Berhasil, "
          "55-<70 Cukup Berhasil, <55 Kurang Berhasil); a capaian of 45,61% is 'Kurang Berhasil'",
          "Kurang Berhasil (for 45,61%); Sangat Berhasil after correction (137,50%)", "Tidak Berhasil",
          [F("narasi", 248, None, "“Sangat Berhasil”", "scale of the document, capaian 137,50%",
             wrong="“Tidak Berhasil”")])
        # ---- Kinerja (indicator history)
        A("capaian_formula", "kinerja", 682, "rasio_2020",
          "rasio = realisasi/target x 100 = 28,28/62 x 100 = 45,61 %; printed value is 100 times too big",
          "45,61 %", "4.561,29", [F("kinerja", 682, "rasio_2020", "45,61 %", "realisasi/target x 100")])
        A("capaian_formula", "kinerja", 682, "rasio_2021",
          "rasio = 106/68 x 100 = 155,88 %; printed value is 100 times too big", "155,88 %", "15.588,24",
          [F("kinerja", 682, "rasio_2021", "155,88 %", "realisasi/target x 100")])
        A("implausible_value", "kinerja", 682, "realisasi_2021",
          "share of workers who are active BPJS members cannot exceed 100%", "<= 100%", "106%", [])
        A("malformed_number", "kinerja", 677, "rasio_2021", "percentage without '%' (the other ratios have it)",
          "97,14 %", "97,14", [F("kinerja", 677, "rasio_2021", "97,14 %", "notation")])
        A("malformed_number", "kinerja", 681, "rasio_2020", "percentage without '%'", "118,38 %", "118,38",
          [F("kinerja", 681, "rasio_2020", "118,38 %", "notation")])
        A("malformed_number", "kinerja", 677, "target_2024", "percentage range without '%'", "89,75-91,65 %",
          "89,75-91,65", [F("kinerja", 677, "target_2024", "89,75-91,65 %", "notation")])
        A("target_mismatch", "kinerja", 678, "target_2024",
          "Tingkat Partisipasi Angkatan Kerja 2024: 68,82% here, 65% in Tabel 2.6/3.2/4.1 (program RTK)",
          "65%", "68,82%", [F("kinerja", 678, "target_2024", "65%", "target of Tabel 2.6/3.2/4.1")])
        A("target_mismatch", "kinerja", 678, "target_2023",
          "Tingkat Partisipasi Angkatan Kerja 2023: 64,82% here (= the 2022 realisasi), 65 % in the Rekap "
          "Evaluasi (Renja 2023 target)", "65%", "64,82%",
          [F("kinerja", 678, "target_2023", "65%", "Renja 2023 target (Rekap Evaluasi)")])
        A("target_unit", "kinerja", 679, "target_2023",
          "Besaran tenaga kerja yang mendapatkan pelatihan: targets 30, 30, 30 (counts), 90 % (2023), 200 (2024); "
          "Rekap Evaluasi 2023: 52.00%; Tabel 2.6/4.1 2024: 54%", "52%", "90 %",
          [F("kinerja", 679, "target_2023", "52%", "Renja 2023 target (Rekap Evaluasi)")])
        A("target_mismatch", "kinerja", 679, "target_2024",
          "2024 target 200 (a count) vs 54% for the same program indicator in Tabel 2.6/3.2/4.1", "54%", "200",
          [F("kinerja", 679, "target_2024", "54%", "target of Tabel 2.6/3.2/4.1")])
        A("empty_cell", "kinerja", 683, "target_2022",
          "Tingkat kepuasan: realisasi 2020-2022 printed but no target for those years, so no rasio",
          "a target for 2020-2022", "-", [])
        # ---- Anggaran
        A("capaian_formula", "anggaran", 695, "rasio_2021",
          "rasio realisasi/anggaran 2021 = 162.164.977 / 168.303.977 = 96 %", "96%", "275%",
          [F("anggaran", 695, "rasio_2021", "96%", "realisasi/anggaran x 100")])
        A("capaian_formula", "anggaran", 693, "rasio_2021",
          "217.870.208 / 217.874.208 = 99,998 % rounds to 100 % (truncated to 99%)", "100%", "99%",
          [F("anggaran", 693, "rasio_2021", "100%", "rounded realisasi/anggaran")])
        for y in (2021, 2022):
            A("capaian_formula", "anggaran", 692, f"rasio_{y}",
              f"rasio {y} printed although there is no anggaran and no realisasi that year ('-')", "-", "0,00",
              [F("anggaran", 692, f"rasio_{y}", "-", "no budget that year")])
        A("unverifiable_figure", "anggaran", 691, "pertumbuhan_anggaran",
          "the 'Rata-rata Pertumbuhan' figures (10,45 / 6,27; 4.172 / 4.171; 99 / 98,82; 1.174 / 3.798) follow "
          "no standard formula from the printed amounts (e.g. Penunjang 2020-2024: mean yearly growth of the "
          "anggaran +103,8 %, CAGR -22,1 %) and mix notations ('4.172' thousands or decimal?)",
          "reproducible growth rates", "10,45", [])
        # ---- Tabel 2.3 / 3.1
        A("malformed_number", "tabel_2_3", 267, "target_2024", "space inside the amount 'Rp. 156.400. 000'",
          "Rp. 156.400.000", "Rp. 156.400. 000",
          [F("tabel_2_3", 267, "target_2024", "Rp. 156.400.000", "notation")])
        A("target_trend", "tabel_3_1", 525, "target_2026",
          "Tingkat Produktivitas Tenaga Kerja target falls from Rp. 160.109.000 (2025) to Rp. 155.418.000 "
          "(2026) although the sasaran is 'Meningkatnya produktivitas'", ">= Rp. 160.109.000", "Rp. 155.418.000", [])
        # ---- Tabel 4.1 / 3.2
        A("empty_cell", "tabel_3_2", 939, "pagu_2024",
          "kegiatan N 'Pelayanan Antar Kerja di Daerah Kabupaten/Kota' has no pagu (Tabel 4.1 and 2.6: "
          "93,000,000 = sum of its sub kegiatan)", "93,000,000", "(empty)",
          [F("tabel_3_2", 939, "pagu_2024", "93,000,000", "sum of its sub kegiatan")])
        A("subtotal", "tabel_3_2", 937, "pagu_2024",
          "Program Penempatan 284,000,000 is not the sum of its kegiatan cells as they stand (191,000,000: "
          "kegiatan N is empty); typed as a constant", "sum of J-cells of its kegiatan", "284,000,000",
          [self.corrections[-1]["id"]])
        A("empty_cell", "tabel_3_2", 878, "pagu_2024",
          "the UNSUR PENUNJANG row has no pagu in Tabel 3.2 (Tabel 4.1 carries one)", "3,535,388,000", "(empty)",
          [F("tabel_3_2", 878, "pagu_2024", "3,535,388,000", "sum of its program")])
        A("formatting", "tabel_4_1", 1044, "name",
          "kegiatan N is the only kegiatan row not in bold (hierarchy shown by bold)", "bold", "not bold",
          [F("tabel_4_1", 1044, "bold", True, "kegiatan rows are bold")])
        for t, line in (("tabel_4_1", 991), ("tabel_3_2", 886)):
            A("funding_source", t, line, "sumber_dana",
              "BAB IV: gaji ASN is funded by Dana Transfer Umum - Dana Alokasi Umum (DAU) and tunjangan by PAD; "
              "the row says PAD/Dana Transfer Umum/Dana Bagi Hasil",
              "PAD/Dana Transfer Umum - Dana Alokasi Umum (DAU)", "PAD /Dana Transfer Umum/Dana Bagi Hasil",
              [F(t, line, "sumber_dana", "PAD/Dana Transfer Umum - Dana Alokasi Umum (DAU)", "BAB IV")])
        A("text_cut", "tabel_4_1", 1068, "keluaran",
          "indicator of no. 48 ends '... (PP/PKB, struktur skala upah dan LKS)'; Tabel 2.6 and the nomenclature: "
          "'... dan LKS Bipartit) dan Pekerja yang terdaftar sebagai peserta jamsostek serta pengupahan'",
          self.row("tabel_2_6", 861)["rkpd.indikator"], self.row("tabel_4_1", 1068)["keluaran"],
          [F(t, ln, "keluaran", self.row("tabel_2_6", 861)["rkpd.indikator"], "full indicator of Tabel 2.6")
           for t, ln in (("tabel_4_1", 1068), ("tabel_3_2", 965))])
        for t, lines in (("tabel_4_1", (1073, 1074, 1075)),):
            for ln in lines:
                old = self.row(t, ln)["hasil"]
                A("indicator_mismatch", t, ln, "hasil",
                  "Hasil Kegiatan lacks 'Persentase' here but has it in Tabel 3.2 and on rows 52-53",
                  "Persentase " + old, old, [F(t, ln, "hasil", "Persentase " + old, "as Tabel 3.2")])
        # ---- Tabel 2.6
        hi_ind = self.row("tabel_4_1", 1065)["capaian_program"]
        for side in ("rkpd", "analisis"):
            A("sector_vocabulary", "tabel_2_6", 857, f"{side}.indikator",
              "Program Hubungan Industrial (Tenaga Kerja 2.07) carries a Lingkungan Hidup (2.11) indicator: "
              "'Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH' - copied from another agency",
              hi_ind, self.row("tabel_2_6", 857)[f"{side}.indikator"],
              [F("tabel_2_6", 857, f"{side}.indikator", hi_ind, "program indicator of Tabel 3.2/4.1")])
        keg = self.row("tabel_2_6", 862)
        A("sector_vocabulary", "tabel_2_6", 862, "analisis.name",
          "Hasil Analisis side: the kegiatan is a Lingkungan Hidup one ('Pencegahan dan Penyelidikan Hubungan "
          "Lingkungan Hidup untuk Lembaga Kemasyarakatan ...') while the RKPD side and Tabel 4.1 have "
          "'Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial ...'; the Catatan Penting says '-'",
          keg["rkpd.name"], keg["analisis.name"],
          [F("tabel_2_6", 862, "analisis.name", keg["rkpd.name"], "same kegiatan as the RKPD side")])
        A("sector_vocabulary", "tabel_2_6", 862, "analisis.indikator",
          "Hasil Analisis indicator 'Jumlah peserta Peningkatan Kapasitas dan Kompetensi SDM Bidang Lingkungan "
          "Hidup ...' (Lingkungan Hidup vocabulary) for a Hubungan Industrial kegiatan",
          keg["rkpd.indikator"], keg["analisis.indikator"],
          [F("tabel_2_6", 862, "analisis.indikator", keg["rkpd.indikator"], "same as the RKPD side")])
        A("catatan_missing", "tabel_2_6", 862, "catatan",
          "the two sides differ (kegiatan and indicator) but the Catatan Penting is '-'",
          "an explanation, or identical sides", "-", [])
        A("side_mismatch", "tabel_2_6", 794, "analisis.indikator",
          "Hasil Analisis indicator cut short: RKPD side '... administrasi keuangan perangkat daerah'",
          "Jangka waktu penyelenggaraan administrasi keuangan perangkat daerah",
          "Jangka waktu penyelenggaraan administrasi keuangan", [])
        A("side_mismatch", "tabel_2_6", 812, "analisis.name",
          "Hasil Analisis name has the indicator's tail 'yang disediakan' appended",
          self.row("tabel_2_6", 812)["rkpd.name"], self.row("tabel_2_6", 812)["analisis.name"],
          [F("tabel_2_6", 812, "analisis.name", self.row("tabel_2_6", 812)["rkpd.name"], "as the RKPD side")])
        for side in ("rkpd", "analisis"):
            A("target_mismatch", "tabel_2_6", 789, f"{side}.target",
              "program target 95% here while Tabel 3.2/4.1 print 100% on the penunjang rows (see those entries)",
              "95% (kept)", "95%", [])
        name41 = self.row("tabel_4_1", 984)["name"]
        for side in ("rkpd", "analisis"):
            A("name_mismatch", "tabel_2_6", 789, f"{side}.name",
              "'URUSAN PEMERINTAH DAERAH' for 'URUSAN PEMERINTAHAN DAERAH' (official program name)",
              "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
              self.row("tabel_2_6", 789)[f"{side}.name"],
              [F("tabel_2_6", 789, f"{side}.name", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
                 "official nomenclature")])
        _ = name41
        # ---- Rekap Evaluasi
        A("indicator_mismatch", "rekap_evaluasi", 763, "indikator",
          "penunjang program indicator 'Hasil Penilaian Reformasi Birokrasi ...' vs 'Persentase tingkat kepuasan "
          "Bidang/Bagian terhadap pelayanan Kesekretariatan' in Tabel 2.6/3.2/4.1", "Persentase tingkat kepuasan ...",
          self.row("rekap_evaluasi", 763)["indikator"], [])
        A("capaian_formula", "rekap_evaluasi", 768, "realisasi_2023",
          "Administrasi Keuangan realisasi 67.57% while its sub kegiatan achieve 100%, 40% and 25% "
          "(mean 55%); the Perencanaan kegiatan's 33.33% is the mean of its sub kegiatan", "55%", "67.57%", [])
        A("missing_item", "rekap_evaluasi", 777, "name",
          "the Rekap Evaluasi stops after 'Penyediaan peralatan dan perlengkapan kantor': sub kegiatan 11-24 and "
          "kegiatan E, F, G of the penunjang program are missing", "all 19 kegiatan / 53 sub kegiatan",
          "14 kegiatan / 37 sub kegiatan", [])
        A("empty_cell", "rekap_evaluasi", 708, "kode",
          "KODE printed on 5 rows only (2 07 03, 2 07 03 2.01, 2 07 03 2.01 01, 2 07 03 2.02, 2 07 03 2.02 01)",
          "a code on every program/kegiatan/sub kegiatan row", "(empty)", [])
        A("malformed_number", "rekap_evaluasi", 726, "target_2022",
          "unit without a number ('Orang', 'Lembaga', '%') in the 2022 target/realisasi columns of many rows",
          "a number and a unit, or '-'", "Orang", [])
        A("notation", "rekap_evaluasi", 712, "target_2023",
          "English decimal point ('52.00%', '33.33%', '67.57%', '54.20 %') next to Indonesian comma notation "
          "elsewhere in the document", "52,00%", "52.00%", [])
        A("misspelling", "rekap_evaluasi", 708, "name",
          "column headers misspelt: 'TARGET POGRAM', 'TARFET'/'TARTFET' RENSTRA, 'REALISASI I'",
          "TARGET PROGRAM, TARGET RENSTRA", "TARGET POGRAM, TARFET", [],
          cell=f"H{self.cmap['rekap_evaluasi']['header_rows'][0]}")
        # ---- counts claimed elsewhere
        A("narrative_count", "narasi", 269, "text",
          "'sebanyak 4 program' (section 2.1) while the plan has 5 programs; the 4 are the non-penunjang "
          "programs, so this is only a different count basis (not corrected)", "5 program (4 without penunjang)",
          "4 program", [])

    # -------------------------------------------------------------- found on the corrected copies
    def entry(self, table: str, line: int, field: str, category: str | None = None) -> dict:
        return next(e for e in self.entries if (e["table"], e["seed_line"], e["field"]) == (table, line, field)
                    and category in (None, e["category"]))

    def attach(self, entry: dict, fixes: list[str], where: str = "") -> None:
        """More corrections for an existing erratum (the same error repeated in other tables)."""
        entry["corrections"] += fixes
        if where:
            entry["description"] += f"; also {where}"

    def plan_name(self, line41: int) -> str:
        return self.row("tabel_4_1", line41)["name"]

    def program_indicator(self, line41: int) -> str:
        """Capaian Program indicator of the program on Tabel 4.1 line `line41` (printed on its rows)."""
        rows = self.work["tabel_4_1"]["rows"]
        k = next(i for i, x in enumerate(rows) if x["line"] == line41)
        return next(x["capaian_program"] for x in rows[k + 1:] if x.get("capaian_program"))

    def corrected_copy(self) -> None:
        """Inconsistencies that `reconcile check` still reported on the corrected copies (issue #3):
        the same error in tables the scans above do not reach (Rekap Evaluasi, Anggaran, the
        narrative's list of program/kegiatan), and values the first pass left uncorrected.  A
        reason starting with "assumed" marks a value the seed cannot tell us."""
        A, F = self.add, self.fix
        num = lambda s: float(re.match(r"[\d.]+", s.replace(",", ".")).group())   # "5 Dokumen" -> 5
        pct = lambda v: f"{v:.2f}".replace(".", ",") + "%"                         # 11.111 -> "11,11%"
        # ---- Rekap Evaluasi: column 10 is realisasi / TARGET RENSTRA, the seed divides by the 2023 target
        for line in (765, 766, 767, 769, 770, 771):
            r = self.row("rekap_evaluasi", line)
            real, ren, renja = r["realisasi_2023"], r["target_renstra"], r["target_2023"]
            right = pct(num(real) / num(ren) * 100)
            A("capaian_formula", "rekap_evaluasi", line, "tingkat_capaian_renstra",
              f"'Tingkat Capaian Realisasi Target Renstra (%)' (column 10 = column 9 / column 4, Permendagri "
              f"86/2017 T-C.29) is realisasi {real} ÷ target Renstra {ren} = {right}; the seed divides by the "
              f"2023 Renja target instead ({real} ÷ {renja} = {r['tingkat_capaian_renstra']})", right,
              r["tingkat_capaian_renstra"],
              [F("rekap_evaluasi", line, "tingkat_capaian_renstra", right, "realisasi / target Renstra x 100")])
        # ---- Rekap Evaluasi: English decimal points (E151), unit without a number (E150)
        fields = ["target_renstra", "target_2022", "realisasi_2022", "tingkat_realisasi_2022", "target_2023",
                  "realisasi_2023", "tingkat_capaian_renstra"]
        notation, unit_only = [], []
        tingkat = {"realisasi_2022": "tingkat_realisasi_2022", "realisasi_2023": "tingkat_capaian_renstra"}
        for r in self.work["rekap_evaluasi"]["rows"]:
            if not r["name"] or r["kode"] == "KODE":                   # the header repeated on a new page
                continue
            for f in fields:
                v = r.get(f, "")
                if re.fullmatch(r"\d+\.\d{2} ?%", v):
                    notation.append(F("rekap_evaluasi", r["line"], f, v.replace(".", ","), "notation"))
                elif v and not re.match(r"\s*[\d-]", v):
                    rate = r.get(tingkat.get(f, ""), "")
                    if re.fullmatch(r"0 ?%?", rate):
                        unit_only.append(F("rekap_evaluasi", r["line"], f, f"0 {v}",
                                           f"its tingkat realisasi is printed {rate}"))
                    else:
                        unit_only.append(F("rekap_evaluasi", r["line"], f, "-",
                                           "assumed: no figure printed, only its unit ('-' = none reported)"))
        self.attach(self.entry("rekap_evaluasi", 712, "target_2023"), notation)
        e150 = self.entry("rekap_evaluasi", 726, "target_2022")
        e150["description"] = ("unit without a number ('Orang', 'Lembaga', '%') in the 2022 target/realisasi "
                               "columns of many rows and in some 2023 realisasi cells")
        self.attach(e150, unit_only)
        r = self.row("rekap_evaluasi", 762)
        A("notation", "rekap_evaluasi", 762, "target_2023",
          "'2,800 Orang' uses the English thousands separator: in the document's Indonesian notation it reads "
          "2,8 orang", "2.800 Orang", r["target_2023"],
          [F("rekap_evaluasi", 762, "target_2023", "2.800 Orang", "notation", wrong="2,800 Orang")])
        # ---- Rekap Evaluasi: program indicators and names worded unlike Tabel 2.6/3.2/4.1
        for line, prog41 in ((708, 1024), (712, 1029), (748, 1063)):
            old, right = self.row("rekap_evaluasi", line)["indikator"], self.program_indicator(prog41)
            cut = " and cut short" if line == 748 else ""
            A("indicator_mismatch", "rekap_evaluasi", line, "indikator",
              f"program outcome indicator worded unlike Tabel 3.2/4.1 (no 'Persentase'{cut})", right, old,
              [F("rekap_evaluasi", line, "indikator", right, "program indicator of Tabel 3.2/4.1")])
        self.attach(self.entry("rekap_evaluasi", 763, "indikator"),
                    [F("rekap_evaluasi", 763, "indikator", self.program_indicator(984),
                       "program indicator of Tabel 2.6/3.2/4.1 (its 95% target is that of the Kinerja table's "
                       "'Tingkat kepuasan ...')")])
        A("text_cut", "rekap_evaluasi", 763, "name", "program name cut short: 'KAB /'", self.plan_name(984),
          self.row("rekap_evaluasi", 763)["name"],
          [F("rekap_evaluasi", 763, "name", self.plan_name(984), "name of Tabel 4.1")])
        A("name_mismatch", "rekap_evaluasi", 776, "name",
          "sub kegiatan name lacks 'Kantor' (Tabel 3.2/4.1/2.6 and the narrative list have it)",
          self.plan_name(999), self.row("rekap_evaluasi", 776)["name"],
          [F("rekap_evaluasi", 776, "name", self.plan_name(999), "name of Tabel 4.1")])
        # ---- Tabel 2.6: program indicators without 'Persentase'
        for line, prog41 in ((822, 1024), (826, 1029)):
            right = self.program_indicator(prog41)
            for side in ("rkpd", "analisis"):
                old = self.row("tabel_2_6", line)[f"{side}.indikator"]
                A("indicator_mismatch", "tabel_2_6", line, f"{side}.indikator",
                  "program outcome indicator worded unlike Tabel 3.2/4.1 (no 'Persentase')", right, old,
                  [F("tabel_2_6", line, f"{side}.indikator", right, "program indicator of Tabel 3.2/4.1")])
        # ---- Tabel 4.1: Hasil Kegiatan cut short on no. 51
        right = self.row("tabel_3_2", 969)["hasil"]
        A("text_cut", "tabel_4_1", 1074, "hasil",
          "Hasil Kegiatan ends '... di Daerah'; Tabel 3.2 and rows 50 and 52 of the same kegiatan: "
          "'... di Daerah Kabupaten/ Kota'", right, self.row("tabel_4_1", 1074)["hasil"],
          [F("tabel_4_1", 1074, "hasil", right, "as Tabel 3.2 and the other rows of the kegiatan")])
        # ---- the nomenclature errata repeat in the Rekap Evaluasi, the Anggaran table and the narrative list
        rename = {1024: [("rekap_evaluasi", 708, "name"), ("anggaran", 692, "uraian"),
                         ("narasi", 533, "Program Perencanaan Tenaga Kerja (RTK)", "Program Perencanaan Tenaga Kerja")],
                  1028: [("rekap_evaluasi", 711, "name"), ("narasi", 538, "Penyusunan Rencana Tenaga Kerja Mikro")],
                  1032: [("rekap_evaluasi", 715, "name"),
                         ("narasi", 545, "Koordinasi lintas lembaga dan kerjasama dengan sektor swasta untuk "
                                         "penyediaan instruktur serta sarana dan prasarana lembaga pelatihan kerja")],
                  1037: [("rekap_evaluasi", 720, "name"),
                         ("narasi", 555, "Konsultasi Produktivitas Pada Perusahaan Kecil")],
                  1058: [("rekap_evaluasi", 744, "name"),
                         ("narasi", 586, "Perlindungan PMI (Pra dan Purna Penempatan) di Daerah Kab/Kota")],
                  1060: [("rekap_evaluasi", 745, "name"),
                         ("narasi", 587, "Peningkatan perlindungan dan kompetensi calon pekerja migran "
                                         "indonesia [PMI]")],
                  1064: [("rekap_evaluasi", 749, "name")],
                  1077: [("rekap_evaluasi", 761, "name"),
                         ("narasi", 601, "Pelaksanaan operasional lembaga kerjasama tripartit daerah Kabupaten/Kota")],
                  1010: [("narasi", 629, "Penyediaan jasa penunjang urusan pemerintah daerah")]}
        names = {"rekap_evaluasi": "the Rekap Evaluasi", "anggaran": "the Anggaran table",
                 "narasi": "the narrative list (section 3.2)"}
        for line41, places in rename.items():
            right, fixes = self.plan_name(line41), []
            for t, line, what, *own in places:              # own: the wording in the narrative's case
                if t == "narasi":
                    fixes.append(F(t, line, None, own[0] if own else right, "official nomenclature", wrong=what))
                else:
                    fixes.append(F(t, line, what, right, "official nomenclature"))
            self.attach(self.entry("tabel_4_1", line41, "name", "nomenclature"), fixes,
                        "in " + " and ".join(dict.fromkeys(names[p[0]] for p in places)))
        # ---- narrative list: names that differ from the tables in the seed itself
        for line, wrong, right, cat, why in (
                (316, "Produktifitas", "Produktivitas", "misspelling", "'Produktifitas' for 'Produktivitas'"),
                (593, self.para(593)["text"][3:], self.plan_name(1064), "misspelling",
                 "two nomenclature variants run together ('kotamempunyai wilayah kerja lebih dari 1 (satu) daerah "
                 "kabupaten/ kota'), and not the official name"),
                (598, self.para(598)["text"], self.plan_name(1073), "misspelling",
                 "'kabupaten/kotadi Daerah Kabupaten/Kota': the place is written twice, run together"),
                (635, "perseorangan", "perorangan", "name_mismatch",
                 "'kendaraan perseorangan dinas' for 'Kendaraan Perorangan Dinas' (Tabel 3.2/4.1/2.6)")):
            A(cat, "narasi", line, "text", why, right, wrong,
              [F("narasi", line, None, right, "name of Tabel 4.1", wrong=wrong)])
        # ---- Kinerja: 'Besaran tenaga kerja yang mendapatkan pelatihan' 2020-2022
        for y in (2020, 2021):
            fx = [F("kinerja", 679, f"{k}_{y}", "30%", "assumed: a share like the 2023/2024 targets and the "
                    "other 'Besaran ...' indicators of the table") for k in ("target", "realisasi")]
            A("target_unit", "kinerja", 679, f"target_{y}",
              f"target and realisasi {y} '30' without a unit, while the indicator is a share ('Besaran ...', "
              "% from 2023 on)", "30%", "30", fx)
        A("cross_table", "kinerja", 679, "target_2022",
          "2022: target 30, realisasi 30, rasio 100 % here; the Rekap Evaluasi gives the program target 2022 as "
          "50 % and its realisasi as 0 % (its sub kegiatan: 30 Orang planned, 0 Orang trained)",
          "50% / 0% / 0%", "30 / 30 / 100 %",
          [F("kinerja", 679, "target_2022", "50%", "Renja 2022 target (Rekap Evaluasi)"),
           F("kinerja", 679, "realisasi_2022", "0%", "Renja 2022 realisasi (Rekap Evaluasi)"),
           F("kinerja", 679, "rasio_2022", "0 %", "realisasi/target x 100")])
        # ---- Kinerja: BPJS realisasi 2021 of 106 % (E109)
        self.attach(self.entry("kinerja", 682, "realisasi_2021"),
                    [F("kinerja", 682, "realisasi_2021", "72,08%", "assumed: the printed 106% read as the "
                       "capaian, realisasi = 106% x 68% target (between 28,28% in 2020 and 99% in 2022)"),
                     F("kinerja", 682, "rasio_2021", "106 %", "assumed: realisasi/target x 100 = 72,08/68")])
        # ---- found on reading the seed again
        A("table_number", "rekap_evaluasi", 699, "title",
          "two tables are numbered 2.1: the IKU table of section 2.1 ('Tabel 2.1.', seed line 225, cited as "
          "'tabel 2.1 diatas' by the text) and the Rekapitulasi Evaluasi ('TABEL. 2.1', line 699, the number "
          "Permendagri 86/2017 gives it); not corrected: either renumbering is defensible and the text cites "
          "the first", "one number per table", "TABEL. 2.1 (twice)", [], cell="A1")

    def run(self) -> None:
        self.hidden_cells()
        self.numbering_in_name()
        self.misspellings()
        self.manual()
        self.nomenclature()
        self.program_target_penunjang()
        self.unit_mismatch()
        self.review_vs_plan()
        self.corrected_copy()


def markdown(entries: list[dict], corrections: list[dict]) -> str:
    cats: dict[str, int] = {}
    for e in entries:
        cats[e["category"]] = cats.get(e["category"], 0) + 1
    out = ["# ERRATA of the seed Renja 2024 (Dinas Tenaga Kerja Kota Pontianak)", "",
           "Every inconsistency found in `shared/seeds/000_17a92ddd17238a97.txt` while rebuilding its "
           "workbooks. Cells are those of OUR main workbook `workbooks/renja_disnaker_pontianak_2024.xlsx`. "
           "Generated by `workbooks/scripts/make_errata.py` (also `errata.json`); the corrections listed "
           "are in `corrections.json` and applied by the build to `workbooks/corrected/`.", "",
           "## Count per category", "", "| category | entries |", "| --- | --- |"]
    out += [f"| {c} | {n} |" for c, n in sorted(cats.items())]
    out += ["", f"Total: {len(entries)} entries.", "", "## Entries", "",
            "| id | cell | category | what is wrong | expected | actual | corrections |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    for e in entries:
        out.append(f"| {e['id']} | '{e['sheet']}'!{e['cell']} | {e['category']} | {esc(e['description'])} | "
                   f"{esc(e['expected'])} | {esc(e['actual'])} | {', '.join(e['corrections']) or 'none'} |")
    assumed = [c for c in corrections if c["reason"].startswith("assumed")]
    out += ["", "## Assumed corrections", "",
            "The seed cannot tell the right value of these cells; the corrected copies hold a plausible value "
            "consistent with the rest of the document (the reason says why this one).", "",
            "| correction | table | seed line | field | seed value | corrected | reason |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    out += [f"| {c['id']} | {c['table']} | {c['line']} | {c['field']} | {esc(c['wrong'])} | {esc(c['right'])} | "
            f"{esc(c['reason'])} |" for c in assumed]
    return "\n".join(out) + "\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=bw.DEFAULT_SOURCE)
    args = ap.parse_args(argv)
    data = bw.load_source(args.source)
    with tempfile.TemporaryDirectory() as tmp:
        cmap = bw.build_main(data, Path(tmp) / bw.MAIN)
    er = Errata(data, cmap)
    er.run()
    (args.source / "errata.json").write_text(json.dumps({"seed": "000_17a92ddd17238a97", "entries": er.entries},
                                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.source / "corrections.json").write_text(json.dumps({"corrections": er.corrections}, ensure_ascii=False,
                                                             indent=1) + "\n", encoding="utf-8")
    (args.source / "ERRATA.md").write_text(markdown(er.entries, er.corrections), encoding="utf-8")
    print(len(er.entries), "errata,", len(er.corrections), "corrections")


if __name__ == "__main__":
    main()
