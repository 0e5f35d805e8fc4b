"""The items of one document, per unit (OPD), as the comparison sees them.

Both documents come from the same reader (`reconcile.read`), whatever their layout: a Renja
table (one row per program / kegiatan / sub kegiatan, a pagu per row), a flat export (SIPD-RI
rekap, RKPD, KUA-PPAS: the hierarchy repeated on every line, a sub kegiatan's pagu the sum of
its lines) or a list of sub kegiatan. An `Item` is one program, kegiatan or sub kegiatan of
one unit with the values compared: its pagu, target, indicator, sumber dana and lokasi, and
the cells that hold them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reconcile.checks.matching import ITEM_LEVELS, field_side, field_year, item_key, name_cells
from reconcile.read.headers import base_field

if TYPE_CHECKING:
    from reconcile.read.model import Table, Workbook

# The text fields compared, by the rule that compares them (their base names: a year or the
# plan's side of a review table is dropped).
TEXT_FIELDS = {
    "target": ("target_program", "target_hasil", "target_keluaran", "target"),
    "indikator": ("indikator_program", "indikator_hasil", "indikator_keluaran", "indikator", "tolok_ukur"),
    "sumber_dana": ("sumber_dana",),
    "lokasi": ("lokasi",),
}
PLAN_KINDS = ("rincian", "daftar", "review_rkpd")


@dataclass
class Item:
    level: str
    code: str
    name: str
    key: str  # the name's comparison key
    unit: str
    sheet: str
    row: int  # first Excel row
    name_cell: str
    pagu: float | None = None  # None: empty or unreadable
    pagu_cell: str | None = None  # None: no pagu column
    lines: int = 0  # detail lines summed into the pagu (flat exports)
    values: dict[str, Any] = field(default_factory=dict)  # base field (target_keluaran, lokasi, …) -> text
    cells: dict[str, str] = field(default_factory=dict)  # base field -> cell (also when empty)
    leaf: bool = True  # no item of the same document below it
    parent: "Item | None" = None

    @property
    def ident(self) -> tuple[str, str]:
        return (self.level, self.code or "name:" + self.key)


@dataclass
class Unit:
    code: str  # as the reader gives it: the OPD code, else its name; "" for a one-agency document
    label: str
    items: list[Item] = field(default_factory=list)
    first_cell: tuple[str, str] | None = None  # (sheet, cell) where the unit starts

    def total(self) -> float | None:
        values = [i.pagu for i in self.items if i.leaf and i.pagu is not None]
        return sum(values) if values else None


@dataclass
class Document:
    """One workbook seen as units of items."""

    path: str
    name: str  # file name, for messages
    units: dict[str, Unit]
    tables: list["Table"]
    rincian: bool = False  # its money is rekening lines (an RKA/DPA rincian, SIPD rekap)
    has_pagu: bool = False
    layout: tuple = ()  # what tells two versions of one document from two documents

    def total(self) -> float | None:
        values = [u.total() for u in self.units.values()]
        values = [v for v in values if v is not None]
        return sum(values) if values else None

    def ref(self, sheet: str, cell: str) -> str:
        from reconcile.read.model import quote_sheet

        return f"{self.name}:{quote_sheet(sheet)}!{cell}"


def main_field(table: "Table", base: str) -> str | None:
    """The field of `base` the comparison reads: no side (or the plan's own side of a review
    table), the earliest year (the plan year; later years are prakiraan maju)."""
    cands = [f for f in table.columns if base_field(f) == base and "#" not in f
             and field_side(f) in (None, "analisis")]
    if not cands:
        return None
    return sorted(cands, key=lambda f: (field_side(f) is not None, field_year(f) or 0))[0]


def plan_tables(wb: "Workbook") -> list["Table"]:
    """The tables that hold the plan's items: per group of units, the one listing most sub
    kegiatan (a Renja prints its items in Tabel 3.2, 4.1 and 2.6 alike; one is read). Tables of
    different units (one sheet per OPD) are all kept."""
    cands = [t for t in wb.tables if t.kind in PLAN_KINDS and t.item_counts()["sub_kegiatan"]]
    cands.sort(key=lambda t: (-(main_field(t, "pagu") is not None), -t.item_counts()["sub_kegiatan"],
                              t.kind == "review_rkpd"))
    chosen: list["Table"] = []
    taken: set[str] = set()
    for t in cands:
        units = {u for u, _ in t.units()} or {""}
        if units & taken:
            continue
        taken |= units
        chosen.append(t)
    return chosen


def document(wb: "Workbook", abbreviations: dict[str, str] | None = None,
             tables: list["Table"] | None = None) -> Document:
    tables = plan_tables(wb) if tables is None else tables
    doc = Document(str(wb.path), wb.path.name, {}, tables)
    for t in tables:
        if t.flat:
            _flat_items(t, doc, abbreviations)
        else:
            _row_items(t, doc, abbreviations)
        doc.rincian |= t.flat and "code_rekening" in t.columns
    # A money column left at zero or empty everywhere (a KUA-PPAS list exported before its
    # amounts were set) carries no pagu to compare.
    doc.has_pagu = any(i.pagu for u in doc.units.values() for i in u.items)
    doc.layout = tuple(sorted((t.kind, t.flat, tuple(sorted(base_field(f) for f in t.columns))) for t in tables))
    return doc


def _unit(doc: Document, code: str, label: str, sheet: str, cell: str) -> Unit:
    u = doc.units.get(code)
    if u is None:
        u = doc.units[code] = Unit(code, label or code, first_cell=(sheet, cell))
    return u


def _text(v: Any) -> str:
    return " ".join(v.split()) if isinstance(v, str) else ""


def _row_items(t: "Table", doc: Document, abbreviations) -> None:
    """A table with one row per item: each program / kegiatan / sub kegiatan row."""
    levels, codes, names = t.column("level"), t.column("code"), t.column("name")
    parents, units, labels = t.column("parent"), t.column("unit"), t.column("unit_label")
    pagu = main_field(t, "pagu")
    pagu_values = t.column(pagu) if pagu else {}
    texts = text_fields(t)
    cell_of = name_cells(t)
    by_row: dict[int, Item] = {}
    has_child: set[int] = set()
    for r in t.rows:
        if levels[r] in ITEM_LEVELS and parents.get(r):
            has_child.add(int(parents[r]))
    seen: dict[tuple, int] = {}
    for r in t.rows:
        level = levels[r]
        if level not in ITEM_LEVELS:
            continue
        name = _text(names.get(r))
        code = codes.get(r) if isinstance(codes.get(r), str) else ""
        key = item_key(name, abbreviations)
        if not key and not code:
            continue
        cell = cell_of(r)
        unit = _unit(doc, units.get(r, "") or "", labels.get(r, "") or "", t.sheet, cell)
        item = Item(level, code, name, key, unit.code, t.sheet, r, cell)
        if pagu:
            item.pagu_cell = t.cell(pagu, r)  # also when empty: a version may fill it
            v = pagu_values.get(r)
            if isinstance(v, (int, float)) and v == v:
                item.pagu = float(v)
        for base, f in texts.items():
            item.cells[base] = t.cell(f, r)
            text = _text(t.value(f, r))
            if text:
                item.values[base] = text
        item.leaf = r not in has_child
        item.parent = by_row.get(int(parents.get(r) or 0))
        by_row[r] = item
        n = seen.get(item.ident, 0)
        seen[item.ident] = n + 1
        if n:  # the same name twice in a unit: told apart by order
            item.key = f"{key}#{n + 1}"
        unit.items.append(item)


def text_fields(t: "Table") -> dict[str, str]:
    """base field -> the table's field holding it (the plan year's, see `main_field`)."""
    out = {}
    for bases in TEXT_FIELDS.values():
        for base in bases:
            f = main_field(t, base)
            if f:
                out[base] = f
    return out


def _flat_items(t: "Table", doc: Document, abbreviations) -> None:
    """A flat export: a sub kegiatan is every line carrying its key in its unit; its pagu the sum
    of those lines, its sumber dana the set its lines name."""
    units, labels = t.column("unit"), t.column("unit_label")
    codes, names = t.column("code"), t.column("name")
    pagu = main_field(t, "pagu")
    pagu_values = t.column(pagu) if pagu else {}
    # A flat line names every level: the level's own name (or code) column points at the item.
    own = {lv: next((t.columns[f] for f in (f"name_{lv}", f"code_{lv}") if f in t.columns), None)
           for lv in ITEM_LEVELS}
    any_name = name_cells(t)
    texts = {b: f for b, f in text_fields(t).items() if b != "sumber_dana"}  # sumber dana: the set of the lines'
    sources = t.column("sumber_dana") if "sumber_dana" in t.columns else {}
    by_key: dict[tuple[str, str, str], Item] = {}
    funds: dict[int, list[str]] = {}
    for level in ("sub_kegiatan", "kegiatan", "program"):
        keys = t.column(f"key_{level}")
        if not keys:
            continue
        deeper = [t.column(f"key_{lv}") for lv in ITEM_LEVELS[ITEM_LEVELS.index(level) + 1:]]
        for r in t.rows:
            k = keys.get(r)
            if not k or any(d.get(r) for d in deeper):
                continue  # a line of a deeper item: counted there
            u = units.get(r, "") or ""
            item = by_key.get((u, level, k))
            if item is None:
                name = _text(names.get(r)) if level == "sub_kegiatan" else _text(t.value(f"name_{level}", r))
                code = codes.get(r) if level == "sub_kegiatan" and isinstance(codes.get(r), str) else ""
                if level != "sub_kegiatan" and not code and "." in k and k[0].isalnum():
                    code = k if k[0].isdigit() or k.startswith("X") else ""
                cell = f"{own[level]}{r}" if own[level] else any_name(r)
                unit = _unit(doc, u, labels.get(r, "") or "", t.sheet, cell)
                item = by_key[(u, level, k)] = Item(level, code, name, item_key(name, abbreviations) or k,
                                                    u, t.sheet, r, cell)
                if pagu:
                    item.pagu, item.pagu_cell = 0.0, t.cell(pagu, r)
                for base, f in texts.items():
                    if _text(t.value(f, r)):
                        item.values[base], item.cells[base] = _text(t.value(f, r)), t.cell(f, r)
                unit.items.append(item)
            v = pagu_values.get(r)
            if isinstance(v, (int, float)) and v == v:
                item.pagu += v
            item.lines += 1
            fund = _text(sources.get(r))
            if fund:
                lst = funds.setdefault(id(item), [])
                if fund not in lst:
                    lst.append(fund)
                    item.cells.setdefault("sumber_dana", t.cell("sumber_dana", r))
    for item in by_key.values():
        fl = funds.get(id(item))
        if fl:
            item.values["sumber_dana"] = "; ".join(sorted(fl))
