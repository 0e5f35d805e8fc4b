"""NOMEN-SPELL: Name spelt unlike the official nomenclature."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.matching import LEVEL_EN, LEVEL_ID
from reconcile.checks.nomenclature.analysis import (
    NameCell,
    _TYPO_SLICE,
    _WORD,
    _WORD_BYTES,
    _abbrev,
    _changes_text,
    _has_root,
    _match_case,
    _similar_pairs,
    _str,
    _text_columns,
    item_name_cells,
    word_changes,
)
from reconcile.findings import Words
from reconcile.read.hierarchy import name_key


class NomenclatureSpelling(Rule):
    """A program, kegiatan or sub kegiatan name is spelt differently from the official
    nomenclature.

    Why it matters: names (and codes) of programs, kegiatan and sub kegiatan are fixed by
    Kepmendagri; SIPD, the RKPD and the DPA match items by them. A misspelt name is either a
    typing slip or a different item, and the verifier cannot tell which. With the ministry's
    list (`--nomenklatur FILE`), a row with a code is compared with the official name of that
    code, and a row without a code with the nearest official name at its level. Without a list,
    the workbook is compared with itself: one item spelt two ways in two tables, or a word that
    looks like a slip of a word the workbook uses many times.

    **Bad**: "Peyediaan Jasa Peralatan dan Perlengkapan Kantor"; "Pencegahan dan Penyelidikan
    Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan di Daerah
    Kabupaten/Kota".

    **Good**: "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"; "Pencegahan dan Penyelesaian
    Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan di Daerah
    Kabupaten/Kota" (case, spacing and punctuation do not matter).
    """

    code = "NOMEN-SPELL"
    title = "Nama tidak sesuai ejaan nomenklatur"
    title_en = "Name spelt unlike the official nomenclature"
    severity = "warning"
    options = {
        "workbook_variants": bool,
        "threshold": float,
        "code_threshold": float,
        "variant_threshold": float,
        "typo_min_length": int,
        "typo_min_support": int,
        "typo_support_ratio": float,
    }
    family = "nomenclature"
    messages = {
        "code_name": {
            "message": {
                "id": "Nama {level} '{name}' tidak sesuai nomenklatur resmi kode {code}, yaitu '{official}' "
                      "({source}). Periksa apakah kodenya atau namanya yang keliru.",
                "en": "The {level} name '{name}' does not match the official name of code {code}, '{official}' "
                      "({source}). Check whether the code or the name is wrong."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{actual}"}},
        "official": {
            "message": {
                "id": "Nama {level} '{name}' berbeda ejaan dengan nomenklatur resmi ({where}, {source}): {changes}. "
                      "Gunakan penulisan resmi.",
                "en": "The {level} name '{name}' is spelt differently from the official nomenclature ({where}, "
                      "{source}): {changes}. Use the official spelling."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{actual}"}},
        "two_ways": {
            "message": {
                "id": "Nama {level} '{name}' ditulis dengan dua cara: di {ref}{more} '{other}' ({changes}). Pilih "
                      "ejaan yang sesuai nomenklatur resmi dan pakai di semua tabel.",
                "en": "The {level} name '{name}' is written two ways: {ref}{more} has '{other}' ({changes}). Choose "
                      "the spelling of the official nomenclature and use it in every table."},
            "actual": {"id": "{actual}"}},
        "variant": {
            "message": {
                "id": "Nama {level} '{name}' ditulis lain di {ref}{more}: {changes}. Satu item sebaiknya ditulis sama "
                      "di semua tabel; periksa ejaan resminya.",
                "en": "The {level} name '{name}' is written differently in {ref}{more}: {changes}. Write one item the "
                      "same way in every table; check its official spelling."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{actual}"}},
        "slip": {
            "message": {
                "id": "Nama {level} '{name}': {slips}. Periksa ejaannya.",
                "en": "The {level} name '{name}': {slips}. Check its spelling."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{actual}"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        from reconcile.nomenklatur import configured_nomenklatur

        data = ctx.config.load("nomenclature.yaml") or {}
        abbreviations = _abbrev(data)
        self._abbreviations = abbreviations
        cells = [c for t in iter_tables(ctx) for c in item_name_cells(ctx, t, abbreviations)]
        if not cells:
            return
        nom = configured_nomenklatur(ctx.config)
        if nom is not None:
            yield from self._with_list(ctx, nom, cells)
        else:
            # A word that looks like a slip is the most precise finding; the other cells spelt
            # unlike the rest of the workbook come next.
            done: set[tuple[int, str]] = set()
            for finding, key in self._typos(ctx, cells, data):
                done.add(key)
                yield finding
            if self.option("workbook_variants"):
                for finding, key in self._variants(ctx, cells):
                    if key not in done:
                        yield finding

    # -- with the official list ----------------------------------------------------------------
    def _with_list(self, ctx: Context, nom, cells: list[NameCell]) -> Iterator[Finding]:
        import pandas as pd
        import pandera.pandas as pa
        from rapidfuzz import fuzz

        threshold = float(self.option("threshold"))
        code_threshold = float(self.option("code_threshold"))
        data = ctx.config.load("nomenclature.yaml") or {}
        function_words = {str(w).lower() for w in data.get("function_words") or []}
        verdicts: dict[int, tuple[str, Any, float]] = {}  # index -> (kind, official entry/name, score)
        for i, c in enumerate(cells):
            entries = nom.by_code(c.code) if c.code else []
            if entries:
                keys = {name_key(e.name) for e in entries}
                if c.key in keys:
                    continue
                best = max(entries, key=lambda e: fuzz.ratio(c.key, name_key(e.name)))
                verdicts[i] = ("code", best, fuzz.ratio(c.key, name_key(best.name)))
                continue
            if nom.by_name(c.key, c.level) or nom.by_name(c.key):
                continue
            m = nom.nearest(c.key, c.level, threshold)
            longer = [(fuzz.ratio(c.key, name_key(e.name)), e) for e in nom.containing(c.key, c.level)]
            longer = [x for x in longer if x[0] >= code_threshold]
            if longer and (m is None or self._other_item(nom, c, m.entry, function_words)):
                # The official name with the same words and more ("Fasilitasi Penyusunan Rencana
                # Tenaga Kerja Mikro") explains the name better than a close one with a real word
                # changed ("… Makro" for "… Mikro"), which is another item.
                score, entry = max(longer, key=lambda x: x[0])
                verdicts[i] = ("nearest", entry, score)
            elif m is not None and m.score < 100:
                verdicts[i] = ("nearest", m.entry, m.score)
        frame = pd.DataFrame({"name": [c.key for c in cells]}, index=pd.RangeIndex(len(cells)))
        failing = failure_rows(frame, {"name": pa.Check(
            lambda s: pd.Series([i not in verdicts for i in s.index], index=s.index),
            error="name as in the official nomenclature")})
        for i in failing.get("name", []):
            c = cells[i]
            kind, entry, score = verdicts[i]
            lvl = _level(c)
            changes = word_changes(c.text, entry.name, abbreviations=self._abbreviations)
            args = dict(level=lvl, source=entry.source, expected=entry.name, actual=c.text)
            if kind == "code" and score < code_threshold:
                yield self.say(ctx, c.table.sheet, c.cell, "code_name", name=short(c.text, 80), code=c.code,
                               official=short(entry.name, 120), **args)
                continue
            where = (Words(f"kode {c.code}", f"code {c.code}") if kind == "code"
                     else Words(f"{lvl.id} {entry.code}", f"{lvl.en} {entry.code}"))
            yield self.say(ctx, c.table.sheet, c.cell, "official", name=short(c.text, 60), where=where,
                           changes=Words(_changes_text(changes, "id"), _changes_text(changes, "en")), **args)

    @staticmethod
    def _other_item(nom, c: NameCell, entry, function_words: set[str]) -> bool:
        """Whether the name differs from `entry` by words the official list itself uses (a
        real word for another: "Mikro" for "Makro"), i.e. it probably names another item."""
        official = set(name_key(entry.name).split())
        changed = [w for w in c.key.split() if w not in official and w not in function_words]
        return bool(changed) and all(nom.has_word(w, c.level) for w in changed)

    # -- without a list: two spellings of one item ----------------------------------------------
    def _variants(self, ctx: Context, cells: list[NameCell]) -> Iterator[tuple[Finding, tuple[int, str]]]:
        import pandas as pd
        import pandera.pandas as pa

        threshold = float(self.option("variant_threshold"))
        groups = Counter(level for _table, _side, level in {(id(c.table), c.side, c.level) for c in cells
                                                            if len(c.key) >= 8})
        if not groups or max(groups.values()) < 2:
            return  # each level in one table (and side) only: nothing to compare (see _similar_pairs)
        by_key: dict[str, list[NameCell]] = defaultdict(list)
        for c in cells:
            if len(c.key) >= 8:
                by_key[c.key].append(c)
        keys = list(by_key)
        if len(keys) < 2:
            return
        word_freq = Counter(" ".join([c.key for c in cells]).split())
        tables_of = {k: {(id(c.table), c.side, c.level) for c in by_key[k]} for k in keys}
        levels_of = {k: {c.level for c in by_key[k]} for k in keys}
        minority: dict[str, tuple[str, float, bool]] = {}  # key -> (the other spelling, score, tie)
        order = {id(t): i for i, t in enumerate(ctx.workbook.tables)}
        for i, j, score in _similar_pairs(keys, tables_of, threshold):
            a, b = keys[i], keys[j]
            if not (levels_of[a] & levels_of[b]) or tables_of[a] & tables_of[b]:
                continue  # different levels, or both in one table: two different items
            wa, wb = a.split(), b.split()
            diff_a = [w for w in wa if w not in wb]
            diff_b = [w for w in wb if w not in wa]
            if any(any(ch.isdigit() for ch in w) for w in diff_a + diff_b):
                continue  # "Tahap 1" / "Tahap 2": numbered items differ on purpose
            if not diff_a and not diff_b:
                continue  # the same words in another order
            support_a = (len(by_key[a]), sum(word_freq[w] for w in diff_a))
            support_b = (len(by_key[b]), sum(word_freq[w] for w in diff_b))
            # The spelling of fewer cells is reported; with as many cells each way the workbook
            # cannot say which is right (the rarer words are reported, in neutral terms).
            tie = support_a[0] == support_b[0]
            if support_a == support_b:
                first_a = min((order[id(c.table)], c.row) for c in by_key[a])
                first_b = min((order[id(c.table)], c.row) for c in by_key[b])
                weak, strong = (b, a) if first_b > first_a else (a, b)
            else:
                weak, strong = (a, b) if support_a < support_b else (b, a)
            if weak not in minority or score > minority[weak][1]:
                minority[weak] = (strong, score, tie)
        if not minority:
            return
        frame = pd.DataFrame({"name": [c.key for c in cells]}, index=pd.RangeIndex(len(cells)))
        failing = failure_rows(frame, {"name": pa.Check(lambda s: ~s.isin(list(minority)),
                                                        error="one spelling per item")})
        for i in failing.get("name", []):
            c = cells[i]
            strong, _score, tie = minority[c.key]
            others = by_key[strong]
            other = others[0]
            changes = word_changes(c.text, other.text, abbreviations=self._abbreviations)
            n = len(others)
            more = Words(f" (dan {n - 1} sel lain)", f" (and {n - 1} more cells)") if n > 1 else ""
            args = dict(level=_level(c), name=short(c.text, 60), ref=other.ref, more=more, actual=c.text)
            if tie:  # the workbook cannot say which spelling is right
                finding = self.say(ctx, c.table.sheet, c.cell, "two_ways", related=[o.ref for o in others[:10]],
                                   other=short(other.text, 90), **args,
                                   changes=Words(_changes_text(changes, "id", neutral=True),
                                                 _changes_text(changes, "en", neutral=True)))
            else:
                finding = self.say(ctx, c.table.sheet, c.cell, "variant", related=[o.ref for o in others[:10]],
                                   expected=other.text, **args,
                                   changes=Words(_changes_text(changes, "id"), _changes_text(changes, "en")))
            yield finding, (id(c.table), c.cell)

    # -- without a list: words that look like slips ----------------------------------------------
    def _typos(self, ctx: Context, cells: list[NameCell], data: dict[str, Any]
               ) -> Iterator[tuple[Finding, tuple[int, str]]]:
        import pandas as pd
        import pandera.pandas as pa
        from rapidfuzz.distance import OSA

        min_len = int(self.option("typo_min_length"))
        min_support = int(self.option("typo_min_support"))
        ratio = float(self.option("typo_support_ratio"))
        known = {str(w).lower() for w in data.get("known_words") or []}
        affixes = data.get("affixes") or {}
        prefixes = sorted((str(p).lower() for p in affixes.get("prefixes") or []), key=len, reverse=True)
        suffixes = sorted((str(p).lower() for p in affixes.get("suffixes") or []), key=len, reverse=True)
        freq: Counter = Counter()
        display: dict[str, str] = {}
        # Distinct spellings counted first (in C), then folded to lower case: the same counts
        # and first spellings as word by word, at a fraction of the cost. The words of many
        # texts are split out at once: `_WORD`'s words are the runs of ASCII letters and digits,
        # so in the texts' UTF-8 bytes every other byte (a non-ASCII character is bytes >= 0x80)
        # is made a space, and the line breaks joining the texts keep words from running on.
        # A slice of texts at a time: the list of every word of an RKPD would be ~80 MiB.
        spelt: Counter = Counter()
        for t in iter_tables(ctx):
            for col in _text_columns(t):
                values = t.frame[col].tolist()
                for i in range(0, len(values), _TYPO_SLICE):
                    text = "\n".join([v if isinstance(v, str) else _str(v) for v in values[i:i + _TYPO_SLICE]])
                    spelt.update(text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split())
                del values
        for word, n in spelt.items():
            w = word.decode("ascii")
            lw = w.lower()
            if lw.isalpha():
                freq[lw] += n
                display.setdefault(lw, w)
        common = [w for w, n in freq.items() if n >= min_support and len(w) >= min_len]
        if not common:
            return
        by_first: dict[str, list[str]] = defaultdict(list)
        for w in common:
            by_first[w[0]].append(w)
        suspect: dict[str, str] = {}
        for w, n in freq.items():
            if len(w) < min_len or w in known:
                continue
            for v in by_first.get(w[0], ()):
                if v == w or freq[v] < ratio * n or abs(len(v) - len(w)) > 1:
                    continue
                if any(v == w + sfx for sfx in suffixes):
                    continue  # fasilitas / fasilitas+i: the right spelling is another form of this word
                if OSA.distance(w, v) == 1 and len(w) <= len(v) and (len(v) != len(w) or sorted(v) == sorted(w)):
                    # a letter dropped or two letters swapped; a letter changed or added makes real
                    # words too often (pelayanan/pelayaran, penataan/pendataan)
                    if _has_root(w, freq, prefixes, suffixes):
                        continue  # pen+data+an: a real word built on a word the workbook uses
                    if w not in suspect or freq[v] > freq[suspect[w]]:
                        suspect[w] = v
        if not suspect:
            return
        frame = pd.DataFrame({"name": [c.text for c in cells]}, index=pd.RangeIndex(len(cells)))
        failing = failure_rows(frame, {"name": pa.Check(
            lambda s: s.map(lambda v: not any(w.lower() in suspect for w in _WORD.findall(v))),
            error="no word that looks like a slip")})
        for i in failing.get("name", []):
            c = cells[i]
            words = [w for w in _WORD.findall(c.text) if w.lower() in suspect]
            pairs = [(w, _match_case(w, display.get(suspect[w.lower()], suspect[w.lower()]))) for w in words]
            fixed = c.text
            for w, right in pairs:
                fixed = re.sub(rf"\b{re.escape(w)}\b", right, fixed)
            slips = Words(
                "; ".join(f"'{w}' mungkin salah ketik '{r}' (dipakai {freq[r.lower()]} kali di workbook ini)"
                          for w, r in pairs),
                "; ".join(f"'{w}' may be a slip for '{r}' (used {freq[r.lower()]} times in this workbook)"
                          for w, r in pairs))
            yield self.say(ctx, c.table.sheet, c.cell, "slip", level=_level(c), name=short(c.text, 80), slips=slips,
                           expected=fixed, actual=c.text), (id(c.table), c.cell)


def _level(c: NameCell) -> Words:
    return Words(LEVEL_ID.get(c.level, "baris"), LEVEL_EN.get(c.level, "row"))
