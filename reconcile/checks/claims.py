"""Claims: what the narrative says about the plan (counts, total pagu) against the tables,
claims that contradict each other, and items one table lists and another leaves out."""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, short
from reconcile.checks.matching import (
    ITEM_LEVELS,
    ROOT,
    Entity,
    Matching,
    Source,
    field_year,
    get_matching,
    level_name,
    plan_year,
    table_label,
)
from reconcile.read.headers import base_field
from reconcile.read.model import quote_sheet

COUNT_LEVEL = {"count_program": "program", "count_kegiatan": "kegiatan", "count_sub_kegiatan": "sub_kegiatan"}
_YEAR = re.compile(r"\b(20\d\d)\b")


# ----------------------------------------------------------------------------- helpers

def claim_year(ctx: Context, claim) -> int | None:
    """The claim's year: read by the reader, else the last year its sentence names, else the plan year."""
    if claim.year:
        return int(claim.year)
    years = _YEAR.findall(claim.text or "")
    return int(years[-1]) if years else plan_year(ctx)


def _claim_order(ctx: Context, claim) -> tuple[int, int, int]:
    from reconcile.read.model import column_index

    names = [s.name for s in ctx.workbook.sheets]
    sheet = names.index(claim.sheet) if claim.sheet in names else len(names)
    letters = "".join(ch for ch in claim.cell if ch.isalpha())
    digits = "".join(ch for ch in claim.cell if ch.isdigit())
    return sheet, int(digits or 0), column_index(letters) if letters else 0


def _ref(sheet: str, cell: str) -> str:
    return f"{quote_sheet(sheet)}!{cell}"


def level_counts(table) -> dict[str, int]:
    tally = _level_tally(table)
    return {lvl: int(tally.get(lvl, 0)) for lvl in ITEM_LEVELS}


def _level_tally(table) -> Counter:
    """Rows per level of a table, counted once (the claims rules ask for every claim and
    table; the frame does not change after reading)."""
    tally = table.__dict__.get("_claims_level_tally")
    if tally is None:
        tally = table.__dict__["_claims_level_tally"] = Counter(table.column("level").values())
    return tally


def _pagu_fields(table, year: int | None, year0: int | None) -> list[str]:
    out = []
    for fld in sorted(table.fields_of_type("money"), key=lambda x: table.columns[x]):
        if base_field(fld) != "pagu" or "#" in fld:
            continue
        fy = field_year(fld)
        if fy == year or (fy is None and (year is None or year == year0)):
            out.append(fld)
    # a review table: the agency's side (analisis) before the RKPD side
    out.sort(key=lambda x: (0 if not x.startswith("rkpd.") else 1))
    return out


def reference_table(ctx: Context, year: int | None, kinds: list[str]):
    """The main plan table for counts: the first configured kind that has item rows (other kinds
    than `rincian` only with a pagu of that year); among those, the one whose pagu covers `year`, then the most sub kegiatan (kegiatan, program)
    rows, then the most money columns (Tabel 4.1 adds the year after), then the later table."""
    year0 = plan_year(ctx)
    for kind in kinds:
        cands = []
        for i, t in enumerate(ctx.workbook.tables):
            if t.kind != kind:
                continue
            c = level_counts(t)
            if not any(c.values()):
                continue
            covers = bool(_pagu_fields(t, year, year0))
            if not covers and t.kind != "rincian":
                continue  # a list without the pagu of that year is not "the plan"
            n_money = len(t.fields_of_type("money"))  # Tabel 4.1 (with the year after) over Tabel 3.2
            cands.append(((covers, c["sub_kegiatan"], c["kegiatan"], c["program"], n_money, i), t))
        if cands:
            return max(cands, key=lambda x: x[0])[1]
    return None


def reference_money(ctx: Context, year: int | None, kinds: list[str]):
    """(table, pagu field) holding the pagu of `year`: the first configured kind that has one;
    a table with a declared total row first, then the most sub kegiatan, then the later one."""
    year0 = plan_year(ctx)
    for kind in kinds:
        cands = []
        for i, t in enumerate(ctx.workbook.tables):
            if t.kind != kind:
                continue
            fields = _pagu_fields(t, year, year0)
            if not fields:
                continue
            fld = fields[0]
            has_total = _level_tally(t).get("total", 0) > 0
            cands.append(((has_total, level_counts(t)["sub_kegiatan"], len(t.fields_of_type("money")), i), t, fld))
        if cands:
            best = max(cands, key=lambda x: x[0])
            return best[1], best[2]
    return None, None


