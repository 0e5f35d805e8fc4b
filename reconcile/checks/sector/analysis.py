"""Sector vocabulary: names and indicators that belong to another urusan than their program's.

Every urusan has its own words (`rules/sector.yaml`): Tenaga Kerja speaks of pelatihan kerja,
hubungan industrial, PKB, LPTKS; Lingkungan Hidup of PPLH, limbah B3, RTH, kearifan lokal. A
cell under a Tenaga Kerja program that uses Lingkungan Hidup words and none of Tenaga Kerja's
has almost always been copied from another agency's document.

The check is deterministic and explains itself: every finding names the words that triggered
it and the urusan they belong to. With a nomenclature list configured, each urusan's words can
also be learnt from the official names (`learn_vocabulary`).

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, TYPE_CHECKING

from reconcile.checks.base import Context
from reconcile.read.headers import base_field
from reconcile.read.tables import FIXED_COLUMNS, NAME_FIELDS


if TYPE_CHECKING:
    from reconcile.nomenklatur import Nomenklatur
    from reconcile.read.model import Table


DEFAULT_FIELDS = ("name", "name_program", "name_kegiatan", "name_sub_kegiatan", "indikator", "indikator_program",
                  "indikator_keluaran", "indikator_hasil", "tolok_ukur")


_TOKEN = re.compile(r"[0-9A-Za-z]+")


_LEARNT: dict[tuple, tuple[Any, dict]] = {}  # learnt vocabularies per loaded list and settings


_ACRONYM_MAX = 6


_NO_HITS: list = []  # the hits of most texts: one shared (never changed) empty list


_NONE_FOREIGN: dict = {}  # "no other urusan" for most cells: one shared (never changed) empty dict


# bytes.translate table: ASCII letters and digits (what `_TOKEN` matches) kept, in lower case;
# every other byte a space.
_FOLD_BYTES = bytes((b | 0x20 if chr(b).isalpha() else b) if chr(b).isascii() and chr(b).isalnum() else 0x20
                    for b in range(256))


@dataclass(frozen=True)
class Term:
    display: str  # as written in the vocabulary ("kearifan lokal", "PPLH")
    tokens: tuple[str, ...]  # lower case, or as written for an acronym
    case_sensitive: bool
    urusan: str
    distinctive: bool
    learnt: bool = False


@dataclass(slots=True)
class Hit:
    term: Term
    start: int
    end: int


@dataclass
class Vocabulary:
    """The words of every urusan, indexed for matching whole-word phrases in a text."""

    names: dict[str, tuple[str, str]]  # urusan code -> (Indonesian name, English name)
    terms: list[Term]
    generic: list[tuple[str, ...]] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)  # urusan code -> position in the file

    def __post_init__(self) -> None:
        self._lower: dict[str, list[Term]] = defaultdict(list)
        self._exact: dict[str, list[Term]] = defaultdict(list)
        for t in self.terms:
            (self._exact if t.case_sensitive else self._lower)[t.tokens[0]].append(t)
        self._generic: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for g in self.generic:
            if g:
                self._generic[g[0]].append(g)
        # The hits of a text that has some are computed once (texts repeat: the same indicator
        # under many sub kegiatan). Most texts have none and are told so by a quick test
        # (below), not kept: a key per distinct text of an RKPD would be ~8 MiB. Callers
        # reading many cells keep the few rows with hits (`SectorContext.hit_rows`).
        self._hits: dict[str, list[Hit]] = {}
        self._lower_firsts = set(self._lower)  # the words a phrase can start with
        self._exact_firsts = set(self._exact)
        # What a phrase starts with, lower case and as bytes: its word (a one-word phrase) or
        # its first two words. Most cells share a word with some phrase ("sistem", "daerah")
        # but start none; `hits` tells them on these, before `_find`'s per-word work.
        self._start_words: set[bytes] = set()
        self._start_pairs: set[tuple[bytes, ...]] = set()
        for t in self.terms:
            start = tuple(tok.lower().encode("utf-8", "surrogatepass") for tok in t.tokens[:2])
            if len(start) == 1:
                self._start_words.add(start[0])
            else:
                self._start_pairs.add(start)

    def label(self, code: str, lang: str = "id") -> str:
        """"2.11 Lingkungan Hidup"; in English "2.11 Environment (Lingkungan Hidup)"."""
        name_id, name_en = self.names.get(code, ("", ""))
        if lang == "en" and name_en and name_en != name_id:
            return f"{code} {name_en} ({name_id})".strip()
        return f"{code} {name_id}".strip()

    def hits(self, text: Any) -> list[Hit]:
        """Every vocabulary phrase found in `text`, longest first where phrases overlap within
        one urusan; phrases inside a generic phrase do not count. (The list is shared between
        calls with the same text: do not change it.)"""
        if not isinstance(text, str):
            return _NO_HITS
        found = self._hits.get(text)
        if found is None:
            # Most texts start no phrase with any word or pair of adjacent words: they are told
            # apart on `_TOKEN`'s words in lower case, as bytes (a fifth of the cost of the
            # regex; every non-ASCII character is bytes >= 0x80, turned into spaces like the
            # other separators), before `_find`'s word-by-word work.
            words = text.encode("utf-8", "surrogatepass").translate(_FOLD_BYTES).split()
            if self._start_words.isdisjoint(words) and self._start_pairs.isdisjoint(zip(words, words[1:])):
                return _NO_HITS
            found = self._hits[text] = self._find(text)
        return found

    def _find(self, text: str) -> list[Hit]:
        orig = _TOKEN.findall(text)
        lower = [t.lower() for t in orig]
        if self._lower_firsts.isdisjoint(lower) and self._exact_firsts.isdisjoint(orig):
            return []  # no phrase starts with any of its words (most cells)
        n = len(orig)
        masked = [False] * n
        for i, tok in enumerate(lower):
            for g in self._generic.get(tok, ()):
                if tuple(lower[i:i + len(g)]) == g:
                    for j in range(i, i + len(g)):
                        masked[j] = True
        found: list[Hit] = []
        lower_terms, exact_terms = self._lower, self._exact
        for i in range(n):
            terms = lower_terms.get(lower[i], [])
            exact = exact_terms.get(orig[i])
            for term in (terms + exact) if exact else terms:
                k = len(term.tokens)
                seq = orig[i:i + k] if term.case_sensitive else lower[i:i + k]
                if tuple(seq) == term.tokens and not any(masked[i:i + k]):
                    found.append(Hit(term, i, i + k))
        # A phrase inside a longer matched phrase adds nothing: the longer one is the more
        # specific ("perlindungan masyarakat hukum adat" is not "perlindungan masyarakat").
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Hit] = []
        for h in found:
            if any(o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in found):
                continue
            if any(o.term.urusan == h.term.urusan and o.term.display == h.term.display for o in kept):
                continue
            kept.append(h)
        return kept

    def by_urusan(self, text: Any) -> dict[str, list[Hit]]:
        out: dict[str, list[Hit]] = {}
        for h in self.hits(text):
            out.setdefault(h.term.urusan, []).append(h)
        return out

    def best_urusan(self, texts: Iterable[Any]) -> str | None:
        """The urusan whose words weigh most in `texts` (distinctive 2, related 1); None when
        nothing matches or two urusan tie."""
        score: Counter = Counter()
        for text in texts:
            for h in self.hits(text):
                score[h.term.urusan] += 2 if h.term.distinctive else 1
        if not score:
            return None
        ranked = score.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]


@functools.lru_cache(maxsize=65536)
def _tokens(phrase: str) -> tuple[tuple[str, ...], bool]:  # cached: each phrase is tokenised 3 times per run
    toks = _TOKEN.findall(str(phrase))
    letters = "".join(ch for ch in str(phrase) if ch.isalpha())
    acronym = bool(letters) and letters.isupper() and len("".join(toks)) <= _ACRONYM_MAX
    return (tuple(toks) if acronym else tuple(t.lower() for t in toks)), acronym


def build_vocabulary(data: dict[str, Any], learnt: dict[str, dict[str, Any]] | None = None) -> Vocabulary:
    """The vocabulary of `rules/sector.yaml` (`data`), plus words learnt from a nomenclature
    list (`learn_vocabulary`). A phrase listed under two urusan is shared: never distinctive."""
    names: dict[str, tuple[str, str]] = {}
    raw: list[tuple[str, str, bool, bool]] = []  # (urusan, phrase, distinctive, learnt)
    order: dict[str, int] = {}
    for code, spec in (data.get("urusan") or {}).items():
        code = str(code)
        spec = spec or {}
        order.setdefault(code, len(order))
        names[code] = (str(spec.get("name") or ""), str(spec.get("name_en") or spec.get("name") or ""))
        for p in spec.get("distinctive") or []:
            raw.append((code, str(p), True, False))
        for p in spec.get("related") or []:
            raw.append((code, str(p), False, False))
    yaml_keys = {_tokens(p)[0] for _, p, _, _ in raw}
    for code, spec in (learnt or {}).items():
        order.setdefault(code, len(order))
        names.setdefault(code, (spec.get("name", ""), spec.get("name_en", spec.get("name", ""))))
        for p in spec.get("words") or []:
            if _tokens(p)[0] not in yaml_keys:  # the file has the last word on its phrases
                raw.append((code, str(p), True, True))
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for code, p, _, _ in raw:
        owners[_tokens(p)[0]].add(code)
    terms: dict[tuple[str, tuple[str, ...], bool], Term] = {}
    for code, p, distinctive, is_learnt in raw:
        toks, acronym = _tokens(p)
        if not toks:
            continue
        shared = len(owners[toks]) > 1
        key = (code, toks, acronym)
        prev = terms.get(key)
        distinctive = distinctive and not shared
        if prev is None or (distinctive and not prev.distinctive):
            terms[key] = Term(p, toks, acronym, code, distinctive, is_learnt)
    generic = [tuple(t.lower() for t in _TOKEN.findall(str(g))) for g in data.get("generic") or []]
    return Vocabulary(names, list(terms.values()), generic, order)


def learn_vocabulary(nomenklatur: "Nomenklatur", min_count: int = 3, min_share: float = 0.95,
                     stop_words: Iterable[str] = (), generic: Iterable[str] = (),
                     prefixes: Iterable[str] = ("1.", "2.", "3.")) -> dict[str, dict[str, Any]]:
    """Each bidang's distinctive words, learnt from the official names of a nomenclature list.

    A pair of consecutive words is distinctive for a bidang when the names of at least
    `min_count` of its kegiatan (a kegiatan with its sub kegiatan, or a program) use it and at
    least `min_share` of all kegiatan using it are that bidang's; a single word needs twice as
    many kegiatan. Counting kegiatan rather than names keeps the words of one kegiatan's long
    list of sub kegiatan from passing for the bidang's. Only bidang whose code starts
    with one of `prefixes` learn (the urusan, not the unsur penunjang). Words of the generic
    Penunjang program (X.XX…) and `stop_words` are never learnt.
    Returns ``{"2.07": {"name": "Tenaga Kerja", "words": […]}}``.
    """
    stop = {w.lower() for w in stop_words}
    penunjang_terms: set[str] = set()
    units: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # bidang -> kegiatan -> terms
    for e in nomenklatur.entries:
        if e.level not in ("program", "kegiatan", "sub_kegiatan"):
            continue
        terms = _name_terms(e.name, stop)
        bidang = e.code[:4]
        if not re.fullmatch(r"\d\.\d\d", bidang):
            penunjang_terms.update(terms)
            continue
        units[bidang][".".join(e.code.split(".")[:5])].update(terms)
    per_bidang: dict[str, Counter] = {}
    total: Counter = Counter()
    for bidang, kegiatan in units.items():
        counter: Counter = Counter()
        for terms in kegiatan.values():
            counter.update(terms)
        per_bidang[bidang] = counter
        total.update(counter)
    generic_terms = {" ".join(w.lower() for w in _TOKEN.findall(g)) for g in generic}
    bidang_names = nomenklatur.bidang_names()
    out: dict[str, dict[str, Any]] = {}
    prefixes = tuple(prefixes)
    for bidang, counter in per_bidang.items():
        if prefixes and not bidang.startswith(prefixes):
            continue
        words = sorted(t for t, c in counter.items()
                       if c >= (min_count if " " in t else 2 * min_count) and c / total[t] >= min_share
                       and t not in penunjang_terms and t not in generic_terms)
        if words:
            out[bidang] = {"name": _bidang_title(bidang_names.get(bidang, "")), "words": words}
    return out


def _name_terms(name: str, stop: set[str]) -> set[str]:
    toks = [t.lower() for t in _TOKEN.findall(name)]
    ok = [t if (t not in stop and len(t) >= 4 and not t.isdigit()) else None for t in toks]
    terms = {t for t in ok if t}
    terms.update(f"{a} {b}" for a, b in zip(ok, ok[1:]) if a and b)
    return terms


def _bidang_title(name: str) -> str:
    name = re.sub(r"^\s*urusan\s+pemerintahan\s+bidang\s+", "", name, flags=re.I).strip()
    return name.title() if name.isupper() else name


@dataclass
class ProgramInfo:
    row: int
    name: str
    urusan: str | None  # None: penunjang or not known
    how: str  # code | urusan_row | name | rows | penunjang | unknown
    also: frozenset = frozenset()  # further urusan at home (a name of broad words: its rows' urusan too)


def field_column(f: str) -> str:
    """The frame column holding the cell text of field `f`."""
    return f"{f}__raw" if f in FIXED_COLUMNS else f


def _as_text(v: Any) -> str:
    return v if isinstance(v, str) else ("" if v is None or v != v else str(v))


def _code_urusan(code: str) -> str | None:
    parts = code.split(".") if code else []
    if len(parts) < 2:
        return None
    if not parts[0].isdigit() or not parts[1].isdigit():
        return None
    return f"{parts[0]}.{parts[1]}"


class SectorContext:
    """What the rule needs about a workbook: every program's urusan and the agency's urusan."""

    def __init__(self, ctx: Context, vocab: Vocabulary, penunjang_number: str, penunjang_phrases: list[str]):
        self.ctx = ctx
        self.vocab = vocab
        self.penunjang_number = penunjang_number
        self.penunjang_phrases = [" ".join(_TOKEN.findall(p.lower())) for p in penunjang_phrases]
        self.programs: dict[int, dict[int, ProgramInfo]] = {}  # id(table) -> program row -> info
        self._majority_of: dict[int, str | None] = {}
        self._marks: dict[int, dict[int, list[set[str]]]] = {}  # id(table) -> see `_marks_of`
        self._hit_rows: dict[tuple[int, str], dict[int, Any]] = {}  # see `hit_rows`
        self._counts: dict[int, Counter] = {}  # id(table) -> urusan -> cells with its distinctive words
        self._program_of: dict[int, dict[int, ProgramInfo | None]] = {}  # id(table) -> row -> program
        self._allowed: dict[tuple, tuple[set[str], bool]] = {}
        for table in ctx.workbook.tables:
            self.programs[id(table)] = self._programs(table)
        strong = Counter(p.urusan for progs in self.programs.values() for p in progs.values()
                         if p.urusan and p.how in ("code", "urusan_row", "name", "rows"))
        # The agency's urusan: those of its programs. Only when no program tells, the urusan
        # whose words are most used stands in for it, and then only for programs (a table with
        # no program at all is not judged on such thin ground).
        self.agency: set[str] = set(strong)
        majority = None if self.agency else self._majority()
        self.agency_for_programs: set[str] = self.agency or ({majority} if majority else set())
        # Tables without programs (kinerja, sasaran) are judged against the agency's urusan only
        # when it is well established: a program code, or two differently named programs.
        by_code = any(p.how in ("code", "urusan_row") for progs in self.programs.values() for p in progs.values())
        named = {" ".join(_TOKEN.findall(p.name.lower())) for progs in self.programs.values()
                 for p in progs.values() if p.how == "name"}
        self.agency_reliable = by_code or len(named) >= 2

    def _is_penunjang(self, code: str, names: list[str]) -> bool:
        parts = code.split(".") if code else []
        if len(parts) >= 3 and parts[2] == self.penunjang_number.zfill(2):
            return True
        if parts and parts[0].upper() == "X":
            return True
        joined = " ".join(" ".join(_TOKEN.findall(n.lower())) for n in names)
        return any(p and p in joined for p in self.penunjang_phrases)

    def _programs(self, table: "Table") -> dict[int, ProgramInfo]:
        f = table.frame
        # the frame's columns as lists, read once here (no `Table.column` views kept)
        name_cols = [f[c].tolist() for c in (field_column(x) for x in table.columns if base_field(x) in NAME_FIELDS)
                     if c in f.columns]
        levels = f["level"].tolist()
        rows = table.rows
        codes = [c if isinstance(c, str) else "" for c in f["code"].tolist()]
        parents = f["parent"].tolist()
        urusan_code = {row: code for row, level, code in zip(rows, levels, codes) if level == "urusan"}
        out: dict[int, ProgramInfo] = {}
        for i, row in enumerate(rows):
            if levels[i] != "program":
                continue
            names = [t for t in (_as_text(c[i]) for c in name_cols) if t] or [str(table.value("name", row) or "")]
            code = codes[i]
            if not code:  # a descendant's code tells the program's
                for j in range(i + 1, len(rows)):
                    if levels[j] in ("program", "urusan", "total"):
                        break
                    if codes[j] and len(codes[j].split(".")) > 3:
                        code = codes[j]
                        break
            name = names[0]
            if self._is_penunjang(code, names):
                out[row] = ProgramInfo(row, name, None, "penunjang")
                continue
            urusan = _code_urusan(code)
            if urusan:
                out[row] = ProgramInfo(row, name, urusan, "code")
                continue
            parent = int(parents[i] or 0)
            if parent and _code_urusan(urusan_code.get(parent, "")):
                out[row] = ProgramInfo(row, name, _code_urusan(urusan_code[parent]), "urusan_row")
                continue
            best = self.vocab.best_urusan(names)
            distinctive = best is not None and any(h.term.distinctive and h.term.urusan == best
                                                   for n in names for h in self.vocab.hits(n))
            if distinctive:
                out[row] = ProgramInfo(row, name, best, "name")
                continue
            # A name of broad words ("PROGRAM KONSERVASI SUMBER DAYA ALAM …") tells little: the
            # words most used by the program's own rows count as well.
            rows_best = self._rows_majority(self._marks_of(table), rows, levels, i + 1)
            if best:
                out[row] = ProgramInfo(row, name, best, "name", frozenset({rows_best} - {None, best}))
            elif rows_best:
                out[row] = ProgramInfo(row, name, rows_best, "rows")
            else:
                out[row] = ProgramInfo(row, name, None, "unknown")
        return out

    def _rows_majority(self, marks: dict[int, list[set[str]]], rows: list[int], levels: list[str], start: int
                       ) -> str | None:
        """The urusan whose distinctive words appear in most cells of a program's rows (those
        from `start` on, up to the next program); `marks` as `_marks_of`."""
        counter: Counter = Counter()
        for k in range(start, len(rows)):
            if levels[k] in ("program", "urusan", "total"):
                break
            for urusan in marks.get(rows[k], ()):
                counter.update(urusan)
        return _top(counter)

    def _marks_of(self, table: "Table") -> dict[int, list[set[str]]]:
        """row -> the urusan whose distinctive words each of its text cells uses, for the cells
        using any (few: most rows are not in it). The programs' rows and the table's majority
        count these, so the table's cells are looked at once."""
        marks = self._marks.get(id(table))
        if marks is None:
            marks = self._marks[id(table)] = {}
            hits = self.vocab.hits
            for col in _text_columns(table, DEFAULT_FIELDS):
                for r, v in self.hit_rows(table, col).items():
                    found = hits(v)
                    if found:
                        urusan = {h.term.urusan for h in found if h.term.distinctive}
                        if urusan:
                            marks.setdefault(r, []).append(urusan)
        return marks

    def hit_rows(self, table: "Table", col: str) -> dict[int, Any]:
        """{row: cell} of the cells of frame column `col` whose text holds any vocabulary
        phrase (few), each column read once; the other cells hold none."""
        key = (id(table), col)
        found = self._hit_rows.get(key)
        if found is None:
            hits = self.vocab.hits
            found = self._hit_rows[key] = {r: v for r, v in zip(table.rows, table.frame[col].tolist())
                                           if hits(_as_text(v))}
        return found

    def _majority(self, tables=None) -> str | None:
        counter: Counter = Counter()
        for table in (self.ctx.workbook.tables if tables is None else tables):
            counter.update(self._distinctive_counts(table))
        return _top(counter)

    def _distinctive_counts(self, table: "Table") -> Counter:
        """urusan -> the table's cells using its distinctive words. Kept per table: the agency's
        majority and the table's both count them."""
        counts = self._counts.get(id(table))
        if counts is None:
            counts = self._counts[id(table)] = Counter()
            for cells in self._marks_of(table).values():
                for urusan in cells:
                    counts.update(urusan)
        return counts

    def program_of(self, table: "Table", row: int) -> ProgramInfo | None:
        """The program `row` belongs to: itself or its nearest ancestor that is a program
        (None past the top or round a loop of parents). Every row met on the way learns the
        answer too, so a table's rows cost one walk up in all."""
        known = self._program_of.setdefault(id(table), {})
        if row in known:
            return known[row]
        parent_of = table.column("parent")
        progs = self.programs[id(table)]
        path: list[int] = []
        on_path: set[int] = set()
        found: ProgramInfo | None = None
        r = row
        while r and r not in on_path:
            if r in known:
                found = known[r]
                break
            path.append(r)
            on_path.add(r)
            if r in progs:
                found = progs[r]
                break
            r = int(parent_of[r] or 0) if r in parent_of else 0
        for p in path:
            known[p] = found
        return found

    def table_majority(self, table: "Table") -> str | None:
        if id(table) not in self._majority_of:
            self._majority_of[id(table)] = self._majority([table])
        return self._majority_of[id(table)]

    def allowed(self, table: "Table", program: ProgramInfo | None, own_code: str = "") -> tuple[set[str], bool]:
        """The urusan whose words are at home on a row: its program's (from the program's code
        or name; True), else the agency's and the table's most used one (False). The row's own
        code adds its urusan; a row outside any program has only its code and the agency's
        programs to go by."""
        code_u = _code_urusan(own_code)
        # Rows of one program share their answer (callers only read it).
        key = (id(table), id(program) if program is not None else None, code_u)
        if key not in self._allowed:
            self._allowed[key] = self._allowed_for(table, program, code_u)
        return self._allowed[key]

    def _allowed_for(self, table: "Table", program: ProgramInfo | None, code_u: str | None
                     ) -> tuple[set[str], bool]:
        extra = {code_u} if code_u else set()
        if program is not None and program.urusan and program.how in ("code", "urusan_row", "name", "rows"):
            return {program.urusan} | set(program.also) | extra, True
        if program is not None:
            majority = self.table_majority(table)
            return set(self.agency_for_programs) | ({majority} if majority else set()) | extra, False
        return (set(self.agency) if self.agency_reliable else set()) | extra, bool(extra)


