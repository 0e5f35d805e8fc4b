"""Levels and parents of plan-table rows.

Workbooks signal the hierarchy in different ways, and often several at once: a code column
("2.07.03.2.01.0001"), numbering (I, II… for programs, A, B… for kegiatan, 1, 2… for sub
kegiatan, or 1 / 1.1 / 1.1.1), wording ("PROGRAM …", "Total"), bold or italic rows. Strong
signals decide first; numbering styles are learnt per table from the rows whose level is
already known; rows with no signal at all are settled from names known elsewhere in the
workbook and from the arithmetic of their subtotals.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

_ROMAN = re.compile(r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_NAME_PREFIX = re.compile(r"^\s*((?:[IVXLCDM]+|[A-Z])[.)]?|[0-9]+(?:\.[0-9]+)*[.)])\s+(?=\S)(.*)$", re.S)
_CODE_TOKEN = re.compile(r"^[0-9xX]{1,4}$")
_CODE_IN_TEXT = re.compile(r"^\s*((?:[0-9xX]{1,2}[.\s]){2,5}[0-9xX]{1,4})\s*[-–:]?\s+(\S.*)$", re.S)
_TOTAL_WORDS = ("TOTAL", "JUMLAH", "GRAND TOTAL", "JUMLAH TOTAL", "JUMLAH KESELURUHAN", "TOTAL KESELURUHAN",
                "JUMLAH PAGU", "TOTAL PAGU")
# A row closing one program or kegiatan ("Sub Total Program A", "Jumlah Kegiatan …"): it
# repeats that item's amount, it is not the table's total.
_SUBTOTAL_START = ("SUB TOTAL", "SUBTOTAL", "SUB JUMLAH", "JUMLAH PROGRAM", "JUMLAH KEGIATAN", "TOTAL PROGRAM",
                   "TOTAL KEGIATAN")

CODE_LEVELS = {1: "urusan", 2: "urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
DEFAULT_STYLE_LEVEL = {
    "roman": "program",
    "letter": "kegiatan",
    "int": "sub_kegiatan",
    "dot2": "kegiatan",
    "dot3": "sub_kegiatan",
    "lower": "sub_kegiatan",
}
RANK = {"urusan": 0, "program": 1, "kegiatan": 2, "sub_kegiatan": 3}


def roman_value(s: str) -> int | None:
    if not s or not _ROMAN.match(s):
        return None
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def parse_code(text: object) -> tuple[str, str] | None:
    """("2 07 03 2.01 01") -> ("2.07.03.2.01.0001", "sub_kegiatan"); None when not a code."""
    if text is None:
        return None
    if type(text) is str:  # flat exports repeat each code on many rows
        return _parse_code_text(text)
    return _parse_code_text(str(text))


@functools.lru_cache(maxsize=65536)
def _parse_code_text(text: str) -> tuple[str, str] | None:
    s = text.strip().rstrip(".")
    if not s or len(s) > 40:
        return None
    tokens = [t for t in re.split(r"[.\s]+", s) if t]
    if not tokens or not all(_CODE_TOKEN.match(t) for t in tokens):
        return None
    n = len(tokens)
    if n >= 2 and len(tokens[1]) == 1 and tokens[1].isdigit():
        return None  # "5.1.02.01.01.0024": an account (kode rekening), not a program code
    level = CODE_LEVELS.get(n)
    if level is None:
        return None
    widths = [1, 2, 2, 1, 2, 4]
    parts = []
    for t, w in zip(tokens, widths):
        parts.append(t.zfill(w) if t.isdigit() else t.upper())
    return ".".join(parts), level


def split_code_prefix(name: str) -> tuple[str, str] | None:
    """"2.07.03.2.01 Pelaksanaan …" -> ("2.07.03.2.01", "Pelaksanaan …")."""
    m = _CODE_IN_TEXT.match(name)
    if m and parse_code(m.group(1)):
        return m.group(1), m.group(2)
    return None


def split_number_prefix(name: str) -> tuple[str, str] | None:
    """"C Administrasi Kepegawaian" -> ("C", "Administrasi Kepegawaian")."""
    m = _NAME_PREFIX.match(name)
    if not m:
        return None
    token, rest = m.group(1), m.group(2)
    bare = token.rstrip(".)")
    # A capitalised word follows a numbering token; "A" alone before lower case is a word.
    if not rest[:1].isupper() and not rest[:1].isdigit():
        return None
    if len(bare) == 1 and bare.isalpha() and bare not in "IVXLCDM" and not token.endswith((".", ")")) \
            and rest.split(" ", 1)[0].lower() in ("dan", "atau"):
        return None
    return bare, rest


def numbering_style(token: str) -> tuple[str, str] | None:
    """("IV") -> ("roman", "IV"); ("3") -> ("int", "3"); ("1.2") -> ("dot2", …)."""
    if not token:
        return None
    t = token.strip().strip("()").rstrip(".)").strip()
    if not t:
        return None
    if re.fullmatch(r"\d+", t):
        return "int", t
    if re.fullmatch(r"\d+(\.\d+)+", t):
        depth = t.count(".") + 1
        return ("dot2" if depth == 2 else "dot3"), t
    if re.fullmatch(r"[a-z]", t):
        return "lower", t
    if re.fullmatch(r"[A-Z]", t) or _ROMAN.match(t):
        return "upper", t  # letter or roman: settled by sequence
    return None


def wording_level(name: str) -> str | None:
    upper = " ".join(name.upper().split())
    if upper.startswith("PROGRAM ") or upper == "PROGRAM":
        return "program"
    if upper.startswith(("URUSAN", "UNSUR ", "BIDANG URUSAN", "FUNGSI PENUNJANG URUSAN")):
        return "urusan"
    if upper.startswith(("BELANJA ", "PENDAPATAN ", "PEMBIAYAAN ")):
        return "other"  # account lines of a DPA/RKA (rekening), not plan items
    bare = upper.strip(" :.")
    if bare.startswith(_SUBTOTAL_START):
        return "subtotal"
    if bare in _TOTAL_WORDS or bare.startswith(("TOTAL ", "JUMLAH TOTAL", "GRAND TOTAL")):
        return "total"
    return None


@dataclass(slots=True)
class RowSignals:
    row: int
    number: str = ""
    code: str = ""
    code_level: str | None = None
    column_level: str | None = None  # SIPD-style: which of the Program/Kegiatan/Sub Kegiatan columns holds the name
    name: str = ""
    bold: bool = False
    italic: bool = False
    amount: float | None = None  # first money column, for the arithmetic fallback
    sum_level: str | None = None  # the level its =SUM formulas give it (`levels_from_sums`)
    depth_level: str | None = None  # the level its indentation or restarting numbering gives it (`levels_from_depths`)
    level: str = ""
    parent: int = 0
    style: str | None = None
    style_token: str = ""
    reasons: list[str] = field(default_factory=list)


def _settle_upper(token: str, name: str, state: dict) -> str:
    """I, V, X, C, D, L, M are both letters and Roman numerals: follow the two sequences."""
    roman = roman_value(token)
    is_letter = len(token) == 1
    says_program = wording_level(name) == "program"
    last_roman = state.get("roman", 0)
    last_letter = state.get("letter")
    next_letter = chr(ord(last_letter) + 1) if last_letter else "A"
    roman_fits = roman is not None and roman in (last_roman + 1, 1)
    letter_fits = is_letter and token in (next_letter, "A")
    if roman_fits and letter_fits:
        # "I" can open both sequences: the wording, then whether any letter came before, decide.
        choose = "roman" if says_program or last_letter is None else "letter"
    elif roman_fits or letter_fits:
        choose = "roman" if roman_fits else "letter"
    elif roman is not None and (len(token) > 1 or says_program):
        choose = "roman"
    else:
        choose = "letter" if is_letter else "roman"
    if choose == "roman":
        state["roman"] = roman or last_roman + 1
    else:
        state["letter"] = token
    return choose


def assign_levels(rows: list[RowSignals], known_names: dict[str, set[str]] | None = None) -> None:
    """Fill `level` and `parent` of every row, in place."""
    known_names = known_names or {}
    state: dict = {}
    # Pass 1: strong signals and numbering style.
    for sig in rows:
        w = wording_level(sig.name) if sig.name else None
        if w == "other":  # an account line ("Belanja …") whatever its code says
            sig.level = "other"
            sig.reasons.append("wording")
        if not sig.level and sig.code_level:
            sig.level = sig.code_level
            sig.reasons.append("code")
        if not sig.level and w:
            sig.level = w
            sig.reasons.append("wording")
        if not sig.level and sig.column_level:
            sig.level = sig.column_level
            sig.reasons.append("code")
        if not sig.level and sig.sum_level:
            sig.level = sig.sum_level
            sig.reasons.append("sum")
        if not sig.level and sig.depth_level:  # (its reason was given by `levels_from_depths`)
            sig.level = sig.depth_level
        parsed = numbering_style(sig.number)
        if parsed:
            style, token = parsed
            if style == "upper":
                style = _settle_upper(token, sig.name, state)
            sig.style, sig.style_token = style, token
    # Learn what each numbering style means in this table from rows already settled.
    votes: dict[str, Counter] = {}
    for sig in rows:
        if sig.style and sig.level in RANK:
            votes.setdefault(sig.style, Counter())[sig.level] += 1
    style_level = dict(DEFAULT_STYLE_LEVEL)
    if "dot2" in {s.style for s in rows} or "dot3" in {s.style for s in rows}:
        style_level["int"] = "program"
    for style, counter in votes.items():
        style_level[style] = counter.most_common(1)[0][0]
    for sig in rows:
        if not sig.level and sig.style:
            sig.level = style_level.get(sig.style, "")
            if sig.level:
                sig.reasons.append(f"numbering:{sig.style}")
    # Pass 2: rows without any signal.
    current_program = current_kegiatan = None
    acc = 0.0
    for sig in rows:
        if sig.level == "program":
            current_program, current_kegiatan, acc = sig, None, 0.0
        elif sig.level == "kegiatan":
            current_kegiatan, acc = sig, 0.0
        elif sig.level == "sub_kegiatan":
            acc += sig.amount or 0.0
        elif sig.level in ("urusan", "total"):
            current_program = current_kegiatan = None
        elif not sig.level:
            sig.level = _settle_unknown(sig, current_program, current_kegiatan, acc, known_names)
            if sig.level == "kegiatan":
                current_kegiatan, acc = sig, 0.0
            elif sig.level == "sub_kegiatan":
                acc += sig.amount or 0.0
            elif sig.level == "program":
                current_program, current_kegiatan, acc = sig, None, 0.0
    _assign_parents(rows)


def _settle_unknown(sig, program, kegiatan, acc, known_names) -> str:
    if not sig.name:
        return "other"
    key = name_key(sig.name)
    known = known_names.get(key, set()) & set(RANK)
    if program is None and kegiatan is None:
        if known == {"program"}:
            sig.reasons.append("known name")
            return "program"
        return "other"  # no program above it: not part of a plan hierarchy
    if kegiatan is None:
        sig.reasons.append("first row under a program")
        return "kegiatan"
    if len(known) == 1 and known <= {"kegiatan", "sub_kegiatan"}:
        sig.reasons.append("known name")
        return next(iter(known))
    if sig.bold or sig.italic:
        sig.reasons.append("bold/italic")
        return "kegiatan"
    if kegiatan.amount is not None and sig.amount is not None:
        tol = 0.5
        if abs(acc - kegiatan.amount) <= tol and acc > 0:
            sig.reasons.append("previous kegiatan is complete")
            return "kegiatan"
        if acc + sig.amount > kegiatan.amount + tol:
            sig.reasons.append("exceeds the kegiatan's pagu")
            return "kegiatan"
    sig.reasons.append("default")
    return "sub_kegiatan"


def _assign_parents(rows: list[RowSignals]) -> None:
    last: dict[str, int] = {}
    item = 0  # the last program, kegiatan or sub kegiatan: the item a `detail` row continues
    last_urusan_penunjang = False
    urusan_code = ""
    for sig in rows:
        lvl = sig.level
        if lvl == "detail":
            sig.parent = item
            continue
        item = sig.row if lvl in ("program", "kegiatan", "sub_kegiatan") else 0
        if lvl == "unit":  # an OPD's own rows start here: nothing above carries over
            sig.parent = 0
            last, last_urusan_penunjang, urusan_code = {}, False, ""
        elif lvl == "urusan":
            sig.parent = 0
            last = {"urusan": sig.row}
            # "UNSUR PENUNJANG URUSAN PEMERINTAHAN" (often coded X.XX) heads only the Penunjang
            # program (X.XX.01); the agency's own programs that follow have no urusan row.
            last_urusan_penunjang = "PENUNJANG" in sig.name.upper() or sig.code.upper().startswith("X")
            urusan_code = sig.code
        elif lvl == "program":
            is_penunjang = "PENUNJANG" in sig.name.upper() or (sig.code.count(".") == 2 and sig.code.endswith(".01"))
            if "urusan" in last and last_urusan_penunjang and not is_penunjang:
                last.pop("urusan")
            elif "urusan" in last and urusan_code and sig.code and "X" not in urusan_code.upper() \
                    and not sig.code.startswith(urusan_code + "."):
                last.pop("urusan")  # a coded program outside the urusan row's code
            sig.parent = last.get("urusan", 0)
            last = {k: v for k, v in last.items() if k == "urusan"}
            last["program"] = sig.row
        elif lvl == "kegiatan":
            sig.parent = last.get("program", 0)
            last.pop("sub_kegiatan", None)
            last["kegiatan"] = sig.row
        elif lvl == "sub_kegiatan":
            sig.parent = last.get("kegiatan") or last.get("program", 0)
        elif lvl == "subtotal":  # closes the kegiatan it names, else the current program
            closes = "kegiatan" if "KEGIATAN" in sig.name.upper() else "program"
            sig.parent = last.get(closes) or last.get("program") or last.get("kegiatan", 0)
        else:
            sig.parent = 0


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Names compared across tables: case, spacing and punctuation ignored."""
    # Cached: rules key the same few hundred names thousands of times per workbook.
    return " ".join(_NON_ALNUM.sub(" ", name.lower()).split())


