"""Number format: numbers Excel cannot compute with, cannot read, or cannot show.

NUM-TEXT, NUM-MALFORMED, NUM-MIXED, PCT-RANGE, NUM-HASH, EXCEL-ERROR, FORMULA-NOCACHE.
Knobs (field types, limits, character widths, error explanations) are in
``rules/number_format.yaml``.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import functools
import math
import re
from typing import Any, Iterator

from reconcile.checks.base import Context, short
from reconcile.read.model import column_index


FAMILY = "number_format"


_YEAR = re.compile(r"_((?:19|20)\d\d)(?:#\d+)?$")


_NOTATION_ID = {"id": ("Indonesia", "Indonesian"), "en": ("Inggris", "English")}


_EXAMPLE = {"id": "1.500.000", "en": "1,500,000"}


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


def _value_arg(table, field: str, value: float):
    """A cell's value as a message argument, in the notation of its column (Rp, %, plain)."""
    from reconcile.findings import Money, Num

    ftype = table.field_types.get(field)
    if ftype == "money":
        return Money(value)
    if ftype == "percent":
        return _both(lambda lang: _pct_text(value, lang))
    return Num(value)


def _pct_text(value: float, lang: str) -> str:
    from reconcile.read.numbers import format_number

    return format_number(value, lang) + "%"


def _both(render):
    """A phrase built in each language (`render(lang)`), as one message argument."""
    from reconcile.findings import Words

    return Words(render("id"), render("en"))


def _row_words(table, row: int):
    """`_row_label` in both languages, as one message argument."""
    return _both(lambda lang: _row_label(table, row, lang))


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


_DIGIT_RUN = re.compile(r"\d[\d.,]*\d")


def _swap_notation(raw: str) -> str:
    """"2,000,000" -> "2.000.000", "Rp 52.00%" -> "Rp 52,00%": the same number in the other notation."""
    return _DIGIT_RUN.sub(lambda m: m.group(0).translate(str.maketrans(".,", ",.")), raw)


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


def _formula_text(f: str) -> str:
    """A formula as Excel shows it: with its "=", without the file's "_xlfn." prefix of newer
    functions."""
    f = f.replace("_xlfn.", "")
    return ("=" + f) if f and not f.startswith("=") else f


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
