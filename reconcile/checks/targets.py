"""Targets: a unit that fits the indicator, a number and a unit in every target, and no
unexplained jump from year N to year N+1 (targets and pagu)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.ratios import (
    field_col,
    field_side,
    field_year,
    fields_with_base,
    nearest_left,
    norm_unit,
    row_label,
    short,
    value,
)
from reconcile.read.headers import base_field
from reconcile.read.model import Table, quote_sheet

FAMILY_FILE = "targets.yaml"
NIL = ("", "-", "–", "—")


def _cfg(ctx: Context) -> dict[str, Any]:
    return ctx.config.load(FAMILY_FILE) or {}


def _patterns(ctx: Context, kind: str) -> list[re.Pattern]:
    return [re.compile(p, re.I) for p in ((_cfg(ctx).get("indicator_kinds") or {}).get(kind) or [])]


def indicator_kind(text: str, patterns: dict[str, list[re.Pattern]]) -> set[str]:
    """The kinds (share, count, unitless, qualitative) an indicator's wording belongs to."""
    kinds = set()
    for kind, pats in patterns.items():
        for p in pats:
            if p.search(text):
                kinds.add(kind)
                break
    return kinds


def target_fields(table: Table) -> list[str]:
    return [f for f in table.columns if table.field_types.get(f) == "target" and base_field(f).startswith("target")]


def indicator_field(ctx: Context, table: Table, target: str) -> str | None:
    """The indicator column that describes `target` (rules/targets.yaml, target_fields)."""
    cfg = _cfg(ctx)
    pairs = cfg.get("target_fields") or {}
    base, side, col = base_field(target), field_side(target), field_col(table, target)
    candidates = pairs.get(base) or []
    if base in (cfg.get("nearest_left") or []):
        present = [f for b in candidates for f in fields_with_base(table, b, side=side)]
        return nearest_left(table, present, col) or (present[0] if present else None)
    for b in candidates:
        present = fields_with_base(table, b, side=side)
        if present:
            return nearest_left(table, present, col) or present[0]
    return None


_SEEN_MAX = 8192  # distinct indicators `_kinds_column` keeps judged


def _kinds_column(cells: list["TargetCell"], kinds: dict[str, list[re.Pattern]]) -> list[str]:
    """indicator_kind of every cell's indicator, joined; each indicator text matched once (one
    indicator serves many target cells), up to _SEEN_MAX of them (an RKPD's 100,000 distinct
    indicators would make a large dict of little use)."""
    seen: dict[str, str] = {}
    joined: dict[str, str] = {}  # one string per combination of kinds, not one per indicator
    out = []
    for tc in cells:
        k = seen.get(tc.indicator)
        if k is None:
            k = ",".join(sorted(indicator_kind(tc.indicator, kinds)))
            k = joined.setdefault(k, k)
            if len(seen) < _SEEN_MAX:
                seen[tc.indicator] = k
        out.append(k)
    return out


@dataclass(slots=True)  # one per target cell, kept for the run: 100,000s in an RKPD
class TargetCell:
    """One target cell as a planner reads it."""

    table: Table
    row: int
    field: str
    text: str  # as shown
    value: float | None
    unit: str  # normalised unit ("%", "dokumen", "orang/bulan"), "" when none
    unit_shown: str  # as written
    is_percent: bool
    status: str  # parse_target's status; a %-formatted Excel number is "ok" with unit "%"
    indicator: str  # the indicator text on the same row ("" when none)

    @property
    def cell(self) -> str:
        return self.table.cell(self.field, self.row)


_FORMAT_LITERAL = re.compile(r'"([^"]*[^\W\d_][^"]*)"')
_LETTER = re.compile(r"[^\W\d_]")


def _text_target(raw: str) -> tuple[str, float | None, str, str, bool, str]:
    """What a text target cell holds (TargetCell's text, value, unit, unit_shown, is_percent,
    status)."""
    from reconcile.read.numbers import parse_target

    t = parse_target(raw)
    return (_tidy(raw), t.value, "%" if t.is_percent else norm_unit(t.unit), t.unit or "", t.is_percent, t.status)


def _tidy(text: str) -> str:
    """Whitespace collapsed; the string itself when it already is (no copy kept per cell)."""
    tidy = " ".join(text.split())
    return text if tidy == text else tidy


def _indicator_text(v: str) -> str:
    return _tidy(v) if _LETTER.search(v) else ""


