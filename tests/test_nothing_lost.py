"""Issue #11, "nothing lost": every way the command line or the annotated copy could destroy a
user's file, reproduced; each test failed before the fix.

Truth comes from the files themselves: bytes and hashes of the inputs before and after, the
sheets and cells read back with openpyxl, the exit code and what was printed.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import WORKBOOKS, strict_copy

from reconcile.checks.base import Finding
from reconcile.cli import main
from reconcile.marks import STATE_MARK
from reconcile.report.annotate import NOTE_MARK, CopyMismatch, annotate, strip_our_note

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
SIPD = WORKBOOKS / "renja_disnaker_pontianak_2024_sipd.xlsx"


def _run(args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _copy(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


def _first_sheet_with_findings(path: Path) -> Finding:
    from reconcile.config import Config
    from reconcile.run import check_file

    return check_file(path, Config()).findings[0]


# --------------------------------------------------------------------------- 1. --annotate swallowed a file

def test_annotate_is_a_flag_and_never_takes_the_next_argument_as_its_output(tmp_path):
    victim = _copy(SIPD, tmp_path / "victim.xlsx")
    renja = _copy(SEED, tmp_path / "renja.xlsx")
    before = _digest(victim)
    r = _run(["check", "--annotate", victim, renja])
    assert _digest(victim) == before  # was replaced by renja's annotated copy
    assert r.exit_code == 1  # both checked; the seed has error findings
    assert (tmp_path / "victim.diperiksa.xlsx").exists() and (tmp_path / "renja.diperiksa.xlsx").exists()
    doc_paths = {Path(line.split(": ", 1)[1]).name for line in r.stderr.splitlines()
                 if line.startswith("Salinan bertanda: ")}
    assert doc_paths == {"victim.diperiksa.xlsx", "renja.diperiksa.xlsx"}


def test_output_option_names_the_copy_of_one_file(tmp_path):
    renja = _copy(SEED, tmp_path / "renja.xlsx")
    r = _run(["check", renja, "-o", tmp_path / "hasil.xlsx"])
    assert r.exit_code == 1 and (tmp_path / "hasil.xlsx").exists()
    assert not (tmp_path / "renja.diperiksa.xlsx").exists()
    r = _run(["check", renja, _copy(SIPD, tmp_path / "b.xlsx"), "-o", tmp_path / "x.xlsx"])
    assert r.exit_code == 2 and "satu berkas" in r.stderr and not (tmp_path / "x.xlsx").exists()


# --------------------------------------------------------------------------- 2. an output resolving to an input

@pytest.mark.parametrize("how", ["same", "folder", "hardlink", "symlink", "dotted"])
def test_summary_never_replaces_an_input(tmp_path, how):
    a = _copy(SEED, tmp_path / "a.xlsx")
    b = _copy(SIPD, tmp_path / "b.xlsx")
    digests = {a: _digest(a), b: _digest(b)}
    if how == "same":
        args = ["check", a, b, "--summary", a]
    elif how == "folder":
        args = ["check", tmp_path, "--summary", b]
    elif how == "hardlink":
        os.link(a, tmp_path / "rekap.xlsx")
        args = ["check", a, b, "--summary", tmp_path / "rekap.xlsx"]
    elif how == "symlink":
        (tmp_path / "rekap.xlsx").symlink_to(b)
        args = ["check", a, b, "--summary", tmp_path / "rekap.xlsx"]
    else:
        args = ["check", a, b, "--summary", tmp_path / "sub" / ".." / "a.xlsx"]
        (tmp_path / "sub").mkdir()
    r = _run(args)
    assert r.exit_code == 2
    assert "tidak pernah menimpa masukan" in r.stderr
    assert {p: _digest(p) for p in digests} == digests


def test_annotated_copy_never_replaces_an_input_or_a_file_not_ours(tmp_path):
    a = _copy(SEED, tmp_path / "a.xlsx")
    before = _digest(a)
    r = _run(["check", a, "-o", a])
    assert r.exit_code == 2 and "tidak pernah menimpa masukan" in r.stderr
    r = _run(["annotate", a, "-o", a])
    assert r.exit_code == 2 and _digest(a) == before
    # an existing workbook that reconcile did not write is never replaced
    other = _copy(SIPD, tmp_path / "lain.xlsx")
    other_digest = _digest(other)
    r = _run(["check", a, "-o", other])
    assert r.exit_code == 2 and "bukan keluaran reconcile" in r.stderr and _digest(other) == other_digest
    # its own earlier copy is ours: replaced
    assert _run(["check", a, "-o", tmp_path / "salinan.xlsx"]).exit_code == 1
    assert _run(["check", a, "-o", tmp_path / "salinan.xlsx"]).exit_code == 1
    # an input named x.diperiksa.xlsx next to x.xlsx: the copy of x would replace it
    copy_named = _copy(SIPD, tmp_path / "a.diperiksa.xlsx")
    d = _digest(copy_named)
    r = _run(["check", a, copy_named, "--annotate"])
    assert r.exit_code == 2 and _digest(copy_named) == d


# --------------------------------------------------------------------------- 3. a user's sheet named like ours

def test_users_sheets_named_like_ours_are_kept(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    wb = openpyxl.load_workbook(src)
    mine = wb.create_sheet("Hasil Pemeriksaan")
    mine["A1"] = "Catatan verifikator kecamatan"
    mine["B2"] = 12345
    hidden = wb.create_sheet("_reconcile")
    hidden["A1"] = "data pribadi"
    hidden.sheet_state = "veryHidden"
    wb.save(src)
    finding = _first_sheet_with_findings(src)
    first = annotate(src, [finding], tmp_path / "satu.xlsx")
    second = annotate(first.output, [finding], tmp_path / "dua.xlsx")  # re-run on our own copy
    for out in (first.output, second.output):
        got = openpyxl.load_workbook(out)
        assert got["Hasil Pemeriksaan"]["A1"].value == "Catatan verifikator kecamatan"
        assert got["Hasil Pemeriksaan"]["B2"].value == 12345
        assert got["_reconcile"]["A1"].value == "data pribadi"
        ours = [ws.title for ws in got.worksheets if ws.title.startswith("Hasil Pemeriksaan (")]
        assert ours == ["Hasil Pemeriksaan (2)"]  # ours takes another name, and never piles up
        assert got.sheetnames[0] == "Hasil Pemeriksaan (2)"
        states = [ws for ws in got.worksheets if ws["A1"].value == STATE_MARK]
        assert len(states) == 1 and states[0].sheet_state == "veryHidden"


# --------------------------------------------------------------------------- 4. a copy missing sheets or values

def test_strict_workbook_gives_a_copy_with_every_sheet(tmp_path):
    src = strict_copy(SEED, tmp_path / "strict.xlsx")
    before = _digest(src)
    out = tmp_path / "strict.diperiksa.xlsx"
    r = _run(["check", src, "--annotate"])
    assert _digest(src) == before
    original = openpyxl.load_workbook(SEED)
    assert r.exit_code == 1, r.stderr  # read, checked, and its copy written (via a transitional rewrite)
    got = openpyxl.load_workbook(out)
    for ws in original.worksheets:
        assert ws.title in got.sheetnames
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and cell.data_type != "f":
                    assert got[ws.title][cell.coordinate].value == cell.value, (ws.title, cell.coordinate)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reconcile-")]  # no temp file left


def test_a_copy_that_lost_a_value_is_not_moved_into_place(tmp_path, monkeypatch):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    import reconcile.report.annotate as ann

    real_patch = ann._patch

    def lossy_patch(path, target, *args):  # a writer bug that drops one value ('Tabel 3.2'!B8)
        written = real_patch(path, target, *args)
        _rewrite_part(target, "xl/worksheets/sheet2.xml",
                      lambda xml: re.sub(rb'<c r="B8"[^>]*?(?:/>|>.*?</c>)', b"", xml, count=1, flags=re.S))
        return written

    monkeypatch.setattr(ann, "_patch", lossy_patch)
    with pytest.raises(CopyMismatch) as info:
        annotate(src, [], tmp_path / "out.xlsx")
    assert "B8" in info.value.where
    assert not (tmp_path / "out.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renja.xlsx"]


def _rewrite_part(package: str, part: str, change) -> None:
    """A faulty writer: one part of a written package changed."""
    with zipfile.ZipFile(package) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, change(data) if info.filename == part else data)


# --------------------------------------------------------------------------- 6. a planner's words after our note

def test_a_copy_that_lost_a_sheet_is_not_written_and_the_cli_says_so(tmp_path, monkeypatch):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    import reconcile.report.annotate as ann

    real_patch = ann._patch

    def sheetless_patch(path, target, *args):  # what openpyxl did with a Strict package
        written = real_patch(path, target, *args)
        _rewrite_part(target, "xl/workbook.xml", lambda xml: re.sub(rb'<sheet name="Narasi"[^>]*/>', b"", xml))
        return written

    monkeypatch.setattr(ann, "_patch", sheetless_patch)
    r = _run(["check", src, "--annotate", "--jobs", "1"])
    assert r.exit_code == 2
    assert "Salinan bertanda tidak ditulis: lembar 'Narasi'" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renja.xlsx"]


def test_note_typed_after_ours_survives_a_rerun(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    finding = _first_sheet_with_findings(src)
    first = annotate(src, [finding], tmp_path / "satu.xlsx")
    wb = openpyxl.load_workbook(first.output)
    cell = wb[finding.sheet][finding.cell]
    assert NOTE_MARK in cell.comment.text
    cell.comment = openpyxl.comments.Comment(cell.comment.text + "\n\nSudah diperbaiki, mohon dicek — Budi", "Budi")
    wb.save(first.output)
    second = annotate(first.output, [finding], tmp_path / "dua.xlsx")
    text = openpyxl.load_workbook(second.output)[finding.sheet][finding.cell].comment.text
    assert "Sudah diperbaiki, mohon dicek — Budi" in text
    assert text.count(NOTE_MARK) == 1 and text.count(finding.rule) == 1
    third = annotate(second.output, [], tmp_path / "tiga.xlsx")  # fixed: our part goes, theirs stays
    assert openpyxl.load_workbook(third.output)[finding.sheet][finding.cell].comment.text == \
        "Sudah diperbaiki, mohon dicek — Budi"


def test_notes_of_copies_written_before_the_end_mark_keep_the_planners_paragraphs():
    legacy = f"Catatan lama\n\n{NOTE_MARK}\nPAGU-SUM [error]: jumlah salah\nseharusnya: 1; tertulis: 2\n\nOke, saya cek"
    assert strip_our_note(legacy) == "Catatan lama\n\nOke, saya cek"


# --------------------------------------------------------------------------- 7. a missing output folder

def test_missing_output_folder_is_refused_not_created(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    for args in (["annotate", src, "-o", tmp_path / "tidak" / "ada" / "x.xlsx"],
                 ["check", src, "-o", tmp_path / "tidak" / "ada" / "x.xlsx"],
                 ["check", src, "--summary", tmp_path / "tidak" / "ada" / "rekap.xlsx"],
                 ["check", src, "--annotate-dir", tmp_path / "tidak" / "ada"]):
        r = _run(args)
        assert r.exit_code == 2, args
        assert "tidak ada" in r.stderr
        assert not (tmp_path / "tidak").exists()


# --------------------------------------------------------------------------- 9. our state sheet is input too

def _with_state_rows(copy: Path, rows: list[list]) -> None:
    wb = openpyxl.load_workbook(copy)
    state = next(ws for ws in wb.worksheets if ws["A1"].value == STATE_MARK)
    for row in rows:
        state.append(row)
    wb.save(copy)


def test_state_sheet_ranges_and_garbage_are_refused_quickly(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    first = annotate(src, [_first_sheet_with_findings(src)], tmp_path / "satu.xlsx")
    _with_state_rows(first.output, [["Tabel 4.1", "A1:XFD1048576", ""], ["Tabel 4.1", "XFD1048577", ""],
                                    ["Tidak Ada", "A1", ""], ["Tabel 4.1", "B2", "{bukan json"], [None, None, None],
                                    ["Tabel 4.1", "=A1", ""], [42, "A1", ""]])
    t0 = time.monotonic()
    second = annotate(first.output, [], tmp_path / "dua.xlsx")
    assert time.monotonic() - t0 < 30  # the range was expanded into 17 billion cells
    assert openpyxl.load_workbook(second.output)["Tabel 4.1"]["A1"].value == \
        openpyxl.load_workbook(src)["Tabel 4.1"]["A1"].value


def test_state_sheet_reshaped_by_another_program_still_works(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    finding = _first_sheet_with_findings(src)
    first = annotate(src, [finding], tmp_path / "satu.xlsx")
    wb = openpyxl.load_workbook(first.output)
    state = next(ws for ws in wb.worksheets if ws["A1"].value == STATE_MARK)
    state.sheet_state = "hidden"  # LibreOffice may save a very hidden sheet as hidden
    for row in state.iter_rows(min_row=2):
        row[2].value = None  # an empty fill column dropped: rows of two values
    wb.save(first.output)
    r = _run(["annotate", first.output, "-o", tmp_path / "dua.xlsx"])
    assert r.exit_code in (0, 1), r.stderr
    got = openpyxl.load_workbook(tmp_path / "dua.xlsx")
    assert len([ws for ws in got.worksheets if ws["A1"].value == STATE_MARK]) == 1
    assert got[finding.sheet][finding.cell].comment.text.count(NOTE_MARK) == 1


# --------------------------------------------------------------------------- 13. terminal escapes

def test_control_sequences_never_reach_the_terminal(tmp_path):
    from conftest import build_xlsx

    src = build_xlsx(tmp_path / "renja\x1b]0;pwned\x07\x1b[2J.xlsx", {"Tabel\x1b": [
        ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator", "Target", "Pagu Indikatif (Rp)", "Sumber Dana"],
        ["I", "Program Penunjang\x1b]0;judul\x07", "Persentase", "100%", 1000, "DAU"],
        ["1", "Kegiatan A\x1b(2J", "Jumlah", "2 dok", "1.000.00\x1b(2J", "DAU"]]})
    for fmt in ("text", "json"):
        proc = subprocess.run([sys.executable, "-m", "reconcile", "check", str(src), "--format", fmt, "-v"],
                              capture_output=True, timeout=120)
        assert proc.returncode == 1, proc.stderr  # the malformed amount is an error finding
        assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout
        assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr
        if fmt == "json":
            doc = json.loads(proc.stdout.decode("utf-8"))
            assert doc["files"][0]["path"] == str(src)  # escaped in JSON, the same value once parsed
            assert any("\x1b(2J" in f["message"] for f in doc["files"][0]["findings"])
        else:
            assert b"Kegiatan A\\x1b(2J" in proc.stdout  # shown, escaped


# --------------------------------------------------------------------------- smaller ones

def test_empty_path_is_refused(tmp_path):
    for args in (["check", ""], ["inspect", ""], ["annotate", ""]):
        r = _run(args)
        assert r.exit_code == 2 and "kosong" in r.stderr, args


def test_select_is_case_insensitive_and_unknown_codes_are_errors(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    upper = json.loads(_run(["check", src, "--select", "NOMEN-SPELL", "--format", "json"]).stdout)
    lower = json.loads(_run(["check", src, "--select", " nomen-spell ", "--format", "json"]).stdout)
    rules = {f["rule"] for f in upper["files"][0]["findings"]}
    assert rules == {"NOMEN-SPELL"} and lower == upper
    r = _run(["check", src, "--select", "PAGU-SUM,FOO"])
    assert r.exit_code == 2 and "FOO" in r.stderr and "PAGU-SUM" in r.stderr and "NUM-TEXT" in r.stderr


def test_undecodable_file_names_give_valid_utf8_json_and_a_summary(tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/renja_\xff\xfe.xlsx"
    shutil.copyfile(SEED, raw)
    proc = subprocess.run([sys.executable, "-m", "reconcile", "check", str(folder), "--format", "json",
                           "--summary", str(tmp_path / "rekap.xlsx")], capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8
    assert doc["files"][0]["path"].endswith("renja_\ufffd\ufffd.xlsx")
    assert doc["files"][0]["findings"]
    assert (tmp_path / "rekap.xlsx").exists()


def test_outputs_are_never_more_open_than_the_input(tmp_path):
    src = _copy(SEED, tmp_path / "rahasia.xlsx")
    os.chmod(src, 0o600)
    out = tmp_path / "keluar"
    out.mkdir()
    r = _run(["check", src, "-o", out / "salinan.xlsx", "--summary", out / "rekap.xlsx"])
    assert r.exit_code == 1
    for made in (out / "salinan.xlsx", out / "rekap.xlsx"):
        assert os.stat(made).st_mode & 0o077 == 0, oct(os.stat(made).st_mode)


def test_rechecking_an_annotated_copy_reports_nothing_in_our_sheets(tmp_path):
    src = _copy(SEED, tmp_path / "renja.xlsx")
    r = _run(["check", src, "--annotate", "--format", "json"])
    first = json.loads(r.stdout)["files"][0]["findings"]
    r = _run(["check", tmp_path / "renja.diperiksa.xlsx", "--format", "json"])
    again = json.loads(r.stdout)["files"][0]["findings"]
    assert not [f for f in again if f["sheet"].startswith("Hasil Pemeriksaan") or f["sheet"].startswith("_reconcile")]
    key = lambda f: (f["rule"], f["sheet"], f["cell"])  # noqa: E731
    assert sorted(map(key, again)) == sorted(map(key, first))
