"""Cell notes (comments) of an .xlsx/.xlsm, read straight from the zip.

`read_notes(path)` maps sheet name -> {cell: text} for every worksheet that has notes: the
classic notes (`xl/comments*.xml`) and Excel 365's threaded comments
(`xl/threadedComments/*.xml`; every entry of a thread, one per line). A person marks a
finding as intended in a note (`reconcile.acknowledge`); nothing else reads them.

Every part goes through `GuardedZip` (bounded inflation, zip bombs refused) and is parsed
by defusedxml's expat parser fed piece by piece, with a target that keeps only the text of
the notes (no tree is built): DTDs and entities are refused, a note's text is cut at
`MAX_NOTE_CHARS`, and a sheet holds at most `Limits.max_cells` notes. Anything that is not
a readable zip workbook gives {}: notes are a nicety, never a reason to fail a check.
"""
from __future__ import annotations

from pathlib import Path

from reconcile.read.safety import GuardedZip, Limits, UnsafeWorkbook, _local

__all__ = ["read_notes", "MAX_NOTE_CHARS"]

MAX_NOTE_CHARS = 32_767  # Excel's own limit for a cell's text
_NOTE_TYPES = ("/comments", "/threadedcomment")  # relationship types, lower case, by their ending


def read_notes(path: str | Path, limits: Limits | None = None) -> dict[str, dict[str, str]]:
    """Sheet name -> {"J12": note text} (notes of one cell joined by a line break); {} when
    the file has none, is not an xlsx/xlsm, or a part is damaged or refused."""
    from reconcile.read.layout import _sheet_parts

    limits = limits or Limits()
    try:
        with GuardedZip(path, limits) as gz:
            if not any("comment" in info.filename.lower() for info in gz.infos):
                return {}  # most workbooks: no need to read the workbook part
            out: dict[str, dict[str, str]] = {}
            parts, _styles = _sheet_parts(gz)
            for sheet, part in parts:
                notes: dict[str, list[str]] = {}
                for rtype, target in sorted(gz.rels(part).values(), key=lambda rt: rt[1]):
                    if rtype.lower().endswith(_NOTE_TYPES) and gz.find(target) is not None:
                        _parse_part(gz, target, notes, limits.max_cells)
                if notes:
                    out[sheet] = {cell: "\n".join(texts)[:MAX_NOTE_CHARS] for cell, texts in notes.items()}
            return out
    except (UnsafeWorkbook, ValueError, OSError, KeyError):
        return {}


class _NoteTarget:
    """Collects the text of each `<comment ref>` / `<threadedComment ref>`: the `<t>` runs
    of a note (phonetic `<rPh>` runs left out) or a threaded comment's `<text>`."""

    def __init__(self, notes: dict[str, list[str]], max_notes: int):
        self.notes = notes
        self.max_notes = max_notes
        self.ref: str | None = None
        self.parts: list[str] = []
        self.size = 0
        self.in_text = 0
        self.in_phonetic = 0
        self.text_tag = "t"

    def start(self, tag, attrib) -> None:
        name = _local(tag)
        if name in ("comment", "threadedComment"):
            ref = (attrib.get("ref") or "").replace("$", "").upper().strip()
            self.ref = ref.split(":", 1)[0] or None  # a note on a range belongs to its first cell
            self.parts, self.size = [], 0
            self.text_tag = "t" if name == "comment" else "text"  # a note's runs; a thread entry's text
        elif self.ref is not None:
            if name == "rPh":
                self.in_phonetic += 1
            elif name == self.text_tag and not self.in_phonetic:
                self.in_text += 1

    def end(self, tag) -> None:
        name = _local(tag)
        if name in ("comment", "threadedComment"):
            if self.ref is not None:
                if self.ref not in self.notes and len(self.notes) >= self.max_notes:
                    raise UnsafeWorkbook("too_many_cells", f"more than {self.max_notes} notes on one sheet")
                self.notes.setdefault(self.ref, []).append("".join(self.parts))
            self.ref = None
        elif self.ref is not None:
            if name == "rPh":
                self.in_phonetic = max(self.in_phonetic - 1, 0)
            elif name == self.text_tag and not self.in_phonetic:
                self.in_text = max(self.in_text - 1, 0)

    def data(self, text: str) -> None:
        if self.ref is not None and self.in_text and self.size < MAX_NOTE_CHARS:
            piece = text[: MAX_NOTE_CHARS - self.size]
            self.parts.append(piece)
            self.size += len(piece)

    def close(self) -> None:
        return None


def _parse_part(gz: GuardedZip, part: str, notes: dict[str, list[str]], max_notes: int) -> None:
    """Stream one comments part into `notes`. A damaged part leaves what it gave so far."""
    import defusedxml
    from defusedxml.ElementTree import DefusedXMLParser
    from xml.etree.ElementTree import ParseError

    parser = DefusedXMLParser(target=_NoteTarget(notes, max_notes), forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    try:
        for piece in gz.iter_member(part):
            parser.feed(piece)
        parser.close()
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeWorkbook("xml_entities", f"{part}: {type(exc).__name__}") from None
    except ParseError:
        return
    except UnsafeWorkbook as exc:
        if exc.reason in ("corrupt", "zip_unsupported"):
            return
        raise

