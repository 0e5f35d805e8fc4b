"""A flat list whose only level code is KODE SUB KEGIATAN, beside a KODE REKENING: the generic
code is the account's, and the rows are the sub kegiatan their own code names (this layout used
to stop the reader with KeyError 'code')."""
from __future__ import annotations

from reconcile.batch import check_one
from reconcile.config import Config
from reconcile.read import read_workbook

ROWS = [["KODE SKPD", "NAMA SKPD", "KODE SUB KEGIATAN", "NAMA SUB KEGIATAN", "KODE REKENING", "NAMA REKENING", "PAGU"],
        ["1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "1.01.02.2.01.0001", "Pembangunan USB", "5.1.02.01.01.0024",
         "Belanja Alat", 1_000_000],
        ["1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "1.01.02.2.01.0002", "Penambahan Ruang Kelas",
         "5.1.02.01.01.0026", "Belanja Bahan", 2_000_000]]


def test_the_sub_kegiatan_code_names_the_rows_and_the_account_code_is_a_key(xlsx, tmp_path):
    path = xlsx({"Data": ROWS})
    (table,) = read_workbook(path).tables
    assert list(table.frame["level"]) == ["sub_kegiatan", "sub_kegiatan"]
    assert table.columns.get("code_rekening") == "E"
    assert table.money_sum("pagu") == 3_000_000
    result = check_one(path, Config(), "id").result
    assert result.status == "ok", result.error
