"""Evaluation tables (Permendagri 86/2017 T-C.29 Evaluasi Hasil Renja, T-C.30 Evaluasi Hasil
RKPD): the arithmetic the form itself states, where it is certain.

The form numbers its columns and writes the formulas into that row ("12 = 8+9+10+11"): the
realisasi of the year evaluated is the sum of the realisasi of triwulan I-IV. For rupiah (Rp)
that always holds; for kinerja (K) only where the unit counts things that add up over the
quarters (documents, reports, activities…: `additive_units` in rules/evaluasi.yaml) — a
percentage, an index or a number of people employed does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.read.headers import base_field
from reconcile.read.model import Table

FAMILY = "evaluasi"
FAMILY_FILE = "evaluasi.yaml"
QUARTERS = (1, 2, 3, 4)
# (field of the year's realisasi, template of the triwulan fields, K or Rp)
MEASURES = (("realisasi_anggaran", "realisasi_anggaran_tw{n}", "Rp"), ("realisasi", "realisasi_tw{n}", "K"))
NAME_FIELDS = ("name", "name_program", "name_kegiatan", "name_sub_kegiatan")
INDICATOR_FIELDS = ("indikator", "indikator_program", "indikator_keluaran", "indikator_hasil", "tolok_ukur")
_YEAR = re.compile(r"_((?:19|20)\d\d)$")


def _year(name: str) -> int | None:
    m = _YEAR.search(name.split(".", 1)[-1].split("#", 1)[0])
    return int(m.group(1)) if m else None


def _side(name: str) -> str:
    head = name.split("#", 1)[0]
    return head.split(".", 1)[0] if "." in head else ""


@dataclass
class QuarterSet:
    """One measure of one year in a table: its four triwulan columns and the year's total."""

    kind: str  # "K" | "Rp"
    total: str
    quarters: tuple[str, str, str, str]


def quarter_sets(table: Table) -> list[QuarterSet]:
    """The (total, triwulan I-IV) column sets of a table: the same side and year, exactly one
    column each (a table that repeats a field, `#2`, is not guessed at)."""
    by_key: dict[tuple[str, str, int | None], list[str]] = {}
    for f in table.columns:
        by_key.setdefault((base_field(f), _side(f), _year(f)), []).append(f)
    out = []
    for total_base, template, kind in MEASURES:
        for (base, side, year), totals in by_key.items():
            if base != total_base or len(totals) != 1:
                continue
            quarters = [by_key.get((template.format(n=n), side, year), []) for n in QUARTERS]
            if all(len(q) == 1 for q in quarters):
                out.append(QuarterSet(kind, totals[0], tuple(q[0] for q in quarters)))
    return out


def _text(table: Table, fields: Iterable[str], row: int) -> str:
    for f in fields:
        if f in table.columns or f in table.frame.columns:
            v = table.value(f, row)
            if isinstance(v, str) and v.strip() and v.strip() not in ("-", "–"):
                return v.strip()
    return ""


def _indicator_fields(table: Table) -> list[str]:
    return [f for f in table.columns if base_field(f) in INDICATOR_FIELDS]


def _label(table: Table, row: int) -> str:
    return short(_text(table, _indicator_fields(table), row) or _text(table, NAME_FIELDS, row), 60)


def _norm_unit(unit: Any) -> str:
    return re.sub(r"\s*/\s*", "/", " ".join(str(unit or "").lower().split())).strip(" .")


