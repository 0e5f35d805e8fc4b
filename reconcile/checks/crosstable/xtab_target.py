"""XTAB-TARGET: Item target differs between tables."""
from __future__ import annotations

from typing import Any, Iterator

from reconcile.checks.base import Context, Finding, short
from reconcile.checks.crosstable.analysis import (
    DEFAULT_INDICATOR_ROLES,
    DEFAULT_TARGET_ROLES,
    Disagreement,
    Obs,
    ROLE_EN,
    ROLE_ID,
    _CrossRule,
    _emit,
    _frame_value,
    _inherited,
    _role_fields,
    _role_fields_cache,
    _role_of,
    _role_settings,
    _twin,
    labels_words,
    same_target,
    src_words,
    target_arg,
)
from reconcile.checks.matching import (
    Entity,
    Matching,
    Source,
    field_year,
    get_matching,
    level_cap,
    plan_year,
    table_label,
)
from reconcile.findings import Words
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import name_key


class CrossTableTarget(_CrossRule):
    """The same item has a different target for the same year and indicator in two tables.

    Why it matters: the target is what the agency promises; Tabel 2.6, 3.2 and 4.1 must promise
    the same thing. Targets are compared by role — keluaran with keluaran, capaian program with
    capaian program, hasil with hasil — and year; a table with a single target column (Tabel 2.6)
    gives each row the role of its level (sub kegiatan: keluaran). Numbers and units are
    compared as parsed: "1,800 Orang" equals "1800 orang"; "95%" equals 0,95.

    A program's or kegiatan's own target printed only on the rows under it (Tabel 3.2 repeats
    the capaian program target on every sub kegiatan row) counts as the program's. A table of
    indicators (the Kinerja table: the Renstra target of each year) takes part for the program
    whose capaian indicator its row names.

    **Bad**: sub kegiatan "Pembinaan Lembaga Pelatihan Kerja Swasta": target keluaran
    "40 Lembaga" in Tabel 3.2 but "38 Lembaga" in Tabel 4.1; program "Program Perencanaan Tenaga
    Kerja": Tingkat Partisipasi Angkatan Kerja 65% for 2024 in Tabel 2.6, 3.2 and 4.1 but 68,82%
    in the Kinerja table.

    **Good**: "40 Lembaga" in both.
    """

    code = "XTAB-TARGET"
    title = "Target item berbeda antar tabel"
    title_en = "Item target differs between tables"
    severity = "warning"
    options = {
        **_CrossRule.options,
        "tolerance": float,
        "ignore_zero": bool,
        "indicator_match": float,
        "indicator_margin": float,
        "indicator_tables": list,
    }
    messages = {"target": {
        "message": {
            "id": "{level} '{name}': target {role}{year} di {here} tertulis '{actual}', sedangkan di {there} "
                  "'{expected}'. Samakan targetnya, atau perbaiki tabel yang salah.",
            "en": "{level} '{name}': the {role} target{year} is '{actual}' in {here}, but '{expected}' in {there}. "
                  "Make the targets the same, or fix the wrong table."},
        "expected": {"id": "{expected}"},
        "actual": {"id": "{actual}"},
    }}

    def check(self, ctx: Context) -> Iterator[Finding]:
        m = get_matching(ctx)
        s = m.s
        tol = float(self.option("tolerance"))
        skip_zero = bool(self.option("ignore_zero"))
        roles, level_roles = _role_settings(ctx, "targets", DEFAULT_TARGET_ROLES)
        year0 = plan_year(ctx)
        fields_of = _role_fields_cache("target", roles, s.review_sides)

        def collect(src: Source, row: int, ent: Entity) -> dict[Any, Obs]:
            table = src.table
            out: dict[Any, Obs] = {}
            for fld, single in fields_of(table):
                role = _role_of(fld, ent.level, roles, level_roles, single)
                if role is None:
                    continue
                slot = (role, field_year(fld) or year0)
                if slot in out:
                    continue
                rows = [row]
                if _frame_value(table, f"{fld}__status", row) in ("empty", None):
                    rows = _inherited(m, src, row, ent.level, fld, role, single, level_roles,
                                      lambda v: name_key(str(v)))
                    if not rows:
                        continue
                at = rows[0]
                status = _frame_value(table, f"{fld}__status", at)
                raw = _frame_value(table, fld, at)
                if status in ("empty", None) or raw is None or not str(raw).strip():
                    continue
                value = _frame_value(table, f"{fld}__value", at)
                unit = _frame_value(table, f"{fld}__unit", at)
                if skip_zero and value is not None and float(value) == 0:
                    continue  # "0 %" stands for "no target" in evaluation tables
                shown, value, unit = target_arg(ctx, table, fld, at, raw, value, unit)
                also = tuple(table.cell(fld, r) for r in rows[1:]) + _twin(table, fld, at, lambda a, b: a == b)
                out[slot] = Obs(src, at, fld, (value, unit, raw), shown, also=also, inherited=at != row)
            return out

        def message(d: Disagreement) -> tuple[str, dict[str, Any]]:
            out, best = d.out, d.best
            role, year = d.slot
            return "target", dict(level=level_cap(d.entity.level),
                                  name=short(get_matching(ctx).display_name(d.entity, out.src)),
                                  role=Words(ROLE_ID.get(role, role), ROLE_EN.get(role, role)),
                                  year=f" {year}" if year else "", here=src_words(out.src),
                                  there=labels_words(ctx, best))

        same = lambda a, b: same_target(a, b, tol)  # noqa: E731
        extra = self._indicator_tables(ctx, m, level_roles)
        yield from _emit(self, ctx, self._compare(ctx, collect, same, extra), same, message)

    def _indicator_tables(self, ctx: Context, m: Matching, level_roles: dict[str, str]) -> dict[int, list[tuple[Any, Obs]]]:
        """Targets of tables that list indicators rather than items (the Kinerja table: targets of
        the Renstra per year): a row whose indicator is the capaian indicator of exactly one
        program gives that program's target for each year."""
        from rapidfuzz import fuzz

        kinds = set(self.option("indicator_tables") or [])
        tables = [t for t in ctx.workbook.tables if t.kind in kinds]
        if not tables:
            return {}
        threshold = float(self.option("indicator_match"))
        margin = float(self.option("indicator_margin"))
        ind_roles, _ = _role_settings(ctx, "indicators", DEFAULT_INDICATOR_ROLES)
        program_keys: dict[int, set[str]] = {}
        for src in m.tables():
            fields = _role_fields(src.table, "text", ind_roles, m.s.review_sides)
            for row, item in src.rows.items():
                if item.level != "program":
                    continue
                ent = m.entity(src, row)
                for fld, single in fields:
                    if _role_of(fld, "program", ind_roles, level_roles, single) != "program":
                        continue
                    v = _frame_value(src.table, fld, row)
                    rows = [row] if isinstance(v, str) and name_key(v) else _inherited(
                        m, src, row, "program", fld, "program", single, level_roles, lambda x: name_key(str(x)))
                    if rows:
                        program_keys.setdefault(ent.id, set()).add(name_key(str(_frame_value(src.table, fld, rows[0]))))
        out: dict[int, list[tuple[Any, Obs]]] = {}
        for i, t in enumerate(tables):
            src = Source(100_000 + i, t.sheet, t.kind, t, {}, *table_label(t, ctx.workbook.tables))
            ind_field = next((f for f in t.columns if base_field(f) in ("indikator", "indikator_program")
                              and "#" not in f), None)
            targets = [f for f, ty in t.field_types.items() if ty == "target" and "#" not in f
                       and base_field(f) in ("target", "target_renstra", "target_program") and field_year(f)]
            if ind_field is None or not targets:
                continue
            for row in t.frame.index:
                row = int(row)
                text = _frame_value(t, ind_field, row)
                key = name_key(str(text or ""))
                if not key:
                    continue
                scores = sorted(((max(fuzz.token_set_ratio(key, k) for k in keys), eid)
                                 for eid, keys in program_keys.items()), reverse=True)
                if not scores or scores[0][0] < threshold or (len(scores) > 1 and scores[0][0] - scores[1][0] < margin):
                    continue
                eid = scores[0][1]
                seen_years: set[int] = set()
                for fld in sorted(targets, key=lambda f: t.columns[f]):
                    year = field_year(fld)
                    raw = _frame_value(t, fld, row)
                    if year in seen_years or _frame_value(t, f"{fld}__status", row) in ("empty", None) or raw is None:
                        continue
                    seen_years.add(year)
                    value = _frame_value(t, f"{fld}__value", row)
                    if value is not None and float(value) == 0 and self.option("ignore_zero"):
                        continue
                    shown, value, unit = target_arg(ctx, t, fld, row, raw, value, _frame_value(t, f"{fld}__unit", row))
                    out.setdefault(eid, []).append((("program", year), Obs(src, row, fld, (value, unit, raw), shown)))
        return out
