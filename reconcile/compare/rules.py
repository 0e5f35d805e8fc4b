"""The rules of a comparison of two documents (A the reference: RKPD, Renstra, KUA-PPAS, the
earlier version; B the document under review). Findings are placed in B, the cell of A in
`related` (as `a.xlsx:'Sheet'!P12`). A difference between two versions of one document is a
change (warning or info), never an error; severities are settings (rules/compare.yaml).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator

from reconcile.checks.base import Context, Finding, Rule, failure_rows, short
from reconcile.checks.matching import level_name
from reconcile.read.hierarchy import name_key

if TYPE_CHECKING:
    from reconcile.compare.items import Document, Item, Unit
    from reconcile.compare.match import UnitPair

FAMILY = "compare"


@dataclass
class CompareContext(Context):
    """What a comparison rule sees: B as `workbook` (findings are placed there), both documents
    and the matched unit pairs."""

    a: "Document" = None  # type: ignore[assignment]
    b: "Document" = None  # type: ignore[assignment]
    units: list["UnitPair"] = field(default_factory=list)

    @property
    def version(self) -> bool:
        """Two versions of one document (same layout): a difference is a change."""
        return self.a.layout == self.b.layout

    def before(self) -> str:
        name = self.a.name
        return self.t(f"pada versi sebelumnya ({name})", f"in the previous version ({name})") if self.version \
            else self.t(f"pada dokumen acuan ({name})", f"in the reference document ({name})")

    def anchor(self, pair: "UnitPair") -> tuple[str, str]:
        """Where in B a finding about a unit goes: the unit's first row, else B's first table."""
        if pair.b is not None and pair.b.first_cell:
            return pair.b.first_cell
        for u in self.b.units.values():
            if u.first_cell:
                return u.first_cell
        t = self.b.tables[0] if self.b.tables else None
        return (t.sheet, f"{t.name_cell_column}{t.rows[0]}") if t is not None and t.rows else ("", "")


def describe(ctx: CompareContext, item: "Item", pair: "UnitPair") -> str:
    """"sub kegiatan 'Penyediaan Gaji …' (1.02.01.2.01.0001), Dinas Kesehatan"."""
    text = f"{level_name(item.level, ctx)} '{short(item.name or item.code, 70)}'"
    if item.code and item.name:
        text += f" ({item.code})"
    if pair.label and len(ctx.a.units) > 1 and len(ctx.b.units) > 1:
        text += f", {short(pair.label, 50)}"
    return text


def generic_code(code: str) -> str:
    """The Penunjang program's generic form of a code: 1.02.01.2.06.0004 -> X.XX.01.2.06.0004."""
    parts = code.split(".")
    return ".".join(["X", "XX"] + parts[2:]) if len(parts) >= 3 else code


def recoded(ctx: CompareContext, item: "Item", other: "Unit | None") -> str:
    """A hint when the other side holds the same item under the generic X.XX code (or the
    bidang's own code instead of X.XX): recoded, not added or removed."""
    if other is None or not item.code or not (item.code.startswith("X.") or ".01." in item.code[:8]):
        return ""
    mine = generic_code(item.code)
    for j in other.items:
        if j.level == item.level and j.code and j.code != item.code and generic_code(j.code) == mine \
                and (j.code.startswith("X.") != item.code.startswith("X.")):
            return ctx.t(f" (di dokumen lain tertulis dengan kode {j.code}: kode umum X.XX program penunjang "
                         "dan kode bidangnya menyebut sub kegiatan yang sama)",
                         f" (the other document writes it as {j.code}: the generic X.XX code of the penunjang "
                         "program and the bidang's own code name the same sub kegiatan)")
    return ""


def how_said(ctx: CompareContext, how: str) -> str:
    if how in ("code", ""):
        return ""
    words = {"name": ("dipasangkan menurut nama, tanpa kode", "matched by name, without a code"),
             "nomenklatur": ("dipasangkan menurut nama resmi kodenya di nomenklatur",
                             "matched through the official name of its code in the nomenclature"),
             "fuzzy": ("dipasangkan menurut nama yang mirip", "matched by a similar name"),
             "position": ("dipasangkan menurut urutannya di bawah induk yang sama",
                          "matched by its place under the same parent")}[how]
    return f" ({ctx.t(*words)})"


