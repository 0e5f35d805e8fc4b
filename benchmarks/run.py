"""Benchmark: `reconcile check` / `annotate` against the floors, same files, one run.

    python benchmarks/run.py [--quick] [--runs N] [--rows 1000,10000,50000] [--json OUT]

For each workbook (the seed workbook and generated RKPD-like ones) it measures the wall time
and peak memory (max RSS of the child process, from wait4) of, each as a fresh process:

* check     `reconcile check FILE --format json` (output to /dev/null)
* check_1cpu the same, pinned to one CPU with `taskset` (large workbooks run their rules on
            two cores; this shows the one-core figure), where taskset exists
* annotate  `reconcile check FILE -o OUT` (the patched copy; ratios annotate/check and the
            seconds annotate takes beyond check, the targets of issue #17)
* calamine  read every value with python-calamine (the floor for reading)
* openpyxl  `openpyxl.load_workbook(FILE)` (normal mode)
* op_save   openpyxl load + save (the floor for writing a copy)
* imports   import pandas, pandera, openpyxl, python_calamine and read the file with calamine
            (the bare floor of a Python process doing this job; the target for the seed)

The real workbooks in `REAL` (when ../shared is there; not in quick mode) are measured the
same way, with their time per data row beside the generated workbooks'.

and a batch: `reconcile check DIR --format json` over 100 copies of the seed workbook (10 in
quick mode) with `--jobs 1` and with `--jobs 2`, as workbooks per second.

It prints medians over the runs and the ratios the performance issue sets targets for, and
writes everything as JSON. Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SEED = ROOT / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"
# Real workbooks measured beside the generated ones, where ../shared is present: the Kota
# Banjarmasin APBD 2025 down to standar harga (24,398 detail rows, a VLOOKUP per row).
REAL = [ROOT.parent / "shared" / "real-workbooks" / "asrani27__pergeseran__rekeningbelanja.xlsx"]

FLOORS = {
    "calamine": "from python_calamine import CalamineWorkbook as W\nb=W.from_path({f!r})\n"
                "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]",
    "openpyxl": "import openpyxl\nopenpyxl.load_workbook({f!r})",
    "op_save": "import openpyxl\nopenpyxl.load_workbook({f!r}).save({o!r})",
    "imports": "import pandas, pandera.pandas, openpyxl\nfrom python_calamine import CalamineWorkbook as W\n"
               "b=W.from_path({f!r})\n[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]",
}


def measure(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one child process.

    Linux counts in a child's max RSS the memory of the parent it was forked from, up to the
    exec: this process must stay small (the workbooks are generated in a child of their own),
    or every figure reads the parent's size."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise RuntimeError(f"{cmd} exited {code}")
    return elapsed, usage.ru_maxrss / 1024


def commands(path: Path, tmp: Path) -> dict[str, list[str]]:
    exe = shutil.which("reconcile") or None
    base = [exe] if exe else [PY, "-m", "reconcile"]
    out = tmp / "out.xlsx"
    cmds = {
        "check": base + ["check", str(path), "--format", "json"],
        "annotate": base + ["check", str(path), "-o", str(tmp / "annotated.xlsx")],
    }
    taskset = shutil.which("taskset")
    if taskset:
        cmds["check_1cpu"] = [taskset, "-c", "0"] + cmds["check"]
    for name, code in FLOORS.items():
        cmds[name] = [PY, "-c", code.format(f=str(path), o=str(out))]
    return cmds


def bench_file(path: Path, runs: int, tmp: Path) -> dict:
    results = {}
    for name, cmd in commands(path, tmp).items():
        samples = [measure(cmd) for _ in range(runs)]
        results[name] = {"seconds": statistics.median(s for s, _ in samples),
                         "peak_mib": statistics.median(m for _, m in samples),
                         "runs": runs}
    s = {k: v["seconds"] for k, v in results.items()}
    ratios = {
        "check/imports": s["check"] / s["imports"],
        "check/calamine": s["check"] / s["calamine"],
        **({"check_1cpu/calamine": s["check_1cpu"] / s["calamine"]} if "check_1cpu" in s else {}),
        "annotate/op_save": s["annotate"] / s["op_save"],
        "annotate/check": s["annotate"] / s["check"],  # issue #17: <= 1.2 at 50,000 rows
        "annotate-check_s": s["annotate"] - s["check"],  # issue #17: <= 0.15 s for the seed
        "openpyxl/calamine": s["openpyxl"] / s["calamine"],
    }
    size = path.stat().st_size
    return {"file": path.name, "bytes": size, "results": results, "ratios": ratios,
            "check_peak_vs_file_size": results["check"]["peak_mib"] * 1024 * 1024 / size}


def bench_batch(folder: Path, n: int, runs: int) -> dict:
    """Workbooks per second of `reconcile check FOLDER` over `n` copies of the seed."""
    folder.mkdir()
    for i in range(n):
        shutil.copy(SEED, folder / f"renja_{i:03d}.xlsx")
    exe = shutil.which("reconcile")
    base = [exe] if exe else [PY, "-m", "reconcile"]
    out: dict = {"files": n}
    for jobs in (1, 2):
        cmd = base + ["check", str(folder), "--format", "json", "--jobs", str(jobs), "--quiet"]
        seconds = statistics.median(measure(cmd)[0] for _ in range(runs))
        out[f"jobs{jobs}_seconds"], out[f"jobs{jobs}_per_s"] = seconds, n / seconds
    out["jobs2_vs_jobs1"] = out["jobs2_per_s"] / out["jobs1_per_s"]
    return out


def compile_package() -> None:
    """Byte-compile reconcile's sources, as `pip install` does: where PYTHONDONTWRITEBYTECODE is
    set (as on the machine these figures come from) every run would otherwise compile the
    sources again (~60 ms of the seed's check), which no installed copy does."""
    import compileall

    compileall.compile_dir(str(ROOT / "reconcile"), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="only the seed and 1,000 rows, one run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", default="1000,10000,50000")
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    args = ap.parse_args()
    rows = [1000] if args.quick else [int(x) for x in args.rows.split(",")]
    runs = 1 if args.quick else max(3, args.runs)
    compile_package()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        files = [SEED]
        for n in rows:
            out = tmp / f"rkpd_{n}.xlsx"
            subprocess.run([PY, str(ROOT / "benchmarks" / "generate.py"), str(n), str(out)], check=True,
                           stdout=subprocess.DEVNULL)
            files.append(out)
        report = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                              "cpus": os.cpu_count()},
                  "files": []}
        for path in files:
            entry = bench_file(path, runs, tmp)
            entry["rows"] = None if path == SEED else int(path.stem.split("_")[1])
            report["files"].append(entry)
            print(_line(entry), flush=True)
        report["real"] = []
        for path in ([] if args.quick else [p for p in REAL if p.is_file()]):
            entry = bench_file(path, runs, tmp)
            entry["rows"] = _data_rows(path)
            entry["check_ms_per_row"] = entry["results"]["check"]["seconds"] * 1000 / entry["rows"]
            report["real"].append(entry)
            print(_line(entry) + f"\n    check per row: {entry['check_ms_per_row']:.3f} ms", flush=True)
        report["batch"] = bench_batch(tmp / "batch", 10 if args.quick else 100, runs)
        b = report["batch"]
        print(f"batch of {b['files']} seed copies: --jobs 1 {b['jobs1_per_s']:.1f}/s, --jobs 2 "
              f"{b['jobs2_per_s']:.1f}/s = {b['jobs2_vs_jobs1']:.2f}x", flush=True)
    for e in report["files"]:
        if e["rows"]:
            e["check_ms_per_row"] = e["results"]["check"]["seconds"] * 1000 / e["rows"]
    per_row = [(e["rows"], e["results"]["check"]["seconds"] / e["rows"]) for e in report["files"] if e["rows"]]
    if len(per_row) > 1:
        report["growth_per_row_last_vs_first"] = per_row[-1][1] / per_row[0][1]
        print(f"growth: time per row at {per_row[-1][0]} rows / at {per_row[0][0]} rows = "
              f"{report['growth_per_row_last_vs_first']:.2f}")
    Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written {args.json}")


def _data_rows(path: Path) -> int:
    """Rows below the first of the first sheet (counted in a child: this process stays small)."""
    code = ("from python_calamine import CalamineWorkbook as W\n"
            f"print(len(W.from_path({str(path)!r}).get_sheet_by_index(0).to_python()) - 1)")
    return int(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout)


def _line(e: dict) -> str:
    r = e["results"]
    cols = " ".join(f"{k}={v['seconds']:.2f}s/{v['peak_mib']:.0f}MiB" for k, v in r.items())
    rat = " ".join(f"{k}={v:.2f}" for k, v in e["ratios"].items())
    return f"{e['file']} ({e['bytes'] // 1024} KiB): {cols}\n    ratios: {rat}"


if __name__ == "__main__":
    main()
