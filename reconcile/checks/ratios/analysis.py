"""Ratios: capaian = realisasi / target × 100, rasio anggaran = realisasi / anggaran × 100, the
×100 slip, and the achievement category that goes with a capaian.

Every ratio cell that can be recomputed from its row is evaluated once (`capaian_ratios`,
`anggaran_ratios`) with the tolerances of RATIO-CAPAIAN and RATIO-ANGGARAN; the rules then
report their share: a value 100× off is RATIO-X100 only, any other difference is RATIO-CAPAIAN /
RATIO-ANGGARAN. The category rules reuse the same evaluation, so a label is not blamed for a
capaian that is itself wrong.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from reconcile.checks.base import Context, failure_rows, short
from reconcile.findings import Message, Money, Num, Words
from reconcile.read.headers import base_field
from reconcile.read.model import Table, TextCell, column_index


FAMILY_FILE = "ratios.yaml"


_YEAR = re.compile(r"_((?:19|20)\d\d)$")


TARGET_BASES = ("target", "target_renstra", "target_program", "target_keluaran", "target_hasil")


INDICATOR_FIELDS = ("indikator", "indikator_program", "indikator_keluaran", "indikator_hasil", "tolok_ukur")


PERCENT_UNITS = ("%", "persen", "percent")


def field_year(name: str) -> int | None:
    """capaian_2022 -> 2022; rkpd.target_2025#2 -> 2025; target -> None."""
    m = _YEAR.search(name.split(".", 1)[-1].split("#", 1)[0])
    return int(m.group(1)) if m else None


def field_side(name: str) -> str:
    return name.split(".", 1)[0] if "." in name.split("#", 1)[0] else ""


def field_col(table: Table, name: str) -> int:
    return column_index(table.columns[name])


def fields_with_base(table: Table, *bases: str, side: str | None = None) -> list[str]:
    """The table's fields whose base name is one of `bases` (on `side`, when given), in column
    order of the mapping. Memoised on the table: rules ask row by row."""
    memo = table.__dict__.setdefault("_reconcile_bases", {})
    key = (bases, side)
    found = memo.get(key)
    if found is None:
        found = memo[key] = [f for f in table.columns
                             if base_field(f) in bases and (side is None or field_side(f) == side)]
    return list(found)


def value(table: Table, fld: str, row: int, default: Any = None) -> Any:
    """`Table.value` (kept under this name: the targets family imports it)."""
    return table.value(fld, row, default)


def nearest_left(table: Table, candidates: Iterable[str], col: int) -> str | None:
    """The candidate column closest to the left of `col` (or None)."""
    left = [(col - field_col(table, f), f) for f in candidates if field_col(table, f) < col]
    return min(left)[1] if left else None


def _indicator_fields(table: Table) -> list[str]:
    return [fld for name in INDICATOR_FIELDS for fld in fields_with_base(table, name)]


def row_label(table: Table, row: int) -> str:
    """What a planner calls the row: its indicator, else its name."""
    for fld in _indicator_fields(table):
        v = value(table, fld, row)
        if isinstance(v, str) and v.strip() and v.strip() not in ("-", "–"):
            return short(v)
    return short(value(table, "name", row, ""))


def row_texts(table: Table, row: int) -> str:
    """Indicator and name texts of a row, for the polarity patterns."""
    parts = [v for fld in _indicator_fields(table) if isinstance(v := value(table, fld, row), str)]
    if not parts and isinstance(name := value(table, "name", row), str):
        parts.append(name)
    return " ".join(parts)


def norm_unit(unit: str | None) -> str:
    # "Orang / Bulan", "Orang/ Bulan" and "Orang/Bulan" are one unit
    u = re.sub(r"\s*/\s*", "/", " ".join(str(unit or "").lower().split()))
    return "%" if u.startswith(PERCENT_UNITS) else u


@dataclass
class Quantity:
    """A target or realisasi as printed: one value, or a range (low/high)."""

    value: float | None
    unit: str  # normalised: "%" or the unit word(s), "" when none
    text: Any  # as shown in the cell: a message argument (the cell's text, or its value)
    low: float | None = None
    high: float | None = None
    decimals: int = 6  # decimals printed: the value is exact to half a unit of the last one

    @property
    def half_unit(self) -> float:
        return 0.5 * 10.0 ** -self.decimals

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


