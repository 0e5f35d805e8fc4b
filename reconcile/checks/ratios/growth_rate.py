"""GROWTH-RATE: an average growth rate that no reading of the yearly amounts gives."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import field_year, fields_with_base, phrase, value
from reconcile.findings import Num, Words


class GrowthRate(Rule):
    """A "rata-rata pertumbuhan" that no usual formula gives from the yearly amounts beside it,
    or a decline printed as growth.

    Why it matters: the budget-history table (anggaran and realisasi per year, then the average
    growth) tells Bappeda whether a program's money grows. The figure is typed by hand more often
    than computed; a rate that matches no reading of the amounts — the mean of the yearly
    growth rates, the compound annual rate (CAGR) or the growth from the first year to the last
    — cannot be checked by anyone. When every reading falls and the printed rate rises (or the
    reverse), the message says so (a lost minus sign, or a decline written as a positive figure);
    otherwise it lists the readings. A warning: the table may follow another formula it does not
    name.
    Tolerances are in `rules/ratios.yaml`.

    **Bad**: anggaran 2020-2024 Rp 9.589.454.559, 8.587.460.539, 633.634.120, 3.990.545.128,
    3.535.388.000 with "Rata-rata pertumbuhan anggaran 10,45%" (mean of the yearly rates
    +103,8%, CAGR -22,1%).

    **Good**: -22,1% with a note "CAGR 2020-2024", or =AVERAGE() over a row of yearly rates.
    """

    code = "GROWTH-RATE"
    title = "Rata-rata pertumbuhan tidak dapat dihitung ulang dari angka tahunannya"
    title_en = "Average growth rate not reproducible from the yearly amounts"
    severity = "warning"
    family = "ratios"
    options = {
        "series": dict,
        "tolerance_points": float,
        "tolerance_share": float,
        "min_years": int,
    }

    messages = {
        "declining": {"message": {
            "id": "'{name}': rata-rata pertumbuhan tertulis {shown}%, padahal jumlahnya {first}-{last} turun pada "
                  "setiap cara hitung ({listed}): penurunan tertulis sebagai pertumbuhan. Periksa tanda angkanya "
                  "(kemungkinan tanda minus hilang).",
            "en": "'{name}': the average growth shows {shown}%, but the amounts {first}-{last} fall under every "
                  "reading ({listed}): a decline printed as growth. Check the sign (most likely a lost minus sign)."},
            "expected": {"id": "{listed}"}, "actual": {"id": "{shown}%"}},
        "rising": {"message": {
            "id": "'{name}': rata-rata pertumbuhan tertulis {shown}%, padahal jumlahnya {first}-{last} naik pada "
                  "setiap cara hitung ({listed}): kenaikan tertulis sebagai penurunan. Periksa tanda angkanya "
                  "(kemungkinan tanda minus hilang).",
            "en": "'{name}': the average growth shows {shown}%, but the amounts {first}-{last} rise under every "
                  "reading ({listed}): a rise printed as a decline. Check the sign (most likely a lost minus sign)."},
            "expected": {"id": "{listed}"}, "actual": {"id": "{shown}%"}},
        "unreproducible": {"message": {
            "id": "'{name}': rata-rata pertumbuhan {shown}% tidak dapat dihitung ulang dari angka tahun "
                  "{first}-{last} ({listed}). Tulis angka salah satu cara hitung itu, dan sebutkan caranya di catatan.",
            "en": "'{name}': the average growth {shown}% cannot be recomputed from the amounts of {first}-{last} "
                  "({listed}). Print one of these readings and name it in a note."},
            "expected": {"id": "{listed}"}, "actual": {"id": "{shown}%"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        abs_tol = float(self.option("tolerance_points"))
        rel_tol = float(self.option("tolerance_share"))
        min_years = int(self.option("min_years"))
        pairs = self.option("series") or {}
        for table in ctx.workbook.tables:
            for growth_base, amount_base in pairs.items():
                for growth in fields_with_base(table, growth_base):
                    years = sorted((y, f) for f in fields_with_base(table, amount_base)
                                   if (y := field_year(f)) is not None)
                    if len(years) < min_years:
                        continue
                    for row in table.rows:
                        found = self._row(ctx, table, row, growth, years, abs_tol, rel_tol)
                        if found is not None:
                            yield found

    def _row(self, ctx, table, row, growth, years, abs_tol, rel_tol) -> Finding | None:
        if value(table, f"{growth}__status", row) != "ok":
            return None  # empty, text, or a notation read two ways ("4.172")
        printed = value(table, growth, row)
        if not isinstance(printed, (int, float)) or printed != printed:
            return None
        series = [(y, float(v)) for y, f in years
                  if value(table, f"{f}__status", row) == "ok"
                  and isinstance(v := value(table, f, row), (int, float)) and v == v and v > 0]
        if len(series) < 2:
            return None
        readings = _readings(series)
        if any(abs(printed - r) <= max(abs_tol, rel_tol * abs(r)) for r in readings.values()):
            return None
        every = list(readings.values()) + _steps(series)
        opposite = (printed > 0 and all(r < 0 for r in every)) or (printed < 0 and all(r > 0 for r in every))
        listed = "; ".join(f"{{{k}_label}} {{{k}}}%" for k in readings)  # "{mean_label} {mean}%; …"
        label_args = {f"{k}_label": Words(_label(k, "id"), _label(k, "en")) for k in readings}
        args = dict(name=short(value(table, "name", row)) or table.cell(growth, row),
                    first=series[0][0], last=series[-1][0], shown=Num(printed, 2),
                    listed=phrase(listed, listed, **label_args, **{k: Num(v, 2) for k, v in readings.items()}))
        key = ("declining" if printed > 0 else "rising") if opposite else "unreproducible"
        return self.say(ctx, table.sheet, table.cell(growth, row), key, **args)


def _steps(series: list[tuple[int, float]]) -> list[float]:
    """Growth from each year to the next, in percent (pairs of consecutive years only)."""
    return [(b - a) / a * 100.0 for (ya, a), (yb, b) in zip(series, series[1:]) if yb == ya + 1]


def _readings(series: list[tuple[int, float]]) -> dict[str, float]:
    """The usual ways a planner computes "rata-rata pertumbuhan", in percent."""
    steps = _steps(series)
    (y0, v0), (y1, v1) = series[0], series[-1]
    out = {"mean": sum(steps) / len(steps)} if steps else {}
    if y1 > y0:
        out["cagr"] = ((v1 / v0) ** (1.0 / (y1 - y0)) - 1.0) * 100.0
    out["total"] = (v1 - v0) / v0 * 100.0
    return out


def _label(kind: str, lang: str) -> str:
    return {("mean", "id"): "rata-rata pertumbuhan tahunan", ("mean", "en"): "mean yearly growth",
            ("cagr", "id"): "CAGR", ("cagr", "en"): "CAGR",
            ("total", "id"): "pertumbuhan awal-akhir", ("total", "en"): "first-to-last growth"}[(kind, lang)]
