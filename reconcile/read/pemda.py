"""Which government (pemda) the document belongs to, as it states it: "Dinas Tenaga Kerja Kota
Pontianak", "Pemerintah Kabupaten Buru", "Pemerintah Daerah : Kota Y", "… Provinsi Bali".

Titles and label rows (the short cells of the rows above each table's header; a sentence
ending in a full stop is narrative) are read first: a pemda stated there is `certain`. Without one, the narrative's most frequent kabupaten/kota,
named at least twice and twice as often as any other, is taken, not certain. A document whose
titles name both a kota and a kabupaten states no single pemda (None).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from reconcile.read.model import Pemda, Workbook, cell_name

TITLE_LENGTH = 160  # a longer cell is narrative
TITLE_ROWS = 12  # rows of a sheet above its first table read as title rows (all of them if no table)
KINDS = {"kota": "kota", "kabupaten": "kabupaten", "kab": "kabupaten", "provinsi": "provinsi", "prov": "provinsi"}
_MENTION = re.compile(r"(?<![\w/])(?P<kind>kota|kabupaten|kab|provinsi|prov)\.?(?!\s*/)\s+(?=[^\W\d_])", re.I)
_NAME = re.compile(r"[^\W\d_][\w'.-]*(?:[ \t]+[^\W\d_][\w'.-]*){0,3}")
# Words that end a name: "Kota Pontianak Tahun 2024", "Kabupaten Buru dan …".
_STOP = {"tahun", "ta", "pada", "dan", "yang", "untuk", "dalam", "di", "ke", "dengan", "sebesar", "periode",
         "tentang", "nomor", "no", "adalah", "sebagai", "serta", "atau", "oleh", "dari", "agar", "se", "secara",
         "perubahan", "murni", "anggaran", "rencana", "renja", "rkpd", "apbd", "provinsi", "prov", "kabupaten", "kab",
         "kota", "yaitu", "telah", "akan", "merupakan", "tersebut", "ini", "itu", "sampai", "s", "d"}


def find_pemda(wb: Workbook) -> Pemda | None:
    strong: list[tuple[str, str, str, str]] = []  # (kind, name, sheet, cell)
    first_header: dict[str, int] = {}
    for t in wb.tables:
        if t.header_rows:
            first_header[t.sheet] = min(first_header.get(t.sheet, t.header_rows[0]), t.header_rows[0])
    for sheet, grid in wb.grids.items():
        limit = min(TITLE_ROWS, first_header.get(sheet, TITLE_ROWS + 1) - 1)
        for r, line in enumerate(grid[:max(limit, 0)], start=1):
            for c, v in enumerate(line[:30], start=1):
                if type(v) is str and _is_title(v):
                    strong.extend((k, n, sheet, cell_name(r, c)) for k, n in mentions(v))
    picked = _pick(strong, certain=True)
    if picked is not None or any(k != "provinsi" for k, *_ in strong):
        return picked
    weak = [(k, n, t.sheet, t.cell) for t in wb.texts for k, n in mentions(t.text)]
    local = Counter((k, n) for k, n, *_ in weak if k != "provinsi").most_common(2)
    if local and local[0][1] >= 2 and (len(local) == 1 or local[0][1] >= 2 * local[1][1]):
        kind, name = local[0][0]
        where = next((s, c) for k, n, s, c in weak if (k, n) == (kind, name))
        return Pemda(kind, name, _province(strong) or _province(weak), *where, certain=False)
    return picked  # a province stated in the titles, or nothing


def _is_title(text: str) -> bool:
    """A title or a label, not a sentence of the narrative (those count as narrative even in
    the first rows of a sheet)."""
    t = text.strip()
    return 0 < len(t) <= TITLE_LENGTH and not t.endswith(".")


def _pick(found: list[tuple[str, str, str, str]], certain: bool) -> Pemda | None:
    local = [f for f in found if f[0] != "provinsi"]
    if local:
        if len({k for k, *_ in local}) > 1:
            return None  # a kota and a kabupaten in the titles: not one pemda
        (kind, name), _n = Counter((k, n) for k, n, *_ in local).most_common(1)[0]
        sheet, cell = next((s, c) for k, n, s, c in local if (k, n) == (kind, name))
        return Pemda(kind, name, _province(found), sheet, cell, certain=certain)
    province = _province(found)
    if province is None:
        return None
    sheet, cell = next((s, c) for k, n, s, c in found if k == "provinsi" and n == province)
    return Pemda("provinsi", province, province, sheet, cell, certain=certain)


def _province(found: Iterable[tuple[Any, ...]]) -> str | None:
    names = Counter(f[1] for f in found if f[0] == "provinsi")
    return names.most_common(1)[0][0] if names else None


def mentions(text: str) -> list[tuple[str, str]]:
    """(kind, name) of every "Kota X" / "Kabupaten X" / "Provinsi X" in a text, the name as
    written, cut at the first word that is not part of a name; "Kabupaten/Kota" is no pemda."""
    out = []
    taken = 0  # end of the last name: "Kabupaten Kota Baru" holds no "Kota Baru"
    for m in _MENTION.finditer(text):
        if m.start() < taken:
            continue
        kind = KINDS[m.group("kind").lower()]
        words = []
        name = _NAME.match(text, m.end())
        for i, w in enumerate(name.group(0).split() if name else []):
            bare = w.strip(".,'-").lower()
            # a kabupaten named Kota… (Kotabaru, Kotawaringin) is often written in two words
            if (bare in _STOP and not (i == 0 and kind == "kabupaten" and bare == "kota")) or not w[0].isupper():
                break
            words.append(w.strip(".,-"))
        if words and words[-1].lower() != "kota":
            out.append((kind, " ".join(words).title()))
            taken = m.end() + len(" ".join(words))
    return out
