"""NUMBERING-IN-NAME: Numbering typed inside the name cell."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.tidiness.analysis import PLAN_KINDS


class NumberingInName(Rule):
    """The row's numbering is typed inside the name cell instead of the No column.

    Why it matters: sorting, filtering and any tool that reads the No column lose the
    kegiatan letter; the printed table looks uneven.

    **Bad**: No = "", Uraian = "C Administrasi Kepegawaian Perangkat Daerah".

    **Good**: No = "C", Uraian = "Administrasi Kepegawaian Perangkat Daerah".
    """

    code = "NUMBERING-IN-NAME"
    title = "Nomor urut diketik di dalam sel nama"
    title_en = "Numbering typed inside the name cell"
    severity = "info"
    family = "tidiness"
    messages = {"in_name": {
        "message": {
            "id": "Nomor '{number}' diketik di sel nama '{number} {name}'. Pindahkan '{number}' ke kolom No "
                  "({no_cell}).",
            "en": "Numbering '{number}' is typed in the name cell '{number} {name}'. Move '{number}' to the No "
                  "column ({no_cell})."},
        "expected": {"id": "{no_cell} = {number}"},
        "actual": {"id": "{number} {name}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table in iter_tables(ctx, *PLAN_KINDS):
            f = table.frame
            if "number_in_name" not in f or "number" not in table.columns or "name" not in table.columns:
                continue
            for row in f.index[f["number_in_name"]]:
                number, name = f.at[row, "number"], f.at[row, "name"]
                yield self.say(ctx, table.sheet, table.cell("name", row), "in_name", number=number, name=name,
                               no_cell=f"{table.columns['number']}{row}")