class TriwulanSum(Rule):
    """The realisasi of the year evaluated differs from the sum of its four triwulan.

    Why it matters: the evaluation form (Permendagri 86/2017 T-C.29 / T-C.30) defines the
    realisasi of the year as the realisasi of triwulan I + II + III + IV — its column-number row
    says so ("12 = 8+9+10+11"). A total typed by hand, copied from last year, or summing the
    wrong columns makes the tingkat capaian and the realisasi anggaran that follow from it wrong,
    and the Bappeda's RKPD evaluation takes the wrong figure. Rupiah always add up; a kinerja
    realisasi only when its unit counts things that add up over the quarters (dokumen, laporan,
    kegiatan… `additive_units` in rules/evaluasi.yaml) — a percentage, an index or a number of
    staff is left alone. Money in thousands ("Rp. (000)") is shown in rupiah.

    **Bad**: Rp triwulan I-IV 23.437 + 23.437 + 23.437 + 23.437 (000) and realisasi akhir tahun
    93.784 (000): Rp 36.000 too much; K triwulan 3 + 3 + 3 + 3 Dokumen and realisasi 10 Dokumen.

    **Good**: realisasi akhir tahun 93.748 (000) = `=P18+R18+T18+V18`; K 12 Dokumen.
    """

    code = "TRIWULAN-SUM"
    title = "Realisasi akhir tahun tidak sama dengan jumlah realisasi triwulan I-IV"
    title_en = "Realisasi of the year differs from the sum of triwulan I-IV"
    severity = "error"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        cfg = ctx.config.load(FAMILY_FILE) or {}
        additive = {_norm_unit(u) for u in cfg.get("additive_units") or []}
        for table in iter_tables(ctx):
            sets = quarter_sets(table)
            if not sets:
                continue
            # Rows of an item or an indicator (a name or an indicator text): not the averages,
            # percentages and signatures printed below the table.
            indicators = _indicator_fields(table)
            content = [r for r in table.rows if _text(table, indicators, r) or _text(table, NAME_FIELDS, r)]
            satuan = [f for f in table.columns if base_field(f) == "satuan"]
            for qs in sets:
                records = list(self._records(table, qs, content, satuan, additive))
                if not records:
                    continue
                frame = pd.DataFrame({"declared": [r[1] for r in records], "sum": [r[2] for r in records],
                                      "tol": [r[4] for r in records]})
                fits = pa.Check(lambda s: (frame.loc[s.index, "sum"] - s).abs() <= frame.loc[s.index, "tol"],
                                error="realisasi == triwulan I + II + III + IV")
                for i in failure_rows(frame, {"declared": fits}).get("declared", []):
                    yield self._finding(ctx, table, qs, records[int(i)])

    def _records(self, table: Table, qs: QuarterSet, rows: list[int], satuan: list[str],
                 additive: set[str]) -> Iterator[tuple]:
        """(row, declared, sum, quarter values, tolerance, unit) of the rows that can be judged:
        the total and all four triwulan readable numbers (an empty triwulan may be one not yet
        reported); for K, one unit among `additive`."""
        tol_rp = float(self.setting("tolerance", 1.0))  # in the unit the cells are written in
        tol_k = float(self.setting("tolerance_kinerja", 0.01))
        fields = (qs.total, *qs.quarters)
        scale = (getattr(table, "field_scale", None) or {}).get(qs.total) or 1.0
        for row in rows:
            if qs.kind == "Rp":
                if any(table.value(f"{f}__status", row) != "ok" for f in fields):
                    continue
                vals = [table.value(f, row) for f in fields]
                if any(not isinstance(v, (int, float)) or v != v for v in vals):
                    continue
                unit = "Rp"
                tol = tol_rp * scale
            else:
                vals, units, shown = [], set(), ""
                for f in fields:
                    if table.value(f"{f}__status", row) not in ("ok", "no_unit"):
                        break
                    v = table.value(f"{f}__value", row)
                    if not isinstance(v, (int, float)) or v != v:
                        break
                    vals.append(float(v))
                    u = table.value(f"{f}__unit", row)
                    if isinstance(u, str) and u.strip():
                        units.add(_norm_unit(u))
                        shown = shown or " ".join(u.split())
                if len(vals) != len(fields):
                    continue
                if not units:
                    shown = _text(table, satuan, row)
                    units = {_norm_unit(shown)} if shown else set()
                if len(units) != 1:
                    continue  # no unit, or several: not certain what adds up
                if units.pop() not in additive:
                    continue
                unit = shown
                tol = tol_k
            declared, quarters = float(vals[0]), [float(v) for v in vals[1:]]
            yield row, declared, float(sum(quarters)), quarters, tol, unit

    def _finding(self, ctx: Context, table: Table, qs: QuarterSet, record: tuple) -> Finding:
        row, declared, total, quarters, _tol, unit = record
        if qs.kind == "Rp":
            show = ctx.money
            what_id, what_en = "realisasi anggaran", "budget realisation"
        else:
            def show(v: float) -> str:
                return f"{ctx.num(v)} {unit}"
            what_id, what_en = "realisasi kinerja", "performance realisation"
        cells = [table.cell(f, row) for f in qs.quarters]
        parts = " + ".join(show(v) for v in quarters)
        cumulative = all(b >= a for a, b in zip(quarters, quarters[1:])) and abs(declared - quarters[-1]) < 1e-9 \
            and quarters[-1] != 0
        hint_id = (" Bila kolom triwulan diisi kumulatif (s/d triwulan), isilah realisasi masing-masing triwulan "
                   "saja.") if cumulative else ""
        hint_en = (" If the triwulan columns were filled cumulatively (up to each quarter), enter each quarter's "
                   "own realisation instead.") if cumulative else ""
        header = table.header_paths.get(qs.total, qs.total)
        label = _label(table, row)
        where_id = f"'{label}'" if label else f"baris {row}"
        where_en = f"'{label}'" if label else f"row {row}"
        return self.finding(
            ctx, table.sheet, table.cell(qs.total, row),
            f"{where_id}: {what_id} akhir tahun ({short(header, 60)}) tertulis {show(declared)}, padahal jumlah "
            f"triwulan I-IV ({'+'.join(cells)}) = {parts} = {show(total)}. Perbaiki angkanya, sebaiknya dengan "
            f"rumus ={'+'.join(cells)}.{hint_id}",
            f"{where_en}: the {what_en} of the year ({short(header, 60)}) shows {show(declared)}, but triwulan "
            f"I-IV ({'+'.join(cells)}) add up to {parts} = {show(total)}. Correct it, preferably with the "
            f"formula ={'+'.join(cells)}.{hint_en}",
            expected=show(total), actual=show(declared),
            related=[str(table.ref(f, row)) for f in qs.quarters])


RULES = [TriwulanSum]
