"""TRIWULAN-SUM: Realisasi of the year differs from the sum of triwulan I-IV."""
from __future__ import annotations

from typing import Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.evaluasi.analysis import (
    FAMILY,
    FAMILY_FILE,
    NAME_FIELDS,
    QuarterSet,
    _indicator_fields,
    _label,
    _norm_unit,
    _text,
    quarter_sets,
)
from reconcile.findings import Money, Num, Words
from reconcile.read.headers import base_field
from reconcile.read.model import Table


_DIFFERS = {
    "id": "{where}: {what} akhir tahun ({header}) tertulis {declared}{unit}, padahal jumlah triwulan I-IV "
          "({cells}) = {q1}{unit} + {q2}{unit} + {q3}{unit} + {q4}{unit} = {total}{unit}. Perbaiki angkanya, "
          "sebaiknya dengan rumus ={cells}.",
    "en": "{where}: the {what} of the year ({header}) shows {declared}{unit}, but triwulan I-IV ({cells}) add "
          "up to {q1}{unit} + {q2}{unit} + {q3}{unit} + {q4}{unit} = {total}{unit}. Correct it, preferably "
          "with the formula ={cells}."}
_CUMULATIVE = {
    "id": " Bila kolom triwulan diisi kumulatif (s/d triwulan), isilah realisasi masing-masing triwulan saja.",
    "en": " If the triwulan columns were filled cumulatively (up to each quarter), enter each quarter's own "
          "realisation instead."}


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
    options = {"tolerance": float, "tolerance_kinerja": float}
    family = FAMILY
    messages = {
        "differs": {"message": _DIFFERS, "expected": {"id": "{total}{unit}"}, "actual": {"id": "{declared}{unit}"}},
        "differs_CUMULATIVE": {"message": {k: _DIFFERS[k] + _CUMULATIVE[k] for k in ("id", "en")},
                               "expected": {"id": "{total}{unit}"}, "actual": {"id": "{declared}{unit}"}},
    }

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
        tol_rp = float(self.option("tolerance"))  # in the unit the cells are written in
        tol_k = float(self.option("tolerance_kinerja"))
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
            value, unit = Money, ""
            what = Words("realisasi anggaran", "budget realisation")
        else:
            value, unit = Num, f" {unit}"
            what = Words("realisasi kinerja", "performance realisation")
        cells = "+".join(table.cell(f, row) for f in qs.quarters)
        cumulative = all(b >= a for a, b in zip(quarters, quarters[1:])) and abs(declared - quarters[-1]) < 1e-9 \
            and quarters[-1] != 0
        label = _label(table, row)
        return self.say(
            ctx, table.sheet, table.cell(qs.total, row), "differs_CUMULATIVE" if cumulative else "differs",
            related=[str(table.ref(f, row)) for f in qs.quarters],
            where=f"'{label}'" if label else Words(f"baris {row}", f"row {row}"), what=what,
            header=short(table.header_paths.get(qs.total, qs.total), 60), cells=cells, unit=unit,
            declared=value(declared), total=value(total), **{f"q{n}": value(v) for n, v in enumerate(quarters, 1)})
