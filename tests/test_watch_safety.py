"""The drop folder against what a shared folder really holds (issue #11): workbooks sharing a
stem, FIFOs and device links, links out of the folder, private files, a killed or second
watcher, names that are not UTF-8 or are very long, a copy that never gets written, and a
planner's workbook whose name looks like one of our outputs.

Truth comes from the files themselves: each .hasil.json is compared with `check --format json`
of its own input, modes with the input's mode, names with the bytes on disk."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, WORKBOOKS

from reconcile.cli import main
from reconcile import watch
from reconcile.watch import STATE_FILE, DropFolder

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
SIPD = WORKBOOKS / "renja_disnaker_pontianak_2024_sipd.xlsx"
TEKS = WORKBOOKS / "renja_disnaker_pontianak_2024_teks.xlsx"
POLL = 0.2
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def wait_for(predicate, timeout=30.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Watcher:
    """DropFolder.run in a thread, stopped and joined on exit."""

    def __init__(self, inbox: Path, settle: float = 0.3, **kw):
        self.logs: list[str] = []
        self.folder = DropFolder(inbox, settle=settle, poll=POLL, log=self.logs.append, **kw)
        self.stop = threading.Event()
        self.code = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        self.code = self.folder.run(self.stop)

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
    tmp = dest.parent.parent / (dest.name + ".kopi")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def once(inbox: Path, outbox: Path | None = None, lang: str = "id", **kw) -> tuple[int, list[str]]:
    logs: list[str] = []
    folder = DropFolder(inbox, outbox, lang=lang, settle=0.1, log=logs.append, **kw)
    return folder.run_once(), logs


def check_json(path: Path) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    return json.loads(result.stdout)["files"][0]


def reports(outbox: Path) -> dict[str, tuple[Path, dict]]:
    """{input file name: (its .hasil.json, the document)} found by reading every report."""
    found: dict[str, tuple[Path, dict]] = {}
    for p in outbox.iterdir():
        if p.name.endswith(".hasil.json"):
            doc = json.loads(p.read_bytes().decode("utf-8"))  # strict: valid UTF-8
            assert doc["version"] == 1 and len(doc["files"]) == 1  # the contract of check --format json
            doc = doc["files"][0]
            name = Path(doc["path"]).name
            assert name not in found, f"two reports for {name}"
            found[name] = (p, doc)
    return found


def summaries(outbox: Path) -> dict[str, str]:
    """{input file name as shown: its one line}."""
    found = {}
    for p in outbox.iterdir():
        if p.name.endswith(".hasil.txt"):
            line = p.read_bytes().decode("utf-8-sig").strip()
            found[line.split(": ", 1)[0]] = line
    return found


@pytest.fixture
def inbox(tmp_path):
    d = tmp_path / "masuk"
    d.mkdir()
    return d


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# ----------------------------------------------------------------------- 1. one stem, two workbooks

def test_workbooks_sharing_a_stem_each_get_their_own_outputs(inbox):
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    shutil.copyfile(SIPD, inbox / "renja.xlsm")
    (inbox / "renja.xls").write_bytes(os.urandom(4000))  # damaged: its own error report
    code, logs = once(inbox)
    outbox = inbox / "hasil"
    found = reports(outbox)
    assert set(found) == {"renja.xlsx", "renja.xlsm", "renja.xls"}
    for name, (_, doc) in found.items():
        assert doc == check_json(inbox / name)
    lines = summaries(outbox)
    assert set(lines) == {"renja.xlsx", "renja.xlsm", "renja.xls"}
    # each summary names an annotated copy that exists and was made from its own input
    for name in ("renja.xlsx", "renja.xlsm"):
        copy = lines[name].split("buka ", 1)[1].split(", lembar", 1)[0]
        assert (outbox / copy).is_file()
        assert copy.endswith(".xlsm" if name.endswith(".xlsm") else ".xlsx")
    copies = [lines[n].split("buka ", 1)[1].split(", lembar", 1)[0] for n in ("renja.xlsx", "renja.xlsm")]
    assert len({c.lower() for c in copies}) == 2

    again, logs = once(inbox)  # nothing changed: nothing checked, every report still its own
    assert again == 0 and not [line for line in logs if "Memeriksa" in line]
    assert {n: doc for n, (_, doc) in reports(outbox).items()} == {n: doc for n, (_, doc) in found.items()}


def test_a_lone_workbook_keeps_the_short_names_and_a_later_namesake_does_not_overwrite_them(inbox):
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    once(inbox)
    outbox = inbox / "hasil"
    assert (outbox / "renja.diperiksa.xlsx").is_file() and (outbox / "renja.hasil.json").is_file()
    shutil.copyfile(SIPD, inbox / "renja.xlsm")
    code, logs = once(inbox)
    assert [line for line in logs if "Memeriksa" in line] == [line for line in logs if "Memeriksa renja.xlsm" in line]
    found = reports(outbox)
    assert found["renja.xlsx"][0].name == "renja.hasil.json"
    assert found["renja.xlsx"][1] == check_json(inbox / "renja.xlsx")
    assert found["renja.xlsm"][1] == check_json(inbox / "renja.xlsm")


def test_outputs_that_no_longer_belong_to_their_input_make_it_checked_again(inbox):
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    shutil.copyfile(SIPD, inbox / "lain.xlsx")
    once(inbox)
    outbox = inbox / "hasil"
    # what the old watcher did: another input's report written over renja's
    shutil.copyfile(outbox / "lain.hasil.json", outbox / "renja.hasil.json")
    code, logs = once(inbox)
    assert [line for line in logs if "Memeriksa renja.xlsx" in line]
    assert not [line for line in logs if "Memeriksa lain.xlsx" in line]
    assert reports(outbox)["renja.xlsx"][1] == check_json(inbox / "renja.xlsx")
    # the annotated copy removed: its input is checked again too
    (outbox / "renja.diperiksa.xlsx").unlink()
    code, logs = once(inbox)
    assert [line for line in logs if "Memeriksa renja.xlsx" in line]
    assert (outbox / "renja.diperiksa.xlsx").is_file()


# ----------------------------------------------------------------------- 2. FIFOs and devices

@posix_only
def test_a_fifo_and_a_link_to_dev_zero_are_ignored_and_later_files_still_processed(inbox):
    outbox = inbox / "hasil"
    with Watcher(inbox) as w:
        os.mkfifo(inbox / "pipa.xlsx")
        os.symlink("/dev/zero", inbox / "nol.xlsx")
        time.sleep(4 * POLL)
        drop(SEED, inbox / "baik.xlsx")
        wait_for(lambda: (outbox / "baik.hasil.txt").exists(), 30, "baik.hasil.txt")
        assert reports(outbox)["baik.xlsx"][1] == check_json(inbox / "baik.xlsx")
        w.folder.scan()  # a rescan does not log them again
    assert len(w.lines("Diabaikan: pipa.xlsx")) == 1
    assert len(w.lines("Diabaikan: nol.xlsx")) == 1
    assert not w.lines("Memeriksa pipa") and not w.lines("Memeriksa nol")


@posix_only
def test_sigterm_ends_the_watcher_within_seconds_even_with_a_fifo_in_the_inbox(inbox):
    os.mkfifo(inbox / "pipa.xlsx")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "watch", str(inbox), "--poll", str(POLL),
                             "--settle", "0.2"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        wait_for(lambda: (inbox / "hasil").exists(), 20, "the watcher to start")
        os.mkfifo(inbox / "pipa2.xlsx")  # seen by an event, not only by the first scan
        drop(SEED, inbox / "baik.xlsx")
        wait_for(lambda: (inbox / "hasil" / "baik.hasil.txt").exists(), 30, "baik.hasil.txt")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Pemantauan dihentikan." in err and "Traceback" not in err


@posix_only
def test_sigterm_ends_the_watcher_within_seconds_in_the_middle_of_a_check(tmp_path, inbox):
    """A check that would take minutes (here: check_one replaced by a long sleep) does not hold
    SIGTERM up; the file is checked at the next start."""
    script = ("import sys, time\n"
              "import reconcile.watch as w\n"
              "w.check_one = lambda *a, **k: time.sleep(120)\n"
              "sys.exit(w.DropFolder(sys.argv[1], settle=0.1, poll=0.2).run())\n")
    err_path = tmp_path / "stderr.txt"
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open(err_path, "w", encoding="utf-8") as err_file:
        proc = subprocess.Popen([sys.executable, "-c", script, str(inbox)], stderr=err_file,
                                stdout=subprocess.DEVNULL, env=env)
        try:
            wait_for(lambda: "Memeriksa renja.xlsx" in err_path.read_text(encoding="utf-8"), 30, "the check to start")
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=5)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    err = err_path.read_text(encoding="utf-8")
    assert proc.returncode == 0, err
    assert "Pemantauan dihentikan." in err and "Traceback" not in err
    code, logs = once(inbox)
    assert [line for line in logs if "Memeriksa renja.xlsx" in line]


@posix_only
def test_a_file_replaced_by_a_fifo_after_it_was_seen_is_never_opened(inbox):
    """The race: a regular file noticed, then swapped for a FIFO before it is read."""
    logs: list[str] = []
    folder = DropFolder(inbox, settle=0.0, log=logs.append)
    shutil.copyfile(SEED, inbox / "tukar.xlsx")
    folder.notice(inbox / "tukar.xlsx")
    assert inbox / "tukar.xlsx" in folder._pending
    (inbox / "tukar.xlsx").unlink()
    os.mkfifo(inbox / "tukar.xlsx")
    done = threading.Event()
    t = threading.Thread(target=lambda: (folder.step(), folder.step(), done.set()), daemon=True)
    t.start()
    assert done.wait(5), "the watcher blocked on a FIFO"
    assert not [line for line in logs if "Memeriksa" in line]


# ----------------------------------------------------------------------- 3. access

@posix_only
def test_a_link_to_a_file_outside_the_inbox_is_ignored_with_one_line(tmp_path, inbox):
    outside = tmp_path / "luar"
    outside.mkdir()
    secret = outside / "rahasia.xlsx"
    shutil.copyfile(SEED, secret)
    secret.chmod(0o600)
    os.symlink(secret, inbox / "tautan.xlsx")
    os.symlink("../luar/rahasia.xlsx", inbox / "relatif.xlsx")
    shutil.copyfile(SIPD, inbox / "asli.xlsx")
    os.symlink("asli.xlsx", inbox / "alias.xlsx")  # a link inside the inbox is an ordinary drop
    for lang, word in (("id", "Diabaikan"), ("en", "Ignored")):
        outbox = tmp_path / f"hasil-{lang}"
        code, logs = once(inbox, outbox, lang)
        text = watch.IGNORE_TEXT["outside_inbox"][0 if lang == "id" else 1]
        assert len([line for line in logs if f"{word}: tautan.xlsx ({text})" in line]) == 1
        assert len([line for line in logs if f"{word}: relatif.xlsx ({text})" in line]) == 1
        assert set(reports(outbox)) == {"asli.xlsx", "alias.xlsx"}
        assert not any("rahasia" in p.name or "tautan" in p.name or "relatif" in p.name for p in outbox.iterdir())


@posix_only
def test_outputs_are_never_more_open_than_their_input(inbox):
    shutil.copyfile(SEED, inbox / "pribadi.xlsx")
    (inbox / "pribadi.xlsx").chmod(0o600)
    shutil.copyfile(SIPD, inbox / "grup.xlsx")
    (inbox / "grup.xlsx").chmod(0o640)
    once(inbox)
    outbox = inbox / "hasil"
    lines = summaries(outbox)
    for name, (json_path, _) in reports(outbox).items():
        allowed = mode(inbox / name)
        txt = json_path.with_name(json_path.name[: -len(".json")] + ".txt")
        copy = outbox / lines[name].split("buka ", 1)[1].split(", lembar", 1)[0]
        for out in (json_path, txt, copy):
            assert mode(out) & ~allowed == 0, f"{out.name} is {oct(mode(out))}, its input {oct(allowed)}"


# ----------------------------------------------------------------------- 4. leftovers and two watchers

def test_leftover_temp_files_are_cleaned_at_start_only_ours_old_and_in_the_outbox(inbox):
    outbox = inbox / "hasil"
    outbox.mkdir()
    old = time.time() - 3600
    ours_old = [outbox / ".reconcile-ab12cd_9.tmp", outbox / ".reconcile-zz99yy00.xlsx",
                outbox / ".reconcile-k3j4h5g6.xlsm"]
    kept = [outbox / ".reconcile-fresh123.tmp",  # may be another process's file being written
            outbox / ".reconcile-catatan-saya.txt", outbox / "reconcile-ab12cd_9.tmp",
            inbox / ".reconcile-ab12cd_9.tmp"]
    for p in ours_old + kept:
        p.write_bytes(b"partial")
    for p in ours_old + kept[1:]:
        os.utime(p, (old, old))
    code, logs = once(inbox)
    assert [p for p in ours_old if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def test_a_second_watcher_on_the_same_folder_says_so_and_exits_with_2(inbox):
    outbox = inbox / "hasil"
    with Watcher(inbox) as w:
        shutil.copyfile(SEED, inbox / "renja.xlsx")
        second = DropFolder(inbox, settle=0.1, log=(logs := []).append)
        assert second.run_once() == 2
        assert any("Pemantau lain sudah berjalan untuk folder ini" in line for line in logs)
        assert not any("Memeriksa" in line for line in logs)
        r = CliRunner().invoke(main, ["watch", str(inbox), "--once", "--lang", "en"])
        assert r.exit_code == 2 and "Another watcher is already running on this folder" in r.stderr
        r = CliRunner().invoke(main, ["watch", str(inbox)])  # the watching mode too, not only --once
        assert r.exit_code == 2 and "Pemantau lain sudah berjalan untuk folder ini" in r.stderr
        wait_for(lambda: (outbox / "renja.hasil.txt").exists(), 30, "renja.hasil.txt")
        assert (outbox / watch.LOCK_FILE).exists()
        time.sleep(0.5)
    assert len(w.lines("Memeriksa renja.xlsx")) == 1  # processed once, by the first watcher


@posix_only
def test_a_watcher_killed_with_sigkill_leaves_no_lock_behind(inbox):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "watch", str(inbox), "--poll", str(POLL)],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        wait_for(lambda: (inbox / "hasil" / watch.LOCK_FILE).exists(), 20, "the watcher to lock")
        time.sleep(0.5)
        assert once(inbox)[0] == 2  # locked while it runs
        proc.kill()
        proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    code, logs = once(inbox)
    assert [line for line in logs if "Memeriksa renja.xlsx" in line]


# ----------------------------------------------------------------------- 5. names

@posix_only
def test_names_that_are_not_utf8_or_hold_escape_sequences(inbox):
    raw = os.fsencode(inbox) + b"/renja-\xff\xfe.xlsx"
    try:
        with open(raw, "wb") as fh:
            fh.write(SEED.read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    shutil.copyfile(SIPD, inbox / "warna\x1b[31mmerah\x1b]0;judul\x07.xlsx")
    code, logs = once(inbox)
    outbox = inbox / "hasil"
    found = reports(outbox)  # strict UTF-8 decoding inside
    assert len(found) == 2
    names = sorted(found)
    assert "renja-\ufffd\ufffd.xlsx" in names
    assert all("\x1b" not in n and "\x07" not in n for n in names)
    for p in outbox.iterdir():
        if p.is_file():
            p.read_bytes().decode("utf-8-sig") if p.suffix in (".txt", ".json") else None
    for line in logs:
        assert "\x1b" not in line and "\x07" not in line and "\udcff" not in line
        line.encode("utf-8")  # printable as UTF-8
    assert any("Memeriksa renja-\ufffd\ufffd.xlsx" in line for line in logs)
    state = (outbox / STATE_FILE).read_bytes().decode("utf-8")
    assert json.loads(state)["files"]
    again, logs = once(inbox)  # recorded: not checked again
    assert not [line for line in logs if "Memeriksa warna" in line]


@posix_only
def test_a_name_that_is_not_utf8_gets_its_annotated_copy_and_is_then_left_alone(inbox):
    raw = os.fsencode(inbox) + b"/renja-\xff.xlsx"
    try:
        with open(raw, "wb") as fh:
            fh.write(SEED.read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    once(inbox)
    line = summaries(inbox / "hasil")["renja-\ufffd.xlsx"]
    assert "buka " in line, line
    again, logs = once(inbox)
    assert again == 0 and not [line for line in logs if "Memeriksa" in line]


def test_very_long_names_get_their_outputs_unique_and_within_the_limit(inbox):
    names = ["a" * 240 + "-satu.xlsx", "a" * 240 + "-dua.xlsx", "é" * 122 + ".xlsx"]
    for n, src in zip(names, (SEED, SIPD, TEKS)):
        assert len(n.encode()) <= 255
        shutil.copyfile(src, inbox / n)
    code, logs = once(inbox)
    outbox = inbox / "hasil"
    found = reports(outbox)
    assert set(found) == set(names)
    for n in names:
        assert found[n][1] == check_json(inbox / n)
    assert all(len(p.name.encode()) <= 255 for p in outbox.iterdir())
    copies = [p for p in outbox.iterdir() if ".diperiksa." in p.name]
    assert len(copies) == 3
    assert not [line for line in logs if "Dicoba lagi" in line or "Gagal" in line]


# ----------------------------------------------------------------------- 6. a copy that always fails

def test_an_annotated_copy_that_always_fails_is_tried_a_bounded_number_of_times(inbox):
    outbox = inbox / "hasil"
    blocker = outbox / "renja.diperiksa.xlsx"
    blocker.mkdir(parents=True)  # the copy can never be moved into place
    with Watcher(inbox, settle=0.1, rescan=0.3) as w:
        drop(SIPD, inbox / "renja.xlsx")
        wait_for(lambda: w.lines("tidak dicoba lagi"), 60, "the watcher to give up")
        time.sleep(1.5)  # several rescans more
        checks = len(w.lines("Memeriksa renja.xlsx"))
    assert checks == 3
    line = (outbox / "renja.hasil.txt").read_text(encoding="utf-8-sig")
    assert "Salinan bertanda gagal ditulis" in line
    state = json.loads((outbox / STATE_FILE).read_text(encoding="utf-8"))
    assert hashlib.sha256(SIPD.read_bytes()).hexdigest() in state["files"]
    code, logs = once(inbox)  # recorded as done: a restart does not start over
    assert not [line for line in logs if "Memeriksa" in line]


def test_a_copy_that_always_fails_is_bounded_across_once_runs_too(inbox):
    """cron / Task Scheduler: each --once run is a new process; the attempts are counted in the state."""
    outbox = inbox / "hasil"
    (outbox / "renja.diperiksa.xlsx").mkdir(parents=True)
    shutil.copyfile(SIPD, inbox / "renja.xlsx")
    checked = []
    for _ in range(5):
        code, logs = once(inbox)
        checked.append(len([line for line in logs if "Memeriksa renja.xlsx" in line]))
    assert checked == [1, 1, 1, 0, 0]
    assert "Salinan bertanda gagal ditulis" in (outbox / "renja.hasil.txt").read_text(encoding="utf-8-sig")
    shutil.copyfile(SEED, inbox / "renja.xlsx")  # new content: tried again
    code, logs = once(inbox)
    assert [line for line in logs if "Memeriksa renja.xlsx" in line]


# ----------------------------------------------------------------------- 7. a planner's name

def test_a_planners_workbook_named_like_an_output_is_checked(inbox):
    shutil.copyfile(SEED, inbox / "Renja.Hasil.Musrenbang.xlsx")
    code, logs = once(inbox)
    found = reports(inbox / "hasil")
    assert found["Renja.Hasil.Musrenbang.xlsx"][1] == check_json(inbox / "Renja.Hasil.Musrenbang.xlsx")


def test_with_the_outbox_in_the_inbox_a_planners_file_is_never_written_over(inbox):
    """--out INBOX: a planner's own `renja.diperiksa.xlsx` (no mark of ours) is an input, not the
    place for renja.xlsx's copy; and our outputs are not checked again as inputs."""
    shutil.copyfile(SEED, inbox / "renja.xlsx")
    shutil.copyfile(SIPD, inbox / "renja.diperiksa.xlsx")
    before = (inbox / "renja.diperiksa.xlsx").read_bytes()
    once(inbox, inbox)
    assert (inbox / "renja.diperiksa.xlsx").read_bytes() == before
    found = reports(inbox)
    assert set(found) == {"renja.xlsx", "renja.diperiksa.xlsx"}
    for name, (_, doc) in found.items():
        assert doc == check_json(inbox / name)
    code, logs = once(inbox, inbox)
    assert code == 0 and not [line for line in logs if "Memeriksa" in line]
