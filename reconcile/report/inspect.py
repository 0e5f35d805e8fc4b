"""`reconcile inspect`: what the reader understood of a workbook."""
from __future__ import annotations

from typing import Any

from reconcile.read.model import LEVELS, Workbook, quote_sheet


def _counts(table) -> dict[str, int]:
    return table.item_counts()


def _totals(table) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    f = table.frame
    for field in table.fields_of_type("money"):
        total_rows = f[f["level"] == "total"][field].dropna()
        declared = float(total_rows.iloc[0]) if len(total_rows) else None
        out[field] = {"declared": declared, "sum_of_sub_kegiatan": table.money_sum(field)}
    return out


def _units(table) -> list[dict[str, Any]]:
    """Each unit (OPD) a table holds, with its own counts and money sums."""
    units = table.units()
    if len(units) < 2:
        return []
    money = table.fields_of_type("money")
    return [{"code": code, "name": name, "counts": table.item_counts(code),
             "totals": {f: table.money_sum(f, code) for f in money}} for code, name in units]


def _levels(table) -> list[str]:
    present = set(table.column("level").values())
    return [lvl for lvl in LEVELS if lvl in present]


UNITS_SHOWN = 5


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
                # money columns in thousands / millions: rupiah per unit of the cell ("Rp. (000)": 1000)
                "scales": dict(getattr(t, "field_scale", {}) or {}),
                "flat": t.flat,
                "levels": _levels(t),
                "counts": _counts(t),
                "totals": _totals(t),
                "units": _units(t),
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
        lines.append(f"    program {c['program']}, kegiatan {c['kegiatan']}, sub kegiatan {c['sub_kegiatan']}"
                     + (f" ({'flat: the hierarchy repeated on every row' if en else 'datar: hierarki diulang di setiap baris'})"
                        if t["flat"] else ""))
        if t["units"]:
            lines.append(f"    {len(t['units'])} {'units (OPD)' if en else 'unit (OPD)'}:")
            for u in t["units"][:UNITS_SHOWN]:
                uc = u["counts"]
                money = "; ".join(f"Σ {f} {format_number(v, lang)}" for f, v in u["totals"].items())
                lines.append(f"      {u['code'][:24]:<24} {u['name'][:40]:<40} {uc['program']}/{uc['kegiatan']}/"
                             f"{uc['sub_kegiatan']}{'  ' + money if money else ''}")
            if len(t["units"]) > UNITS_SHOWN:
                more = len(t["units"]) - UNITS_SHOWN
                lines.append(f"      … {more} {'more' if en else 'lagi'}")
        for field, col in t["columns"].items():
            scale = t["scales"].get(field)
            unit = (f"  [Rp × {format_number(scale, lang)}]" if scale else "")
            lines.append(f"    {col:>3} {field:<28} ← {t['header_paths'][field][:70]}{unit}")
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
