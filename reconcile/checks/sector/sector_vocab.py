"""SECTOR-VOCAB: Another urusan's vocabulary in a name or indicator."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.sector.analysis import (
    Hit,
    ProgramInfo,
    SectorContext,
    Vocabulary,
    _LEARNT,
    _NONE_FOREIGN,
    _as_text,
    _code_side,
    _code_urusan,
    _side,
    _triggers,
    build_vocabulary,
    field_column,
    learn_vocabulary,
)
from reconcile.findings import Words
from reconcile.read.headers import base_field
from reconcile.read.model import quote_sheet
from reconcile.read.tables import NAME_FIELDS


class SectorVocabulary(Rule):
    """A name or indicator uses the vocabulary of another urusan than its program's.

    Why it matters: each urusan has its own words. An indicator about PPLH or kearifan lokal
    (Lingkungan Hidup, 2.11) under a Tenaga Kerja (2.07) program has almost always been copied
    from another agency's document and never fixed: the program is then measured by something
    the agency does not do, and Bappeda's verifier sends the Renja back. The program's urusan
    comes from its code, else from its name; the Penunjang program belongs to the agency's own
    urusan. A cell is flagged only when it holds another urusan's distinctive words and none of
    the program's own, and the message names the words found.

    **Bad**: PROGRAM HUBUNGAN INDUSTRIAL with the indicator "Terwujudnya Kearifan Lokal di
    masyarakat terhadap PPLH"; under it, a kegiatan "Pencegahan dan Penyelidikan Hubungan
    Lingkungan Hidup untuk Lembaga Kemasyarakatan…".

    **Good**: PROGRAM HUBUNGAN INDUSTRIAL with the indicator "Persentase Besaran Kasus yang
    diselesaikan dengan perjanjian bersama (PB)"; the kegiatan "Pencegahan dan Penyelesaian
    Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan…".
    """

    code = "SECTOR-VOCAB"
    title = "Kosakata urusan lain pada nama atau indikator"
    title_en = "Another urusan's vocabulary in a name or indicator"
    severity = "warning"
    options = {
        "learn_from_nomenklatur": bool,
        "fields": list,
        "learn_min_hits": int,
        "learn_min_count": int,
        "learn_min_share": float,
        "learn_urusan_prefixes": list,
    }
    family = "sector"
    messages = {"foreign": {
        "message": {
            "id": "{what} '{text}' ({column}){where}: kata {words_q} termasuk kosakata urusan {urusan}, bukan "
                  "{whose}{others}{source}. Kemungkinan tersalin dari dokumen perangkat daerah lain; ganti dengan "
                  "{replacement} yang sesuai urusan {own}.",
            "en": "{what} '{text}' ({column}){where}: the words {words_q} belong to the vocabulary of urusan {urusan}, "
                  "not to {whose}{others}{source}. Probably copied from another agency's document; replace it with "
                  "{replacement} of urusan {own}."},
        "expected": {"id": "kosakata urusan {own}", "en": "vocabulary of urusan {own}"},
        "actual": {"id": "{urusan}: {words}"},
    }}

    def vocabulary(self, ctx: Context) -> Vocabulary:
        data = ctx.config.load("sector.yaml") or {}
        learnt = None
        if self.option("learn_from_nomenklatur"):
            from reconcile.nomenklatur import configured_nomenklatur

            nom = configured_nomenklatur(ctx.config)
            if nom is not None:
                args = (int(self.option("learn_min_count")), float(self.option("learn_min_share")),
                        tuple(data.get("stop_words") or ()), tuple(data.get("generic") or ()),
                        tuple(self.option("learn_urusan_prefixes")))
                key = (id(nom), args)
                if key not in _LEARNT:
                    if len(_LEARNT) > 8:
                        _LEARNT.clear()
                    _LEARNT[key] = (nom, learn_vocabulary(nom, *args))  # nom kept: its id stays unique
                learnt = _LEARNT[key][1]
        return build_vocabulary(data, learnt)

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        from reconcile.nomenklatur import configured_nomenklatur

        data = ctx.config.load("sector.yaml") or {}
        vocab = self.vocabulary(ctx)
        nom = configured_nomenklatur(ctx.config)

        def official_of(text: str, own: set[str]) -> bool:
            """An official name of one of the urusan `own` (or of the generic Penunjang
            program) is at home whatever its words."""
            if nom is None:
                return False
            return any((_code_urusan(e.code) in own) or e.code.upper().startswith("X") for e in nom.by_name(text))

        pen = data.get("penunjang") or {}
        sc = SectorContext(ctx, vocab, str(pen.get("program_number", "01")), list(pen.get("phrases") or []))
        fields = self.option("fields")
        min_learnt = int(self.option("learn_min_hits"))
        for table in iter_tables(ctx):
            f = table.frame
            fields_here = [x for x in table.columns if base_field(x) in set(fields)
                           and field_column(x) in f.columns]
            if not fields_here:
                continue
            code_of = table.column("code")
            has_programs = bool(sc.programs[id(table)])
            # Frame positions of the rows judged; in a table built of programs, rows outside any
            # program are headings or notes.
            at = [i for i, (row, level) in enumerate(zip(table.rows, f["level"].tolist()))
                  if level not in ("total", "urusan") and (not has_programs or sc.program_of(table, row) is not None)]
            if not at:
                continue
            rows = [table.rows[i] for i in at]
            code_side = _code_side(table)
            text_of = {}  # field -> the texts of `rows`
            for x in fields_here:
                col = f[field_column(x)].tolist()
                text_of[x] = [_as_text(col[i]) for i in at]
                del col
            del at
            texts = pd.DataFrame(text_of, index=pd.Index(rows, name="row"))
            hit_rows = {x: sc.hit_rows(table, field_column(x)) for x in fields_here}
            foreign_cache: dict[tuple[str, int], dict[str, list[Hit]]] = {}

            def code(row: int) -> str:
                c = code_of[row]
                return c if isinstance(c, str) else ""

            def foreign(text: str, row: int) -> dict[str, list[Hit]]:
                if not vocab.hits(text):
                    return _NONE_FOREIGN  # no vocabulary word at all (most cells)
                key = (text, row)
                if key not in foreign_cache:
                    own, _strong = sc.allowed(table, sc.program_of(table, row), code(row))
                    hits = vocab.by_urusan(text)
                    if not own or any(u in own for u in hits) or official_of(text, own):
                        foreign_cache[key] = _NONE_FOREIGN
                    else:
                        foreign_cache[key] = {u: [h for h in hs if h.term.distinctive] for u, hs in hits.items()
                                              if u not in own and _triggers(hs, min_learnt)}
                return foreign_cache[key]

            def vouchable(fld: str) -> bool:
                """A row's own code vouches for its name (an official 1.03 name may speak of
                cagar budaya), not for its indicators, nor for the other side of a review table."""
                return base_field(fld) in NAME_FIELDS and _side(fld) in code_side

            def at_home(s: "pd.Series", fld: str) -> "pd.Series":
                hit = hit_rows[fld]  # a cell without any vocabulary phrase is at home
                cells = zip(s.index.tolist(), s.tolist())
                if vouchable(fld):
                    ok = [r not in hit or bool(code(r)) or not foreign(v, r) for r, v in cells]
                else:
                    ok = [r not in hit or not foreign(v, r) for r, v in cells]
                return pd.Series(ok, index=s.index)

            checks = {x: pa.Check(lambda s, x=x: at_home(s, x), error="no other urusan's vocabulary")
                      for x in fields_here}
            failing = failure_rows(texts, checks)
            del texts
            reported: dict[tuple[str, str, int | None], Finding] = {}
            position = {r: i for i, r in enumerate(rows)} if failing else {}
            for x in fields_here:
                for row in failing.get(x, []):
                    text = text_of[x][position[row]]
                    found = foreign(text, row)
                    if not found:
                        continue
                    program = sc.program_of(table, row)
                    key = (x, " ".join(text.split()).lower(), program.row if program else None)
                    cell_ref = f"{quote_sheet(table.sheet)}!{table.cell(x, row)}"
                    if key in reported:  # the same text repeated under the same program
                        reported[key].related.append(cell_ref)
                        continue
                    finding = self._finding(ctx, vocab, sc, table, x, row, text, found, program)
                    reported[key] = finding
            yield from reported.values()

    def _finding(self, ctx, vocab: Vocabulary, sc: SectorContext, table, fld: str, row: int, text: str,
                 found: dict[str, list[Hit]], program: ProgramInfo | None) -> Finding:
        ranked = sorted(found, key=lambda u: (-len(found[u]), vocab.order.get(u, 999)))
        top = ranked[0]
        words = [h.term.display for h in sorted(found[top], key=lambda h: h.start)]
        words_q = ", ".join(f"'{w}'" for w in words)
        code = table.value("code", row)
        code = code if isinstance(code, str) else ""
        own, strong = sc.allowed(table, program, code)
        own_id = ", ".join(vocab.label(u) for u in sorted(own))
        own_en = ", ".join(vocab.label(u, "en") for u in sorted(own))
        base = base_field(fld)
        is_name = base in NAME_FIELDS
        what = (Words("Nama", "Name") if is_name else Words("Indikator", "Indicator") if base.startswith("indikator")
                else Words("Tolok ukur", "Measure") if base == "tolok_ukur" else Words("Isian", "Entry"))
        under = program is not None and not (program.row == row and strong)
        where = Words(f" di bawah {short(program.name, 60)}", f" under {short(program.name, 60)}") if under else ""
        whose = (Words(f"{own_id} program ini", f"{own_en} of this program") if program is not None and strong
                 else Words(f"urusan perangkat daerah ini ({own_id})", f"this agency's urusan ({own_en})"))
        others = Words(
            "".join(f"; juga kosakata {vocab.label(u)}: " + ", ".join(f"'{h.term.display}'" for h in found[u])
                    for u in ranked[1:]),
            "".join(f"; also vocabulary of {vocab.label(u, 'en')}: "
                    + ", ".join(f"'{h.term.display}'" for h in found[u]) for u in ranked[1:]))
        learnt = any(h.term.learnt for h in found[top])
        source = Words(" (kosakata dipelajari dari daftar nomenklatur)",
                       " (vocabulary learnt from the nomenclature list)") if learnt else ""
        return self.say(ctx, table.sheet, table.cell(fld, row), "foreign", what=what, text=short(text, 90),
                        column=table.header_paths.get(fld, fld), where=where, words_q=words_q,
                        urusan=Words(vocab.label(top), vocab.label(top, "en")), whose=whose, others=others,
                        source=source, replacement=Words("nama", "a name") if is_name else Words("indikator",
                                                                                                 "an indicator"),
                        own=Words(own_id, own_en), words=", ".join(words))
