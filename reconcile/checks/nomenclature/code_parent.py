"""CODE-PARENT: Code does not start with its parent's code."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.matching import ITEM_LEVELS, LEVEL_EN, LEVEL_ID
from reconcile.checks.nomenclature.analysis import _ancestors, _prefix_ok, _ref, _str, code_cell
from reconcile.findings import Words


class CodeParent(Rule):
    """A code does not start with the code of the row it belongs to.

    Why it matters: a kegiatan code starts with its program's code, a sub kegiatan code with its
    kegiatan's. A kegiatan 2.07.03.2.01 listed under program 2.07.04 is either miscoded or put
    under the wrong program: its pagu then counts for the wrong program, and SIPD places it
    elsewhere.

    **Bad**: kegiatan 2.07.03.2.01 "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi" under
    program 2.07.04 "PROGRAM PENEMPATAN TENAGA KERJA".

    **Good**: kegiatan 2.07.03.2.01 under program 2.07.03 "PROGRAM PELATIHAN KERJA DAN
    PRODUKTIVITAS TENAGA KERJA"; sub kegiatan 2.07.03.2.01.0001 under it.
    """

    code = "CODE-PARENT"
    title = "Kode tidak diawali kode induknya"
    title_en = "Code does not start with its parent's code"
    severity = "error"
    family = "nomenclature"
    messages = {"parent": {
        "message": {
            "id": "Kode {level} {code}{item} tidak diawali kode {parent_level} induknya {parent_code}{parent}. "
                  "Perbaiki kodenya, atau pindahkan baris ini ke bawah {parent_level} yang benar.",
            "en": "The {level} code {code}{item} does not start with the code of its {parent_level} "
                  "{parent_code}{parent}. Fix the code, or move the row under the right {parent_level}."},
        "expected": {"id": "{parent_code}.…"},
        "actual": {"id": "{code}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        for table in iter_tables(ctx):
            code_of, level_of = table.column("code"), table.column("level")
            rows, codes, parents = [], [], []
            for r in table.rows:
                code = code_of[r]
                if not isinstance(code, str) or not code or level_of[r] not in ITEM_LEVELS:
                    continue
                anc = next((a for a in _ancestors(table, r) if isinstance(code_of[a], str) and code_of[a]), None)
                if anc is None:
                    continue
                rows.append(int(r))
                codes.append(code)
                parents.append(anc)
            if not rows:
                continue
            parent_codes = [code_of[p] for p in parents]
            frame = pd.DataFrame({"code": codes, "parent_code": parent_codes}, index=pd.Index(rows, name="row"))
            parent_code_of = dict(zip(rows, parent_codes))
            failing = failure_rows(frame, {"code": pa.Check(
                lambda s: pd.Series([_prefix_ok(c, parent_code_of[r]) for r, c in s.items()], index=s.index),
                error="code starts with the parent's code")})
            parent_of = dict(zip(rows, parents))
            name_of = table.column("name") if failing else {}
            for r in failing.get("code", []):
                p = parent_of[r]
                code, pcode = code_of[r], code_of[p]
                lvl, plvl = level_of[r], level_of[p]
                name, pname = _str(name_of[r]), _str(name_of[p])
                yield self.say(
                    ctx, table.sheet, code_cell(table, r), "parent", related=[_ref(table, code_cell(table, p))],
                    level=Words(LEVEL_ID[lvl], LEVEL_EN[lvl]), code=code,
                    item=f" ({short(name, 60)})" if name else "",
                    parent_level=Words(LEVEL_ID.get(plvl, plvl), LEVEL_EN.get(plvl, plvl)), parent_code=pcode,
                    parent=Words(f" ({short(pname, 60)}, baris {p})", f" ({short(pname, 60)}, row {p})") if pname
                    else Words(f" (baris {p})", f" (row {p})"))
