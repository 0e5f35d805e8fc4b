"""DUP-SUBKEG: Sub kegiatan listed twice."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.nomenclature.analysis import (
    NameCell,
    STRONG_LEVEL_SIGNALS,
    _abbrev,
    _ref,
    _str,
    code_cell,
    item_name_cells,
)
from reconcile.findings import Words


class DuplicateSubKegiatan(Rule):
    """The same sub kegiatan is listed twice in one table.

    Why it matters: a sub kegiatan listed twice (the same code, or the same name under the same
    kegiatan) is counted twice: the number of sub kegiatan, the kegiatan's pagu and the total
    are all too high, or one of the two rows was meant to be another sub kegiatan.

    **Bad**: under kegiatan "Administrasi Umum Perangkat Daerah", "Penyediaan Bahan Logistik
    Kantor" on two rows (or two rows coded 2.07.01.2.06.0004).

    **Good**: each sub kegiatan once under its kegiatan; the same name under two different
    kegiatan is not reported.
    """

    code = "DUP-SUBKEG"
    title = "Sub kegiatan tercantum dua kali"
    title_en = "Sub kegiatan listed twice"
    severity = "error"
    options = {"table_kinds": list}
    family = "nomenclature"
    messages = {"twice": {
        "message": {
            "id": "Sub kegiatan '{name}'{what}{under} tercantum dua kali di tabel ini: baris {first} dan baris {row}. "
                  "Hapus salah satunya (pagunya ikut terhitung dua kali pada kegiatan dan total) atau ganti dengan "
                  "sub kegiatan yang dimaksud.",
            "en": "Sub kegiatan '{name}'{what}{under} is listed twice in this table: rows {first} and {row}. Delete "
                  "one of them (its pagu is counted twice in the kegiatan and the total) or replace it with the sub "
                  "kegiatan meant."},
        "expected": {"id": "satu baris", "en": "one row"},
        "actual": {"id": "baris {first} dan {row}", "en": "rows {first} and {row}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        data = ctx.config.load("nomenclature.yaml") or {}
        abbreviations = _abbrev(data)
        for table in iter_tables(ctx, *self.option("table_kinds")):
            f = table.frame
            level_of, code_of, raw_code_of = table.column("level"), table.column("code"), table.column("code__raw")
            subs = [r for r in table.rows if level_of[r] == "sub_kegiatan"]
            if len(subs) < 2:
                continue
            # The same sub kegiatan under two OPDs (units) of one export is two items.
            unit_of = table.column("unit")
            codes = [c if isinstance(c, str) else "" for c in (code_of[r] for r in subs)]
            raw_codes = [_str(raw_code_of[r]) for r in subs] if "code__raw" in f.columns else [""] * len(subs)
            # (unit, code), or (unit, parent, name key, code) per side: a tuple is half the size of a joined string
            cols: dict[str, list] = {"code": [(unit_of.get(r, ""), c) if c else "" for r, c in zip(subs, codes)]}
            cells_by_side: dict[str, dict[int, NameCell]] = defaultdict(dict)
            for c in item_name_cells(ctx, table, abbreviations):
                if c.key and c.level == "sub_kegiatan":
                    cells_by_side[c.side].setdefault(c.row, c)
            for side, by_row in cells_by_side.items():
                # two rows with different codes are two sub kegiatan, whatever their names
                cols[f"name:{side}"] = [(unit_of.get(r, ""), by_row[r].parent, by_row[r].key, code or raw)
                                        if r in by_row else ""
                                        for r, code, raw in zip(subs, codes, raw_codes)]
            frame = pd.DataFrame(cols, index=pd.Index(subs, name="row"))
            unique = pa.Check(lambda s: ~(s.duplicated(keep="first") & (s != "")), error="listed once")
            failing = failure_rows(frame, {c: unique for c in cols})
            del frame
            if not failing:
                continue
            reported: set[int] = set()
            rows_all = table.rows
            next_row = dict(zip(rows_all, rows_all[1:]))
            weak = {r for r, by in table.column("level_by").items() if not str(by).startswith(STRONG_LEVEL_SIGNALS)}
            for col, values in cols.items():
                if col not in failing:
                    continue
                value_of = dict(zip(subs, values))
                first_of: dict[Any, int] = {}
                for r, v in zip(subs, values):
                    if v:
                        first_of.setdefault(v, r)
                for r in failing.get(col, []):
                    if r in reported:
                        continue
                    first = first_of[value_of[r]]
                    if col != "code" and next_row.get(first) == r and (first in weak or r in weak):
                        continue  # a kegiatan and its only sub kegiatan of the same name, levels guessed
                    reported.add(r)
                    yield self._finding(ctx, table, r, first, col, cells_by_side)

    def _finding(self, ctx, table, row: int, first: int, col: str, cells_by_side) -> Finding:
        if col == "code":
            cell, name = code_cell(table, row), _str(table.value("name", row))
            first_cell = code_cell(table, first)
            what = Words(f" (kode {table.value('code', row)})", f" (code {table.value('code', row)})")
        else:
            side = col.split(":", 1)[1]
            c = cells_by_side[side][row]
            cell, name = c.cell, c.text
            first_cell = cells_by_side[side][first].cell
            what = ""
        parent = int(table.value("parent", row) or 0)
        pname = _str(table.value("name", parent)) if parent and parent in table.column("name") else ""
        under = (Words(f" di bawah kegiatan '{short(pname, 60)}'", f" under kegiatan '{short(pname, 60)}'")
                 if pname else "")
        return self.say(ctx, table.sheet, cell, "twice", related=[_ref(table, first_cell)], name=short(name, 80),
                        what=what, under=under, first=first, row=row)
