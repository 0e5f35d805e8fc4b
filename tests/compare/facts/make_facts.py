"""Facts of the real stage-to-stage pairs of Kab. Buru 2024, read from the cells with
python-calamine alone (no reconcile code), for tests/compare/test_real_pairs.py.

An item is a (KODE SKPD, KODE SUB KEGIATAN) pair; its pagu the sum of the PAGU (Nilai) of its
lines. Run from the repository root:  python tests/compare/facts/make_facts.py
"""
import json
from collections import defaultdict
from pathlib import Path

from python_calamine import CalamineWorkbook

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "real-workbooks"
HERE = Path(__file__).resolve().parent
PAIRS = {
    "buru_murni_perubahan": ("bpkadkabburu__sipd-ri__2024_rekap_apbd_murni.xlsx",
                             "bpkadkabburu__sipd-ri__2024_rekap_perubahan_1.xlsx"),
    "buru_kuappas_murni": ("bpkadkabburu__sipd-ri__2024_KUAPPAS-SUBKEGIATAN-9-10-2023.xlsx",
                           "bpkadkabburu__sipd-ri__2024_rekap_apbd_murni.xlsx"),
}
# Header words of the unit code, sub kegiatan code and money columns in these exports.
UNIT = ("KODE SKPD",)
SUB = ("KODE SUB KEGIATAN", "KODE")
MONEY = ("PAGU", "NILAI")


def items(name):
    rows = CalamineWorkbook.from_path(str(REAL / name)).get_sheet_by_index(0).to_python()
    head = [str(h).strip().upper() for h in rows[0]]
    unit = next(head.index(h) for h in UNIT if h in head)
    sub = next(head.index(h) for h in SUB if h in head)
    money = next(head.index(h) for h in MONEY if h in head)
    pagu = defaultdict(float)
    for r in rows[1:]:
        if not r[sub]:
            continue
        v = r[money]
        pagu[(r[unit], r[sub])] += v if isinstance(v, (int, float)) else 0.0
    return pagu


def facts(a_name, b_name):
    a, b = items(a_name), items(b_name)
    removed = sorted(set(a) - set(b))
    added = sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if abs(a[k] - b[k]) > 1)
    units = sorted({u for u, _ in a} | {u for u, _ in b})
    return {
        "a": a_name, "b": b_name,
        "total_a": sum(a.values()), "total_b": sum(b.values()),
        "removed": [[u, s, a[(u, s)]] for u, s in removed],
        "added": [[u, s, b[(u, s)]] for u, s in added],
        "changed": [[u, s, a[(u, s)], b[(u, s)]] for u, s in changed],
        "units": {u: {"total_a": sum(v for (x, _), v in a.items() if x == u) if any(x == u for x, _ in a) else None,
                      "total_b": sum(v for (x, _), v in b.items() if x == u) if any(x == u for x, _ in b) else None}
                  for u in units},
    }


if __name__ == "__main__":
    for key, (a_name, b_name) in PAIRS.items():
        out = HERE / f"{key}.json"
        out.write_text(json.dumps(facts(a_name, b_name), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(out)
