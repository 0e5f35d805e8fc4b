"""`reconcile inspect`: what the reader understood of a workbook."""
from __future__ import annotations

from typing import Any

from reconcile.read.model import Workbook, quote_sheet


def _counts(table) -> dict[str, int]:
    levels = table.frame["level"].value_counts()
    return {"program": int(levels.get("program", 0)), "kegiatan": int(levels.get("kegiatan", 0)),
            "sub_kegiatan": int(levels.get("sub_kegiatan", 0))}


def _totals(table) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    f = table.frame
    for field in table.fields_of_type("money"):
        total_rows = f[f["level"] == "total"][field].dropna()
        subs = f[f["level"] == "sub_kegiatan"][field]
        declared = float(total_rows.iloc[0]) if len(total_rows) else None
        out[field] = {"declared": declared, "sum_of_sub_kegiatan": float(subs.sum(skipna=True))}
    return out


def inspect_json(wb: Workbook, path: str) -> dict[str, Any]:
    return {
        "path": str(path),
        "tables": [
            {
                "sheet": t.sheet,
                "kind": t.kind,
                "title": t.title,
                "header_rows": t.header_rows,
                "rows": [int(t.frame.index.min()), int(t.frame.index.max())] if len(t.frame) else [],
                "columns": dict(t.columns),
                "header_paths": dict(t.header_paths),
                "counts": _counts(t),
                "totals": _totals(t),
            }
            for t in wb.tables
        ],
        "claims": [
            {"sheet": c.sheet, "cell": c.cell, "kind": c.kind, "value": c.value, "year": c.year}
            for c in wb.claims
        ],
        "problems": [{"kind": p.kind, "sheet": p.sheet, "cell": p.cell, "detail": p.detail} for p in wb.problems],
    }


def inspect_text(wb: Workbook, path: str, lang: str = "id") -> str:
    from reconcile.read.numbers import format_number

    en = lang == "en"
    doc = inspect_json(wb, path)
    lines = [f"{path} ({wb.format}, {len(wb.sheets)} {'sheets' if en else 'lembar'}, "
             f"{len(wb.tables)} {'tables' if en else 'tabel'})"]
    for t in doc["tables"]:
        lines.append("")
        lines.append(f"  {quote_sheet(t['sheet'])} {t['kind']}: {t['title'][:80]}")
        lines.append(f"    {'header rows' if en else 'baris judul kolom'}: {t['header_rows']}, "
                     f"{'data rows' if en else 'baris data'}: {t['rows']}")
        c = t["counts"]
        lines.append(f"    program {c['program']}, kegiatan {c['kegiatan']}, sub kegiatan {c['sub_kegiatan']}")
        for field, col in t["columns"].items():
            lines.append(f"    {col:>3} {field:<28} ← {t['header_paths'][field][:70]}")
        for field, tot in t["totals"].items():
            declared = "-" if tot["declared"] is None else format_number(tot["declared"], lang)
            lines.append(f"    Σ {field}: {'declared' if en else 'total tertulis'} {declared}, "
                         f"{'sum of sub kegiatan' if en else 'jumlah sub kegiatan'} "
                         f"{format_number(tot['sum_of_sub_kegiatan'], lang)}")
    if doc["claims"]:
        lines.append("")
        lines.append("  " + ("claims:" if en else "klaim dalam teks:"))
        for c in doc["claims"]:
            lines.append(f"    {quote_sheet(c['sheet'])}!{c['cell']} {c['kind']} = {c['value']}")
    if doc["problems"]:
        lines.append("")
        lines.append("  " + ("problems:" if en else "masalah pembacaan:"))
        for p in doc["problems"][:50]:
            lines.append(f"    {quote_sheet(p['sheet'])}!{p['cell']} {p['kind']} {p['detail']}")
    return "\n".join(lines) + "\n"
