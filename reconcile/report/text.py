"""Compiler-style text: `renja.xlsx:'Tabel 4.1'!J12: PAGU-SUM message`."""
from __future__ import annotations

from collections import Counter

from reconcile.read.model import quote_sheet

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
RESET = "\x1b[0m"


def render_results(results, lang: str = "id", color: bool = False) -> str:
    out: list[str] = []
    total = Counter()
    for res in results:
        if res.status != "ok":
            out.append(f"{res.path}: {'GAGAL' if lang == 'id' else 'FAILED'}: {res.error}")
            continue
        for f in res.findings:
            total[f.severity] += 1
            sev = f"{COLORS[f.severity]}{f.severity}{RESET}" if color else f.severity
            line = f"{res.path}:{quote_sheet(f.sheet)}!{f.cell}: {f.rule} [{sev}] {f.message}"
            if f.expected is not None or f.actual is not None:
                if lang == "id":
                    line += f" (seharusnya: {f.expected}; tertulis: {f.actual})"
                else:
                    line += f" (expected: {f.expected}; actual: {f.actual})"
            out.append(line)
    n_files = len(results)
    bad = sum(1 for r in results if r.status != "ok")
    if lang == "id":
        summary = (f"{n_files} berkas diperiksa, {bad} tidak terbaca: {total['error']} error, "
                   f"{total['warning']} peringatan, {total['info']} info.")
    else:
        summary = (f"{n_files} file(s) checked, {bad} unreadable: {total['error']} errors, "
                   f"{total['warning']} warnings, {total['info']} info.")
    out.append(summary)
    return "\n".join(out) + "\n"
