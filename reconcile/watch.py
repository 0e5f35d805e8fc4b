"""The planners' drop folder (`reconcile watch INBOX`).

A planner copies a workbook into INBOX; a few seconds later OUTBOX (default INBOX/hasil) holds
`<name>.diperiksa.xlsx` (the annotated copy; .xlsm stays .xlsm), `<name>.hasil.json` (one entry
of `check --format json`) and `<name>.hasil.txt` (one line in Indonesian).

* Only whole files are read: a file is taken when its size and mtime are the same on two looks
  `settle` seconds apart and it can be opened; a zip workbook whose end record is missing
  (still being copied) and an empty file wait longer (`incomplete_grace`) before being judged
  damaged.
* Lock files (~$…), temporary files (.~lock…#, *.tmp, dotfiles), our own outputs and anything
  that is not a workbook are ignored, with one log line each.
* A state file in OUTBOX (`.reconcile-watch.json`), keyed by the sha256 of the content, keeps
  the same content from being checked again after a restart; a file dropped again with new
  content is checked again. Every output is written to a temporary file and moved into place.
* File events come from watchdog's Observer; `poll` switches to its PollingObserver (network
  shares). Only the top level of INBOX is watched.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Callable

from reconcile.batch import BatchItem, check_one, ignore_reason, make_shareable

STATE_FILE = ".reconcile-watch.json"
STATE_VERSION = 1
MAX_STATE_ENTRIES = 20_000

IGNORE_TEXT = {
    "lock": ("berkas kunci Excel", "Excel lock file"),
    "temp": ("berkas sementara", "temporary file"),
    "own_output": ("keluaran reconcile", "reconcile output"),
    "not_workbook": ("bukan workbook Excel (.xlsx, .xlsm, .xls, .xlsb)", "not an Excel workbook (.xlsx, .xlsm, .xls, .xlsb)"),
    "in_outbox": ("berada di folder hasil", "inside the output folder"),
}


def stderr_log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".reconcile-", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        make_shareable(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def output_names(name: str) -> tuple[str, str, str]:
    """renja.xlsx -> (renja.diperiksa.xlsx, renja.hasil.json, renja.hasil.txt)."""
    from reconcile.report.annotate import default_output

    annotated = default_output(Path(name)).name
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    return annotated, f"{stem}.hasil.json", f"{stem}.hasil.txt"


def summary_line(item: BatchItem, name: str, lang: str = "id") -> str:
    """The one line of `<name>.hasil.txt`."""
    annotated_name, json_name, _ = output_names(name)
    res = item.result
    if res.status != "ok":
        error = " ".join(str(res.error or "").split())
        return (f"{name}: tidak dapat diperiksa — {error}" if lang != "en"
                else f"{name}: could not be checked — {error}")
    c = item.counts()
    why = " ".join(str(item.annotate_error or "").split())
    if lang != "en":
        head = f"{name}: {c['error']} error, {c['warning']} peringatan, {c['info']} info"
        if item.annotated:
            return f"{head} — buka {annotated_name}, lembar 'Hasil Pemeriksaan'."
        return f"{head} — {why} Daftar temuan ada di {json_name}."
    head = f"{name}: {c['error']} errors, {c['warning']} warnings, {c['info']} info"
    if item.annotated:
        return f"{head} — open {annotated_name}, sheet 'Hasil Pemeriksaan'."
    return f"{head} — {why} The findings are in {json_name}."


class DropFolder:
    """Watches INBOX and writes each workbook's annotated copy and report into OUTBOX."""

    def __init__(self, inbox: Path, outbox: Path | None = None, config=None, lang: str = "id",
                 only: set[str] | None = None, settle: float = 1.0, poll: float | None = None,
                 incomplete_grace: float = 30.0, rescan: float = 30.0,
                 log: Callable[[str], None] | None = None):
        from reconcile.config import Config

        self.inbox = Path(inbox)
        self.outbox = Path(outbox) if outbox else self.inbox / "hasil"
        self.config = config or Config()
        self.lang = lang
        self.only = only
        self.settle = max(float(settle), 0.0)
        self.poll = poll
        self.incomplete_grace = incomplete_grace
        self.rescan = rescan
        self._log = log or stderr_log
        self.tick = max(0.05, min(self.settle / 4 if self.settle else 0.1, 0.5))
        self.state_path = self.outbox / STATE_FILE
        self.state = {"version": STATE_VERSION, "files": {}}
        self._pending: dict[Path, dict] = {}  # path -> {"sig", "since", "first", "sha", "waiting_logged"}
        self._known: dict[Path, tuple] = {}  # path -> sig already handled in this session
        self._ignored_logged: set[str] = set()
        self._events: set[Path] = set()
        self._events_lock = threading.Lock()
        self._wake = threading.Event()
        self.worst = 0
        self.processed: list[BatchItem] = []

    # ------------------------------------------------------------------ messages
    def log(self, id_text: str, en_text: str) -> None:
        self._log(f"[{datetime.now().strftime('%Y-%m-%d %H:%M:%S')}] {en_text if self.lang == 'en' else id_text}")

    @property
    def ruleset(self) -> str:
        from reconcile import __version__

        return f"reconcile {__version__}, {self.config.rules_dir}, {self.lang}, {sorted(self.only or [])}"

    # ------------------------------------------------------------------ state
    def load_state(self) -> None:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("files"), dict):
                self.state = {"version": STATE_VERSION, "files": data["files"]}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            self.log(f"Berkas status {self.state_path.name} tidak terbaca ({exc}); mulai dari awal.",
                     f"State file {self.state_path.name} unreadable ({exc}); starting afresh.")

    def save_state(self) -> None:
        files = self.state["files"]
        if len(files) > MAX_STATE_ENTRIES:  # oldest first out
            for key in sorted(files, key=lambda k: files[k].get("checked", ""))[: len(files) - MAX_STATE_ENTRIES]:
                del files[key]
        write_atomic(self.state_path, json.dumps(self.state, ensure_ascii=False, indent=1).encode("utf-8"))

    def _already_done(self, name: str, sha: str) -> bool:
        entry = self.state["files"].get(sha)
        if not entry or name not in entry.get("names", []) or entry.get("ruleset") != self.ruleset:
            return False
        return all((self.outbox / n).exists() for n in output_names(name)[1:])

    def _remember(self, name: str, sha: str, item: BatchItem) -> None:
        files = self.state["files"]
        for key in list(files):  # this name now shows other content: forget the old one for it
            if key != sha and name in files[key].get("names", []):
                files[key]["names"].remove(name)
                if not files[key]["names"]:
                    del files[key]
        entry = files.setdefault(sha, {"names": []})
        if name not in entry["names"]:
            entry["names"].append(name)
        entry.update(checked=datetime.now().isoformat(timespec="seconds"), status=item.result.status,
                     counts=item.counts(), exit_code=item.exit_code, ruleset=self.ruleset)

    # ------------------------------------------------------------------ which files
    def _in_outbox(self, path: Path) -> bool:
        if self.outbox.resolve() == self.inbox.resolve():
            return False
        try:
            path.resolve().relative_to(self.outbox.resolve())
            return True
        except ValueError:
            return False

    def _accept(self, path: Path) -> bool:
        """Whether `path` is a workbook to check; logs (once per name) why not."""
        if path.parent.resolve() != self.inbox.resolve() or path.is_dir():
            return False
        reason = "in_outbox" if self._in_outbox(path) else ignore_reason(path.name)
        if reason is None:
            return True
        if path.name not in self._ignored_logged:
            self._ignored_logged.add(path.name)
            id_text, en_text = IGNORE_TEXT[reason]
            self.log(f"Diabaikan: {path.name} ({id_text}).", f"Ignored: {path.name} ({en_text}).")
        return False

    def scan(self) -> None:
        try:
            entries = sorted(os.scandir(self.inbox), key=lambda e: e.name.lower())
        except OSError as exc:
            self.log(f"Folder {self.inbox} tidak dapat dibaca: {exc}", f"Cannot read folder {self.inbox}: {exc}")
            return
        for entry in entries:
            if entry.is_file():
                self.notice(Path(entry.path))

    def notice(self, path: Path) -> None:
        """A file that may have appeared or changed."""
        if path in self._pending or not self._accept(path):
            return
        sig = self._look(path)
        if sig is None or self._known.get(path) == sig:
            return
        now = time.monotonic()
        self._pending[path] = {"sig": sig, "since": now, "first": now, "sha": None, "waiting_logged": False}

    @staticmethod
    def _look(path: Path) -> tuple | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    @staticmethod
    def _complete(path: Path, size: int) -> bool:
        """False while the file is visibly unfinished: empty, locked by the copier, or a zip
        without its end record (the last thing a copy writes)."""
        if size == 0:
            return False
        try:
            with open(path, "rb") as fh:
                head = fh.read(4)
        except OSError:  # e.g. Windows: still open for writing by the copier
            return False
        if head == b"PK\x03\x04":
            try:
                return zipfile.is_zipfile(path)
            except OSError:
                return False
        return True

    @staticmethod
    def _sha256(path: Path) -> str:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    # ------------------------------------------------------------------ the loop
    def step(self) -> None:
        """One look at every pending file; check those that are whole and stable."""
        with self._events_lock:
            events, self._events = self._events, set()
        for path in sorted(events):
            self.notice(path)
        now = time.monotonic()
        for path in sorted(self._pending):
            p = self._pending[path]
            sig = self._look(path)
            if sig is None:  # gone (moved away or deleted)
                del self._pending[path]
                continue
            if sig != p["sig"]:
                p.update(sig=sig, since=now, sha=None)
                continue
            if now - p["since"] < self.settle:
                continue
            try:
                if p["sha"] is None:
                    p["sha"] = self._sha256(path)
            except OSError:
                continue  # not readable yet
            if self._already_done(path.name, p["sha"]):
                self.log(f"{path.name} tidak berubah sejak pemeriksaan terakhir; dilewati.",
                         f"{path.name} unchanged since it was last checked; skipped.")
                self._known[path] = sig
                del self._pending[path]
                continue
            if not self._complete(path, sig[0]) and now - p["first"] < self.incomplete_grace:
                if not p["waiting_logged"]:
                    p["waiting_logged"] = True
                    self.log(f"Menunggu {path.name} selesai disalin…", f"Waiting for {path.name} to be copied completely…")
                continue
            del self._pending[path]
            self.process(path, sig, p["sha"])

    def process(self, path: Path, sig: tuple, sha: str) -> BatchItem | None:
        name = path.name
        annotated_name, json_name, txt_name = output_names(name)
        self.log(f"Memeriksa {name}…", f"Checking {name}…")
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            item = check_one(path, self.config, self.lang, self.only, annotate=True,
                             annotate_to=self.outbox / annotated_name, ruleset=self.ruleset)
            if item.annotated is None:  # no fresh copy: an older one would mislead
                try:
                    (self.outbox / annotated_name).unlink(missing_ok=True)
                except OSError:  # open in Excel (Windows): the .hasil.txt says what happened
                    pass
            doc = item.result.to_json()
            write_atomic(self.outbox / json_name, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
            line = summary_line(item, name, self.lang)
            # utf-8 with BOM: older Windows Notepad shows the dash and accents right
            write_atomic(self.outbox / txt_name, (line + "\n").encode("utf-8-sig"))
            retry = item.annotate_error_kind == "failed"  # e.g. the old copy is open in Excel
            if not retry:
                self._remember(name, sha, item)
                self.save_state()
        except Exception as exc:  # e.g. OUTBOX not writable: say so, keep watching, try again later
            self.log(f"Gagal menulis hasil untuk {name}: {type(exc).__name__}: {exc}. Dicoba lagi nanti.",
                     f"Could not write the results for {name}: {type(exc).__name__}: {exc}. Will retry later.")
            self.worst = max(self.worst, 2)
            return None
        self.log(line, line)
        if retry:
            self.log(f"{name} akan diperiksa lagi dalam {self.rescan:g} detik.",
                     f"{name} will be checked again in {self.rescan:g} s.")
        else:
            self._known[path] = sig
        self.worst = max(self.worst, item.exit_code)
        self.processed.append(item)
        after = self._look(path)
        if after is not None and after != sig:  # changed while being checked: look again
            self.notice(path)
        return item

    def run_once(self, max_wait: float | None = None) -> int:
        """Check what is in INBOX now and return the worst exit code over the files checked.
        Files still being copied are waited for (at most `max_wait`, default settle +
        incomplete_grace + 30 s); what is still unfinished then is left for the next run."""
        self.load_state()
        self.scan()
        deadline = time.monotonic() + (max_wait if max_wait is not None
                                       else self.settle + self.incomplete_grace + 30)
        while self._pending and time.monotonic() < deadline:
            self.step()
            if self._pending:
                time.sleep(self.tick)
        for path in sorted(self._pending):
            self.log(f"{path.name} masih berubah; diperiksa pada putaran berikutnya.",
                     f"{path.name} is still changing; it will be checked next time.")
        return self.worst

    def run(self, stop: threading.Event | None = None) -> int:
        """Watch until `stop` is set, Ctrl-C or SIGTERM. Returns 0 after a clean stop."""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        stop = stop or threading.Event()
        folder = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.is_directory or event.event_type in ("deleted", "opened", "closed_no_write"):
                    return
                paths = [getattr(event, "dest_path", "") or "", event.src_path]
                with folder._events_lock:
                    for p in paths:
                        if p:
                            folder._events.add(Path(os.fsdecode(p)))
                folder._wake.set()

        self.load_state()
        self.outbox.mkdir(parents=True, exist_ok=True)
        observer = PollingObserver(timeout=self.poll) if self.poll else Observer()
        observer.schedule(Handler(), str(self.inbox), recursive=False)
        previous = {}
        if threading.current_thread() is threading.main_thread():
            def on_signal(signum, frame):
                stop.set()
                self._wake.set()

            for name in ("SIGTERM", "SIGBREAK"):
                if hasattr(signal, name):
                    previous[name] = signal.signal(getattr(signal, name), on_signal)
        try:
            observer.start()
        except OSError as exc:  # e.g. the inotify watch limit: polling always works
            self.log(f"Peristiwa berkas tidak tersedia ({exc}); beralih ke polling tiap 2 detik.",
                     f"File events unavailable ({exc}); polling every 2 s instead.")
            self.poll = 2.0
            observer = PollingObserver(timeout=self.poll)
            observer.schedule(Handler(), str(self.inbox), recursive=False)
            observer.start()
        how = (f"polling tiap {self.poll:g} dtk" if self.lang != "en" else f"polling every {self.poll:g} s") \
            if self.poll else ("peristiwa berkas" if self.lang != "en" else "file events")
        self.log(f"Memantau {self.inbox} ({how}); hasil di {self.outbox}. Tekan Ctrl-C untuk berhenti.",
                 f"Watching {self.inbox} ({how}); results in {self.outbox}. Press Ctrl-C to stop.")
        try:
            self.scan()
            last_scan = time.monotonic()
            while not stop.is_set():
                self.step()
                if time.monotonic() - last_scan >= self.rescan:
                    self.scan()
                    last_scan = time.monotonic()
                self._wake.wait(self.tick)
                self._wake.clear()
        except KeyboardInterrupt:
            pass
        finally:
            observer.stop()
            observer.join(timeout=10)
            for name, handler in previous.items():
                signal.signal(getattr(signal, name), handler)
            self.log("Pemantauan dihentikan.", "Watching stopped.")
        return 0
