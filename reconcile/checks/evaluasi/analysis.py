"""Evaluation tables (Permendagri 86/2017 T-C.29 Evaluasi Hasil Renja, T-C.30 Evaluasi Hasil
RKPD): the arithmetic the form itself states, where it is certain.

The form numbers its columns and writes the formulas into that row ("12 = 8+9+10+11"): the
realisasi of the year evaluated is the sum of the realisasi of triwulan I-IV. For rupiah (Rp)
that always holds; for kinerja (K) only where the unit counts things that add up over the
quarters (documents, reports, activities…: `additive_units` in rules/evaluasi.yaml) — a
percentage, an index or a number of people employed does not.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from reconcile.checks.base import short
from reconcile.read.headers import base_field
from reconcile.read.model import Table


FAMILY = "evaluasi"


FAMILY_FILE = "evaluasi.yaml"


QUARTERS = (1, 2, 3, 4)


# (field of the year's realisasi, template of the triwulan fields, K or Rp)
MEASURES = (("realisasi_anggaran", "realisasi_anggaran_tw{n}", "Rp"), ("realisasi", "realisasi_tw{n}", "K"))


NAME_FIELDS = ("name", "name_program", "name_kegiatan", "name_sub_kegiatan")


INDICATOR_FIELDS = ("indikator", "indikator_program", "indikator_keluaran", "indikator_hasil", "tolok_ukur")


_YEAR = re.compile(r"_((?:19|20)\d\d)$")


def _year(name: str) -> int | None:
    m = _YEAR.search(name.split(".", 1)[-1].split("#", 1)[0])
    return int(m.group(1)) if m else None


def _side(name: str) -> str:
    head = name.split("#", 1)[0]
    return head.split(".", 1)[0] if "." in head else ""


@dataclass
class QuarterSet:
    """One measure of one year in a table: its four triwulan columns and the year's total."""

    kind: str  # "K" | "Rp"
    total: str
    quarters: tuple[str, str, str, str]


def quarter_sets(table: Table) -> list[QuarterSet]:
    """The (total, triwulan I-IV) column sets of a table: the same side and year, exactly one
    column each (a table that repeats a field, `#2`, is not guessed at)."""
    by_key: dict[tuple[str, str, int | None], list[str]] = {}
    for f in table.columns:
        by_key.setdefault((base_field(f), _side(f), _year(f)), []).append(f)
    out = []
    for total_base, template, kind in MEASURES:
        for (base, side, year), totals in by_key.items():
            if base != total_base or len(totals) != 1:
                continue
            quarters = [by_key.get((template.format(n=n), side, year), []) for n in QUARTERS]
            if all(len(q) == 1 for q in quarters):
                out.append(QuarterSet(kind, totals[0], tuple(q[0] for q in quarters)))
    return out


def _text(table: Table, fields: Iterable[str], row: int) -> str:
    for f in fields:
        if f in table.columns or f in table.frame.columns:
            v = table.value(f, row)
            if isinstance(v, str) and v.strip() and v.strip() not in ("-", "–"):
                return v.strip()
    return ""


def _indicator_fields(table: Table) -> list[str]:
    return [f for f in table.columns if base_field(f) in INDICATOR_FIELDS]


def _label(table: Table, row: int) -> str:
    return short(_text(table, _indicator_fields(table), row) or _text(table, NAME_FIELDS, row), 60)


def _norm_unit(unit: Any) -> str:
    return re.sub(r"\s*/\s*", "/", " ".join(str(unit or "").lower().split())).strip(" .")
