"""The sample Renja against its corrected copy (workbooks/corrected/): every cell the
correction changed in a compared column of the plan tables is reported as a change, at that
cell, and nothing else is. The changed cells are found here by reading both files with
python-calamine, not by reconcile."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from reconcile.compare import compare_files
from conftest import WORKBOOKS

A = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
B = WORKBOOKS / "corrected" / "renja_disnaker_pontianak_2024.xlsx"
# Compared columns of the two plan tables, checked against their headers below: name,
# indicators, lokasi, targets, pagu of the plan year, sumber dana (Tabel 4.1 also the 2025 tolok
# ukur and target; its 2025 pagu, column N, is a prakiraan maju and not compared).
COLUMNS = {"Tabel 4.1": "BCDEFGHIJKLM", "Tabel 3.2": "BCDEFGHIJK"}
HEADER_WORDS = {"B": "program", "C": "capaian program", "D": "keluaran", "E": "hasil", "F": "lokasi",
                "G": "target", "H": "keluaran", "I": "hasil", "J": "pagu", "K": "sumber dana",
                "L": "tolak ukur", "M": "target"}


def key(v) -> str:
    """Case, spacing and punctuation aside (what the comparison documents as 'the same')."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(v).lower()).split())


def changed_cells(sheet: str) -> set[str]:
    from python_calamine import CalamineWorkbook

    ra = CalamineWorkbook.from_path(str(A)).get_sheet_by_name(sheet).to_python()
    rb = CalamineWorkbook.from_path(str(B)).get_sheet_by_name(sheet).to_python()
    head = next(r for r, line in enumerate(ra) if str(line[0]).strip() == "No")
    for letter in COLUMNS[sheet]:
        text = " ".join(str(ra[r][ord(letter) - 65]).lower() for r in range(head, head + 3))
        assert HEADER_WORDS[letter] in text, (sheet, letter, text)
    out = set()
    for r in range(head + 3, max(len(ra), len(rb))):
        la, lb = ra[r], rb[r]
        if key(la[1]).startswith(("urusan", "unsur")):
            continue  # the urusan row: not a program, kegiatan or sub kegiatan
        for letter in COLUMNS[sheet]:
            c = ord(letter) - 65
            va, vb = la[c], lb[c]
            if va == vb or (va != "" and vb != "" and key(va) == key(vb)):
                continue
            if letter == "B" and la[0] == "" and lb[0] and key(va) == key(f"{lb[0]} {vb}"):
                continue  # the letter moved from the name cell to the No column: same name
            out.add(f"{letter}{r + 1}")
    return out


@pytest.fixture(scope="module")
def comparison():
    return compare_files(A, B)


@pytest.mark.parametrize("sheet", sorted(COLUMNS))
def test_every_corrected_cell_is_a_change_and_nothing_else(comparison, sheet):
    expected = changed_cells(sheet)
    assert len(expected) > 40
    found = {f.cell for f in comparison.findings if f.sheet == sheet}
    assert found == expected
    if sheet == "Tabel 4.1":  # the main table: its changed rows are the unit's changed items
        assert len({re.sub(r"[A-Z]+", "", c) for c in expected}) == 41 == comparison.units[0].changed


def test_changes_are_warnings_or_info_with_both_values(comparison):
    c = comparison
    assert c.status == "ok" and c.exit_code == 0
    assert {f.severity for f in c.findings} <= {"warning", "info"}
    counts = Counter(f.rule for f in c.findings if f.sheet == "Tabel 4.1")
    assert counts["CMP-TARGET"] == 24 and not counts["CMP-ONLY-A"] and not counts["CMP-ONLY-B"]
    g11 = next(f for f in c.findings if (f.sheet, f.cell) == ("Tabel 4.1", "G11"))
    assert g11.rule == "CMP-TARGET" and (g11.expected, g11.actual) == ("100%", "95%")
    assert "pada versi sebelumnya (renja_disnaker_pontianak_2024.xlsx): '100%'" in g11.message
    assert g11.related == ["renja_disnaker_pontianak_2024.xlsx:'Tabel 4.1'!G11"]
    j58 = next(f for f in c.findings if (f.sheet, f.cell) == ("Tabel 3.2", "J58"))
    assert j58.rule == "CMP-PAGU" and (j58.expected, j58.actual) == ("kosong/tidak terbaca", "Rp 93.000.000")


def test_renamed_items_are_paired_and_said(comparison):
    # 'Penyusunan Rencana Tenaga Kerja Mikro' became 'Fasilitasi Penyusunan …' (the official name):
    # one item renamed, not one removed and one added.
    b44 = next(f for f in comparison.findings if (f.sheet, f.cell) == ("Tabel 4.1", "B44"))
    assert b44.rule == "CMP-NAME"
    assert (b44.expected, b44.actual) == ("Penyusunan Rencana Tenaga Kerja Mikro",
                                          "Fasilitasi Penyusunan Rencana Tenaga Kerja Mikro")
    assert comparison.total_a == comparison.total_b == 4_704_246_000
