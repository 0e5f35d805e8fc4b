"""The planners' drop folder: `reconcile watch INBOX` (run in a thread, polling every 0.2 s)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT, WORKBOOKS

from reconcile.cli import main
from reconcile.watch import LOCK_FILE, STATE_FILE, DropFolder

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
SIPD = WORKBOOKS / "renja_disnaker_pontianak_2024_sipd.xlsx"
POLL = 0.2


def wait_for(predicate, timeout=30.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Watcher:
    """DropFolder.run in a thread, stopped and joined on exit."""

    def __init__(self, inbox: Path, settle: float = 0.5, **kw):
        self.logs: list[str] = []
        self.folder = DropFolder(inbox, settle=settle, poll=POLL, log=self.logs.append, **kw)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.folder.run, args=(self.stop,), daemon=True)

    def __enter__(self):
        self.thread.start()
        wait_for(lambda: any("Memantau" in line for line in self.logs), 10, "the watcher to start")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive(), "the watcher did not stop"
        assert "Pemantauan dihentikan." in self.logs[-1]

    def lines(self, text: str) -> list[str]:
        return [line for line in self.logs if text in line]


def drop(src: Path, dest: Path) -> None:
    """Copy the way a careful tool does: write beside, then rename into the folder."""
    tmp = dest.parent.parent / (dest.name + ".kopi")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def outputs(outbox: Path, stem: str) -> dict[str, Path]:
    return {"xlsx": outbox / f"{stem}.diperiksa.xlsx", "json": outbox / f"{stem}.hasil.json",
            "txt": outbox / f"{stem}.hasil.txt"}


def read_txt(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").strip()


def check_json(path: Path) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    return json.loads(result.stdout)["files"][0]


def read_report(path: Path) -> dict:
    """The one file's entry of a .hasil.json, which is `check --format json`'s document."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc) == ["version", "files"] and doc["version"] == 1 and len(doc["files"]) == 1
    return doc["files"][0]


@pytest.fixture
def inbox(tmp_path):
    d = tmp_path / "masuk"
    d.mkdir()
    return d


def test_a_dropped_workbook_gets_its_three_outputs_and_is_checked_again_when_it_changes(inbox):
    out = outputs(inbox / "hasil", "renja")
    with Watcher(inbox) as w:
        drop(SEED, inbox / "renja.xlsx")
        wait_for(lambda: out["txt"].exists(), what="renja.hasil.txt")
        doc = read_report(out["json"])
        assert doc == check_json(inbox / "renja.xlsx")  # the document of `check --format json`
        assert doc["status"] == "ok" and doc["findings"]
        counts = {s: sum(f["severity"] == s for f in doc["findings"]) for s in ("error", "warning", "info")}
        assert read_txt(out["txt"]) == (
            f"renja.xlsx: {counts['error']} error, {counts['warning']} peringatan, {counts['info']} info — "
            "buka renja.diperiksa.xlsx, lembar 'Hasil Pemeriksaan'.")
        assert "Hasil Pemeriksaan" in openpyxl.load_workbook(out["xlsx"], read_only=True).sheetnames
        leftovers = [p for p in (inbox / "hasil").glob(".reconcile-*") if p.name not in (STATE_FILE, LOCK_FILE)]
        assert not leftovers, "a temporary file was left behind"

        # the same name with new content is checked again
        first = out["json"].read_text(encoding="utf-8")
        drop(SIPD, inbox / "renja.xlsx")
        wait_for(lambda: out["json"].read_text(encoding="utf-8") != first, what="the second check")
        wait_for(lambda: len(w.lines("Memeriksa renja.xlsx")) == 2 and len(w.lines("renja.xlsx:")) == 2)
        assert read_report(out["json"]) == check_json(inbox / "renja.xlsx")
        state = json.loads((inbox / "hasil" / STATE_FILE).read_text(encoding="utf-8"))
        assert list(state["files"]) == [hashlib.sha256(SIPD.read_bytes()).hexdigest()]


def test_a_half_written_file_is_not_read_before_it_is_whole(inbox):
    """Not a zip: only the size/mtime settle time protects it. The state file proves which
    bytes were read."""
    data = os.urandom(200_000)
    target = inbox / "pelan.xlsx"
    out = outputs(inbox / "hasil", "pelan")
    with Watcher(inbox, settle=1.5) as w:
        with open(target, "wb") as fh:
            fh.write(data[:100_000])
            fh.flush()
            time.sleep(3 * POLL)  # longer than one poll, shorter than the settle time
            assert not out["txt"].exists() and not out["json"].exists()
            fh.write(data[100_000:])
        wait_for(lambda: out["txt"].exists(), what="pelan.hasil.txt")
        assert len(w.lines("Memeriksa pelan.xlsx")) == 1
    state = json.loads((inbox / "hasil" / STATE_FILE).read_text(encoding="utf-8"))
    assert list(state["files"]) == [hashlib.sha256(data).hexdigest()]