def table_total(table, fld: str) -> tuple[float | None, str, str | None]:
    """(total, "declared" | "sum", cell of the total row): the last total row with a readable
    amount, else the sum of the programs (a program without a readable amount counts as the sum
    of the rows under it)."""
    f = table.frame
    status = f.get(f"{fld}__status")
    levels = f["level"]
    total_rows = [int(r) for r in f.index[levels == "total"]]
    value_of = table.column(fld)
    status_of = table.column(f"{fld}__status") if status is not None else None
    for row in reversed(total_rows):
        v = value_of[row]
        if v == v and v is not None and (status_of is None or status_of[row] == "ok"):
            return float(v), "declared", table.cell(fld, row)
    level_of = dict(zip((int(r) for r in f.index), levels))
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for row, level, parent in zip((int(r) for r in f.index), levels, f["parent"]):
        if level not in ITEM_LEVELS:
            continue
        parent = int(parent or 0)
        if level_of.get(parent) in ITEM_LEVELS:
            children.setdefault(parent, []).append(row)
        else:
            roots.append(row)

    def amount(row: int) -> float | None:
        v = value_of[row]
        ok = v == v and v is not None and (status_of is None or status_of[row] in ("ok", "ambiguous"))
        if ok:
            return float(v)
        parts = [amount(c) for c in children.get(row, [])]
        parts = [p for p in parts if p is not None]
        return float(sum(parts)) if parts else None

    parts = [amount(r) for r in roots]
    parts = [p for p in parts if p is not None]
    return (float(sum(parts)) if parts else None), "sum", None


def _written_amount(claim) -> str:
    """The amount as the sentence writes it ("Rp. 4.704.246.00")."""
    num = claim.number
    raw = str(claim.value) if not isinstance(claim.value, (int, float)) else ""
    if num is not None and num.raw:
        raw = re.sub(r"^\s*(?:Rp\.?|IDR)\s*", "", num.raw, flags=re.I)
    if raw:
        m = re.search(r"((?:Rp\.?|IDR)\s*)" + re.escape(raw), claim.text or "", re.I)
        if m:
            return m.group(0)
        return "Rp " + raw
    return str(claim.value)


def missing_from(m: Matching, ref: Source, level: str, min_overlap: float) -> list[tuple[Entity, Source, int]]:
    """Items at `level` that another source (a table or a narrative list sharing at least
    `min_overlap` of its items with `ref`) lists and `ref` does not."""
    comparable = [s for s in m.sources if s is not ref and m.overlap(s, ref, level) >= min_overlap]
    out = []
    seen: set[int] = set()
    for src in comparable:
        for eid in sorted(m.entities_at(src, level)):
            ent = m.entities[eid]
            if eid in seen or ent.has(ref.index) or m.has_key(ref, ent.keys):
                continue
            seen.add(eid)
            out.append((ent, src, ent.row_in(src.index)))
    return out


# ----------------------------------------------------------------------------- rules