_SUM_RANGE = re.compile(r"^\s*=?\s*(?:SUM|SUBTOTAL\s*\(\s*(?:9|109)\s*,)\s*\(?\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*"
                        r"\$?([A-Z]{1,3})\$?(\d+)\s*\)\s*$", re.I)
_SUM_CELLS = re.compile(r"^\s*=?\s*\$?([A-Z]{1,3})\$?(\d+)(?:\s*\+\s*\$?([A-Z]{1,3})\$?(\d+))+\s*$", re.I)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)", re.I)


def summed_rows(formula: str, column: str) -> list[int]:
    """The rows of `column` a formula adds up: =SUM(E6:E9), =SUBTOTAL(9,E6:E9), =E6+E8+E9;
    [] for any other formula or another column."""
    m = _SUM_RANGE.match(formula or "")
    if m:
        if m.group(1).upper() != column or m.group(3).upper() != column:
            return []
        a, b = int(m.group(2)), int(m.group(4))
        return list(range(min(a, b), max(a, b) + 1))
    if _SUM_CELLS.match(formula or ""):
        cells = _CELL.findall(formula)
        if all(c.upper() == column for c, _ in cells):
            return [int(r) for _, r in cells]
    return []


def levels_from_sums(rows: list[RowSignals], children: dict[int, list[int]]) -> None:
    """Rows whose money cell sums rows below it are their parents: a row summing rows that
    sum others is a program, one summing plain rows a kegiatan, the rows summed sub kegiatan.
    Sets `sum_level` (used where no code or wording says the level). Only a structure of two
    parents or more counts (one sum alone is a total), or a sum on a row named a program or
    kegiatan by its code or wording."""
    by_row = {s.row: s for s in rows}
    parents = {r: [c for c in kids if c in by_row and c > r] for r, kids in children.items() if r in by_row}
    parents = {r: kids for r, kids in parents.items() if kids}
    # A summing row whose code or wording says its level ("Program …" summing its kegiatan's
    # rows) has its children one level below that level, whatever the depth of the sums.
    said = {r: by_row[r].code_level or wording_level(by_row[r].name) for r in parents if by_row[r].name}
    if len(parents) < 2 and not any(v in ("program", "kegiatan") for v in said.values()):
        return
    depth: dict[int, int] = {}

    def depth_of(r: int, seen: frozenset = frozenset()) -> int:
        if r not in parents or r in seen:
            return 0
        if r not in depth:
            depth[r] = 1 + max(depth_of(c, seen | {r}) for c in parents[r])
        return depth[r]

    for r in parents:
        if by_row[r].name:  # an unnamed sum row is a total (its wording, when it has one, says so first)
            by_row[r].sum_level = "program" if depth_of(r) >= 2 else "kegiatan"
    # A summed row that sums nothing is one level below the nearest row summing it: a
    # program's direct child is a kegiatan (even one whose single sub kegiatan is typed below it).
    nearest: dict[int, int] = {}
    for r in sorted(parents):
        for c in parents[r]:
            nearest[c] = r
    below = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}
    for c, r in nearest.items():
        if c not in parents and not by_row[c].level:  # (a `detail` row continues its item)
            level = said.get(r) if said.get(r) in below else by_row[r].sum_level
            by_row[c].sum_level = below.get(level or "kegiatan", "sub_kegiatan")


