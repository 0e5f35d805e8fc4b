"""Stage 1: read a workbook into canonical tables, claims and problems, keeping provenance."""
from __future__ import annotations

import errno
from array import array
import gc
import os
import re
import stat
from pathlib import Path
from typing import Callable

from reconcile.config import Config
from reconcile.read.model import ReadProblem, TextCell, Workbook, cell_name

EXCEL_ERRORS = {"#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"}
CLAIM_MIN_LENGTH = 40
LONG_TEXT = CLAIM_MIN_LENGTH  # `Workbook.long_texts`: text cells at least this long
_CLAIM_HINT = re.compile(r"\d.{0,80}?(?:program|kegiatan)|(?:pagu|anggaran|dana).{0,200}?\d", re.I | re.S)
STRONG_LEVEL_REASONS = ("code", "wording", "numbering", "sum")


class ReadError(Exception):
    """A file that cannot be read as a workbook. `code` is a stable machine word."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


_gc_frozen = False


def read_workbook(path: str | Path, config: Config | None = None,
                  on_safe: Callable[[str], None] | None = None) -> Workbook:
    """Read `path`. `on_safe(format)` is called as soon as every safety guard has passed
    (zip sizes, entity declarations, dimensions: all inside the xlsx/xlsm parts), before the
    values are read: from then on another reader may open the file too."""
    freeze_libraries()
    return _read_workbook(path, config, on_safe)


def freeze_libraries() -> None:
    """Keep the cyclic garbage collector off the libraries' objects, once per process.

    Reading allocates many small objects (cells, rows, parsed values); every so many
    allocations the collector runs, and its full passes re-walk every object alive -- mostly
    pandas' and the other imported modules', which live as long as the process. On a typical
    workbook that was a quarter of the reading time. `gc.freeze()` moves what is alive now
    (modules, settings) out of its reach; everything created later is collected as before.
    """
    global _gc_frozen
    if _gc_frozen:
        return
    _gc_frozen = True
    import pandas  # noqa: F401 - needed to build the tables anyway: frozen with the rest

    gc.freeze()


def _read_workbook(path: str | Path, config: Config | None, on_safe: Callable[[str], None] | None) -> Workbook:
    from reconcile.read import safety
    from reconcile.read.claims import find_claims
    from reconcile.read.facts import add_facts
    from reconcile.read.grid import load_book
    from reconcile.read.headers import HeaderMatcher
    from reconcile.read.hierarchy import RANK, name_key
    from reconcile.read.layout import read_layout
    from reconcile.read.tables import TableFinder, build_table

    config = config or Config()
    path = Path(path)
    _check_kind(path)
    if path.name.startswith("~$"):
        raise ReadError("lock_file", str(path))  # Excel's owner file of an open workbook
    fmt = safety.sniff_format(path)
    if fmt == "not_regular":  # swapped for a FIFO or device since `_check_kind`
        raise ReadError("not_regular", str(path))
    if fmt not in ("xlsx", "xlsm", "xls", "xlsb", "ods"):
        raise ReadError(f"format_{fmt}", str(path))
    limits = _limits(config)
    if fmt in ("xlsx", "xlsm", "ods"):
        try:
            safety.check_zip(path, limits)
        except safety.UnsafeWorkbook as exc:
            raise _unsafe(exc) from None
    try:
        layouts = read_layout(path, limits) if fmt in ("xlsx", "xlsm") else {}
    except safety.UnsafeWorkbook as exc:
        raise _unsafe(exc) from None
    if on_safe is not None and fmt in ("xlsx", "xlsm"):
        on_safe(fmt)
    try:
        grids, ours = load_book(path)
    except safety.UnsafeWorkbook as exc:  # swapped for a FIFO or device since the sniff
        raise _unsafe(exc) from None
    except Exception as exc:  # calamine raises several error types for broken files
        raise ReadError("unreadable", f"{type(exc).__name__}: {exc}") from None
    for name in ours:  # reconcile's own sheets of an annotated copy: nothing of theirs is read
        layouts.pop(name, None)

    wb = Workbook(path=path, format=fmt, layouts=layouts)
    matcher = HeaderMatcher(config.columns)
    finder = TableFinder(matcher, config.table_kinds)
    spans_by_sheet = []
    long_cells: dict[str, tuple] = {}
    for grid in grids:
        wb.sheets.append(grid.info)
        wb.grids[grid.name] = grid.rows
        spans = finder.find(grid)
        wb.empty_headers.extend((grid.name, list(range(s.block.first_row, s.block.last_row + 1)))
                                for s in spans if not s.data_rows)
        in_tables = {r for span in spans for r in span.data_rows}
        long_cells[grid.name] = (array("l"), array("l"), [])
        _scan_cells(wb, grid, in_tables, long_cells[grid.name])
        spans_by_sheet.append((grid, spans))

    def build_all(known, previous=None):
        tables = []
        for grid, spans in spans_by_sheet:
            for span in spans:
                if span.data_rows:
                    before = previous[len(tables)] if previous else None
                    # Known names only settle rows no strong signal placed (see
                    # `hierarchy._settle_unknown`): a table without such rows comes out the
                    # same, so the first build is kept (the large plan tables usually).
                    if before is not None and before.frame["level_by"].str.startswith(STRONG_LEVEL_REASONS).all():
                        tables.append(before)
                    else:
                        tables.append(build_table(grid, span, layouts.get(grid.name), known))
        return tables

    tables = build_all(None)
    # Rows with no level signal of their own (e.g. the unnumbered rows of a review table) are
    # settled with the names other tables of the same workbook give a clear level.
    if any((t.frame["level_by"] == "default").any() or t.frame["level_by"].str.startswith("first row").any()
           or t.frame["level_by"].str.startswith("exceeds").any() for t in tables):
        known: dict[str, set[str]] = {}
        for t in tables:
            strong = t.frame[t.frame["level_by"].str.startswith(STRONG_LEVEL_REASONS)]
            for name, level in zip(strong["name"], strong["level"]):
                if level in RANK and name:
                    known.setdefault(name_key(name), set()).add(level)
        tables = build_all(known, tables)
    _units_by_sheet(tables)
    wb.tables = tables
    for grid_name, layout in layouts.items():
        for (r, c), err in sorted(layout.errors.items()):
            wb.problems.append(ReadProblem("excel_error", grid_name, cell_name(r, c), err, err))
        for (r, c) in sorted(layout.uncached_formulas):
            wb.problems.append(ReadProblem("formula_without_value", grid_name, cell_name(r, c),
                                           layout.formulas.get((r, c), "")))
    add_facts(wb, long_cells)  # what rules need of the grid and layout, as table columns and lists
    for text in wb.texts:
        if _CLAIM_HINT.search(text.text):
            wb.claims.extend(find_claims(text.sheet, text.cell, text.text))
    return wb


def _check_kind(path: Path) -> None:
    """Refuse what is not an ordinary file before anything opens it: a folder, and a FIFO, a
    device or a socket (a FIFO blocks its reader until someone writes, /dev/zero never ends).
    A symlink is followed: a link to a workbook is read as the workbook."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG):
            raise ReadError("not_found", str(path)) from None
        raise
    if stat.S_ISDIR(mode):
        raise ReadError("is_directory", str(path))
    if not stat.S_ISREG(mode):
        raise ReadError("not_regular", str(path))


