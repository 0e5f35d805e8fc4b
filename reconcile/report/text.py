"""Compiler-style text: `renja.xlsx:'Tabel 4.1'!J12: PAGU-SUM message`."""
from __future__ import annotations

from collections import Counter

from reconcile.read.model import quote_sheet
from reconcile.terminal import display_path, printable

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
RESET = "\x1b[0m"


def render_results(results, lang: str = "id", color: bool = False) -> str:
    out: list[str] = []
    total = Counter()
    for res in results:
        path = display_path(res.path)
        if res.status == "no_table":  # read, but nothing to check: not a failure
            out.append(f"{path}: {'TANPA TABEL RENJA' if lang == 'id' else 'NO RENJA TABLE'}: "
                       f"{printable(res.error, False)}")
            continue
        if res.status != "ok":
            out.append(f"{path}: {'GAGAL' if lang == 'id' else 'FAILED'}: {printable(res.error, False)}")
            continue
        for f in res.findings:
            total[f.severity] += 1
            sev = f"{COLORS[f.severity]}{f.severity}{RESET}" if color else f.severity
            # Workbook text never reaches the terminal raw (ESC/OSC sequences are shown escaped).
            line = f"{path}:{printable(quote_sheet(f.sheet), False)}!{f.cell}: {f.rule} [{sev}] " \
                   f"{printable(f.message, False)}"
            if f.expected is not None or f.actual is not None:
                expected, actual = printable(f.expected, False), printable(f.actual, False)
                if lang == "id":
                    line += f" (seharusnya: {expected}; tertulis: {actual})"
                else:
                    line += f" (expected: {expected}; actual: {actual})"
            out.append(line)
    n_files = len(results)
    bad = sum(1 for r in results if r.status not in ("ok", "no_table"))
    no_table = sum(1 for r in results if r.status == "no_table")
    if lang == "id":
        apart = f", {no_table} tanpa tabel Renja" if no_table else ""
        summary = (f"{n_files} berkas diperiksa, {bad} tidak terbaca{apart}: {total['error']} error, "
                   f"{total['warning']} peringatan, {total['info']} info.")
    else:
        apart = f", {no_table} without a Renja table" if no_table else ""
        summary = (f"{n_files} file(s) checked, {bad} unreadable{apart}: {total['error']} errors, "
                   f"{total['warning']} warnings, {total['info']} info.")
    out.append(summary)
    return "\n".join(out) + "\n"