def _top(counter: Counter) -> str | None:
    """The key counted most; None for none or a tie."""
    ranked = counter.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _text_columns(table: "Table", fields: Iterable[str]) -> list[str]:
    wanted = set(fields)
    cols = []
    for f in table.columns:
        if base_field(f) in wanted:
            col = field_column(f)
            if col in table.frame.columns:
                cols.append(col)
    return cols


def _side(fld: str) -> str:
    return fld.split(".", 1)[0] if "." in fld else ""


def _code_side(table: "Table") -> set[str]:
    """The sides a row's code belongs to: the code column's own side, or the unlabelled and
    RKPD sides when the code column has none."""
    sides = {_side(x) for x, t in table.field_types.items() if t == "code"}
    if not sides or sides == {""}:
        return {"", "rkpd"}
    return sides


def _triggers(hits: list[Hit], min_learnt: int) -> bool:
    """Another urusan's words are evidence when one of them is a distinctive word of the
    vocabulary file, or when `min_learnt` different words learnt from the nomenclature list
    appear (a single learnt word is too weak: learning is statistics, not judgement)."""
    distinctive = [h for h in hits if h.term.distinctive]
    if any(not h.term.learnt for h in distinctive):
        return True
    return len({h.term.display for h in distinctive}) >= max(1, min_learnt)
