"""Numbers, percentages, ranges and targets as they appear in Renja workbooks.

A value arrives either as an Excel number (int/float from python-calamine) or as text typed by
a person, in Indonesian notation ("." groups thousands, "," is the decimal mark:
``Rp 4.704.246.000,00``) or English notation (``4,704,246,000.00``), often with "Rp", spaces,
invisible characters, and sometimes malformed. Everything here is a pure function; the
regular expressions are compiled once and nothing heavy is imported, because this runs on
every cell of every table.

Reading rules (``parse_number``)
--------------------------------
* No separator: ``1234`` -> notation "plain".
* One separator followed by 1-2 digits, or by 4+ digits, or after a first group that cannot
  start a thousands grouping (empty, a leading 0, 4+ digits): a decimal mark.
  ``54,20`` -> 54.2 ("id"), ``52.00`` -> 52.0 ("en"), ``0,500`` -> 0.5.
* One separator followed by exactly 3 digits (``1.800``, ``1,800``): thousands or decimal?
  Read as thousands, status "ambiguous", candidates ``(1800.0, 1.8)``. Not ambiguous (status
  "ok", thousands) when the text carries "Rp"/"IDR" (a Rupiah amount never has three decimals)
  or ends in the Indonesian whole-amount mark ",-" (``10.000,-``). ``prefer`` does not change
  this: thousands always come first.
* The same separator more than once: thousands grouping, which must be valid (a first group of
  1-3 digits not starting with 0, then groups of exactly 3) or the number is "malformed".
* Both separators: the last one is the decimal mark when it occurs once, every other separator
  is the other character and the grouping before it is valid (``4.704.246.000,00``,
  ``4,704,246,000.00``). If the decimal part then has exactly three digits (``15,360.000``)
  it looks like one more thousands group: "malformed" with both readings; the reading whose
  decimal mark is the ``prefer`` notation's decimal mark comes first ("id": "," is decimal,
  so ``15,360.000`` -> (15360000, 15360.0) and ``1.234,567`` -> (1234.567, 1234567)).
* Malformed grouping, candidates most likely first, ``value`` = first candidate:
  - last group of 1-2 digits after a valid grouping (``4.704.246.00``): a lost zero
    (4704246000) then the last separator as a decimal mark (4704246.0);
  - last group of 1-2 digits otherwise (``1.2.3``): decimal (12.3) then all digits (123);
  - last group of 3 digits (``12,34,567``): all digits (1234567) then decimal (1234.567);
  - last group of 4+ digits: decimal then all digits.
  Doubled separators (``1..5``) are collapsed and the reading is "malformed".
* A space inside the digits (``156.400. 000``, ``4 704 246 000``) -- a PDF or typing artefact
  that Excel would never produce for a number -- is "malformed" but readable: the value is
  the reading without the space and ``candidates`` starts with it. Digits separated by a space
  that do not form a thousands grouping (``12 34``, ``2 07``) are "text" (two numbers or a
  code, not one number).
* Negative: a leading "-" (also U+2212 and other dashes), or parentheses ``(5.000)``.
* Stripped and noted: "Rp", "Rp.", "IDR" (before or after), "%", a leading/trailing apostrophe
  or quote, NBSP / narrow NBSP / other spaces, zero-width characters, line breaks, trailing
  punctuation (``4.704.246.00,`` at the end of a sentence), the whole-amount mark ",-".
* "-", "–", "—" alone (also "Rp -", "Rp", "%") mean nil: status "empty".
* Excel error values (#REF!, #DIV/0!, #VALUE!, #N/A, #NAME?, #NUM!, #NULL!, ...) and "#####"
  (a number too wide for its column, pasted as text) are status "error", value None.
* Text with words (``23 Orang``) is "text": targets are read by ``parse_target``.
* Excel numbers: status "ok", notation "number"; NaN is "empty"; infinities are "placeholder";
  ``bool`` is "text".
* What programs leave where an amount should be (``null``, ``None``, ``NaN``, ``Infinity``,
  ``undefined``, ``- Belum Diisi``): status "placeholder", value None -- read as empty.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

__all__ = [
    "Number",
    "Range",
    "Target",
    "parse_number",
    "parse_percent",
    "parse_range",
    "parse_target",
    "format_number",
    "format_rupiah",
]

STATUSES = ("ok", "empty", "text", "malformed", "ambiguous", "error")
TARGET_STATUSES = ("ok", "empty", "no_number", "no_unit", "range", "malformed", "ambiguous", "text", "error")


@dataclass(frozen=True, slots=True)
class Number:
    value: float | None  # best reading; None when unreadable/empty
    status: str  # "ok" | "empty" | "placeholder" | "text" | "malformed" | "ambiguous" | "error"
    notation: str  # "number" (stored numeric), "id", "en", "plain", ""
    raw: str  # the original, as str ("" for None)
    is_percent: bool = False  # a % sign was present
    currency: bool = False  # "Rp"/"IDR" was present
    is_text: bool = False  # the value came as text (str), not as an Excel number
    candidates: tuple[float, ...] = ()  # malformed/ambiguous: plausible values, most likely first


@dataclass(frozen=True, slots=True)
class Range:
    low: Number  # as written (first), even when it is larger than the second
    high: Number
    is_percent: bool


@dataclass(frozen=True, slots=True)
class Target:
    value: float | None
    unit: str | None
    is_percent: bool
    status: str  # see TARGET_STATUSES
    raw: str
    low: float | None = None
    high: float | None = None


# --------------------------------------------------------------------------- normalisation

_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000\t\n\r\x0b\x0c\u2028\u2029\u0085"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DASHES = "\u2212\u2010\u2011\u2012\u2013\u2014\u2015\ufe63\uff0d"
_TABLE = str.maketrans(
    {
        **{c: " " for c in _SPACES},
        **{c: None for c in _INVISIBLE},
        **{c: "-" for c in _DASHES},
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\uff05": "%",
        "\ufe6a": "%",
        "\u066a": "%",
    }
)
_QUOTES = "'\"`\u00b4"


def _clean(s: str) -> str:
    s = s.translate(_TABLE).strip()
    if s and (s[0] in _QUOTES or s[-1] in _QUOTES):
        s = s.strip(_QUOTES).strip()
    return s


_HAS_DIGIT = re.compile(r"[0-9]")
_ERROR = re.compile(
    r"#(?:REF!|DIV/0!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|UNKNOWN!|GETTING_DATA)",
    re.I,
)
_NIL = re.compile(r"(?:(?:rp|idr)\.?)?[\s.,]*-*[\s.,-]*%?", re.I)  # "-", "Rp -", "Rp. -,-", "%", "Rp"
_CUR_PRE = re.compile(r"(?:rp|idr)\.?\s*", re.I)
_CUR_SUF = re.compile(r"\s*(?:rp|idr)$", re.I)
_WHOLE = re.compile(r"[.,]\s*-+$")  # "10.000,-": whole Rupiah, no decimals
_CORE = re.compile(r"[0-9., ]+")
_SCI = re.compile(r"([0-9]+)(?:([.,])([0-9]+))?[eE]([+-]?[0-9]{1,3})")
_SEP_SPACE = re.compile(r" *([.,]) *")
_SPACE_GROUPS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?")
_SPLIT = re.compile(r"([.,])")
_MULTI_SEP = re.compile(r"[.,]+(?=[.,])")
_PUNCT = ".,;:!?"


# --------------------------------------------------------------------------- the core


def _valid_groups(groups: list[str]) -> bool:
    """Thousands grouping: a first group of 1-3 digits (no leading 0 when grouped), then 3s."""
    g0 = groups[0]
    if not 1 <= len(g0) <= 3:
        return False
    if len(groups) > 1 and g0[0] == "0":
        return False
    return all(len(g) == 3 for g in groups[1:])


def _dec(groups: list[str]) -> float:
    return float(("".join(groups[:-1]) or "0") + "." + groups[-1])


def _notation_thousands(seps: list[str]) -> str:
    kinds = set(seps)
    if kinds == {"."}:
        return "id"
    if kinds == {","}:
        return "en"
    return ""


def _notation_decimal(seps: list[str]) -> str:
    d = seps[-1]
    other = "," if d == "." else "."
    if all(c == other for c in seps[:-1]):
        return "en" if d == "." else "id"
    return ""


def _dedupe(values: list[float]) -> tuple[float, ...]:
    out: list[float] = []
    for v in values:
        if v not in out:
            out.append(v)
    return tuple(out)


def _malformed(groups: list[str], seps: list[str]) -> tuple[float, str, str, tuple[float, ...]]:
    last, head = groups[-1], groups[:-1]
    if 1 <= len(last) <= 2:
        if len(set(seps)) == 1 and _valid_groups(head):
            cands = [float("".join(head) + last.ljust(3, "0")), _dec(groups)]
            notation = _notation_thousands(seps)
        else:
            cands = [_dec(groups), float("".join(groups))]
            notation = _notation_decimal(seps)
    elif len(last) == 3:
        cands = [float("".join(groups)), _dec(groups)]
        notation = _notation_thousands(seps)
    else:
        cands = [_dec(groups), float("".join(groups))]
        notation = _notation_decimal(seps)
    c = _dedupe(cands)
    return c[0], "malformed", notation, c


def _core(s: str, no_decimals: bool, prefer: str) -> tuple[float | None, str, str, tuple[float, ...]]:
    """Read digits and separators only. Returns (value, status, notation, candidates)."""
    if s.isdigit():
        return float(s), "ok", "plain", ()
    parts = _SPLIT.split(s)
    groups = parts[0::2]
    seps = parts[1::2]
    if "" in groups[1:]:  # "1..5", "1.,5", or a trailing separator
        if groups[-1] == "":
            s2 = s.rstrip(".,")
        else:
            s2 = _MULTI_SEP.sub("", s)
        if not _HAS_DIGIT.search(s2):
            return None, "malformed", "", ()
        v, _status, notation, cands = _core(s2, no_decimals, prefer)
        if v is None:
            return None, "malformed", notation, cands
        return v, "malformed", notation, _dedupe([v, *cands])
    n_dot = seps.count(".")
    n_comma = len(seps) - n_dot
    if not n_dot or not n_comma:  # one kind of separator
        c = seps[0]
        if len(seps) == 1:
            a, b = groups
            if len(b) == 3 and 1 <= len(a) <= 3 and a[0] != "0":
                thousands = float(a + b)
                notation = "id" if c == "." else "en"
                if no_decimals:
                    return thousands, "ok", notation, ()
                return thousands, "ambiguous", notation, (thousands, float(a + "." + b))
            return float((a or "0") + "." + b), "ok", ("en" if c == "." else "id"), ()
        if _valid_groups(groups):
            return float("".join(groups)), "ok", ("id" if c == "." else "en"), ()
        return _malformed(groups, seps)
    # both separators
    d = seps[-1]
    if seps.count(d) == 1 and _valid_groups(groups[:-1]):
        frac = groups[-1]
        notation = "en" if d == "." else "id"
        decimal = float("".join(groups[:-1]) + "." + frac)
        if len(frac) != 3:
            return decimal, "ok", notation, ()
        thousands = float("".join(groups))
        if d == ("," if prefer == "id" else "."):
            return decimal, "malformed", notation, (decimal, thousands)
        return thousands, "malformed", "", (thousands, decimal)
    return _malformed(groups, seps)


def parse_number(raw: object, prefer: str = "id") -> Number:
    """Read one cell value as a number. ``prefer`` ("id" or "en") only orders the two readings
    of a number with both separators and a three-digit tail (see the module docstring)."""
    t = type(raw)
    if t is float or t is int:
        return _stored(raw)
    if raw is None:
        return Number(None, "empty", "", "")
    if t is not str:
        if isinstance(raw, str):  # a str subclass
            return _parse_text(str(raw), str(raw), prefer)
        if isinstance(raw, bool) or "bool" in t.__name__:
            return Number(None, "text", "", str(raw))
        if isinstance(raw, (int, float)) or t.__module__ in ("decimal", "fractions", "numpy"):
            try:
                return _stored(raw)
            except (TypeError, ValueError, OverflowError):
                pass
        return Number(None, "text", "", str(raw))  # dates, times, anything else
    return _parse_text(raw, raw, prefer)


def _stored(raw) -> Number:
    try:
        v = float(raw)
    except OverflowError:
        return Number(None, "error", "number", str(raw))
    if v != v:
        return Number(None, "empty", "", str(raw))
    if v in (math.inf, -math.inf):  # no spreadsheet computes it: a program wrote it
        return Number(None, "placeholder", "number", str(raw))
    return Number(v, "ok", "number", str(raw))


_PLACEHOLDER = re.compile(r"[-\s(]*(?:null|none|nan|[+-]?inf(?:inity)?|undefined|n/?a|"
                          r"belum\s+(?:diisi|ada|ditentukan|diinput))[-\s.)]*", re.I)


def _parse_text(s: str, raw: str, prefer: str) -> Number:
    if s.isdigit() and s.isascii() and len(s) < 300:  # fast path: "4704246000"
        return Number(float(s), "ok", "plain", raw, False, False, True)
    s = _clean(s)
    if not s:
        return Number(None, "empty", "", raw, False, False, True)
    if not _HAS_DIGIT.search(s) and _PLACEHOLDER.fullmatch(s):
        return Number(None, "placeholder", "", raw, False, False, True)
    if s[0] == "#":
        if s.strip("#") == "" or _ERROR.fullmatch(s):
            return Number(None, "error", "", raw, False, False, True)
    if not _HAS_DIGIT.search(s):
        if _NIL.fullmatch(s):
            low = s.lower()
            return Number(None, "empty", "", raw, s.endswith("%"), low.startswith(("rp", "idr")), True)
        return Number(None, "text", "", raw, False, False, True)

    neg = pct = cur = no_decimals = False
    changed = True
    while changed and s:
        changed = False
        c0 = s[0]
        if c0 == "(" and s[-1] == ")":
            neg = not neg
            s = s[1:-1].strip()
            changed = True
            continue
        if c0 == "-" or c0 == "+":
            neg ^= c0 == "-"
            s = s[1:].lstrip()
            changed = True
            continue
        if c0 in "rRiI":
            m = _CUR_PRE.match(s)
            if m:
                cur = True
                s = s[m.end():]
                changed = True
                continue
        c1 = s[-1]
        if c1 == "%":
            pct = True
            s = s[:-1].rstrip()
            changed = True
        elif c1 == "-":
            m = _WHOLE.search(s)
            if m:
                no_decimals = True
                s = s[: m.start()].rstrip()
                changed = True
        elif c1 in _PUNCT:
            s = s.rstrip(_PUNCT).rstrip()
            changed = True
        elif c1 in "pPrR":
            m = _CUR_SUF.search(s)
            if m:
                cur = True
                s = s[: m.start()].rstrip()
                changed = True
    if not s or not _HAS_DIGIT.search(s):
        return Number(None, "text", "", raw, pct, cur, True)
    if not _CORE.fullmatch(s):
        m = _SCI.fullmatch(s)
        if not m:
            return Number(None, "text", "", raw, pct, cur, True)
        mant, sep, frac, exp = m.groups()
        v = float(mant + ("." + frac if frac else "") + "e" + exp)
        if not math.isfinite(v):  # "1E309": beyond any float
            return Number(None, "error", "", raw, pct, cur, True)
        notation = "plain" if not sep else ("en" if sep == "." else "id")
        return Number(-v if neg else v, "ok", notation, raw, pct, cur, True)

    spaced = False
    if " " in s:
        s = _SEP_SPACE.sub(r"\1", s)
        if " " in s:
            if not _SPACE_GROUPS.fullmatch(s):
                return Number(None, "text", "", raw, pct, cur, True)
            s = s.replace(" ", "")
        spaced = True
    value, status, notation, cands = _core(s, cur or no_decimals, prefer)
    if value is not None and len(s) > 300 and not math.isfinite(value):
        return Number(None, "malformed", "", raw, pct, cur, True)
    if spaced and status != "malformed":
        status = "malformed"
        cands = cands or (value,)
    if neg:
        value = -value if value is not None else None
        cands = tuple(-c for c in cands)
    return Number(value, status, notation, raw, pct, cur, True, cands)


# --------------------------------------------------------------------------- percentages


_KOEFISIEN = re.compile(r"\s*(?:;|\bx\b|×|\*)\s*", re.I)
_KOEF_PART = re.compile(r"^\s*([0-9][0-9.,]*)\s*[A-Za-z/ .]*$")


def parse_volume(raw: object) -> Number:
    """A budget line's volume: a number, or its koefisien typed as factors ("200;2" of
    "lembar;bulan", "2 Unit x 3 Hari"): their product, status "ok"."""
    num = parse_number(raw)
    if num.status != "malformed" and num.status != "text" or not isinstance(raw, str):
        return num
    parts = _KOEFISIEN.split(raw.strip())
    if len(parts) < 2:
        return num
    product = 1.0
    for part in parts:
        m = _KOEF_PART.match(part)
        factor = parse_number(m.group(1).rstrip(".,")) if m else None
        if factor is None or factor.status != "ok" or factor.value is None:
            return num
        product *= factor.value
    return Number(product, "ok", "koefisien", raw, is_text=True)


def _round_pct(v: float) -> float:
    return round(v * 100.0, 10)


def parse_percent(raw: object, stored_as_fraction: bool = False) -> Number:
    """A percentage, in percent units: "54%", "54 %", "54,20%" -> 54.0 / 54.2.

    * An Excel number with ``stored_as_fraction=True`` (a cell with a % number format) is a
      fraction: 0.54 -> 54.0, status "ok", ``is_percent`` True. The flag does not apply to text.
    * A value strictly between -1 and 1 (not 0) with no % sign -- text "0,54" or an Excel number
      without the flag -- is probably a fraction: value 54.0, status "ambiguous", candidates
      (54.0, 0.54).
    * A single separator before three digits ("12.500%") reads as a decimal first here
      (12.5, then 12500): a percentage is far likelier to have three decimals than to exceed
      a thousand.
    * Everything else is ``parse_number``'s reading, unchanged.
    """
    n = parse_number(raw)
    v = n.value
    if v is None:
        return n
    if not n.is_text:
        if stored_as_fraction:
            return replace(n, value=_round_pct(v), is_percent=True)
        if 0 < abs(v) < 1:
            f = _round_pct(v)
            return replace(n, value=f, status="ambiguous", candidates=(f, v))
        return n
    if n.status == "ambiguous" and len(n.candidates) == 2:
        thousands, decimal = n.candidates
        notation = {"id": "en", "en": "id"}.get(n.notation, n.notation)
        n = replace(n, value=decimal, notation=notation, candidates=(decimal, thousands))
        v = decimal
    if not n.is_percent and n.status == "ok" and 0 < abs(v) < 1:
        f = _round_pct(v)
        return replace(n, value=f, status="ambiguous", candidates=(f, v))
    return n


# --------------------------------------------------------------------------- ranges

_SIDE = r"(?:(?:rp|idr)\.?\s*)?[-+]?[0-9][0-9.,]*(?:\s?%)?"
_RANGE_SEP = r"\s*(?:-+|~|s\.?\s?/?\s?d\.?|sampai(?:\s+dengan)?|hingga)\s*"
_RANGE = re.compile(rf"(?P<a>{_SIDE}){_RANGE_SEP}(?P<b>{_SIDE})(?P<unit>\s*[^\W\d_].*)?", re.I | re.S)
_LEADING_ZERO = re.compile(r"(?:(?:rp|idr)\.?\s*)?[-+]?0[0-9]", re.I)


def _range_parts(s: str):
    """(low, high, is_percent, unit) or None. ``s`` is already cleaned."""
    if not s or not s[0].isalnum() and s[0] not in "-+":
        return None
    m = _RANGE.fullmatch(s.rstrip(";,.:"))
    if not m:
        return None
    a, b = m.group("a"), m.group("b")
    if _LEADING_ZERO.match(a) or _LEADING_ZERO.match(b):  # "2-07", "2024-01": codes and dates
        return None
    low, high = parse_number(a), parse_number(b)
    readable = ("ok", "ambiguous", "malformed")
    if low.status not in readable or high.status not in readable:
        return None
    pct = low.is_percent or high.is_percent
    cur = low.currency or high.currency
    if pct or cur:
        low = replace(low, is_percent=pct, currency=cur)
        high = replace(high, is_percent=pct, currency=cur)
    unit = m.group("unit")
    unit = " ".join(unit.split()) if unit else None
    return low, high, pct, unit


def parse_range(raw: object) -> Range | None:
    """"8,35-10,25%", "89,30 – 89,98%", "85 s/d 100", "Rp 10.000 - Rp 20.000" -> Range.

    None when the value is not exactly two numbers joined by a dash, "~", "s/d", "sampai
    (dengan)" or "hingga": a negative number ("-5"), a code or date with a leading zero
    ("2-07", "2024-01"), an Excel number, or a range followed by a unit ("10-20 Orang",
    which ``parse_target`` reads). ``low``/``high`` are the first and second number as
    written, even when the first is the larger. A % on either side makes both percentages.
    """
    if not isinstance(raw, str):
        return None
    parts = _range_parts(_clean(raw))
    if parts is None or parts[3] is not None:
        return None
    return Range(parts[0], parts[1], parts[2])


# --------------------------------------------------------------------------- targets

_TARGET = re.compile(
    r"(?P<cur>(?:rp|idr)\.?\s*)?(?P<num>[-+]?\(?[0-9]+(?: ?[.,] ?[0-9]+)*\)?)(?P<rest>.*)", re.I | re.S
)
_REST_JUNK = re.compile(r"^(?:[.,]\s*-+|[\s,;:]+)|[\s,;:]+$")


def _is_percent_unit(unit: str) -> bool:
    u = unit.lower()
    return u.startswith("%") or u.startswith("persen") or u.startswith("percent")


def parse_target(raw: object) -> Target:
    """A target: a number and a unit. "23 Orang/Bulan" -> (23, "Orang/Bulan", "ok").

    Statuses: "ok"; "empty" (None, "", "-"); "no_number" (a unit alone: "Orang", "%");
    "no_unit" (a number alone: "12", or an Excel number); "range" ("8,35-10,25%": value None,
    low/high set); "malformed" / "ambiguous" (the number part is, see ``parse_number``);
    "text" (words before the number: "Level 3", "≥ 90%"); "error" (an Excel error value).

    A single separator before three digits followed by a non-% unit ("3.000 Orang",
    "1,800 Orang") is read as thousands with status "ok": a count is never 1.8 persons.
    The unit is kept as written (whitespace collapsed), PDF breaks included ("Perusaha an").
    "Rp"/"IDR" before the number gives the unit "Rp".
    """
    t = type(raw)
    if raw is None:
        return Target(None, None, False, "empty", "")
    if t is not str:
        n = parse_number(raw)
        if n.status == "ok":
            return Target(n.value, None, False, "no_unit", n.raw)
        status = "empty" if n.status == "placeholder" else n.status if n.status in TARGET_STATUSES else "text"
        return Target(None, None, False, status, n.raw)
    s = _clean(raw)
    if not s:
        return Target(None, None, False, "empty", raw)
    if s[0] == "#" and (s.strip("#") == "" or _ERROR.fullmatch(s)):
        return Target(None, None, False, "error", raw)
    if not _HAS_DIGIT.search(s):
        if _NIL.fullmatch(s) and ("-" in s or not any(c.isalpha() or c == "%" for c in s)):
            return Target(None, None, False, "empty", raw)  # "-", "Rp -", "."
        unit = " ".join(s.split())
        return Target(None, unit, _is_percent_unit(unit), "no_number", raw)
    rp = _range_parts(s)
    if rp is not None:
        low, high, pct, unit = rp
        if unit is None:
            unit = "%" if pct else ("Rp" if low.currency else None)
        elif low.currency:
            unit = "Rp " + unit
        pct = pct or (unit is not None and _is_percent_unit(unit))
        return Target(None, unit, pct, "range", raw, low.value, high.value)
    m = _TARGET.match(s)
    if not m:
        return Target(None, None, False, "text", raw)
    n = parse_number((m.group("cur") or "") + m.group("num"))
    rest = m.group("rest")
    unit = " ".join(_REST_JUNK.sub("", rest).split()) if rest else ""
    if unit and all(c in _PUNCT + "-" for c in unit.replace(" ", "")):
        unit = ""
    if unit and unit[0].isdigit():  # "1 234 Orang", "2 07": not one number and a unit
        return Target(None, None, False, "text", raw)
    if n.currency:
        unit = "Rp " + unit if unit else "Rp"
    is_pct = bool(unit) and _is_percent_unit(unit)
    if n.status == "malformed":
        status = "malformed"
    elif n.status == "ambiguous":
        status = "ok" if unit and not is_pct else "ambiguous"
    elif n.status == "ok":
        status = "ok" if unit else "no_unit"
    else:
        return Target(None, unit or None, is_pct, "text", raw)
    return Target(n.value, unit or None, is_pct, status, raw)


# --------------------------------------------------------------------------- formatting

_TO_ID = str.maketrans({",": ".", ".": ","})


def format_number(value: float, lang: str = "id", decimals: int | None = None) -> str:
    """4704246000 -> "4.704.246.000" (id) / "4,704,246,000" (en); 45.61 -> "45,61" / "45.61".

    ``decimals=None``: as many as needed up to 2 (rounded), no trailing zeros, whole numbers
    plain. Otherwise exactly ``decimals`` places. NaN and infinities come back as str(value).
    """
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', not {lang!r}")
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    if decimals is None:
        s = f"{abs(v):,.2f}"
        if s.endswith(".00"):
            s = s[:-3]
        elif s.endswith("0"):
            s = s[:-1]
    else:
        s = f"{abs(v):,.{decimals}f}"
    if v < 0 and s.strip("0.,"):
        s = "-" + s
    return s.translate(_TO_ID) if lang == "id" else s


def format_rupiah(value: float, lang: str = "id") -> str:
    """"Rp 4.704.246.000" / "Rp 4,704,246,000"; negative: "-Rp 5.000"."""
    s = format_number(value, lang)
    if s.startswith("-"):
        return "-Rp " + s[1:]
    return "Rp " + s
