"""The agency and plan year a workbook states in the first rows of its sheets, read once after
the tables are found (the batch summary and the drop folder name files by them)."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

TITLE_ROWS = 8  # agency and year are looked for in the first rows of each sheet

_AGENCY_LABEL = re.compile(
    r"^\s*(?:nama\s+)?(?:perangkat\s+daerah|opd|skpd|satuan\s+kerja(?:\s+perangkat\s+daerah)?|unit\s+kerja|instansi)"
    r"\s*(?::\s*(?P<value>.*))?$", re.I | re.S)
_REGION_LABEL = re.compile(
    r"^\s*(?:pemerintah\s+daerah|pemda|pemerintah\s+(?:kota|kabupaten|provinsi)|kabupaten\s*/\s*kota)"
    r"\s*(?::\s*(?P<value>.*))?$", re.I | re.S)
_YEAR_LABEL = re.compile(r"^\s*tahun(?:\s+anggaran|\s+rencana)?\s*(?::\s*(?P<value>.*))?$", re.I | re.S)
_AGENCY_WORDS = (r"dinas|badan|kantor|sekretariat|inspektorat|satuan\s+polisi|rumah\s+sakit|rsud|kecamatan|"
                 r"bagian|biro|kelurahan|sekretariat\s+dprd")
_AGENCY_TEXT = re.compile(
    rf"\b(?P<agency>(?:{_AGENCY_WORDS})\b.+?)(?=\s+(?:tahun|ta\.?)\s*(?:anggaran\s+)?\d{{4}}|\s*[,;()]|\s+[-–]\s|\s*$)",
    re.I | re.S)
_REGION_WORD = re.compile(r"\b(?:kota|kabupaten|kab\.|provinsi)\b", re.I)
_YEAR_IN_TEXT = re.compile(r"\btahun\s+(?:anggaran\s+)?(?P<year>(?:19|20|21)\d\d)\b", re.I)
_PLAN_YEAR = re.compile(r"\b(?:renja|rencana\s+kerja|rkpd|rancangan\s+(?:awal\s+)?renja)\b.*?"
                        r"\btahun\s+(?:anggaran\s+)?(?P<year>(?:19|20|21)\d\d)\b", re.I | re.S)
_LEADING_CODE = re.compile(r"^\d+(?:\.\d+)+\s*[-–]?\s*")  # SIPD: "1.01.0.00.0.00.01.0000 Dinas …"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" :\t-–")


def _label_value(row: list[Any], j: int, match: re.Match, strip_code: bool = True) -> str:
    """The value of "Label : value", in the same cell or in the next filled cell of the row."""
    value = match.group("value")
    if value is None or not value.strip(" :"):
        value = next((str(v) for v in row[j + 1:j + 6] if v not in (None, "") and str(v).strip(" :")), "")
    value = _clean(str(value))
    return _clean(_LEADING_CODE.sub("", value)) if strip_code else value


def _year(text: str) -> int | None:
    m = re.search(r"(?:19|20|21)\d\d", str(text))
    return int(m.group(0)) if m else None


def identify_workbook(wb) -> tuple[str | None, int | None]:
    """The agency and plan year the workbook states in the first rows of its sheets:
    "Perangkat Daerah : Dinas X" (+ "Pemerintah Daerah : Kota Y"), or a title such as
    "DINAS TENAGA KERJA KOTA PONTIANAK TAHUN 2024 - 2025"; the year from "Tahun : 2024", the
    year in that title, or "Renja … Tahun 2024". (None, None) when nothing is stated."""
    label_agency = region = None
    strong_agency = weak_agency = None
    year_with_agency = label_year = plan_year = None
    first_header = defaultdict(lambda: TITLE_ROWS + 1)
    for t in getattr(wb, "tables", []):
        if t.header_rows:
            first_header[t.sheet] = min(first_header[t.sheet], t.header_rows[0])
    sheets = [s.name for s in getattr(wb, "sheets", []) if getattr(s, "visible", True)] or list(wb.grids)
    for sheet in sheets:
        rows = wb.grids.get(sheet) or []
        limit = min(TITLE_ROWS, max(first_header[sheet] - 1, 1))
        for row in rows[:limit]:
            for j, v in enumerate(row[:30]):
                if type(v) is not str or not v.strip():
                    continue
                text = v.strip()
                if label_agency is None and (m := _AGENCY_LABEL.match(text)):
                    label_agency = _label_value(row, j, m) or None
                    continue
                if region is None and (m := _REGION_LABEL.match(text)):
                    region = _label_value(row, j, m) or None
                    continue
                if label_year is None and (m := _YEAR_LABEL.match(text)):
                    label_year = _year(_label_value(row, j, m, strip_code=False))
                    continue
                if plan_year is None and (m := _PLAN_YEAR.search(text)):
                    plan_year = int(m.group("year"))
                if strong_agency is None or weak_agency is None:
                    for m in _AGENCY_TEXT.finditer(text):
                        agency = _clean(m.group("agency"))
                        if len(agency) > 120:
                            continue
                        if _REGION_WORD.search(agency):
                            if strong_agency is None:
                                strong_agency = agency
                                y = _YEAR_IN_TEXT.search(text[m.end():])
                                year_with_agency = int(y.group("year")) if y else None
                            break
                        if weak_agency is None:
                            weak_agency = agency
    agency = None
    if label_agency:
        agency = label_agency
        if region and region.lower() not in agency.lower():
            agency = f"{agency} {region}"
    else:
        agency = strong_agency or weak_agency
    year = label_year or year_with_agency or plan_year
    if year is not None and not 1990 <= year <= 2100:
        year = None
    return agency, year
