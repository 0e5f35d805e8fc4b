"""`compare DIR_A DIR_B`: which workbook of one folder is which of the other, by agency.

Pairs are made, in order, by the file name without its stage and version words (rules/compare.yaml
`pairing.ignore_words`, years and numbers), then by the OPD code the workbooks hold, then by
the OPD's name. What is left on either side is reported as unpaired.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from reconcile.read.hierarchy import name_key

_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Pairing:
    pairs: list[tuple[Path, Path, str]] = field(default_factory=list)  # (a, b, how: file | code | name)
    only_a: list[Path] = field(default_factory=list)
    only_b: list[Path] = field(default_factory=list)
    read: dict[Path, Any] = field(default_factory=dict)  # workbooks read for pairing: not read again


def name_key_of(path: Path, ignore: set[str]) -> str:
    words = [w for w in _WORD.findall(path.stem.lower()) if w not in ignore and not w.isdigit()]
    return " ".join(words)


def pair_folders(files_a: list[Path], files_b: list[Path], config, agency: Callable[[Path], Any]) -> Pairing:
    """`agency(path)` -> (workbook or None, unit codes, unit name keys); asked only for files the
    file name did not pair."""
    data = config.load("compare.yaml") if config.path("compare.yaml").exists() else {}
    ignore = {str(w).lower() for w in ((data.get("pairing") or {}).get("ignore_words") or ())}
    out = Pairing()
    left_a, left_b = list(files_a), list(files_b)
    by_name: dict[str, list[Path]] = {}
    for p in left_b:
        by_name.setdefault(name_key_of(p, ignore), []).append(p)
    for p in list(left_a):
        cands = by_name.get(name_key_of(p, ignore)) or []
        if name_key_of(p, ignore) and len(cands) == 1 and cands[0] in left_b:
            out.pairs.append((p, cands[0], "file"))
            left_a.remove(p)
            left_b.remove(cands[0])
    if left_a and left_b:
        facts = {}
        for p in left_a + left_b:
            wb, codes, names = agency(p)
            facts[p] = (set(codes), set(names))
            if wb is not None:
                out.read[p] = wb
        for how, k in (("code", 0), ("name", 1)):
            for p in list(left_a):
                mine = facts[p][k]
                cands = [q for q in left_b if mine and facts[q][k] == mine]
                if len(cands) == 1:
                    out.pairs.append((p, cands[0], how))
                    left_a.remove(p)
                    left_b.remove(cands[0])
    out.only_a, out.only_b = left_a, left_b
    return out


def agency_of(path: Path, config) -> tuple[Any, list[str], list[str]]:
    """The workbook and the OPD codes and names it holds (from its unit columns or rows, else
    the agency named in a table's title: 'DINAS TENAGA KERJA KOTA PONTIANAK TAHUN 2024')."""
    from reconcile.read import ReadError, read_workbook

    try:
        wb = read_workbook(path, config)
    except ReadError:
        return None, [], []
    codes, names = [], []
    for t in wb.tables:
        for code, label in t.units():
            if code and code != label:
                codes.append(code)
            if label:
                names.append(name_key(label))
    if not names:
        for t in wb.tables:
            m = re.search(r"\b((?:dinas|badan|kantor|sekretariat|inspektorat|satuan|rsud|kecamatan)\b.*?)"
                          r"(?:\btahun\b|\d{4}|$)", name_key(t.title or ""))
            if m:
                names.append(m.group(1).strip())
    return wb, sorted(set(codes)), sorted(set(names))
