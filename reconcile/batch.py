"""Many workbooks at once: finding them, checking them in parallel, annotating each copy.

`check_one` is the unit of work (shared with the drop folder, `reconcile.watch`): it checks one
file, never raises, optionally writes the annotated copy and notes the agency and year the
workbook states, and returns a `BatchItem` whose `FileResult` no longer holds the workbook (it
is large and travels badly between processes).

`run_batch` runs `check_one` over a list of paths, in this process (`jobs=1`) or in a pool of
worker processes, and returns the items in the order of the paths whatever the completion
order. A worker process that dies on a file (a crash of a native reader, out of memory) breaks
the pool; the files that were in flight are then re-run one by one in a fresh process each, so
that only the file that really kills its process is reported as failed and the others are
still checked.
"""
from __future__ import annotations

import os
import re
import sys
import time
import zipfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from reconcile.run import FileResult

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


# --------------------------------------------------------------------------- files

def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once, at import: os.umask can only be read by setting it


def make_shareable(path: str | Path, like: str | Path | Iterable[str | Path] | None = None) -> None:
    """Give a file made by tempfile.mkstemp (mode 0600) the mode a normal new file gets, so
    that colleagues reading the shared folder can open our outputs -- but never more open
    than `like` (the input, or inputs, it was made from): a private workbook gives private
    outputs."""
    mode = 0o666 & ~_UMASK
    sources = [like] if isinstance(like, (str, os.PathLike)) else list(like or [])
    for source in sources:
        try:
            mode &= os.stat(source).st_mode & 0o777
        except (OSError, ValueError):
            mode &= 0o600  # the input's mode is unknown: keep the output private
    try:
        os.chmod(path, mode)
    except OSError:
        pass


def ignore_reason(name: str) -> str | None:
    """Why a file with this name is not a workbook to check (None = it may be one).

    Reasons are stable words: `lock` (Excel's owner file: exactly the `~$` prefix), `temp`
    (LibreOffice .~lock…#, *.tmp, dotfiles, unfinished downloads), `not_workbook` (any other
    suffix). Our own outputs are recognised by their mark, not their name (`own_output_kind`).
    """
    low = name.lower()
    if name.startswith("~$"):
        return "lock"
    if name.startswith(".~lock") or low.endswith(".tmp") or name.startswith(".") or name.endswith("#") \
            or low.endswith((".part", ".crdownload", ".partial")):
        return "temp"
    if not low.endswith(WORKBOOK_SUFFIXES):
        return "not_workbook"
    return None


_LEGACY_STATE = re.compile(rb'<sheet\b[^>]*\bname="_reconcile"[^>]*\bstate="veryHidden"'
                           rb'|<sheet\b[^>]*\bstate="veryHidden"[^>]*\bname="_reconcile"')


def own_output_kind(path: Path) -> str | None:
    """`summary` or `annotated` when `path` is a workbook reconcile wrote (by the mark it
    carries: `reconcile.marks`), else None. Never opens anything but a regular file, and
    reads only small parts."""
    from reconcile.marks import STATE_MARK, SUMMARY_MARK

    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not is_regular_file(path):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            def part(name: str) -> bytes:
                try:
                    info = zf.getinfo(name)
                except KeyError:
                    return b""
                return zf.read(info) if info.file_size <= 262_144 else b""

            if SUMMARY_MARK.encode() in part("docProps/core.xml"):
                return "summary"
            if STATE_MARK.encode() in part("docProps/custom.xml") or _LEGACY_STATE.search(part("xl/workbook.xml")):
                return "annotated"
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return None
    return None


def is_own_summary(path: Path) -> bool:
    """A summary workbook written by `check --summary` (marked in its document keywords)."""
    return own_output_kind(path) == "summary"


def is_own_output(path: Path) -> bool:
    """What a folder walk skips: our summaries, and our annotated copies that still carry our
    output name (`*.diperiksa.*`). A copy a planner renamed after fixing it is checked again."""
    kind = own_output_kind(path)
    return kind == "summary" or (kind == "annotated" and ".diperiksa." in Path(path).name.lower())


def is_regular_file(path: Path) -> bool:
    """True for a regular file (or a link to one); False for a FIFO, device, socket, folder."""
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def file_identity(path: Path) -> tuple:
    """What makes two names one file: device and inode where it exists (hard links, symlinks
    and case-insensitive file systems included), else the resolved path."""
    try:
        st = os.stat(path)
        return ("inode", st.st_dev, st.st_ino)
    except (OSError, ValueError):
        return ("path", os.path.normcase(os.path.realpath(path)))


