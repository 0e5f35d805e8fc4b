"""TARGET-JUMP: Year N+1 target or pagu jumps or falls without a note."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows
from reconcile.checks.ratios.analysis import fields_with_base, row_label, short, value
from reconcile.checks.targets.analysis import _Pairs, _allowed, _has_note, _pagu_pairs, _target_pairs
from reconcile.findings import Money, Num, Words
from reconcile.read.model import quote_sheet


def _jump_messages() -> dict[str, dict[str, dict[str, str]]]:
    """TARGET-JUMP's templates: a pagu or a target, rising or falling. A target is the cell's
    text as written: quoted in English, where its notation may not be the message's."""
    out = {}
    for kind, (q_id, q_en) in (("pagu", ("", "")), ("target", ("", "'"))):
        for way, (move_id, move_en) in (("up", ("naik {factor} kali", "rises {factor2}×")),
                                        ("down", ("turun menjadi {percent}%", "falls to {percent}%"))):
            out[f"{kind}_{way}"] = {
                "message": {
                    "id": f"{{level}} '{{name}}': {{what}} {{next_year}} ({q_id}{{next}}{q_id}) {move_id} dari tahun "
                          f"{{prev_year}} ({q_id}{{prev}}{q_id}), melewati batas {{ratio}} kali, tanpa catatan. "
                          "Periksa salah ketik (digit berlebih/kurang, angka baris lain); bila memang disengaja, "
                          "tuliskan alasannya di kolom catatan.",
                    "en": f"{{level}} '{{name}}': {{what}} {{next_year}} ({q_en}{{next}}{q_en}) {move_en} from "
                          f"{{prev_year}} ({q_en}{{prev}}{q_en}), beyond the limit of {{ratio}}×, with no note. Check "
                          "for a typing slip (a digit too many or too few, another row's figure); if it is intended, "
                          "give the reason in the notes column."},
                "expected": {"id": "{low}{unit} – {high}{unit}"},
                "actual": {"id": "{next}"},
            }
    return out


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
    messages = _jump_messages()

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
            lvl = {"sub_kegiatan": "Sub kegiatan", "kegiatan": "Kegiatan", "program": "Program"}.get(level)
            factor = p["next"] / p["prev"]
            if p["kind"] == "pagu":
                key, prev, nxt, what = "pagu", Money(p["prev"]), Money(p["next"]), "pagu"
            else:
                key, prev, nxt = "target", p["prev_text"], p["next_text"]
                what = f"target '{short(p['indicator'], 50)}'"
            yield self.say(
                ctx, table.sheet, table.cell(p["next_field"], row), f"{key}_{'up' if factor > 1 else 'down'}",
                related=[f"{quote_sheet(table.sheet)}!{table.cell(p['prev_field'], row)}"],
                level=lvl or Words("Baris", "Row"),
                name=short(value(table, "name", row)) or row_label(table, row), what=what,
                prev=prev, next=nxt, prev_year=p["prev_year"], next_year=p["next_year"], factor=Num(factor),
                factor2=Num(factor, 2), percent=Num(factor * 100), ratio=Num(ratio), **_allowed(p, ratio))

