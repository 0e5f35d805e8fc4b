"""Terminal output people read at a glance (ruff's and sqlfluff's output are the models).

Per file: errors first, then warnings, then info; within each, by sheet and row. One line per
finding, compiler-style: `renja.xlsx:'Tabel 4.1'!J12: PAGU-SUM [kesalahan] short message`;
`verbose` adds the full message, the expected and actual values and the related cells. Many
findings of one rule in one file are collapsed after a few ("… dan 229 NUM-TEXT lainnya").
A footer counts findings per severity and per rule; its last line holds the totals.
"""
from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass

from reconcile.messages import severity_word
from reconcile.read.model import quote_sheet
from reconcile.terminal import display_path, printable

SEVERITY_ORDER = ("error", "warning", "info")
# How many findings of one rule a file shows before collapsing the rest into one line. Errors
# are the point of the output: collapsed only when a file holds very many of one rule.
SHOWN_PER_RULE = {"error": 20, "warning": 3, "info": 3}
SHORT_CHARS = 110  # a short message's length, about one line beside its location
VALUE_CHARS = 32  # expected/actual short enough to stand in the short message
WRAP = 100  # verbose explanation width

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"

WORDS = {
    "id": {"failed": "GAGAL", "no_table": "TANPA TABEL RENJA", "written": "tertulis", "expected": "seharusnya",
           "related": "lihat juga", "more": "… dan {n} {code} lainnya", "per_rule": "Per aturan",
           "collapsed": "{n} temuan diringkas; --show-all menampilkan semuanya.",
           "acknowledged": "disengaja", "acknowledged_n": "{n} disengaja"},
    "en": {"failed": "FAILED", "no_table": "NO RENJA TABLE", "written": "found", "expected": "expected",
           "related": "see also", "more": "… and {n} more {code}", "per_rule": "Per rule",
           "collapsed": "{n} findings collapsed; --show-all lists them all.",
           "acknowledged": "acknowledged", "acknowledged_n": "{n} acknowledged"},
}

# A sentence ends at . ! ? before a capital or a quote, but not after an abbreviation.
_SENTENCE_END = re.compile(r"(?<!\bmis\.)(?<!\bs\.d\.)(?<!\bNo\.)(?<!\bRp\.)(?<!\bdll\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
                           r"(?<=[.!?])\s+(?=[A-Z'\"“(])")
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


@dataclass
class TextOptions:
    lang: str = "id"
    color: bool = False
    verbose: bool = False  # the full explanation under each line
    quiet: bool = False  # only errors and the totals
    show_all: bool = False  # never collapse
    titles: dict | None = None  # rule code -> title in the run's language (None: from the registry)


def render_results(results, lang: str = "id", color: bool = False, **options) -> str:
    """The whole terminal output of `check` for `results` (FileResult list)."""
    opts = TextOptions(lang=lang, color=color, **options)
    if opts.titles is None:
        opts.titles = rule_titles(lang)
    words = WORDS["en" if lang == "en" else "id"]
    out: list[str] = []
    per_rule: Counter = Counter()  # (severity, rule)
    collapsed = 0
    for res in results:
        path = display_path(res.path)
        if res.status in ("no_table", "error"):  # nothing checked: one line saying why
            label = words["no_table" if res.status == "no_table" else "failed"]
            if not (opts.quiet and res.status == "no_table"):
                out.append(f"{_paint(path, BOLD, opts)}: {label}: {printable(res.error, False)}")
            continue
        lines, hidden = _file_lines(path, res.findings, opts, words)
        out += lines
        collapsed += hidden
        for f in res.findings:
            per_rule[("acknowledged" if _acknowledged(f) else f.severity, f.rule)] += 1
    if out:
        out.append("")
    if not opts.quiet:
        out += _per_rule_lines(per_rule, opts, words)
        if collapsed:
            out.append(words["collapsed"].format(n=_count(collapsed, lang)))
    out.append(totals_line(results, per_rule, lang))
    return "\n".join(out) + "\n"


def rule_titles(lang: str) -> dict[str, str]:
    from reconcile.checks.registry import all_rules

    return {r.code: (r.title_en if lang == "en" else r.title) for r in all_rules()}


def _file_lines(path: str, findings, opts: TextOptions, words: dict) -> tuple[list[str], int]:
    lines: list[str] = []
    hidden_total = 0
    for sev in SEVERITY_ORDER:
        if opts.quiet and sev != "error":
            continue
        # findings marked as intended come after the open ones of their severity
        group = sorted((f for f in findings if f.severity == sev), key=lambda f: (_acknowledged(f), _position(f)))
        shown: Counter = Counter()
        hidden: Counter = Counter()
        for f in group:
            if not opts.show_all and shown[f.rule] >= SHOWN_PER_RULE.get(sev, 3):
                hidden[f.rule] += 1
                continue
            shown[f.rule] += 1
            lines.append(finding_line(path, f, opts, words))
            if opts.verbose:
                lines += _explanation(f, words)
        for rule, n in sorted(hidden.items(), key=lambda kv: (-kv[1], kv[0])):
            more = words["more"].format(n=_count(n, opts.lang), code=rule)
            lines.append(f"{_paint(path, BOLD, opts)}: {_paint(more, DIM, opts)} ({severity_word(sev, opts.lang)})")
            hidden_total += n
    return lines, hidden_total


