"""CODE-FORMAT: Code does not have the shape of its level."""
from __future__ import annotations

import re
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.matching import LEVEL_EN, LEVEL_ID
from reconcile.checks.nomenclature.analysis import (
    DEFAULT_WIDTHS,
    _CODE_PREFIX_IN_NAME,
    _looks_like_code,
    _str,
    code_problem,
    expected_level,
    field_column,
)
from reconcile.findings import Words
from reconcile.read.flat import LEVEL_CODE_FIELDS
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import CODE_LEVELS, parse_code
from reconcile.read.tables import NAME_FIELDS


class CodeFormat(Rule):
    """A code does not have the shape of a program, kegiatan or sub kegiatan code.

    Why it matters: codes follow Permendagri 90/2019: program X.XX.XX, kegiatan X.XX.XX.X.XX,
    sub kegiatan X.XX.XX.X.XX.XXXX. A code with a part too many or too few, a part too long or
    a letter in it cannot be found in SIPD, and the row cannot be matched with the RKPD. A code
    of the wrong level (a kegiatan code on a PROGRAM row) means a row or a code has shifted.
    Printed variants such as "2 07 03 2.01 01" are fine.

    **Bad**: "2.07.03.2" (a kegiatan code cut short), "2.07.003", "2.07.03.2.01.00001",
    "2.07.O3" (letter O), a kegiatan code 2.07.05.2.02 on the row "PROGRAM HUBUNGAN INDUSTRIAL".

    **Good**: "2.07.03", "2.07.03.2.01", "2.07.03.2.01.0001", "2 07 03 2.01 01".
    """

    code = "CODE-FORMAT"
    title = "Bentuk kode tidak sesuai tingkatnya"
    title_en = "Code does not have the shape of its level"
    severity = "error"
    family = "nomenclature"
    messages = {"shape": {
        "message": {
            "id": "Kode '{raw}'{of} tidak berbentuk kode yang benar: {why}. Bentuk kode {level}: {shape} (mis. "
                  "{example}).",
            "en": "Code '{raw}'{of} is not well formed: {why}. A {level} code looks like {shape} (e.g. {example})."},
        "expected": {"id": "{shape}"},
        "actual": {"id": "{raw}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        data = ctx.config.load("nomenclature.yaml") or {}
        widths = tuple(int(w) for w in (data.get("code_widths") or DEFAULT_WIDTHS))
        shapes = data.get("code_shapes") or {}
        examples = data.get("code_examples") or {}
        for table in iter_tables(ctx):
            f = table.frame
            code_fields = [x for x, t in table.field_types.items() if t == "code" and field_column(x) in f.columns]
            sources: dict[str, tuple[str, dict[int, str]]] = {}  # label -> (field, row -> raw code)
            # (the frame's columns read as lists: no `Table.column` views kept for one pass)
            levels = f["level"].tolist()
            for x in code_fields:  # (an OPD's own row holds its unit code: not a plan code)
                sources[x] = (x, {r: raw for r, v, lvl in zip(table.rows, f[field_column(x)].tolist(), levels)
                                  if (raw := _str(v)) and lvl != "unit"})
            if not code_fields:  # codes typed in front of the name
                for x in table.columns:
                    if base_field(x) in NAME_FIELDS and field_column(x) in f.columns:
                        found = {}
                        for r, v in zip(table.rows, f[field_column(x)].tolist()):
                            m = _CODE_PREFIX_IN_NAME.match(_str(v))
                            if m and _looks_like_code(m.group(1)):
                                found[r] = m.group(1)
                        if found:
                            sources[x] = (x, found)
            ignore = [re.compile(p) for p in data.get("not_codes") or []]
            for label, (fld, raw_by_row) in sources.items():
                raw_by_row = {r: v for r, v in raw_by_row.items() if not any(p.search(v) for p in ignore)}
                if not raw_by_row:
                    continue
                rows = sorted(raw_by_row)
                problems: dict[int, tuple[str, str]] = {}
                # A level's own code column (KODE KEGIATAN) says the level; flat exports repeat
                # each code on many rows: every distinct code is judged once.
                field_level = LEVEL_CODE_FIELDS.get(fld)
                shape_of: dict[str, Any] = {}
                for r in rows:
                    raw = raw_by_row[r]
                    if raw not in shape_of:
                        shape_of[raw] = (code_problem(raw, widths), parse_code(raw))
                    prob, parsed = shape_of[raw]
                    if prob:
                        problems[r] = (prob[0], prob[1])
                        continue
                    want = field_level if field_level else (expected_level(table, r) if parsed else None)
                    if parsed and want and parsed[1] != want and parsed[1] != "urusan":
                        problems[r] = (
                            f"berbentuk kode {LEVEL_ID[parsed[1]]}, padahal baris ini {LEVEL_ID[want]}",
                            f"it has the shape of a {LEVEL_EN[parsed[1]]} code, but this row is a {LEVEL_EN[want]}")
                frame = pd.DataFrame({"code": [raw_by_row[r] for r in rows]}, index=pd.Index(rows, name="row"))
                failing = failure_rows(frame, {"code": pa.Check(
                    lambda s: pd.Series([int(r) not in problems for r in s.index], index=s.index),
                    error="code shaped like its level")})
                for r in failing.get("code", []):
                    raw = raw_by_row[r]
                    why_id, why_en = problems[r]
                    level = field_level or expected_level(table, r) or table.value("level", r)
                    if level not in shapes:
                        level = CODE_LEVELS.get(len([t for t in re.split(r"[.\s]+", raw) if t]), "sub_kegiatan")
                    shape, example = shapes.get(level, ""), examples.get(level, "")
                    name = _str(table.value("name", r))
                    yield self.say(ctx, table.sheet, table.cell(fld, r), "shape", raw=raw,
                                   of=Words(f" pada {short(name, 60)!r}", f" of {short(name, 60)!r}") if name else "",
                                   why=Words(why_id, why_en), level=Words(LEVEL_ID.get(level, level),
                                                                          LEVEL_EN.get(level, level)),
                                   shape=shape, example=example)
