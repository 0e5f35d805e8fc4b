"""A resubmission: which findings of the earlier check were fixed, which are new, which remain.

`classify(new_findings, old_findings)` pairs each new finding with an old one of the same rule
and the same item, whatever rows were inserted or deleted in between:
1. the same sheet, cell and message;
2. the same sheet, column and message once cell references and row numbers are masked (rows
   shifted);
3. the same sheet and masked message (columns shifted too);
4. the same sheet and the same quoted names ('Penyediaan Gaji …'): the same item still wrong,
   with other numbers.
The old findings come from a `check --format json` output or a drop folder's `.hasil.json`
(`load_old`), or from the "Hasil Pemeriksaan" sheet of an old annotated copy.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from reconcile.checks.base import Finding

_REF = re.compile(r"(?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)?!\$?[A-Z]{1,3}\$?[0-9]+|\b\$?[A-Z]{1,3}\$?[0-9]{1,7}\b")
_ROW_WORD = re.compile(r"\b(baris|row|rows)\s+[0-9]+(?:\s*[–-]\s*[0-9]+)?", re.I)
_QUOTED = re.compile(r"'([^']{3,})'")
_COL = re.compile(r"[A-Z]+")
SEVERITY_WORDS = {"error": "error", "kesalahan": "error", "peringatan": "warning", "warning": "warning",
                  "info": "info"}


@dataclass
class Resubmission:
    fixed: list[dict[str, Any]] = field(default_factory=list)  # old findings gone
    new: list[Finding] = field(default_factory=list)
    remaining: list[tuple[Finding, dict[str, Any]]] = field(default_factory=list)  # (now, before)

    def to_json(self) -> dict[str, Any]:
        return {"fixed": self.fixed, "new": [f.to_json() for f in self.new],
                "remaining": [dict(f.to_json(), before={"sheet": o.get("sheet"), "cell": o.get("cell")})
                              for f, o in self.remaining],
                "counts": {"fixed": len(self.fixed), "new": len(self.new), "remaining": len(self.remaining)}}


def _as_dict(f: Finding | dict) -> dict[str, Any]:
    return f.to_json() if isinstance(f, Finding) else dict(f)


def masked(message: str) -> str:
    return " ".join(_ROW_WORD.sub(r"\1 #", _REF.sub("#", message or "")).split())


def _keys(f: dict[str, Any]) -> list[tuple]:
    rule, sheet, cell, msg = f.get("rule"), f.get("sheet"), f.get("cell") or "", f.get("message") or ""
    m = _COL.match(cell)
    keys = [("cell", rule, sheet, cell, msg), ("col", rule, sheet, m.group(0) if m else "", masked(msg)),
            ("sheet", rule, sheet, masked(msg))]
    names = tuple(_QUOTED.findall(msg))
    if names:
        keys.append(("item", rule, sheet, names))
    return keys


def classify(new_findings: Iterable[Finding | dict], old_findings: Iterable[dict]) -> Resubmission:
    new = list(new_findings)
    old = [_as_dict(o) for o in old_findings]
    out = Resubmission()
    left_new = list(range(len(new)))
    left_old = set(range(len(old)))
    new_keys = [_keys(_as_dict(f)) for f in new]
    old_keys = [_keys(o) for o in old]
    for tier in range(4):
        index: dict[tuple, list[int]] = {}
        for j in sorted(left_old):
            if tier < len(old_keys[j]):
                index.setdefault(old_keys[j][tier], []).append(j)
        still = []
        for i in left_new:
            hits = index.get(new_keys[i][tier]) if tier < len(new_keys[i]) else None
            j = next((j for j in hits or () if j in left_old), None)
            if j is None:
                still.append(i)
                continue
            left_old.discard(j)
            out.remaining.append((new[i] if isinstance(new[i], Finding) else Finding(**new[i]), old[j]))
        left_new = still
    out.new = [new[i] if isinstance(new[i], Finding) else Finding(**new[i]) for i in left_new]
    out.fixed = [old[j] for j in sorted(left_old)]
    return out


def load_old(path: str | Path, for_file: str | Path | None = None) -> list[dict[str, Any]]:
    """The findings of an earlier check: `check --format json` / `.hasil.json` (the entry of
    `for_file`, by file name, when it holds several), or an old annotated copy's summary sheet.
    Raises ValueError with a plain reason when the file is neither."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _from_annotated(p)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{p.name}: {exc}") from None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list):
        raise ValueError(f"{p.name}: not the JSON of reconcile check")
    if for_file is not None and len(files) > 1:
        name = Path(for_file).name
        files = [f for f in files if Path(str(f.get("path", ""))).name == name] or files
    return [f for entry in files for f in entry.get("findings") or [] if isinstance(f, dict) and f.get("rule")]


