"""NUMBERING-IN-NAME and LEVEL-STYLE."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = ["No", "Uraian", "Indikator", "Pagu Indikatif 2024"]


def _run(path, code):
    return run_rules(read_workbook(path), Config(), "id", only={code})


def _table(letter_in_name: bool):
    rows = [HEADER, ["I", "PROGRAM PENUNJANG", "x", 30]]
    rows.append([None, "A Perencanaan Penganggaran", "x", 10] if letter_in_name else ["A", "Perencanaan Penganggaran", "x", 10])
    rows.append([1, "Penyusunan Dokumen", "x", 10])
    rows.append(["B", "Administrasi Keuangan", "x", 20])
    rows.append([2, "Penyediaan Gaji", "x", 20])
    return rows


def test_numbering_in_name(xlsx):
    (f,) = _run(xlsx({"S": _table(True)}), "NUMBERING-IN-NAME")
    assert (f.rule, f.sheet, f.cell, f.severity) == ("NUMBERING-IN-NAME", "S", "B3", "info")
    assert f.expected == "A3 = A" and "Pindahkan 'A'" in f.message


def test_numbering_in_its_own_column_is_fine(xlsx):
    assert _run(xlsx({"S": _table(False)}), "NUMBERING-IN-NAME") == []


def _kegiatan_rows(n):
    rows = [HEADER, ["I", "PROGRAM SATU", "x", 0]]
    for i in range(n):
        letter = chr(65 + i)
        rows += [[letter, f"Kegiatan {letter}", "x", 0], [i + 1, f"Sub {i + 1}", "x", 0]]
    return rows


def test_level_style_flags_the_one_plain_kegiatan(xlsx):
    rows = _kegiatan_rows(5)
    bold = {3, 5, 7, 9}  # kegiatan A-D bold (rows 3,5,7,9), E on row 11 plain
    findings = _run(xlsx({"S": rows}, bold_rows={"S": bold | {2}}), "LEVEL-STYLE")
    assert [(f.cell, f.severity) for f in findings] == [("B11", "info")]
    assert "Kegiatan E" in findings[0].message and "4 dari 5" in findings[0].message


def test_level_style_silent_when_all_alike(xlsx):
    rows = _kegiatan_rows(5)
    assert _run(xlsx({"S": rows}, bold_rows={"S": {2, 3, 5, 7, 9, 11}}), "LEVEL-STYLE") == []
