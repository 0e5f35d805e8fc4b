"""Number format: numbers Excel cannot compute with, cannot read, or cannot show.

NUM-TEXT, NUM-MALFORMED, NUM-MIXED, PCT-RANGE, NUM-HASH, EXCEL-ERROR, FORMULA-NOCACHE.
Knobs (field types, limits, character widths, error explanations) are in
``rules/number_format.yaml``.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Any, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.read.model import column_index, column_letter, quote_sheet

FAMILY = "number_format"
_YEAR = re.compile(r"_((?:19|20)\d\d)(?:#\d+)?$")
_NOTATION_ID = {"id": ("Indonesia", "Indonesian"), "en": ("Inggris", "English")}
_EXAMPLE = {"id": "1.500.000", "en": "1,500,000"}


# --------------------------------------------------------------------------- shared helpers


def _short(text: Any, n: int = 50) -> str:
    return short(text, n)


def _family_data(ctx: Context) -> dict[str, Any]:
    return ctx.config.load(f"{FAMILY}.yaml") or {}


HIERARCHY_KINDS = ("rincian", "review_rkpd", "evaluasi", "anggaran", "daftar")
_LABEL_FIELDS = ("indikator", "indikator_program", "indikator_keluaran", "sasaran", "tujuan")


def _row_label(table, row: int, lang: str) -> str:
    """"sub kegiatan 'Penyusunan Dokumen …'" -- what a planner calls the row."""
    f = table.frame
    name = _short(table.value("name", row)) if "name" in f.columns else ""
    if table.kind in HIERARCHY_KINDS:
        level = table.value("level", row, "other")
        words = {"urusan": ("urusan", "urusan"), "program": ("program", "program"),
                 "kegiatan": ("kegiatan", "kegiatan"), "sub_kegiatan": ("sub kegiatan", "sub kegiatan"),
                 "total": ("baris total", "total row")}.get(level, ("baris", "row"))
        word = words[1] if lang == "en" else words[0]
        return f"{word} '{name}'" if name else f"{word} {row}"
    if not name:
        from reconcile.read.headers import base_field

        for field in table.columns:
            value = table.value(field, row)
            if base_field(field) in _LABEL_FIELDS and isinstance(value, str) and value:
                name = _short(value)
                break
    if name:
        return f"'{name}'"
    return f"row {row}" if lang == "en" else f"baris {row}"


def _col_label(table, field: str) -> str:
    return table.header_paths.get(field) or field


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(float(v))


def _value_text(ctx: Context, table, field: str, value: float) -> str:
    ftype = table.field_types.get(field)
    if ftype == "money":
        return ctx.money(value)
    if ftype == "percent":
        return ctx.num(value) + "%"
    return ctx.num(value)


def _year(field: str) -> str:
    m = _YEAR.search(field)
    return m.group(1) if m else ""


def _side(field: str) -> str:
    return field.split(".", 1)[0] if "." in field else ""


def _locate(ctx: Context, sheet: str, cell: str):
    """(table, field, row) of a cell inside a table's data, or (None, None, None)."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    if not letters or not digits:
        return None, None, None
    row = int(digits)
    for table in ctx.workbook.tables:
        if table.sheet != sheet or row not in table.frame.index:
            continue
        for field, col in table.columns.items():
            if col == letters:
                return table, field, row
        return table, None, row
    return None, None, None


def _where(ctx: Context, sheet: str, cell: str) -> tuple[str, str, bool] | None:
    """How a message names a cell of a table's data: ("<column> untuk <row>", "<column> of
    <row>", True), or only the row's label and False outside the table's fields; None for a
    cell outside every table."""
    table, field, row = _locate(ctx, sheet, cell)
    if table is None:
        return None
    where_id, where_en = _row_label(table, row, "id"), _row_label(table, row, "en")
    if field is None:
        return where_id, where_en, False
    col = _col_label(table, field)
    return f"{col} untuk {where_id}", f"{col} of {where_en}", True


def _style(ctx: Context, sheet: str, row: int, col: int):
    layout = ctx.workbook.layouts.get(sheet)
    if layout is None:
        return None
    try:
        return layout.style(row, col)
    except Exception:  # a layout that cannot tell
        return None


# --------------------------------------------------------------------------- NUM-TEXT


class NumberAsText(Rule):
    """A money amount typed as text: Excel cannot add it up.

    Why it matters: a cell holding the *text* "Rp 15.360.000" looks like a number on paper,
    but Excel's =SUM skips text without a word, so every subtotal and total above it is short
    by that amount, and nobody notices. Text amounts also cannot be sorted, filtered or
    exported to SIPD as numbers.

    **Bad**: the pagu cell of a sub kegiatan holds the text `Rp 15.360.000` or
    `4.704.246.000,00` (left-aligned, with a green triangle in Excel).

    **Good**: the cell holds the number 15360000, shown as `15.360.000` by the number format
    `#,##0` (Format Cells > Number > Use 1000 Separator).
    """

    code = "NUM-TEXT"
    title = "Angka uang diketik sebagai teks"
    title_en = "Money amount typed as text"
    severity = "warning"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        types = tuple(self.setting("field_types", ["money"]))
        ambiguous_ok = set(self.setting("ambiguous_as_thousands", ["money"]))
        for table in iter_tables(ctx):
            frame = table.frame
            # The table's such columns in one frame, one check each. Only readable values are this
            # rule's concern (the others are blanked: nulls pass); unreadable ones are NUM-MALFORMED's.
            columns = {}
            for field in table.fields_of_type(*types):
                raw_col, status_col = f"{field}__raw", f"{field}__status"
                if raw_col not in frame.columns or status_col not in frame.columns:
                    continue
                allowed = ["ok"] + (["ambiguous"] if table.field_types[field] in ambiguous_ok else [])
                columns[field] = frame[raw_col].where(frame[status_col].isin(allowed))
            if not columns:
                continue
            sub = pd.DataFrame(columns)
            stored = pa.Check(lambda v: not isinstance(v, str), element_wise=True, error="stored as a number")
            failing = failure_rows(sub, {field: stored for field in columns})
            for field in columns:
                for row in failing.get(field, []):
                    raw = frame.at[row, f"{field}__raw"]
                    value = float(frame.at[row, field])
                    shown = _value_text(ctx, table, field, value)
                    typed = value / ((getattr(table, "field_scale", None) or {}).get(field) or 1)  # as the cell counts
                    plain = (str(int(typed)) if typed.is_integer() else repr(typed)).replace(".", ctx.t(",", "."))
                    yield self.finding(
                        ctx, table.sheet, table.cell(field, row),
                        f"Angka \"{_short(raw, 30)}\" diketik sebagai teks (terbaca {shown}; "
                        f"{_row_label(table, row, 'id')}): =SUM Excel melewatinya. Ketik ulang sebagai angka "
                        f"{plain} dengan format #,##0.",
                        f"\"{_short(raw, 30)}\" is typed as text (reads as {shown}; {_row_label(table, row, 'en')}): "
                        f"Excel's =SUM skips it. Retype it as the number {plain} with the format #,##0.",
                        expected=shown, actual=str(raw))


