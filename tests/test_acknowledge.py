"""Findings marked as intended (issue #16 item 5): a note `reconcile: disengaja …` on the
finding's cell, or an entry in acknowledged.yaml, makes the finding acknowledged: still
reported, with the reason, and no longer exit 1.

The workbook is built here with one planted fault: Rp 2,000,000 in D6 (the kegiatan) over
sub kegiatan of Rp 1,500,000 + Rp 400,000 (PAGU-SUM, an error).
"""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import build_xlsx
from openpyxl.comments import Comment

from reconcile.acknowledge import load_entries, note_mark
from reconcile.batch import check_one
from reconcile.cli import main
from reconcile.config import Config, ConfigError
from reconcile.read.notes import MAX_NOTE_CHARS, read_notes

AGENCY = "Dinas Pendidikan Kabupaten Kubu Raya"
REASON = "Pagu mengikuti SK Bupati No. 12 Tahun 2024"


def _renja(path: Path, notes: dict[str, str] | None = None) -> Path:
    rows = [["RENCANA KERJA (RENJA) TAHUN 2025"], ["Perangkat Daerah", f": {AGENCY}"], [],
            ["No", "Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu Indikatif (Rp)"],
            ["1", "1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 2_000_000],
            ["1.1", "1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 2_000_000],
            ["1.1.1", "1.02.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 1_500_000],
            ["1.1.2", "1.02.01.2.01.0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", 400_000]]
    path.parent.mkdir(parents=True, exist_ok=True)
    build_xlsx(path, {"Tabel 3.2": rows})
    if notes:
        wb = openpyxl.load_workbook(path)
        for cell, text in notes.items():
            wb["Tabel 3.2"][cell].comment = Comment(text, "Budi")
        wb.save(path)
    return path


def _check(path, rules: Path | None = None):
    """(exit code of the file as `check_one` gives it -- the drop folder's and `annotate`'s --,
    the JSON of `check`)."""
    config = Config(rules_dir=rules) if rules else Config()
    code = check_one(path, config, "id").exit_code
    args = ["check", str(path), "--format", "json", "--quiet"] + (["--config", str(rules)] if rules else [])
    r = CliRunner().invoke(main, args)
    return code, json.loads(r.stdout)["files"]


def _pagu_sum(files):
    found = [x for f in files for x in f["findings"] if x["rule"] == "PAGU-SUM"]
    assert [(x["sheet"], x["cell"], x["severity"]) for x in found] == [("Tabel 3.2", "D6", "error")]
    return found[0]


def test_without_a_mark_the_planted_error_fails(tmp_path):
    code, files = _check(_renja(tmp_path / "renja.xlsx", {"D7": "Budi:\ncek lagi angka ini"}))
    assert code == 1
    assert "acknowledged" not in _pagu_sum(files)  # the key exists only on an acknowledged finding


def test_a_note_on_the_cell_acknowledges_its_finding(tmp_path):
    # Excel writes the author's name on the note's first line: the mark may start any line
    path = _renja(tmp_path / "renja.xlsx", {"D6": f"Budi:\nreconcile: disengaja {REASON}"})
    code, files = _check(path)
    finding = _pagu_sum(files)  # still reported, with everything it had
    assert finding["acknowledged"] == REASON
    assert finding["message"] and finding["expected"] is not None
    assert not [x for f in files for x in f["findings"] if x["severity"] == "error" and "acknowledged" not in x]
    assert code == 0


def test_check_exits_0_when_every_error_is_acknowledged(tmp_path):
    path = _renja(tmp_path / "renja.xlsx", {"D6": f"reconcile: disengaja {REASON}"})
    r = CliRunner().invoke(main, ["check", str(path), "--quiet"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("cell,text,acknowledged", [
    ("D7", f"reconcile: disengaja {REASON}", None),  # another cell
    ("D6", f"reconcile: intended NUM-TEXT: {REASON}", None),  # limited to another rule
    ("D6", f"reconcile: intended PAGU-SUM: {REASON}", REASON),  # limited to this rule
    ("D6", f"Menurut kami reconcile: disengaja {REASON}", None),  # not at the start of a line
    ("D6", "RECONCILE:  Disengaja", "(tanpa alasan)"),  # said, without a reason: said so
])
def test_which_notes_count(tmp_path, cell, text, acknowledged):
    code, files = _check(_renja(tmp_path / "renja.xlsx", {cell: text}))
    assert _pagu_sum(files).get("acknowledged") == acknowledged
    assert code == (1 if acknowledged is None else 0)


def _config_with(tmp_path: Path, yaml_text: str) -> Path:
    rules = tmp_path / "aturan"
    rules.mkdir()
    (rules / "acknowledged.yaml").write_text(yaml_text, encoding="utf-8")
    return rules


@pytest.mark.parametrize("entry,acknowledged", [
    ("agency: 'dinas pendidikan*'\n  rule: PAGU-SUM\n  sheet: tabel 3.2\n  cell: $D$6", True),
    ("file: 'DinasB/*.xlsx'\n  rule: [NUM-TEXT, pagu-sum]", True),
    ("file: RENJA_2024.XLSX\n  rule: PAGU-SUM\n  cell: D7", False),  # another cell
    ("file: 'DinasA/*'\n  rule: PAGU-SUM", False),  # another folder
    ("agency: 'Dinas Kesehatan*'\n  rule: PAGU-SUM", False),  # another agency
    ("agency: DinasB\n  rule: PAGU-SUM", True),  # the folder stands for the agency too
])
def test_an_entry_in_acknowledged_yaml(tmp_path, entry, acknowledged):
    path = _renja(tmp_path / "kiriman" / "DinasB" / "RENJA_2024.xlsx")
    rules = _config_with(tmp_path, f"- {entry}\n  reason: '{REASON}'\n")
    code, files = _check(path, rules)
    assert _pagu_sum(files).get("acknowledged") == (REASON if acknowledged else None)
    assert code == (0 if acknowledged else 1)


@pytest.mark.parametrize("yaml_text,words", [
    ("- rule: PAGU-SUM\n  file: a.xlsx\n", ["entri ke-1", "reason"]),
    ("- rule: PAGU-SUM\n  reason: x\n", ["entri ke-1", "file", "agency"]),
    ("- file: a.xlsx\n  reason: x\n", ["entri ke-1", "rule"]),
    ("- file: a.xlsx\n  rule: PAGU-SUM\n  reason: x\n- file: b.xlsx\n  rule: X-Y\n  reason: y\n  sel: D6\n",
     ["entri ke-2", "sel"]),
    ("rule: PAGU-SUM\n", ["daftar"]),
])
def test_a_malformed_list_is_refused_with_a_message(tmp_path, yaml_text, words):
    rules = _config_with(tmp_path, yaml_text)
    with pytest.raises(ConfigError) as exc:
        load_entries(Config(rules_dir=rules))
    assert all(w in str(exc.value) for w in words), str(exc.value)


def test_the_shipped_list_is_empty():
    assert load_entries(Config()) == []


def test_the_summary_counts_acknowledged_findings_apart(tmp_path):
    src = tmp_path / "kiriman"
    _renja(src / "DinasB" / "RENJA_2024.xlsx", {"D6": f"reconcile: disengaja {REASON}"})
    _renja(src / "DinasC" / "RENJA_2024.xlsx")
    out = tmp_path / "keluaran"
    out.mkdir()
    r = CliRunner().invoke(main, ["check", str(src), "--summary", str(out / "rekap.xlsx"), "--quiet"])
    assert r.exit_code == 1  # DinasC's error stands
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    head = [c.value for c in wb["Rekap"][4]]
    rekap = {row[1]: dict(zip(head, row)) for row in wb["Rekap"].iter_rows(min_row=5, max_row=6, values_only=True)}
    assert (rekap["DinasB/RENJA_2024.xlsx"]["Error"], rekap["DinasB/RENJA_2024.xlsx"]["Disengaja"]) == (0, 1)
    assert (rekap["DinasC/RENJA_2024.xlsx"]["Error"], rekap["DinasC/RENJA_2024.xlsx"]["Disengaja"]) == (1, 0)
    assert list(rekap)[0] == "DinasC/RENJA_2024.xlsx"  # the open error first
    head = [c.value for c in wb["Temuan"][1]]
    temuan = [dict(zip(head, row)) for row in wb["Temuan"].iter_rows(min_row=2, values_only=True)]
    marked = [t for t in temuan if t["Aturan"] == "PAGU-SUM" and t["Berkas"] == "DinasB/RENJA_2024.xlsx"]
    assert [(t["Sel"], t["Disengaja (alasan)"]) for t in marked] == [("D6", REASON)]
    per_rule = {row[0]: row for row in wb["Per Aturan"].iter_rows(min_row=2, values_only=True)}
    assert per_rule["PAGU-SUM"][2:7] == (1, 0, 0, 1, 2)  # error, warning, info, acknowledged, findings


# --------------------------------------------------------------------------- reading notes

def test_note_mark_reads_the_person_not_our_own_note():
    assert note_mark(f"Budi:\nreconcile: disengaja {REASON}\nlanjutan") == (None, f"{REASON} lanjutan")
    assert note_mark("reconcile: intended — PAGU-SUM, NUM-TEXT: ok", ["PAGU-SUM", "NUM-TEXT"]) == \
        (frozenset({"PAGU-SUM", "NUM-TEXT"}), "ok")
    assert note_mark("reconcile: disengaja COVID-19 menunda kegiatan", ["PAGU-SUM"]) == \
        (None, "COVID-19 menunda kegiatan")  # not a rule code: part of the reason
    # Excel 365 keeps a plain copy of a threaded comment beside it: the reason is said once
    fallback = ("[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; …\n\n"
                f"Comment:\n    reconcile: disengaja {REASON}")
    assert note_mark(f"{fallback}\nreconcile: disengaja {REASON}") == (None, REASON)
    from reconcile.report.annotate import NOTE_END, NOTE_MARK

    ours = f"{NOTE_MARK}\nPAGU-SUM [error]: sel berisi 'reconcile: disengaja'\nreconcile: disengaja x\n{NOTE_END}"
    assert note_mark(ours) is None
    assert note_mark(f"{ours}\nreconcile: disengaja {REASON}") == (None, REASON)


def _swap_part(path: Path, out: Path, name: str, data: bytes, rels_from: bytes = b"", rels_to: bytes = b"") -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == name:
                body = data
            elif info.filename.endswith(".rels") and rels_from:
                body = body.replace(rels_from, rels_to)
            dst.writestr(info, body)
    return out


def _comments_part(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return next(n for n in zf.namelist() if re.search(r"comments?\d*\.xml$", n, re.I))


def test_read_notes_legacy_threaded_and_hostile(tmp_path):
    path = _renja(tmp_path / "renja.xlsx", {"D6": "Budi:\nsatu", "B5": "dua"})
    assert read_notes(path) == {"Tabel 3.2": {"D6": "Budi:\nsatu", "B5": "dua"}}
    part = _comments_part(path)
    # Excel 365's threaded comments: every entry of the thread
    threaded = (b'<?xml version="1.0" encoding="UTF-8"?><ThreadedComments '
                b'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
                b'<threadedComment ref="D6" id="{1}"><text>perlu dicek</text></threadedComment>'
                b'<threadedComment ref="D6" id="{2}" parentId="{1}"><text>reconcile: disengaja ok</text>'
                b'</threadedComment></ThreadedComments>')
    swapped = _swap_part(path, tmp_path / "thread.xlsx", part, threaded,
                         b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
                         b"http://schemas.microsoft.com/office/2017/10/relationships/threadedComment")
    assert read_notes(swapped) == {"Tabel 3.2": {"D6": "perlu dicek\nreconcile: disengaja ok"}}
    # an entity declaration is refused: no notes (never expanded)
    bomb = (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><commentList>'
            b'<comment ref="D6"><text><t>&b;</t></text></comment></commentList></comments>')
    assert read_notes(_swap_part(path, tmp_path / "bomb.xlsx", part, bomb)) == {}
    # a huge note is cut at Excel's own limit; damaged XML gives what came before the damage
    huge = (b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><commentList>'
            b'<comment ref="B5"><text><t>ok</t></text></comment>'
            b'<comment ref="D6"><text><t>' + b"x" * (MAX_NOTE_CHARS + 5000) + b'</t></text></comment>'
            b'<comment ref="D7"><text><t>broken')
    notes = read_notes(_swap_part(path, tmp_path / "huge.xlsx", part, huge))["Tabel 3.2"]
    assert notes["B5"] == "ok" and len(notes["D6"]) == MAX_NOTE_CHARS and "D7" not in notes
    # not a zip workbook: no notes, no error
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    assert read_notes(tmp_path / "x.xlsx") == {}


def test_the_input_is_never_written(tmp_path):
    path = _renja(tmp_path / "renja.xlsx", {"D6": f"reconcile: disengaja {REASON}"})
    before = path.read_bytes()
    _check(path)
    assert path.read_bytes() == before


def test_the_mark_survives_in_the_annotated_copy_checked_again(tmp_path):
    """A planner fixes the annotated copy and sends it back: their mark is still read, and our
    own note beside it (which quotes the finding) is never part of the reason."""
    path = _renja(tmp_path / "renja.xlsx", {"D6": f"Budi:\nreconcile: disengaja {REASON}"})
    item = check_one(path, Config(), "id", annotate=True, annotate_to=tmp_path / "renja.diperiksa.xlsx")
    assert item.annotated and [f.acknowledged for f in item.result.findings if f.rule == "PAGU-SUM"] == [REASON]
    back = tmp_path / "renja_perbaikan.xlsx"
    shutil.copyfile(item.annotated, back)
    again = check_one(back, Config(), "id")
    assert [(f.cell, f.acknowledged) for f in again.result.findings if f.rule == "PAGU-SUM"] == [("D6", REASON)]
    assert again.exit_code == 0


def test_the_terminal_shows_an_acknowledged_error_with_its_reason_and_counts_it_apart(tmp_path):
    path = _renja(tmp_path / "renja.xlsx", {"D6": f"reconcile: disengaja {REASON}"})
    r = CliRunner().invoke(main, ["check", str(path)])
    line = next(x for x in r.output.splitlines() if "!D6:" in x)
    assert "[kesalahan, disengaja]" in line and line.endswith(REASON)
    assert r.output.rstrip().splitlines()[-1].endswith("1 disengaja.")
    assert " 0 kesalahan" in r.output.rstrip().splitlines()[-1]
