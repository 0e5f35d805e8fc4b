"""NUM-HASH: Number too wide for its column (shows #####)."""
from __future__ import annotations

import math
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables
from reconcile.checks.number_format.analysis import (
    FAMILY,
    _col_label,
    _is_number,
    _row_words,
    display_texts,
    text_width,
)
from reconcile.findings import Num, Words


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
        "char_widths": dict,
    }
    family = FAMILY
    messages = {"too_wide": {
        "message": {"id": "{column} untuk {row} ({shown}) terlalu lebar untuk kolom {cols} (lebar {width}); Excel "
                          "menampilkan ##### dan angkanya hilang saat dicetak. Lebarkan kolom menjadi sekitar "
                          "{wanted} atau kecilkan hurufnya.",
                    "en": "{column} of {row} ({shown}) is too wide for column {cols} (width {width}); Excel shows "
                          "##### and the figure is lost in print. Widen the column to about {wanted} or use a "
                          "smaller font."},
        "expected": {"id": "lebar kolom ≥ {wanted}", "en": "column width ≥ {wanted}"},
        "actual": {"id": "lebar {width}; \"{shown}\" ({format}, {size} pt{bold})",
                   "en": "width {width}; \"{shown}\" ({format}, {size} pt{bold})"}}}

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
            frame = table.frame
            size0 = table.font_size or base_size
            factors: dict[Any, tuple[float, float, bool]] = {}  # (font size, bold) -> (size, factor, bold)
            # Per numeric cell only its need and room (8 bytes each); the details a finding
            # shows are kept for the cells that do not fit, the few the check can report.
            needs, rooms = array("d"), array("d")
            records: dict[int, tuple] = {}  # position in needs -> details
            for field in table.fields_of_type(*types):
                raw_col = f"{field}__raw"
                if raw_col not in frame.columns or f"{field}__width" not in frame.columns:
                    continue  # .xls/.xlsb/.ods: no widths known
                # lists in row order, not `Table.column` views (dicts) kept for the run
                cell_widths, spans = frame[f"{field}__width"].tolist(), frame[f"{field}__cols"].tolist()
                formats, sizes = frame[f"{field}__format"].tolist(), frame[f"{field}__font_size"].tolist()
                bolds = frame[f"{field}__font_bold"].tolist()
                for i, (row, raw) in enumerate(zip(table.rows, frame[raw_col].tolist())):
                    if (type(raw) is not float or not math.isfinite(raw)) and not _is_number(raw):
                        continue
                    width = cell_widths[i]
                    if not width > 0:
                        continue  # not shown: hidden row or column, inside a merged area
                    room = width - padding
                    fmt = formats[i] or ""
                    shown = measure(float(raw), fmt)
                    if shown is None:
                        continue
                    text, text_w = shown
                    font = (sizes[i], bolds[i])
                    sized = factors.get(font)
                    if sized is None:
                        size = font[0] if font[0] == font[0] else size0  # NaN: the default size
                        sized = factors[font] = (size, (size / size0) * (bold_factor if font[1] else 1.0),
                                                 bool(font[1]))
                    size, factor, bold = sized
                    need = text_w * factor
                    if not need <= room + 1e-9:  # the check's own test (below), for which details to keep
                        records[len(needs)] = (row, field, need, room, text, width, fmt, size, bold, spans[i])
                    needs.append(need)
                    rooms.append(room)
            if not needs:
                continue
            sub = pd.DataFrame({"need": np.frombuffer(needs), "room": np.frombuffer(rooms)})
            failing = failure_rows(sub, {"need": pa.Check(lambda s, c=sub["room"]: s <= c.loc[s.index] + 1e-9,
                                                          error="fits the column")})
            for i in failing.get("need", []):
                row, field, need, room, text, width, fmt, size, bold, span = records[i]
                ui_width = max(width - 0.71, 0.0)  # Excel shows the width without its padding
                ui_wanted = math.ceil(max(need + padding - 0.71, 0.0) * 10) / 10
                yield self.say(
                    ctx, table.sheet, table.cell(field, row), "too_wide",
                    column=_col_label(table, field), row=_row_words(table, row),
                    # the text Excel shows, in the reader's notation
                    shown=Words(text.replace(",", "\0").replace(".", ",").replace("\0", "."), text),
                    cols=span, width=Num(ui_width, 2), wanted=Num(ui_wanted, 1), format=fmt or "General",
                    size=Num(size), bold=Words(", tebal", ", bold") if bold else "")