# --------------------------------------------------------------------------- NUM-MALFORMED

_NUMBER_PART = re.compile(r"^\s*(?:(?:rp|idr)\.?\s*)?[-+]?[0-9][0-9., ]*", re.I)


def _number_of(raw: Any, texts: dict[str, Any] | None = None):
    """parse_number of a cell, or of the number at the start of a target ("1,800 Orang").
    `texts`: the Numbers of texts already read (texts repeat down a column, and a Number is
    immutable), kept by the caller for as long as it needs them."""
    if texts is not None and isinstance(raw, str):
        n = texts.get(raw)
        if n is None:
            n = texts[raw] = _parse_number_of(raw)
        return n
    return _parse_number_of(raw)


def _parse_number_of(raw: Any):
    from reconcile.read.numbers import parse_number

    n = parse_number(raw)
    if n.status == "text" and isinstance(raw, str):
        m = _NUMBER_PART.match(raw)
        if m and m.end() < len(raw.rstrip()):
            part = parse_number(m.group(0).rstrip(" .,"))
            if part.status in ("ok", "ambiguous", "malformed"):
                return part
    return n


def _readings_index(ctx: Context, wanted: set[tuple]) -> dict[tuple, list[tuple[float, str]]]:
    """Readable values of numeric fields by (base field, year, key, level) where key is the
    code (when printed) or the normalised name: the same item in other tables.

    Only the `wanted` index keys (those of the malformed cells) are gathered: every other
    readable cell of the workbook would cost an entry and a cell reference that no cell asks for.
    """
    from reconcile.read.headers import base_field

    wanted_levels: dict[tuple[str, str], set[str]] = {}  # (base, year) -> levels asked for
    for base, year, _key, level in wanted:
        wanted_levels.setdefault((base, year), set()).add(level)
    index: dict[tuple, list[tuple[float, str]]] = {}
    name_key = _name_key()
    for table in ctx.workbook.tables:
        f = table.frame
        # (field, base, year, levels asked for, status, values): the frame's columns as lists,
        # read once here (no `Table.column` views kept)
        fields = []
        for field in table.fields_of_type("money", "percent", "number"):
            base, year = base_field(field), _year(field)
            levels = wanted_levels.get((base, year))
            if levels and f"{field}__status" in f.columns:
                fields.append((field, base, year, levels, f[f"{field}__status"].tolist(), f[field].tolist()))
        if not fields:
            continue
        level_of = table.column("level")
        code_of, name_of = table.column("code"), table.column("name")
        # Row by row, so that a row's name is normalised once for all its fields (names are
        # nearly all distinct: a cache of them would cost more than it saves); the readings go
        # into the index field after field, each in row order.
        found: list[list[tuple[tuple, float, str]]] = [[] for _ in fields]
        for i, row in enumerate(table.rows):
            level = level_of[row]
            keys = None
            for (field, base, year, levels, status, values), out in zip(fields, found):
                if status[i] != "ok" or level not in levels:
                    continue
                value = values[i]
                if not _is_number(value):
                    continue
                if keys is None:
                    keys = _keys(code_of.get(row), name_of.get(row), name_key)
                ref = None
                for key in keys:
                    ikey = (base, year, key, level)
                    if ikey not in wanted:
                        continue
                    if ref is None:
                        ref = str(table.ref(field, row))
                    out.append((ikey, float(value), ref))
        del fields
        for out in found:
            for ikey, value, ref in out:
                index.setdefault(ikey, []).append((value, ref))
    return index


def _name_key():
    """hierarchy.name_key without its module-level cache: the few names asked about here (or
    the index's own cache) would otherwise stay in it after the check."""
    from reconcile.read.hierarchy import name_key

    return getattr(name_key, "__wrapped__", name_key)


def _wanted_keys(table, field: str, row: int) -> set[tuple]:
    """The `_readings_index` keys `_evidence` looks up for a cell."""
    from reconcile.read.headers import base_field

    base, year, level = base_field(field), _year(field), table.value("level", row)
    return {(base, year, key, level) for key in _item_keys(table, row, _name_key())}


def _item_keys(table, row, name_key) -> list[tuple[str, str]]:
    return _keys(table.value("code", row), table.value("name", row), name_key)


def _keys(code, name, name_key) -> list[tuple[str, str]]:
    keys = []
    if code:
        keys.append(("code", code))
    if name:
        keys.append(("name", name_key(str(name))))
    return keys


def _evidence(ctx: Context, table, field: str, row: int, index) -> Iterator[tuple[float, str, str, str]]:
    """Values the malformed cell most likely equals: (value, id text, en text, cell ref)."""
    from reconcile.read.headers import base_field

    f = table.frame
    status = f[f"{field}__status"]
    values = f[field]

    def ok_sum(rows) -> float | None:
        if len(rows) == 0 or not (status.loc[rows] == "ok").all():
            return None
        return float(values.loc[rows].astype("float64").sum())

    children = f.index[f["parent"] == row]
    total = ok_sum(children)
    if total is not None:
        yield total, f"jumlah {len(children)} baris rinciannya", f"the sum of its {len(children)} detail rows", \
            str(table.ref(field, int(children[0])))
    parent = int(f.at[row, "parent"] or 0)
    if parent and parent in f.index and status.at[parent] == "ok":
        siblings = f.index[(f["parent"] == parent) & (f.index != row)]
        rest = ok_sum(siblings) if len(siblings) else 0.0
        if rest is not None:
            yield float(values.at[parent]) - rest, "subtotal induknya dikurangi baris sejajarnya", \
                "its parent's subtotal minus the rows beside it", str(table.ref(field, parent))
    base, year = base_field(field), _year(field)
    for other in table.fields_of_type("money", "percent", "number"):
        other_status = f.get(f"{other}__status")
        if other != field and base_field(other) == base and other_status is not None and other_status.at[row] == "ok":
            cell = table.cell(other, row)
            yield float(f.at[row, other]), f"nilai di {cell} pada baris yang sama", \
                f"the value in {cell} on the same row", str(table.ref(other, row))
    own = str(table.ref(field, row))
    for key in _item_keys(table, row, _name_key()):
        for value, ref in index.get((base, year, key, table.value("level", row)), []):
            if ref != own:
                yield value, f"nilai butir yang sama di {ref}", f"the same item's value in {ref}", ref


