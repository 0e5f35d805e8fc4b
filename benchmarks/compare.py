"""Benchmark: `reconcile compare A B` against checking both files, same files, one run.

    python benchmarks/compare.py [--runs N] [--json OUT]

Each command runs as a fresh process (wall time and peak memory from wait4, medians of the
runs), on the two 5,474-row SIPD-RI exports of Kab. Buru 2024 (APBD murni and perubahan 1)
and on the sample Renja against its corrected copy:

* check_both  `reconcile check A B --format json` (one process checking both files)
* compare     `reconcile compare A B --format json` (the command object, run the way the CLI
              runs it: `python -c` calling `reconcile.compare.command.compare`)
* compare_annotate  the same with `-o OUT` (B's annotated copy with the Perbandingan sheet)

The target (issue #15): compare / check_both <= 1.5. Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import PY, ROOT, compile_package, measure  # noqa: E402 - the other benchmark's process timer

REAL = ROOT.parent / "shared" / "real-workbooks"
PAIRS = [
    ("Kab. Buru 2024: APBD murni vs perubahan 1 (SIPD-RI rekap, 5,474 rows each)",
     REAL / "bpkadkabburu__sipd-ri__2024_rekap_apbd_murni.xlsx",
     REAL / "bpkadkabburu__sipd-ri__2024_rekap_perubahan_1.xlsx"),
    ("sample Renja vs its corrected copy",
     ROOT / "workbooks" / "renja_disnaker_pontianak_2024.xlsx",
     ROOT / "workbooks" / "corrected" / "renja_disnaker_pontianak_2024.xlsx"),
]
COMPARE = "import sys\nfrom reconcile.compare.command import compare\nsys.argv[0] = 'reconcile compare'\ncompare()"


def commands(a: Path, b: Path, out: Path) -> dict[str, list[str]]:
    return {
        "check_both": [PY, "-m", "reconcile", "check", str(a), str(b), "--format", "json"],
        "compare": [PY, "-c", COMPARE, str(a), str(b), "--format", "json"],
        "compare_annotate": [PY, "-c", COMPARE, str(a), str(b), "--format", "json", "-o", str(out)],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    compile_package()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, a, b in PAIRS:
            if not (a.exists() and b.exists()):
                print(f"{label}: skipped (files not present)")
                continue
            out = Path(tmp) / "b.diperiksa.xlsx"
            entry = {"pair": label, "a": a.name, "b": b.name}
            for name, cmd in commands(a, b, out).items():
                times, peaks = [], []
                for _ in range(args.runs):
                    if out.exists():
                        out.unlink()
                    t, peak = measure(cmd)
                    times.append(t)
                    peaks.append(peak)
                entry[name] = {"seconds": statistics.median(times), "peak_mib": statistics.median(peaks)}
            entry["compare_over_check_both"] = entry["compare"]["seconds"] / entry["check_both"]["seconds"]
            results.append(entry)
            print(f"{label}: check both {entry['check_both']['seconds']:.2f} s, compare "
                  f"{entry['compare']['seconds']:.2f} s ({entry['compare_over_check_both']:.2f}x), compare + "
                  f"annotated copy {entry['compare_annotate']['seconds']:.2f} s; peak "
                  f"{entry['check_both']['peak_mib']:.0f} / {entry['compare']['peak_mib']:.0f} MiB")
    doc = {"machine": {"python": platform.python_version(), "platform": platform.platform()},
           "runs": args.runs, "results": results}
    if args.json:
        args.json.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
