"""TARGET-JUMP: Year N+1 target or pagu jumps or falls without a note."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.ratios.analysis import fields_with_base, row_label, short, value
from reconcile.checks.targets.analysis import _Pairs, _allowed, _has_note, _pagu_pairs, _target_pairs
from reconcile.read.model import quote_sheet


class TargetJump(Rule):
    """Year N+1's target or pagu jumps or falls far beyond year N, with no note.

    Why it matters: the prakiraan maju (year N+1) steps from year N. A pagu that triples or
    drops to a third — or a target that does — is most often a typing slip (a digit too many or
    too few, the pagu of the next row); when it is real, the Bappeda verifier needs the reason
    in the catatan. Checked on kegiatan and sub kegiatan rows; the ratio, the levels and what
    counts as a note are in `rules/targets.yaml`. Targets are compared only for the same
    indicator and the same unit.

    **Bad**: sub kegiatan "Penyusunan Dokumen Perencanaan": pagu 2024 Rp 8.160.000, pagu 2025
    Rp 81.600.000, no catatan; target 2024 "15 Dokumen", target 2025 "150 Dokumen".

    **Good**: pagu 2025 Rp 8.200.000 and target "15 Dokumen"; or the jump explained in the
    catatan ("penambahan dokumen RPJMD baru").
    """

    code = "TARGET-JUMP"
    title = "Target atau pagu tahun N+1 melonjak/anjlok tanpa catatan"
    title_en = "Year N+1 target or pagu jumps or falls without a note"
    severity = "warning"
    options = {
        "max_ratio": float,
        "levels": list,
        "table_kinds": list,
        "pagu": bool,
        "targets": bool,
        "empty_notes": list,
    }
    family = "targets"

    def check(self, ctx: Context) -> Iterable[Finding]:
        import numpy as np
        import pandas as pd
        import pandera.pandas as pa

        ratio = float(self.option("max_ratio"))
        if ratio <= 1:
            return
        levels = set(self.option("levels"))
        kinds = set(self.option("table_kinds"))
        empty = {str(x).lower() for x in self.option("empty_notes")} | {""}
        pairs = _Pairs()
        for table in ctx.workbook.tables:
            if table.kind not in kinds:
                continue
            # frame positions and columns as lists, read once here (no `Table.column` views kept)
            f = table.frame
            notes = [f[c].tolist() for c in fields_with_base(table, "catatan") if c in f.columns]
            chosen = [level in levels and not _has_note(notes, i, empty)  # per frame position
                      for i, level in enumerate(f["level"].tolist())]
            del notes
            if not any(chosen):
                continue
            if self.option("pagu"):
                _pagu_pairs(pairs, table, chosen)
            if self.option("targets"):
                _target_pairs(pairs, ctx, table, [row for row, yes in zip(table.rows, chosen) if yes])
        if not pairs.rows:
            return
        frame = pd.DataFrame({"prev": np.frombuffer(pairs.prev), "next": np.frombuffer(pairs.next)})
        failing = failure_rows(frame, {"next": pa.Check(
            lambda s: (s <= frame.loc[s.index, "prev"] * ratio) & (s >= frame.loc[s.index, "prev"] / ratio),
            error=f"within ×{ratio} of year N")})
        for i in failing.get("next", []):
            p = pairs.pair(ctx, i)
            table, row = p["table"], p["row"]
            level = value(table, "level", row)
            lvl_id = {"sub_kegiatan": "Sub kegiatan", "kegiatan": "Kegiatan", "program": "Program"}.get(level, "Baris")
            lvl_en = {"sub_kegiatan": "Sub kegiatan", "kegiatan": "Kegiatan", "program": "Program"}.get(level, "Row")
            name = short(value(table, "name", row)) or row_label(table, row)
            factor = p["next"] / p["prev"]
            up = factor > 1
            if p["kind"] == "pagu":
                a, b = ctx.money(p["prev"]), ctx.money(p["next"])
                what_id, what_en = "pagu", "pagu"
            else:
                a, b = p["prev_text"], p["next_text"]
                what_id, what_en = f"target '{short(p['indicator'], 50)}'", f"target '{short(p['indicator'], 50)}'"
            move_id = (f"naik {ctx.num(factor)} kali" if up else f"turun menjadi {ctx.num(factor * 100)}%")
            move_en = (f"rises {ctx.num(factor, 2)}×" if up else f"falls to {ctx.num(factor * 100)}%")
            yield self.finding(
                ctx, table.sheet, table.cell(p["next_field"], row),
                f"{lvl_id} '{name}': {what_id} {p['next_year']} ({b}) {move_id} dari tahun {p['prev_year']} ({a}), "
                f"melewati batas {ctx.num(ratio)} kali, tanpa catatan. Periksa salah ketik (digit berlebih/kurang, "
                f"angka baris lain); bila memang disengaja, tuliskan alasannya di kolom catatan.",
                f"{lvl_en} '{name}': {what_en} {p['next_year']} ({b}) {move_en} from {p['prev_year']} ({a}), beyond "
                f"the limit of {ctx.num(ratio)}×, with no note. Check for a typing slip (a digit too many or too "
                f"few, another row's figure); if it is intended, give the reason in the notes column.",
                expected=_allowed(ctx, p, ratio), actual=b,
                related=[f"{quote_sheet(table.sheet)}!{table.cell(p['prev_field'], row)}"])