class MalformedNumber(Rule):
    """A number that cannot be read unambiguously.

    Why it matters: "4.704.246.00" is not a number in any notation: a group of two digits
    after thousands separators means a digit was lost (4.704.246.000) or ",00" was typed as
    ".00" (4.704.246). Excel keeps such a cell as text and leaves it out of every sum; a
    reader of the printed Renja cannot know which amount is meant. The rule gives the likely
    meaning, preferring a reading that equals a subtotal, the rows under it, or the same item
    in another table.

    **Bad**: `4.704.246.00`, `15,360.000`, `1.2.3`, `Rp. 156.400. 000` in a pagu, percentage or
    target column.

    **Good**: the number 4704246000 stored as a number, shown `4.704.246.000` by `#,##0`
    (a target: `156.400.000`, or the number and its unit: `15 Dokumen`).
    """

    code = "NUM-MALFORMED"
    title = "Angka tidak dapat dibaca dengan pasti"
    title_en = "Number cannot be read unambiguously"
    severity = "error"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        types = tuple(self.setting("field_types", ["money", "percent", "number", "target"]))
        tol = float(self.setting("match_tolerance", 0.5))
        report_text = bool(self.setting("report_unreadable_text", True))
        # First the cells to report, then -- once, for all of them -- the readings of the same
        # items elsewhere that can tell which candidate was meant.
        cells = []  # (table, field, row, raw, status, is_target, number)
        wanted: set[tuple] = set()
        numbers: dict[str, Any] = {}  # text -> its Number
        for table in iter_tables(ctx):
            frame = table.frame
            for field in table.fields_of_type(*types):
                status = frame.get(f"{field}__status")
                if status is None:
                    continue
                is_target = table.field_types[field] == "target"
                bad = ["malformed"] if is_target else ["malformed", "text", "error"]
                col_index = column_index(table.columns[field])
                for row in frame.index[status.isin(bad)]:
                    row = int(row)
                    raw = ctx.workbook.value_at(table.sheet, row, col_index) if is_target \
                        else frame.at[row, f"{field}__raw"]
                    if not isinstance(raw, str):
                        continue
                    st = status.at[row]
                    text = raw.strip()
                    if st == "error" and text.strip("#") != "":
                        continue  # a real Excel error value: EXCEL-ERROR
                    if st == "text" and (not report_text or not re.search(r"\d", text)):
                        continue  # words only (a note): not a number at all
                    number = _number_of(raw, numbers) if st != "error" else None
                    cells.append((table, field, row, raw, st, is_target, number))
                    if number is not None and number.status == "malformed" and number.candidates \
                            and not is_target:
                        wanted |= _wanted_keys(table, field, row)
        index = _readings_index(ctx, wanted) if wanted else {}
        for table, field, row, raw, st, is_target, number in cells:
            cell = table.cell(field, row)
            where_id, where_en = _row_label(table, row, "id"), _row_label(table, row, "en")
            col = _col_label(table, field)
            if st == "error":
                yield self.finding(
                    ctx, table.sheet, cell,
                    f"{col} untuk {where_id} berisi teks \"{_short(raw, 20)}\" (tampilan ##### yang ikut "
                    f"tersalin): angkanya hilang. Isi kembali angka yang benar.",
                    f"{col} of {where_en} holds the text \"{_short(raw, 20)}\" (a ##### display that was "
                    f"copied): the number is lost. Enter the right number again.",
                    expected=ctx.t("sebuah angka", "a number"), actual=raw)
                continue
            cands = list(number.candidates) if number.status == "malformed" else []
            scale = (getattr(table, "field_scale", None) or {}).get(field)
            if scale:  # "Rp. (000)": readings in rupiah, as the frame and the evidence are
                cands = [c * scale for c in cands]
            if not cands:
                yield self.finding(
                    ctx, table.sheet, cell,
                    f"{col} untuk {where_id} berisi \"{_short(raw, 30)}\" yang tidak dapat dibaca sebagai "
                    f"satu angka. Ketik angkanya saja sebagai angka (format #,##0), tanpa teks atau spasi.",
                    f"{col} of {where_en} holds \"{_short(raw, 30)}\", which cannot be read as one number. "
                    f"Type the number alone as a number (format #,##0), without words or spaces.",
                    expected=ctx.t("sebuah angka", "a number"), actual=raw)
                continue
            best, why_id, why_en, related = cands[0], "", "", []
            if not is_target:
                for value, eid, een, ref in _evidence(ctx, table, field, row, index):
                    hit = next((c for c in cands if abs(c - value) <= tol), None)
                    if hit is not None:
                        best, related = hit, [ref]
                        why_id, why_en = f" (sama dengan {eid})", f" (equal to {een})"
                        break
            fmt = (lambda v: ctx.money(v)) if (number.currency or table.field_types[field] == "money") \
                else (lambda v: _value_text(ctx, table, field, v))
            shown = fmt(best)
            others = [fmt(c) for c in cands if c != best][:2]
            alt = "" if not others else ctx.t(f"; bacaan lain: {', '.join(others)}",
                                              f"; other reading: {', '.join(others)}")
            yield self.finding(
                ctx, table.sheet, cell,
                f"{col} untuk {where_id} tertulis \"{_short(raw, 30)}\", bukan angka yang sah; kemungkinan "
                f"maksudnya {shown}{why_id}{alt}. Ketik ulang sebagai angka dengan format #,##0.",
                f"{col} of {where_en} reads \"{_short(raw, 30)}\", which is not a valid number; most likely "
                f"{shown} was meant{why_en}{alt}. Retype it as a number with the format #,##0.",
                expected=shown, actual=raw, related=related)


# --------------------------------------------------------------------------- NUM-MIXED


_DIGIT_RUN = re.compile(r"\d[\d.,]*\d")


def _swap_notation(raw: str) -> str:
    """"2,000,000" -> "2.000.000", "Rp 52.00%" -> "Rp 52,00%": the same number in the other notation."""
    return _DIGIT_RUN.sub(lambda m: m.group(0).translate(str.maketrans(".,", ",.")), raw)