class _TargetColumn:
    """Reads the target cells of one target column: what stays the same down the column (the
    sheet's grid and layout, the column) is looked up once."""

    def __init__(self, ctx: Context, table: Table, fld: str, texts: dict[str, tuple]):
        self.ctx, self.table, self.fld = ctx, table, fld
        self.col = field_col(table, fld)
        self.grid = ctx.workbook.grids.get(table.sheet)
        self.layout = ctx.workbook.layouts.get(table.sheet)
        self.texts = texts  # raw text -> _text_target(raw): the same few texts fill the columns

    def read(self, row: int, v: Any) -> TargetCell | None:
        """The target cell on `row`; `v`: the row's indicator cell."""
        grid, col = self.grid, self.col
        line = grid[row - 1] if grid is not None and 0 < row <= len(grid) else None
        raw = line[col - 1] if line is not None and 0 < col <= len(line) else None  # as Workbook.value_at
        if raw is None or (isinstance(raw, str) and raw.strip() in NIL):
            return None
        indicator = _indicator_text(v) if isinstance(v, str) else ""
        table, fld, ctx = self.table, self.fld, self.ctx
        if isinstance(raw, str):
            held = self.texts.get(raw)
            if held is None:
                held = self.texts[raw] = _text_target(raw)
            return TargetCell(table, row, fld, *held, indicator)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            fmt = self.layout.number_format(row, col) if self.layout is not None else ""
            literal = _FORMAT_LITERAL.search(fmt or "")
            if "%" in (fmt or ""):
                v = float(raw) * 100.0
                return TargetCell(table, row, fld, f"{ctx.num(v)}%", v, "%", "%", True, "ok", indicator)
            if literal:  # 0 "Dokumen": the unit is in the number format
                unit = literal.group(1).strip()
                return TargetCell(table, row, fld, f"{ctx.num(float(raw))} {unit}", float(raw), norm_unit(unit),
                                  unit, False, "ok", indicator)
            return TargetCell(table, row, fld, ctx.num(float(raw)), float(raw), "", "", False, "no_unit", indicator)
        return None


def iter_targets(ctx: Context) -> list[TargetCell]:
    """Every non-empty target cell of the workbook with its indicator (once per run)."""
    cache = ctx.__dict__.setdefault("_targets_cache", {})
    if "cells" not in cache:
        cache["cells"] = list(_iter_targets(ctx))
    return cache["cells"]


def _targets_by_column(ctx: Context) -> dict[tuple[int, str], dict[int, TargetCell]]:
    """(id(table), field) -> {row: the target cell} (once per run; a key per column, not per
    cell)."""
    cache = ctx.__dict__.setdefault("_targets_cache", {})
    if "by_column" not in cache:
        by: dict[tuple[int, str], dict[int, TargetCell]] = {}
        column: dict[int, TargetCell] = {}
        last, field = None, ""
        for tc in iter_targets(ctx):  # column after column
            if tc.table is not last or tc.field != field:
                last, field = tc.table, tc.field
                column = by.setdefault((id(last), field), {})
            column[tc.row] = tc
        cache["by_column"] = by
    return cache["by_column"]


def _iter_targets(ctx: Context) -> Iterable[TargetCell]:
    texts: dict[str, tuple] = {}
    for table in ctx.workbook.tables:
        # the frame's columns as lists, not `Table.column` views: each indicator column is read
        # once, here
        f, rows = table.frame, table.rows
        levels = f["level"].tolist()
        for fld in target_fields(table):
            read = _TargetColumn(ctx, table, fld, texts).read
            ind = indicator_field(ctx, table, fld)
            indicators = f[ind].tolist() if ind and ind in f.columns else [None] * len(rows)
            for row, level, v in zip(rows, levels, indicators):
                if level != "total":
                    tc = read(row, v)
                    if tc is not None:
                        yield tc
            del indicators


def _what(tc: TargetCell) -> tuple[str, str]:
    if tc.indicator:
        return f"indikator '{short(tc.indicator)}'", f"indicator '{short(tc.indicator)}'"
    name = row_label(tc.table, tc.row)
    return f"baris '{name}'", f"row '{name}'"


