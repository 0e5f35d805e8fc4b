"""RINCIAN-KALI: Budget line amount differs from volume x unit price."""
from __future__ import annotations

from typing import Iterable

from reconcile.checks.base import Context, Finding, Rule, failure_rows, iter_tables, short
from reconcile.checks.rincian.analysis import FAMILY, NAME_FIELDS, line_columns
from reconcile.findings import Money, Num, Words
from reconcile.read.model import Table


class RincianKali(Rule):
    """A budget line's jumlah differs from its volume times its harga satuan.

    Why it matters: in an RKA or DPA every line of belanja is priced as volume x harga satuan
    (the form's own column-number row says "6 = (3 x 5)"). A jumlah typed by hand, a formula
    pointing at the wrong cell, or a volume changed after the jumlah was filled makes the
    kode rekening, the sub kegiatan and the whole DPA add up to a figure nobody priced. A
    volume typed as its koefisien ("200;2", "2 Unit x 3 Hari") counts as their product; a table
    where most lines disagree follows another formula (PPN added) and is left alone.

    **Bad**: "Honorarium Narasumber": volume 6 Orang/Jam x harga satuan Rp 900.000 with
    jumlah Rp 5.600.000.

    **Good**: jumlah Rp 5.400.000 (`=P45*R45`).
    """

    code = "RINCIAN-KALI"
    title = "Jumlah rincian belanja tidak sama dengan volume x harga satuan"
    title_en = "Budget line amount differs from volume x unit price"
    severity = "error"
    family = FAMILY
    options = {"tolerance": float, "max_share": float}
    messages = {"differs": {
        "message": {
            "id": "{where}: jumlah tertulis {amount}, padahal volume {volume}{unit} x harga satuan {price} = "
                  "{computed} (selisih {difference}). Perbaiki volume, harga satuan atau jumlahnya; sebaiknya "
                  "jumlah berisi rumus {formula}.",
            "en": "{where}: jumlah shows {amount}, but volume {volume}{unit} x unit price {price} = {computed} "
                  "(difference {difference}). Fix the volume, the unit price or the amount; the amount should be "
                  "the formula {formula}."},
        "expected": {"id": "{computed}"},
        "actual": {"id": "{amount}"},
    }}

    def check(self, ctx: Context) -> Iterable[Finding]:
        import pandas as pd
        import pandera.pandas as pa

        tol = float(self.option("tolerance"))
        max_share = float(self.option("max_share"))
        for table in iter_tables(ctx):
            cols = line_columns(table)
            if cols is None:
                continue
            volume, price, amount = cols
            frame = table.frame
            ok = pd.Series(True, index=frame.index)
            for f in cols:  # only lines whose three cells are readable numbers
                status = frame.get(f"{f}__status")
                if status is not None:
                    ok &= status == "ok"
            lines = frame.loc[ok, list(cols)].astype("float64").dropna()
            if lines.empty:
                continue
            product = lines[volume] * lines[price]
            fits = pa.Check(lambda s: (s - product.loc[s.index]).abs() <= tol, error="jumlah == volume x harga satuan")
            failing = failure_rows(lines, {amount: fits}).get(amount, [])
            if len(failing) > max_share * len(lines):
                # most lines priced some other way (PPN added, a second koefisien in a column of
                # its own): the form's formula is not volume x harga satuan; nothing is proved
                continue
            for row in failing:
                yield self._finding(ctx, table, cols, int(row), float(lines.at[row, volume]),
                                    float(lines.at[row, price]), float(lines.at[row, amount]))

    def _finding(self, ctx: Context, table: Table, cols: tuple[str, str, str], row: int, volume: float,
                 price: float, amount: float) -> Finding:
        v, p, a = cols
        expected = volume * price
        name = next((table.value(f, row) for f in (*NAME_FIELDS, "name") if f in table.frame.columns
                     and isinstance(table.value(f, row), str) and table.value(f, row).strip(" -")), "")
        unit = table.value("satuan", row) if "satuan" in table.frame.columns else ""
        unit = f" {unit}" if isinstance(unit, str) and unit.strip() else ""
        where = f"'{short(name, 60)}'" if name else Words(f"baris {row}", f"row {row}")
        return self.say(
            ctx, table.sheet, table.cell(a, row), "differs",
            related=[str(table.ref(v, row)), str(table.ref(p, row))],
            where=where, amount=Money(amount), volume=Num(volume), unit=unit, price=Money(price),
            computed=Money(expected), difference=Money(abs(amount - expected)),
            formula=f"={table.cell(v, row)}*{table.cell(p, row)}")
