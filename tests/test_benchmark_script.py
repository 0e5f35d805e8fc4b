"""The benchmark script keeps working (quick mode); it asserts shapes, never timings."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_benchmark_quick_mode_writes_its_table(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    names = [f["file"] for f in report["files"]]
    assert names[0] == "renja_disnaker_pontianak_2024.xlsx" and "rkpd_1000.xlsx" in names
    for entry in report["files"]:
        assert set(entry["results"]) >= {"check", "annotate", "calamine", "openpyxl", "op_save", "imports"}
        assert all(r["seconds"] > 0 and r["peak_mib"] > 0 for r in entry["results"].values())
        assert set(entry["ratios"]) >= {"check/imports", "check/calamine", "annotate/op_save"}
    assert "ratios:" in proc.stdout
    batch = report["batch"]
    assert batch["files"] == 10 and batch["jobs1_per_s"] > 0 and batch["jobs2_per_s"] > 0
