"""Check a workbook in a forked child while this process opens it for the annotated copy.

Writing the annotated copy costs openpyxl's full load and save of the workbook; checking it
costs reading plus the rules. The two are independent until the findings are applied, so on
a machine with two cores they can run side by side: the child reads and checks, the parent
loads the workbook with openpyxl. The parent waits until the child's reader has passed its
safety guards (zip bombs, entity expansion, absurd dimensions) before it lets openpyxl touch
the file, so they still stand in front of openpyxl; the values and rules come after, while
openpyxl loads.

Only where forking is safe (`checks.parallel.fork_is_safe`: Linux, no other thread, not a
daemon); otherwise `start` returns None and the caller checks in-process.

The child never outlives the parent: it asks the kernel for SIGTERM when the parent dies
(SIGTERM, SIGKILL or a crash skip the parent's own clean-up, which would stop it), and it
closes its copy of the pipe's reading end, so a write to a dead parent fails instead of
blocking forever on a full pipe that only the writer itself still holds open.
"""
from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconcile.run import FileResult


@dataclass
class CheckOutcome:
    """What the parent needs of a check done elsewhere: the result (without the workbook,
    which stays in the child), the workbook's format and the cached values of its formula
    cells (for the annotated copy), and, on request, the agency and year it names."""

    result: FileResult
    format: str = ""
    formula_values: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict)
    agency: str | None = None
    year: int | None = None


def outcome_of(res: FileResult, identify: bool, annotate: bool = True) -> CheckOutcome:
    """Everything of `res` the annotated copy (`annotate`) and the summary (`identify`) use,
    without the workbook."""
    wb = res.workbook
    out = CheckOutcome(res, getattr(wb, "format", "") or "")
    # A workbook without a plan table is read too: it gets no annotated copy, but the summary
    # may still name the agency and year it states.
    if wb is not None and res.status in ("ok", "no_table"):
        if annotate and res.status == "ok":
            from reconcile.report.annotate import formula_values

            out.formula_values = formula_values(wb)
        if identify:
            try:
                from reconcile.read.agency import identify_workbook

                out.agency, out.year = identify_workbook(wb)
            except Exception:  # identification is a nicety, never a failure
                pass
    res.workbook = None
    return out


class BackgroundCheck:
    def __init__(self, path: Path, config, lang: str, only, identify: bool):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._conn, child_end = ctx.Pipe(duplex=False)
        self._args = (path, config, lang, only, identify)
        self._proc = ctx.Process(target=_child, args=(*self._args, child_end, self._conn, os.getpid()), daemon=True)
        self._proc.start()
        child_end.close()
        self._safe: str | None = None
        self._early = None

    @classmethod
    def start(cls, path: Path, config, lang: str, only, identify: bool) -> "BackgroundCheck | None":
        from reconcile.checks.parallel import fork_is_safe

        if not fork_is_safe():
            return None
        _warm_up()
        try:
            return cls(Path(path), config, lang, only, identify)
        except OSError:  # no more processes or pipes: check in-process
            return None

    def wait_safe(self) -> str:
        """The workbook's format once the child's reader found the file safe to open, or ""
        when it did not (unsafe, unreadable, or the child died)."""
        if self._safe is None:
            try:
                message = self._conn.recv()
                self._safe = message[1] if isinstance(message, tuple) and message[0] == "safe" else ""
            except (EOFError, OSError):
                self._safe = ""
                return ""
            if not self._safe:
                self._early = message  # the outcome itself: the file never became safe
        return self._safe

    def result(self) -> CheckOutcome:
        """The child's outcome; if the child died, the check is done again in this process,
        so a crash is reported the way an in-process crash is."""
        self.wait_safe()
        try:
            outcome = self._early if self._early is not None else self._conn.recv()
        except (EOFError, OSError):
            outcome = None
        finally:
            self._conn.close()
            self._proc.join()
        if isinstance(outcome, CheckOutcome):
            return outcome
        path, config, lang, only, identify = self._args
        return outcome_of(_check(path, config, lang, only), identify)


def _warm_up() -> None:
    """Import the reader and every rule before forking, so that each child starts with them
    (a batch forks once per file) and the parent pays them once."""
    import reconcile.read  # noqa: F401
    from reconcile.checks import load_pandera
    from reconcile.checks.registry import all_rules
    from reconcile.read import freeze_libraries

    load_pandera()
    all_rules()
    freeze_libraries()


def _check(path: Path, config, lang: str, only, on_safe=None) -> FileResult:
    from reconcile.batch import internal_error
    from reconcile.run import check_file

    try:
        return check_file(path, config, lang, only, on_safe=on_safe)
    except Exception as exc:  # a rule or reader bug on one file must not stop the others
        return internal_error(path, exc, lang)


def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel send SIGTERM to this child when the parent dies (Linux' prctl
    PR_SET_PDEATHSIG), with SIGTERM's default action: the parent's handlers, inherited by
    the fork (the drop-folder watcher sets one), would otherwise keep the child alive."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to ask: the closed pipe still ends the child
            pass
    if os.getppid() != parent_pid:  # the parent died before the request: nobody to send to
        os._exit(1)


def _child(path: Path, config, lang: str, only, identify: bool, conn, parent_end, parent_pid: int) -> None:
    # Only the parent may hold the reading end: were this copy open, a write to a dead parent
    # would block on a full pipe forever instead of failing.
    parent_end.close()
    _die_with_parent(parent_pid)
    try:
        res = _check(path, config, lang, only, on_safe=lambda fmt: conn.send(("safe", fmt)))
        conn.send(outcome_of(res, identify))
    finally:
        conn.close()