def test_a_half_copied_workbook_waits_beyond_the_settle_time(inbox):
    """A zip whose end record is missing is still being copied, however long it stays still."""
    data = SEED.read_bytes()
    target = inbox / "renja.xlsx"
    out = outputs(inbox / "hasil", "renja")
    with Watcher(inbox, settle=0.4) as w:
        with open(target, "wb") as fh:
            fh.write(data[: len(data) // 2])
            fh.flush()
            time.sleep(1.5)  # longer than a poll and than the settle time
            assert not out["txt"].exists()
            assert w.lines("Menunggu renja.xlsx")
            fh.write(data[len(data) // 2:])
        wait_for(lambda: out["txt"].exists(), what="renja.hasil.txt")
        doc = read_report(out["json"])
        assert doc["status"] == "ok" and doc == check_json(target)
        assert len(w.lines("Memeriksa renja.xlsx")) == 1


def test_lock_files_and_other_files_are_ignored_with_one_line_each(inbox):
    outbox = inbox / "hasil"
    with Watcher(inbox) as w:
        shutil.copyfile(SEED, inbox / "~$x.xlsx")
        (inbox / "notes.txt").write_text("catatan", encoding="utf-8")
        (inbox / ".~lock.x.xlsx#").write_text("lock", encoding="utf-8")
        (inbox / "x.tmp").write_bytes(b"tmp")
        time.sleep(3 * POLL)
        (inbox / "notes.txt").write_text("catatan lagi", encoding="utf-8")  # changed: still one line
        drop(SIPD, inbox / "baik.xlsx")
        wait_for(lambda: (outbox / "baik.hasil.txt").exists(), what="baik.hasil.txt")
    produced = sorted(p.name for p in outbox.iterdir())
    assert produced == sorted([STATE_FILE, "baik.diperiksa.xlsx", "baik.hasil.json", "baik.hasil.txt"])
    assert len(w.lines("Diabaikan: ~$x.xlsx (berkas kunci Excel)")) == 1
    assert len(w.lines("Diabaikan: notes.txt (bukan workbook")) == 1
    assert len(w.lines("Diabaikan: x.tmp (berkas sementara)")) == 1
    assert not w.lines("Diabaikan: baik") and not w.lines("Diabaikan: hasil")


def test_a_corrupt_file_is_explained_and_the_next_good_file_still_processed(inbox):
    outbox = inbox / "hasil"
    (inbox / "hasil").mkdir()
    (outbox / "rusak.diperiksa.xlsx").write_bytes(b"an older copy that no longer applies")
    with Watcher(inbox) as w:
        (inbox / "rusak.xlsx").write_bytes(os.urandom(5000))
        wait_for(lambda: (outbox / "rusak.hasil.txt").exists(), what="rusak.hasil.txt")
        drop(SEED, inbox / "baik.xlsx")
        wait_for(lambda: (outbox / "baik.hasil.txt").exists(), what="baik.hasil.txt")
    txt = read_txt(outbox / "rusak.hasil.txt")
    assert txt.startswith("rusak.xlsx: tidak dapat diperiksa — ") and "workbook Excel" in txt
    doc = read_report(outbox / "rusak.hasil.json")
    assert doc["status"] == "error" and doc["error"] and doc["findings"] == []
    assert not (outbox / "rusak.diperiksa.xlsx").exists()  # the stale copy is gone
    assert read_report(outbox / "baik.hasil.json")["status"] == "ok"
    assert w.thread is not None and w.folder.worst == 2


def test_restart_does_not_check_unchanged_files_again(inbox):
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    (inbox / "rusak.xlsx").write_bytes(b"bukan workbook")
    runner = CliRunner()
    args = ["watch", str(inbox), "--once", "--settle", "0.2"]
    first = runner.invoke(main, args)
    assert first.exit_code == 2, first.output  # worst over the files, like check
    outbox = inbox / "hasil"
    made = {p.name: p.stat().st_mtime_ns for p in outbox.iterdir()}
    assert {"renja.diperiksa.xlsx", "renja.hasil.json", "renja.hasil.txt", "rusak.hasil.json",
            "rusak.hasil.txt", STATE_FILE} == set(made)
    state = json.loads((outbox / STATE_FILE).read_text(encoding="utf-8"))
    assert set(state["files"]) == {hashlib.sha256(p.read_bytes()).hexdigest()
                                   for p in (inbox / "renja.xlsx", inbox / "rusak.xlsx")}

    time.sleep(0.05)
    second = runner.invoke(main, args)
    assert second.exit_code == 0, second.output  # nothing checked
    assert "renja.xlsx tidak berubah sejak pemeriksaan terakhir; dilewati." in second.stderr
    assert "Memeriksa" not in second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in outbox.iterdir()} == made

    os.utime(inbox / "renja.xlsx")  # touched, same content: still not checked
    third = runner.invoke(main, args)
    assert third.exit_code == 0 and "Memeriksa" not in third.stderr

    shutil.copyfile(SIPD, inbox / "renja.xlsx")  # new content: checked again
    fourth = runner.invoke(main, args)
    assert "Memeriksa renja.xlsx" in fourth.stderr and "Memeriksa rusak.xlsx" not in fourth.stderr
    assert fourth.exit_code == check_json_exit(inbox / "renja.xlsx")
    assert (outbox / "renja.hasil.json").stat().st_mtime_ns != made["renja.hasil.json"]


def check_json_exit(path: Path) -> int:
    return CliRunner().invoke(main, ["check", str(path), "--format", "json"]).exit_code


def test_once_with_another_outbox_and_english(tmp_path, inbox):
    shutil.copyfile(SIPD, inbox / "data.xlsx")
    shutil.copyfile(SIPD, inbox / "makro.xlsm")
    outbox = tmp_path / "keluar"
    r = CliRunner().invoke(main, ["watch", str(inbox), "--once", "--settle", "0.1", "--out", str(outbox), "--lang", "en"])
    assert r.exit_code == check_json_exit(inbox / "data.xlsx"), r.output
    assert read_txt(outbox / "data.hasil.txt").startswith("data.xlsx: ")
    assert read_txt(outbox / "data.hasil.txt").endswith("— open data.diperiksa.xlsx, sheet 'Hasil Pemeriksaan'.")
    assert (outbox / "makro.diperiksa.xlsm").exists()  # macros stay macros
    assert "Checking data.xlsx" in r.stderr
    assert not (inbox / "hasil").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_a_signal_stops_the_watcher_cleanly(inbox, signum):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "watch", str(inbox), "--poll", str(POLL)],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        wait_for(lambda: (inbox / "hasil").exists(), 20, "the watcher to start")
        time.sleep(0.5)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Memantau" in err and "Pemantauan dihentikan." in err
    assert "Traceback" not in err


def test_summary_line_for_each_outcome():
    from reconcile.batch import BatchItem
    from reconcile.checks.base import Finding
    from reconcile.run import FileResult
    from reconcile.watch import summary_line

    f = [Finding("A", "error", "S", "A1", "m"), Finding("B", "warning", "S", "A2", "m"),
         Finding("B", "warning", "S", "A3", "m")]
    ok = BatchItem(FileResult("in/renja.xlsm", "ok", findings=f), annotated="out/renja.diperiksa.xlsm")
    assert summary_line(ok, "renja.xlsm") == \
        "renja.xlsm: 1 error, 2 peringatan, 0 info — buka renja.diperiksa.xlsm, lembar 'Hasil Pemeriksaan'."
    old = BatchItem(FileResult("in/lama.xls", "ok", findings=f),
                    annotate_error="Salinan bertanda tidak dapat dibuat dari berkas .xls: buka di Excel, "
                                   "simpan sebagai .xlsx, lalu periksa lagi.")
    assert summary_line(old, "lama.xls") == (
        "lama.xls: 1 error, 2 peringatan, 0 info — Salinan bertanda tidak dapat dibuat dari berkas .xls: buka di "
        "Excel, simpan sebagai .xlsx, lalu periksa lagi. Daftar temuan ada di lama.hasil.json.")
    bad = BatchItem(FileResult("in/x.xlsx", "error", "Berkas kosong (0 byte).\nSimpan ulang."))
    assert summary_line(bad, "x.xlsx") == "x.xlsx: tidak dapat diperiksa — Berkas kosong (0 byte). Simpan ulang."
    assert summary_line(bad, "x.xlsx", "en").startswith("x.xlsx: could not be checked — ")


def test_a_copy_that_cannot_be_written_is_retried(inbox):
    """E.g. the previous annotated copy is open in Excel on Windows: say so, try again later."""
    outbox = inbox / "hasil"
    blocker = outbox / "renja.diperiksa.xlsx"
    blocker.mkdir(parents=True)  # os.replace onto it fails, like a file locked by Excel
    with Watcher(inbox, rescan=0.5) as w:
        drop(SIPD, inbox / "renja.xlsx")
        wait_for(lambda: (outbox / "renja.hasil.txt").exists(), what="renja.hasil.txt")
        assert "Salinan bertanda gagal ditulis" in read_txt(outbox / "renja.hasil.txt")
        wait_for(lambda: w.lines("renja.xlsx akan diperiksa lagi"), what="the retry notice")  # logged after the .txt
        blocker.rmdir()  # Excel closed
        wait_for(lambda: blocker.is_file(), what="the annotated copy")
        wait_for(lambda: "buka renja.diperiksa.xlsx" in read_txt(outbox / "renja.hasil.txt"), what="the new report")
        time.sleep(1.0)
        checks = len(w.lines("Memeriksa renja.xlsx"))
    assert checks == 2  # once failed, once written; then left alone