def output_problem(outputs: Iterable[Path], inputs: Iterable[Path]) -> tuple[str, Path, Path | None] | None:
    """The first reason not to write `outputs`, as (code, output, input or other output), or None.

    Codes: `empty` (an empty name), `no_folder` (its folder does not exist: we never create a
    folder tree the user did not ask for), `is_folder`, `is_input` (it is one of the inputs,
    by inode or path), `twice` (two outputs are one file), `not_ours` (an existing file that
    reconcile did not write: never replaced).
    """
    seen_inputs = {file_identity(p): Path(p) for p in inputs}
    seen_outputs: dict[tuple, Path] = {}
    for out in outputs:
        out = Path(out)
        if not str(out).strip():
            return ("empty", out, None)
        if not out.parent.is_dir():
            return ("no_folder", out, None)
        if out.is_dir():
            return ("is_folder", out, None)
        key = file_identity(out)
        if key in seen_inputs:
            return ("is_input", out, seen_inputs[key])
        path_key = ("path", os.path.normcase(os.path.realpath(out)))
        if key in seen_outputs or path_key in seen_outputs:
            return ("twice", out, seen_outputs.get(key) or seen_outputs.get(path_key))
        seen_outputs[key] = seen_outputs[path_key] = out
        if os.path.lexists(out) and own_output_kind(out) is None:
            return ("not_ours", out, None)
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _natural_key(path: Path) -> list:
    """Sort like a file manager: 'renja 2' before 'renja 10', case ignored."""
    return [[(0, int(tok), "") if tok.isdigit() else (1, 0, tok) for tok in re.split(r"(\d+)", part.lower()) if tok]
            for part in path.parts]


def expand_inputs(args: Iterable[str | Path], exclude_dirs: Iterable[Path] = (),
                  exclude_files: Iterable[Path] = (), skipped: list[Path] | None = None) -> list[Path]:
    """The files to check, in the order given: a file argument as it is (whatever its name,
    so that `check notes.pdf` still says why it cannot be read); a folder recursively, sorted
    naturally (renja2 before renja10),
    keeping only workbooks (*.xlsx, *.xlsm, *.xls, *.xlsb) and skipping lock/temporary files,
    our own outputs (annotated copies, reports, summaries) and anything under `exclude_dirs`
    (e.g. the --annotate-dir). A file named
    twice is checked once, at its first place. Our own outputs found in a folder are appended
    to `skipped`, so the caller can say so."""
    exclude_dirs = [Path(d) for d in exclude_dirs]
    excluded = {Path(f).resolve() for f in exclude_files}
    seen: set[Path] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = p.resolve()
        if key in seen or key in excluded:
            return
        seen.add(key)
        out.append(p)

    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                rootp = Path(root)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not any(_inside(rootp / d, x) for x in exclude_dirs))
                for name in files:
                    if ignore_reason(name) is not None:
                        continue
                    if is_own_output(rootp / name):
                        if skipped is not None:
                            skipped.append(rootp / name)
                        continue
                    found.append(rootp / name)
            for f in sorted(found, key=_natural_key):
                add(f)
        else:
            add(p)
    return out


def safe_file_name(name: str) -> str:
    """A file name that stays inside any folder on Windows, macOS and Linux."""
    name = _UNSAFE_NAME_CHARS.sub("_", Path(name.replace("\\", "/")).name).strip().rstrip(". ")
    if not name or name in (".", ".."):
        name = "berkas"
    stem = name.split(".", 1)[0]
    if stem.upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name[:180]


def annotate_targets(paths: list[Path], out_dir: Path) -> list[Path]:
    """Where each annotated copy goes in `out_dir`: `<name>.diperiksa.xlsx` (xlsm stays xlsm).
    Inputs sharing a name (case-insensitively) are told apart by their folders, as a person
    would: `DinasA/RENJA_2024.xlsx` and `DinasB/RENJA_2024.xlsx` give
    `DinasA_RENJA_2024.diperiksa.xlsx` and `DinasB_RENJA_2024.diperiksa.xlsx` (more folders
    when the nearest ones are alike too; `-2`, `-3` when nothing else differs). Never outside
    `out_dir`, whatever the input is named."""
    from reconcile.report.annotate import default_output

    out_dir = Path(out_dir)
    names = [safe_file_name(Path(p).name) for p in paths]
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(default_output(Path(name)).name.lower(), []).append(i)
    wanted = list(names)
    for members in groups.values():
        if len(members) > 1:
            for i, prefix in zip(members, _folder_prefixes([Path(paths[i]) for i in members])):
                if prefix:
                    wanted[i] = safe_file_name(f"{prefix}_{names[i]}")
    used: set[str] = set()
    targets = []
    for name in wanted:
        base = default_output(Path(name))
        stem, suffix = base.name[: -len(".diperiksa" + base.suffix)], base.suffix
        name, n = base.name, 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}.diperiksa{suffix}"
        used.add(name.lower())
        target = out_dir / name
        if target.resolve().parent != out_dir.resolve():  # pragma: no cover - safe_file_name forbids it
            raise ValueError(f"unsafe output name: {name!r}")
        targets.append(target)
    return targets


