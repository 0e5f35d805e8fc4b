"""LEVEL-STYLE: Row styled unlike the other rows of its level."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.tidiness.analysis import PLAN_KINDS
from reconcile.findings import Words


class LevelStyle(Rule):
    """A program or kegiatan row is not styled like the other rows of its level.

    Why it matters: readers find the hierarchy by the bold program and kegiatan rows; one row
    printed plain looks like a sub kegiatan.

    **Bad**: every kegiatan row is bold except "N Pelayanan Antar Kerja di Daerah
    Kabupaten/Kota".

    **Good**: all kegiatan rows bold (or none).
    """

    code = "LEVEL-STYLE"
    title = "Gaya baris tidak sama dengan baris setingkatnya"
    title_en = "Row styled unlike the other rows of its level"
    severity = "info"
    options = {"majority": float}
    messages = {"style": {
        "message": {
            "id": "Baris {level} '{name}' tidak {style}, padahal {count} dari {n} baris {level} {style}. Samakan "
                  "gayanya agar hierarki terbaca.",
            "en": "{level} row '{name}' is not {style}, while {count} of {n} {level} rows are. Style it the same "
                  "so the hierarchy reads."},
        "expected": {"id": "{style}"},
        "actual": {"id": "tidak {style}", "en": "not {style}"},
    }}
    family = "tidiness"

    def check(self, ctx: Context) -> Iterable[Finding]:
        share = float(self.option("majority"))
        for table in iter_tables(ctx, *PLAN_KINDS):
            f = table.frame
            if "name" not in table.columns:
                continue
            for level in ("program", "kegiatan"):
                rows = f["bold"][f["level"] == level]  # the bold flags of the level's rows
                if len(rows) < 4:
                    continue
                bold = Counter(rows.tolist())
                usual, count = bold.most_common(1)[0]
                if count / len(rows) < share or count == len(rows):
                    continue
                want = Words("tebal", "bold") if usual else Words("biasa", "plain")
                for row in rows.index[rows != usual]:
                    yield self.say(ctx, table.sheet, table.cell("name", row), "style", level=level,
                                   name=f.at[row, "name"], style=want, count=count, n=len(rows))
