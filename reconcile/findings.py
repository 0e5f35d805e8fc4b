"""A finding: what a rule reports about one cell, as the outputs (terminal, JSON, annotated
copy, batch summary) receive it. Kept outside `reconcile.checks` so outputs import no rule code."""
from __future__ import annotations

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
