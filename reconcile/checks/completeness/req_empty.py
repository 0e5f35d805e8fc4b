"""REQ-EMPTY: Required cell of a sub kegiatan is empty."""
from __future__ import annotations

from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.checks.completeness.analysis import (
    FAMILY,
    _Cells,
    _LEVEL_WORDS,
    _blank_test,
    _cap,
    _row_label,
    _side,
    required_fields,
)
from reconcile.findings import Words
from reconcile.read.model import quote_sheet


class RequiredCellEmpty(Rule):
    """A sub kegiatan row leaves a required cell empty (indicator, target, location, funding
    source or pagu).

    Why it matters: every sub kegiatan in a Renja must say what it delivers (indicator and
    target), where (lokasi), with what money (pagu) and from which source (sumber dana). A gap
    is sent back by the Bappeda verifier, and in the RKPD the sub kegiatan cannot be tagged,
    measured or funded. Which cells are required is set per table kind and row level in
    `rules/completeness.yaml`. Merged cells count as filled by their top-left value.

    **Bad**: sub kegiatan "Penyusunan Dokumen Perencanaan Perangkat Daerah" with an empty
    lokasi cell, or a target cell holding only "-".

    **Good**: lokasi `Kota Pontianak`, indicator `Jumlah Dokumen Perencanaan Perangkat Daerah`,
    target `4 Dokumen`, pagu `8.160.000`, sumber dana `PAD`.
    """

    code = "REQ-EMPTY"
    title = "Sel wajib pada sub kegiatan kosong"
    title_en = "Required cell of a sub kegiatan is empty"
    severity = "warning"
    family = FAMILY
    options = {"skip_empty_side": bool, "placeholders": list}
    messages = {"empty": {
        "message": {
            "id": "{where}: {label}{column} {what}. Setiap {level} wajib mencantumkan {label}; isi sel ini.",
            "en": "{where}: the {label}{column} {what}. Every {level} must state its {label}; fill this cell."},
        "expected": {"id": "{label} terisi", "en": "{label} filled in"},
        "actual": {"id": "{actual}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        data = ctx.config.load(f"{FAMILY}.yaml") or {}
        required = data.get("required") or {}
        labels = data.get("labels") or {}
        placeholders = {" ".join(str(p).split()) for p in self.option("placeholders") or []}
        skip_empty_side = bool(self.option("skip_empty_side"))
        cells = _Cells(ctx)
        blank, blank_number = _blank_test(placeholders), _blank_test(set())
        for table in iter_tables(ctx, *required.keys()):
            frame = table.frame
            by_level = required.get(table.kind) or {}
            sides = {_side(f) for f in table.columns}
            for level, spec in by_level.items():
                pairs = required_fields(table, spec or {})
                if not pairs:
                    continue
                rows = [r for r, lv in zip(table.rows, frame["level"].tolist()) if lv == level]
                if not rows:
                    continue
                # One column per required field: True when filled (merges and uncached formulas
                # count), kept as a bool array (in a list, a bool is 8 bytes).
                filled: dict[str, Any] = {}
                for _, field in pairs:
                    money = table.field_types.get(field) in ("money", "percent", "number")
                    is_blank = blank_number if money else blank
                    uncached = cells.uncached_rows(table, field)
                    filled[field] = np.array([r in uncached or not is_blank(v)
                                              for r, v in zip(rows, cells.column(table, rows, field))], dtype=bool)
                sub = pd.DataFrame(filled, index=rows)
                empty_side: dict[str, set[int]] = {}  # side -> rows where every cell of that side is blank
                if skip_empty_side:
                    for side in sides - {""}:
                        empty = rows  # narrowed field by field to the rows still blank
                        for f in (f for f in table.columns if _side(f) == side):
                            if not empty:
                                break
                            values = cells.column(table, empty, f)
                            empty = [r for r, v in zip(empty, values) if blank(v)]
                        empty_side[side] = set(empty)
                failing = failure_rows(sub, {f: pa.Check(lambda s: s.astype(bool), error="filled") for f in filled})
                for group, field in pairs:
                    for row in failing.get(field, []):
                        if row in empty_side.get(_side(field), ()):
                            continue  # the item does not exist on this side of the review table
                        raw = cells.value(table, row, field)
                        label = labels.get(group) or {}
                        lab_id, lab_en = label.get("id", group), label.get("en", group)
                        header = table.header_paths.get(field) or field
                        shown = "" if raw is None else " ".join(str(raw).split())
                        what = (Words("kosong", "is empty") if not shown
                                else Words(f"hanya berisi \"{shown}\"", f"only holds \"{shown}\""))
                        column = Words("" if header.lower() == lab_id.lower() else f" ({header})",
                                       "" if header.lower() == lab_en.lower() else f" ({header})")
                        level_word = _LEVEL_WORDS.get(level, ("baris", "row"))
                        yield self.say(
                            ctx, table.sheet, table.cell(field, row), "empty",
                            related=[f"{quote_sheet(table.sheet)}!{table.name_cell_column}{row}"],
                            where=Words(_cap(_row_label(table, row, "id")), _cap(_row_label(table, row, "en"))),
                            label=Words(lab_id, lab_en), column=column, what=what, level=Words(*level_word),
                            actual=shown)