def quantity_at(ctx: Context, table: Table, fld: str, row: int) -> Quantity | None:
    """A target-typed cell (target*, realisasi) read with its unit; None when unusable."""
    from reconcile.read.numbers import parse_target

    raw = table.value(f"{fld}__cell", row)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if isinstance(raw, float) and not math.isfinite(raw):
            return None
        if "%" in (table.value(f"{fld}__format", row) or ""):
            v = float(raw) * 100.0
            return Quantity(v, "%", pct(v), decimals=_value_decimals(v))
        return Quantity(float(raw), "", Num(float(raw)), decimals=_value_decimals(float(raw)))
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.split())
    t = parse_target(raw)
    unit = "%" if t.is_percent else norm_unit(t.unit)
    decimals = max((_text_decimals(x) for x in re.findall(r"\d[\d.,]*\d|\d", text)), default=0)
    if t.status == "range" and t.low is not None and t.high is not None:
        return Quantity(None, unit, cell_text(text), min(t.low, t.high), max(t.low, t.high), decimals)
    if t.status in ("ok", "no_unit") and t.value is not None:
        return Quantity(float(t.value), unit, cell_text(text), decimals=decimals)
    return None


@dataclass
class Declared:
    """A ratio cell as printed: its reading(s) and the precision it is printed with."""

    value: float
    readings: tuple[float, ...]
    decimals: int
    shown: str


def declared_at(table: Table, fld: str, row: int) -> Declared | None:
    from reconcile.read.numbers import parse_percent

    status = value(table, f"{fld}__status", row, "ok")
    v = value(table, fld, row)
    if status not in ("ok", "ambiguous", "malformed") or v is None or v != v:
        return None
    raw = value(table, f"{fld}__raw", row, v)
    readings: tuple[float, ...] = (float(v),)
    if status in ("ambiguous", "malformed") and isinstance(raw, str):
        readings = tuple(dict.fromkeys((float(v), *parse_percent(raw).candidates)))
    if isinstance(raw, str):
        shown = " ".join(raw.split())
        decimals = _text_decimals(raw)
    else:
        shown = None
        decimals = _value_decimals(float(v))
    return Declared(float(v), readings, decimals, shown or "")


def _text_decimals(raw: str) -> int:
    """Decimals a typed number shows: "45,61%" -> 2, "90%" -> 0, "4.561,29" -> 2, "1.800" -> 0."""
    from reconcile.read.numbers import parse_number

    n = parse_number(raw)
    core = re.findall(r"\d[\d.,]*\d|\d", raw)
    if not core:
        return 0
    s = core[-1]
    mark = {"id": ",", "en": "."}.get(n.notation)
    if mark is None:
        if n.notation == "plain" or not re.search(r"[.,]", s):
            return 0
        last = max(s.rfind("."), s.rfind(","))
        tail = s[last + 1:]
        return len(tail) if len(tail) != 3 else 0
    return len(s) - s.rfind(mark) - 1 if mark in s else 0


def _value_decimals(v: float) -> int:
    s = f"{abs(v):.6f}".rstrip("0")
    return len(s.split(".", 1)[1]) if "." in s else 0


@functools.lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def polarity(ctx: Context, text: str) -> str | None:
    """The words of the `lower_is_better` pattern that matches `text` (None: higher is better)."""
    cfg = (ctx.config.load(FAMILY_FILE) or {}).get("polarity") or {}
    if any(p.search(text) for p in _compiled(tuple(cfg.get("higher_is_better") or ()))):
        return None
    for p in _compiled(tuple(cfg.get("lower_is_better") or ())):
        m = p.search(text)
        if m:
            return m.group(0).lower()
    return None


