"""Rules split over a forked child give the same findings, in the same order, as in one process."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reconcile.checks import parallel, run_rules
from reconcile.checks.base import Finding
from reconcile.config import default_rules_dir, load_config
from reconcile.read import read_workbook

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
                                reason="needs fork and two cores")


def _config(tmp_path: Path, min_rows: int):
    rules = tmp_path / f"rules_{min_rows}"
    rules.mkdir()
    text = (default_rules_dir() / "settings.yaml").read_text(encoding="utf-8")
    (rules / "settings.yaml").write_text(
        text.replace("parallel_min_rows: 5000", f"parallel_min_rows: {min_rows}"), encoding="utf-8")
    return load_config(rules)


@pytest.mark.parametrize("name", ["renja_disnaker_pontianak_2024.xlsx", "renja_disnaker_pontianak_2024_sipd.xlsx"])
def test_split_equals_one_process(tmp_path, monkeypatch, name):
    calls = []
    real = parallel.run_split
    monkeypatch.setattr(parallel, "run_split", lambda *a: calls.append(a[0]) or real(*a))
    wb = read_workbook(ROOT / "workbooks" / name)
    one = run_rules(wb, _config(tmp_path, 0), "en")
    assert calls == []  # 0 turns splitting off
    split = run_rules(read_workbook(ROOT / "workbooks" / name), _config(tmp_path, 1), "en")
    assert calls and calls[0] >= 9  # really split: every unit of families
    assert len(one) > 50
    assert [f.to_json() for f in split] == [f.to_json() for f in one]


def _fake(i: int) -> list[Finding]:
    return [Finding(f"R{i}", "error", "S", f"A{i}", f"m{i}"), Finding(f"R{i}", "info", "S", f"B{i}", "x")]


def _unit_runner(units, run_one):
    return lambda u: [run_one(i) for i in units[u]]


def test_findings_come_back_in_rule_order():
    families = ["a", "a", "b", "claims", "c", "crosstable", "b", "d"]
    units = parallel.units_of(families)
    done = parallel.run_split(len(units), _unit_runner(units, _fake))
    out = parallel.in_rule_order(units, done)
    assert [f.cell for f in out] == [c for i in range(len(families)) for c in (f"A{i}", f"B{i}")]


def test_claims_and_crosstable_share_a_unit():
    assert parallel.units_of(["claims", "subtotals", "crosstable", "claims"]) == [[0, 2, 3], [1]]


def test_work_of_a_dying_child_is_done_here():
    parent = os.getpid()

    def run_one(i: int) -> list[Finding]:
        if os.getpid() != parent:
            os._exit(9)  # the child dies on the first unit it takes
        return _fake(i)

    units = parallel.units_of([f"f{i}" for i in range(6)])
    out = parallel.in_rule_order(units, parallel.run_split(len(units), _unit_runner(units, run_one)))
    assert [f.rule for f in out] == [f"R{i}" for i in range(6) for _ in (0, 1)]


def test_a_failing_rule_fails_as_in_one_process():
    # The rule fails wherever it runs: in this process it raises at once; in the child, the
    # child dies and the unit it took is run again here, where it raises. (Failing only here
    # was a race: a fast child could take every unit first.)
    def run_one(i: int) -> list[Finding]:
        raise ValueError("rule bug")

    units = parallel.units_of(["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="rule bug"):
        parallel.run_split(len(units), _unit_runner(units, run_one))


def test_not_with_threads_or_when_disabled(monkeypatch):
    wb = read_workbook(ROOT / "workbooks" / "renja_disnaker_pontianak_2024.xlsx")
    assert parallel.worth_splitting(wb, {"parallel_min_rows": 1})
    assert not parallel.worth_splitting(wb, {"parallel_min_rows": 10 ** 6})
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not parallel.worth_splitting(wb, {"parallel_min_rows": 1})
    finally:
        stop.set()
        t.join()
    monkeypatch.setattr(parallel, "_enabled", False)
    assert not parallel.worth_splitting(wb, {"parallel_min_rows": 1})


def test_scratch_drops_what_a_unit_left_and_keeps_the_rest():
    from reconcile.checks.base import Context, Scratch

    wb = read_workbook(ROOT / "workbooks" / "renja_disnaker_pontianak_2024.xlsx")
    ctx = Context(wb, load_config(None))
    table = wb.tables[0]
    table.column("name")  # a view made before the unit: stays
    ctx.__dict__["_earlier"] = 1
    scratch = Scratch(ctx)
    scratch.mark()
    ctx.__dict__["_unit_cache"] = [1]
    wb.__dict__["_unit_cache"] = {}
    table.__dict__["_unit_memo"] = {}
    table.column("level")
    scratch.release()
    assert "_unit_cache" not in ctx.__dict__ and "_unit_cache" not in wb.__dict__
    assert "_unit_memo" not in table.__dict__ and "level" not in table._views
    assert ctx.__dict__["_earlier"] == 1 and "name" in table._views
    assert table.column("level")  # built again on demand
