"""TARGET-TREND: targets that move against the sasaran they serve."""
from __future__ import annotations

import re
from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import field_year, fields_with_base, norm_unit, polarity, value
from reconcile.findings import Words


class TargetTrend(Rule):
    """An indicator's yearly targets fall while its sasaran says it rises (or, for an indicator
    that is better when lower, rise while the sasaran says it improves).

    Why it matters: the targets of Tabel 3.1 / the Renstra step towards the sasaran. A target
    that falls under "Meningkatnya …" is most often the next year's figure typed from another
    row or an older draft; when it is meant, the verifier wants the reason. Checked only where the
    sasaran (or the indicator itself) names the direction and shares a word with the indicator,
    every year's target is a number with one unit, and the indicator's polarity is known
    (`rules/ratios.yaml`, `polarity`). Direction words are in `rules/targets.yaml`.

    **Bad**: sasaran "Meningkatnya produktivitas Tenaga Kerja", indicator "Tingkat Produktivitas
    Tenaga Kerja": target 2025 Rp 160.109.000, target 2026 Rp 155.418.000.

    **Good**: target 2026 Rp 163.900.000 (or a note saying why it falls).
    """

    code = "TARGET-TREND"
    title = "Target bergerak berlawanan dengan arah sasarannya"
    title_en = "Targets move against the direction of their sasaran"
    severity = "warning"
    family = "targets"
    # the targets are the cells' texts as written: quoted in English, whose notation may differ
    messages = {f"{way}_{whose}": {
        "message": {
            "id": "Target '{indicator}' {move} dari {before} ({y0}) menjadi {after} ({y1}), padahal " + whose_id
                  + demand_id + ". Periksa angka targetnya, atau beri catatan alasannya.",
            "en": "Target of '{indicator}' {move} from '{before}' ({y0}) to '{after}' ({y1}), although " + whose_en
                  + demand_en + ". Check the target, or add a note with the reason."},
        "expected": {"id": bound + " {before}"},
        "actual": {"id": "{after}"},
    } for way, demand_id, demand_en, bound in (
        ("up", " menuntut kenaikan", " calls for a rise", ">="),
        ("down", " menuntut penurunan (indikator ini makin baik bila makin kecil)",
         " calls for a fall (this indicator is better when lower)", "<="))
      for whose, whose_id, whose_en in (("sasaran", "sasarannya '{statement}'", "its sasaran '{statement}'"),
                                        ("own", "indikatornya sendiri", "the indicator itself"))}
    options = {
        "increase_words": list,
        "decrease_words": list,
        "min_shared_word_length": int,
        "ignore_words": list,
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        up = _pattern(self.option("increase_words"))
        down = _pattern(self.option("decrease_words"))
        stop = {w.lower() for w in self.option("ignore_words")}
        min_len = int(self.option("min_shared_word_length"))
        if up is None:
            return
        for table in ctx.workbook.tables:
            years = sorted((y, f) for f in fields_with_base(table, "target")
                           if (y := field_year(f)) is not None and f"{f}__value" in table.frame.columns)
            if len(years) < 2:
                continue
            statements = [f for f in ("sasaran", "tujuan") if f in table.columns]
            indicators = [f for f in ("indikator", "indikator_program", "indikator_hasil") if f in table.columns]
            if not indicators:
                continue
            for row in table.rows:
                indicator = next((v for f in indicators if isinstance(v := value(table, f, row), str) and v.strip()), None)
                if not indicator:
                    continue
                statement = next((v for f in statements if isinstance(v := value(table, f, row), str) and v.strip()),
                                 None)
                said = _direction(statement, up, down) if statement else None
                if said is None:  # the indicator may say it: "Peningkatan kapasitas …"
                    statement, said = indicator, _direction(indicator, up, down)
                if said is None or (statement is not indicator and not _shares_a_word(statement, indicator, stop, min_len)):
                    continue
                lower_better = polarity(ctx, indicator)
                if lower_better:
                    expected = "down"  # an improvement of a lower-is-better indicator is a fall
                elif said == "up":
                    expected = "up"
                else:
                    continue  # "Menurunnya X" over a higher-is-better indicator names another thing
                series = _series(table, row, years)
                if series is None:
                    continue
                for (y0, v0, _), (y1, v1, f1) in zip(series, series[1:]):
                    wrong = v1 < v0 if expected == "up" else v1 > v0
                    if not wrong:
                        continue
                    unit = series[0][2]
                    shown0, shown1 = _shown(table, f"{_field(years, y0)}", row), _shown(table, f1, row)
                    own = statement is indicator
                    yield self.say(
                        ctx, table.sheet, table.cell(f1, row), f"{expected}_{'own' if own else 'sasaran'}",
                        related=[str(table.ref(_field(years, y0), row))], indicator=short(indicator, 70),
                        move=Words("turun", "falls") if v1 < v0 else Words("naik", "rises"), before=shown0,
                        after=shown1, y0=y0, y1=y1, statement=short(statement, 70))
                    break  # one finding per row: the first step against the direction


def _pattern(words: list[str]) -> re.Pattern | None:
    words = [w for w in words if w]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I) if words else None


def _direction(text: str, up: re.Pattern, down: re.Pattern | None) -> str | None:
    u, d = up.search(text), down.search(text) if down is not None else None
    if u and not d:
        return "up"
    if d and not u:
        return "down"
    return None  # none, or both ("Meningkatnya X dan menurunnya Y"): no single direction


def _words(text: str, stop: set[str], min_len: int) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= min_len and w not in stop}


def _shares_a_word(a: str, b: str, stop: set[str], min_len: int) -> bool:
    return bool(_words(a, stop, min_len) & _words(b, stop, min_len))


def _field(years: list[tuple[int, str]], year: int) -> str:
    return next(f for y, f in years if y == year)


def _series(table, row: int, years: list[tuple[int, str]]) -> list[tuple[int, float, str]] | None:
    """(year, value, field) of each year's target, when every year is a plain number of one unit."""
    out, units = [], set()
    for year, f in years:
        if value(table, f"{f}__status", row) != "ok":
            return None
        v = value(table, f"{f}__value", row)
        if not isinstance(v, (int, float)) or v != v:
            return None
        units.add(norm_unit(value(table, f"{f}__unit", row)))
        out.append((year, float(v), f))
    return out if len(units) == 1 else None


def _shown(table, fld: str, row: int) -> str:
    return " ".join(str(value(table, fld, row, "")).split())