@dataclass
class Ratio:
    kind: str  # "capaian" | "anggaran"
    table: Table
    row: int
    field: str  # the ratio column
    num_field: str  # realisasi / realisasi_anggaran
    den_field: str  # target / anggaran
    declared: Declared
    expected: list[tuple[float, str]]  # (value, basis: "" | "high" | "low")
    tol: float
    bounds: list[tuple[float, float]] = field(default_factory=list)  # per expected: lowest, highest
    # value the printed inputs allow (each is exact only to half a unit of its last decimal)
    lower_by: str | None = None  # the polarity pattern, when lower is better
    num: Quantity | None = None
    den: Quantity | None = None
    verdict: str = "ok"  # ok | mismatch | x100
    suggestion: float | None = None  # x100: the value meant
    factor: float = 1.0  # x100: 100 (multiplied once too often) or 0.01 (not multiplied)

    @property
    def cell(self) -> str:
        return self.table.cell(self.field, self.row)

    @property
    def year(self) -> int | None:
        return field_year(self.field)

    @property
    def best(self) -> float:
        """The expected value (the first basis)."""
        return self.expected[0][0]


def _tolerance(ctx: Context, code: str) -> float:
    from reconcile.checks.registry import rule_by_code

    return float(ctx.config.rule_settings(code, "ratios", rule_by_code(code).options)["tolerance"])


def _judge(ratios: list[Ratio]) -> list[Ratio]:
    """Set each ratio's verdict with pandera checks on a frame of declared vs expected values:
    first as printed (mismatch), then the mismatches at 100× and 1/100× (x100)."""
    import numpy as np
    import pandas as pd
    import pandera.pandas as pa

    if not ratios:
        return ratios
    width = max(len(r.declared.readings) for r in ratios)
    n_exp = max(len(r.expected) for r in ratios)
    data: dict[str, list[float]] = {}
    for i in range(width):
        data[f"d{i}"] = [r.declared.readings[i] if i < len(r.declared.readings) else np.nan for r in ratios]
    for j in range(n_exp):
        data[f"lo{j}"] = [r.bounds[j][0] if j < len(r.bounds) else np.nan for r in ratios]
        data[f"hi{j}"] = [r.bounds[j][1] if j < len(r.bounds) else np.nan for r in ratios]
    data["tol"] = [r.tol for r in ratios]
    data["unit"] = [10.0 ** -r.declared.decimals for r in ratios]
    frame = pd.DataFrame(data)

    def fits(sub, scale: float):
        """Any reading within the range the inputs allow for any expected value, × scale, widened
        by the configured points (× scale) and one unit of the declared value's last decimal
        (rounded or cut off)."""
        def check(s):
            ok = pd.Series(False, index=s.index)
            slack = sub["tol"] * scale + sub["unit"]
            for i in range(width):
                d = sub[f"d{i}"]
                for j in range(n_exp):
                    ok |= (d >= sub[f"lo{j}"] * scale - slack) & (d <= sub[f"hi{j}"] * scale + slack)
            return ok
        return check

    failing = failure_rows(frame, {"d0": pa.Check(fits(frame, 1.0), error="ratio == numerator / denominator × 100")})
    for i in failing.get("d0", []):
        ratios[i].verdict = "mismatch"
    if failing.get("d0"):
        sub = frame.loc[failing["d0"]]
        for scale in (100.0, 0.01):
            still = set(failure_rows(sub, {"d0": pa.Check(fits(sub, scale))}).get("d0", []))
            for i in sub.index:
                r = ratios[int(i)]
                if int(i) in still or r.verdict != "mismatch" or r.best == 0:
                    continue
                r.verdict, r.factor, r.suggestion = "x100", scale, _closest_basis(r, scale)
    return ratios


def _closest_basis(r: Ratio, scale: float) -> float:
    d = r.declared.value
    return min((e for e, _ in r.expected), key=lambda e: abs(d - e * scale))


def _cached(ctx: Context, key: str, compute) -> list:
    """Several rules judge the same ratios (read the same labels): compute them once per run
    (the context is per run)."""
    cache = ctx.__dict__.setdefault("_ratios_cache", {})
    if key not in cache:
        cache[key] = compute(ctx)
    return cache[key]


