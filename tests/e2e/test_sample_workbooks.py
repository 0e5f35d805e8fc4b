"""The sample workbooks in workbooks/: what `inspect` reads from each layout."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import WORKBOOKS

from reconcile.cli import main
from reconcile.read import read_workbook

MAIN = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
SIPD = WORKBOOKS / "renja_disnaker_pontianak_2024_sipd.xlsx"
TEXT = WORKBOOKS / "renja_disnaker_pontianak_2024_teks.xlsx"
TOTAL_2024 = 4_704_246_000
TOTAL_2025 = 5_228_746_000


def _inspect(path):
    result = CliRunner().invoke(main, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["version"] == 1
    return doc["files"][0]


def _plan_table(doc, year_2025=True):
    """The table holding both years (Tabel 4.1 or its SIPD equivalent)."""
    for t in doc["tables"]:
        if t["kind"] == "rincian" and ("pagu_2025" in t["columns"]) == year_2025:
            return t
    raise AssertionError("no plan table")


@pytest.mark.parametrize("path", [MAIN, SIPD, TEXT], ids=["main", "sipd", "teks"])
def test_tabel_4_1_counts_and_totals_in_every_layout(path):
    t = _plan_table(_inspect(path))
    assert t["counts"] == {"program": 5, "kegiatan": 19, "sub_kegiatan": 53}
    assert t["totals"]["pagu_2024"]["sum_of_sub_kegiatan"] == TOTAL_2024
    assert t["totals"]["pagu_2025"]["sum_of_sub_kegiatan"] == TOTAL_2025


def test_main_workbook_tables_and_claims():
    doc = _inspect(MAIN)
    kinds = {(t["sheet"], t["kind"]) for t in doc["tables"]}
    assert {("Tabel 4.1", "rincian"), ("Tabel 3.2", "rincian"), ("Tabel 2.6", "review_rkpd"),
            ("Anggaran", "anggaran")} <= kinds
    t41 = next(t for t in doc["tables"] if t["sheet"] == "Tabel 4.1")
    assert t41["header_rows"][0] < t41["header_rows"][-1]  # a multi-row merged header
    assert t41["columns"]["pagu_2024"] == "J"
    review = next(t for t in doc["tables"] if t["kind"] == "review_rkpd")
    assert review["totals"]["rkpd.pagu_2024"]["declared"] == TOTAL_2024
    claims = {(c["kind"], c["value"]) for c in doc["claims"]}
    assert ("count_sub_kegiatan", 54) in claims and ("count_sub_kegiatan", 53) in claims
    assert ("total_pagu", "4.704.246.00") in claims


@pytest.mark.parametrize("path", [MAIN, SIPD, TEXT], ids=["main", "sipd", "teks"])
def test_provenance_of_a_sub_kegiatan_pagu(path):
    wb = read_workbook(path)
    table = next(t for t in wb.tables if t.kind == "rincian" and "pagu_2025" in t.columns)
    f = table.frame
    (row,) = f.index[(f["level"] == "sub_kegiatan") & (f["name"] == "Penyediaan Gaji dan Tunjangan ASN")]
    assert f.at[row, "pagu_2024"] == 2_858_246_000
    cell = table.cell("pagu_2024", row)
    # the cell the reader names really holds that amount (as a number or as typed text)
    raw = wb.value_at(table.sheet, row, ord(table.columns["pagu_2024"]) - 64)
    assert raw is not None and str(raw).replace(".", "").replace(",", "").replace("Rp", "").strip().startswith("2858246000")
    assert cell == f"{table.columns['pagu_2024']}{row}"
    parent = f.at[row, "parent"]
    assert f.at[parent, "level"] == "kegiatan" and "Administrasi Keuangan" in f.at[parent, "name"]