def _folder_prefixes(paths: list[Path]) -> list[str]:
    """For files of one name: the fewest nearest folders ("DinasA", then "2024_DinasA", …)
    that tell their folders apart; "" when they all lie in one folder (names differing only in
    case: they get -2, -3)."""
    chains = [[safe_file_name(part) for part in reversed(Path(os.path.abspath(p)).parent.parts[1:])]
              for p in paths]
    folders = {"/".join(c).lower() for c in chains}
    if len(folders) == 1:
        return [""] * len(chains)
    deepest = max(len(c) for c in chains)
    for depth in range(1, deepest + 1):
        prefixes = ["_".join(reversed(c[:depth])) for c in chains]
        if len({x.lower() for x in prefixes}) == len(folders):
            return prefixes
    return ["_".join(reversed(c)) for c in chains]  # pragma: no cover - the full chains differ


# --------------------------------------------------------------------------- one file

@dataclass
class BatchItem:
    """One checked file: the check's result (without the workbook) and what came with it."""

    result: FileResult
    agency: str | None = None
    year: int | None = None
    annotated: str | None = None  # the annotated copy written
    annotate_error: str | None = None
    annotate_error_kind: str | None = None  # "format" (.xls/.xlsb: never possible) | "failed" (may pass later)
    lost_features: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    def counts(self) -> dict[str, int]:
        """Open findings per severity, and those marked as intended ("acknowledged") apart."""
        c = {"error": 0, "warning": 0, "info": 0, "acknowledged": 0}
        for f in self.result.findings:
            key = "acknowledged" if f.acknowledged is not None else f.severity
            c[key] = c.get(key, 0) + 1
        return c


def internal_error(path: Path, exc: BaseException, lang: str) -> FileResult:
    detail = f"{type(exc).__name__}: {exc}"
    msg = (f"Terjadi kesalahan internal saat memeriksa berkas ini ({detail}). Berkas lain tetap diperiksa; "
           "laporkan kejadian ini beserta berkasnya kepada pengelola reconcile."
           if lang != "en" else
           f"Internal error while checking this file ({detail}). Other files are still checked; "
           "please report this, with the file, to the reconcile maintainers.")
    return FileResult(str(path), "error", msg, "internal")


def crashed(path: Path, lang: str) -> FileResult:
    msg = ("Proses pemeriksa berhenti mendadak saat membaca berkas ini (berkas merusak pustaka pembaca atau "
           "memori habis). Berkas lain tetap diperiksa. Simpan ulang berkas dari Excel lalu periksa lagi."
           if lang != "en" else
           "The checking process died while reading this file (the file broke the reader library or memory "
           "ran out). Other files are still checked. Save the file again from Excel and check again.")
    return FileResult(str(path), "error", msg, "worker_crashed")


NOT_ANNOTATABLE = ("xls", "xlsb", "ods")


class _NotAnnotatable(Exception):
    pass


def _annotate_error_message(exc: Exception, lang: str) -> str:
    """One sentence saying why the annotated copy is missing (the check's findings stand)."""
    from reconcile.report.annotate import CopyMismatch

    en = lang == "en"
    if isinstance(exc, _NotAnnotatable):
        return (f"No annotated copy can be made from a .{exc} file: open it in Excel, save it as .xlsx and check again."
                if en else f"Salinan bertanda tidak dapat dibuat dari berkas .{exc}: buka di Excel, simpan sebagai "
                           ".xlsx, lalu periksa lagi.")
    if isinstance(exc, CopyMismatch):
        return exc.message(lang)
    if isinstance(exc, FileNotFoundError) and "output folder" in str(exc):
        return ("The annotated copy was not written: its folder does not exist." if en
                else "Salinan bertanda tidak ditulis: foldernya tidak ada.")
    if isinstance(exc, PermissionError):
        return ("The annotated copy could not be written: no permission to write there, or the old copy is open "
                "in Excel. Close it and check again." if en else
                "Salinan bertanda gagal ditulis: tidak ada izin menulis di sana, atau salinan lama sedang terbuka "
                "di Excel. Tutup lalu periksa lagi.")
    detail = f"{type(exc).__name__}: {exc}"
    return (f"The annotated copy could not be written ({detail})." if en
            else f"Salinan bertanda gagal ditulis ({detail}).")


