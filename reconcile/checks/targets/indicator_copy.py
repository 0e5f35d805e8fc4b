"""INDICATOR-COPY: an item that carries its neighbour's indicator."""
from __future__ import annotations

import re
from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, short
from reconcile.checks.ratios.analysis import value


class IndicatorCopy(Rule):
    """Two neighbouring items carry the same indicator, and its words name only one of them.

    Why it matters: when a row is copied to start the next sub kegiatan, the indicator is often
    left as it was. The target and the capaian of the second item then measure the first one's
    work. Flagged only when exactly two neighbouring items (same level, next to each other)
    share the indicator text, the indicator names at least two words that are in the first
    item's name and not in the second's (nor in their parent's), and none of the words only the
    second name has; output indicators only (an outcome indicator belongs to the parent); words too common
    to tell items apart are in `rules/targets.yaml`.

    **Bad**: sub kegiatan "Penyusunan Rencana Tenaga Kerja Makro" and, below it, "Penyusunan
    Rencana Tenaga Kerja Mikro", both with indicator "Jumlah Dokumen Rencana Tenaga Kerja Makro".

    **Good**: the second with "Jumlah Dokumen Rencana Tenaga Kerja Mikro".
    """

    code = "INDICATOR-COPY"
    title = "Indikator item tetangga tersalin ke item ini"
    title_en = "An item carries its neighbour's indicator"
    severity = "warning"
    family = "targets"
    messages = {"copied": {
        "message": {
            "id": "'{own}' memakai indikator yang sama dengan item tetangganya '{other}': \"{indicator}\", yang "
                  "menyebut {words} dari nama item itu, bukan item ini. Kemungkinan indikatornya tersalin; tulis "
                  "indikator item ini sendiri.",
            "en": "'{own}' has the same indicator as its neighbour '{other}': \"{indicator}\", which names {words} "
                  "from that item's name, not this one's. Most likely it was copied; give this item its own "
                  "indicator."},
        "actual": {"id": "{actual}"},
    }}
    options = {
        "indicator_fields": list,
        "levels": list,
        "min_word_length": int,
        "min_telling_words": int,
        "common_words": list,
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        fields = list(self.option("indicator_fields"))
        levels = set(self.option("levels"))
        common = {w.lower() for w in self.option("common_words")}
        min_len = int(self.option("min_word_length"))
        min_words = int(self.option("min_telling_words"))

        def words(text: str) -> set[str]:
            return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= min_len and w not in common}

        for table in ctx.workbook.tables:
            if "name" not in table.columns:
                continue
            for fld in (f for f in fields if f in table.columns):
                for level in levels:
                    items = [(r, n, i) for r in table.rows
                             if value(table, "level", r) == level
                             and isinstance(n := value(table, "name", r), str) and n.strip()
                             and isinstance(i := value(table, fld, r), str) and i.strip()]
                    holders: dict[str, list[int]] = {}
                    for k, (_, _, i) in enumerate(items):
                        holders.setdefault(" ".join(i.lower().split()), []).append(k)
                    for ks in holders.values():
                        if len(ks) != 2 or ks[1] != ks[0] + 1:
                            continue  # shared by more items (the kegiatan's indicator), or not neighbours
                        (ra, na, ind), (rb, nb, _) = items[ks[0]], items[ks[1]]
                        wa, wb, wi = words(na), words(nb), words(ind)
                        for (r_own, own, w_own), (r_other, other, w_other) in (((rb, nb, wb), (ra, na, wa)),
                                                                               ((ra, na, wa), (rb, nb, wb))):
                            telling = wi & (w_other - w_own)
                            # an indicator that names the parent (the kegiatan's outcome carried on its
                            # sub kegiatan rows) describes both items
                            parent = value(table, "parent", r_own)
                            pname = value(table, "name", parent) if parent in table.frame.index else None
                            if isinstance(pname, str):
                                telling -= words(pname)
                            if len(telling) >= min_words and not wi & (w_own - w_other):
                                yield self.say(ctx, table.sheet, table.cell(fld, r_own), "copied",
                                               related=[str(table.ref(fld, r_other))], own=short(own, 60),
                                               other=short(other, 60), indicator=short(ind, 80),
                                               words=", ".join(sorted(telling)), actual=ind)