SAME_LAYOUT_SHEETS = 3  # sheets holding tables of one layout, for each sheet to be a unit


def _units_by_sheet(tables) -> None:
    """A workbook with one sheet per OPD (or kecamatan) of one layout: each sheet is a unit,
    so its table is never compared with its neighbours' as if they were one plan."""
    by_layout: dict[tuple, list] = {}
    for t in tables:
        by_layout.setdefault((t.kind, tuple(sorted(t.columns.items()))), []).append(t)
    for group in by_layout.values():
        if len({t.sheet for t in group}) < SAME_LAYOUT_SHEETS:
            continue
        for t in group:
            if not (t.frame["unit"] != "").any():
                t.frame["unit"] = t.sheet
                t.frame["unit_label"] = t.sheet


def _limits(config: Config):
    """Safety limits: the defaults of `Limits`, overridden by `limits:` in rules/settings.yaml."""
    from dataclasses import fields

    from reconcile.read.safety import Limits

    given = (config.settings.get("limits") or {}) if config else {}
    known = {f.name: f.type for f in fields(Limits)}
    return Limits(**{k: (float(v) if known[k] in ("float", float) else int(v)) for k, v in given.items() if k in known})


def _unsafe(exc) -> ReadError:
    # A damaged archive is not an attack: say it is damaged.
    if exc.reason in ("corrupt", "zip_unsupported"):
        return ReadError("format_corrupt", exc.detail)
    if exc.reason == "not_regular":
        return ReadError("not_regular", exc.detail)
    return ReadError(f"unsafe_{exc.reason}", exc.detail)


def _scan_cells(wb: Workbook, grid, table_rows: set[int], long_cells: tuple) -> None:
    """Narrative: long text cells outside the tables' data rows (claims, labels in prose).
    Excel error values: anywhere on the sheet. `long_cells` (rows, columns, texts) gets every
    text cell of `LONG_TEXT` characters or more (`read/facts.py` keeps those the tables do not
    hold); rows and columns as arrays: there may be hundreds of thousands."""
    long_rows, long_cols, long_texts = long_cells
    for r, line in enumerate(grid.rows, start=1):
        narrative_row = r not in table_rows
        for c, v in enumerate(line, start=1):
            if type(v) is not str:
                continue
            long = len(v) >= LONG_TEXT
            if long:
                long_rows.append(r)
                long_cols.append(c)
                long_texts.append(v)
            if narrative_row and long:
                wb.texts.append(TextCell(grid.name, cell_name(r, c), v))
            elif v.startswith("#") and v.strip() in EXCEL_ERRORS:
                wb.problems.append(ReadProblem("excel_error", grid.name, cell_name(r, c), v.strip(), v))
