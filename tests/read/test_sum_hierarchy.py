"""Hierarchy from the formulas (issue #13): a row whose money cell sums rows below it is their
parent, when no code, wording or numbering says the level."""
from __future__ import annotations

from conftest import Formula

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.read.hierarchy import summed_rows

HEADER = ["Uraian", "Indikator", "Target", "Pagu Indikatif"]


def _rows(kegiatan_b=110):
    return [HEADER,
            ["Pelayanan Administrasi Perkantoran", "Persentase layanan", "100%", Formula("=D3+D6", 300 + kegiatan_b)],
            ["Penyediaan Jasa Kantor", "Jumlah jasa", "12 Bulan", Formula("=SUM(D4:D5)", 300)],
            ["Jasa listrik", "Jumlah bulan", "12 Bulan", 100],
            ["Jasa telepon", "Jumlah bulan", "12 Bulan", 200],
            ["Pemeliharaan Gedung", "Jumlah gedung", "2 Unit", Formula("=SUM(D7:D8)", kegiatan_b)],
            ["Pemeliharaan gedung utama", "Jumlah gedung", "1 Unit", 50],
            ["Pemeliharaan gedung arsip", "Jumlah gedung", "1 Unit", 60]]


def test_summed_rows_reads_sum_subtotal_and_plus():
    assert summed_rows("SUM(E6:E9)", "E") == [6, 7, 8, 9]
    assert summed_rows("=SUBTOTAL(9,$E$6:$E$7)", "E") == [6, 7]
    assert summed_rows("E6+E8+E12", "E") == [6, 8, 12]
    assert summed_rows("SUM(F6:F9)", "E") == [] and summed_rows("E6*2", "E") == []


def test_levels_and_parents_follow_the_sums(xlsx):
    (table,) = read_workbook(xlsx({"Renja": _rows()})).tables
    levels = {r: table.value("level", r) for r in table.rows}
    assert levels == {2: "program", 3: "kegiatan", 4: "sub_kegiatan", 5: "sub_kegiatan", 6: "kegiatan",
                      7: "sub_kegiatan", 8: "sub_kegiatan"}
    assert [table.value("parent", r) for r in (3, 4, 6, 8)] == [2, 3, 2, 6]
    assert table.item_counts() == {"program": 1, "kegiatan": 2, "sub_kegiatan": 4}


def test_a_parent_whose_cached_total_is_not_its_childrens_sum_is_found(xlsx):
    """A formula's stored value that differs from its children: now that the parent is known,
    PAGU-SUM compares them."""
    path = xlsx({"Renja": _rows(kegiatan_b=999)})
    found = [f for f in run_rules(read_workbook(path), Config(), "id", {"PAGU-SUM"})]
    assert "D6" in {f.cell for f in found}
