"""Claims in narrative text: counts of program / kegiatan / sub kegiatan and the total pagu.

Only document-level statements are taken: a sentence that counts at least two levels
("5 program, 19 kegiatan, dan 53 sub-kegiatan"), or that states a total pagu/anggaran with an
amount ("Total pagu anggaran … tahun 2024 adalah sebesar Rp. 4.704.246.00,"). A sentence about
one kegiatan ("dilaksanakan sebanyak 2 sub kegiatan") is not a claim about the whole plan.
"""
from __future__ import annotations

import re

from reconcile.read.model import Claim

_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z])")
_NUM_WORD = r"(\d{1,4})\s*(?:\([a-z ]+\)\s*)?"
_COUNTS = {
    "count_sub_kegiatan": re.compile(_NUM_WORD + r"sub[\s\-]*kegiatan", re.I),
    "count_kegiatan": re.compile(_NUM_WORD + r"(?<!sub )(?<!sub-)(?<!sub)kegiatan", re.I),
    "count_program": re.compile(_NUM_WORD + r"program\b", re.I),
}
_TOTAL = re.compile(
    r"(?:total|jumlah)\s+(?:pagu|anggaran|dana|belanja)[^.]{0,160}?\bRp\.?\s*([0-9][0-9.,\s]*[0-9](?:,-)?[.,]?)",
    re.I | re.S,
)
_YEAR = re.compile(r"\b(20\d\d)\b")


def _count_matches(sentence: str) -> dict[str, int]:
    found: dict[str, int] = {}
    sub_spans = []
    for m in _COUNTS["count_sub_kegiatan"].finditer(sentence):
        found.setdefault("count_sub_kegiatan", int(m.group(1)))
        sub_spans.append(m.span())
    for m in _COUNTS["count_kegiatan"].finditer(sentence):
        if any(a <= m.start() < b for a, b in sub_spans):
            continue
        found.setdefault("count_kegiatan", int(m.group(1)))
    for m in _COUNTS["count_program"].finditer(sentence):
        found.setdefault("count_program", int(m.group(1)))
    return found


def find_claims(sheet: str, cell: str, text: str) -> list[Claim]:
    from reconcile.read.numbers import parse_number

    claims: list[Claim] = []
    flat = " ".join(text.split())
    for sentence in _SENTENCE.split(flat):
        counts = _count_matches(sentence)
        if len(counts) >= 2:
            years = _YEAR.findall(sentence)
            year = int(years[-1]) if years else None
            for kind, value in counts.items():
                claims.append(Claim(sheet, cell, kind, value, sentence, year=year))
        for m in _TOTAL.finditer(sentence):
            raw = m.group(1).strip()
            # A sentence's own full stop or comma is not part of the amount.
            raw_amount = raw.rstrip(",").rstrip(".") if not re.search(r"[.,]\d{1,2}[.,]$", raw) else raw[:-1]
            raw_amount = raw_amount.replace(" ", "")
            num = parse_number("Rp " + raw_amount)
            years = _YEAR.findall(sentence[: m.start(1)])
            year = int(years[-1]) if years else None
            value = num.value if num.status == "ok" else raw_amount
            claims.append(Claim(sheet, cell, "total_pagu", value, sentence, year=year, number=num))
    return claims
