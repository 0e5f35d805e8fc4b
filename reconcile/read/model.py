"""The canonical model the reader produces and the rules consume.

Every value keeps its provenance: a table knows which column letter holds each field, so the
cell of field F on Excel row r is ``columns[F] + str(r)`` on ``sheet``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported lazily: `reconcile --help` must stay fast
    import pandas as pd

    from reconcile.read.layout import SheetLayout
    from reconcile.read.numbers import Number

LEVELS = ("unit", "urusan", "program", "kegiatan", "sub_kegiatan", "detail", "subtotal", "total", "other")


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 1, AA -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass(frozen=True, slots=True)
class CellRef:
    sheet: str
    cell: str  # "J12"

    def __str__(self) -> str:
        return f"{quote_sheet(self.sheet)}!{self.cell}"


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


@dataclass
class Table:
    """One plan table found on a sheet, with its rows as a canonical DataFrame.

    Besides the columns `read/tables.py` builds (README: Canonical tables), `read/facts.py`
    adds, for each mapped field `f`, what rules need to know about its cells so that none has
    to read the grid or the layout:

    - `f__cell`: the cell as stored in the file, before any parsing, scaling or display
      (str, int, float, bool, datetime or None);
    - `f__shown`: only for a field with a cell hidden inside a merged area: what each cell
      shows (the area's top-left value for its hidden cells, `f__cell` elsewhere);
    - `f__format`: the number format of a cell holding a number ("0%", '0 "Dokumen"'), ""
      for other cells or when the file keeps no layout (.xls, .xlsb, .ods);
    - money, percent and number fields of an .xlsx/.xlsm, on cells holding a finite number:
      `f__width` the room its text has in file units (its column's width, or its merged
      area's columns'), NaN when the cell is not shown (hidden row or column, inside a merged
      area) or holds no number; `f__cols` those columns ("J", "J:K"); `f__font_size` its
      font's size in points (NaN unknown) and `f__font_bold`;
    - `f__formula`: money fields of an .xlsx/.xlsm holding at least one formula: the cell's
      formula as stored, without "=" ("SUM(J13:J15)"), "" for a follower of a shared formula
      (its text is its master's, shifted), None for a cell without a formula. Absent when the
      field holds no formula.
    """

    sheet: str
    kind: str
    header_rows: list[int]
    columns: dict[str, str]  # field -> column letter
    header_paths: dict[str, str]  # field -> "Rencana Tahun 2024 / Pagu Indikatif (Rp)"
    field_types: dict[str, str]  # field -> money | percent | number | target | text | code
    frame: "pd.DataFrame"
    title: str = ""
    first_col: int = 1
    last_col: int = 1
    last_row: int = 0
    flat: bool = False  # the hierarchy repeated on every row (`read/flat.py`): items are distinct keys
    # Money fields whose header gives their unit ("Rp. (000)"): rupiah per unit of the cell. The
    # frame holds rupiah (value x scale); `<field>__raw` the cell as written.
    field_scale: dict[str, float] = field(default_factory=dict)
    # The workbook's default font size in points (None when the file does not say: .xls, .xlsb,
    # .ods), against which `<field>__font_size` is compared (`read/facts.py`).
    font_size: float | None = None
    # A budget form's label : value block (`read/form.py`): key -> FormEntry (program, kegiatan,
    # sub_kegiatan, unit, sumber_dana, lokasi, pagu, …, each with its code, name and cell).
    form: dict = field(default_factory=dict)
    # Plain-Python views of frame columns, built on first use. Rules look values up row by row
    # (names, parents, codes); `frame.at` costs ~20 µs a call, a dict lookup ~50 ns. The frame
    # is never changed after reading, so the views stay valid.
    _views: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def rows(self) -> list[int]:
        """The Excel rows of the frame, in order, as ints."""
        rows = self._views.get(None)
        if rows is None:
            rows = self._views[None] = [int(r) for r in self.frame.index]
        return rows

    def column(self, col: str) -> dict[int, Any]:
        """`{row: value}` of a frame column (Python scalars, like `Series.tolist()`); empty
        when the frame has no such column."""
        view = self._views.get(col)
        if view is None:
            view = self._views[col] = (dict(zip(self.rows, self.frame[col].tolist()))
                                       if col in self.frame.columns else {})
        return view

    def value(self, col: str, row: int, default: Any = None) -> Any:
        """`frame.at[row, col]` without pandas' per-call cost; `default` for a missing
        column or row."""
        return self.column(col).get(row, default)

    def item_counts(self, unit: str | None = None) -> dict[str, int]:
        """Programs, kegiatan and sub kegiatan of the table (of one unit: `unit`). A flat
        table counts distinct items per unit (its rows repeat them); any other, its rows."""
        levels, units = self.column("level"), self.column("unit")
        rows = [r for r in self.rows if unit is None or units.get(r, "") == unit]
        out = {"program": 0, "kegiatan": 0, "sub_kegiatan": 0}
        if self.flat:
            for lvl in out:
                keys = self.column(f"key_{lvl}")
                out[lvl] = len({(units.get(r, ""), keys[r]) for r in rows if keys.get(r)})
        else:
            for r in rows:
                if levels[r] in out:
                    out[levels[r]] += 1
            if out["sub_kegiatan"] and not out["program"] and not out["kegiatan"]:
                # A list of sub kegiatan (KUA-PPAS, RKPD lists): their codes name their
                # kegiatan and program (the first five and three parts).
                codes = self.column("code")
                subs = {(units.get(r, ""), codes[r]) for r in rows
                        if levels[r] == "sub_kegiatan" and isinstance(codes.get(r), str) and codes[r].count(".") == 5}
                out["kegiatan"] = len({(u, ".".join(c.split(".")[:5])) for u, c in subs})
                out["program"] = len({(u, ".".join(c.split(".")[:3])) for u, c in subs})
        return out

    def money_sum(self, field_name: str, unit: str | None = None) -> float:
        """The sum of a money field over the rows that carry it: a flat table's every row (its
        detail lines), any other table's sub kegiatan rows (or, without any, its lowest items
        and their details)."""
        values, levels, units = self.column(field_name), self.column("level"), self.column("unit")
        want = ("sub_kegiatan", "detail") if self.flat else ("sub_kegiatan",)
        if not self.flat and "sub_kegiatan" not in levels.values():
            # no sub kegiatan (an evaluation under the 13/2006 scheme, a budget form): the lowest
            # items there are, with the rows continuing them (`detail`)
            present = [lv for lv in ("kegiatan", "program") if lv in levels.values()]
            want = (*present[:1], "detail")
        total = 0.0
        for r in self.rows:
            v = values.get(r)
            if levels[r] in want and (unit is None or units.get(r, "") == unit) and isinstance(v, (int, float)) \
                    and v == v:
                total += v
        return total

    def units(self) -> list[tuple[str, str]]:
        """(unit, unit name) of every unit the table names, in order of first appearance."""
        seen: dict[str, str] = {}
        labels = self.column("unit_label")
        for r, u in self.column("unit").items():
            if u and u not in seen:
                seen[u] = labels.get(r, "")
        return list(seen.items())

    def cell(self, field_name: str, row: int) -> str:
        return f"{self.columns[field_name]}{row}"

    def ref(self, field_name: str, row: int) -> CellRef:
        return CellRef(self.sheet, self.cell(field_name, row))

    @property
    def name_cell_column(self) -> str:
        return self.columns.get("name") or self.columns.get("number") or column_letter(self.first_col)

    def fields_of_type(self, *types: str) -> list[str]:
        return [f for f, t in self.field_types.items() if t in types]

    @property
    def label(self) -> str:
        return self.title or self.sheet


@dataclass
class Claim:
    """A statement in a text cell that the tables must agree with."""

    sheet: str
    cell: str
    kind: str  # count_program | count_kegiatan | count_sub_kegiatan | total_pagu
    value: Any  # int for counts; float for a readable amount; the raw text otherwise
    text: str  # the sentence it was found in
    year: int | None = None
    number: "Number | None" = None  # the parsed amount (total_pagu), with candidates


@dataclass(slots=True)
class TextCell:
    sheet: str
    cell: str
    text: str


@dataclass
class SheetInfo:
    name: str
    visible: bool = True
    is_worksheet: bool = True
    n_rows: int = 0
    n_cols: int = 0


@dataclass
class ReadProblem:
    """Something the reader noticed and could not settle; rules turn these into findings."""

    kind: str  # formula_without_value | excel_error | unreadable_number | ...
    sheet: str
    cell: str
    detail: str = ""
    value: Any = None
    formula: str = ""  # the cell's formula as stored (without "="), "" when it holds none


@dataclass
class Line:
    """A filled row outside every table (narrative, a list typed as lines of text)."""

    sheet: str
    row: int
    cells: list[tuple[int, Any]]  # (column, value) of its filled cells, in column order
    after_table: bool = False  # a row of a table lies between it and the sheet's previous line


@dataclass
class Pemda:
    """The government the document belongs to, as the document states it (`read/pemda.py`)."""

    kind: str  # kota | kabupaten | provinsi
    name: str  # "Pontianak", "Buru", "Bali" (title case)
    province: str | None  # the province the document names besides, else None (its own name for a provinsi)
    sheet: str  # where it is stated first
    cell: str
    certain: bool = True  # stated in a title or label row; False: the narrative's most frequent


@dataclass
class Workbook:
    path: Path
    format: str
    sheets: list[SheetInfo] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    texts: list[TextCell] = field(default_factory=list)  # long text cells outside tables (narrative)
    # Every text cell of 40 characters or more (`read.LONG_TEXT`) that no table holds as a
    # mapped field (those are in the frames: `<field>__cell`), narrative ones too, in sheet order.
    long_texts: list[TextCell] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # filled rows outside the tables, in sheet order
    claims: list[Claim] = field(default_factory=list)
    layouts: dict[str, "SheetLayout"] = field(default_factory=dict)
    grids: dict[str, list[list[Any]]] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)
    # Plan headers with no row below them (a template): (sheet, header rows), for the message
    # saying what a workbook without a plan table holds.
    empty_headers: list[tuple[str, list[int]]] = field(default_factory=list)
    pemda: Pemda | None = None  # the kota / kabupaten / provinsi the document states, if any

    # `grids`, `layouts` and `value_at` are the reader's and the outputs' (the annotated copy):
    # rules read the tables, claims, problems and lists above (tests/checks/test_no_raw_grid.py).
    def value_at(self, sheet: str, row: int, col: int) -> Any:
        grid = self.grids.get(sheet)
        if grid is None or row < 1 or row > len(grid):
            return None
        line = grid[row - 1]
        return line[col - 1] if 0 < col <= len(line) else None