class TargetUnit(Rule):
    """A target's unit does not fit its indicator.

    Why it matters: a "Persentase …", "Rasio …", "Tingkat …" or "Indeks …" indicator is measured
    in percent (or points, Rupiah), a "Jumlah …" indicator in a count with a unit. "15 Dokumen"
    for a percentage, or "100%" for a number of documents, is a target nobody can evaluate at
    the end of the year — usually the target of the neighbouring indicator, or of another row.
    The word lists are in `rules/targets.yaml` (`indicator_kinds`, `share_units`); each target
    column is paired with its indicator column (target keluaran ↔ indikator keluaran, target
    program ↔ capaian program, target hasil ↔ hasil kegiatan, target ↔ tolok ukur/indikator,
    and on the same side of a two-sided RKPD table).

    **Bad**: "Jumlah dokumen/laporan perencanaan, penganggaran dan evaluasi" with target
    "100%"; "Persentase tersedianya dokumen perencanaan" with target "15 Dokumen".

    **Good**: "Jumlah dokumen … : 15 Dokumen"; "Persentase tersedianya dokumen … : 100%".
    """

    code = "TARGET-UNIT"
    title = "Satuan target tidak sesuai indikatornya"
    title_en = "Target unit does not fit its indicator"
    severity = "warning"
    family = "targets"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        kinds = {k: _patterns(ctx, k) for k in ("share", "count")}
        share_units = {norm_unit(u) for u in _cfg(ctx).get("share_units") or []}
        # A target's unit is in its own cell ("15 Dokumen") or in the row's Satuan column.
        cells, units, pcts = [], [], []
        satuan_of: dict[int, str] = {}  # position in cells -> the Satuan column's unit, when it is the unit
        for tc in iter_targets(ctx):
            if not tc.indicator:
                continue
            satuan = "" if tc.unit else _satuan(tc)
            if tc.unit and tc.status in ("ok", "range"):
                cells.append(tc), units.append(tc.unit), pcts.append(tc.is_percent)
            elif satuan and tc.status in ("ok", "range", "no_unit"):
                is_pct = satuan.strip().lower() in ("%", "persen", "persentase")
                satuan_of[len(cells)] = satuan
                cells.append(tc), units.append("%" if is_pct else satuan), pcts.append(is_pct)
        if not cells:
            return
        kind_col = _kinds_column(cells, kinds)
        # The few distinct kinds and units are judged once each (not with pandas' string
        # methods cell by cell): a share indicator only, a count indicator only, a unit that
        # fits a share (its first word or the whole of it a share unit).
        only = {k: ("share" in k and "count" not in k, "count" in k and "share" not in k) for k in set(kind_col)}
        fits = {u: (u.split()[0] if u.split() else "") in share_units or u in share_units for u in set(units)}
        n = len(cells)
        frame = pd.DataFrame({  # (flags straight into arrays: a list of 100,000s of bools is 8 bytes each)
            "kind": kind_col,
            "unit": units,
            "pct": np.fromiter(pcts, dtype=bool, count=n),
            "share_only": np.fromiter((only[k][0] for k in kind_col), dtype=bool, count=n),
            "count_only": np.fromiter((only[k][1] for k in kind_col), dtype=bool, count=n),
            "share_unit": np.fromiter((fits[u] for u in units), dtype=bool, count=n),
        })
        del kind_col

        def share_with_count(s):
            sub = frame.loc[s.index, ["share_only", "pct", "share_unit"]]
            return ~(sub["share_only"] & ~(sub["pct"] | sub["share_unit"]))

        def count_with_percent(s):
            sub = frame.loc[s.index, ["count_only", "pct"]]
            return ~(sub["count_only"] & sub["pct"])

        failing = failure_rows(frame, {"unit": [pa.Check(share_with_count, error="share indicator, count target"),
                                                pa.Check(count_with_percent, error="count indicator, % target")]})
        for i in failing.get("unit", []):
            tc, satuan = cells[i], satuan_of.get(i)
            text, label = (tc.text, tc.unit_shown) if satuan is None else (f"{tc.text} {satuan}", satuan)
            what_id, what_en = _what(tc)
            if pcts[i]:
                msg_id = (f"Target '{text}' berupa persen, padahal {what_id} mengukur jumlah. Tuliskan target "
                          f"sebagai jumlah dengan satuan (mis. '15 Dokumen'), atau ubah indikatornya menjadi "
                          f"'Persentase …' bila yang diukur memang persentase.")
                msg_en = (f"The target '{text}' is a percentage, but {what_en} counts something. Give the target "
                          f"as a count with a unit (e.g. '15 Dokumen'), or reword the indicator as 'Persentase …' "
                          f"if a percentage is what is measured.")
                expected, actual = ctx.t("jumlah + satuan", "count + unit"), text
            else:
                msg_id = (f"Target '{text}' berupa jumlah ({label}), padahal {what_id} mengukur "
                          f"persentase/rasio/tingkat/indeks. Tuliskan target dalam persen (mis. '100%'), atau ubah "
                          f"indikatornya menjadi 'Jumlah …' bila yang diukur memang jumlah.")
                msg_en = (f"The target '{text}' is a count ({label}), but {what_en} measures a "
                          f"percentage/ratio/level/index. Give the target in percent (e.g. '100%'), or reword the "
                          f"indicator as 'Jumlah …' if a count is what is measured.")
                expected, actual = "%", text
            related = []
            ind = indicator_field(ctx, tc.table, tc.field)
            if ind:
                related.append(f"{quote_sheet(tc.table.sheet)}!{tc.table.cell(ind, tc.row)}")
            yield self.finding(ctx, tc.table.sheet, tc.cell, msg_id, msg_en, expected=expected, actual=actual,
                               related=related)