def _from_annotated(p: Path) -> list[dict[str, Any]]:
    """The findings listed on reconcile's summary sheet of an annotated copy (the sheet its
    state sheet names: recognised by the mark, never by the name alone)."""
    from python_calamine import CalamineWorkbook

    from reconcile.marks import STATE_MARK

    try:
        book = CalamineWorkbook.from_path(str(p))
        sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for broken files
        raise ValueError(f"{p.name}: {exc}") from None
    state = next((rows for rows in sheets.values() if rows and rows[0] and rows[0][0] == STATE_MARK), None)
    if state is None:
        raise ValueError(f"{p.name}: not an annotated copy written by reconcile")
    ours = [v for v in state[0][1:] if isinstance(v, str) and v in sheets and sheets[v] is not state]
    rows = sheets[ours[0]] if ours else []
    head = next((i for i, r in enumerate(rows) if len(r) >= 8 and str(r[2]).strip() in ("Aturan", "Rule")
                 and str(r[4]).strip() in ("Sel", "Cell")), None)
    out = []
    for r in rows[head + 1:] if head is not None else []:
        r = list(r) + [""] * (8 - len(r))
        if not isinstance(r[0], (int, float)) or not str(r[2]).strip():
            continue  # a grouped rows' heading, or "Tidak ada temuan."
        out.append({"rule": str(r[2]).strip(), "severity": SEVERITY_WORDS.get(str(r[1]).strip().lower(), "info"),
                    "sheet": str(r[3]), "cell": str(r[4]), "message": str(r[5]),
                    "expected": str(r[6]) if r[6] != "" else None, "actual": str(r[7]) if r[7] != "" else None,
                    "related": []})
    return out


def render(res: Resubmission, path: str, lang: str = "id") -> str:
    """Three lines a verifier reads first when a revised file comes back, then the new ones."""
    from reconcile.read.model import quote_sheet
    from reconcile.terminal import display_path, printable

    en = lang == "en"
    name = display_path(path)
    lines = [printable(f"{name}: " + (f"{len(res.fixed)} fixed, {len(res.new)} new, {len(res.remaining)} remaining "
                                      "since the previous check." if en else
                                      f"{len(res.fixed)} diperbaiki, {len(res.new)} baru, {len(res.remaining)} "
                                      "masih ada sejak pemeriksaan sebelumnya."), False)]
    for f in res.new:
        lines.append(printable(f"  {'new' if en else 'baru'}: {quote_sheet(f.sheet)}!{f.cell} {f.rule} "
                               f"{f.message}", False))
    for o in res.fixed:
        lines.append(printable(f"  {'fixed' if en else 'diperbaiki'}: {quote_sheet(str(o.get('sheet')))}!"
                               f"{o.get('cell')} {o.get('rule')} {o.get('message')}", False))
    return "\n".join(lines) + "\n"


def since_report(results, old: str | Path, lang: str = "id") -> tuple[str, dict[str, dict[str, Any]]]:
    """For `check FILES --since OLD`: each checked file (status ok) against the earlier
    findings of the same file in OLD. Returns the text to print after the report and, per
    file path, the JSON to add to its entry (`"since"`). ValueError when OLD cannot be used."""
    text, doc = [], {}
    for res in results:
        if res.status != "ok":
            continue
        classified = classify(res.findings, load_old(old, res.path))
        text.append(render(classified, res.path, lang))
        doc[res.path] = classified.to_json()
    return "".join(text), doc