def capaian_ratios(ctx: Context) -> list[Ratio]:
    """Every capaian cell with a usable target and realisasi on its row, judged."""
    return _cached(ctx, "capaian", _capaian_ratios)


def anggaran_ratios(ctx: Context) -> list[Ratio]:
    """Every rasio realisasi anggaran cell with anggaran and realisasi on its row, judged."""
    return _cached(ctx, "anggaran", _anggaran_ratios)


def _capaian_ratios(ctx: Context) -> list[Ratio]:
    tol = _tolerance(ctx, "RATIO-CAPAIAN")
    out: list[Ratio] = []
    for table in ctx.workbook.tables:
        for cap in fields_with_base(table, "capaian"):
            pair = _capaian_inputs(table, cap)
            if pair is None:
                continue
            real_f, target_f = pair
            for row in table.frame.index:
                r = _capaian_row(ctx, table, cap, real_f, target_f, int(row), tol)
                if r is not None:
                    out.append(r)
    return _judge(out)


def _capaian_inputs(table: Table, cap: str) -> tuple[str, str] | None:
    """(realisasi field, target field) for a capaian column: the same year, else the only
    yearless one, else the nearest columns to its left (Target | Realisasi | Capaian)."""
    side = field_side(cap)
    year = field_year(cap)
    col = field_col(table, cap)
    if table.field_types.get(cap) != "percent":
        return None
    # Kinerja only: a rupiah (money) column is never a capaian's realisasi or target.
    reals = [f for f in fields_with_base(table, "realisasi", side=side) if table.field_types.get(f) != "money"]
    targets = [f for f in fields_with_base(table, *TARGET_BASES, side=side) if table.field_types.get(f) != "money"]
    if not reals or not targets:
        return None
    real = None
    if year is not None:
        same = [f for f in reals if field_year(f) == year]
        real = nearest_left(table, same, col) or (same[0] if len(same) == 1 else None)
    if real is None:
        yearless = [f for f in reals if field_year(f) is None]
        if len(reals) == 1:
            real = reals[0]
        elif year is not None and len(yearless) == 1:
            real = yearless[0]
        else:
            real = nearest_left(table, reals, col)
    if real is None:
        return None
    ryear = field_year(real)
    rcol = field_col(table, real)
    target = None
    if "renstra" in table.header_paths.get(cap, "").lower():
        # "Tingkat capaian realisasi target Renstra": against the Renstra target
        renstra = [f for f in targets if base_field(f) == "target_renstra"]
        if renstra:
            same = [f for f in renstra if field_year(f) in (year, ryear)]
            return real, (same or renstra)[0]
    for y in ([year] if year is not None else []) + ([ryear] if ryear is not None else []):
        same = [f for f in targets if field_year(f) == y]
        if same:
            target = nearest_left(table, same, rcol) or nearest_left(table, same, col) or same[0]
            break
    if target is None:
        yearless = [f for f in targets if field_year(f) is None]
        if len(yearless) == 1:
            target = yearless[0]
        else:
            target = nearest_left(table, yearless or targets, rcol)
    return (real, target) if target else None


def _capaian_row(ctx, table, cap, real_f, target_f, row, tol) -> Ratio | None:
    declared = declared_at(table, cap, row)
    if declared is None:
        return None
    real = quantity_at(ctx, table, real_f, row)
    target = quantity_at(ctx, table, target_f, row)
    if real is None or target is None or real.is_range or real.value is None:
        return None
    if real.unit and target.unit and real.unit != target.unit:
        return None  # "30 Orang" against "90%": not the same measure
    lower_by = polarity(ctx, row_texts(table, row))
    expected: list[tuple[float, str]] = []
    bounds: list[tuple[float, float]] = []
    bases = [(target.high, "high"), (target.low, "low")] if target.is_range else [(target.value, "")]
    for t, basis in bases:
        if t is None:
            continue
        num, den = (t, real.value) if lower_by else (real.value, t)
        hn, hd = (target.half_unit, real.half_unit) if lower_by else (real.half_unit, target.half_unit)
        if den <= 0 or num < 0:
            continue
        expected.append((num / den * 100.0, basis))
        bounds.append(ratio_bounds(num, hn, den, hd))
    if not expected:
        return None
    return Ratio("capaian", table, row, cap, real_f, target_f, declared, expected, tol, bounds, lower_by,
                 real, target)