class TargetMissing(Rule):
    """A target without a number ("Orang"), or without a unit ("12") where one is expected.

    Why it matters: a target is a number and a unit. "Orang" alone cannot be achieved or
    missed; "12" leaves the reader guessing 12 of what (documents? reports? people?) and does
    not match the same target written "12 Laporan" in another table. A plain number is fine for
    a percentage, ratio, level or index indicator, and a word ("WTP", "Baik") for a predikat or
    opini; check marks ("V") in NSPK/IKK columns are not targets. Word lists:
    `rules/targets.yaml` (`indicator_kinds`, `units`).

    **Bad**: "Jumlah peserta pelatihan berbasis kompetensi" with target "Orang" or "30".

    **Good**: "30 Orang".
    """

    code = "TARGET-MISSING"
    title = "Target tanpa angka atau tanpa satuan"
    title_en = "Target without a number or without a unit"
    severity = "warning"
    family = "targets"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        cfg = _cfg(ctx)
        kinds = {k: _patterns(ctx, k) for k in ("share", "count", "unitless", "qualitative")}
        marks = {str(m).lower() for m in self.setting("marks", [])}
        cells = list(iter_targets(ctx))
        units = {norm_unit(u) for u in cfg.get("units") or []}
        units |= {tc.unit for tc in cells if tc.status == "ok" and tc.unit}
        # a column where no target has a number is not a target column in practice (labels, marks)
        numeric = {(id(tc.table), tc.field) for tc in cells if tc.value is not None or tc.status == "range"}
        cells = [tc for tc in cells if tc.status in ("no_number", "no_unit") and (id(tc.table), tc.field) in numeric]
        if not cells:
            return
        satuan_cells = {id(tc): _satuan(tc) for tc in cells}
        frame = pd.DataFrame({
            "status": [tc.status for tc in cells],
            "kind": _kinds_column(cells, kinds),
            "unit": [tc.unit for tc in cells],
            "text": [tc.text.lower().strip(" .,:;") for tc in cells],
            "indicator": [tc.indicator for tc in cells],
            "satuan": [satuan_cells[id(tc)] for tc in cells],
        })

        def has_number(s):
            sub = frame.loc[s.index]
            lost = (sub["status"] == "no_number") & sub["unit"].isin(units) & ~sub["text"].isin(marks) \
                & ~sub["kind"].str.contains("qualitative")
            return ~lost

        def has_unit(s):
            sub = frame.loc[s.index]
            unit_free = sub["kind"].str.contains("share|unitless|qualitative")
            bare = (sub["status"] == "no_unit") & (sub["indicator"] != "") & ~unit_free & (sub["satuan"] == "")
            return ~bare

        failing = failure_rows(frame, {"status": [pa.Check(has_number, error="target has a number"),
                                                  pa.Check(has_unit, error="target has a unit")]})
        for i in failing.get("status", []):
            tc = cells[i]
            what_id, what_en = _what(tc)
            if tc.status == "no_number":
                yield self.finding(
                    ctx, tc.table.sheet, tc.cell,
                    f"Target '{tc.text}' ({what_id}) hanya berisi satuan, tanpa angka. Tuliskan angka "
                    f"targetnya beserta satuan, mis. '30 {tc.unit_shown}'.",
                    f"The target '{tc.text}' ({what_en}) is only a unit, with no number. Write the target "
                    f"number with its unit, e.g. '30 {tc.unit_shown}'.",
                    expected=ctx.t("angka + satuan", "number + unit"), actual=tc.text)
            else:
                guess = _unit_in(tc.indicator, units)
                example = f"{tc.text} {guess.title()}" if guess else None
                yield self.finding(
                    ctx, tc.table.sheet, tc.cell,
                    f"Target '{tc.text}' ({what_id}) tidak bersatuan: {tc.text} apa? Tuliskan satuannya"
                    + (f", mis. '{example}'." if example else " (mis. Orang, Dokumen, Laporan)."),
                    f"The target '{tc.text}' ({what_en}) has no unit: {tc.text} of what? Add the unit"
                    + (f", e.g. '{example}'." if example else " (e.g. Orang, Dokumen, Laporan)."),
                    expected=example or ctx.t(f"{tc.text} + satuan", f"{tc.text} + unit"), actual=tc.text)


