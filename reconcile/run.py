"""One file through the pipeline: read → rules → result. Never raises for a bad input file."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from reconcile.checks.base import Finding


@dataclass
class FileResult:
    path: str
    status: str  # ok | no_table (readable, but no plan table: nothing to check) | error (not read)
    error: str | None = None  # the message of a file not checked (status no_table or error)
    error_code: str | None = None
    findings: list[Finding] = field(default_factory=list)
    workbook: Any = None
    exit_override: int | None = None

    @property
    def exit_code(self) -> int:
        """0 no error finding (a workbook without a plan table too: it was read, and holds
        nothing to check), 1 error findings, 2 not read (or an output that failed)."""
        if self.status == "error" or self.exit_override:
            return 2
        if self.status == "no_table":
            return 0
        # an error a person marked as intended (reconcile.acknowledge) is reported, never a failure
        return 1 if any(f.severity == "error" and f.acknowledged is None for f in self.findings) else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "findings": [f.to_json() for f in self.findings],
        }


def check_file(path: Path, config, lang: str = "id", only: set[str] | None = None,
               on_safe: Callable[[str], None] | None = None) -> FileResult:
    """Read `path` and run the rules. `on_safe(format)`: see `read_workbook`."""
    from reconcile import collector

    with collector.paused():
        return _check_file(path, config, lang, only, on_safe)


def _check_file(path: Path, config, lang: str, only: set[str] | None,
                on_safe: Callable[[str], None] | None) -> FileResult:
    from reconcile.checks import run_rules
    from reconcile.messages import read_error_message
    from reconcile.read import ReadError, read_workbook

    try:
        wb = read_workbook(path, config, on_safe)
    except ReadError as exc:
        return FileResult(str(path), "error", read_error_message(exc.code, lang), exc.code)
    if not wb.tables:
        from reconcile.messages import no_table_message

        return FileResult(str(path), "no_table", no_table_message(wb, lang), "no_table", [], wb)
    findings = run_rules(wb, config, lang, only)
    return FileResult(str(path), "ok", None, None, findings, wb)
