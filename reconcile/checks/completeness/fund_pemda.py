"""FUND-PEMDA: a funding source the document's government cannot use."""
from __future__ import annotations

from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, iter_tables
from reconcile.checks.completeness.analysis import (FAMILY, _PARENS, _STRONG_SEP, _WEAK_SEP, _row_label, _short,
                                                    normalise_source)
from reconcile.findings import Words

PEMDA_WORDS = {"kota": ("Kota", "Kota"), "kabupaten": ("Kabupaten", "Kabupaten"), "provinsi": ("Provinsi", "Province")}


class FundingSourcePemda(Rule):
    """A funding source the government type cannot use.

    Why it matters: some sources exist only for some governments. Dana Desa reaches desa
    through their kabupaten: a kota has kelurahan and no desa, and a province passes none on.
    Dana Otonomi Khusus goes only to Aceh and the Papuan provinces; Dana Keistimewaan only to
    DIY and its kabupaten/kota. Such a source in another government's plan is a line copied
    from another region's document, and no budget will pay for it. The pemda is read from the
    document's own titles ("Renja Dinas X Kota Y"); which source needs which pemda is data in
    `rules/completeness.yaml` (`pemda_sources`).

    **Bad**: a sub kegiatan of the Dinas Tenaga Kerja Kota Pontianak funded by "Dana Desa".

    **Good**: "PAD" or "DAU" there; "Dana Desa" only in a kabupaten's plan.
    """

    code = "FUND-PEMDA"
    title = "Sumber dana tidak dapat digunakan oleh pemerintah daerah ini"
    title_en = "A funding source this government cannot use"
    severity = "error"
    family = FAMILY
    options = {"unsure_severity": str}
    messages = {"cannot": {
        "message": {
            "id": "Sumber dana {where} \"{shown}\": {source} tidak dapat digunakan oleh {pemda} ({reason}). "
                  "Periksa apakah baris ini tersalin dari dokumen daerah lain dan tulis sumber dana yang benar.",
            "en": "Funding source of {where} \"{shown}\": {source} cannot be used by {pemda} ({reason}). Check "
                  "whether the row was copied from another region's document and write the right source."},
        "expected": {"id": "{expected}"},
        "actual": {"id": "{shown}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        from reconcile.read.headers import base_field

        pemda = getattr(ctx.workbook, "pemda", None)
        if pemda is None:
            return
        rules = _Sources((ctx.config.load(f"{FAMILY}.yaml") or {}).get("pemda_sources") or [])
        if not rules.sources:
            return
        pemda_words = Words(f"{PEMDA_WORDS[pemda.kind][0]} {pemda.name}", f"{PEMDA_WORDS[pemda.kind][1]} {pemda.name}")
        stated = f"'{pemda.sheet}'!{pemda.cell}"
        cache: dict[str, list[tuple[dict, bool]]] = {}
        for table in iter_tables(ctx):
            for field in table.columns:
                if base_field(field) != "sumber_dana":
                    continue
                for row, raw in table.column(f"{field}__cell").items():
                    if not isinstance(raw, str) or not raw.strip():
                        continue
                    found = cache.get(raw)
                    if found is None:
                        found = cache[raw] = [(s, sure) for s, sure in rules.sources_in(raw)
                                              if not _allowed(s, pemda)]
                    for source, sure in found:
                        certain = sure and pemda.certain
                        reason = source.get("reason") or {}
                        shown = " ".join(raw.split())
                        yield self.say(
                            ctx, table.sheet, table.cell(field, row), "cannot",
                            severity=None if certain else self.option("unsure_severity"), related=[stated],
                            where=Words(_row_label(table, row, "id"), _row_label(table, row, "en")),
                            shown=_short(shown), source=source["name"], pemda=pemda_words,
                            reason=Words(reason.get("id", ""), reason.get("en", reason.get("id", ""))),
                            expected=Words(f"sumber dana yang dapat digunakan {pemda_words.id}",
                                           f"a source {pemda_words.en} can use"))
                        break  # one finding per cell


class _Sources:
    """The sources of `pemda_sources` and the spellings that name them."""

    def __init__(self, data: list[dict[str, Any]]):
        self.sources = [s for s in data if isinstance(s, dict) and s.get("name")]
        self.spelling: dict[str, tuple[dict, bool]] = {}
        for s in self.sources:
            for sp in s.get("unsure_spellings") or []:
                self.spelling.setdefault(normalise_source(sp), (s, False))
            for sp in [s["name"], *(s.get("spellings") or [])]:
                self.spelling[normalise_source(sp)] = (s, True)

    def sources_in(self, text: str) -> list[tuple[dict, bool]]:
        """(source, sure) of every part of a cell that names a source of the list exactly."""
        out: list[tuple[dict, bool]] = []
        for part in _STRONG_SEP.split(text)[0::2]:
            pieces = [part, _PARENS.sub(" ", part), *_WEAK_SEP.split(part)]
            for piece in pieces:
                hit = self.spelling.get(normalise_source(piece or ""))
                if hit is not None:
                    if hit[0] not in [s for s, _ in out]:
                        out.append(hit)
                    break
        return out


def _allowed(source: dict, pemda) -> bool:
    """Whether `pemda` can use `source`; True when the document does not say enough to tell."""
    kinds = source.get("kinds")
    if kinds and pemda.kind not in kinds:
        return False
    provinces = {normalise_source(p) for p in source.get("provinces") or []}
    if not provinces:
        return True
    if pemda.kind == "provinsi":
        return normalise_source(pemda.name) in provinces
    regions = {(str(k).lower(), normalise_source(n)) for k, n in source.get("regions") or []}
    if (pemda.kind, normalise_source(pemda.name)) in regions:
        return True
    if pemda.province:
        return normalise_source(pemda.province) in provinces
    return not source.get("regions_complete", False)
