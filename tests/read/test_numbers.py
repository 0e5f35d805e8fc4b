"""Tests for reconcile.read.numbers: the reading of numbers, percentages, ranges and targets."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reconcile.read.numbers import (
    Number,
    Range,
    Target,
    format_number,
    format_rupiah,
    parse_number,
    parse_percent,
    parse_range,
    parse_target,
)

STATUSES = {"ok", "empty", "placeholder", "text", "malformed", "ambiguous", "error"}
TARGET_STATUSES = {"ok", "empty", "no_number", "no_unit", "range", "malformed", "ambiguous", "text", "error"}

# --------------------------------------------------------------------------- parse_number

# (raw, value, status, notation, candidates)
NUMBER_CASES = [
    # Indonesian notation
    ("4.704.246.000", 4704246000.0, "ok", "id", ()),
    ("Rp 4.704.246.000,00", 4704246000.0, "ok", "id", ()),
    ("1.234.567,89", 1234567.89, "ok", "id", ()),
    ("1234,5", 1234.5, "ok", "id", ()),
    ("4.561,29", 4561.29, "ok", "id", ()),
    ("15.588,24", 15588.24, "ok", "id", ()),
    ("54,20", 54.2, "ok", "id", ()),
    ("98,82", 98.82, "ok", "id", ()),
    (",5", 0.5, "ok", "id", ()),
    ("0,500", 0.5, "ok", "id", ()),  # a thousands group never starts a number with 0
    # English notation
    ("4,704,246,000", 4704246000.0, "ok", "en", ()),
    ("1,234,567.89", 1234567.89, "ok", "en", ()),
    ("1234.5", 1234.5, "ok", "en", ()),
    ("52.00", 52.0, "ok", "en", ()),
    ("IDR 5,000,000.50", 5000000.5, "ok", "en", ()),
    ("1234.567", 1234.567, "ok", "en", ()),  # first group too long for a thousands grouping
    (".5", 0.5, "ok", "en", ()),
    # plain
    ("4704246000", 4704246000.0, "ok", "plain", ()),
    ("0", 0.0, "ok", "plain", ()),
    ("  \n 7 \n", 7.0, "ok", "plain", ()),
    ("1.5E+10", 1.5e10, "ok", "en", ()),
    # one separator before three digits: thousands first, ambiguous
    ("1.800", 1800.0, "ambiguous", "id", (1800.0, 1.8)),
    ("1,800", 1800.0, "ambiguous", "en", (1800.0, 1.8)),
    ("\u200b1.174\u00a0", 1174.0, "ambiguous", "id", (1174.0, 1.174)),
    ("(5.000)", -5000.0, "ambiguous", "id", (-5000.0, -5.0)),
    # ... but not with a currency sign or the whole-amount mark ",-"
    ("Rp.145.970", 145970.0, "ok", "id", ()),
    ("Rp 1,800", 1800.0, "ok", "en", ()),
    ("10.000,-", 10000.0, "ok", "id", ()),
    ("Rp 1.500.000,-", 1500000.0, "ok", "id", ()),
    ("5.000 Rp.", 5000.0, "ok", "id", ()),
    # decorations
    ("'4.704.246.000", 4704246000.0, "ok", "id", ()),
    ("4.704.246.000'", 4704246000.0, "ok", "id", ()),
    ("\u2019Rp\u00a04.704.246.000\u202f", 4704246000.0, "ok", "id", ()),
    ("\ufeff2,858,246,000\u200b", 2858246000.0, "ok", "en", ()),
    ("4.704.246.000.", 4704246000.0, "ok", "id", ()),  # end of a sentence
    ("\u22121.234,5", -1234.5, "ok", "id", ()),  # unicode minus
    ("-Rp 2.500.000", -2500000.0, "ok", "id", ()),
    ("Rp (2.500.000)", -2500000.0, "ok", "id", ()),
    ("(1,234,567.89)", -1234567.89, "ok", "en", ()),
    ("+12,5", 12.5, "ok", "id", ()),
    ("4.704.\n246.000", 4704246000.0, "malformed", "id", (4704246000.0,)),
    # malformed
    ("4.704.246.00", 4704246000.0, "malformed", "id", (4704246000.0, 4704246.0)),
    ("Rp. 4.704.246.00,", 4704246000.0, "malformed", "id", (4704246000.0, 4704246.0)),
    ("4.704.246.0", 4704246000.0, "malformed", "id", (4704246000.0, 4704246.0)),
    ("15,360.000", 15360000.0, "malformed", "", (15360000.0, 15360.0)),
    ("1.234,567", 1234.567, "malformed", "id", (1234.567, 1234567.0)),
    ("1.2.3", 12.3, "malformed", "", (12.3, 123.0)),
    ("12,34,567", 1234567.0, "malformed", "en", (1234567.0, 1234.567)),
    ("1,234.567,89", 1234567.89, "malformed", "", (1234567.89, 123456789.0)),
    ("1..5", 1.5, "malformed", "en", (1.5,)),
    ("Rp. 156.400. 000", 156400000.0, "malformed", "id", (156400000.0,)),
    ("4 704 246 000", 4704246000.0, "malformed", "plain", (4704246000.0,)),
    # nil, text and errors
    ("-", None, "empty", "", ()),
    ("\u2013", None, "empty", "", ()),
    ("\u2014", None, "empty", "", ()),
    ("Rp -", None, "empty", "", ()),
    ("", None, "empty", "", ()),
    ("   \u00a0\u200b ", None, "empty", "", ()),
    ("23 Orang", None, "text", "", ()),
    ("Dana Alokasi Umum", None, "text", "", ()),
    ("12 34", None, "text", "", ()),
    ("2 07", None, "text", "", ()),
    ("12/05/2023", None, "text", "", ()),
    ("#REF!", None, "error", "", ()),
    ("#DIV/0!", None, "error", "", ()),
    ("#VALUE!", None, "error", "", ()),
    ("#N/A", None, "error", "", ()),
    ("#NAME?", None, "error", "", ()),
    ("#NUM!", None, "error", "", ()),
    ("#NULL!", None, "error", "", ()),
    ("#####", None, "error", "", ()),
    ("#1", None, "text", "", ()),
    ("1" * 400, None, "malformed", "", ()),  # no float can hold it
]


@pytest.mark.parametrize(("raw", "value", "status", "notation", "candidates"), NUMBER_CASES, ids=repr)
def test_parse_number_text(raw, value, status, notation, candidates):
    n = parse_number(raw)
    assert (n.value, n.status, n.notation, n.candidates) == (value, status, notation, candidates)
    assert n.raw == raw
    assert n.is_text is True


def test_number_cases_are_many_and_distinct():
    raws = [c[0] for c in NUMBER_CASES]
    assert len(raws) >= 40 and len(set(raws)) == len(raws)


@pytest.mark.parametrize(
    ("raw", "is_percent", "currency"),
    [
        ("54%", True, False),
        ("54 %", True, False),
        ("Rp 5.000", False, True),
        ("rp. 5.000", False, True),
        ("IDR 5,000", False, True),
        ("5.000 Rp", False, True),
        ("5.000", False, False),
        ("Rp -", False, True),
        ("%", True, False),
        ("54%.", True, False),
    ],
)
def test_parse_number_flags(raw, is_percent, currency):
    n = parse_number(raw)
    assert (n.is_percent, n.currency) == (is_percent, currency)


def test_parse_number_percent_keeps_the_written_value():
    assert parse_number("100,93%").value == 100.93
    assert parse_number("52.00%").value == 52.0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (4704246000, Number(4704246000.0, "ok", "number", "4704246000")),
        (2.5, Number(2.5, "ok", "number", "2.5")),
        (-3, Number(-3.0, "ok", "number", "-3")),
        (0.0, Number(0.0, "ok", "number", "0.0")),
        (Decimal("1.25"), Number(1.25, "ok", "number", "1.25")),
        (None, Number(None, "empty", "", "")),
        (float("nan"), Number(None, "empty", "", "nan")),
        (float("inf"), Number(None, "placeholder", "number", "inf")),  # no spreadsheet computes it
        (True, Number(None, "text", "", "True")),
        (10**400, Number(None, "error", "number", "1" + "0" * 400)),
        (False, Number(None, "text", "", "False")),
    ],
    ids=repr,
)
def test_parse_number_stored_values(raw, expected):
    assert parse_number(raw) == expected


def test_parse_number_date_is_text():
    import datetime

    assert parse_number(datetime.date(2024, 1, 2)).status == "text"
    assert parse_number(datetime.datetime(2024, 1, 2)).value is None


@pytest.mark.parametrize(
    ("raw", "prefer", "value", "candidates"),
    [
        ("15,360.000", "id", 15360000.0, (15360000.0, 15360.0)),
        ("15,360.000", "en", 15360.0, (15360.0, 15360000.0)),
        ("1.234,567", "id", 1234.567, (1234.567, 1234567.0)),
        ("1.234,567", "en", 1234567.0, (1234567.0, 1234.567)),
        ("1.800", "en", 1800.0, (1800.0, 1.8)),  # prefer never changes thousands-first
    ],
)
def test_prefer_orders_both_separator_readings(raw, prefer, value, candidates):
    n = parse_number(raw, prefer=prefer)
    assert (n.value, n.candidates) == (value, candidates)


# --------------------------------------------------------------------------- parse_percent

@pytest.mark.parametrize(
    ("raw", "fraction", "value", "status", "candidates"),
    [
        ("54%", False, 54.0, "ok", ()),
        ("54 %", False, 54.0, "ok", ()),
        ("54,20%", False, 54.2, "ok", ()),
        ("100,93%", False, 100.93, "ok", ()),
        ("52.00%", False, 52.0, "ok", ()),
        ("90,87%", False, 90.87, "ok", ()),
        ("97,14", False, 97.14, "ok", ()),
        ("0%", False, 0.0, "ok", ()),
        ("0,5%", False, 0.5, "ok", ()),  # a % sign: never a fraction
        ("0,54", False, 54.0, "ambiguous", (54.0, 0.54)),  # no % sign: probably a fraction
        ("12.500%", False, 12.5, "ambiguous", (12.5, 12500.0)),  # decimal first for percentages
        (0.54, True, 54.0, "ok", ()),
        (0.545, True, 54.5, "ok", ()),
        (1, True, 100.0, "ok", ()),
        (0.54, False, 54.0, "ambiguous", (54.0, 0.54)),
        (54, False, 54.0, "ok", ()),
        ("0,54", True, 54.0, "ambiguous", (54.0, 0.54)),  # the flag is for Excel numbers only
        ("54%", True, 54.0, "ok", ()),
        ("-", False, None, "empty", ()),
        ("#DIV/0!", False, None, "error", ()),
    ],
)
def test_parse_percent(raw, fraction, value, status, candidates):
    n = parse_percent(raw, stored_as_fraction=fraction)
    assert (n.value, n.status, n.candidates) == (value, status, candidates)


def test_parse_percent_flags_and_notation():
    assert parse_percent(0.54, stored_as_fraction=True).is_percent is True
    assert parse_percent("12.500%").notation == "en"  # notation follows the decimal reading
    assert parse_percent("54%").is_percent is True
    assert parse_percent("0,54").is_percent is False


# --------------------------------------------------------------------------- parse_range

@pytest.mark.parametrize(
    ("raw", "low", "high", "is_percent"),
    [
        ("8,35-10,25%", 8.35, 10.25, True),
        ("8,20-10,20%", 8.2, 10.2, True),
        ("89,30 \u2013 89,98%", 89.3, 89.98, True),
        ("89,75-91,65", 89.75, 91.65, False),
        ("8,35% - 10,25%", 8.35, 10.25, True),
        ("Rp 10.000 - Rp 20.000", 10000.0, 20000.0, False),
        ("85 s/d 100", 85.0, 100.0, False),
        ("85 s.d. 100 %", 85.0, 100.0, True),
        ("70 sampai dengan 85", 70.0, 85.0, False),
        ("-5 - 10", -5.0, 10.0, False),
        ("10,25-8,35%", 10.25, 8.35, True),  # as written, even reversed
    ],
)
def test_parse_range(raw, low, high, is_percent):
    r = parse_range(raw)
    assert isinstance(r, Range)
    assert (r.low.value, r.high.value, r.is_percent) == (low, high, is_percent)
    assert r.low.is_percent == r.high.is_percent == is_percent


def test_parse_range_currency_spreads_to_both_sides():
    r = parse_range("Rp 10.000 - 20.000")
    assert r is not None and r.low.currency and r.high.currency


@pytest.mark.parametrize(
    "raw",
    ["-5", "\u22125", "2-07", "2024-01", "5", "89,30%", "10-20 Orang", "a-b", "-", "", None, 5.0, "5-", "12-05-2023"],
)
def test_parse_range_none(raw):
    assert parse_range(raw) is None


# --------------------------------------------------------------------------- parse_target

# (raw, value, unit, is_percent, status, low, high)
TARGET_CASES = [
    ("23 Orang/Bulan", 23.0, "Orang/Bulan", False, "ok", None, None),
    ("69 Orang / Bulan", 69.0, "Orang / Bulan", False, "ok", None, None),
    ("20 Orang/ Bulan", 20.0, "Orang/ Bulan", False, "ok", None, None),
    ("15 Dokumen", 15.0, "Dokumen", False, "ok", None, None),
    ("100%", 100.0, "%", True, "ok", None, None),
    ("100 %", 100.0, "%", True, "ok", None, None),
    ("100,93%", 100.93, "%", True, "ok", None, None),
    ("52.00%", 52.0, "%", True, "ok", None, None),
    ("3.000 Orang", 3000.0, "Orang", False, "ok", None, None),
    ("1,800 Orang", 1800.0, "Orang", False, "ok", None, None),
    ("9000 Orang", 9000.0, "Orang", False, "ok", None, None),
    ("0 Orang", 0.0, "Orang", False, "ok", None, None),
    ("Rp. 156.400.000", 156400000.0, "Rp", False, "ok", None, None),
    ("Rp.145.970", 145970.0, "Rp", False, "ok", None, None),
    ("Rp. 156.400. 000", 156400000.0, "Rp", False, "malformed", None, None),
    ("8,35-10,25%", None, "%", True, "range", 8.35, 10.25),
    ("89,30 \u2013 89,98%", None, "%", True, "range", 89.3, 89.98),
    ("89,75-91,65", None, None, False, "range", 89.75, 91.65),
    ("10 - 20 Orang", None, "Orang", False, "range", 10.0, 20.0),
    ("Orang", None, "Orang", False, "no_number", None, None),
    ("Orang / Bulan", None, "Orang / Bulan", False, "no_number", None, None),
    ("%", None, "%", True, "no_number", None, None),
    ("12", 12.0, None, False, "no_unit", None, None),
    ("4.561,29", 4561.29, None, False, "no_unit", None, None),
    ("1.800", 1800.0, None, False, "ambiguous", None, None),
    ("1.800%", 1800.0, "%", True, "ambiguous", None, None),
    ("90 Perusaha an", 90.0, "Perusaha an", False, "ok", None, None),
    ("45 Perusaha\nan", 45.0, "Perusaha an", False, "ok", None, None),
    ("4 Asosiasi & Serikat Pekerja", 4.0, "Asosiasi & Serikat Pekerja", False, "ok", None, None),
    ("4.704.246.00,", 4704246000.0, None, False, "malformed", None, None),
    ("50 Persen", 50.0, "Persen", True, "ok", None, None),
    ("-", None, None, False, "empty", None, None),
    ("Rp -", None, None, False, "empty", None, None),
    ("Rp", None, "Rp", False, "no_number", None, None),
    ("", None, None, False, "empty", None, None),
    (None, None, None, False, "empty", None, None),
    (0.96, 0.96, None, False, "no_unit", None, None),
    (15, 15.0, None, False, "no_unit", None, None),
    ("Level 3", None, None, False, "text", None, None),
    ("2 07", None, None, False, "text", None, None),
    ("#N/A", None, None, False, "error", None, None),
    (True, None, None, False, "text", None, None),
]


@pytest.mark.parametrize(("raw", "value", "unit", "is_percent", "status", "low", "high"), TARGET_CASES, ids=repr)
def test_parse_target(raw, value, unit, is_percent, status, low, high):
    t = parse_target(raw)
    assert (t.value, t.unit, t.is_percent, t.status, t.low, t.high) == (value, unit, is_percent, status, low, high)


def test_parse_target_raw_is_the_original():
    assert parse_target("23 Orang/Bulan").raw == "23 Orang/Bulan"
    assert parse_target(0.96).raw == "0.96"
    assert parse_target(None).raw == ""


# --------------------------------------------------------------------------- formatting

@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (4704246000, "id", None, "4.704.246.000"),
        (4704246000, "en", None, "4,704,246,000"),
        (4704246000.0, "id", None, "4.704.246.000"),
        (45.61, "id", None, "45,61"),
        (45.61, "en", None, "45.61"),
        (45.6, "id", None, "45,6"),
        (45.0, "id", None, "45"),
        (1234567.891, "id", None, "1.234.567,89"),
        (999.999, "id", None, "1.000"),
        (0, "id", None, "0"),
        (-0.001, "id", None, "0"),
        (-1234.5, "id", None, "-1.234,5"),
        (-1234.5, "en", None, "-1,234.5"),
        (45.6, "id", 2, "45,60"),
        (4704246000, "id", 2, "4.704.246.000,00"),
        (1234.5678, "en", 0, "1,235"),
        (1234.5678, "en", 3, "1,234.568"),
        (float("nan"), "id", None, "nan"),
    ],
)
def test_format_number(value, lang, decimals, expected):
    assert format_number(value, lang, decimals) == expected


def test_format_number_rejects_unknown_lang():
    with pytest.raises(ValueError):
        format_number(1, "fr")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (4704246000, "id", "Rp 4.704.246.000"),
        (4704246000, "en", "Rp 4,704,246,000"),
        (1500.5, "id", "Rp 1.500,5"),
        (-5000, "id", "-Rp 5.000"),
        (0, "id", "Rp 0"),
    ],
)
def test_format_rupiah(value, lang, expected):
    assert format_rupiah(value, lang) == expected


# --------------------------------------------------------------------------- properties

def _write(integer: int, cents: int | None, lang: str, grouped: bool, two_decimals: bool) -> str:
    """An amount written the way a person would, independently of format_number."""
    body = f"{integer:,}" if grouped else str(integer)
    frac = ""
    if cents is not None:
        frac = f"{cents:02d}" if two_decimals else f"{cents:02d}".rstrip("0")
    if lang == "id":
        body = body.replace(",", ".")
        return body + ("," + frac if frac else "")
    return body + ("." + frac if frac else "")


amounts = st.tuples(
    st.integers(min_value=0, max_value=10**13),
    st.one_of(st.none(), st.integers(min_value=0, max_value=99)),
)


@settings(max_examples=400)
@given(
    amount=amounts,
    lang=st.sampled_from(["id", "en"]),
    grouped=st.booleans(),
    two_decimals=st.booleans(),
    prefix=st.sampled_from(["", "Rp ", "Rp. ", "Rp.", "Rp", "IDR ", "Rp\u00a0"]),
)
@example(amount=(1800, None), lang="id", grouped=True, two_decimals=False, prefix="")
@example(amount=(1800, None), lang="en", grouped=True, two_decimals=False, prefix="")
@example(amount=(4704246000, 0), lang="id", grouped=True, two_decimals=True, prefix="Rp ")
@example(amount=(15360000, None), lang="en", grouped=True, two_decimals=False, prefix="")
def test_written_amounts_read_back(amount, lang, grouped, two_decimals, prefix):
    integer, cents = amount
    text = prefix + _write(integer, cents, lang, grouped, two_decimals)
    expected = float(f"{integer}.{cents or 0:02d}")
    digits = text[len(prefix):]
    n = parse_number(text)

    has_sep = any(c in digits for c in ".,")
    # exactly one separator and three digits after it: "1.800" -- unless "Rp" says it is money
    one_sep_three = has_sep and len(digits) - max(digits.rfind("."), digits.rfind(",")) == 4 and (
        digits.count(".") + digits.count(",") == 1
    )
    if one_sep_three and not prefix:
        assert n.status == "ambiguous"
        assert n.candidates == (expected, expected / 1000)
    else:
        assert n.status == "ok"
        assert n.candidates == ()
    assert n.value == expected
    assert n.notation == (lang if has_sep else "plain")
    assert n.currency == bool(prefix)
    assert n.is_text and not n.is_percent


def _decorations():
    return st.sampled_from(
        [
            lambda t: "'" + t,
            lambda t: t + "'",
            lambda t: "\u00a0" + t + "\u00a0",
            lambda t: "\u200b" + t + "\ufeff",
            lambda t: " \n" + t + "\n ",
            lambda t: t + ".",
            lambda t: t + ",",
            lambda t: "\u202f" + t,
        ]
    )


@given(amount=amounts, lang=st.sampled_from(["id", "en"]), grouped=st.booleans(), decorate=_decorations())
def test_decorations_do_not_change_the_reading(amount, lang, grouped, decorate):
    text = _write(amount[0], amount[1], lang, grouped, two_decimals=False)
    plain, decorated = parse_number(text), parse_number(decorate(text))
    assert (decorated.value, decorated.status, decorated.notation, decorated.candidates) == (
        plain.value,
        plain.status,
        plain.notation,
        plain.candidates,
    )


@given(amount=amounts, lang=st.sampled_from(["id", "en"]), grouped=st.booleans(), prefix=st.sampled_from(["", "Rp "]))
def test_negatives_mirror_positives(amount, lang, grouped, prefix):
    text = prefix + _write(amount[0], amount[1], lang, grouped, two_decimals=True)
    pos = parse_number(text)
    for neg_text in ("-" + text, "\u2212" + text, "(" + text + ")"):
        neg = parse_number(neg_text)
        assert neg.status == pos.status
        assert neg.value == -pos.value
        assert neg.candidates == tuple(-c for c in pos.candidates)


@given(
    value=st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False),
    lang=st.sampled_from(["id", "en"]),
)
@example(value=1800.0, lang="id")
@example(value=999.999, lang="en")
@example(value=-0.001, lang="id")
def test_format_number_round_trips(value, lang):
    rounded = float(f"{abs(value):.2f}")
    expected = -rounded if value < 0 else rounded
    text = format_number(value, lang)
    n = parse_number(text)
    assert n.value == expected
    if rounded == int(rounded) and 1000 <= rounded < 1_000_000:
        assert n.status == "ambiguous" and n.candidates[0] == expected
    else:
        assert n.status == "ok"
    r = parse_number(format_rupiah(value, lang))
    assert (r.value, r.status, r.currency) == (expected, "ok", True)


@given(
    amount=st.tuples(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=99)),
    space=st.sampled_from(["", " ", "\u00a0"]),
)
def test_percent_with_sign_reads_back(amount, space):
    integer, cents = amount
    text = f"{integer},{cents:02d}{space}%"
    n = parse_percent(text)
    assert (n.value, n.status, n.is_percent) == (float(f"{integer}.{cents:02d}"), "ok", True)


number_like = st.text(alphabet="0123456789.,-\u2013()%Rp \u00a0'#IDR\u200bE+s/d", max_size=25)


@settings(max_examples=500)
@given(st.one_of(number_like, st.text(max_size=30)))
def test_parse_number_never_fails_and_keeps_its_invariants(raw):
    n = parse_number(raw)
    assert n.status in STATUSES
    assert n.raw == raw and n.is_text
    if n.status in ("empty", "text", "error"):
        assert n.value is None and n.candidates == ()
    if n.status in ("ok", "ambiguous"):
        assert n.value is not None and math.isfinite(n.value)
    if n.status == "ok":
        assert n.candidates == ()
    if n.status == "ambiguous":
        assert len(n.candidates) == 2
    if n.candidates:
        assert n.value == n.candidates[0]
        assert len(set(n.candidates)) == len(n.candidates)
    assert n.notation in ("id", "en", "plain", "")


@settings(max_examples=300)
@given(st.one_of(number_like, st.text(max_size=30)))
def test_other_parsers_never_fail(raw):
    t = parse_target(raw)
    assert isinstance(t, Target) and t.status in TARGET_STATUSES
    if t.status == "range":
        assert t.value is None and t.low is not None and t.high is not None
    r = parse_range(raw)
    assert r is None or isinstance(r, Range)
    p = parse_percent(raw)
    assert p.status in STATUSES


def test_volume_koefisien_is_the_product_of_its_factors():
    from reconcile.read.numbers import parse_volume

    assert (parse_volume("200;2").value, parse_volume("200;2").status) == (400, "ok")  # lembar;bulan
    assert parse_volume("2 Unit x 3 Hari").value == 6
    assert parse_volume(12.0).value == 12 and parse_volume("1.500").value == 1500
    assert parse_volume("NIP. 19680531 199703 1 002").status != "ok"  # not a volume
    assert parse_volume("2 x").status != "ok"
