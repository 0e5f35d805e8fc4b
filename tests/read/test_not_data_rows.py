"""Issue #13 item 4: rows that are not data: a header repeated on a new page (with its
column-number row), a total above the header, a column-number row numbered by hand, the
signature block below a form."""
from __future__ import annotations

from reconcile.read import read_workbook
from reconcile.read.headers import is_column_number_row

HEADER = ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator", "Target", "Pagu Indikatif (Rp)"]
NUMBERS = ["1", "2", "3", "4", "5"]


def test_a_header_repeated_on_a_new_page_and_a_total_above_the_header(xlsx):
    rows = [[None, None, None, None, 14_000_000], HEADER, NUMBERS,
            ["I", "PROGRAM PENEMPATAN TENAGA KERJA", "Tingkat penempatan", "60%", 14_000_000],
            ["A", "Pelayanan Antarkerja", "Jumlah pencari kerja", "100 Orang", 14_000_000],
            ["1", "Penyelenggaraan Bursa Kerja", "Jumlah job fair", "2 Kali", 4_000_000],
            HEADER, NUMBERS,
            ["2", "Pengantar Kerja", "Jumlah pengantar kerja", "5 Orang", 10_000_000],
            ["", "JUMLAH", "", "", 14_000_000]]
    (table,) = read_workbook(xlsx({"Renja": rows})).tables
    assert table.header_rows == [2, 3]
    assert table.rows == [4, 5, 6, 9, 10]  # neither the total above nor the repeated header
    assert table.value("level", 9) == "sub_kegiatan" and table.value("parent", 9) == 5
    assert table.value("level", 10) == "total"


def test_column_numbers_typed_by_hand_are_not_data():
    assert is_column_number_row([1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10])  # "4" typed twice
    assert is_column_number_row(list(range(1, 112)))  # a wide form past column 99
    assert is_column_number_row([1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 10, 11])
    assert not is_column_number_row([1, 250_000, 3])  # an amount
    assert not is_column_number_row([2, 7, 3, 9, 1, 4])  # numbers, but no run of columns


def test_the_signature_block_below_a_form_ends_its_table(xlsx):
    rows = [["Kode Rekening", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            ["5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", None, None, None, 7_000_000],
            [None, "Nasi kotak", 200, "Kotak", 35_000, 7_000_000],
            [None, None, None, None, None, None],
            [None, "Mengetahui,", None, "Denpasar, 2 Januari 2026", None, None],
            [None, "Kepala Dinas", None, None, None, None],
            [None, None, "NIP. 19680531 199703 1 002", None, None, None]]
    (table,) = read_workbook(xlsx({"DPA": rows})).tables
    assert table.rows == [2, 3]