def ratio_bounds(num: float, half_num: float, den: float, half_den: float) -> tuple[float, float]:
    """Lowest and highest num / den × 100 for inputs exact to ± half a printed unit."""
    lo = max(num - half_num, 0.0) / (den + half_den) * 100.0
    hi = (num + half_num) / (den - half_den) * 100.0 if den - half_den > 0 else math.inf
    return lo, hi


def _anggaran_ratios(ctx: Context) -> list[Ratio]:
    tol = _tolerance(ctx, "RATIO-ANGGARAN")
    out: list[Ratio] = []
    for table in ctx.workbook.tables:
        for rasio in fields_with_base(table, "rasio_anggaran"):
            if table.field_types.get(rasio) != "percent":
                continue  # the ratio cell itself is a percentage, never a rupiah column
            side, year, col = field_side(rasio), field_year(rasio), field_col(table, rasio)
            budgets = fields_with_base(table, "anggaran", side=side)
            spent = fields_with_base(table, "realisasi_anggaran", side=side)
            ang = _same_year_or_only(table, budgets, year, col)
            real = _same_year_or_only(table, spent, year, col)
            if not ang or not real:
                continue
            f = table.frame
            for row in f.index:
                row = int(row)
                declared = declared_at(table, rasio, row)
                a, r = value(table, ang, row), value(table, real, row)
                if declared is None or not _usable(table, ang, row) or not _usable(table, real, row):
                    continue
                if a <= 0 or r < 0:
                    continue
                num = Quantity(float(r), "rp", Money(float(r)), decimals=_value_decimals(float(r)))
                den = Quantity(float(a), "rp", Money(float(a)), decimals=_value_decimals(float(a)))
                out.append(Ratio("anggaran", table, row, rasio, real, ang, declared, [(r / a * 100.0, "")], tol,
                                 [ratio_bounds(num.value, num.half_unit, den.value, den.half_unit)],
                                 num=num, den=den))
    return _judge(out)


def _same_year_or_only(table: Table, fields: list[str], year: int | None, col: int) -> str | None:
    if year is not None:
        same = [f for f in fields if field_year(f) == year]
        if same:
            return nearest_left(table, same, col) or same[0]
    yearless = [f for f in fields if field_year(f) is None]
    if len(fields) == 1:
        return fields[0]
    if len(yearless) == 1:
        return yearless[0]
    return None


def _usable(table: Table, fld: str, row: int) -> bool:
    v = value(table, fld, row)
    status = value(table, f"{fld}__status", row, "ok")
    return status == "ok" and v is not None and v == v


def phrase(id_text: str, en_text: str, **args: Any) -> Words:
    """A part of a message in each language, from templates and arguments (`Money`, `Num`,
    `Words`, text), as one argument of the message that holds it."""
    m = Message({"p": {"id": id_text, "en": en_text}}, args)
    return Words(m.render("p", "id") or "", m.render("p", "en") or "")


_SEPARATOR = re.compile(r"\d[.,]\d")


def cell_text(text: str) -> Words:
    """A cell's text as written. English messages quote it when it holds a decimal or grouping
    mark ('100,93%'): beside English-formatted numbers it would otherwise read as one of them."""
    return Words(text, f"'{text}'" if _SEPARATOR.search(text) else text)


def pct(v: float, decimals: int | None = None) -> Words:
    """A percentage computed here (45,61% / 45.61%)."""
    return phrase("{v}%", "{v}%", v=Num(v, decimals))


def shown(d: Declared) -> Words:
    """A ratio cell in a sentence: its text as written, else its value."""
    return cell_text(d.shown) if d.shown else pct(d.value)


def written(d: Declared) -> Any:
    """A ratio cell on its own (a finding's `actual`): its text as written, else its value."""
    return d.shown or pct(d.value)