def _patched(path: Path, target: Path | None) -> bool:
    """The copy is a patch of the package: nothing to load beside the check (#17)."""
    from reconcile.report.annotate import can_patch, default_output

    return can_patch(path, Path(target) if target else default_output(path))


def check_one(path: Path, config, lang: str = "id", only: set[str] | None = None, *,
              annotate: bool = False, annotate_to: Path | None = None, identify: bool = False,
              ruleset: str = "", convert: bool = False, overlap: bool = False) -> BatchItem:
    """Check one file; never raises for a bad file. With `annotate`, write the annotated copy
    to `annotate_to` (None = beside the file); with `convert`, .xls/.xlsb/.ods get a values-only
    .xlsx copy instead of none. With `identify`, note agency and year. Findings a person marked
    as intended (a `reconcile: disengaja` note on their cell, or `acknowledged.yaml`) come back
    acknowledged (`reconcile.acknowledge`), before the copy is written. With `overlap`, the
    check runs in a forked child while this process loads the workbook for the copy
    (`reconcile.background`); the result is the same."""
    from reconcile import acknowledge
    from reconcile.background import BackgroundCheck, outcome_of
    from reconcile.run import check_file

    path = Path(path)
    t0 = time.perf_counter()
    background = None
    # entries of acknowledged.yaml naming an agency need the agency the workbook states
    identify = identify or acknowledge.needs_agency(config)
    if annotate and overlap and path.suffix.lower() in (".xlsx", ".xlsm") and not _patched(path, annotate_to):
        background = BackgroundCheck.start(path, config, lang, only, identify)
    opened = open_error = None
    if background is not None:
        if background.wait_safe():
            from reconcile.report.annotate import open_for_annotation

            try:
                opened = open_for_annotation(path, annotate_to)
            except Exception as exc:  # reported below, as a copy that could not be written
                open_error = exc
        outcome = background.result()
        workbook = None
    else:
        try:
            res = check_file(path, config, lang, only)
        except Exception as exc:  # a rule or reader bug on one file must not stop the others
            res = internal_error(path, exc, lang)
        workbook = res.workbook
        outcome = outcome_of(res, identify, annotate)
    res = outcome.result
    item = BatchItem(res, agency=outcome.agency, year=outcome.year)
    if res.status == "ok" and res.findings:
        try:  # after the rules, before any output: a finding marked as intended is reported as such
            acknowledge.acknowledge_file(res.findings, path, config, outcome.agency, lang)
        except Exception:  # a nicety: the findings stand as they are
            pass
    # Only a checked workbook is marked: one without a plan table (status no_table) has nothing
    # to mark, and an unreadable one (error) cannot be copied.
    if res.status == "ok" and annotate:
        from reconcile.report.annotate import annotate as write_annotated

        fmt = outcome.format
        try:
            if open_error is not None:
                raise open_error
            if fmt in NOT_ANNOTATABLE and not (convert and workbook is not None):
                raise _NotAnnotatable(fmt)
            out = write_annotated(path, res.findings, annotate_to, lang, ruleset=ruleset, source_format=fmt,
                                  workbook=workbook if fmt in NOT_ANNOTATABLE else None,
                                  opened=opened, cached=outcome.formula_values)
            item.annotated = str(out.output)
            item.lost_features = list(out.lost_features)
        except Exception as exc:  # a copy that cannot be written must not lose the check's result
            item.annotate_error = _annotate_error_message(exc, lang)
            item.annotate_error_kind = "format" if isinstance(exc, _NotAnnotatable) else "failed"
            res.exit_override = 2
    item.seconds = time.perf_counter() - t0
    return item


# --------------------------------------------------------------------------- many files

_WORKER: dict = {}


def _init_worker(config, lang, only, annotate, identify, ruleset) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the parent stops the batch; a worker finishing
    # its file quietly is better than a traceback from every worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(config=config, lang=lang, only=only, annotate=annotate, identify=identify, ruleset=ruleset)
    from reconcile.checks import parallel

    parallel.disable()  # the batch already keeps every core busy
    try:  # pay the imports of every rule family once per worker, before its first file
        import reconcile.read  # noqa: F401
        from reconcile.checks.registry import all_rules

        all_rules()
    except Exception:  # the first file will report it
        pass


def _work(path: Path, target: Path | None) -> BatchItem:
    w = _WORKER
    return check_one(path, w["config"], w["lang"], w["only"], annotate=w["annotate"], annotate_to=target,
                     identify=w["identify"], ruleset=w["ruleset"])


