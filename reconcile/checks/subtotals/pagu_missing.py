"""PAGU-MISSING: Subtotal empty while the rows under it hold amounts."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.subtotals.analysis import HIERARCHY_KINDS, _level_en, _level_id, _short, subtotal_rows
from reconcile.findings import Money, Words


class SubtotalMissing(Rule):
    """A program or kegiatan row has no pagu while the rows under it do.

    Why it matters: a reader of the printed Renja cannot see the kegiatan's budget, and a
    total computed from the subtotals silently leaves it out.

    **Bad**: "N Pelayanan Antar Kerja di Daerah Kabupaten/Kota" with an empty pagu cell above
    five sub kegiatan worth Rp 93.000.000.

    **Good**: the kegiatan row shows Rp 93.000.000 (=SUM of its sub kegiatan).
    """

    code = "PAGU-MISSING"
    title = "Subtotal kosong padahal rinciannya berisi"
    title_en = "Subtotal empty while the rows under it hold amounts"
    severity = "warning"
    family = "subtotals"
    messages = {"empty": {
        "message": {
            "id": "{level} '{name}': {column} kosong, padahal rinciannya berjumlah {computed}. Isi dengan =SUM atas "
                  "rinciannya.",
            "en": "{level} '{name}': {column} is empty, but the rows under it add up to {computed}. Fill it with "
                  "=SUM over them."},
        "expected": {"id": "{computed}"},
        "actual": {"id": ""},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table in iter_tables(ctx, *HIERARCHY_KINDS):
            level_of = table.column("level")
            for field in table.fields_of_type("money"):
                status_col = f"{field}__status"
                status = table.column(status_col) if status_col in table.frame.columns else None
                for row, declared, computed, children in subtotal_rows(table, field):
                    level = level_of[row]
                    if level not in ("program", "kegiatan"):
                        continue  # an urusan heading row often carries no amount
                    if declared == declared or (status is not None and status[row] != "empty"):
                        continue  # has a value, or is unreadable (another rule says so)
                    name = table.frame.at[row, "name"]
                    yield self.say(
                        ctx, table.sheet, table.cell(field, row), "empty",
                        related=[str(table.ref(field, c)) for c in children],
                        level=Words(_level_id(level), _level_en(level)), name=_short(name),
                        column=table.header_paths[field], computed=Money(computed))