class ClaimCount(Rule):
    """A count stated in the narrative differs from what the plan table holds.

    Why it matters: "5 program, 19 kegiatan dan 53 sub kegiatan" in BAB III/IV is read by
    Bappeda and the DPRD as the size of the plan; when it disagrees with Tabel 4.1 either the
    text is stale or an item fell out of the table. The count is compared with the main plan
    table (a `rincian` table whose pagu covers the sentence's year, the one with the most sub
    kegiatan rows); when the text counts more, the items that other tables or the narrative's own
    list name but the main table lacks are named in the message.

    **Bad**: "… sebanyak 5 program dan 19 kegiatan yang dijabarkan kedalam sebanyak 54 sub
    kegiatan" while Tabel 4.1 has 53 sub kegiatan rows (the list in section 3.2 still has
    "Penyediaan bahan bacaan dan peraturan perundang-undangan").

    **Good**: "… 5 program, 19 kegiatan, dan 53 sub kegiatan", as many as Tabel 4.1 lists.
    """

    code = "CLAIM-COUNT"
    title = "Jumlah program/kegiatan/sub kegiatan di narasi tidak sesuai tabel"
    title_en = "Count stated in the text differs from the plan table"
    severity = "error"
    family = "claims"

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        kinds = list(self.setting("reference_kinds", ["rincian", "daftar"]))
        min_overlap = float(self.setting("min_overlap", 0.6))
        max_named = int(self.setting("max_named", 3))
        rows = []
        for claim in ctx.workbook.claims:
            level = COUNT_LEVEL.get(claim.kind)
            if level is None or not isinstance(claim.value, int):
                continue
            table = reference_table(ctx, claim_year(ctx, claim), kinds)
            if table is None:
                continue
            rows.append((claim, level, table, level_counts(table)[level]))
        if not rows:
            return
        frame = pd.DataFrame({"claimed": [r[0].value for r in rows], "counted": [r[3] for r in rows]})
        failing = failure_rows(frame, {"claimed": pa.Check(lambda s: s == frame.loc[s.index, "counted"],
                                                           error="count in the text == rows in the table")})
        m = None
        for i in failing.get("claimed", []):
            claim, level, table, counted = rows[i]
            lvl = level_name(level, ctx)
            label_id, label_en = table_label(table, ctx.workbook.tables)
            label = ctx.t(label_id, label_en)
            extra_id = extra_en = ""
            related: list[str] = []
            if claim.value > counted:
                m = m or get_matching(ctx)
                src = m.source(table)
                extras = missing_from(m, src, level, min_overlap) if src else []
                if extras:
                    named = extras[:max_named]
                    names = ", ".join(f"'{short(m.display_name(e), 80)}' ({_where(ctx, s, r)})" for e, s, r in named)
                    more_id = f" dan {len(extras) - len(named)} lainnya" if len(extras) > len(named) else ""
                    more_en = f" and {len(extras) - len(named)} more" if len(extras) > len(named) else ""
                    extra_id = f" {lvl.capitalize()} yang disebut di tempat lain tetapi tidak ada di {label}: {names}{more_id}."
                    extra_en = f" The {lvl} named elsewhere but missing from {label}: {names}{more_en}."
                    related = [s.ref(r) for _e, s, r in extras]
            yield self.finding(
                ctx, claim.sheet, claim.cell,
                f"Narasi menyebut {claim.value} {lvl}, tetapi {label} memuat {counted} {lvl}.{extra_id} "
                f"Samakan angka di narasi dengan tabel, atau lengkapi tabel bila ada {lvl} yang terlewat.",
                f"The text states {claim.value} {lvl}, but {label} holds {counted}.{extra_en} Make the text "
                f"agree with the table, or add the {lvl} the table is missing.",
                expected=counted, actual=claim.value, related=related)


