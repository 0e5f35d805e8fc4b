"""Issue #12: the flat exports a Bappeda receives, read with exact counts and totals per unit.

The truth is `tests/real/facts/*.json`, written by `tests/real/make_facts.py` with python-calamine
and plain Python (never the reader) and checked by hand (`HAND_CHECKS.md`). Each test compares
what `reconcile` reads with it: the table's header row, the distinct programs, kegiatan and
sub kegiatan (within each unit), the sum of every money column to the rupiah, and the same per
unit (OPD). Runs wherever `../shared` exists, as in CI.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

FACTS = Path(__file__).parent / "facts"
REAL = SHARED / "real-workbooks"

# Facts files whose tables are plan tables (the others record non-plan money sheets: HITUNGAN UP,
# PAGU DINAS, EFISIENSI's 3-row headers, a list of rekening with percentages).
PLAN_FACTS = ["rekap_apbd_murni_2024", "rekap_perubahan_1_2024", "kuappas_subkegiatan_2024",
              "rekeningbelanja_banjarmasin_2025", "format_import_ntb", "format_sub_kegiatan_renja_dpa",
              "subkegiatan_rkpd", "emonev_template_impor_sub_kegiatan"]

# Read for their items only: EFISIENSI's 280 money columns per sheet ("Murni", "Trgt Ef", … under
# a sumber dana and a belanja item) are not mapped to money fields yet.
COUNT_FACTS = ["efisiensi_per_subkegiatan_2025"]

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-workbooks is not here")


@pytest.fixture(scope="module")
def read():
    from reconcile.read import read_workbook

    cache: dict[str, object] = {}

    def _read(name: str):
        if name not in cache:
            cache[name] = read_workbook(REAL / name)
        return cache[name]

    return _read


def _unit_code(code: str) -> str:
    return code.strip().rstrip(".")  # a VLOOKUP export writes "1.01.01."; the reader drops the dot


def _plan_tables(facts: dict) -> list[dict]:
    return [t for t in facts["tables"] if t.get("counts") and t["counts"].get("sub_kegiatan")]


@pytest.mark.parametrize("name", PLAN_FACTS)
def test_flat_export_counts_and_totals(name, read):
    facts = json.loads((FACTS / f"{name}.json").read_text(encoding="utf-8"))
    wb = read(facts["file"])
    for expected in _plan_tables(facts):
        table = next((t for t in wb.tables if t.sheet == expected["sheet"]
                      and expected["header_row"] in t.header_rows), None)
        assert table is not None, f"no table read on {expected['sheet']!r} with header row {expected['header_row']}"
        assert table.item_counts() == expected["counts"], expected["sheet"]
        by_header = {path: f for f, path in table.header_paths.items() if table.field_types.get(f) == "money"}
        for header, total in expected["totals"].items():
            assert header in by_header, f"money column {header!r} not read"
            assert round(table.money_sum(by_header[header])) == total, header
        units = dict(table.units())
        for unit in expected.get("units") or []:
            code = _unit_code(unit["code"]) if unit.get("code") else unit["name"]
            assert code in units, f"unit {code} not read"
            assert table.item_counts(code) == unit["counts"], code
            for header, total in (unit.get("totals") or {}).items():
                assert round(table.money_sum(by_header[header], code)) == total, (code, header)


@pytest.mark.parametrize("name", COUNT_FACTS)
def test_one_unit_per_sheet_counts(name, read):
    facts = json.loads((FACTS / f"{name}.json").read_text(encoding="utf-8"))
    wb = read(facts["file"])
    for expected in _plan_tables(facts):
        # (its three header rows are read as one: the two below it hold no code and count nothing)
        table = next((t for t in wb.tables if t.sheet == expected["sheet"]), None)
        assert table is not None, expected["sheet"]
        assert table.item_counts() == expected["counts"], expected["sheet"]
        assert [u for u, _ in table.units()] == [expected["sheet"]]  # one layout on 52 sheets: a unit each


def test_flat_exports_give_no_false_code_or_duplicate_errors(read):
    """The codes of OPDs, sub units, rekening and sumber dana are not plan codes, and the same
    sub kegiatan under two OPDs is two items."""
    from reconcile.checks import run_rules
    from reconcile.config import Config

    for name in ("bpkadkabburu__sipd-ri__2024_rekap_apbd_murni.xlsx",
                 "bpkadkabburu__sipd-ri__2024_KUAPPAS-SUBKEGIATAN-9-10-2023.xlsx"):
        findings = run_rules(read(name), Config(), "id", {"CODE-FORMAT", "DUP-SUBKEG"})
        assert [(f.rule, f.cell, f.message) for f in findings if f.severity == "error"] == [], name