DEPTH_LEVELS = ("urusan", "program", "kegiatan", "sub_kegiatan")


def levels_from_depths(rows: list[RowSignals], depths: list[int | None], why: str) -> bool:
    """Names set at a few depths (an indent, leading spaces, numbering restarting per level):
    the deepest is the sub kegiatan, the one above it the kegiatan, then program and urusan.
    Sets `depth_level` of the named rows; only a clean pattern counts: two to four depths, the
    first named row at the shallowest. Returns whether it did."""
    named = [(s, d) for s, d in zip(rows, depths) if s.name and d is not None and not s.level
             and not (s.code_level or s.column_level or s.sum_level or wording_level(s.name))]
    if not named:
        return False
    distinct = sorted({d for _, d in named})
    if not 2 <= len(distinct) <= len(DEPTH_LEVELS) or named[0][1] != distinct[0]:
        return False
    rank = {d: DEPTH_LEVELS[len(DEPTH_LEVELS) - len(distinct) + i] for i, d in enumerate(distinct)}
    for sig, d in named:
        sig.depth_level = rank[d]
        sig.reasons.append(why)
    return True


def depths_from_restarts(numbers: list[str]) -> list[int | None] | None:
    """Numbering that restarts per level (1, 1, 1, 2, 2, 1, 2 …): a "1" opens a level below the
    row before it; any other number continues the deepest open level it follows. None when
    some number follows nothing (not such a numbering) or nothing restarts."""
    stack: list[int] = []  # the last number at each open depth
    out: list[int | None] = []
    restarted = False
    for text in numbers:
        t = text.strip().rstrip(".)")
        if not t.isdigit():
            out.append(None)
            continue
        n = int(t)
        if n == 1:
            restarted = restarted or bool(stack)
            stack.append(1)
        else:
            at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i] == n - 1), None)
            if at is None:
                return None
            del stack[at + 1:]
            stack[at] = n
        out.append(len(stack) - 1)
    return out if restarted else None