class CompareRule(Rule):
    family = FAMILY

    def check(self, ctx: Context) -> Iterable[Finding]:
        """Findings of a comparison; none for a single workbook (`check` runs no CMP rule even
        when the catalogue lists them beside its own)."""
        if not isinstance(ctx, CompareContext) or ctx.a is None or ctx.b is None:
            return iter(())
        return self.compare(ctx)

    def compare(self, ctx: CompareContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def differing(self, values: list[tuple[float, float]]) -> list[int]:
        """Indexes of the (a, b) pairs that differ beyond the tolerance: a pandera check on the
        frame of pairs."""
        if not values:
            return []
        import pandas as pd
        import pandera.pandas as pa

        frame = pd.DataFrame(values, columns=["a", "b"])
        tol = float(self.setting("tolerance", 1.0))
        rel = float(self.setting("relative_tolerance", 0.0))
        limit = frame[["a", "b"]].abs().max(axis=1).mul(rel).clip(lower=tol)
        frame["excess"] = (frame["a"] - frame["b"]).abs() - limit
        return failure_rows(frame, {"excess": pa.Check.le(0)}).get("excess", [])


class OnlyInA(CompareRule):
    """An item of the reference document (A) is missing from the document under review (B).

    Why it matters: a sub kegiatan the RKPD gave the agency, or that the earlier version held,
    is gone — dropped on purpose (then the change must be explained), recoded, or lost when the
    table was copied. Nobody sees that by eye in thousands of rows.

    **Bad**: APBD murni lists sub kegiatan 1.06.01.2.02.0001 of Dinas Sosial with Rp 2.697.092.746;
    the perubahan does not list it (it reappears as X.XX.01.2.02.0001, or not at all).

    **Good**: every item of A is in B under the same code, or its removal is a decision
    recorded in the change document.
    """

    code = "CMP-ONLY-A"
    title = "Item ada di dokumen acuan/versi sebelumnya tetapi tidak ada di dokumen ini"
    title_en = "Item in the reference/previous document but not in this one"
    severity = "warning"

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        for pair in ctx.units:
            unit_anchor = ctx.anchor(pair)
            in_b = {id(ia): ib for ia, ib, _ in pair.pairs}
            for item in pair.only_a:
                if not item.leaf:
                    continue
                # Where it would be in B: under the counterpart of its parent, else at the unit.
                up = in_b.get(id(item.parent)) if item.parent is not None else None
                sheet, cell = (up.sheet, up.name_cell) if up is not None else unit_anchor
                what = describe(ctx, item, pair)
                money = f" ({ctx.money(item.pagu)})" if item.pagu is not None and ctx.a.has_pagu else ""
                hint = recoded(ctx, item, pair.b)
                yield self.finding(
                    ctx, sheet, cell,
                    f"{what[0].upper()}{what[1:]} ada {ctx.before()}{money} tetapi tidak ada di dokumen ini{hint}: "
                    "pastikan penghapusannya disengaja, atau kembalikan.",
                    f"{what[0].upper()}{what[1:]} is {ctx.before()}{money} but not in this document{hint}: make "
                    "sure it was removed on purpose, or put it back.",
                    expected=item.code or item.name, actual="-",
                    related=[ctx.a.ref(item.sheet, item.name_cell)])


class OnlyInB(CompareRule):
    """An item of the document under review (B) is not in the reference document (A).

    Why it matters: a sub kegiatan the RKPD did not plan, or that the earlier version did not
    hold, has appeared: a new activity needs its justification, and a recoded one is an item
    the verifier must recognise as the old one.

    **Bad**: the perubahan lists sub kegiatan 1.05.01.2.01.0001 of Satpol PP, which the APBD murni
    did not hold (it held X.XX.01.2.01.0001).

    **Good**: every item of B is in A, or its addition is a decision recorded in the change
    document.
    """

    code = "CMP-ONLY-B"
    title = "Item baru: tidak ada di dokumen acuan/versi sebelumnya"
    title_en = "New item: not in the reference/previous document"
    severity = "warning"

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        for pair in ctx.units:
            for item in pair.only_b:
                if not item.leaf:
                    continue
                what = describe(ctx, item, pair)
                money = f" ({ctx.money(item.pagu)})" if item.pagu is not None and ctx.b.has_pagu else ""
                hint = recoded(ctx, item, pair.a)
                yield self.finding(
                    ctx, item.sheet, item.name_cell,
                    f"{what[0].upper()}{what[1:]}{money} tidak ada {ctx.before()}: item baru{hint}.",
                    f"{what[0].upper()}{what[1:]}{money} is not {ctx.before()}: a new item{hint}.",
                    expected="-", actual=item.code or item.name)


class PaguDiffers(CompareRule):
    """The pagu of an item differs between the two documents.

    Why it matters: the pagu indikatif of a Renja must be the one the RKPD gave; between two
    stages of a budget (KUA-PPAS, APBD murni, perubahan) a changed pagu is a *pergeseran* that
    must be decided and recorded. Equal grand totals hide money moved between sub kegiatan.

    **Bad**: sub kegiatan 5.02.02.2.04.0009 holds Rp 3.000.000.000 in the APBD murni and
    Rp 1.033.079.337 in the perubahan, while the grand total is unchanged.

    **Good**: the pagu of every item is the same in both documents (within `tolerance` rupiah of
    rules/compare.yaml), or the change is intended and recorded.
    """

    code = "CMP-PAGU"
    title = "Pagu berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "Pagu differs from the reference/previous document"
    severity = "warning"

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        rincian = ctx.a.rincian != ctx.b.rincian  # rekening lines against a stated pagu: CMP-RINCIAN's
        if rincian:
            return
        yield from _pagu_findings(self, ctx)


class RincianSum(CompareRule):
    """The rincian (rekening lines) of a sub kegiatan do not add up to its pagu in the other
    document.

    Why it matters: an RKA/DPA or e-budgeting rincian spends the pagu the plan gave each sub
    kegiatan. Lines that add up to more (or less) mean the rincian overspends the pagu, or
    money was left unplanned.

    **Bad**: the Renja gives sub kegiatan 2.07.03.2.01.0001 Rp 500.000.000; its rincian lines
    add up to Rp 512.500.000.

    **Good**: the lines of each sub kegiatan add up to its pagu (within `tolerance` rupiah).
    """

    code = "CMP-RINCIAN"
    title = "Jumlah rincian belanja tidak sama dengan pagu sub kegiatan"
    title_en = "Sum of the rincian lines differs from the sub kegiatan's pagu"
    severity = "warning"

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        if ctx.a.rincian == ctx.b.rincian:
            return
        yield from _pagu_findings(self, ctx)


def _pagu_findings(rule: CompareRule, ctx: CompareContext) -> Iterator[Finding]:
    if not (ctx.a.has_pagu and ctx.b.has_pagu):
        return
    # A leaf's pagu is compared as it is; a subtotal's by what its children do not explain
    # (one changed sub kegiatan is one finding, not three with its kegiatan and program).
    own = {}
    for doc in (ctx.a, ctx.b):
        for u in doc.units.values():
            sums: dict[int, float] = {}
            for i in u.items:
                if i.parent is not None:
                    sums[id(i.parent)] = sums.get(id(i.parent), 0.0) + (i.pagu or 0.0)
            for i in u.items:
                if i.pagu is not None:
                    own[id(i)] = i.pagu - sums.get(id(i), 0.0) if not i.leaf else i.pagu
    if ctx.version and rule.code == "CMP-PAGU":
        yield from _pagu_filled(rule, ctx)
    cands = [(pair, ia, ib, how) for pair in ctx.units for ia, ib, how in pair.pairs
             if ia.leaf == ib.leaf and ia.pagu is not None and ib.pagu is not None]
    moved = set(rule.differing([(ia.pagu, ib.pagu) for _, ia, ib, _ in cands]))
    for k in rule.differing([(own[id(ia)], own[id(ib)]) for _, ia, ib, _ in cands]):
        pair, ia, ib, how = cands[k]
        if k not in moved:  # a subtotal that kept its amount while its children's moved
            continue
        what = describe(ctx, ib, pair)
        diff = ib.pagu - ia.pagu
        sign = "+" if diff > 0 else ""
        cell = ib.pagu_cell if not ib.lines else ib.name_cell
        related = [ctx.a.ref(ia.sheet, ia.pagu_cell or ia.name_cell)]
        if rule.code == "CMP-RINCIAN":
            lines_side, pagu_side = (ib, ia) if ctx.b.rincian else (ia, ib)
            id_text = (f"Rincian {what}: {lines_side.lines} baris berjumlah {ctx.money(lines_side.pagu)}, "
                       f"pagunya {ctx.money(pagu_side.pagu)} (selisih {sign}{ctx.money(diff)}){how_said(ctx, how)}.")
            en_text = (f"Rincian of {what}: {lines_side.lines} lines add up to {ctx.money(lines_side.pagu)}, its "
                       f"pagu is {ctx.money(pagu_side.pagu)} (difference {sign}{ctx.money(diff)}){how_said(ctx, how)}.")
        else:
            id_text = (f"Pagu {what}: {ctx.money(ib.pagu)}; {ctx.before()}: {ctx.money(ia.pagu)} "
                       f"(selisih {sign}{ctx.money(diff)}){how_said(ctx, how)}.")
            en_text = (f"Pagu of {what}: {ctx.money(ib.pagu)}; {ctx.before()}: {ctx.money(ia.pagu)} "
                       f"(difference {sign}{ctx.money(diff)}){how_said(ctx, how)}.")
        yield rule.finding(ctx, ib.sheet, cell or ib.name_cell, id_text[0].upper() + id_text[1:],
                           en_text[0].upper() + en_text[1:], expected=ctx.money(ia.pagu),
                           actual=ctx.money(ib.pagu), related=related)


FIELD_LABELS = {
    "target_program": ("target capaian program", "programme outcome target"),
    "target_hasil": ("target hasil kegiatan", "kegiatan result target"),
    "target_keluaran": ("target keluaran", "output target"),
    "target": ("target", "target"),
    "indikator_program": ("indikator capaian program", "programme outcome indicator"),
    "indikator_hasil": ("indikator hasil kegiatan", "kegiatan result indicator"),
    "indikator_keluaran": ("indikator keluaran", "output indicator"),
    "indikator": ("indikator", "indicator"),
    "tolok_ukur": ("tolok ukur", "tolok ukur"),
    "sumber_dana": ("sumber dana", "sumber dana"),
    "lokasi": ("lokasi", "lokasi"),
}


def _pagu_filled(rule: CompareRule, ctx: CompareContext) -> Iterator[Finding]:
    """Between two versions: a pagu cell empty (or unreadable) in one and filled in the other."""
    for pair in ctx.units:
        for ia, ib, how in pair.pairs:
            if not (ia.pagu_cell and ib.pagu_cell) or (ia.pagu is None) == (ib.pagu is None):
                continue
            what = describe(ctx, ib, pair)
            empty = ctx.t("kosong/tidak terbaca", "empty/unreadable")
            now = ctx.money(ib.pagu) if ib.pagu is not None else empty
            before = ctx.money(ia.pagu) if ia.pagu is not None else empty
            yield rule.finding(ctx, ib.sheet, ib.pagu_cell,
                               f"Pagu {what}: {now}; {ctx.before()}: {before}{how_said(ctx, how)}.",
                               f"Pagu of {what}: {now}; {ctx.before()}: {before}{how_said(ctx, how)}.",
                               expected=before, actual=now, related=[ctx.a.ref(ia.sheet, ia.pagu_cell)])


class _TextDiffers(CompareRule):
    what: str = ""  # a key of items.TEXT_FIELDS

    def same(self, a: str, b: str) -> bool:
        return name_key(a) == name_key(b)

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        from reconcile.checks.matching import diff_pair
        from reconcile.compare.items import TEXT_FIELDS

        for pair in ctx.units:
            for ia, ib, how in pair.pairs:
                for base in TEXT_FIELDS[self.what]:
                    va, vb = ia.values.get(base), ib.values.get(base)
                    if base not in ia.cells or base not in ib.cells or (not va and not vb):
                        continue
                    # Filled on one side only: a change between two versions of one document;
                    # between different documents an empty cell is check's business.
                    if (not va or not vb) and not ctx.version:
                        continue
                    if va and vb and self.same(va, vb):
                        continue
                    sa, sb = diff_pair(va or ctx.t("(kosong)", "(empty)"), vb or ctx.t("(kosong)", "(empty)"))
                    what = describe(ctx, ib, pair)
                    lid, len_ = FIELD_LABELS[base]
                    yield self.finding(
                        ctx, ib.sheet, ib.cells[base],
                        f"{lid[0].upper()}{lid[1:]} {what}: '{sb}'; {ctx.before()}: '{sa}'{how_said(ctx, how)}.",
                        f"{len_[0].upper()}{len_[1:]} of {what}: '{sb}'; {ctx.before()}: '{sa}'{how_said(ctx, how)}.",
                        expected=va or "", actual=vb or "", related=[ctx.a.ref(ia.sheet, ia.cells[base])])


class TargetDiffers(_TextDiffers):
    """The target of an item differs between the two documents.

    Why it matters: the Renja's targets must be the RKPD's (and step towards the Renstra's);
    between two versions a changed target is a change of commitment the verifier must see.

    **Bad**: the RKPD sets 'Jumlah Dokumen Perencanaan' of a sub kegiatan at 15 Dokumen; the
    Renja writes 12 Dokumen.

    **Good**: the same number and unit in both ("15 Dokumen" and "15 dokumen" are the same).
    """

    code = "CMP-TARGET"
    title = "Target berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "Target differs from the reference/previous document"
    severity = "warning"
    what = "target"

    def same(self, a: str, b: str) -> bool:
        from reconcile.read.numbers import parse_target

        if name_key(a) == name_key(b):
            return True
        ta, tb = parse_target(a), parse_target(b)
        va, vb = getattr(ta, "value", None), getattr(tb, "value", None)
        if va is None or vb is None or isinstance(va, str) or isinstance(vb, str):
            return False
        try:
            equal = math.isclose(float(va), float(vb), rel_tol=1e-9, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
        return equal and name_key(str(getattr(ta, "unit", "") or "")) == name_key(str(getattr(tb, "unit", "") or ""))


class IndicatorDiffers(_TextDiffers):
    """The indicator (tolok ukur) of an item differs between the two documents.

    Why it matters: the indicator says what the money buys; the RKPD's indicator replaced by
    another, or changed between versions, changes what the agency will be measured on.

    **Bad**: 'Jumlah Dokumen Perencanaan Perangkat Daerah' in the RKPD, 'Jumlah Laporan Capaian
    Kinerja' in the Renja for the same sub kegiatan.

    **Good**: the same indicator in both documents (case, spacing and punctuation aside).
    """

    code = "CMP-INDICATOR"
    title = "Indikator berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "Indicator differs from the reference/previous document"
    severity = "info"
    what = "indikator"


class FundDiffers(_TextDiffers):
    """The sumber dana of an item differs between the two documents.

    Why it matters: money from DAK, DAU or PAD carries different rules; a sub kegiatan moved to
    another source is a change the budget team must see.

    **Bad**: 'DAU' in the APBD murni, 'DAK Fisik-Bidang Pendidikan' in the perubahan.

    **Good**: the same sources in both documents (a flat export: the same set over its lines).
    """

    code = "CMP-FUND"
    title = "Sumber dana berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "Sumber dana differs from the reference/previous document"
    severity = "info"
    what = "sumber_dana"

    def same(self, a: str, b: str) -> bool:
        return {name_key(x) for x in a.split(";")} == {name_key(x) for x in b.split(";")}


class LokasiDiffers(_TextDiffers):
    """The lokasi of an item differs between the two documents.

    Why it matters: where an activity happens is part of what the RKPD agreed (a kecamatan's
    musrenbang proposal); a changed lokasi changes who benefits.

    **Bad**: 'Kecamatan Pontianak Utara' in the RKPD, 'Kota Pontianak' in the Renja.

    **Good**: the same lokasi in both documents.
    """

    code = "CMP-LOKASI"
    title = "Lokasi berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "Lokasi differs from the reference/previous document"
    severity = "info"
    what = "lokasi"


class NameDiffers(CompareRule):
    """An item paired by its code or its place has another name in the other document.

    Why it matters: a name corrected to the nomenclature is a change worth seeing; a name that
    drifted from the reference (a word dropped, another activity's name pasted) is a mistake.

    **Bad**: 'Penyusunan Dokumen Perangkat Daerah' in one version, 'Penyusunan Dokumen
    Perencanaan Perangkat Daerah' in the other, under the same kegiatan.

    **Good**: the same name in both documents (case, spacing and punctuation aside).
    """

    code = "CMP-NAME"
    title = "Nama item berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "Item name differs from the reference/previous document"
    severity = "info"

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        from reconcile.checks.matching import diff_pair

        for pair in ctx.units:
            for ia, ib, how in pair.pairs:
                if how == "name" or not ia.name or not ib.name or ia.key.split("#")[0] == ib.key.split("#")[0]:
                    continue
                sa, sb = diff_pair(ia.name, ib.name)
                lvl = level_name(ib.level, ctx)
                code = f" ({ib.code})" if ib.code else ""
                yield self.finding(
                    ctx, ib.sheet, ib.name_cell,
                    f"Nama {lvl}{code}: '{sb}'; {ctx.before()}: '{sa}'{how_said(ctx, how)}.",
                    f"Name of the {lvl}{code}: '{sb}'; {ctx.before()}: '{sa}'{how_said(ctx, how)}.",
                    expected=ia.name, actual=ib.name, related=[ctx.a.ref(ia.sheet, ia.name_cell)])


class UnitTotalDiffers(CompareRule):
    """The total pagu of a unit (OPD) differs between the two documents.

    Why it matters: the pagu of each OPD is set by the KUA-PPAS and the RKPD; a unit whose
    total moved has gained or lost money, whatever happened to each of its sub kegiatan.

    **Bad**: Dinas Kesehatan totals Rp 137.330.347.356 in the APBD murni and Rp 138.000.000.000
    in the perubahan.

    **Good**: each unit's total is the same in both documents (within `tolerance` rupiah), or
    its change is decided and recorded.
    """

    code = "CMP-UNIT-TOTAL"
    title = "Total pagu unit (OPD) berbeda dari dokumen acuan/versi sebelumnya"
    title_en = "A unit's (OPD's) total pagu differs from the reference/previous document"
    severity = "warning"

    def compare(self, ctx: CompareContext) -> Iterator[Finding]:
        if not (ctx.a.has_pagu and ctx.b.has_pagu):
            return
        cands = [(p, p.a.total(), p.b.total()) for p in ctx.units if p.a is not None and p.b is not None]
        cands = [(p, ta, tb) for p, ta, tb in cands if ta is not None and tb is not None]
        for k in self.differing([(ta, tb) for _, ta, tb in cands]):
            pair, ta, tb = cands[k]
            sheet, cell = ctx.anchor(pair)
            diff = tb - ta
            sign = "+" if diff > 0 else ""
            label = f" {short(pair.label, 60)}" if pair.label else ""
            related = [ctx.a.ref(*pair.a.first_cell)] if pair.a.first_cell else []
            yield self.finding(
                ctx, sheet, cell,
                f"Total pagu unit{label}: {ctx.money(tb)}; {ctx.before()}: {ctx.money(ta)} "
                f"(selisih {sign}{ctx.money(diff)}).",
                f"Total pagu of the unit{label}: {ctx.money(tb)}; {ctx.before()}: {ctx.money(ta)} "
                f"(difference {sign}{ctx.money(diff)}).",
                expected=ctx.money(ta), actual=ctx.money(tb), related=related)


COMPARE_RULES = [OnlyInA, OnlyInB, PaguDiffers, RincianSum, TargetDiffers, IndicatorDiffers, FundDiffers,
                 LokasiDiffers, NameDiffers, UnitTotalDiffers]


def run_compare_rules(ctx: CompareContext, only: set[str] | None = None) -> list[Finding]:
    from reconcile.checks import load_pandera

    load_pandera()
    out: list[Finding] = []
    for cls in COMPARE_RULES:
        if only and cls.code not in only:
            continue
        rule = cls(ctx.config.rule_settings(cls.code, cls.family))
        if rule.enabled:
            out.extend(rule.check(ctx))
    return out