class ClaimTotal(Rule):
    """The total pagu stated in the narrative differs from the table's total.

    Why it matters: the sentence "Total pagu anggaran … tahun 2024 adalah sebesar Rp …" is what
    readers quote. It must equal the plan table's total for that year (its total row, or the sum
    of its programs). An amount written wrongly — a group of two digits, a lost zero — is an error
    even when it was meant to be right: the message then says which reading matches the table.

    **Bad**: "Total pagu anggaran Dinas … untuk tahun 2024 adalah sebesar Rp. 4.704.246.00," while
    Tabel 4.1 totals Rp 4.704.246.000.

    **Good**: "… sebesar Rp 4.704.246.000,00."
    """

    code = "CLAIM-TOTAL"
    title = "Total pagu di narasi tidak sesuai total tabel"
    title_en = "Total pagu stated in the text differs from the table total"
    severity = "error"
    family = "claims"

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.read.numbers import parse_number

        kinds = list(self.setting("reference_kinds", ["rincian", "daftar", "review_rkpd"]))
        tol = float(self.setting("tolerance", 1.0))
        rows = []
        for claim in ctx.workbook.claims:
            if claim.kind != "total_pagu":
                continue
            year = claim_year(ctx, claim)
            table, fld = reference_money(ctx, year, kinds)
            if table is None:
                continue
            total, how, total_cell = table_total(table, fld)
            if total is None:
                continue
            num = claim.number if claim.number is not None else parse_number(
                claim.value if isinstance(claim.value, (int, float)) else "Rp " + str(claim.value))
            readable = num.status in ("ok", "ambiguous") and num.value is not None
            rows.append(dict(claim=claim, year=year, table=table, fld=fld, total=total, how=how,
                             total_cell=total_cell, num=num,
                             claimed=float(num.value) if readable else math.nan))
        if not rows:
            return
        frame = pd.DataFrame({"claimed": [r["claimed"] for r in rows], "total": [r["total"] for r in rows],
                              "readable": [r["claimed"] == r["claimed"] for r in rows]})
        failing = failure_rows(frame, {
            "claimed": pa.Check(lambda s: (s - frame.loc[s.index, "total"]).abs() <= tol,
                                error="total in the text == table total"),
            "readable": pa.Check(lambda s: s.astype(bool), error="the amount is written correctly")})
        for i in sorted(set(failing.get("claimed", [])) | set(failing.get("readable", []))):
            r = rows[i]
            claim, table, total, num = r["claim"], r["table"], r["total"], r["num"]
            label = ctx.t(*table_label(table, ctx.workbook.tables))
            how_id = "baris total" if r["how"] == "declared" else "jumlah pagu program"
            how_en = "total row" if r["how"] == "declared" else "sum of the programs' pagu"
            written = _written_amount(claim)
            yid = f" tahun {r['year']}" if r["year"] else ""
            yen = f" for {r['year']}" if r["year"] else ""
            related = [_ref(table.sheet, r["total_cell"])] if r["total_cell"] else []
            match = next((c for c in (num.candidates or ()) if abs(c - total) <= tol), None)
            if num.status not in ("ok", "ambiguous") and match is not None:
                mid = (f"Total pagu{yid} di narasi tertulis {written} — kemungkinan maksudnya "
                       f"{ctx.money(match)} (sesuai total {label}, {how_id}). Perbaiki penulisan angkanya.")
                men = (f"The total pagu{yen} in the text is written {written} — probably meant "
                       f"{ctx.money(match)} (the total of {label}, {how_en}). Fix how the amount is written.")
            elif num.status not in ("ok", "ambiguous"):
                mid = (f"Total pagu{yid} di narasi tertulis {written}: penulisan angka ini tidak lazim dan "
                       f"tidak sesuai total {label} ({how_id}) {ctx.money(total)}. Tulis ulang angkanya sesuai "
                       f"tabel.")
                men = (f"The total pagu{yen} in the text is written {written}: the amount is malformed and does "
                       f"not match the total of {label} ({how_en}), {ctx.money(total)}. Rewrite it from the table.")
            else:
                diff = ctx.money(abs(num.value - total))
                mid = (f"Narasi menyebut total pagu{yid} {written}, tetapi total {label} ({how_id}) "
                       f"{ctx.money(total)} (selisih {diff}). Samakan angka di narasi dengan tabel.")
                men = (f"The text states a total pagu{yen} of {written}, but the total of {label} ({how_en}) is "
                       f"{ctx.money(total)} (difference {diff}). Make the text agree with the table.")
            yield self.finding(ctx, claim.sheet, claim.cell, mid, men, expected=ctx.money(total), actual=written,
                               related=related)


@dataclass
class _ClaimValue:
    claim: Any
    value: Any  # int count or float amount
    shown: str


