"""RKPD-NOTE: RKPD and needs analysis differ without a note."""
from __future__ import annotations

from typing import Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.crosstable.analysis import FIELD_EN, FIELD_ID, _frame_value, _target_shown, same_target
from reconcile.checks.matching import diff_pair, field_side, in_langs, level_cap
from reconcile.findings import Words
from reconcile.read.headers import base_field
from reconcile.read.hierarchy import name_key
from reconcile.read.model import quote_sheet
from reconcile.read.tables import NAME_FIELDS


class RkpdNote(Rule):
    """A row of the RKPD review differs between its two sides without a Catatan Penting.

    Why it matters: Tabel 2.6 (Review terhadap Rancangan Awal RKPD) puts what Bappeda's draft
    RKPD says next to what the agency concluded (Hasil Analisis Kebutuhan). Every difference —
    a renamed sub kegiatan, another indicator, a new target, location or pagu — must be
    explained in Catatan Penting, or the verifier cannot tell a deliberate change from a typing
    slip.

    **Bad**: RKPD side "PROGRAM PERENCANAAN TENAGA KERJA RIJK", Hasil Analisis side "PROGRAM
    PERENCANAAN TENAGA KERJA (RTK)", Catatan Penting "-".

    **Good**: both sides the same, or Catatan Penting says why they differ ("Perbaikan
    nomenklatur sesuai Kepmendagri 050-5889/2021").
    """

    code = "RKPD-NOTE"
    title = "Perbedaan RKPD dan hasil analisis tanpa catatan penting"
    title_en = "RKPD and needs analysis differ without a note"
    severity = "error"
    family = "crosstable"
    options = {"tolerance": float, "fields": list, "empty_notes": list}
    messages = {"no_note": {
        "message": {
            "id": "{level} '{name}': Rancangan Awal RKPD dan Hasil Analisis Kebutuhan berbeda pada {parts}, {tail}. "
                  "Jelaskan perbedaannya di Catatan Penting (mis. perbaikan nomenklatur, perubahan target atau pagu), "
                  "atau samakan kedua sisi.",
            "en": "{level} '{name}': the Rancangan Awal RKPD and the Hasil Analisis Kebutuhan differ in {parts}, "
                  "{tail}. Explain the difference in Catatan Penting (e.g. corrected nomenclature, changed target or "
                  "pagu), or make both sides the same."},
        "expected": {"id": "catatan yang menjelaskan perbedaan", "en": "a note explaining the difference"},
        "actual": {"id": "{note}"},
    }}

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        compared = [str(x) for x in self.option("fields")]
        empty_notes = {name_key(str(x)) for x in self.option("empty_notes")}
        tol = float(self.option("tolerance"))
        for table in iter_tables(ctx, "review_rkpd"):
            pairs = self._pairs(table, compared)
            if not pairs:
                continue
            note_field = next((f for f in table.columns if base_field(f) == "catatan" and "#" not in f), None)
            f = table.frame
            diffs_of: dict[int, list[tuple[str, str, str, str]]] = {}
            pairs_of: dict[int, list[tuple[str, str, str]]] = {}  # the fields that differ, to say so in each language
            for row, level in zip(f.index.tolist(), f["level"].tolist()):
                row = int(row)
                if level == "total":
                    continue
                diffs = []
                for base, a, b in pairs:
                    d = self._differs(table, a, b, row, tol, ctx)
                    if d is not None:
                        diffs.append((base, b, d[0], d[1]))
                        pairs_of.setdefault(row, []).append((base, a, b))
                if diffs:
                    diffs_of[row] = diffs
            if not diffs_of:
                continue
            notes = []
            for row in diffs_of:
                note = _frame_value(table, note_field, row) if note_field else None
                notes.append("" if note is None else str(note))
            frame = pd.DataFrame({"catatan": notes}, index=list(diffs_of))
            failing = failure_rows(frame, {"catatan": pa.Check(
                lambda s: s.map(lambda v: name_key(v) not in empty_notes).astype(bool),
                error="a difference needs a catatan")})
            for row in failing.get("catatan", []):
                diffs = diffs_of[row]
                name = f.at[row, "name"] or ""
                def parts_in(c: Context, row: int = row) -> str:
                    words = FIELD_EN if c.lang == "en" else FIELD_ID
                    return "; ".join(f"{words.get(base, base)} ({x} → {y})" for base, (x, y) in
                                     ((base, self._differs(table, a, b, row, tol, c)) for base, a, b in pairs_of[row]))

                parts = in_langs(ctx, parts_in)
                if note_field:
                    cell = table.cell(note_field, row)
                    tail = Words("tetapi Catatan Penting kosong", "but Catatan Penting is empty")
                else:
                    cell = table.cell(diffs[0][1], row)
                    tail = Words("dan tabel ini tidak memiliki kolom Catatan Penting",
                                 "and the table has no Catatan Penting column")
                related = [f"{quote_sheet(table.sheet)}!{table.cell(x, row)}" for b, fld, *_ in diffs
                           for x in (fld.replace("analisis.", "rkpd.", 1), fld) if x in table.columns]
                yield self.say(ctx, table.sheet, cell, "no_note", related=related,
                               level=level_cap(f.at[row, "level"]), name=short(name), parts=parts, tail=tail,
                               note=frame.at[row, "catatan"])

    @staticmethod
    def _pairs(table, compared: list[str]) -> list[tuple[str, str, str]]:
        out = []
        for fld in sorted(table.columns, key=lambda x: table.columns[x]):
            if field_side(fld) != "rkpd" or "#" in fld:
                continue
            rest = fld.split(".", 1)[1]
            other = "analisis." + rest
            if other not in table.columns:
                continue
            base = base_field(fld)
            base = "name" if base in NAME_FIELDS else base
            if base in compared:
                out.append((base, fld, other))
        if "name" in compared and "analisis.name" in table.columns and not any(p[0] == "name" for p in out):
            # SIPD-style: the RKPD side's name sits in the Program/Kegiatan/Sub Kegiatan columns,
            # which the reader merges into the row's name.
            out.append(("name", "name", "analisis.name"))
        return out

    @staticmethod
    def _differs(table, a: str, b: str, row: int, tol: float, ctx: Context) -> tuple[str, str] | None:
        ftype = table.field_types.get(a)

        def shown(v):
            return "-" if v is None or (isinstance(v, str) and not v.strip()) else str(v)

        if ftype in ("money", "number", "percent"):
            va, vb = _frame_value(table, a, row), _frame_value(table, b, row)
            ra, rb = _frame_value(table, f"{a}__raw", row), _frame_value(table, f"{b}__raw", row)
            if va is not None and vb is not None:
                if abs(float(va) - float(vb)) <= tol:
                    return None
                fmt = ctx.money if ftype == "money" else ctx.num
                return fmt(float(va)), fmt(float(vb))
            if va is None and vb is None:
                if name_key(str(ra or "")) == name_key(str(rb or "")):
                    return None
            return shown(ra), shown(rb)
        if ftype == "target":
            ra, rb = _frame_value(table, a, row), _frame_value(table, b, row)
            if ra is None and rb is None:
                return None
            sa, va, ua = _target_shown(ctx, table, a, row, ra or "", _frame_value(table, f"{a}__value", row),
                                       _frame_value(table, f"{a}__unit", row))
            sb, vb, ub = _target_shown(ctx, table, b, row, rb or "", _frame_value(table, f"{b}__value", row),
                                       _frame_value(table, f"{b}__unit", row))
            if ra is not None and rb is not None and same_target((va, ua, ra), (vb, ub, rb)):
                return None
            return (sa if ra is not None else "-"), (sb if rb is not None else "-")
        ra, rb = _frame_value(table, a, row), _frame_value(table, b, row)
        if name_key(str(ra or "")) == name_key(str(rb or "")):
            return None
        da, db = diff_pair(shown(ra), shown(rb), width=80)
        return f"'{da}'", f"'{db}'"
