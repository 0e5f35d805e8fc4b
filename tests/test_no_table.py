"""What is not a plan (#13): a workbook that is read but holds no Renja table gets status
`no_table`, exit code 0, and a message saying what it holds instead; it is counted apart from
the unreadable files everywhere a status is shown."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import WORKBOOKS, build_xlsx

from reconcile.batch import BatchItem
from reconcile.cli import main
from reconcile.run import FileResult
from reconcile.watch import summary_line

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"

CONTACTS = [
    ["Daftar Kontak Pegawai"],
    [],
    ["Nama", "No. Telepon", "Jabatan"],
    ["Budi Santoso", "0812-3456-7890", "Staf"],
    ["Siti Aminah", "0813-2222-3333", "Kepala Seksi"],
    ["Agus Salim", "0856-7777-8888", "Bendahara"],
    ["Dewi Lestari", "0821-4444-5555", "Sekretaris"],
]


def contacts(path: Path) -> Path:
    """A list of names and phone numbers, nothing else (and an empty second sheet)."""
    return build_xlsx(path, {"Kontak": CONTACTS, "Sheet2": []})


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_a_list_of_names_and_phone_numbers_is_no_table_and_the_message_says_what_it_holds(tmp_path):
    path = contacts(tmp_path / "kontak.xlsx")
    r = run("check", path, "--format", "json")
    assert r.exit_code == 0, r.output
    entry = json.loads(r.stdout)["files"][0]
    assert entry["status"] == "no_table" and entry["findings"] == []
    message = entry["error"]
    assert message.startswith("Tidak ada yang dapat diperiksa: tidak ada tabel Renja; workbook ini berisi ")
    assert "lembar 'Kontak': tabel di A3:C7, 4 baris × 3 kolom (Nama, No. Telepon, Jabatan)" in message
    assert "lembar kosong 'Sheet2'" in message
    assert "Yang dicari:" in message and "Pagu Indikatif" in message  # what was looked for stays
    assert "Error" not in message and "Exception" not in message

    r = run("check", path, "--format", "json", "--lang", "en")
    assert r.exit_code == 0
    message = json.loads(r.stdout)["files"][0]["error"]
    assert message.startswith("Nothing to check: no Renja table; the workbook holds ")
    assert "sheet 'Kontak': a table at A3:C7, 4 rows × 3 columns (Nama, No. Telepon, Jabatan)" in message
    assert "empty sheet 'Sheet2'" in message


def test_terminal_text_counts_no_table_files_apart(tmp_path):
    path = contacts(tmp_path / "kontak.xlsx")
    r = run("check", path)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"{path}: TANPA TABEL RENJA: Tidak ada yang dapat diperiksa")
    assert lines[-1] == "1 berkas diperiksa, 0 tidak terbaca, 1 tanpa tabel Renja: 0 kesalahan, 0 peringatan, 0 info."
    r = run("check", path, "--lang", "en")
    assert r.stdout.splitlines()[0].startswith(f"{path}: NO RENJA TABLE: Nothing to check")
    assert r.stdout.splitlines()[-1] == \
        "1 file checked, 0 unreadable, 1 without a Renja table: 0 errors, 0 warnings, 0 info."


def test_no_annotated_copy_for_a_workbook_without_a_plan_table(tmp_path):
    path = contacts(tmp_path / "kontak.xlsx")
    r = run("annotate", path)
    assert r.exit_code == 0, r.output
    assert "Tidak ada yang dapat diperiksa" in r.stderr and "Tidak ada salinan bertanda yang dibuat." in r.stderr
    r = run("annotate", path, "-o", tmp_path / "salinan.xlsx", "--lang", "en")
    assert r.exit_code == 0 and "No annotated copy was made." in r.stderr
    r = run("check", path, "--annotate")
    assert r.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kontak.xlsx"]


def test_batch_of_a_plan_a_non_plan_and_a_broken_file(tmp_path):
    inbox = tmp_path / "kiriman"
    inbox.mkdir()
    shutil.copyfile(SEED, inbox / "a_renja.xlsx")
    contacts(inbox / "b_kontak.xlsx")
    (inbox / "c_rusak.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    out = tmp_path / "keluaran"
    out.mkdir()
    r = run("check", inbox, "--format", "json", "--summary", out / "rekap.xlsx", "--annotate-dir", out / "salinan",
            "--jobs", "2", "--quiet")
    assert r.exit_code == 2, r.output  # the broken file; the one without a table adds nothing
    files = json.loads(r.stdout)["files"]
    assert [(Path(f["path"]).name, f["status"]) for f in files] == [
        ("a_renja.xlsx", "ok"), ("b_kontak.xlsx", "no_table"), ("c_rusak.xlsx", "error")]
    assert files[0]["findings"] and "'Kontak'" in files[1]["error"]
    assert sorted(p.name for p in (out / "salinan").iterdir()) == ["a_renja.diperiksa.xlsx"]

    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Rekap"]
    assert ws["A3"].value == "3 berkas: 1 terbaca, 1 tanpa tabel Renja, 1 tidak terbaca"
    head = [c.value for c in ws[4]]
    rows = [dict(zip(head, (c.value for c in ws[n]))) for n in (5, 6, 7)]
    assert [(r["Berkas"], r["Status"]) for r in rows] == [
        ("a_renja.xlsx", "terbaca"), ("b_kontak.xlsx", "tanpa tabel Renja"), ("c_rusak.xlsx", "tidak terbaca")]
    assert rows[1]["Keterangan"] == files[1]["error"] and rows[2]["Keterangan"] == files[2]["error"]
    assert rows[1]["Jumlah temuan"] == 0 and rows[1]["Salinan bertanda"] is None
    assert ws["E6"].fill.fgColor.rgb != ws["E7"].fill.fgColor.rgb  # not shown as unreadable

    r = run("check", inbox / "a_renja.xlsx", inbox / "b_kontak.xlsx", inbox / "c_rusak.xlsx")
    assert r.stdout.splitlines()[-1].startswith("3 berkas diperiksa, 1 tidak terbaca, 1 tanpa tabel Renja: ")
    # without the broken file: the plan's error findings decide, the file without a table does not
    assert run("check", inbox / "a_renja.xlsx", inbox / "b_kontak.xlsx", "--quiet").exit_code == 1
    assert run("check", inbox / "b_kontak.xlsx", inbox / "b_kontak.xlsx").exit_code == 0


def test_summary_in_english_names_the_status(tmp_path):
    from reconcile.report.summary import write_summary

    items = [BatchItem(FileResult(str(tmp_path / "kontak.xlsx"), "no_table", "Nothing to check: …", "no_table")),
             BatchItem(FileResult(str(tmp_path / "x.xlsx"), "error", "The file is empty (0 bytes).", "format_empty"))]
    ws = openpyxl.load_workbook(write_summary(items, tmp_path / "rekap.xlsx", "en"))["Rekap"]
    assert ws["A3"].value == "2 file(s): 0 read, 1 no Renja table, 1 unreadable"
    assert (ws["E5"].value, ws["E6"].value) == ("no Renja table", "unreadable")


def test_watch_once_on_a_file_without_a_plan_table(tmp_path):
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    contacts(inbox / "kontak.xlsx")
    r = run("watch", inbox, "--once", "--settle", "0.2")
    assert r.exit_code == 0, r.output
    outbox = inbox / "hasil"
    assert not (outbox / "kontak.diperiksa.xlsx").exists()
    txt = (outbox / "kontak.hasil.txt").read_text(encoding="utf-8-sig").strip()
    assert txt.startswith("kontak.xlsx: tanpa tabel Renja, tidak ada salinan bertanda — "
                          "Tidak ada yang dapat diperiksa: tidak ada tabel Renja; workbook ini berisi lembar 'Kontak'")
    assert "\n" not in txt
    doc = json.loads((outbox / "kontak.hasil.json").read_text(encoding="utf-8"))
    assert doc["version"] == 1 and len(doc["files"]) == 1  # the JSON of check --format json
    doc = doc["files"][0]
    assert doc["status"] == "no_table" and doc["findings"] == []
    again = run("watch", inbox, "--once", "--settle", "0.2")  # unchanged: not checked again
    assert again.exit_code == 0 and "tidak berubah" in again.stderr


def test_summary_line_of_a_file_without_a_plan_table():
    item = BatchItem(FileResult("in/x.xlsx", "no_table", "Nothing to check: no Renja table;\nonly charts.", "no_table"))
    assert summary_line(item, "x.xlsx", "en") == \
        "x.xlsx: no Renja table, no annotated copy — Nothing to check: no Renja table; only charts."
    assert summary_line(item, "x.xlsx").startswith("x.xlsx: tanpa tabel Renja, tidak ada salinan bertanda — ")
    assert item.exit_code == 0