def finding_line(path: str, f, opts: TextOptions, words: dict) -> str:
    # Workbook text never reaches the terminal raw (ESC/OSC sequences are shown escaped).
    where = f"{path}:{printable(quote_sheet(f.sheet), False)}!{printable(f.cell, False)}:"
    title = (opts.titles or {}).get(f.rule, "")
    message = short_message(f, title, opts.lang)
    if _acknowledged(f):  # still shown, with the reason a person gave, but not in the run's colour
        sev = f"[{severity_word(f.severity, opts.lang)}, {words['acknowledged']}]"
        return (f"{_paint(where, BOLD, opts)} {_paint(f.rule, BOLD, opts)} {_paint(sev, DIM, opts)} "
                f"{printable(message, False)} — {printable(f.acknowledged, False)}")
    sev = f"[{severity_word(f.severity, opts.lang)}]"
    return (f"{_paint(where, BOLD, opts)} {_paint(f.rule, BOLD, opts)} {_paint(sev, COLORS.get(f.severity, ''), opts)} "
            f"{printable(message, False)}")


def _acknowledged(f) -> bool:
    return getattr(f, "acknowledged", None) is not None


def short_message(f, title: str, lang: str = "id") -> str:
    """About one line: the rule's title with what is written and what was expected when both
    are short ("Capaian tidak sama …: tertulis 33%, seharusnya 11,11%"), else the message's
    first sentence, cut at a word."""
    words = WORDS["en" if lang == "en" else "id"]
    actual, expected = _one_line(f.actual), _one_line(f.expected)
    if title and actual and expected and len(actual) <= VALUE_CHARS and len(expected) <= VALUE_CHARS:
        return f"{title}: {words['written']} {actual}, {words['expected']} {expected}"
    return clip(first_sentence(_one_line(f.message)), SHORT_CHARS)


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def _one_line(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _explanation(f, words: dict) -> list[str]:
    indent = " " * 4
    lines = textwrap.wrap(printable(_one_line(f.message), False), WRAP, initial_indent=indent,
                          subsequent_indent=indent, break_on_hyphens=False)
    label_width = max(len(words["expected"]), len(words["written"]), len(words["related"])) + 1
    for key, value in (("expected", f.expected), ("written", f.actual)):
        if value is not None:
            lines.append(f"{indent}{(words[key] + ':').ljust(label_width)} {printable(_one_line(value), False)}")
    if f.related:
        cells = ", ".join(printable(c, False) for c in f.related)
        lines.append(f"{indent}{(words['related'] + ':').ljust(label_width)} {cells}")
    return lines


def _per_rule_lines(per_rule: Counter, opts: TextOptions, words: dict) -> list[str]:
    lines: list[str] = []
    if not per_rule:
        return lines
    lines.append(f"{words['per_rule']}:")
    width = max(len(severity_word(s, opts.lang)) for s in SEVERITY_ORDER)
    for sev in SEVERITY_ORDER:
        items = sorted(((rule, n) for (s, rule), n in per_rule.items() if s == sev), key=lambda kv: (-kv[1], kv[0]))
        if not items:
            continue
        head = f"  {severity_word(sev, opts.lang).ljust(width)}  "
        line = _paint(head, COLORS.get(sev, ""), opts)
        used = len(head)
        for i, (rule, n) in enumerate(items):
            item = f"{rule} {_count(n, opts.lang)}" + (", " if i < len(items) - 1 else "")
            if used + len(item.rstrip()) > WRAP and used > len(head):  # wrap between rules, never inside one
                lines.append(line.rstrip())
                line, used = " " * len(head), len(head)
            line += item
            used += len(item)
        lines.append(line.rstrip())
    return lines


def totals_line(results, per_rule: Counter, lang: str) -> str:
    total = Counter()
    for (sev, _), n in per_rule.items():
        total[sev] += n
    n_files = len(results)
    bad = sum(1 for r in results if r.status not in ("ok", "no_table"))
    no_table = sum(1 for r in results if r.status == "no_table")
    counts = ", ".join(f"{_count(total[s], lang)} {severity_word(s, lang, plural=total[s] != 1)}"
                       for s in SEVERITY_ORDER)
    if total["acknowledged"]:
        counts += ", " + WORDS["en" if lang == "en" else "id"]["acknowledged_n"].format(n=_count(total["acknowledged"], lang))
    if lang == "en":
        apart = f", {_count(no_table, lang)} without a Renja table" if no_table else ""
        files = f"{_count(n_files, lang)} file{'s' if n_files != 1 else ''} checked"
        return f"{files}, {_count(bad, lang)} unreadable{apart}: {counts}."
    apart = f", {_count(no_table, lang)} tanpa tabel Renja" if no_table else ""
    return f"{_count(n_files, lang)} berkas diperiksa, {_count(bad, lang)} tidak terbaca{apart}: {counts}."


def _position(f) -> tuple:
    """Sheet (natural order: 'Tabel 2.6' before 'Tabel 10'), then row, column, rule."""
    m = _CELL.match(f.cell or "")
    row, col = (int(m.group(2)), _column_number(m.group(1))) if m else (0, 0)
    return (_natural(f.sheet), row, col, f.rule)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _natural(text: str) -> list:
    return [(0, int(tok), "") if tok.isdigit() else (1, 0, tok) for tok in re.split(r"(\d+)", (text or "").lower()) if tok]


def _count(n: int, lang: str) -> str:
    from reconcile.read.numbers import format_number

    return format_number(n, "en" if lang == "en" else "id")


def _paint(text: str, code: str, opts: TextOptions) -> str:
    return f"{code}{text}{RESET}" if opts.color and code else text
