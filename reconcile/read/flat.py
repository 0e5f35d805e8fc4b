"""Flat exports: the whole hierarchy repeated on every row, and the unit each row belongs to.

SIPD-RI, e-budgeting and KUA-PPAS exports hold a whole government in one sheet: one row per
detail line (a sumber dana, a rekening, a standar harga item) or per sub kegiatan, with every
level above it written again on the row, each in its own column -- a code column beside a name
column (`KODE PROGRAM` / `NAMA PROGRAM`), "code name" in one cell (`1.01.02 PROGRAM …`), or a
code alone. The OPD (SKPD) and sub unit the row belongs to are columns too.

Such a table has no program or kegiatan rows of its own: items are the distinct codes (or,
without codes, names) of each level *within a unit*, and money lives on the detail rows. The
reader gives every row:
* `level`: `detail` when rows are lines below the sub kegiatan (the table has detail columns,
  or one item fills several rows); else the deepest plan level the row names;
* `code`, `name`: the deepest plan level's code and name;
* `key_program`, `key_kegiatan`, `key_sub_kegiatan`: the item of each level the row belongs
  to (its code, else its name's key), so counts and sums per item need no parent rows;
* `unit`, `unit_label`, `sub_unit` (also for tables that are not flat: a unit column, a unit
  row such as "1.01.2.22.0.00.01.0000 Dinas Pendidikan", or nothing): the unit's code (else its
  name), its name, the sub unit's code (else name).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from reconcile.read.hierarchy import name_key, parse_code

PLAN_LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")
LEVEL_CODE_FIELDS = {"code_urusan": "urusan", "code_bidang": "bidang", "code_program": "program",
                     "code_kegiatan": "kegiatan", "code_sub_kegiatan": "sub_kegiatan"}
LEVEL_NAME_FIELDS = {"name_urusan": "urusan", "name_bidang": "bidang", "name_program": "program",
                     "name_kegiatan": "kegiatan", "name_sub_kegiatan": "sub_kegiatan"}
UNIT_FIELDS = ("unit_code", "unit_name", "sub_unit_code", "sub_unit_name")
DETAIL_FIELDS = ("code_rekening", "name_rekening", "code_sumber_dana", "sumber_dana", "code_standar_harga",
                 "name_standar_harga")
FLAT_SHARE = 0.6  # rows naming two plan levels or more, for a table to be flat

# "1.01.2.22.0.00.01.0000 Dinas Pendidikan" / "1.01.02 - PROGRAM …" / "5.1.02.01.01.0024 Belanja …"
_CODE_NAME = re.compile(r"^\s*([0-9Xx]{1,4}(?:\s*\.\s*[0-9Xx]{1,5}){0,8})\s*\.?\s*(?:[-–:]\s*)?(\S.*)?$", re.S)
# An OPD / SKPD code: eight parts (urusan.bidang.urusan2.bidang2.urusan3.bidang3.unit.sub unit).
_UNIT_CODE = re.compile(r"^\s*\d{1,2}\.\d{2}\.\d{1,2}\.\d{2}\.\d{1,2}\.\d{2}\.\d{2}\.\d{4}\s*$")


def split_code_name(text: Any) -> tuple[str, str]:
    """"1.01.02 PROGRAM PENGELOLAAN" -> ("1.01.02", "PROGRAM PENGELOLAAN"); a code alone ->
    (code, ""); a name without code -> ("", name)."""
    if text is None:
        return "", ""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return (f"{text:g}" if isinstance(text, float) else str(text)), ""
    return _split_code_name(str(text))


@functools.lru_cache(maxsize=65536)  # each code and name repeats on many rows of a flat export
def _split_code_name(text: str) -> tuple[str, str]:
    s = " ".join(text.split())
    m = _CODE_NAME.match(s)
    if not m or not any(ch.isdigit() for ch in m.group(1)) and "x" not in m.group(1).lower():
        return "", s
    code = re.sub(r"\s+", "", m.group(1)).rstrip(".")
    rest = (m.group(2) or "").strip()
    if rest and not (rest[:1].isalpha() or rest[:1] in "("):
        return "", s  # "2 orang", "1.000.000" … : not a code in front of a name
    if code.isdigit() and len(code) > 2 and rest:
        return "", s  # "2024 Rencana …": a number, not a code
    return code, rest


def is_unit_code(code: str) -> bool:
    return bool(_UNIT_CODE.match(code or ""))


def clean_key_code(raw: Any) -> str:
    """A unit or detail code as typed, without spaces or a trailing dot (VLOOKUP exports write
    "1.01.01.")."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return re.sub(r"\s+", "", str(raw)).rstrip(".")


