"""README's example blocks are what the commands print on the shipped samples, and the cells
they quote hold what they say (read from the workbook, not from reconcile)."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "workbooks" / "scripts" / "readme_examples.py"


def load_script():
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_examples_are_a_fresh_run():
    script = load_script()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = list(script.MARKER.finditer(text))
    assert len(blocks) >= 3, "README lost its examples"
    assert script.stale(text) == [], "README examples are stale: python workbooks/scripts/readme_examples.py"


def test_the_showcase_quotes_real_cells():
    script = load_script()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    showcase = next(script.MARKER.finditer(text)).group("body")
    line_re = re.compile(r"^(?P<file>workbooks/[^:]+):'(?P<sheet>[^']+)'!(?P<cell>[A-Z]+\d+): (?P<rule>\S+) "
                         r"\[kesalahan\] .*?: tertulis (?P<written>.+?), seharusnya ", re.M)
    found = list(line_re.finditer(showcase))
    assert len(found) >= 4
    books = {}
    for m in found:
        wb = books.setdefault(m.group("file"), openpyxl.load_workbook(ROOT / m.group("file")))
        assert m.group("written") in str(wb[m.group("sheet")][m.group("cell")].value), m.group(0)
