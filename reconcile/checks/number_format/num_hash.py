"""NUM-HASH: Number too wide for its column (shows #####)."""
from __future__ import annotations

import math
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.checks.number_format.analysis import (
    FAMILY,
    _MergeIndex,
    _col_label,
    _col_width,
    _is_number,
    _row_label,
    display_texts,
    text_width,
)
from reconcile.read.model import column_index, column_letter


class NumberTooWide(Rule):
    """A number too wide for its column: Excel shows "#####" instead.

    Why it matters: on screen and on paper the planner and the verifier see "#####" where the
    pagu should be; the printed Renja or the PDF pasted from it loses the figure entirely.

    How it is measured (an approximation): the displayed text is built from the value and the
    cell's number format (#,##0 -> "3,535,388,000"); each character counts as a digit width
    (1 character of column width at the default font size) except narrow ones ("." "," ≈ 0.5,
    "%" ≈ 1.45 -- `char_widths` in rules/number_format.yaml), scaled by font size / 11 and
    ×1.1 when bold. It overflows when that exceeds the column width (the sum of the widths of
    merged columns) minus 0.7 characters of cell padding. General-formatted numbers shrink to
    fit (Excel rounds or switches to 3.5E+09), so only their narrowest form is tested.
    Cells set to "shrink to fit" are not known to the reader and may be reported anyway.

    **Bad**: 3.535.388.000 with format #,##0 in a column 8,43 wide: shown as `#########`.

    **Good**: the column widened to 15 (or the font made smaller) so `3.535.388.000` shows.
    """

    code = "NUM-HASH"
    title = "Angka terlalu lebar untuk kolomnya (tampil #####)"
    title_en = "Number too wide for its column (shows #####)"
    severity = "warning"
    options = {
        "field_types": list,
        "default_font_size": float,
        "bold_factor": float,
        "padding": float,
        "default_width": float,
        "char_widths": dict,
    }
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        from array import array

        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        types = tuple(self.option("field_types"))
        widths = {str(k): float(v) for k, v in (self.option("char_widths") or {}).items()}
        base_size = float(self.option("default_font_size"))
        bold_factor = float(self.option("bold_factor"))
        padding = float(self.option("padding"))
        default_width = float(self.option("default_width"))
        measured: dict[tuple, tuple[str, float] | None] = {}

        def measure(value: float, fmt: str) -> tuple[str, float] | None:
            """(narrowest displayed text, its width) of `value` under `fmt`, once per distinct
            pair: amounts and formats repeat down a column. -0.0 is kept apart from 0.0 (General
            shows "-0E+00")."""
            key = (value, fmt) if value else (repr(value), fmt)
            if key not in measured:
                texts = display_texts(value, fmt)
                if texts:
                    text = min(texts, key=lambda t: text_width(t, widths))
                    measured[key] = (text, text_width(text, widths))
                else:
                    measured[key] = None
            return measured[key]

        for table in iter_tables(ctx):
            layout = ctx.workbook.layouts.get(table.sheet)
            if layout is None:
                continue  # .xls/.xlsb/.ods: no widths known
            merged = _MergeIndex(list(getattr(layout, "merged", []) or []),
                                 {column_index(table.columns[f]) for f in table.fields_of_type(*types)})
            hidden = getattr(layout, "hidden_cols", None) or set()
            hidden_rows = getattr(layout, "hidden_rows", None) or set()
            styles = getattr(layout, "styles", None) or []
            size0 = float(getattr(styles[0], "size", None) or base_size) if styles else base_size
            frame = table.frame
            style_of = getattr(layout, "style", None)  # None: every cell reads as unstyled, as in _style
            factors: dict[Any, tuple[float, float, bool]] = {}  # (font size, bold) -> (size, factor, bold)
            # Per numeric cell only its need and room (8 bytes each); the details a finding
            # shows are kept for the cells that do not fit, the few the check can report.
            needs, rooms = array("d"), array("d")
            records: dict[int, tuple] = {}  # position in needs -> details
            for field in table.fields_of_type(*types):
                col = column_index(table.columns[field])
                if col in hidden:
                    continue
                raw_col = f"{field}__raw"
                if raw_col not in frame.columns:
                    continue
                first_merged, last_merged = merged.band(col)
                own = (col, col)
                span_widths: dict[tuple[int, int], tuple[float, float]] = {}  # span -> (width, room)
                for row, raw in zip(table.rows, frame[raw_col].tolist()):
                    if (type(raw) is not float or not math.isfinite(raw)) and not _is_number(raw):
                        continue
                    if row in hidden_rows:
                        continue
                    span = merged.span(row, col) if first_merged <= row <= last_merged else own
                    if span is None:
                        continue  # inside a merge, not its top-left cell
                    spanned = span_widths.get(span)
                    if spanned is None:
                        w = sum(_col_width(layout, c, default_width) for c in range(span[0], span[1] + 1))
                        spanned = span_widths[span] = (w, w - padding)
                    width, room = spanned
                    if width <= 0:
                        continue  # hidden column
                    try:
                        st = style_of(row, col)
                    except Exception:  # a layout that cannot tell
                        st = None
                    fmt = getattr(st, "number_format", "") if st is not None else ""
                    shown = measure(float(raw), fmt)
                    if shown is None:
                        continue
                    text, text_w = shown
                    font = (getattr(st, "size", None), getattr(st, "bold", False)) if st is not None else None
                    sized = factors.get(font)
                    if sized is None:
                        size = float(getattr(st, "size", None) or size0) if st is not None else size0
                        factor = (size / size0) * (bold_factor if (st is not None and getattr(st, "bold", False))
                                                   else 1.0)
                        sized = factors[font] = (size, factor, bool(getattr(st, "bold", False)))
                    size, factor, bold = sized
                    need = text_w * factor
                    if not need <= room + 1e-9:  # the check's own test (below), for which details to keep
                        records[len(needs)] = (row, field, need, room, text, width, fmt, size, bold, span)
                    needs.append(need)
                    rooms.append(room)
            if not needs:
                continue
            sub = pd.DataFrame({"need": np.frombuffer(needs), "room": np.frombuffer(rooms)})
            failing = failure_rows(sub, {"need": pa.Check(lambda s, c=sub["room"]: s <= c.loc[s.index] + 1e-9,
                                                          error="fits the column")})
            for i in failing.get("need", []):
                row, field, need, room, text, width, fmt, size, bold, span = records[i]
                cell = table.cell(field, row)
                shown = text.replace(",", "\0").replace(".", ",").replace("\0", ".") if ctx.lang == "id" else text
                cols = (column_letter(span[0]) if span[0] == span[1]
                        else f"{column_letter(span[0])}:{column_letter(span[1])}")
                ui_width = max(width - 0.71, 0.0)  # Excel shows the width without its padding
                ui_wanted = math.ceil(max(need + padding - 0.71, 0.0) * 10) / 10
                size_id = f"{ctx.num(size)} pt" + (", tebal" if bold else "")
                size_en = f"{ctx.num(size)} pt" + (", bold" if bold else "")
                yield self.finding(
                    ctx, table.sheet, cell,
                    f"{_col_label(table, field)} untuk {_row_label(table, row, 'id')} ({shown}) terlalu lebar untuk "
                    f"kolom {cols} (lebar {ctx.num(ui_width, 2)}); Excel menampilkan ##### dan angkanya hilang "
                    f"saat dicetak. Lebarkan kolom menjadi sekitar {ctx.num(ui_wanted, 1)} atau kecilkan hurufnya.",
                    f"{_col_label(table, field)} of {_row_label(table, row, 'en')} ({shown}) is too wide for "
                    f"column {cols} (width {ctx.num(ui_width, 2)}); Excel shows ##### and the figure is lost in "
                    f"print. Widen the column to about {ctx.num(ui_wanted, 1)} or use a smaller font.",
                    expected=ctx.t(f"lebar kolom ≥ {ctx.num(ui_wanted, 1)}", f"column width ≥ {ctx.num(ui_wanted, 1)}"),
                    actual=ctx.t(f"lebar {ctx.num(ui_width, 2)}; \"{shown}\" ({fmt or 'General'}, {size_id})",
                                 f"width {ctx.num(ui_width, 2)}; \"{shown}\" ({fmt or 'General'}, {size_en})"))