def _satuan(tc: TargetCell) -> str:
    """The row's unit column (satuan), when the table has one."""
    for f in fields_with_base(tc.table, "satuan", side=field_side(tc.field)) or fields_with_base(tc.table, "satuan"):
        v = value(tc.table, f, tc.row)
        if isinstance(v, str) and v.strip() not in NIL:
            return v.strip()
    return ""


def _unit_in(indicator: str, units: set[str]) -> str | None:
    """A unit word the indicator itself names, after its first word ("Jumlah dokumen
    perencanaan" -> "dokumen"; the earliest, and the longest there)."""
    words = re.findall(r"[^\W\d_]+", indicator.lower())
    pattern = _units_pattern(frozenset(units))
    m = pattern.search(" " + " ".join(words[1:]) + " ") if pattern is not None else None
    return m.group(1) if m else None


@functools.lru_cache(maxsize=16)
def _units_pattern(units: frozenset[str]) -> re.Pattern | None:
    words = sorted((u for u in units if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", u) and u != "persen"),
                   key=len, reverse=True)
    return re.compile(r" (" + "|".join(map(re.escape, words)) + r") ") if words else None


class TargetJump(Rule):
    """Year N+1's target or pagu jumps or falls far beyond year N, with no note.

    Why it matters: the prakiraan maju (year N+1) steps from year N. A pagu that triples or
    drops to a third — or a target that does — is most often a typing slip (a digit too many or
    too few, the pagu of the next row); when it is real, the Bappeda verifier needs the reason
    in the catatan. Checked on kegiatan and sub kegiatan rows; the ratio, the levels and what
    counts as a note are in `rules/targets.yaml`. Targets are compared only for the same
    indicator and the same unit.

    **Bad**: sub kegiatan "Penyusunan Dokumen Perencanaan": pagu 2024 Rp 8.160.000, pagu 2025
    Rp 81.600.000, no catatan; target 2024 "15 Dokumen", target 2025 "150 Dokumen".

    **Good**: pagu 2025 Rp 8.200.000 and target "15 Dokumen"; or the jump explained in the
    catatan ("penambahan dokumen RPJMD baru").
    """

    code = "TARGET-JUMP"
    title = "Target atau pagu tahun N+1 melonjak/anjlok tanpa catatan"
    title_en = "Year N+1 target or pagu jumps or falls without a note"
    severity = "warning"
    family = "targets"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        ratio = float(self.setting("max_ratio", 3))
        if ratio <= 1:
            return
        levels = set(self.setting("levels", ["sub_kegiatan", "kegiatan"]))
        kinds = set(self.setting("table_kinds", ["rincian", "review_rkpd", "daftar", "evaluasi"]))
        empty = {str(x).lower() for x in self.setting("empty_notes", list(NIL))} | {""}
        pairs = _Pairs()
        for table in ctx.workbook.tables:
            if table.kind not in kinds:
                continue
            # frame positions and columns as lists, read once here (no `Table.column` views kept)
            f = table.frame
            notes = [f[c].tolist() for c in fields_with_base(table, "catatan") if c in f.columns]
            chosen = [level in levels and not _has_note(notes, i, empty)  # per frame position
                      for i, level in enumerate(f["level"].tolist())]
            del notes
            if not any(chosen):
                continue
            if self.setting("pagu", True):
                _pagu_pairs(pairs, table, chosen)
            if self.setting("targets", True):
                _target_pairs(pairs, ctx, table, [row for row, yes in zip(table.rows, chosen) if yes])
        if not pairs.rows:
            return
        frame = pd.DataFrame({"prev": np.frombuffer(pairs.prev), "next": np.frombuffer(pairs.next)})
        failing = failure_rows(frame, {"next": pa.Check(
            lambda s: (s <= frame.loc[s.index, "prev"] * ratio) & (s >= frame.loc[s.index, "prev"] / ratio),
            error=f"within ×{ratio} of year N")})
        for i in failing.get("next", []):
            p = pairs.pair(ctx, i)
            table, row = p["table"], p["row"]
            level = value(table, "level", row)
            lvl_id = {"sub_kegiatan": "Sub kegiatan", "kegiatan": "Kegiatan", "program": "Program"}.get(level, "Baris")
            lvl_en = {"sub_kegiatan": "Sub kegiatan", "kegiatan": "Kegiatan", "program": "Program"}.get(level, "Row")
            name = short(value(table, "name", row)) or row_label(table, row)
            factor = p["next"] / p["prev"]
            up = factor > 1
            if p["kind"] == "pagu":
                a, b = ctx.money(p["prev"]), ctx.money(p["next"])
                what_id, what_en = "pagu", "pagu"
            else:
                a, b = p["prev_text"], p["next_text"]
                what_id, what_en = f"target '{short(p['indicator'], 50)}'", f"target '{short(p['indicator'], 50)}'"
            move_id = (f"naik {ctx.num(factor)} kali" if up else f"turun menjadi {ctx.num(factor * 100)}%")
            move_en = (f"rises {ctx.num(factor, 2)}×" if up else f"falls to {ctx.num(factor * 100)}%")
            yield self.finding(
                ctx, table.sheet, table.cell(p["next_field"], row),
                f"{lvl_id} '{name}': {what_id} {p['next_year']} ({b}) {move_id} dari tahun {p['prev_year']} ({a}), "
                f"melewati batas {ctx.num(ratio)} kali, tanpa catatan. Periksa salah ketik (digit berlebih/kurang, "
                f"angka baris lain); bila memang disengaja, tuliskan alasannya di kolom catatan.",
                f"{lvl_en} '{name}': {what_en} {p['next_year']} ({b}) {move_en} from {p['prev_year']} ({a}), beyond "
                f"the limit of {ctx.num(ratio)}×, with no note. Check for a typing slip (a digit too many or too "
                f"few, another row's figure); if it is intended, give the reason in the notes column.",
                expected=_allowed(ctx, p, ratio), actual=b,
                related=[f"{quote_sheet(table.sheet)}!{table.cell(p['prev_field'], row)}"])


def _allowed(ctx: Context, p: dict[str, Any], ratio: float) -> str:
    """The range year N+1 may take without a note: year N ÷ ratio … year N × ratio."""
    lo, hi = p["prev"] / ratio, p["prev"] * ratio
    if p["kind"] == "pagu":
        return f"{ctx.money(round(lo))} – {ctx.money(round(hi))}"
    unit = p.get("unit_shown") or ""
    unit = "%" if unit == "%" else (f" {unit}" if unit else "")
    return f"{ctx.num(lo)}{unit} – {ctx.num(hi)}{unit}"


def _has_note(notes: list[list[Any]], i: int, empty: set[str]) -> bool:
    """Whether one of the notes columns (frame columns as lists) says something at position `i`."""
    for col in notes:
        v = col[i]
        if isinstance(v, str) and " ".join(v.split()).lower() not in empty:
            return True
    return False


def _year_pairs(table: Table, fields: list[str]) -> list[tuple[str, str]]:
    """(year N field, year N+1 field) on the same side."""
    out = []
    for nxt in fields:
        y = field_year(nxt)
        if y is None:
            continue
        prev = [f for f in fields if field_year(f) == y - 1 and field_side(f) == field_side(nxt)]
        if prev:
            out.append((prev[0], nxt))
    return out


class _Pairs:
    """Year N and year N+1 values of one row, pair after pair, kept as columns (100,000s of
    pairs in an RKPD, of which a few are reported: `pair` gives the details of one)."""

    def __init__(self) -> None:
        from array import array

        self.columns: list[tuple[str, Table, str, str]] = []  # (kind, table, year N field, year N+1 field)
        self.column_of: list[int] = []  # per pair: its index in `columns`
        self.rows: list[int] = []
        self.prev = array("d")  # 8 bytes a value, not a float object each
        self.next = array("d")

    def start(self, kind: str, table: Table, prev_field: str, next_field: str) -> int:
        self.columns.append((kind, table, prev_field, next_field))
        return len(self.columns) - 1

    def add(self, column: int, row: int, prev: float, nxt: float) -> None:
        self.column_of.append(column)
        self.rows.append(row)
        self.prev.append(prev)
        self.next.append(nxt)

    def pair(self, ctx: Context, i: int) -> dict[str, Any]:
        kind, table, prev_field, next_field = self.columns[self.column_of[i]]
        row = self.rows[i]
        p = {"kind": kind, "table": table, "row": row, "prev": self.prev[i], "next": self.next[i],
             "prev_field": prev_field, "next_field": next_field, "prev_year": field_year(prev_field),
             "next_year": field_year(next_field)}
        if kind == "target":
            by_column = _targets_by_column(ctx)
            a, b = by_column[(id(table), prev_field)][row], by_column[(id(table), next_field)][row]
            p.update({"prev_text": a.text, "next_text": b.text, "indicator": b.indicator or a.indicator,
                      "unit_shown": "%" if b.unit == "%" else b.unit_shown})
        return p


def _pagu_pairs(pairs: _Pairs, table: Table, chosen: list[bool]) -> None:
    """`chosen`: per frame position, whether the row is compared."""
    for prev, nxt in _year_pairs(table, fields_with_base(table, "pagu")):
        column = pairs.start("pagu", table, prev, nxt)
        for row, yes, a, b in zip(table.rows, chosen, _ok_values(table, prev), _ok_values(table, nxt)):
            if not yes or a is None or b is None or a <= 0 or b <= 0:
                continue
            pairs.add(column, row, float(a), float(b))


def _ok_values(table: Table, fld: str) -> list[Any]:
    """`fld` at every frame position where it was read as a number (status ok, a value), else
    None."""
    f = table.frame
    if fld not in f.columns:
        return [None] * len(f)
    status = f[f"{fld}__status"].tolist() if f"{fld}__status" in f.columns else None
    return [v if v is not None and v == v and (status is None or status[i] == "ok") else None
            for i, v in enumerate(f[fld].tolist())]


def _target_pairs(pairs: _Pairs, ctx: Context, table: Table, rows: list[int]) -> None:
    """Targets of year N and N+1 for the same indicator: the same target column kind, or
    columns whose indicators read the same on the row (Tabel 4.1: target program 2024 and
    the N+1 "Tolak Ukur | Target")."""
    from reconcile.checks.ratios import norm_label

    fields = target_fields(table)
    by_column, tid = _targets_by_column(ctx), id(table)
    labels: dict[str, str] = {}  # indicator -> norm_label: one indicator is on many rows and pairs

    def label(text: str) -> str:
        if text not in labels:
            labels[text] = norm_label(text)
        return labels[text]

    for nxt in fields:
        y = field_year(nxt)
        if y is None:
            continue
        prevs = [f for f in fields if field_year(f) == y - 1 and field_side(f) == field_side(nxt)]
        if not prevs:
            continue
        column_of = {prev: pairs.start("target", table, prev, nxt) for prev in prevs}
        next_cells = by_column.get((tid, nxt), {})
        prev_cells = {prev: by_column.get((tid, prev), {}) for prev in prevs}
        for row in rows:
            b = next_cells.get(row)
            if b is None or b.status not in ("ok", "no_unit") or not b.value or b.value <= 0:
                continue
            for prev in prevs:
                a = prev_cells[prev].get(row)
                if a is None or a.status not in ("ok", "no_unit") or not a.value or a.value <= 0:
                    continue
                if a.unit != b.unit:
                    continue  # (tested first: cheaper than the indicators' labels)
                same_kind = base_field(prev) == base_field(nxt)
                same_indicator = bool(a.indicator) and label(a.indicator) == label(b.indicator)
                if b.indicator and a.indicator and not same_indicator:
                    continue
                if not (same_kind or same_indicator):
                    continue
                pairs.add(column_of[prev], row, a.value, b.value)
                break


RULES = [TargetUnit, TargetMissing, TargetJump]
