"""ITEM-MISSING: Item listed in one table but missing from another."""
from __future__ import annotations

from typing import Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, short
from reconcile.checks.claims.analysis import _insertion_row, _join
from reconcile.checks.matching import ROOT, get_matching, in_langs, langs, level_words
from reconcile.findings import Words


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
    messages = {"missing": {
        "message": {
            "id": "{level_cap} '{name}' ada di {have}, tetapi tidak ada di {lack}{where}. Tambahkan ke tabel yang "
                  "belum memuatnya, atau hapus dari yang lain bila memang tidak direncanakan.",
            "en": "The {level} '{name}' is listed in {have} but missing from {lack}{where}. Add it where it is "
                  "missing, or remove it elsewhere if it is not planned."},
        "expected": {"id": "ada di {lack}", "en": "listed in {lack}"},
        "actual": {"id": "tidak ada", "en": "missing"},
    }}
    options = {"min_overlap": float, "narrative_lists": bool, "kinds": list}

    def check(self, ctx: Context) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        thr = float(self.option("min_overlap"))
        use_narrative = bool(self.option("narrative_lists"))
        kinds = set(self.option("kinds"))
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
            lvl = level_words(ent.level)
            have = in_langs(ctx, lambda c: _join(c, [s.label(c) for s in present]))
            lack = in_langs(ctx, lambda c: _join(c, [s.label(c) for s in missing]))
            after = [(t, _insertion_row(m, at, row, t)) for t in missing]
            if len(missing) == 1:
                where = Words(f", tempatnya setelah baris {after[0][1]}", f", where it belongs after row {after[0][1]}"
                              ) if after[0][1] else ""
            else:
                c_id, c_en = langs(ctx)
                places = Words("; ".join(f"{t.label(c_id)} setelah baris {r}" for t, r in after if r),
                               "; ".join(f"{t.label(c_en)} after row {r}" for t, r in after if r))
                where = Words(f" (tempatnya: {places.id})", f" (where it belongs: {places.en})") if places.id else ""
            yield self.say(ctx, at.sheet, at.cell(row), "missing",
                           related=[s.ref(ent.row_in(s.index)) for s in present if s is not at]
                           + [t.ref(r) for t, r in after if r],
                           level=lvl, level_cap=Words(lvl.id.capitalize(), lvl.en.capitalize()),
                           name=short(m.display_name(ent), 90), have=have, lack=lack, where=where)
