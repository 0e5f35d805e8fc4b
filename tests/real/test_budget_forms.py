"""Issue #13 item 3: real budget forms (DPA-SKPD print layout) read as the item their label :
value block names, with their budget lines as canonical volume / harga satuan / jumlah.

The truth is `tests/real/facts/budget_forms_omanjaya.json`, written by
`tests/real/budget_form_facts.py` with python-calamine and plain Python (never the reader).
Runs wherever `../shared` exists."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SHARED

FACTS = json.loads((Path(__file__).parent / "facts" / "budget_forms_omanjaya.json").read_text(encoding="utf-8"))
REAL = SHARED / "real-workbooks"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-workbooks is not here")


def _dpa(name):
    from reconcile.read import read_workbook

    wb = read_workbook(REAL / name)
    (table,) = [t for t in wb.tables if t.sheet == FACTS["files"][name]["sheet"]]
    return wb, table


@pytest.mark.parametrize("name", sorted(FACTS["files"]))
def test_budget_lines_read_as_volume_price_and_amount(name):
    facts = FACTS["files"][name]
    _, table = _dpa(name)
    assert table.kind == "rka"
    assert {f: table.columns[f] for f in facts["columns"]} == facts["columns"]
    assert facts["header_row"] in table.header_rows
    level, jumlah = table.column("level"), table.column("jumlah")
    lines = [r for r in table.rows if level[r] == "detail"]
    assert lines == facts["line_rows"]
    assert round(sum(jumlah[r] for r in lines)) == facts["lines_total"]
    # each line hangs under the kode rekening row above it, never under another line
    parents = {table.value("parent", r) for r in lines}
    assert parents and all(p and level[p] != "detail" and table.value("code__raw", p) for p in parents)


@pytest.mark.parametrize("name", sorted(FACTS["files"]))
def test_label_block_names_the_item_of_every_line(name):
    block = FACTS["files"][name]["block"]
    _, table = _dpa(name)
    for label, key in (("Program", "program"), ("Kegiatan", "kegiatan"), ("ORGANISASI", "unit")):
        code, _, title = block[label]["value"].partition(" - ")
        entry = table.form[key]
        assert (entry.code, entry.name, entry.cell) == (code, title, block[label]["cell"]), key
    kegiatan = block["Kegiatan"]["value"].split(" - ")[0]
    assert set(table.column("key_kegiatan").values()) == {kegiatan}
    assert set(table.column("unit").values()) == {block["ORGANISASI"]["value"].split(" - ")[0]}
    # "Jumlah Tahun n" is the pagu; the lines add up to it
    pagu = table.form["pagu"]
    assert pagu.cell == block["Jumlah Tahun n"]["cell"]
    assert int(re.sub(r"\D", "", pagu.value.split(",")[0])) == FACTS["files"][name]["lines_total"]


def test_no_false_rincian_kali_on_the_real_forms():
    from reconcile.checks import run_rules
    from reconcile.config import Config

    for name, facts in FACTS["files"].items():
        wb, table = _dpa(name)
        found = [(f.sheet, f.cell) for f in run_rules(wb, Config(), "id", {"RINCIAN-KALI"})]
        assert found == [(facts["sheet"], f"{facts['columns']['jumlah']}{r}") for r in facts["lines_not_volume_x_price"]]


@pytest.mark.parametrize("name", sorted(FACTS["files"]))
def test_money_sum_of_a_form_is_its_lines(name):
    _, table = _dpa(name)
    assert round(table.money_sum("jumlah")) == FACTS["files"][name]["lines_total"]