class MixedNotation(Rule):
    """Indonesian and English number notation mixed in one column (or in one document).

    Why it matters: in Indonesian notation "." groups thousands and "," marks decimals; in
    English it is the other way round. When both appear, "1.500" and "1,500" can mean the same
    amount or differ a thousandfold, and a copy into another file or into SIPD reads half of
    them wrong. Numbers typed as text should use one notation (best: real numbers with a
    number format, which Excel shows in the reader's own notation). Reported at the cells in
    the minority notation of their column; a column written wholly in the other notation than
    the rest of the workbook (at least `workbook_majority_share` of its text numbers) is
    reported too.

    **Bad**: one pagu column with `1.500.000` in most rows and `2,000,000` in one; a target
    column with `52.00%` while the document writes `54,20%`.

    **Good**: `1.500.000` and `2.000.000`; `52,00%` -- or real numbers with `#,##0` / `0,00%`.
    """

    code = "NUM-MIXED"
    title = "Notasi angka Indonesia dan Inggris bercampur"
    title_en = "Indonesian and English number notation mixed"
    severity = "warning"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        types = tuple(self.setting("field_types", ["money", "percent", "number", "target"]))
        tie = str(self.setting("tie_majority", "id"))
        share = self.setting("workbook_majority_share", 0.8)
        columns = []  # (table, field, {"id": [rows], "en": [rows]})
        total = {"id": 0, "en": 0}
        first: dict[tuple[str, bool], str] = {}  # an example of each notation, as written
        value_at = ctx.workbook.value_at
        numbers: dict[str, Any] = {}  # text -> its Number: texts repeat down a column
        for table in iter_tables(ctx):
            for field in table.fields_of_type(*types):
                col = column_index(table.columns[field])
                by: dict[str, list[int]] = {"id": [], "en": []}
                for row in table.rows:
                    raw = value_at(table.sheet, row, col)
                    if not isinstance(raw, str):
                        continue
                    n = _number_of(raw, numbers)
                    if n.status == "ok" and n.notation in by:
                        by[n.notation].append(row)
                        if n.value:
                            first.setdefault((n.notation, n.is_percent), raw)
                if by["id"] or by["en"]:
                    columns.append((table, field, by))
                    total["id"] += len(by["id"])
                    total["en"] += len(by["en"])
        doc_major = None
        n_all = total["id"] + total["en"]
        if share is not None and n_all:
            for k in ("id", "en"):
                if total[k] / n_all >= float(share) and total[k] > total["en" if k == "id" else "id"]:
                    doc_major = k
        for table, field, by in columns:
            if by["id"] and by["en"]:
                if len(by["id"]) != len(by["en"]):
                    major = "id" if len(by["id"]) > len(by["en"]) else "en"
                else:
                    major = doc_major or (tie if tie in by else "id")
                scope = "column"
            elif doc_major and not by[doc_major]:
                major, scope = doc_major, "workbook"
            else:
                continue
            minor = "en" if major == "id" else "id"
            yield from self._report(ctx, table, field, by, major, minor, scope, total, first, numbers)

    def _report(self, ctx, table, field, by, major, minor, scope, total, first, numbers):
        col = _col_label(table, field)
        c = column_index(table.columns[field])
        if scope == "column":
            column_example = ctx.workbook.value_at(table.sheet, by[major][0], c)
            where_id = f"{len(by[major])} sel teks lain di kolom ini"
            where_en = f"{len(by[major])} other text cells of this column"
            related = [str(table.ref(field, r)) for r in by[major][:5]]
        else:
            column_example = None
            where_id = f"angka lain di workbook ini ({total[major]} sel)"
            where_en = f"the other numbers of this workbook ({total[major]} cells)"
            related = []
        for row in by[minor]:
            raw = ctx.workbook.value_at(table.sheet, row, c)
            n = _number_of(raw, numbers)
            example = column_example if scope == "column" else (
                first.get((major, n.is_percent)) or first.get((major, not n.is_percent)) or _EXAMPLE[major])
            fixed = _swap_notation(raw)
            yield self.finding(
                ctx, table.sheet, table.cell(field, row),
                f"{col}: \"{_short(raw, 25)}\" ({_row_label(table, row, 'id')}) memakai notasi "
                f"{_NOTATION_ID[minor][0]}, sedangkan {where_id} memakai notasi {_NOTATION_ID[major][0]} "
                f"(mis. \"{_short(example, 20)}\"). Tulis \"{_short(fixed, 25)}\", atau lebih baik ketik sebagai "
                f"angka dengan format angka.",
                f"{col}: \"{_short(raw, 25)}\" ({_row_label(table, row, 'en')}) uses "
                f"{_NOTATION_ID[minor][1]} notation, while {where_en} use {_NOTATION_ID[major][1]} notation "
                f"(e.g. \"{_short(example, 20)}\"). Write \"{_short(fixed, 25)}\", or better, type it as a "
                f"number with a number format.",
                expected=fixed,
                actual=f"{raw} = {ctx.num(n.value) if n.value is not None else '?'}",
                related=related)


# --------------------------------------------------------------------------- PCT-RANGE


def _any_search(patterns: list[re.Pattern]):
    """`text -> any(p.search(text) for p in patterns)`; a single pattern's own search (its
    match is as true): the usual configuration, tested on every distinct indicator."""
    if len(patterns) == 1:
        return patterns[0].search
    return lambda text: any(p.search(text) for p in patterns)


def _indicator_field(table, target: str, candidates: list[str]) -> str | None:
    """The indicator column that describes `target`: same side, the first configured
    candidate present; for several present, the nearest one to the left of the target."""
    from reconcile.read.headers import base_field

    side = _side(target)
    tcol = column_index(table.columns[target])
    present = [f for f in table.columns if _side(f) == side and "#" not in f
               and base_field(f) in candidates and table.field_types.get(f) == "text"]
    if not present:
        return None
    first = candidates[0]
    specific = [f for f in present if base_field(f) == first]
    pool = specific or present
    left = [f for f in pool if column_index(table.columns[f]) < tcol]
    pool = left or pool
    return min(pool, key=lambda f: abs(tcol - column_index(table.columns[f])))


