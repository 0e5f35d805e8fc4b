"""LEVEL-STYLE: Row styled unlike the other rows of its level."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.tidiness.analysis import PLAN_KINDS


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
                want = ("tebal", "bold") if usual else ("biasa", "plain")
                for row in rows.index[rows != usual]:
                    yield self.finding(
                        ctx, table.sheet, table.cell("name", row),
                        f"Baris {level} '{f.at[row, 'name']}' tidak {want[0]}, padahal {count} dari {len(rows)} "
                        f"baris {level} {want[0]}. Samakan gayanya agar hierarki terbaca.",
                        f"{level} row '{f.at[row, 'name']}' is not {want[1]}, while {count} of {len(rows)} "
                        f"{level} rows are. Style it the same so the hierarchy reads.",
                        expected=want[0] if ctx.lang == "id" else want[1],
                        actual=("tidak " + want[0]) if ctx.lang == "id" else ("not " + want[1]))
