"""NUM-MALFORMED: Number cannot be read unambiguously."""
from __future__ import annotations

import re
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.number_format.analysis import (
    FAMILY,
    _col_label,
    _evidence,
    _number_of,
    _readings_index,
    _row_words,
    _short,
    _value_arg,
    _wanted_keys,
)
from reconcile.checks.ratios.analysis import phrase
from reconcile.findings import Money, Words


_ANY = {"expected": {"id": "sebuah angka", "en": "a number"}, "actual": {"id": "{raw}"}}
_MALFORMED = {"id": "{column} untuk {row} tertulis \"{text}\", bukan angka yang sah; kemungkinan maksudnya "
                    "{meant}{why}{alt_id}. Ketik ulang sebagai angka dengan format #,##0.",
              "en": "{column} of {row} reads \"{text}\", which is not a valid number; most likely {meant} was "
                    "meant{why}{alt_en}. Retype it as a number with the format #,##0."}
_MESSAGES = {
    "hashes": {"message": {
        "id": "{column} untuk {row} berisi teks \"{text}\" (tampilan ##### yang ikut tersalin): angkanya "
              "hilang. Isi kembali angka yang benar.",
        "en": "{column} of {row} holds the text \"{text}\" (a ##### display that was copied): the number is "
              "lost. Enter the right number again."}, **_ANY},
    "unreadable": {"message": {
        "id": "{column} untuk {row} berisi \"{text}\" yang tidak dapat dibaca sebagai satu angka. Ketik "
              "angkanya saja sebagai angka (format #,##0), tanpa teks atau spasi.",
        "en": "{column} of {row} holds \"{text}\", which cannot be read as one number. Type the number alone "
              "as a number (format #,##0), without words or spaces."}, **_ANY},
    "malformed": {"message": {lang: text.replace("{alt_%s}" % lang, "") for lang, text in _MALFORMED.items()},
                  "expected": {"id": "{meant}"}, "actual": {"id": "{raw}"}},
    "malformed_other": {"message": {"id": _MALFORMED["id"].replace("{alt_id}", "; bacaan lain: {others}"),
                                    "en": _MALFORMED["en"].replace("{alt_en}", "; other reading: {others}")},
                        "expected": {"id": "{meant}"}, "actual": {"id": "{raw}"}},
}


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
    options = {"field_types": list, "match_tolerance": float, "report_unreadable_text": bool}
    family = FAMILY
    messages = _MESSAGES

    def check(self, ctx: Context) -> Iterable[Finding]:
        types = tuple(self.option("field_types"))
        tol = float(self.option("match_tolerance"))
        report_text = bool(self.option("report_unreadable_text"))
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
                for row in frame.index[status.isin(bad)]:
                    row = int(row)
                    raw = frame.at[row, f"{field}__cell" if is_target else f"{field}__raw"]
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
            where = dict(column=_col_label(table, field), row=_row_words(table, row), raw=raw)
            if st == "error":
                yield self.say(ctx, table.sheet, cell, "hashes", text=_short(raw, 20), **where)
                continue
            cands = list(number.candidates) if number.status == "malformed" else []
            scale = (getattr(table, "field_scale", None) or {}).get(field)
            if scale:  # "Rp. (000)": readings in rupiah, as the frame and the evidence are
                cands = [c * scale for c in cands]
            if not cands:
                yield self.say(ctx, table.sheet, cell, "unreadable", text=_short(raw, 30), **where)
                continue
            best, why, related = cands[0], "", []
            if not is_target:
                for value, eid, een, ref in _evidence(ctx, table, field, row, index):
                    hit = next((c for c in cands if abs(c - value) <= tol), None)
                    if hit is not None:
                        best, related = hit, [ref]
                        why = Words(f" (sama dengan {eid})", f" (equal to {een})")
                        break
            money = number.currency or table.field_types[field] == "money"
            arg = (lambda v: Money(v)) if money else (lambda v: _value_arg(table, field, v))
            others = {f"o{i}": arg(c) for i, c in enumerate([c for c in cands if c != best][:2])}
            listed = ", ".join("{%s}" % k for k in others)  # "{o0}, {o1}": each in the reader's notation
            yield self.say(
                ctx, table.sheet, cell, "malformed_other" if others else "malformed", related=related,
                text=_short(raw, 30), meant=arg(best), why=why, others=phrase(listed, listed, **others),
                **where)
