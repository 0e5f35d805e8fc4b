"""The planners' drop folder (`reconcile watch INBOX`).

A planner copies a workbook into INBOX; a few seconds later OUTBOX (default INBOX/hasil) holds
`<name>.diperiksa.xlsx` (the annotated copy; .xlsm stays .xlsm), `<name>.hasil.json` (what
`check --format json` writes for that one file: `{"version": 1, "files": [...]}`) and
`<name>.hasil.txt` (one line in Indonesian). A workbook without a plan table gets no annotated
copy; its .hasil.txt says what it holds (exit code 0 with --once).

* Output names are unique per input. A workbook alone with its stem keeps the short names
  (`renja.xlsx` -> `renja.diperiksa.xlsx`, `renja.hasil.json`); when another workbook in INBOX
  has the same stem (case ignored: `renja.xlsx` beside `renja.xls` or `Renja.xlsm`), each keeps
  its extension in its names (`renja.xlsx.hasil.json`, `renja.xls.hasil.json`), and names that
  differ only in case get a short hash of the name (`renja.xlsx~1a2b3c4d.hasil.json`). An input
  keeps the names it got the first time (recorded in the state) as long as no other input
  holds them. A name too long for the file system (255 bytes) is shortened and ends in a short
  hash of the whole name.
* Only whole regular files are read: a file is taken when its size, mtime and inode are the same
  on two looks `settle` seconds apart; a zip workbook whose end record is missing (still being
  copied) and an empty file wait longer (`incomplete_grace`) before being judged damaged. It is
  opened non-blocking, checked to be the regular file that was looked at, and never read beyond
  the size seen; a FIFO, a device, a socket or a link to one is never opened.
* A symlink whose target resolves outside INBOX is not followed. Lock files (~$…), temporary
  files (.~lock…#, *.tmp, dotfiles), our own outputs (by their mark or the state), FIFOs and
  devices and anything that is not a workbook are ignored, with one log line each.
* The .hasil.json and .hasil.txt are never more open than their input (a private workbook gives
  private reports); the state file is private.
* A state file in OUTBOX (`.reconcile-watch.json`), keyed by the sha256 of the content, records
  each input's output names; the same content is not checked again after a restart as long as
  the outputs written for it still exist and are its own (no other input took them over, the
  report names it). A file dropped again with new content is checked again. An annotated copy
  that fails (e.g. the old copy is open in Excel) is tried again every `rescan` seconds, at most
  `MAX_ATTEMPTS` times for the same content; then the error stays in the .hasil.txt.
* One watcher per OUTBOX: an exclusive `fcntl.flock` on `.reconcile-watch.lock` in OUTBOX (not
  on platforms without fcntl); a second watcher says that one is already running and exits
  with 2. The lock dies with its process (kill -9 included); temporary files such a kill leaves
  in OUTBOX (`.reconcile-XXXXXXXX.tmp/.xlsx/.xlsm`, ours only, older than `LEFTOVER_AGE`) are
  removed at start, by the watcher holding the lock.
* Every output is written to a temporary file and moved into place. Names in logs, reports and
  JSON go through `reconcile.terminal` (valid UTF-8, no control sequences). One file that fails
  never stops the watcher; SIGTERM and Ctrl-C stop it within seconds, even mid-check.
* File events come from watchdog's Observer; `poll` switches to its PollingObserver (network
  shares). Only the top level of INBOX is watched.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import stat
import sys
import tempfile
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Callable

from reconcile.batch import (WORKBOOK_SUFFIXES, BatchItem, check_one, ignore_reason, is_own_output,
                             make_shareable)
from reconcile.terminal import display_path, printable, valid_utf8

STATE_FILE = ".reconcile-watch.json"
LOCK_FILE = ".reconcile-watch.lock"
STATE_VERSION = 2
MAX_STATE_ENTRIES = 20_000
MAX_ATTEMPTS = 3  # an annotated copy that fails for the same content: tried this often, then recorded
LEFTOVER_AGE = 300.0  # seconds: our temporary files older than this in OUTBOX are a killed run's
NAME_MAX = 255  # bytes in one file name (ext4, NTFS, APFS, SMB)
_TEMP_NAME = re.compile(r"\.reconcile-[a-z0-9_]{8}\.(?:tmp|xlsx|xlsm)")  # tempfile.mkstemp's, ours
_CHUNK = 1 << 20

IGNORE_TEXT = {
    "lock": ("berkas kunci Excel", "Excel lock file"),
    "temp": ("berkas sementara", "temporary file"),
    "own_output": ("keluaran reconcile", "reconcile output"),
    "not_workbook": ("bukan workbook Excel (.xlsx, .xlsm, .xls, .xlsb)", "not an Excel workbook (.xlsx, .xlsm, .xls, .xlsb)"),
    "in_outbox": ("berada di folder hasil", "inside the output folder"),
    "not_regular": ("bukan berkas biasa: FIFO, perangkat atau soket; tidak dibuka",
                    "not a regular file: a FIFO, device or socket; not opened"),
    "outside_inbox": ("tautan ke berkas di luar folder masuk; tidak diikuti",
                      "link to a file outside the inbox; not followed"),
}


class _Stopped(BaseException):
    """Raised by the SIGTERM handler while a file is being checked: stop now, not after it."""


def stderr_log(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except UnicodeEncodeError:  # a console that cannot show every character (cp1252, ascii)
        enc = getattr(sys.stderr, "encoding", None) or "ascii"
        print(line.encode(enc, "replace").decode(enc), file=sys.stderr, flush=True)


def _utf8(text: str) -> bytes:
    """`text` as valid UTF-8, whatever lone surrogate (an undecodable file name) it holds."""
    return valid_utf8(text).encode("utf-8")


def write_atomic(path: Path, data: bytes, like: Path | None = None, private: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then move it into place. Its mode is a
    normal new file's, never more open than `like` (the input it reports on); `private` keeps
    mkstemp's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".reconcile-", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not private:
            make_shareable(tmp, like=like)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _short_hash(name: str) -> str:
    return hashlib.sha256(os.fsencode(name)).hexdigest()[:8]


def _fit(base: str, name: str, budget: int) -> str:
    """`base` if it fits in `budget` bytes on disk, else its start and a short hash of `name`."""
    if len(os.fsencode(base)) <= budget:
        return base
    tail = "~" + _short_hash(name)
    k = len(base)
    while k and len(os.fsencode(base[:k])) > budget - len(tail):
        k -= 1
    return base[:k] + tail


def _stem(name: str) -> str:
    suffix = Path(name).suffix
    return name[: -len(suffix)] if suffix else name


def output_names(name: str, keep_suffix: bool = False, tagged: bool = False) -> tuple[str, str, str]:
    """renja.xlsx -> (renja.diperiksa.xlsx, renja.hasil.json, renja.hasil.txt); with
    `keep_suffix` renja.xlsx.diperiksa.xlsx, …; `tagged` adds a short hash of the name. Never
    longer than NAME_MAX bytes (shortened with a hash of the whole name)."""
    annotated_suffix = ".xlsm" if Path(name).suffix.lower() == ".xlsm" else ".xlsx"
    base = name if keep_suffix else _stem(name)
    if tagged:
        base = f"{base}~{_short_hash(name)}"
    base = _fit(base, name, NAME_MAX - len(f".diperiksa{annotated_suffix}"))
    return f"{base}.diperiksa{annotated_suffix}", f"{base}.hasil.json", f"{base}.hasil.txt"


def summary_line(item: BatchItem, name: str, lang: str = "id", names: tuple[str, str, str] | None = None) -> str:
    """The one line of `<name>.hasil.txt` (`names`: the input's three output names)."""
    annotated_name, json_name, _ = (display_path(n) for n in (names or output_names(name)))
    shown = display_path(name)
    res = item.result
    if res.status == "no_table":  # read, nothing to check: no annotated copy, not a failure
        message = " ".join(str(res.error or "").split())
        line = (f"{shown}: tanpa tabel Renja, tidak ada salinan bertanda — {message}" if lang != "en"
                else f"{shown}: no Renja table, no annotated copy — {message}")
        return printable(line, keep_newlines=False)
    if res.status != "ok":
        error = " ".join(str(res.error or "").split())
        line = (f"{shown}: tidak dapat diperiksa — {error}" if lang != "en"
                else f"{shown}: could not be checked — {error}")
        return printable(line, keep_newlines=False)
    c = item.counts()
    why = " ".join(str(item.annotate_error or "").split())
    if lang != "en":
        head = f"{shown}: {c['error']} error, {c['warning']} peringatan, {c['info']} info"
        line = (f"{head} — buka {annotated_name}, lembar 'Hasil Pemeriksaan'." if item.annotated
                else f"{head} — {why} Daftar temuan ada di {json_name}.")
    else:
        head = f"{shown}: {c['error']} errors, {c['warning']} warnings, {c['info']} info"
        line = (f"{head} — open {annotated_name}, sheet 'Hasil Pemeriksaan'." if item.annotated
                else f"{head} — {why} The findings are in {json_name}.")
    return printable(line, keep_newlines=False)


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
        self.lock_path = self.outbox / LOCK_FILE
        self.state = {"version": STATE_VERSION, "files": {}, "retries": {}}  # retries: sha -> {name: attempts}
        self._pending: dict[Path, dict] = {}  # path -> {"sig", "since", "first", "sha", "waiting_logged"}
        self._known: dict[Path, tuple] = {}  # path -> sig already handled in this session
        self._ignored_logged: set[str] = set()
        self._output_names: set[str] | None = None  # casefolded output names in the state (cache)
        self._events: set[Path] = set()
        self._events_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._busy = False
        self._lock_fd: int | None = None
        self.worst = 0
        self.processed: list[BatchItem] = []

    # ------------------------------------------------------------------ messages
    def log(self, id_text: str, en_text: str) -> None:
        text = en_text if self.lang == "en" else id_text
        self._log(printable(f"[{datetime.now().strftime('%Y-%m-%d %H:%M:%S')}] {text}", keep_newlines=False))

    @property
    def ruleset(self) -> str:
        from reconcile import __version__

        return f"reconcile {__version__}, {self.config.rules_dir}, {self.lang}, {sorted(self.only or [])}"

    # ------------------------------------------------------------------ one watcher per folder
    def acquire_lock(self) -> bool:
        """Take the outbox's lock; False (and one line saying so) when another watcher holds it."""
        try:
            import fcntl
        except ImportError:  # Windows: no flock; one watcher per folder is up to the user
            return True
        self.outbox.mkdir(parents=True, exist_ok=True)
        flags = os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        for _ in range(10):
            try:
                fd = os.open(self.lock_path, os.O_RDWR | flags, 0o644)
            except PermissionError:  # another user's lock file: locking needs only reading
                fd = os.open(self.lock_path, os.O_RDONLY | flags, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = self._lock_holder(fd)
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    self.log(f"Pemantau lain sudah berjalan untuk folder ini (hasil di {display_path(self.outbox)}"
                             f"{holder}); pemantau ini berhenti.",
                             f"Another watcher is already running on this folder (results in "
                             f"{display_path(self.outbox)}{holder}); this one stops.")
                    return False
                self.log(f"Folder hasil tidak dapat dikunci ({exc}); pastikan hanya satu pemantau berjalan.",
                         f"The output folder cannot be locked ({exc}); make sure only one watcher runs.")
                return True
            try:  # the file we locked must still be the lock file (a stopping watcher removes it)
                on_disk = os.stat(self.lock_path, follow_symlinks=False)
                mine = os.fstat(fd)
                same = (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            except OSError:
                pass
            self._lock_fd = fd
            return True
        raise OSError(errno.EBUSY, "the lock file keeps changing", str(self.lock_path))

    @staticmethod
    def _lock_holder(fd: int) -> str:
        try:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except (OSError, AttributeError):
            return ""
        return f", pid {pid}" if pid.isdigit() else ""

    def release_lock(self) -> None:
        if self._lock_fd is None:
            return
        try:
            os.unlink(self.lock_path)  # while still holding it: see acquire_lock
        except OSError:
            pass
        os.close(self._lock_fd)  # closing releases the flock
        self._lock_fd = None

    def clean_leftovers(self) -> int:
        """Remove our temporary files that a killed run left in OUTBOX (only our name pattern,
        only regular files, only older than LEFTOVER_AGE: a file another reconcile process is
        writing right now is recent). Called with the lock held."""
        removed = 0
        now = time.time()
        try:
            entries = list(os.scandir(self.outbox))
        except OSError:
            return 0
        for entry in entries:
            if not _TEMP_NAME.fullmatch(entry.name):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= LEFTOVER_AGE:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
        if removed:
            self.log(f"{removed} berkas sementara sisa pemeriksaan yang terhenti dihapus dari {display_path(self.outbox)}.",
                     f"Removed {removed} temporary file(s) left by an interrupted run from {display_path(self.outbox)}.")
        return removed

    # ------------------------------------------------------------------ state
    def load_state(self) -> None:
        self._output_names = None
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("files"), dict):
                files = {k: v for k, v in data["files"].items()
                         if isinstance(v, dict) and isinstance(v.get("names"), list)}
                retries = data.get("retries")
                retries = {k: v for k, v in retries.items() if isinstance(v, dict)} if isinstance(retries, dict) else {}
                self.state = {"version": STATE_VERSION, "files": files, "retries": retries}
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
        retries = self.state.setdefault("retries", {})
        for key in [k for k, v in retries.items() if not v]:
            del retries[key]
        for key in list(retries)[: max(0, len(retries) - MAX_STATE_ENTRIES)]:
            del retries[key]
        self._output_names = None
        # ASCII: names that are not valid UTF-8 survive as \udcxx escapes, the file stays UTF-8
        write_atomic(self.state_path, json.dumps(self.state, ensure_ascii=True, indent=1).encode("ascii"),
                     private=True)

    def _attempts(self, sha: str) -> dict[str, int]:
        """{name: failed annotated copies} for this content (kept in the state)."""
        retries = self.state.setdefault("retries", {})
        found = retries.get(sha)
        if not isinstance(found, dict):
            found = retries[sha] = {}
        return found

    @staticmethod
    def _records(entry: dict) -> dict:
        outputs = entry.get("outputs")
        return outputs if isinstance(outputs, dict) else {}

    @staticmethod
    def _files_of(record) -> list[str]:
        files = record.get("files") if isinstance(record, dict) else None
        if isinstance(files, list) and len(files) == 3 and all(isinstance(f, str) for f in files):
            return files
        return []

    def _inbox_names(self) -> set[str]:
        try:
            return set(os.listdir(self.inbox))
        except OSError:
            return set()

    def _claimed_by_others(self, name: str, present: set[str]) -> set[str]:
        """Output names (casefolded) recorded for other inputs still in INBOX."""
        claimed: set[str] = set()
        for entry in self.state["files"].values():
            for other, record in self._records(entry).items():
                if other != name and other in present:
                    claimed.update(f.casefold() for f in self._files_of(record))
        return claimed

    def _recorded_names(self, name: str) -> tuple[str, str, str] | None:
        for entry in self.state["files"].values():
            files = self._files_of(self._records(entry).get(name))
            if files:
                return tuple(files)  # type: ignore[return-value]
        return None

    def names_for(self, name: str) -> tuple[str, str, str]:
        """The output names of input `name`: those it got before if no other input holds them;
        else the short names unless another workbook in INBOX shares the stem; else with the
        extension; else with a hash of the name."""
        present = self._inbox_names()
        claimed = self._claimed_by_others(name, present)
        if self.outbox.resolve() == self.inbox.resolve():  # never write over a planner's own file
            ours = self._all_output_names()
            claimed.update(n.casefold() for n in present if n.casefold() not in ours)

        def free(names) -> bool:
            return not any(n.casefold() in claimed for n in names)

        recorded = self._recorded_names(name)
        if recorded and free(recorded):
            return recorded
        siblings = {n.casefold() for n in present
                    if n != name and n.lower().endswith(WORKBOOK_SUFFIXES) and ignore_reason(n) is None}
        candidates = []
        if _stem(name).casefold() not in {_stem(s) for s in siblings}:
            candidates.append(output_names(name))
        if name.casefold() not in siblings:
            candidates.append(output_names(name, keep_suffix=True))
        candidates.append(output_names(name, keep_suffix=True, tagged=True))
        return next((c for c in candidates if free(c)), candidates[-1])

    def _all_output_names(self) -> set[str]:
        if self._output_names is None:
            self._output_names = {f.casefold() for entry in self.state["files"].values()
                                  for record in self._records(entry).values() for f in self._files_of(record)}
        return self._output_names

    def _already_done(self, name: str, sha: str) -> bool:
        """The same content was checked under this name with these rules, and the outputs
        written for it are still there and still its own."""
        entry = self.state["files"].get(sha)
        if not entry or name not in entry.get("names", []) or entry.get("ruleset") != self.ruleset:
            return False
        record = self._records(entry).get(name)
        files = self._files_of(record)
        if not files:
            return False
        annotated, json_name, txt_name = files
        needed = [json_name, txt_name] + ([annotated] if record.get("annotated") else [])
        claimed = self._claimed_by_others(name, self._inbox_names())
        if any(n.casefold() in claimed for n in needed):
            return False
        for n in needed:
            try:
                if not stat.S_ISREG(os.stat(self.outbox / n, follow_symlinks=False).st_mode):
                    return False
            except OSError:
                return False
        try:  # the report names this input (another input's report written over it does not)
            doc = json.loads((self.outbox / json_name).read_bytes().decode("utf-8"))
            entry = doc["files"][0]  # a report of an older version (no "files") is written again
            return Path(str(entry.get("path", ""))).name == display_path(name)
        except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
            return False

    def _remember(self, name: str, sha: str, item: BatchItem, names: tuple[str, str, str],
                  attempts: int = 0) -> None:
        files = self.state["files"]
        taken = {n.casefold() for n in names}
        for key in list(files):
            entry = files[key]
            records = self._records(entry)
            if key != sha and name in entry.get("names", []):  # this name now shows other content
                entry["names"].remove(name)
                records.pop(name, None)
            for other in list(records):  # outputs now written for `name` are no longer another's
                if other != name and any(f.casefold() in taken for f in self._files_of(records[other])):
                    del records[other]
            if not entry.get("names"):
                del files[key]
        entry = files.setdefault(sha, {"names": []})
        if name not in entry["names"]:
            entry["names"].append(name)
        entry.setdefault("outputs", {})
        if not isinstance(entry["outputs"], dict):
            entry["outputs"] = {}
        entry["outputs"][name] = {"files": list(names), "annotated": bool(item.annotated)}
        entry.update(checked=datetime.now().isoformat(timespec="seconds"), status=item.result.status,
                     counts=item.counts(), exit_code=item.exit_code, ruleset=self.ruleset)
        if attempts:
            entry["outputs"][name].update(attempts=attempts, annotate_error=item.annotate_error)
        self._output_names = None

    # ------------------------------------------------------------------ which files
    def _in_outbox(self, path: Path) -> bool:
        if self.outbox.resolve() == self.inbox.resolve():
            return False
        try:
            path.resolve().relative_to(self.outbox.resolve())
            return True
        except ValueError:
            return False

    def _reason(self, path: Path) -> str | None:
        """Why `path` is not a workbook to check: a reason word, "" (silently: a folder, a file
        gone), or None (a candidate). Looks with lstat/stat only; never opens the file."""
        try:
            if path.parent.resolve() != self.inbox.resolve():
                return ""
            reason = ignore_reason(path.name)
            if reason is not None:
                return reason
            lst = os.lstat(path)
            if stat.S_ISDIR(lst.st_mode):
                return ""
            if stat.S_ISLNK(lst.st_mode):
                target = Path(os.path.realpath(path))
                try:
                    target.relative_to(self.inbox.resolve())
                except ValueError:
                    return "outside_inbox"
            if self._in_outbox(path):
                return "in_outbox"
            st = os.stat(path)
        except (OSError, ValueError, RuntimeError):  # gone, unreadable folder, link loop
            return ""
        if stat.S_ISDIR(st.st_mode):
            return ""
        if not stat.S_ISREG(st.st_mode):
            return "not_regular"
        if self.outbox.resolve() == self.inbox.resolve() and path.name.casefold() in self._all_output_names():
            return "own_output"
        return None

    def _say_ignored(self, name: str, reason: str) -> None:
        if name in self._ignored_logged:
            return
        self._ignored_logged.add(name)
        id_text, en_text = IGNORE_TEXT.get(reason, (reason, reason))
        shown = display_path(name)
        self.log(f"Diabaikan: {shown} ({id_text}).", f"Ignored: {shown} ({en_text}).")

    def _accept(self, path: Path) -> bool:
        """Whether `path` is a workbook to check; logs (once per name) why not."""
        reason = self._reason(path)
        if reason is None:
            return True
        if reason:
            self._say_ignored(path.name, reason)
        return False

    def scan(self) -> None:
        try:
            entries = sorted(os.scandir(self.inbox), key=lambda e: e.name.lower())
        except OSError as exc:
            self.log(f"Folder {display_path(self.inbox)} tidak dapat dibaca: {exc}",
                     f"Cannot read folder {display_path(self.inbox)}: {exc}")
            return
        for entry in entries:
            try:
                if not entry.is_dir(follow_symlinks=False):
                    self.notice(Path(entry.path))
            except Exception as exc:  # one odd entry never stops the scan
                self._skip(Path(entry.path), exc)

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
        """(size, mtime, device, inode) of a regular file; None for anything else or nothing."""
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        return (st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)

    @staticmethod
    def _open(path: Path, sig: tuple):
        """The file, opened without blocking, if it is still the regular file `sig` describes."""
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != tuple(sig[2:4]):
                os.close(fd)
                return None
            return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise

    def _complete(self, path: Path, sig: tuple) -> bool:
        """False while the file is visibly unfinished: empty, locked by the copier, or a zip
        without its end record (the last thing a copy writes)."""
        if sig[0] == 0:
            return False
        try:
            fh = self._open(path, sig)
            if fh is None:
                return False
            with fh:
                head = fh.read(4)
                if head == b"PK\x03\x04":
                    return zipfile.is_zipfile(fh)  # reads the end of the file only
        except OSError:  # e.g. Windows: still open for writing by the copier
            return False
        return True

    def _sha256(self, path: Path, sig: tuple) -> str | None:
        """The sha256 of the `sig[0]` bytes of the file; None if it is no longer that file or
        it grew, or the watcher is stopping."""
        fh = self._open(path, sig)
        if fh is None:
            return None
        h = hashlib.sha256()
        left = sig[0]
        with fh:
            while left > 0:
                if self._stop.is_set():
                    return None
                chunk = fh.read(min(_CHUNK, left))
                if not chunk:
                    return None  # shrank: it is changing
                h.update(chunk)
                left -= len(chunk)
            if fh.read(1):
                return None  # grew: it is changing
        return h.hexdigest()

    # ------------------------------------------------------------------ the loop
    def _skip(self, path: Path, exc: BaseException) -> None:
        """One file failed in the watcher's own code: say so, leave it until it changes."""
        self._pending.pop(path, None)
        sig = self._look(path)
        if sig is not None:
            self._known[path] = sig
        shown = display_path(path.name)
        self.log(f"{shown} dilewati karena kesalahan: {type(exc).__name__}: {exc}. Diperiksa lagi bila berkasnya berubah.",
                 f"{shown} skipped after an error: {type(exc).__name__}: {exc}. Checked again when it changes.")
        self.worst = max(self.worst, 2)

    def step(self) -> None:
        """One look at every pending file; check those that are whole and stable."""
        with self._events_lock:
            events, self._events = self._events, set()
        for path in sorted(events):
            try:
                self.notice(path)
            except Exception as exc:
                self._skip(path, exc)
        for path in sorted(self._pending):
            if self._stop.is_set():
                return
            try:
                self._step_one(path)
            except Exception as exc:
                self._skip(path, exc)

    def _step_one(self, path: Path) -> None:
        now = time.monotonic()
        p = self._pending[path]
        sig = self._look(path)
        if sig is None:  # gone (moved away or deleted), or no longer a regular file
            del self._pending[path]
            return
        if sig != p["sig"]:
            p.update(sig=sig, since=now, sha=None)
            return
        if now - p["since"] < self.settle:
            return
        if p["sha"] is None:
            try:
                p["sha"] = self._sha256(path, sig)
            except OSError:
                return  # not readable yet
            if p["sha"] is None:  # changed while being read, or stopping
                p.update(since=now)
                return
        shown = display_path(path.name)
        if self._already_done(path.name, p["sha"]):
            self.log(f"{shown} tidak berubah sejak pemeriksaan terakhir; dilewati.",
                     f"{shown} unchanged since it was last checked; skipped.")
            self._known[path] = sig
            del self._pending[path]
            return
        if not self._complete(path, sig) and now - p["first"] < self.incomplete_grace:
            if not p["waiting_logged"]:
                p["waiting_logged"] = True
                self.log(f"Menunggu {shown} selesai disalin…", f"Waiting for {shown} to be copied completely…")
            return
        del self._pending[path]
        if is_own_output(path):  # an annotated copy of ours, by its mark and name
            self._say_ignored(path.name, "own_output")
            self._known[path] = sig
            return
        self.process(path, sig, p["sha"])

    def _since(self, item: BatchItem, old_json: Path) -> str:
        """A resubmission (the same name again, its earlier .hasil.json still here): which of the
        earlier findings were fixed, which are new, which remain, for the .hasil.txt."""
        if item.result.status != "ok" or not old_json.is_file():
            return ""
        from reconcile.compare.since import since_report

        try:
            return since_report([item.result], old_json, self.lang)[0]
        except (ValueError, OSError):  # an unreadable earlier report: this run stands alone
            return ""

    def process(self, path: Path, sig: tuple, sha: str) -> BatchItem | None:
        name = path.name
        shown = display_path(name)
        reason = self._reason(path)
        if reason is not None or self._look(path) != sig:  # swapped since it was looked at
            if reason:
                self._say_ignored(name, reason)
            return None
        names = self.names_for(name)
        annotated_name, json_name, txt_name = names
        self.log(f"Memeriksa {shown}…", f"Checking {shown}…")
        self._busy = True
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            item = check_one(path, self.config, self.lang, self.only, annotate=True,
                             annotate_to=self.outbox / annotated_name, ruleset=self.ruleset)
            if item.annotated is None:  # no fresh copy: an older one would mislead
                try:
                    (self.outbox / annotated_name).unlink(missing_ok=True)
                except OSError:  # open in Excel (Windows): the .hasil.txt says what happened
                    pass
            entry = item.result.to_json()
            entry["path"] = display_path(path)
            since = self._since(item, self.outbox / json_name)
            doc = {"version": 1, "files": [entry]}  # the contract of `check --format json` (README)
            write_atomic(self.outbox / json_name, _utf8(json.dumps(doc, ensure_ascii=False, indent=2) + "\n"),
                         like=path)
            failed = item.annotate_error_kind == "failed"  # e.g. the old copy is open in Excel
            attempts = self._attempts(sha).get(name, 0) + 1 if failed else 0
            give_up = failed and attempts >= MAX_ATTEMPTS
            line = summary_line(item, name, self.lang, names)
            if give_up:
                line += (f" Sudah dicoba {attempts} kali; dicoba lagi bila berkasnya berubah." if self.lang != "en"
                         else f" Tried {attempts} times; tried again when the file changes.")
            # utf-8 with BOM: older Windows Notepad shows the dash and accents right
            write_atomic(self.outbox / txt_name, b"\xef\xbb\xbf" + _utf8(line + "\n" + since), like=path)
            retry = failed and not give_up
            if retry:
                self._attempts(sha)[name] = attempts
            else:
                self._attempts(sha).pop(name, None)
                self._remember(name, sha, item, names, attempts)
            self.save_state()  # the attempts too: a cron --once run counts them across runs
        except Exception as exc:  # e.g. OUTBOX not writable: say so, keep watching, try again later
            self.log(f"Gagal menulis hasil untuk {shown}: {type(exc).__name__}: {exc}. Dicoba lagi nanti.",
                     f"Could not write the results for {shown}: {type(exc).__name__}: {exc}. Will retry later.")
            self.worst = max(self.worst, 2)
            return None
        finally:
            self._busy = False
        self.log(line, line)
        if retry:
            self.log(f"{shown} akan diperiksa lagi dalam {self.rescan:g} detik.",
                     f"{shown} will be checked again in {self.rescan:g} s.")
        else:
            self._known[path] = sig
            if give_up:
                self.log(f"{shown}: salinan bertanda gagal dibuat {attempts} kali untuk isi yang sama; tidak dicoba "
                         "lagi sampai berkasnya berubah.",
                         f"{shown}: the annotated copy failed {attempts} times for the same content; not tried "
                         "again until the file changes.")
        self.worst = max(self.worst, item.exit_code)
        self.processed.append(item)
        after = self._look(path)
        if after is not None and after != sig:  # changed while being checked: look again
            self.notice(path)
        return item

    def run_once(self, max_wait: float | None = None) -> int:
        """Check what is in INBOX now and return the worst exit code over the files checked.
        Files still being copied are waited for (at most `max_wait`, default settle +
        incomplete_grace + 30 s); what is still unfinished then is left for the next run.
        Returns 2 at once when another watcher holds OUTBOX."""
        if not self.acquire_lock():
            return 2
        try:
            self.clean_leftovers()
            self.load_state()
            self.scan()
            deadline = time.monotonic() + (max_wait if max_wait is not None
                                           else self.settle + self.incomplete_grace + 30)
            while self._pending and time.monotonic() < deadline and not self._stop.is_set():
                self.step()
                if self._pending:
                    time.sleep(self.tick)
            for path in sorted(self._pending):
                shown = display_path(path.name)
                self.log(f"{shown} masih berubah; diperiksa pada putaran berikutnya.",
                         f"{shown} is still changing; it will be checked next time.")
            return self.worst
        finally:
            self.release_lock()

    def run(self, stop: threading.Event | None = None) -> int:
        """Watch until `stop` is set, Ctrl-C or SIGTERM. Returns 0 after a clean stop, 2 when
        another watcher already holds OUTBOX."""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        stop = stop or threading.Event()
        self._stop = stop
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

        self.outbox.mkdir(parents=True, exist_ok=True)
        if not self.acquire_lock():
            return 2
        previous = {}
        observer = None
        try:
            if threading.current_thread() is threading.main_thread():
                def on_signal(signum, frame):
                    stop.set()
                    self._wake.set()
                    if self._busy:  # mid-check: stop now; the file is checked again next start
                        raise _Stopped()

                for name in ("SIGTERM", "SIGBREAK"):
                    if hasattr(signal, name):
                        previous[name] = signal.signal(getattr(signal, name), on_signal)
            self.clean_leftovers()
            self.load_state()
            observer = PollingObserver(timeout=self.poll) if self.poll else Observer()
            observer.schedule(Handler(), str(self.inbox), recursive=False)
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
            inbox, outbox = display_path(self.inbox), display_path(self.outbox)
            self.log(f"Memantau {inbox} ({how}); hasil di {outbox}. Tekan Ctrl-C untuk berhenti.",
                     f"Watching {inbox} ({how}); results in {outbox}. Press Ctrl-C to stop.")
            self.scan()
            last_scan = time.monotonic()
            while not stop.is_set():
                try:
                    self.step()
                    if time.monotonic() - last_scan >= self.rescan:
                        self.scan()
                        last_scan = time.monotonic()
                except Exception as exc:  # never stop watching because of one look that failed
                    self.log(f"Kesalahan saat memantau: {type(exc).__name__}: {exc}; pemantauan berlanjut.",
                             f"Error while watching: {type(exc).__name__}: {exc}; still watching.")
                self._wake.wait(self.tick)
                self._wake.clear()
        except (KeyboardInterrupt, _Stopped):
            pass
        finally:
            try:
                if observer is not None:
                    observer.stop()
                    observer.join(timeout=5)
            finally:
                for name, handler in previous.items():
                    signal.signal(getattr(signal, name), handler)
                self.release_lock()
                self.log("Pemantauan dihentikan.", "Watching stopped.")
        return 0
