"""What every rule shares: findings, the rule base class and the run context."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

# Findings are data the outputs use without any rule code; re-exported here for the rules.
from reconcile.findings import SEVERITIES, SEVERITY_RANK, Finding, Message  # noqa: F401

if TYPE_CHECKING:
    from reconcile.config import Config
    from reconcile.read.model import Table, Workbook

@dataclass
class Context:
    """What a rule sees: the workbook as read, the settings, and the language of messages."""

    workbook: "Workbook"
    config: "Config"
    lang: str = "id"
    # The codes of the rules this run includes (after settings, --select and --ignore); None when
    # a rule is run on its own. A rule that leaves a cell to another asks it here.
    running: frozenset[str] | None = None

    def t(self, id_text: str, en_text: str) -> str:
        return en_text if self.lang == "en" else id_text

    def money(self, value: float | None) -> str:
        from reconcile.read.numbers import format_rupiah

        return "-" if value is None else format_rupiah(value, self.lang)

    def num(self, value: float | None, decimals: int | None = None) -> str:
        from reconcile.read.numbers import format_number

        return "-" if value is None else format_number(value, self.lang, decimals)


class Scratch:
    """The caches rules leave behind, dropped when the unit of rules that made them is done.

    Rules keep derived structures where the next rule of their family finds them: on the
    context, the workbook, a table (`__dict__` entries) or in a table's column views. On a
    large workbook these add up to more than the workbook itself; dropping each unit's at its
    end keeps only one unit's at a time (a later rule that wants one again builds it again).
    """

    def __init__(self, ctx: Context):
        self._objects = [ctx, ctx.workbook, *ctx.workbook.tables]
        self._tables = list(ctx.workbook.tables)
        self._before: list[set] = []
        self._views: list[set] = []

    def mark(self) -> None:
        self._before = [set(o.__dict__) for o in self._objects]
        self._views = [set(t._views) for t in self._tables]

    def release(self) -> None:
        for obj, keys in zip(self._objects, self._before):
            for key in set(obj.__dict__) - keys:
                del obj.__dict__[key]
        for table, keys in zip(self._tables, self._views):
            for key in set(table._views) - keys:
                del table._views[key]


class Rule:
    """Base of every rule. Subclasses set the class attributes and implement `check`.

    The docstring of a rule is its documentation (`reconcile explain CODE`): why it matters,
    then a **Bad** and a **Good** example.
    """

    code: ClassVar[str] = ""
    title: ClassVar[str] = ""  # Indonesian
    title_en: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    family: ClassVar[str] = ""
    # The rule's options and their types; each one's default is in `rules/<family>.yaml`
    # (`rules: {CODE: {option: value}}`), and a key not declared here is refused (config.py).
    options: ClassVar[dict[str, type]] = {}
    # What the rule says, as templates: {key: {"message" | "expected" | "actual": {"id": …, "en": …}}},
    # filled by `self.say(…, **args)` (`reconcile.findings.Message`); rules not moved to templates
    # yet write both texts in `finding(…)`.
    messages: ClassVar[dict[str, dict[str, dict[str, str]]]] = {}

    def __init__(self, settings: dict[str, Any] | None = None):
        self.settings = settings or {}

    @property
    def effective_severity(self) -> str:
        sev = self.settings.get("severity", self.severity)
        return sev if sev in SEVERITIES else self.severity

    @property
    def enabled(self) -> bool:
        return bool(self.settings.get("enabled", True))

    def setting(self, key: str, default: Any) -> Any:
        """A knob of a rule outside the catalogue's typed options (the comparison's rules,
        `reconcile/compare/rules.py`); a rule of the catalogue declares `options` instead."""
        return self.settings.get(key, default)

    def option(self, key: str) -> Any:
        """The value of a declared option (its default comes from the family's YAML)."""
        if key not in self.options:
            raise KeyError(f"{self.code}: option {key!r} is not declared in {type(self).__name__}.options")
        return self.settings[key]

    def check(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def say(self, ctx: Context, sheet: str, cell: str, key: str, related: Iterable[str] = (),
            severity: str | None = None, **args: Any) -> Finding:
        """A finding from `messages[key]` and `args`: rendered in the run's language, and kept
        as data for any other (`Finding.in_lang`)."""
        data = Message(self.messages[key], args)
        return Finding(rule=self.code, severity=severity or self.effective_severity, sheet=sheet, cell=cell,
                       message=data.render("message", ctx.lang) or "", expected=data.render("expected", ctx.lang),
                       actual=data.render("actual", ctx.lang), related=list(related), data=data)

    def finding(self, ctx: Context, sheet: str, cell: str, id_text: str, en_text: str,
                expected: Any = None, actual: Any = None, related: Iterable[str] = (),
                severity: str | None = None) -> Finding:
        return Finding(
            rule=self.code,
            severity=severity or self.effective_severity,
            sheet=sheet,
            cell=cell,
            message=ctx.t(id_text, en_text),
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            related=list(related),
        )


def short(text: Any, n: int = 70) -> str:
    """`text` on one line, cut to `n` characters with "…" (for quoting a cell in a message)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def iter_tables(ctx: Context, *kinds: str) -> Iterator["Table"]:
    for table in ctx.workbook.tables:
        if not kinds or table.kind in kinds:
            yield table


def failure_rows(frame, checks: dict[str, Any]) -> dict[str, list[int]]:
    """Run pandera checks on `frame`; return, per column, the index labels that fail.

    `checks` maps a column name to one or more `pandera.Check`s (element-wise or vectorised).
    Columns the frame lacks are skipped, nulls pass (`ignore_na`), a check that raises fails
    no row: what `DataFrameSchema(..., nullable=True, required=False).validate(lazy=True)`
    reports, read from the same pandera check results (`Check.__call__`) instead of from the
    `SchemaErrors` report, whose assembly cost 3-4 ms per failing call (a third of a small
    workbook's checking time) and grew with the number of failures.
    """
    out: dict[str, list[int]] = {}
    for col, col_checks in checks.items():
        if col not in frame.columns:
            continue
        series = frame[col]
        failed: set[int] = set()
        for check in col_checks if isinstance(col_checks, list) else [col_checks]:
            try:
                result = check(series)
            except Exception:  # noqa: BLE001 - pandera's lazy validation reports these without rows
                continue
            cases = result.failure_cases
            if cases is None or bool(result.check_passed):
                continue
            for idx in cases.index:
                if idx is None or (isinstance(idx, float) and idx != idx):
                    continue
                failed.add(int(idx))
        if failed:
            out[col] = sorted(failed)
    return out
