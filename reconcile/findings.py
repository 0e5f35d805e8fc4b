"""A finding: what a rule reports about one cell, as the outputs (terminal, JSON, annotated
copy, batch summary) receive it. Kept outside `reconcile.checks` so outputs import no rule code.

A finding may also carry what it says as data (`Message`: the rule's templates in each
language and the arguments), so that it can be rendered in another language than the run's
(`Finding.in_lang`): one run can write both. `message`, `expected` and `actual` are always
filled in the run's language, for the outputs that read them.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    rule: str
    severity: str
    sheet: str
    cell: str
    message: str
    expected: str | None = None
    actual: str | None = None
    related: list[str] = field(default_factory=list)  # other cells: "'Tabel 4.1'!J13"
    acknowledged: str | None = None  # marked as intended by a person: their reason (reconcile.acknowledge)
    data: "Message | None" = field(default=None, repr=False, compare=False)  # what it says, as data

    def to_json(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "related": list(self.related),
        }
        if self.acknowledged is not None:  # additive: the key exists only on an acknowledged finding
            out["acknowledged"] = self.acknowledged
        return out

    def in_lang(self, lang: str) -> "Finding":
        """This finding with its message, expected and actual in `lang` (itself when it carries
        no `data`: its text stays in the language it was made in)."""
        if self.data is None:
            return self
        return dataclasses.replace(self, message=self.data.render("message", lang) or "",
                                   expected=self.data.render("expected", lang),
                                   actual=self.data.render("actual", lang))


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in rupiah, written in the reader's language: Rp 3.121.776.000 / Rp 3,121,776,000."""

    value: float


@dataclass(frozen=True, slots=True)
class Num:
    """A number: 45,61 / 45.61 (`decimals`: as many as needed up to 2 when None)."""

    value: float
    decimals: int | None = None


@dataclass(frozen=True, slots=True)
class Words:
    """A word or phrase given in each language ("sub kegiatannya" / "its sub kegiatan")."""

    id: str
    en: str


@dataclass(frozen=True)
class Message:
    """What a finding says: the rule's templates (`str.format`) per part (`message`, `expected`,
    `actual`) and language, and the arguments, kept as values (`Money`, `Num`, `Words`, text,
    ints) until a language is chosen."""

    templates: dict[str, dict[str, str]]
    args: dict[str, Any]

    def render(self, part: str, lang: str) -> str | None:
        by_lang = self.templates.get(part)
        if by_lang is None:
            return None
        template = by_lang.get(lang) or by_lang["id"]
        return template.format(**{k: _text(v, lang) for k, v in self.args.items()})


def _text(value: Any, lang: str) -> Any:
    from reconcile.read.numbers import format_number, format_rupiah

    if isinstance(value, Money):
        return format_rupiah(value.value, lang)
    if isinstance(value, Num):
        return format_number(value.value, lang, value.decimals)
    if isinstance(value, Words):
        return value.en if lang == "en" else value.id
    return value