def default_jobs(n_files: int) -> int:
    """Worker processes when --jobs is not given: one per CPU for a real batch, none (in-process)
    for a handful of files, where starting processes costs more than it saves."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS/Windows
        cpus = os.cpu_count() or 1
    return 1 if n_files < 4 else max(1, min(cpus, n_files))


def run_batch(paths: list[Path], config, lang: str = "id", only: set[str] | None = None, *, jobs: int = 1,
              annotate: bool = False, targets: list[Path | None] | None = None, identify: bool = False,
              ruleset: str = "", progress: Callable[[int, int, str], None] | None = None) -> list[BatchItem]:
    """Check `paths`; results in the order of `paths`. `targets[i]` is where file i's annotated
    copy goes (None = beside it) when `annotate`. `progress(done, total, path)` after each file."""
    paths = [Path(p) for p in paths]
    targets = list(targets) if targets is not None else [None] * len(paths)
    total = len(paths)
    results: list[BatchItem | None] = [None] * total
    done = 0

    def finish(i: int, item: BatchItem) -> None:
        nonlocal done
        results[i] = item
        done += 1
        if progress:
            progress(done, total, str(paths[i]))

    if jobs <= 1 or total <= 1:
        for i, p in enumerate(paths):
            finish(i, check_one(p, config, lang, only, annotate=annotate, annotate_to=targets[i],
                                identify=identify, ruleset=ruleset, overlap=True))
        return results  # type: ignore[return-value]

    init = (config, lang, only, annotate, identify, ruleset)
    queue = deque(range(total))
    while queue:
        suspects = _run_pool(queue, paths, targets, min(jobs, len(queue)), init, finish, lang)
        for i in suspects:  # in flight when a worker died: re-run alone to find the culprit
            finish(i, _run_isolated(paths[i], targets[i], init, lang))
    return results  # type: ignore[return-value]


def _run_pool(queue: deque, paths, targets, jobs: int, init, finish, lang) -> list[int]:
    """Run the queued files in one pool until the queue is empty or the pool breaks; returns
    the files that were in flight when it broke (the queue keeps the ones not started)."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    inflight: dict = {}
    suspects: list[int] = []
    ex = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=init)
    try:
        broken = False
        while (queue or inflight) and not broken:
            while queue and len(inflight) < 2 * jobs and not broken:
                i = queue.popleft()
                try:
                    inflight[ex.submit(_work, paths[i], targets[i])] = i
                except BrokenProcessPool:
                    queue.appendleft(i)
                    broken = True
            if not inflight:
                break
            finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for fut in finished:
                i = inflight.pop(fut)
                try:
                    item = fut.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.append(i)
                    continue
                except Exception as exc:  # e.g. a result that could not be sent back
                    item = BatchItem(internal_error(paths[i], exc, lang))
                finish(i, item)
        suspects.extend(inflight.values())
    except BaseException:
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown(wait=True, cancel_futures=True)
    return sorted(suspects)


def _run_isolated(path: Path, target: Path | None, init, lang) -> BatchItem:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=init) as ex:
        try:
            return ex.submit(_work, path, target).result()
        except BrokenProcessPool:
            return BatchItem(crashed(path, lang))
        except Exception as exc:
            return BatchItem(internal_error(path, exc, lang))


# --------------------------------------------------------------------------- progress bar

class ProgressBar:
    """A one-line bar on a terminal: `  12/50 [######……]  24%  renja.xlsx`. Silent elsewhere."""

    def __init__(self, total: int, stream=None, enabled: bool | None = None, lang: str = "id"):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = (self.stream.isatty() if enabled is None else enabled) and total > 0
        self.started = time.monotonic()
        self.lang = lang
        self._drawn = False

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled:
            return
        import shutil

        width = shutil.get_terminal_size((80, 20)).columns
        frac = done / total if total else 1.0
        bar_w = 24
        filled = int(round(bar_w * frac))
        rate = done / max(time.monotonic() - self.started, 1e-6)
        rate_txt = f"{rate:.1f} berkas/dtk" if self.lang != "en" else f"{rate:.1f} files/s"
        line = f"{done:>{len(str(total))}}/{total} [{'#' * filled}{'.' * (bar_w - filled)}] {frac:4.0%}  {rate_txt}  "
        from reconcile.terminal import display_path

        name = display_path(Path(path).name)  # a file name never reaches the terminal as control codes
        room = max(width - len(line) - 1, 0)
        line += name if len(name) <= room else ("…" + name[-(room - 1):] if room > 1 else "")
        self.stream.write("\r" + line.ljust(width - 1)[: width - 1])
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            import shutil

            width = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()
