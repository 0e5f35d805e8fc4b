"""Text that reaches a terminal or a log: never a control sequence from a workbook.

Cell text, sheet names and file names are the agency's (or an attacker's): an ESC or OSC
sequence in them would clear the screen, retitle the window or worse once printed. Every
message we print goes through `printable`; file names through `display_path` (names that are
not valid UTF-8 are shown with U+FFFD, so JSON and terminals stay valid UTF-8).
"""
from __future__ import annotations

import os
import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides/isolates that
# can make a line read differently from what it says.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, keep_newlines: bool = True) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), lone surrogates
    (undecodable file names) as U+FFFD."""
    s = valid_utf8(text if isinstance(text, str) else str(text))
    if not keep_newlines:
        s = s.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(_escape, s)


def display_path(path: object) -> str:
    """A file name as text that is valid UTF-8 and safe to print."""
    return printable(os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path), keep_newlines=False)


def valid_utf8(text: str) -> str:
    """`text` with every lone surrogate (a file name that is not UTF-8, read by os.fsdecode) as
    U+FFFD: a string that encodes to UTF-8, for JSON, workbooks and terminals."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # bytes os.fsdecode escaped: one U+FFFD per undecodable byte
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # other lone surrogates
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_safe(document: str) -> str:
    """JSON text (from json.dumps, which escapes C0 controls already) with C1 controls and
    bidi overrides escaped too: the same data, but nothing a terminal would act on."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
