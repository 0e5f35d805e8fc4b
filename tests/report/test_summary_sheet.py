"""Issue #16 item 3: the "Hasil Pemeriksaan" sheet as a person reads it, printed by LibreOffice.

The annotated seed is converted to PDF; the printed text is read back with its positions
(pdfium): every rule code and sheet name stands whole inside its column, every message lies
within its own row (the text between one finding's row and the next is that finding's
message, all of it), rule titles are printed, no path of this machine is written. Page 1 is
kept as a PNG in the test's output folder for a person to look at.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import WORKBOOKS

from reconcile.config import Config
from reconcile.report.annotate import NOTE_MARK, SUMMARY_SHEET, annotate
from reconcile.run import check_file

pdfium = pytest.importorskip("pypdfium2")
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
RULES_DIR = str(Path(__file__).resolve().parents[2] / "rules")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("summary")
    src = tmp / "renja.xlsx"
    shutil.copy(WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx", src)
    res = check_file(src, Config(), "id")
    out = annotate(src, res.findings, tmp / "renja.diperiksa.xlsx", "id", ruleset=f"reconcile 0.1.0, {RULES_DIR}",
                   source_format=res.workbook.format).output
    proc = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    pdf = pdfium.PdfDocument(str(tmp / "renja.diperiksa.pdf"))
    png = tmp / "hasil_pemeriksaan_page1.png"
    pdf[0].render(scale=1.5).to_pil().save(png)  # for a person to look at
    print(f"page 1 of the summary: {png}")
    return out, pdf, res.findings


def _box(textpage, text: str, nth: int = 0):
    """(left, bottom, right, top) of the `nth` occurrence of `text` on the page."""
    search = textpage.search(text, match_case=True, match_whole_word=False)
    for _ in range(nth + 1):
        hit = search.get_next()
        assert hit is not None, text
    index, count = hit
    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _rows(out: Path) -> list[list]:
    ws = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    return [[c.value for c in row] for row in ws.iter_rows(max_col=8)]


def test_codes_and_sheet_names_print_whole_in_their_columns(printed):
    out, pdf, findings = printed
    page = pdf[0].get_textpage()
    width, height = pdf[0].get_size()
    # column edges from the headers of the list (the last header row on the page)
    left_rule = _box(page, "Aturan", 1)[0]  # "Aturan" of the header block, then of the tables
    left_title = _box(page, "Judul aturan")[0]
    codes = sorted({f.rule for f in findings})
    column = page.get_text_bounded(left=left_rule - 1, bottom=0, right=left_title - 0.5, top=height)
    printed_codes = set(re.findall(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+", column))
    assert set(codes) <= printed_codes, set(codes) - printed_codes  # none cut at the column's edge
    # sheet names in the list, on every page
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        if tp.search("Lembar", match_case=True).get_next() is None:
            continue
        left_sheet, left_cell = _box(tp, "Lembar")[0], _box(tp, "Sel")[0]
        text = tp.get_text_bounded(left=left_sheet - 1, bottom=0, right=left_cell - 0.5, top=height)
        for name in {f.sheet for f in findings}:
            cut = [line for line in text.splitlines() if line.strip() and name.startswith(line.strip())
                   and line.strip() != name]
            assert not cut, (name, cut)


def test_messages_stay_within_their_own_row(printed):
    out, pdf, findings = printed
    rows = _rows(out)
    header = next(i for i, r in enumerate(rows) if r[:3] == ["No", "Tingkat", "Aturan"])
    listed = [r for r in rows[header + 1:] if isinstance(r[0], int)]
    tp = pdf[0].get_textpage()
    width, height = pdf[0].get_size()
    left, right = _box(tp, "Pesan")[0], _box(tp, "Seharusnya")[0]
    tops = []
    for r in listed:
        hit = tp.search(r[5][:25], match_case=True).get_next()
        if hit is None:
            break  # on a later page
        tops.append(tp.get_charbox(hit[0])[3])
    assert len(tops) >= 3
    for k in range(len(tops) - 1):
        text = tp.get_text_bounded(left=left - 1, bottom=tops[k + 1] + 0.5, right=right - 0.5, top=tops[k] + 1)
        message = listed[k][5]
        assert " ".join(text.split()) == " ".join(message.split()), k  # all of it, and nothing of the next


def test_summary_names_rule_titles_and_no_local_path(printed):
    out, pdf, findings = printed
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    from reconcile.checks.registry import all_rules

    titles = {r.code: r.title for r in all_rules()}
    for code in {f.rule for f in findings}:
        assert titles[code] in text, code
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            assert RULES_DIR.encode() not in zf.read(name), name
            assert b"/work/" not in zf.read(name) and b"/home/" not in zf.read(name), name
    assert re.search(r"reconcile 0\.1\.0, aturan [0-9a-f]{10}", text)


def test_notes_are_short_and_sized_to_their_text(printed):
    out, _, findings = printed
    longest = max(len(f.message) for f in findings)
    assert longest > 400  # the seed has long messages: the note is a short form of them
    with zipfile.ZipFile(out) as zf:
        notes = [n for n in zf.namelist() if re.fullmatch(r"xl/comments\d+\.xml", n)]
        vml = [zf.read(n).decode() for n in zf.namelist() if n.endswith(".vml")]
        texts = []
        for n in notes:
            for body in re.findall(r"<comment\b.*?</comment>", zf.read(n).decode(), re.S):
                texts.append("".join(re.findall(r"<t(?:\s[^>]*)?>(.*?)</t>", body, re.S)))
    ours = [t for t in texts if NOTE_MARK in t]
    paragraphs = [p for t in ours for p in t.split(NOTE_MARK, 1)[1].split("\n\n")]
    assert len(paragraphs) >= len({(f.sheet, f.cell) for f in findings if f.cell})
    assert max(len(p) for p in paragraphs) < 450  # one finding: a few lines, the rest on the summary
    heights = [float(h) for v in vml for h in re.findall(r"height:([0-9.]+)pt", v)]
    assert min(heights) < max(heights) <= 400  # a box per note's length, none a screenful
