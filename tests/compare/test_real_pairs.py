"""`compare` on real stage-to-stage pairs of Kab. Buru 2024 against facts read from the cells
by tests/compare/facts/make_facts.py (python-calamine only, no reconcile code)."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from reconcile.compare import compare_files

HERE = Path(__file__).resolve().parent
REAL = HERE.parents[1].parent / "shared" / "real-workbooks"


def facts(name):
    return json.loads((HERE / "facts" / f"{name}.json").read_text(encoding="utf-8"))


def run(name, lang="id"):
    f = facts(name)
    a, b = REAL / f["a"], REAL / f["b"]
    if not (a.exists() and b.exists()):
        pytest.skip("real workbooks not present")
    return f, compare_files(a, b, lang=lang)


def cells(name):
    """{row: {header: value}} of the export's one sheet, read with python-calamine."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(REAL / name)).get_sheet_by_index(0).to_python()
    head = [str(h).strip().upper() for h in rows[0]]
    return {r: dict(zip(head, line)) for r, line in enumerate(rows, start=1)}


ROW = re.compile(r"!([A-Z]+)([0-9]+)$")


def pairs(findings, rule, f):
    """(KODE SKPD, sub kegiatan code) of each finding of `rule`, read from the cells it points
    at: in B (its cell) for items of B, in A (its related cell) for items only in A."""
    a, b = cells(f["a"]), cells(f["b"])
    out = set()
    for x in findings:
        if x.rule != rule:
            continue
        if rule == "CMP-ONLY-A":
            line = a[int(ROW.search(x.related[0]).group(2))]
        else:
            line = b[int(re.search(r"[0-9]+$", x.cell).group(0))]
        out.add((line["KODE SKPD"], line.get("KODE SUB KEGIATAN") or line.get("KODE")))
    return out


@pytest.fixture(scope="module")
def murni_perubahan():
    return run("buru_murni_perubahan")


def test_murni_vs_perubahan_lists_exactly_the_19_17_6(murni_perubahan):
    f, c = murni_perubahan
    assert c.status == "ok"
    assert {u.code for u in c.units} == set(f["units"])
    assert pairs(c.findings, "CMP-ONLY-A", f) == {(u, s) for u, s, _ in f["removed"]}
    assert pairs(c.findings, "CMP-ONLY-B", f) == {(u, s) for u, s, _ in f["added"]}
    assert pairs(c.findings, "CMP-PAGU", f) == {(u, s) for u, s, _, _ in f["changed"]}
    assert (len(f["removed"]), len(f["added"]), len(f["changed"])) == (19, 17, 6)
    counts = Counter(x.rule for x in c.findings)
    assert counts["CMP-ONLY-A"] == 19 and counts["CMP-ONLY-B"] == 17 and counts["CMP-PAGU"] == 6
    # Both stages of one budget: changes are warnings, never errors.
    assert not [x for x in c.findings if x.severity == "error"]
    assert c.exit_code == 0


def test_murni_vs_perubahan_equal_grand_totals_and_unit_totals(murni_perubahan):
    f, c = murni_perubahan
    assert c.total_a == f["total_a"] == 866_035_384_427
    assert c.total_b == f["total_b"] == 866_035_384_427
    for u in c.units:
        assert (u.total_a, u.total_b) == (f["units"][u.code]["total_a"], f["units"][u.code]["total_b"]), u.code
    moved = {code for code, t in f["units"].items() if abs(t["total_a"] - t["total_b"]) > 1}
    said = {u.code for u in c.units for x in c.findings
            if x.rule == "CMP-UNIT-TOTAL" and x.sheet == u.sheet and x.cell == u.cell}
    assert said == moved


def test_murni_vs_perubahan_pagu_numbers_and_cells(murni_perubahan):
    f, c = murni_perubahan
    # 5.02.02.2.04.0009: Rp 3.000.000.000 in murni, Rp 1.033.079.337 in perubahan (read from the cells).
    u, s, before, after = next(x for x in f["changed"] if x[1] == "5.02.02.2.04.0009")
    hit = [x for x in c.findings if x.rule == "CMP-PAGU" and "(5.02.02.2.04.0009)" in x.message]
    assert len(hit) == 1
    x = hit[0]
    assert (x.expected, x.actual) == ("Rp 3.000.000.000", "Rp 1.033.079.337") == (
        "Rp " + f"{before:,.0f}".replace(",", "."), "Rp " + f"{after:,.0f}".replace(",", "."))
    assert "selisih -Rp 1.966.920.663" in x.message and "pada versi sebelumnya" in x.message
    # Located in B on the sub kegiatan's name cell (column P: NAMA SUB KEGIATAN), A's cell related.
    assert x.sheet == "Sheet 1" and x.cell.startswith("P")
    assert x.related and x.related[0].startswith(f["a"] + ":'Sheet 1'!U")


def test_removed_item_recoded_under_generic_code_is_said(murni_perubahan):
    _, c = murni_perubahan
    x = next(x for x in c.findings if x.rule == "CMP-ONLY-A" and "(X.XX.01.2.02.0001)" in x.message
             and "1.06.01.2.02.0001" in x.message)
    assert "Rp 2.697.092.746" in x.message


def test_english_messages():
    f, c = run("buru_murni_perubahan", lang="en")
    x = next(x for x in c.findings if x.rule == "CMP-PAGU")
    assert "in the previous version" in x.message and "difference" in x.message


def test_kuappas_vs_murni():
    f, c = run("buru_kuappas_murni")
    assert c.status == "ok"
    assert {u.code for u in c.units} == set(f["units"])
    assert pairs(c.findings, "CMP-ONLY-A", f) == {(u, s) for u, s, _ in f["removed"]}
    assert pairs(c.findings, "CMP-ONLY-B", f) == {(u, s) for u, s, _ in f["added"]}
    assert (len(f["removed"]), len(f["added"])) == (175, 19)
    # The KUA-PPAS list's Nilai column is 0 on every line: it carries no pagu, so no amount is
    # compared (830 'changes' from 0 would all be false alarms).
    assert f["total_a"] == 0
    assert not [x for x in c.findings if x.rule in ("CMP-PAGU", "CMP-RINCIAN", "CMP-UNIT-TOTAL")]
