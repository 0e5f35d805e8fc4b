"""NUMBERING-SEQ: Numbering skips or repeats."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.matching import ITEM_LEVELS, level_words
from reconcile.checks.nomenclature.analysis import (
    Numbered,
    _PARSED_MAX,
    _number_cell,
    _ref,
    _str,
    parse_numbering,
    show_number,
)
from reconcile.findings import Words


class NumberingSequence(Rule):
    """The numbering of programs, kegiatan or sub kegiatan skips or repeats a number.

    Why it matters: the No column is how readers and verifiers refer to rows ("kegiatan R,
    sub kegiatan 47"). A skipped number often means a row was deleted and its pagu may still
    be counted; a repeated number, a row pasted twice. Tables number kegiatan either afresh
    under each program (A, B, A, B…) or straight through (A … S), and sub kegiatan afresh
    under each kegiatan or straight through (1 … 53): the table's own habit is learnt first, and
    only departures from it are reported. Rows of a level the table does not number are left
    alone; an unnumbered row takes the next number silently.

    **Bad**: programs I, II, IV (III skipped); kegiatan A, B, B; sub kegiatan 1 … 19, 21.

    **Good**: I, II, III; A, B, C; 1, 2, 3 — restarting or running on, the same way in the
    whole table.
    """

    code = "NUMBERING-SEQ"
    title = "Penomoran melompat atau berulang"
    title_en = "Numbering skips or repeats"
    severity = "info"
    options = {"min_numbered_share": float, "table_kinds": list}
    family = "nomenclature"
    messages = {
        "repeat": {
            "message": {
                "id": "Nomor {level} '{number}'{about} dipakai lagi{used}; berikutnya seharusnya '{expected}'. Periksa "
                      "apakah baris ini tersalin dua kali, lalu perbaiki penomorannya.",
                "en": "The {level} number '{number}'{about} is used again{used}; the next one should be '{expected}'. "
                      "Check whether the row was pasted twice, then fix the numbering."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{number}"}},
        "gap": {
            "message": {
                "id": "Penomoran {level} melompat: setelah {prev} tertulis '{number}'{about}; nomor {missing} tidak "
                      "ada. Periksa apakah ada {level} yang terhapus, atau perbaiki nomornya.",
                "en": "The {level} numbering skips: after {prev} comes '{number}'{about}; {missing} is missing. Check "
                      "whether a {level} was deleted, or fix the number."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{number}"}},
        "order": {
            "message": {
                "id": "Nomor {level} '{number}'{about} tidak berurutan: setelah {prev} seharusnya '{expected}'{habit}. "
                      "Perbaiki penomorannya.",
                "en": "The {level} number '{number}'{about} is out of sequence: after {prev} it should be "
                      "'{expected}'{habit}. Fix the numbering."},
            "expected": {"id": "{expected}"}, "actual": {"id": "{number}"}},
    }

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        min_share = float(self.option("min_numbered_share"))
        for table in iter_tables(ctx, *self.option("table_kinds")):
            level_of, parent_of = table.column("level"), table.column("parent")
            numbers = table.frame["number"].tolist()  # read once here: no `Table.column` view kept
            for level in ITEM_LEVELS:
                seq: list[Numbered | int] = []  # a Numbered, or the row of an unnumbered item
                n_rows = 0  # the level's rows
                # Numbers restarting under each parent repeat ("1", "2", "A"): parsed once each. Those
                # running on through a table do not, and are not kept (_PARSED_MAX).
                parsed_of: dict[str, tuple[str, int, str] | None] = {}
                for r, number in zip(table.rows, numbers):
                    if level_of[r] != level:
                        continue
                    n_rows += 1
                    token = _str(number)
                    parsed = parsed_of.get(token, False)
                    if parsed is False:
                        parsed = parse_numbering(token, level)
                        if len(parsed_of) < _PARSED_MAX:
                            parsed_of[token] = parsed
                    scope = int(parent_of[r] or 0)
                    if parsed:
                        seq.append(Numbered(r, token, parsed[0], parsed[1], scope, parsed[2]))
                    else:
                        seq.append(r)
                if n_rows < 2:
                    continue
                numbered = [s for s in seq if isinstance(s, Numbered)]
                if len(numbered) < 2 or len(numbered) < min_share * n_rows:
                    continue
                convention = self._convention(seq, parent_of)
                issues = self._walk(seq, parent_of, convention)
                if not issues:
                    continue
                frame = pd.DataFrame({"number": [n.token for n in numbered]},
                                      index=pd.Index([n.row for n in numbered], name="row"))
                failing = failure_rows(frame, {"number": pa.Check(
                    lambda s: pd.Series([int(r) not in issues for r in s.index], index=s.index),
                    error="numbering runs without gaps or repeats")})
                for r in failing.get("number", []):
                    yield self._finding(ctx, table, level, r, issues[r], convention)

    @staticmethod
    def _convention(seq, parent_of) -> str:
        restart = runon = 0
        last: Numbered | None = None
        prev_scope = None
        counter = 0
        for item in seq:
            row = item.row if isinstance(item, Numbered) else item
            scope = int(parent_of[row] or 0)
            new_scope = prev_scope is not None and scope != prev_scope
            if isinstance(item, Numbered):
                if new_scope and last is not None and item.family == last.family and item.family != "dot":
                    if item.value == 1 and counter >= 1:
                        restart += 1
                    elif item.value == counter + 1:
                        runon += 1
                counter = item.value
                last = item
            else:
                counter = 1 if (new_scope and restart > runon) else counter + 1
            prev_scope = scope
        if restart > runon:
            return "restart"
        if runon > restart:
            return "runon"
        return "either"

    @staticmethod
    def _walk(seq, parent_of, convention: str) -> dict[int, tuple[str, Numbered, int, int | None, Numbered | None]]:
        """Departures: row -> (kind gap|repeat|order, item, expected value, row first used, previous)."""
        issues: dict[int, tuple[str, Numbered, int, int | None, Numbered | None]] = {}
        counter = 0
        family: str | None = None
        prev_scope = None
        seen: dict[Any, dict[int, int]] = defaultdict(dict)  # scope (or "all") -> value -> row
        last: Numbered | None = None
        for item in seq:
            row = item.row if isinstance(item, Numbered) else item
            scope = int(parent_of[row] or 0)
            new_scope = prev_scope is not None and scope != prev_scope
            prev_scope = scope
            restarts = family == "dot" or convention == "restart"
            if not isinstance(item, Numbered):  # an unnumbered item takes the next number silently
                if family is not None:
                    counter = 1 if (new_scope and restarts) else counter + 1
                continue
            per_scope = item.family == "dot" or convention != "runon"
            bucket = scope if per_scope else "all"
            if family is None or item.family != family:
                family, counter, last = item.family, item.value, item
                seen[bucket][item.value] = item.row
                continue
            if not new_scope:
                candidates = [counter + 1]
            elif item.family == "dot" or convention == "restart":
                candidates = [1]
            elif convention == "runon":
                candidates = [counter + 1]
            else:
                candidates = [1, counter + 1]
            expected = min(candidates, key=lambda c: (abs(c - item.value), c))
            if item.value not in candidates:
                used = seen[bucket].get(item.value)
                if new_scope and item.value == 1:
                    issues[item.row] = ("order", item, expected, None, last)  # restarts where the table runs on
                elif used is not None or (not new_scope and item.value == counter):
                    issues[item.row] = ("repeat", item, expected, used if used is not None else
                                        (last.row if last else None), last)
                elif item.value > expected:
                    issues[item.row] = ("gap", item, expected, None, last)
                else:
                    issues[item.row] = ("order", item, expected, None, last)
            seen[bucket].setdefault(item.value, item.row)
            counter, last = item.value, item
        return issues

    def _finding(self, ctx: Context, table, level: str, row: int, issue, convention: str) -> Finding:
        kind, item, expected, first_row, prev = issue
        name = _str(table.value("name", row))
        args = dict(level=level_words(level), number=item.token, about=f" ({short(name, 60)})" if name else "",
                    expected=show_number(item.family, expected, item.prefix),
                    prev=f"'{prev.token}'" if prev is not None else "-")
        cell = _number_cell(table, row)
        if kind == "repeat":
            related = [_ref(table, _number_cell(table, first_row))] if first_row else []
            used = Words(f" (sudah dipakai di baris {first_row})", f" (already used on row {first_row})") \
                if first_row else ""
            return self.say(ctx, table.sheet, cell, "repeat", related=related, used=used, **args)
        if kind == "gap":
            missing = [show_number(item.family, v, item.prefix) for v in range(expected, item.value)]
            miss = ", ".join(f"'{m}'" for m in missing[:5]) + (" …" if len(missing) > 5 else "")
            return self.say(ctx, table.sheet, cell, "gap", missing=miss, **args)
        lvl = args["level"]
        habit = {"runon": Words(f" (di tabel ini nomor {lvl.id} bersambung terus, tidak mulai lagi di setiap induknya)",
                                f" (this table numbers {lvl.en} straight through, not afresh under each parent)"),
                 "restart": Words(f" (di tabel ini nomor {lvl.id} mulai lagi di setiap induknya)",
                                  f" (this table numbers {lvl.en} afresh under each parent)")}.get(convention, "")
        return self.say(ctx, table.sheet, cell, "order", habit=habit, **args)