@dataclass(slots=True)
class FlatRow:
    level: str
    code: str
    name: str
    keys: dict[str, str]


def level_roles(fields: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """{level: (code field, name field)} of the per-level columns a table has."""
    roles: dict[str, list[str | None]] = {}
    for f in fields:
        if "#" in f or "." in f:
            continue
        if f in LEVEL_CODE_FIELDS:
            roles.setdefault(LEVEL_CODE_FIELDS[f], [None, None])[0] = f
        elif f in LEVEL_NAME_FIELDS:
            roles.setdefault(LEVEL_NAME_FIELDS[f], [None, None])[1] = f
    return {lvl: (c, n) for lvl, (c, n) in roles.items()}


def is_flat(roles: dict[str, tuple[str | None, str | None]], data: dict[str, list[Any]], n_rows: int) -> bool:
    """Two plan levels or more have columns, and most rows fill two of them or more."""
    item_roles = {lvl: r for lvl, r in roles.items() if lvl in ITEM_LEVELS}
    if len(item_roles) < 2 or not n_rows:
        return False
    filled_two = 0
    for i in range(n_rows):
        filled = sum(1 for code_f, name_f in item_roles.values()
                     if (code_f and _filled(data[code_f][i])) or (name_f and _filled(data[name_f][i])))
        filled_two += filled >= 2
    return filled_two >= FLAT_SHARE * n_rows


def _filled(v: Any) -> bool:
    return v is not None and (not isinstance(v, str) or bool(v.strip()))


def flat_rows(roles: dict[str, tuple[str | None, str | None]], data: dict[str, list[Any]],
              n_rows: int) -> list[FlatRow]:
    """Each row's deepest plan level, its code and name, and its item key at every level."""
    out: list[FlatRow] = []
    order = [lvl for lvl in PLAN_LEVELS if lvl in roles]
    for i in range(n_rows):
        keys: dict[str, str] = {}
        deepest = ("", "", "")
        for lvl in order:
            code_f, name_f = roles[lvl]
            code = name = ""
            if name_f:
                code, name = split_code_name(data[name_f][i])
            if code_f and _filled(data[code_f][i]):
                code = split_code_name(data[code_f][i])[0] or code
            if code:
                parent = keys.get(PLAN_LEVELS[PLAN_LEVELS.index(lvl) - 1]) if lvl != "urusan" else None
                if parent and parse_code(code) is None and code.replace(".", "").isdigit() \
                        and parse_code(parent) is not None:
                    code = f"{parent}.{code}"  # a code split over columns: only this level's part (1.01 | 2 | …)
                parsed = parse_code(code)
                code = parsed[0] if parsed else code
            key = code or (name_key(name) if name else "")
            if key:
                keys[lvl] = key
                if lvl in ITEM_LEVELS:
                    deepest = (lvl, code, name)
        out.append(FlatRow(deepest[0] or "other", deepest[1], deepest[2], keys))
    return out


def unit_columns(data: dict[str, list[Any]], n_rows: int) -> tuple[list[str], list[str], list[str]]:
    """(unit, unit name, sub unit) per row from the unit columns: the unit's code where there
    is one (a code column, or the code in front of the name), else its name."""
    def pair(code_f: str, name_f: str) -> tuple[list[str], list[str]]:
        codes, names = [], []
        for i in range(n_rows):
            code = clean_key_code(data[code_f][i]) if code_f in data else ""
            name = ""
            if name_f in data and _filled(data[name_f][i]):
                c, name = split_code_name(data[name_f][i])
                code = code or c
            codes.append(code or name)
            names.append(name)
        return codes, names

    unit, unit_name = pair("unit_code", "unit_name") if {"unit_code", "unit_name"} & set(data) \
        else ([""] * n_rows, [""] * n_rows)
    sub_unit = pair("sub_unit_code", "sub_unit_name")[0] if {"sub_unit_code", "sub_unit_name"} & set(data) \
        else [""] * n_rows
    return unit, unit_name, sub_unit


def repeats_items(rows: list[FlatRow], unit: list[str], sub_unit: list[str]) -> bool:
    """One item on several rows: the rows are detail lines, not items."""
    seen: set[tuple[str, str, str, str]] = set()
    for row, u, s in zip(rows, unit, sub_unit):
        if row.level in ITEM_LEVELS:
            key = (u, s, row.level, row.keys.get(row.level, ""))
            if key in seen:
                return True
            seen.add(key)
    return False