class ClaimConflict(Rule):
    """Two statements in the narrative contradict each other.

    Why it matters: a document that says "54 sub kegiatan" in section 3.2 and "53 sub-kegiatan"
    in BAB IV cannot be right twice; readers do not know which to believe. The finding is placed
    at the statement that disagrees with the tables (or, when neither agrees, at the later one),
    with the other statement as related cell.

    **Bad**: section 3.2 "… 5 program dan 19 kegiatan … 54 sub kegiatan", BAB IV "… 5 program,
    19 kegiatan, dan 53 sub-kegiatan".

    **Good**: the same counts and the same total pagu everywhere in the text.
    """

    code = "CLAIM-CONFLICT"
    title = "Pernyataan di narasi saling bertentangan"
    title_en = "Statements in the text contradict each other"
    severity = "error"
    family = "claims"

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        count_kinds = list(self.setting("reference_kinds", ["rincian", "daftar"]))
        money_kinds = list(self.setting("money_reference_kinds", ["rincian", "daftar", "review_rkpd"]))
        tol = float(self.setting("tolerance", 1.0))
        groups: dict[tuple[str, int | None], list[_ClaimValue]] = {}
        for claim in sorted(ctx.workbook.claims, key=lambda c: _claim_order(ctx, c)):
            year = claim_year(ctx, claim)
            if claim.kind in COUNT_LEVEL and isinstance(claim.value, int):
                groups.setdefault((claim.kind, year), []).append(_ClaimValue(claim, claim.value, str(claim.value)))
            elif claim.kind == "total_pagu":
                num = claim.number
                value = num.value if num is not None and num.value is not None else (
                    claim.value if isinstance(claim.value, (int, float)) else None)
                if value is not None:
                    groups.setdefault((claim.kind, year), []).append(
                        _ClaimValue(claim, float(value), _written_amount(claim)))
        rows = []
        for (kind, year), values in groups.items():
            distinct: list[Any] = []
            for v in values:
                if not any(_same(v.value, d, tol) for d in distinct):
                    distinct.append(v.value)
            if len(distinct) < 2:
                continue
            table_value, label = self._table_value(ctx, kind, year, count_kinds, money_kinds)
            agreed = next((d for d in distinct if table_value is not None and _same(d, table_value, tol)), None)
            reference = agreed if agreed is not None else values[0].value
            good = [v for v in values if _same(v.value, reference, tol)]
            for v in values:
                rows.append((kind, year, v, good, agreed is not None, label, _same(v.value, reference, tol)))
        if not rows:
            return
        frame = pd.DataFrame({"agrees": [r[6] for r in rows]})
        failing = failure_rows(frame, {"agrees": pa.Check(lambda s: s.astype(bool), error="claims agree")})
        for i in failing.get("agrees", []):
            kind, year, v, good, table_agrees, label = rows[i][:6]
            other = good[0]
            where = _ref(other.claim.sheet, other.claim.cell)
            if kind == "total_pagu":
                what_id = what_en = "total pagu"
            else:
                what_id = what_en = level_name(COUNT_LEVEL[kind], ctx)
            if table_agrees:
                tail_id = f" Yang sesuai dengan {label} adalah {other.shown}."
                tail_en = f" {label} agrees with {other.shown}."
            else:
                tail_id = tail_en = ""
            if kind == "total_pagu":
                mid = (f"Narasi di sini menyebut total pagu {v.shown}, sedangkan {where} menyebut "
                       f"{other.shown}.{tail_id} Samakan kedua pernyataan.")
                men = (f"The text here states a total pagu of {v.shown}, while {where} states "
                       f"{other.shown}.{tail_en} Make both statements agree.")
            else:
                mid = (f"Narasi di sini menyebut {v.shown} {what_id}, sedangkan {where} menyebut "
                       f"{other.shown} {what_id}.{tail_id} Samakan kedua pernyataan.")
                men = (f"The text here states {v.shown} {what_en}, while {where} states "
                       f"{other.shown}.{tail_en} Make both statements agree.")
            yield self.finding(ctx, v.claim.sheet, v.claim.cell, mid, men, expected=other.shown, actual=v.shown,
                               related=[_ref(g.claim.sheet, g.claim.cell) for g in good])

    @staticmethod
    def _table_value(ctx, kind, year, count_kinds, money_kinds) -> tuple[Any, str]:
        if kind in COUNT_LEVEL:
            table = reference_table(ctx, year, count_kinds)
            if table is None:
                return None, ""
            return level_counts(table)[COUNT_LEVEL[kind]], ctx.t(*table_label(table, ctx.workbook.tables))
        table, fld = reference_money(ctx, year, money_kinds)
        if table is None:
            return None, ""
        return table_total(table, fld)[0], ctx.t(*table_label(table, ctx.workbook.tables))


