"""Budget lines (RKA/DPA rincian belanja): the arithmetic of each line, volume x harga satuan
= jumlah, where the three are readable numbers on the same row.

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

from reconcile.read.headers import base_field
from reconcile.read.model import Table


FAMILY = "rincian"


AMOUNT_FIELDS = ("jumlah", "pagu", "jumlah_perubahan")  # the line's amount, in this order of preference


NAME_FIELDS = ("name", "name_standar_harga", "name_rekening")


def _one(table: Table, base: str) -> str | None:
    """The table's single column of a base field (a repeated field, `#2`, is not guessed at)."""
    found = [f for f in table.columns if base_field(f) == base and "." not in f]
    return found[0] if len(found) == 1 else None


def line_columns(table: Table) -> tuple[str, str, str] | None:
    """(volume, harga satuan, jumlah) fields of a table of budget lines, or None."""
    volume, price = _one(table, "volume"), _one(table, "harga_satuan")
    amount = next((a for a in (_one(table, b) for b in AMOUNT_FIELDS) if a), None)
    if not (volume and price and amount) or table.field_types.get(amount) != "money":
        return None
    return volume, price, amount