def year(r: Ratio) -> Any:
    return phrase(" tahun {y}", " ({y})", y=r.year) if r.year else ""


def expected(r: Ratio) -> Words:
    args = {f"e{i}": Num(e) for i, (e, _) in enumerate(r.expected)}
    return phrase(" atau ".join("{%s}%%" % k for k in args), " or ".join("{%s}%%" % k for k in args), **args)


def formula(r: Ratio) -> Words:
    """How the expected value was computed, in words."""
    best = pct(r.best)
    if r.kind == "anggaran":
        return phrase("realisasi {a} / anggaran {b} × 100 = {best}", "realisasi {a} / budget {b} × 100 = {best}",
                      a=r.num.text, b=r.den.text, best=best)
    args = dict(real=r.num.text, target=r.den.text, best=best)
    if r.den.is_range:
        by_basis = {b: e for e, b in r.expected}
        hi, lo = by_basis.get("high"), by_basis.get("low")
        unit = "%" if r.den.unit == "%" else (" " + r.den.unit if r.den.unit else "")
        dec = min(r.den.decimals, 4)
        parts_id, parts_en = [], []
        if hi is not None:
            parts_id.append("{hi} terhadap batas atas {hi_t}{unit}")
            parts_en.append("{hi} against the upper bound {hi_t}{unit}")
        if lo is not None:
            parts_id.append("{lo} terhadap batas bawah {lo_t}{unit}")
            parts_en.append("{lo} against the lower bound {lo_t}{unit}")
        how = "target / realisasi × 100" if r.lower_by else "realisasi / target × 100"
        return phrase("target berupa rentang {target}, sehingga capaian ({how}, realisasi {real}) adalah "
                      + " atau ".join(parts_id),
                      "the target is a range {target}, so the capaian ({how}, realisasi {real}) is "
                      + " or ".join(parts_en),
                      hi=pct(hi) if hi is not None else "", lo=pct(lo) if lo is not None else "",
                      hi_t=Num(r.den.high, dec), lo_t=Num(r.den.low, dec), unit=unit, how=how, **args)
    if r.lower_by:
        return phrase("indikator ini makin kecil makin baik (memuat '{lower_by}'), jadi capaian = target {target} / "
                      "realisasi {real} × 100 = {best}",
                      "this indicator is better when lower (it contains '{lower_by}'), so capaian = target {target} / "
                      "realisasi {real} × 100 = {best}", lower_by=r.lower_by, **args)
    return phrase("realisasi {real} / target {target} × 100 = {best}",
                  "realisasi {real} / target {target} × 100 = {best}", **args)


def _related(r: Ratio) -> list[str]:
    return [str(r.table.ref(r.num_field, r.row)), str(r.table.ref(r.den_field, r.row))]


def polarity_hint(r: Ratio) -> Any:
    if not r.lower_by:
        return ""
    return Words(" Bila indikator ini sebenarnya makin besar makin baik, tambahkan polanya pada "
                 "polarity.higher_is_better di rules/ratios.yaml.",
                 " If this indicator is in fact better when higher, add a pattern to polarity.higher_is_better "
                 "in rules/ratios.yaml.")


def norm_label(text: Any) -> str:
    s = str(text or "").lower()
    s = re.sub(r"[“”\"'‘’*_«»]", " ", s)
    s = re.sub(r"\([^)]*\)", " ", s)
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


@dataclass
class Level:
    label: str
    min: float | None = None
    above: float | None = None
    max: float | None = None
    below: float | None = None
    aliases: tuple[str, ...] = ()

    def holds(self, v: float) -> bool:
        return ((self.min is None or v >= self.min) and (self.above is None or v > self.above)
                and (self.max is None or v <= self.max) and (self.below is None or v < self.below))


