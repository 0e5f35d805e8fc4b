"""Issue #13 item 1: codes split over columns, given only on an item's first row, stored as
numbers; rows that only continue an item's indicators attach to that item."""
from __future__ import annotations

from conftest import Formula

from reconcile.read import read_workbook
from reconcile.read.codes import code_text, join_split_codes

HEADER = ["No", "Kode", "Kode", "Kode", "Uraian", "Indikator", "Target", "Pagu Indikatif"]


def test_code_text_keeps_the_decimals_of_the_number_format():
    assert code_text(3.3, "0.00") == "3.30"
    assert code_text(1.0, "General") == "1"
    assert code_text(2.07, "General") == "2.07"
    assert code_text(" 01 ") == "01" and code_text(None) == ""


def test_split_codes_take_the_left_parts_from_the_row_that_gave_them():
    assert join_split_codes([["1", "01", "", ""], ["", "", "02", ""], ["", "", "", "2.01"], ["", "", "", ""]]) \
        == ["1.01", "1.01.02", "1.01.02.2.01", ""]


def _split_code_rows():
    # codes over three "Kode" columns; the kegiatan rows give only their own part, and the
    # first kegiatan copies the program's code; two rows continue a kegiatan's indicators
    return [HEADER,
            [1, "2", "07", "", "Urusan Ketenagakerjaan", "", "", None],
            ["", "2", "07", "03", "Program Penempatan Tenaga Kerja", "Tingkat penempatan", "60%",
             Formula("=SUM(H4:H8)", 600)],
            ["", "2", "07", "03", "Pelayanan Antarkerja", "Jumlah pencari kerja ditempatkan", "100 Orang", 100],
            ["", "", "", "", "", "Jumlah lowongan terisi", "80 Lowongan", 150],
            ["", "", "", "", "", "Jumlah job fair", "2 Kali", 50],
            ["", "", "", "", "Penempatan Tenaga Kerja Luar Negeri", "Jumlah PMI", "40 Orang", 200],
            ["", "", "", "", "Perluasan Kesempatan Kerja", "Jumlah wirausaha baru", "30 Orang", 100]]


def test_rows_continuing_an_items_indicators_are_its_details(xlsx):
    (table,) = read_workbook(xlsx({"Evaluasi": _split_code_rows()})).tables
    level = {r: table.value("level", r) for r in table.rows}
    parent = {r: table.value("parent", r) for r in table.rows}
    assert level == {2: "urusan", 3: "program", 4: "kegiatan", 5: "detail", 6: "detail", 7: "kegiatan",
                     8: "kegiatan"}
    assert parent[5] == parent[6] == 4  # the further indicators belong to the kegiatan above them
    assert parent[4] == parent[7] == parent[8] == 3
    assert table.item_counts()["kegiatan"] == 3
    # the split code is rebuilt; the kegiatan that only copied its program's code has none of its own
    assert table.value("code", 2) == "2.07" and table.value("code", 3) == "2.07.03"
    assert table.value("code", 4) == ""


def test_a_nameless_row_after_a_total_is_not_a_detail(xlsx):
    rows = [["No", "Uraian", "Indikator", "Target", "Pagu Indikatif"],
            ["I", "Program Penempatan Tenaga Kerja", "Tingkat penempatan", "60%", 300],
            ["", "Jumlah", "", "", 300],
            ["", "", "Rata-rata capaian", "50%", None]]
    (table,) = read_workbook(xlsx({"Renja": rows})).tables
    assert table.value("level", 4) != "detail"


def test_codes_stored_as_numbers_are_read_with_their_format(tmp_path):
    """`3.30` typed into a number cell is stored as 3.3; its format "0.00" shows 3.30."""
    import xlsxwriter

    path = tmp_path / "codes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Renja")
    two = wb.add_format({"num_format": "0.00"})
    for c, h in enumerate(["Kode", "Uraian", "Indikator", "Pagu Indikatif"]):
        ws.write_string(0, c, h)
    ws.write_number(1, 0, 3.3, two)
    ws.write_string(1, 1, "Urusan Tenaga Kerja")
    ws.write_string(2, 0, "3.30.02")
    ws.write_string(2, 1, "Program Pelatihan Kerja")
    ws.write_string(2, 2, "Persentase tenaga kerja terlatih")
    ws.write_number(2, 3, 500000)
    wb.close()
    (table,) = read_workbook(path).tables
    assert table.value("code", 2) == "3.30"
    assert table.value("level", 2) == "urusan" and table.value("level", 3) == "program"
    assert table.value("parent", 3) == 2  # "3.30.02" sits under "3.30", not beside a "3.3"


def test_a_number_code_that_lost_its_trailing_zero_takes_its_neighbours_width(xlsx):
    """1.01 … 1.09 then 1.1, stored as numbers with no format: 1.1 is bidang 1.10, not 1.1."""
    rows = [["Kode", "Uraian", "Indikator", "Pagu Indikatif"]]
    rows += [[1 + n / 100, f"Bidang Urusan {n}", f"Indikator {n}", 1000 * n] for n in range(7, 12)]
    (table,) = read_workbook(xlsx({"Renja": rows})).tables
    assert [table.value("code", r) for r in table.rows] == ["1.07", "1.08", "1.09", "1.10", "1.11"]


def test_per_level_code_columns_each_row_filling_its_own(xlsx):
    """"Kode Urusan | Kode Bidang Urusan | Kode Program | Kode Kegiatan | Kode Sub Kegiatan", one
    level a row: each row's code is its own part under the parts of the rows above."""
    rows = [["Kode Urusan", "Kode Bidang Urusan", "Kode Program", "Kode Kegiatan", "Kode Sub Kegiatan", "Uraian",
             "Indikator", "Target", "Pagu Indikatif"],
            ["2", "07", "", "", "", "URUSAN TENAGA KERJA", "", "", None],
            ["", "", "03", "", "", "PROGRAM PENEMPATAN TENAGA KERJA", "Tingkat penempatan", "60%", 300_000],
            ["", "", "", "2.01", "", "Pelayanan Antarkerja", "Jumlah pencari kerja", "100 Orang", 300_000],
            ["", "", "", "", "0002", "Penyelenggaraan Bursa Kerja", "Jumlah job fair", "2 Kali", 100_000],
            ["", "", "", "", "", "", "Jumlah peserta job fair", "100 Orang", None],
            ["", "", "", "", "0003", "Pengantar Kerja", "Jumlah pengantar kerja", "5 Orang", 200_000]]
    (table,) = read_workbook(xlsx({"Renja": rows})).tables
    assert [table.value("code", r) for r in table.rows] == [
        "2.07", "2.07.03", "2.07.03.2.01", "2.07.03.2.01.0002", "", "2.07.03.2.01.0003"]
    assert [table.value("level", r) for r in table.rows] == [
        "urusan", "program", "kegiatan", "sub_kegiatan", "detail", "sub_kegiatan"]
    assert [table.value("parent", r) for r in table.rows] == [0, 2, 3, 4, 5, 4]