class PercentOutOfRange(Rule):
    """A percentage that cannot be right: negative, or far beyond what is possible.

    Why it matters: a share ("Persentase …" indicators) lies between 0 and 100%; a rasio or
    capaian may exceed 100% when realisasi beats the target, but 1.000% and more almost always
    means a value multiplied by 100 twice (54 typed in a cell formatted as %, showing 5400%).
    Such a figure ends up in the evaluation and makes the achievement category wrong.

    **Bad**: target `120%` for "Persentase kasus yang diselesaikan"; rasio realisasi anggaran
    `5.400%`; capaian `-12%`.

    **Good**: target `100%`; rasio `54%` (0,54 in a cell formatted 0%, or 54 without %); capaian
    `112%` when realisasi exceeded the target.
    """

    code = "PCT-RANGE"
    title = "Persentase di luar rentang yang mungkin"
    title_en = "Percentage outside the possible range"
    severity = "error"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        yield from self._percent_columns(ctx)
        yield from self._share_targets(ctx)

    def _percent_columns(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.read.headers import base_field

        # settings.yaml may override some fields' limits; the others keep the family file's.
        family = ((_family_data(ctx).get("rules") or {}).get(self.code) or {}).get("limits") or {}
        limits = {**family, **(self.setting("limits", {}) or {})}
        default = self.setting("default_limits", {"min": 0, "max": 1000}) or {}
        for table in iter_tables(ctx):
            frame = table.frame
            # One frame and one check per column for the whole table: the readable values
            # (others blanked: nulls pass), between the column's limits.
            columns, checks, bounds = {}, {}, {}
            for field in table.fields_of_type("percent"):  # never a money (Rp) column
                lim = limits.get(base_field(field), default) or {}
                lo, hi = lim.get("min"), lim.get("max")
                if lo is None and hi is None:
                    continue
                status_col = f"{field}__status"
                # the frame's columns as lists (no `Table.column` views kept)
                status = frame[status_col].tolist() if status_col in frame.columns else None
                values = frame[field].tolist() if field in frame.columns else []
                columns[field] = [v if status is None or status[i] in ("ok", "ambiguous") else None
                                  for i, v in enumerate(values)]
                del status, values
                if lo is not None and hi is not None and float(lo) <= float(hi):
                    checks[field] = pa.Check.in_range(float(lo), float(hi))  # one pass instead of ge + le
                else:
                    checks[field] = ([pa.Check.ge(float(lo))] if lo is not None else []) + \
                        ([pa.Check.le(float(hi))] if hi is not None else [])
                bounds[field] = lo, hi
            if not columns:
                continue
            sub = pd.DataFrame(columns, index=table.rows, dtype="float64")
            failing = failure_rows(sub, checks)
            for field, (lo, hi) in bounds.items():
                for row in failing.get(field, []):
                    value = float(sub.at[row, field])
                    col = _col_label(table, field)
                    where_id, where_en = _row_label(table, row, "id"), _row_label(table, row, "en")
                    if lo is not None and hi is not None:
                        bound = ctx.t(f"{ctx.num(lo)}% s.d. {ctx.num(hi)}%", f"{ctx.num(lo)}% to {ctx.num(hi)}%")
                    elif lo is not None:
                        bound = ctx.t(f"paling kecil {ctx.num(lo)}%", f"at least {ctx.num(lo)}%")
                    else:
                        bound = ctx.t(f"paling besar {ctx.num(hi)}%", f"at most {ctx.num(hi)}%")
                    if lo is not None and value < lo:
                        yield self.finding(
                            ctx, table.sheet, table.cell(field, row),
                            f"{col} untuk {where_id} bernilai {ctx.num(value)}%, padahal tidak mungkin kurang dari "
                            f"{ctx.num(lo)}%. Periksa angka pembilang/penyebutnya atau tanda minusnya.",
                            f"{col} of {where_en} is {ctx.num(value)}%, but it cannot be below {ctx.num(lo)}%. "
                            f"Check the numerator/denominator or the minus sign.",
                            expected=bound, actual=f"{ctx.num(value)}%")
                    else:
                        yield self.finding(
                            ctx, table.sheet, table.cell(field, row),
                            f"{col} untuk {where_id} bernilai {ctx.num(value)}%, melebihi batas wajar {ctx.num(hi)}%; "
                            f"kemungkinan angkanya terkali 100 dua kali (maksudnya {ctx.num(value / 100)}%?). Bila sel "
                            f"berformat %, ketik 0,54 atau 54% — bukan 54.",
                            f"{col} of {where_en} is {ctx.num(value)}%, beyond the believable {ctx.num(hi)}%; most "
                            f"likely it was multiplied by 100 twice ({ctx.num(value / 100)}% meant?). In a cell "
                            f"formatted as %, type 0.54 or 54% -- not 54.",
                            expected=bound, actual=f"{ctx.num(value)}%")

    def _share_targets(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.read.headers import base_field
        from reconcile.read.numbers import parse_target

        share_max = float(self.setting("share_max", 100))
        pats = [re.compile(p, re.I) for p in self.setting("share_indicator_patterns", []) or []]
        pct_pats = [re.compile(p, re.I) for p in self.setting("share_indicator_patterns_percent_only", []) or []]
        excl = [re.compile(p, re.I) for p in self.setting("share_indicator_exclude", []) or []]
        target_fields = self.setting("target_fields", {}) or {}

        is_share, is_pct, is_excluded = _any_search(pats), _any_search(pct_pats), _any_search(excl)

        def share_kind(text: str) -> str:
            """"share": any value; "percent": only values written with %; "": not a share."""
            if not text.strip():
                return ""
            if is_share(text):
                kind = "share"
            elif is_pct(text):
                kind = "percent"
            else:
                return ""  # most indicators: the exclusions need not be searched
            return "" if is_excluded(text) else kind

        target_of: dict[str, Any] = {}  # targets repeat ("100%"); a Target is immutable

        for table in iter_tables(ctx):
            frame = table.frame
            # The share indicators of each indicator column, read once: one indicator column
            # serves every year's target column. (Only the few share rows are kept, not a kind
            # per distinct indicator text.)
            shares: dict[str, list[tuple[int, str]]] = {}  # indicator field -> [(row, kind)]
            # Every share target of the table in one frame (one record per cell), checked at once.
            cells, lows, highs = [], [], []  # cells: (target field, indicator field, row, raw, scale)
            for field in table.fields_of_type("target"):
                base = base_field(field)
                if base not in target_fields:
                    continue
                ind = _indicator_field(table, field, list(target_fields[base] or []))
                if ind is None:
                    continue
                if ind not in shares:
                    texts = frame[ind].tolist() if ind in frame.columns else []
                    shares[ind] = [(row, kind) for row, text in zip(table.rows, texts)
                                   if isinstance(text, str) and (kind := share_kind(text))]
                    del texts
                col = column_index(table.columns[field])
                for row, kind in shares[ind]:
                    raw = ctx.workbook.value_at(table.sheet, row, col)
                    if raw is None:
                        continue
                    if isinstance(raw, str):
                        t = target_of.get(raw)
                        if t is None:
                            t = target_of[raw] = parse_target(raw)
                    else:
                        t = parse_target(raw)
                    if t.status not in ("ok", "no_unit", "range"):
                        continue
                    if t.unit is not None and not t.is_percent:
                        continue  # "12 Orang" under a Persentase indicator: a unit question, not a range one
                    scale = 1.0
                    if _is_number(raw):
                        st = _style(ctx, table.sheet, row, col)
                        if st is not None and "%" in (st.number_format or ""):
                            scale = 100.0
                    if kind == "percent" and not (t.is_percent or scale == 100.0):
                        continue
                    lo = t.low if t.status == "range" else t.value
                    hi = t.high if t.status == "range" else t.value
                    if lo is None or hi is None:
                        continue
                    cells.append((field, ind, row, raw, scale))
                    lows.append(min(lo, hi) * scale)
                    highs.append(max(lo, hi) * scale)
            if not cells:
                continue
            sub = pd.DataFrame({"low": lows, "high": highs})
            failing = failure_rows(sub, {"low": pa.Check.ge(0.0), "high": pa.Check.le(share_max)})
            for i in sorted(set(failing.get("low", [])) | set(failing.get("high", []))):
                field, ind, row, raw, scale = cells[i]
                shown = (str(raw) if not _is_number(raw)
                         else f"{ctx.num(float(raw) * scale)}{'%' if scale == 100 else ''}")
                indicator = _short(frame.at[row, ind], 60)
                value = highs[i] if highs[i] > share_max else lows[i]
                tcol = _col_label(table, field)
                value_id = f"{ctx.num(value)}%"
                shown_id = f"\"{_short(shown, 20)}\"" + ("" if shown.replace(" ", "") in (
                    value_id, f"{ctx.num(value, None)}%", f"{value:g}%") else f" ({value_id})")
                yield self.finding(
                    ctx, table.sheet, table.cell(field, row),
                    f"{tcol} untuk {_row_label(table, row, 'id')} tertulis {shown_id}, padahal indikatornya "
                    f"\"{indicator}\" adalah persentase (bagian dari keseluruhan) yang hanya bisa 0% s.d. "
                    f"{ctx.num(share_max)}%. Perbaiki angkanya.",
                    f"{tcol} of {_row_label(table, row, 'en')} reads {shown_id}, but its indicator "
                    f"\"{indicator}\" is a share, which can only be 0% to {ctx.num(share_max)}%. "
                    f"Correct the figure.",
                    expected=f"0% - {ctx.num(share_max)}%", actual=f"{ctx.num(value)}%",
                    related=[str(table.ref(ind, row))])


# --------------------------------------------------------------------------- NUM-HASH


_SECTION_SPLIT = re.compile(r'("[^"]*"|\\.|\[[^\]]*\]|;)')
_DATE_CHARS = set("yYmMdDhHsS")


@functools.lru_cache(maxsize=1024)
def _sections(fmt: str) -> list[str]:
    out, cur = [], ""
    for part in _SECTION_SPLIT.split(fmt):
        if part == ";":
            out.append(cur)
            cur = ""
        else:
            cur += part
    out.append(cur)
    return out


def _general_texts(v: float) -> list[str]:
    """What the General format may show, widest first: Excel shortens it to fit the column
    (fewer decimals, then scientific), so only the narrowest form can overflow."""
    texts = []
    if float(v).is_integer() and abs(v) < 1e11:
        texts.append(str(int(v)))
    else:
        texts.append(f"{v:.10G}")
    texts.append(f"{v:.0E}")
    if not float(v).is_integer():
        texts.append(str(round(v)))
    return texts


@functools.lru_cache(maxsize=1024)
def _section_plan(sec: str):
    """How a format section shows a number, worked out once per section (every numeric cell
    of a column shares it): (tokens, literal text, has placeholders, dot, exp, integer
    placeholders, decimal placeholders, grouping, scaling commas, % count); None for text and
    date formats. Read-only: shared between calls."""
    # tokenise
    tokens: list[tuple[str, str]] = []  # (kind, text): lit | ph | dot | comma | pct | exp
    i = 0
    while i < len(sec):
        ch = sec[i]
        if ch == '"':
            j = sec.find('"', i + 1)
            j = len(sec) if j < 0 else j
            tokens.append(("lit", sec[i + 1:j]))
            i = j + 1
        elif ch == "\\" and i + 1 < len(sec):
            tokens.append(("lit", sec[i + 1]))
            i += 2
        elif ch == "_" and i + 1 < len(sec):
            tokens.append(("lit", " "))
            i += 2
        elif ch == "*" and i + 1 < len(sec):
            i += 2
        elif ch == "[":
            j = sec.find("]", i)
            j = len(sec) if j < 0 else j
            inner = sec[i + 1:j]
            if inner.startswith("$"):
                tokens.append(("lit", inner[1:].split("-", 1)[0]))
            i = j + 1
        elif ch in "0#?":
            tokens.append(("ph", ch))
            i += 1
        elif ch == ".":
            tokens.append(("dot", "."))
            i += 1
        elif ch == ",":
            tokens.append(("comma", ","))
            i += 1
        elif ch == "%":
            tokens.append(("pct", "%"))
            i += 1
        elif ch in "Ee" and i + 1 < len(sec) and sec[i + 1] in "+-":
            tokens.append(("exp", sec[i:i + 2]))
            i += 2
        elif ch == "@":
            return None
        elif ch in _DATE_CHARS:
            return None  # a date or time format
        else:
            tokens.append(("lit", ch))
            i += 1
    literal_text = "".join(t for k, t in tokens if k == "lit")
    phs = [n for n, (k, _) in enumerate(tokens) if k == "ph"]
    if not phs:
        return tuple(tokens), literal_text, False, None, None, [], [], False, 0, 0
    first, last = phs[0], phs[-1]
    dot = next((n for n, (k, _) in enumerate(tokens) if k == "dot" and first <= n <= last + 1), None)
    exp = next((n for n, (k, _) in enumerate(tokens) if k == "exp"), None)
    int_end = dot if dot is not None else (exp if exp is not None else last + 1)
    int_phs = [tokens[n][1] for n in phs if n < int_end]
    dec_phs = [tokens[n][1] for n in phs if dot is not None and n > dot and (exp is None or n < exp)]
    int_last = max((p for p in phs if p < int_end), default=first)
    grouping = any(k == "comma" for k, _ in tokens[first:int_last])
    scale_commas = 0
    if dot is None:
        n = last + 1
        while n < len(tokens) and tokens[n][0] == "comma":
            scale_commas, n = scale_commas + 1, n + 1
    else:
        n = dot - 1
        while n > first and tokens[n][0] == "comma":
            scale_commas, n = scale_commas + 1, n - 1
    pct = sum(1 for k, _ in tokens if k == "pct")
    return tuple(tokens), literal_text, True, dot, exp, int_phs, dec_phs, grouping, scale_commas, pct


def display_texts(value: float, fmt: str | None) -> list[str] | None:
    """The text(s) Excel shows for `value` under number format `fmt` (English separators;
    the width is the same in any locale). Several texts for General (it shrinks to fit);
    None when the format is not a number format this approximation knows (dates, text "@").

    Approximation: sections (positive;negative;zero;text), literals ("…", \\x, [$Rp-421]),
    `_x` = one space, `*x` fill = nothing, digit placeholders 0 # ?, thousands ",", scaling
    "," after the digits, "%" and E+ notation. Conditions ([>=1000]) are ignored.
    """
    fmt = (fmt or "").strip()
    if not fmt or fmt.lower() == "general":
        return _general_texts(value)
    secs = _sections(fmt)
    neg_sign = ""
    if value < 0 and len(secs) >= 2 and secs[1].strip():
        sec, v = secs[1], abs(value)
    elif value == 0 and len(secs) >= 3:
        sec, v = secs[2], 0.0
    else:
        sec, v = secs[0], abs(value)
        neg_sign = "-" if value < 0 else ""
    if sec.strip().lower() == "general":
        return [neg_sign + t for t in _general_texts(v)]
    plan = _section_plan(sec)
    if plan is None:
        return None  # text "@", a date or time format
    tokens, literal_text, has_ph, dot, exp, int_phs, dec_phs, grouping, scale_commas, pct = plan
    if not has_ph:
        return [neg_sign + literal_text]
    v = v * (100 ** pct) / (1000 ** scale_commas)
    if exp is not None:
        digits = f"{v:.{len(dec_phs)}E}"
        mant, e = digits.split("E")
        number = f"{mant}E{e[0]}{int(e[1:]):02d}"
    else:
        s = f"{v:.{len(dec_phs)}f}"
        ip, _, dp = s.partition(".")
        min_int = sum(1 for p in int_phs if p in "0?")
        if ip == "0" and min_int == 0:
            ip = ""
        ip = ip.rjust(min_int, "0")
        if grouping and ip:
            ip = f"{int(ip):,}"
        if dp:
            keep = len(dp)
            while keep > 0 and dec_phs[keep - 1] == "#" and dp[keep - 1] == "0":
                keep -= 1
            dp = dp[:keep]
        number = ip + ("." + dp if dot is not None and (dp or dec_phs) else "")
    out = []
    placed = False
    for n, (k, t) in enumerate(tokens):
        if k == "lit":
            out.append(t)
        elif k == "pct":
            out.append("%")
        elif k == "ph" and not placed:
            out.append(number)
            placed = True
    return [neg_sign + "".join(out)]


def text_width(text: str, widths: dict[str, float]) -> float:
    return sum(float(widths.get(ch, 1.0)) for ch in text)


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
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        from array import array

        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        types = tuple(self.setting("field_types", ["money", "percent", "number"]))
        widths = {str(k): float(v) for k, v in (self.setting("char_widths", {}) or {}).items()}
        base_size = float(self.setting("default_font_size", 11))
        bold_factor = float(self.setting("bold_factor", 1.1))
        padding = float(self.setting("padding", 0.7))
        default_width = float(self.setting("default_width", 9.140625))
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


class _MergeIndex:
    """`_merge_span` for many cells: merges indexed by column and sorted by first row, so a
    cell costs a binary search instead of a scan of every merge (a sheet can hold one merge per
    row, making the scan quadratic). Excel merges never overlap; when a damaged file's do, the
    scan in file order decides, as before."""

    def __init__(self, merged: list, cols: set[int]) -> None:
        """`cols`: the columns that will be asked about."""
        import bisect

        self._bisect = bisect.bisect_right
        self.merged = merged
        by_col: dict[int, list[tuple[int, int, int]]] = {}
        for i, (r0, c0, r1, c1) in enumerate(merged):
            for c in cols:
                if c0 <= c <= c1:
                    by_col.setdefault(c, []).append((r0, r1, i))
        self.overlap = False
        for spans in by_col.values():
            spans.sort()
            if any(b[0] <= a[1] for a, b in zip(spans, spans[1:])):
                self.overlap = True
        self.by_col = {c: ([s[0] for s in spans], spans) for c, spans in by_col.items()}
        self.cols = cols

    def band(self, col: int) -> tuple[float, float]:
        """(first, last) row of `col` that a merge may cover: a cell outside them is its own
        span (col, col) without a search (merges usually sit in the header rows)."""
        if self.overlap or col not in self.cols:
            return -math.inf, math.inf
        found = self.by_col.get(col)
        if found is None:
            return math.inf, -math.inf
        spans = found[1]
        return spans[0][0], max(s[1] for s in spans)

    def span(self, row: int, col: int) -> tuple[int, int] | None:
        if self.overlap or col not in self.cols:
            return _merge_span(self.merged, row, col)
        found = self.by_col.get(col)
        if found is None:
            return col, col
        starts, spans = found
        k = self._bisect(starts, row) - 1
        if k < 0 or spans[k][1] < row:
            return col, col
        r0, c0, _r1, c1 = self.merged[spans[k][2]]
        return None if (row, col) != (r0, c0) else (c0, c1)


def _merge_span(merged, row: int, col: int) -> tuple[int, int] | None:
    """(first col, last col) the cell's text may use; None when it is hidden inside a merge."""
    for m in merged:
        r0, c0, r1, c1 = m
        if r0 <= row <= r1 and c0 <= col <= c1:
            if (row, col) != (r0, c0):
                return None
            return c0, c1
    return col, col


def _col_width(layout, col: int, default: float) -> float:
    """Width of a column in file units (characters including the 5-pixel padding: Excel's
    8,43 is 9,140625 in the file). Explicit <col width> values are in these units; a column
    without one takes the sheet's default, where the reader's fallbacks 8,43 (nothing
    declared) and baseColWidth 8 + 5/7 = 8,71 both stand for Excel's default of 64 pixels,
    which is `default` (9,140625)."""
    widths = getattr(layout, "col_widths", None)
    if widths is not None and col in widths:
        return float(widths[col])
    w = getattr(layout, "default_col_width", None)
    if w is None or any(abs(float(w) - fallback) < 0.006 for fallback in (8.43, 8.71)):
        return float(default)
    return float(w)


# --------------------------------------------------------------------------- EXCEL-ERROR


class ExcelErrorValue(Rule):
    """A cell holds an Excel error value (#REF!, #DIV/0!, #VALUE!, #N/A …).

    Why it matters: the figure the formula should give is missing; every total that refers to
    the cell becomes an error too, and the printed table shows the error code to the reader.

    **Bad**: a rasio cell `=D12/C12` showing `#DIV/0!` because the anggaran is empty; a
    subtotal showing `#REF!` after a row was deleted.

    **Good**: the formula refers to existing, filled cells (or is wrapped in =IFERROR(…;0)
    where a zero divisor is legitimate), and shows a number.
    """

    code = "EXCEL-ERROR"
    title = "Sel berisi nilai galat Excel"
    title_en = "Cell holds an Excel error value"
    severity = "error"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        meanings = (_family_data(ctx).get("excel_errors") or {})
        errors = [p for p in ctx.workbook.problems if p.kind == "excel_error"]
        error_cells = {(p.sheet, p.cell) for p in errors}
        for p in errors:
            err = str(p.detail or p.value or "").strip().upper() or "#?"
            info = meanings.get(err) or meanings.get("default") or {}
            mean_id = info.get("id", "periksa rumusnya")
            mean_en = info.get("en", "check the formula")
            formula = _formula_at(ctx, p.sheet, p.cell)
            f_id = f" (rumus {formula})" if formula else ""
            where = _where(ctx, p.sheet, p.cell)
            where_id = f" pada {where[0]}" if where else ""
            where_en = f" {'in' if where[2] else 'on'} {where[1]}" if where else ""
            source = _error_source(formula, err, p.sheet, error_cells)
            if source:  # the error comes from a cell it refers to: name that cell, the real cause
                yield self.finding(
                    ctx, p.sheet, p.cell,
                    f"Sel berisi galat Excel {err}{where_id}{f_id} karena merujuk ke {source}, yang berisi galat "
                    f"itu; perbaiki {source} lebih dulu.",
                    f"The cell holds the Excel error {err}{where_en}{f_id.replace('rumus', 'formula')} because it "
                    f"refers to {source}, which holds that error; fix {source} first.",
                    expected=ctx.t("sebuah angka", "a number"), actual=err,
                    related=[f"{quote_sheet(p.sheet)}!{source}"])
                continue
            yield self.finding(
                ctx, p.sheet, p.cell,
                f"Sel berisi galat Excel {err}{where_id}{f_id}: {mean_id}.",
                f"The cell holds the Excel error {err}{where_en}{f_id.replace('rumus', 'formula')}: {mean_en}.",
                expected=ctx.t("sebuah angka", "a number"), actual=err)


_REF = re.compile(r"(?<![A-Za-z_!$'])\$?([A-Z]{1,3})\$?(\d+)(?![\d(])")


def _error_source(formula: str, err: str, sheet: str, error_cells: set[tuple[str, str]]) -> str:
    """The cell of the same sheet, holding an error, that a formula refers to, when the formula
    itself does not write the error (=AH2*425000 beside AH2 = #REF!); "" otherwise."""
    if not formula or err in formula.upper() or "!" in formula:
        return ""
    for col, row in _REF.findall(formula.upper()):
        if (sheet, f"{col}{row}") in error_cells:
            return f"{col}{row}"
    return ""


def _formula_at(ctx: Context, sheet: str, cell: str) -> str:
    layout = ctx.workbook.layouts.get(sheet)
    if layout is None:
        return ""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    formulas = getattr(layout, "formulas", None) or {}
    try:
        f = formulas.get((int(digits), column_index(letters)), "")
    except (ValueError, AttributeError):
        return ""
    return _formula_text(str(f or ""))


def _formula_text(f: str) -> str:
    """A formula as Excel shows it: with its "=", without the file's "_xlfn." prefix of newer
    functions."""
    f = f.replace("_xlfn.", "")
    return ("=" + f) if f and not f.startswith("=") else f


# --------------------------------------------------------------------------- FORMULA-NOCACHE


class FormulaWithoutValue(Rule):
    """A formula with no stored result: the file was never recalculated.

    Why it matters: Excel stores each formula's last result next to it. A file written by a
    program (an export from an application, a script) may hold formulas without results until
    someone opens and saves it in Excel. Every tool that reads the file -- SIPD imports,
    reconcile itself -- then sees an empty cell, so totals built on it cannot be checked.

    **Bad**: a subtotal cell `=SUM(J8:J12)` in a file exported by an application and never
    opened in Excel.

    **Good**: the same file opened in Excel or LibreOffice Calc and saved again (the results
    are then stored with the formulas).
    """

    code = "FORMULA-NOCACHE"
    title = "Rumus tanpa nilai tersimpan (berkas belum dihitung ulang)"
    title_en = "Formula without a stored value (file never recalculated)"
    severity = "warning"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        for p in ctx.workbook.problems:
            if p.kind != "formula_without_value":
                continue
            formula = _formula_text(str(p.detail or "") or _formula_at(ctx, p.sheet, p.cell))
            where = _where(ctx, p.sheet, p.cell)
            where_id = f" ({where[0]})" if where else ""
            where_en = f" ({where[1]})" if where else ""
            yield self.finding(
                ctx, p.sheet, p.cell,
                f"{f'Rumus {formula}' if formula else 'Rumus di sel ini'}{where_id} tidak punya nilai tersimpan: berkas ini ditulis oleh program dan "
                f"belum pernah dihitung ulang, sehingga nilainya tidak dapat diperiksa. Buka berkas di Excel atau "
                f"LibreOffice, simpan ulang, lalu periksa lagi.",
                f"{f'The formula {formula}' if formula else 'The formula in this cell'}{where_en} has no stored value: the file was written by a program and "
                f"never recalculated, so its value could not be checked. Open the file in Excel or LibreOffice, "
                f"save it, and check again.",
                expected=ctx.t("nilai hasil rumus tersimpan", "the formula's stored result"),
                actual=formula or ctx.t("rumus tanpa nilai", "formula without a value"))


# --------------------------------------------------------------------------- NUM-PLACEHOLDER


class PlaceholderAmount(Rule):
    """A money cell holds what a program leaves where an amount is missing.

    Why it matters: exports and web apps write `null`, `NaN`, `Infinity` or `- Belum Diisi`
    into an amount they did not have. Excel shows the word, =SUM skips it, and the sub kegiatan
    silently counts as Rp 0 in every total. reconcile reads the cell as empty; someone must
    still fill the real amount in (or write 0 if there is none).

    **Bad**: the PAGU cell of a sub kegiatan holds `null`, `NaN` or `- Belum Diisi`.

    **Good**: the cell holds the amount, e.g. 150000000, or 0 when the sub kegiatan has no
    budget this year.
    """

    code = "NUM-PLACEHOLDER"
    title = "Sel uang berisi penanda kosong dari aplikasi"
    title_en = "Money cell holds a program's placeholder"
    severity = "warning"
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandera.pandas as pa

        for table in iter_tables(ctx):
            frame = table.frame
            columns = {f: frame[f"{f}__status"] for f in table.fields_of_type("money")
                       if f"{f}__status" in frame.columns}
            if not columns:
                continue
            failing = failure_rows(frame[[f"{f}__status" for f in columns]].rename(columns=lambda c: c[:-8]),
                                   {f: pa.Check(lambda s: s != "placeholder", error="an amount or empty")
                                    for f in columns})
            for field in columns:
                raw_of = table.column(f"{field}__raw")
                for row in failing.get(field, []):
                    raw = str(raw_of.get(row))
                    yield self.finding(
                        ctx, table.sheet, table.cell(field, row),
                        f"{_cap(_row_label(table, row, 'id'))}: sel {table.header_paths.get(field, field)} berisi "
                        f"\"{_short(raw, 30)}\", penanda kosong yang ditinggalkan aplikasi, bukan angka; =SUM "
                        f"menghitungnya Rp 0. Isi jumlah yang sebenarnya, atau 0 bila memang tidak ada.",
                        f"{_cap(_row_label(table, row, 'en'))}: the {table.header_paths.get(field, field)} cell holds "
                        f"\"{_short(raw, 30)}\", a placeholder a program left, not an amount; =SUM counts it as 0. "
                        f"Fill in the real amount, or 0 if there is none.",
                        expected=ctx.t("jumlah rupiah", "an amount in rupiah"), actual=raw)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


RULES = [NumberAsText, MalformedNumber, MixedNotation, PercentOutOfRange, NumberTooWide, ExcelErrorValue,
         FormulaWithoutValue, PlaceholderAmount]
