"""The label : value block above a budget form's table (RKA/DPA: "Program : 2.21.02 - PROGRAM
…", "Sub Kegiatan : …", "Sumber Dana : …", "Jumlah Tahun n : Rp918.886.900,00"): the item the
form's rincian lines belong to. Which labels mean what is data (`form_labels` in
rules/columns.yaml); a label is matched whole, so a sentence is never taken for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reconcile.read.model import column_letter

_COLON = re.compile(r"^\s*[:：]\s*")
_CODE_NAME = re.compile(r"^\s*([0-9xX]+(?:\.[0-9xX]+)*)\.?\s*[-–:]?\s+(\S.*)$", re.S)
ROWS_ABOVE = 30  # how far above the header a form's block may start


@dataclass(frozen=True)
class FormEntry:
    key: str  # program, kegiatan, sub_kegiatan, unit, lokasi, sumber_dana, pagu, …
    label: str  # as written: "Sub Kegiatan"
    value: Any  # the value's cell as read
    code: str  # "2.21.02" of "2.21.02 - PROGRAM …", else ""
    name: str  # the text without its code
    cell: str  # "G8": where the value is


def _label_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z+\-]+", " ", text.lower()).split())


def label_index(cfg: dict[str, list[str]] | None) -> dict[str, str]:
    """{normalised label: key} from `form_labels`."""
    return {_label_key(p): key for key, phrases in (cfg or {}).items() for p in phrases or []}


def read_form(rows: list[list[Any]], first_row: int, labels: dict[str, str]) -> dict[str, FormEntry]:
    """The labelled values in the rows above a table's header (`first_row`, 1-based). A label is
    a text cell naming one of `labels` (a colon after it in the same cell or the next one); its
    value is the first text or number after the colon on that row. Only a block of two labels
    or more counts."""
    found: dict[str, FormEntry] = {}
    if not labels:
        return found
    for r in range(max(1, first_row - ROWS_ABOVE), first_row):
        line = rows[r - 1]
        for c, v in enumerate(line):
            if not isinstance(v, str) or not v.strip():
                continue
            label, colon, rest = v.partition(":")
            key = labels.get(_label_key(label))
            if key is None:
                break  # the row's first text is not a label: a title or a sentence
            value, at = (rest.strip(), c) if rest.strip() else _value_after(line, c + 1, bool(colon))
            if value not in (None, "") and key not in found:
                text = " ".join(str(value).split())
                m = _CODE_NAME.match(text)
                found[key] = FormEntry(key, label.strip(), value, m.group(1) if m else "",
                                       m.group(2) if m else text, f"{column_letter(at + 1)}{r}")
            break
    return found if len(found) >= 2 else {}


def _value_after(line: list[Any], start: int, colon: bool) -> tuple[Any, int]:
    """The first value after a colon (its own cell, or the start of the value's cell);
    `colon`: the label's cell ended with it."""
    for c in range(start, len(line)):
        v = line[c]
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, str) and _COLON.match(v):
            rest = _COLON.sub("", v, count=1).strip()
            if rest:
                return rest, c
            colon = True
            continue
        return (v, c) if colon else (None, c)
    return None, start
