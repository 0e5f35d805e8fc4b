"""How many of the seed's known errors (workbooks/source/errata.json) `reconcile check` finds.

An erratum counts as found when a finding points at its cell (or names it among its related
cells). Prints recall per category and the errata missed; `--json` for a machine summary.

    python workbooks/scripts/errata_recall.py [WORKBOOK] [--json]
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cells_with_findings(findings) -> dict[tuple[str, str], set[str]]:
    """(sheet, cell) -> rules of the findings at that cell or naming it among their related cells."""
    at: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in findings:
        at[(f.sheet, f.cell)].add(f.rule)
        for rel in f.related:
            sheet, _, cell = rel.rpartition("!")
            at[(sheet.strip("'").replace("''", "'"), cell)].add(f.rule)
    return at


def match(findings, entries: list[dict]) -> tuple[Counter, Counter, list[dict]]:
    """Errata per category, errata found per category, and the errata missed."""
    at = cells_with_findings(findings)
    total, found = Counter(), Counter()
    missed = []
    for e in entries:
        total[e["category"]] += 1
        if at.get((e["sheet"], e["cell"])):
            found[e["category"]] += 1
        else:
            missed.append(e)
    return total, found, missed


def recall(workbook: Path, errata_path: Path) -> dict:
    from reconcile.config import Config
    from reconcile.run import check_file

    res = check_file(workbook, Config(), "en")
    entries = json.loads(errata_path.read_text(encoding="utf-8"))["entries"]
    total, found, missed = match(res.findings, entries)
    return {"findings": len(res.findings), "errata": len(entries), "found": sum(found.values()),
            "by_category": {c: [found[c], total[c]] for c in sorted(total)},
            "missed": [{"sheet": m["sheet"], "cell": m["cell"], "category": m["category"],
                        "description": m["description"][:120]} for m in missed]}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    workbook = Path(args[0]) if args else ROOT / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"
    out = recall(workbook, ROOT / "workbooks" / "source" / "errata.json")
    if "--json" in sys.argv:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return
    print(f"{out['found']}/{out['errata']} errata found ({out['findings']} findings)")
    for cat, (f, t) in out["by_category"].items():
        print(f"  {cat:<20} {f:>3}/{t:<3}")
    print("missed:")
    for m in out["missed"]:
        print(f"  '{m['sheet']}'!{m['cell']:<5} {m['category']:<18} {m['description']}")


if __name__ == "__main__":
    main()