def _same(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(float(a) - float(b)) <= tol


class ItemMissing(Rule):
    """An item listed in one table (or in the narrative's list) is missing from another table
    that lists the same items.

    Why it matters: Tabel 2.6, Tabel 3.2, Tabel 4.1 and the narrative's list of program and
    kegiatan describe the same plan. A sub kegiatan present in one and absent from another was
    dropped or added in only one place — often the reason why the counts in the text do not match.
    Only tables that share most of their items at that level (`min_overlap` in
    `rules/claims.yaml`) are compared, so an evaluation of a few items does not flood the report;
    an item is reported once, at the top-most level that is missing, with the row after which it
    belongs in the table that lacks it. The two sides of Tabel 2.6 are checked row by row by
    RKPD-NOTE.

    **Bad**: the list in section 3.2 has "Penyediaan bahan bacaan dan peraturan
    perundang-undangan" under "Administrasi Umum Perangkat Daerah", Tabel 4.1 does not.

    **Good**: every table and the narrative list the same program, kegiatan and sub kegiatan.
    """

    code = "ITEM-MISSING"
    title = "Item ada di satu tabel tetapi tidak ada di tabel lain"
    title_en = "Item listed in one table but missing from another"
    severity = "error"
    family = "claims"

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        thr = float(self.setting("min_overlap", 0.6))
        use_narrative = bool(self.setting("narrative_lists", True))
        kinds = set(self.setting("kinds", ["rincian", "review_rkpd", "evaluasi", "anggaran", "daftar"]))
        m = get_matching(ctx)
        tables = [s for s in m.tables() if s.kind in kinds]
        sources = tables + ([s for s in m.sources if not s.is_table] if use_narrative else [])
        if not tables or len(sources) < 2:
            return  # an item is missing from a table only when another source lists it
        rows = []
        for ent in m.entities:
            present = [s for s in sources if ent.has(s.index)]
            if not present:
                continue
            missing = []
            for t in tables:
                if ent.has(t.index) or not m.entities_at(t, ent.level):
                    continue
                if not any(m.overlap(p, t, ent.level) >= thr for p in present):
                    continue
                if m.has_key(t, ent.keys):
                    continue  # named at another level there: not missing
                if ent.parent != ROOT and not m.entities[ent.parent].has(t.index):
                    continue  # its parent is missing too: reported once, at the parent
                missing.append(t)
            if missing:
                rows.append((ent, present, missing))
        if not rows:
            return
        frame = pd.DataFrame({"missing_from": [len(r[2]) for r in rows]})
        failing = failure_rows(frame, {"missing_from": pa.Check.eq(0, error="listed in every comparable table")})
        for i in failing.get("missing_from", []):
            ent, present, missing = rows[i]
            at = next((s for s in present if s.is_table), present[0])
            row = ent.row_in(at.index)
            lvl = level_name(ent.level, ctx)
            name = short(m.display_name(ent), 90)
            have = _join(ctx, [s.label(ctx) for s in present])
            lack = _join(ctx, [s.label(ctx) for s in missing])
            after = [(t, _insertion_row(m, at, row, t)) for t in missing]
            if len(missing) == 1:
                where_id = f", tempatnya setelah baris {after[0][1]}" if after[0][1] else ""
                where_en = f", where it belongs after row {after[0][1]}" if after[0][1] else ""
            else:
                where_id = "; ".join(f"{t.label(ctx)} setelah baris {r}" for t, r in after if r)
                where_en = "; ".join(f"{t.label(ctx)} after row {r}" for t, r in after if r)
                where_id = f" (tempatnya: {where_id})" if where_id else ""
                where_en = f" (where it belongs: {where_en})" if where_en else ""
            yield self.finding(
                ctx, at.sheet, at.cell(row),
                f"{lvl.capitalize()} '{name}' ada di {have}, tetapi tidak ada di {lack}{where_id}. Tambahkan ke "
                f"tabel yang belum memuatnya, atau hapus dari yang lain bila memang tidak direncanakan.",
                f"The {lvl} '{name}' is listed in {have} but missing from {lack}{where_en}. Add it where it is "
                f"missing, or remove it elsewhere if it is not planned.",
                expected=ctx.t(f"ada di {lack}", f"listed in {lack}"), actual=ctx.t("tidak ada", "missing"),
                related=[s.ref(ent.row_in(s.index)) for s in present if s is not at]
                + [t.ref(r) for t, r in after if r])


def _insertion_row(m: Matching, src: Source, row: int, target: Source, limit: int = 500) -> int | None:
    """The row of `target` after which the item on `row` of `src` belongs: the nearest item
    above it in `src` that `target` also lists (None when there is none)."""
    rows = m.memo(("sorted_rows", src.index), lambda: sorted(src.rows))
    end = bisect_left(rows, row)  # rows[:end]: the rows above
    for r in reversed(rows[max(0, end - limit):end]):
        eid = m.entity_id(src, r)
        if eid is not None:
            hit = m.entities[eid].row_in(target.index)
            if hit is not None:
                return hit
    return None


def _where(ctx: Context, src: Source, row: int) -> str:
    if src.is_table:
        return f"{src.label(ctx)}, {src.ref(row)}"
    return ctx.t(f"narasi {src.ref(row)}", f"text {src.ref(row)}")


def _join(ctx: Context, labels: list[str]) -> str:
    seen: list[str] = []
    for lab in labels:
        if lab not in seen:
            seen.append(lab)
    if len(seen) <= 1:
        return seen[0] if seen else ""
    return ", ".join(seen[:-1]) + ctx.t(" dan ", " and ") + seen[-1]


RULES = [ClaimCount, ClaimTotal, ClaimConflict, ItemMissing]