@dataclass
class Scale:
    name: str
    levels: list[Level] = field(default_factory=list)

    @classmethod
    def from_config(cls, ctx: Context) -> "Scale":
        cfg = (ctx.config.load(FAMILY_FILE) or {}).get("category_scale") or {}
        levels = []
        for spec in cfg.get("levels") or []:
            levels.append(Level(str(spec["label"]), *(None if spec.get(k) is None else float(spec[k])
                                                      for k in ("min", "above", "max", "below")),
                                tuple(str(a) for a in spec.get("aliases") or [])))
        return cls(str(cfg.get("name") or ""), levels)

    @property
    def labels(self) -> list[str]:
        return [lv.label for lv in self.levels]

    def find(self, text: Any) -> Level | None:
        key = norm_label(text)
        for lv in self.levels:
            if key == norm_label(lv.label) or key in {norm_label(a) for a in lv.aliases}:
                return lv
        return None

    def level_of(self, v: float) -> Level | None:
        return next((lv for lv in self.levels if lv.holds(v)), None)

    def levels_near(self, v: float, tol: float) -> list[Level]:
        out = []
        for x in (v, v - tol, v + tol):
            lv = self.level_of(x)
            if lv is not None and lv not in out:
                out.append(lv)
        return out

    def nearest(self, text: Any) -> str | None:
        from rapidfuzz import fuzz, process

        if not self.levels:
            return None
        hit = process.extractOne(norm_label(text), {lv.label: norm_label(lv.label) for lv in self.levels},
                                 scorer=fuzz.token_sort_ratio)
        return hit[2] if hit else None


@dataclass
class LabelUse:
    """An achievement label found in a table's kategori column or in the narrative."""

    sheet: str
    cell: str
    label: str
    capaians: list[float]  # values the label may describe (declared, and the correct one)
    shown: Any  # the capaian as printed / computed: a message argument
    what: Words  # what holds the label ("Indikator '…'", "Teks narasi")
    source: str  # "table" | "narrative"
    related: list[str] = field(default_factory=list)


def label_uses(ctx: Context) -> list[LabelUse]:
    """Every label of the workbook, found once per run: CATEGORY-LABEL and CATEGORY-UNKNOWN
    both read them, and finding the narrative's means searching every long text cell."""
    return _cached(ctx, "label_uses", _label_uses)


def _label_uses(ctx: Context) -> list[LabelUse]:
    uses = _table_labels(ctx)
    uses += _narrative_labels(ctx)
    return uses


def _table_labels(ctx: Context) -> list[LabelUse]:
    by_cell = {(r.table.sheet, r.cell): r for r in capaian_ratios(ctx)}
    out: list[LabelUse] = []
    for table in ctx.workbook.tables:
        caps = fields_with_base(table, "capaian")
        for kat in fields_with_base(table, "kategori"):
            cap = _pair_capaian(table, kat, caps)
            if cap is None:
                continue
            f = table.frame
            for row in f.index:
                row = int(row)
                label = value(table, kat, row)
                if not isinstance(label, str) or not norm_label(label) or label.strip() in ("-", "–"):
                    continue
                declared = declared_at(table, cap, row)
                r = by_cell.get((table.sheet, table.cell(cap, row)))
                values: list[float] = []
                if r is not None and r.verdict == "x100":
                    values = [r.suggestion]
                elif declared is not None:
                    values = [declared.value]
                    if r is not None and r.verdict == "mismatch":
                        values += [e for e, _ in r.expected]
                shown_as = (pct(r.suggestion) if r is not None and r.verdict == "x100"
                            else (shown(declared) if declared is not None else ""))
                name = row_label(table, row)
                out.append(LabelUse(table.sheet, table.cell(kat, row), " ".join(label.split()), values, shown_as,
                                    Words(f"Indikator '{name}'", f"Indicator '{name}'"), "table",
                                    [str(table.ref(cap, row))]))
    return out


def _pair_capaian(table: Table, kat: str, caps: list[str]) -> str | None:
    if not caps:
        return None
    year = field_year(kat)
    same = [c for c in caps if year is not None and field_year(c) == year]
    if same:
        return same[0]
    if len(caps) == 1:
        return caps[0]
    return nearest_left(table, caps, field_col(table, kat))


