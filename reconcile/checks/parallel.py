"""Rules of a large workbook on two cores: a forked child takes rule families from a shared
counter, as this process does, and sends back its findings.

An RKPD of tens of thousands of rows spends most of its checking time in the rules, and the
rules of one family do not depend on another's. The child is a fork, so it starts with the
workbook as read (no copy, no pickling); only findings cross back. Families that share a
cache (claims and crosstable both use the name matching) go to the same process, so no work
is done twice. The result is the same list as running the rules in order: findings are put
back in rule order before the caller sorts them.

Used only where it pays and is safe: the tables hold at least `parallel_min_rows` rows
(`rules/settings.yaml`, `performance:`), the machine has a second core for this process,
`fork` exists, no other thread runs (forking a threaded process can deadlock the child),
and the process is not itself a worker of a batch (`disable()`), which already keeps the
cores busy. If the child dies, this process runs what the child had taken.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Callable

from reconcile.checks.base import Finding

# Families that must run in one process because they share a cache on the context.
TOGETHER = (("claims", "crosstable"),)
DEFAULT_MIN_ROWS = 5000
_enabled = True


def disable() -> None:
    """No forking in this process (batch workers: the batch already uses every core)."""
    global _enabled
    _enabled = False


def worth_splitting(workbook, settings: dict) -> bool:
    min_rows = int(settings.get("parallel_min_rows", DEFAULT_MIN_ROWS))
    if not _enabled or min_rows <= 0 or sum(len(t.frame) for t in workbook.tables) < min_rows:
        return False
    return len(os.sched_getaffinity(0)) >= 2 and fork_is_safe()


def fork_is_safe() -> bool:
    """Forking this process now is safe: Linux (macOS system libraries may not survive a fork;
    Windows has none), no other thread running (its locks would stay held in the child), and
    not a daemon process (multiprocessing lets those have no children)."""
    import multiprocessing

    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def units_of(families: list[str]) -> list[list[int]]:
    """Rule positions grouped into units of work: a family each, TOGETHER families as one."""
    units: dict[str, list[int]] = {}
    for i, family in enumerate(families):
        key = next((g[0] for g in TOGETHER if family in g), family)
        units.setdefault(key, []).append(i)
    return list(units.values())


def run_split(n_units: int, run_unit: Callable[[int], list[list[Finding]]]) -> dict[int, list[list[Finding]]]:
    """`run_unit(u)` for every unit, shared with a forked child: `{unit: its rules' findings}`."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("i", 0)
    receive, send = ctx.Pipe(duplex=False)

    def claim() -> int | None:
        with counter.get_lock():
            i = counter.value
            counter.value += 1
        return i if i < n_units else None

    def work(report: Callable[[int, list[list[Finding]]], None]) -> None:
        while (u := claim()) is not None:
            report(u, run_unit(u))

    def child() -> None:
        try:
            work(lambda u, found: send.send((u, found)))
        finally:
            send.close()

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    done: dict[int, list[list[Finding]]] = {}
    try:
        work(done.__setitem__)
    except BaseException:  # a rule failed here (or Ctrl-C): the child's work is moot
        proc.terminate()
        proc.join()
        raise
    while True:
        try:
            u, found = receive.recv()
        except (EOFError, OSError):
            break
        done[u] = found
    receive.close()
    proc.join()
    for u in range(n_units):  # taken by a child that died before reporting it
        if u not in done:
            done[u] = run_unit(u)
    return done


def in_rule_order(units: list[list[int]], done: dict[int, list[list[Finding]]]) -> list[Finding]:
    """The findings of every unit, in the order of the rules (as one process running them in
    turn would give them)."""
    by_rule: dict[int, list[Finding]] = {}
    for u, found in done.items():
        by_rule.update(zip(units[u], found))
    return [f for i in sorted(by_rule) for f in by_rule[i]]