def narrative_cells(ctx: Context, pattern: re.Pattern, min_length: int) -> list[TextCell]:
    """Text cells that may hold a label: the narrative's, then, in sheet order, any other text
    cell of the workbook at least `min_length` long (and 40: `Workbook.long_texts`, the tables'
    `<field>__cell`) that matches `pattern`."""
    seen: set[tuple[str, str]] = set()
    out: list[TextCell] = []
    for t in ctx.workbook.texts:
        if pattern.search(t.text):
            seen.add((t.sheet, t.cell))
            out.append(t)
    order: dict[str, int] = {}
    for i, s in enumerate(ctx.workbook.sheets):
        order.setdefault(s.name, i)
    found: list[tuple[int, int, int, TextCell]] = []
    for t in ctx.workbook.long_texts:
        if len(t.text) >= min_length and pattern.search(t.text):
            row, col = cell_position(t.cell)
            found.append((order.get(t.sheet, len(order)), row, col, t))
    for table in ctx.workbook.tables:
        for fld, letter in table.columns.items():
            col = column_index(letter)
            for row, v in zip(table.rows, table.frame[f"{fld}__cell"].tolist()):
                if type(v) is str and len(v) >= min_length and pattern.search(v):
                    found.append((order.get(table.sheet, len(order)), row, col, TextCell(table.sheet, f"{letter}{row}", v)))
    found.sort(key=lambda x: x[:3])
    for *_, t in found:
        if (t.sheet, t.cell) not in seen:
            seen.add((t.sheet, t.cell))
            out.append(t)
    return out


def cell_position(cell: str) -> tuple[int, int]:
    """"J12" -> (12, 10)."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    return int("".join(ch for ch in cell if ch.isdigit()) or 0), column_index(letters) if letters else 0


def _narrative_labels(ctx: Context) -> list[LabelUse]:
    from reconcile.read.numbers import parse_number

    cfg = (ctx.config.load(FAMILY_FILE) or {}).get("narrative") or {}
    if not cfg.get("label"):
        return []
    label_re = re.compile(cfg["label"], re.I)
    target_re = re.compile(cfg["target"], re.I) if cfg.get("target") else None
    real_re = re.compile(cfg["realisasi"], re.I) if cfg.get("realisasi") else None
    cap_re = re.compile(cfg["capaian"], re.I) if cfg.get("capaian") else None
    out: list[LabelUse] = []
    for tc in narrative_cells(ctx, label_re, int(cfg.get("min_length", 60))):
        text = tc.text.replace("\u00a0", " ")
        start = 0
        for m in label_re.finditer(text):
            segment = text[start:m.start()]
            start = m.end()
            label = " ".join(m.group("label").split())
            values: list[float] = []
            shown_as: Any = ""
            caps = [x for x in cap_re.finditer(segment)] if cap_re else []
            targets = [x for x in target_re.finditer(segment)] if target_re else []
            reals = [x for x in real_re.finditer(segment)] if real_re else []
            if len(caps) == 1:
                v = parse_number(caps[0].group("value")).value
                if v is not None:
                    values, shown_as = [v], cell_text(f"{caps[0].group('value')}%")
            elif len(targets) == 1 and len(reals) == 1 and \
                    norm_unit(targets[0].group("unit")) == norm_unit(reals[0].group("unit")):
                t = parse_number(targets[0].group("value")).value
                rv = parse_number(reals[0].group("value")).value
                lower_by = polarity(ctx, segment)
                if t and rv is not None and t > 0 and rv >= 0:
                    if lower_by:
                        v = t / rv * 100.0 if rv > 0 else None
                    else:
                        v = rv / t * 100.0
                    if v is not None:
                        values = [v]
                        unit = "%" if targets[0].group("unit") else ""
                        shown_as = phrase("{v} (target {t}, realisasi {r})", "{v} (target {t}, realisasi {r})",
                                          v=pct(v), t=cell_text(f"{targets[0].group('value')}{unit}"),
                                          r=cell_text(f"{reals[0].group('value')}{unit}"))
            if values:  # a label with no capaian next to it is not an achievement label ("kriteria “SMART”")
                out.append(LabelUse(tc.sheet, tc.cell, label, values, shown_as,
                                    Words("Teks narasi", "Narrative text"), "narrative"))
    return out
