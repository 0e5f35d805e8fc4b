"""Issue #13 item 2: the level of a names-only row from how deep its name sits (the cell's
indent, leading spaces) or from numbering that restarts per level, where no code, wording or
formula says it."""
from __future__ import annotations

from reconcile.read import read_workbook
from reconcile.read.hierarchy import depths_from_restarts

HEADER = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif"]
# (depth, name, amount): one program, two kegiatan, three sub kegiatan
ITEMS = [(0, "Pelayanan Administrasi Perkantoran", 300),
         (1, "Penyediaan Jasa Kantor", 200),
         (2, "Jasa listrik", 120),
         (2, "Jasa telepon", 80),
         (1, "Pemeliharaan Gedung", 100),
         (2, "Pemeliharaan gedung utama", 100)]
WANT = {2: "program", 3: "kegiatan", 4: "sub_kegiatan", 5: "sub_kegiatan", 6: "kegiatan", 7: "sub_kegiatan"}


def _write(path, name_of, indent: bool = False, number_of=lambda i, d: ""):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Renja")
    fmts = [wb.add_format({"indent": d}) for d in range(3)]
    for c, h in enumerate(HEADER):
        ws.write_string(0, c, h)
    for i, (d, name, amount) in enumerate(ITEMS, start=1):
        ws.write_string(i, 0, number_of(i, d))
        ws.write_string(i, 1, name_of(d, name), fmts[d] if indent else None)
        ws.write_string(i, 2, f"Jumlah {name.lower()}")
        ws.write_string(i, 3, "1 Dokumen")
        ws.write_number(i, 4, amount * 1000)
    wb.close()
    return read_workbook(path).tables[0]


def _levels(table):
    return {r: table.value("level", r) for r in table.rows}


def test_the_cells_indent_gives_the_level(tmp_path):
    table = _write(tmp_path / "indent.xlsx", lambda d, n: n, indent=True)
    assert _levels(table) == WANT
    assert [table.value("parent", r) for r in (3, 4, 6, 7)] == [2, 3, 2, 6]
    assert table.value("level_by", 4) == "indent"


def test_leading_spaces_give_the_level(tmp_path):
    table = _write(tmp_path / "spaces.xlsx", lambda d, n: "   " * d + n)
    assert _levels(table) == WANT
    assert table.value("name", 4) == "Jasa listrik"  # the spaces are not part of the name


def test_numbering_that_restarts_per_level_gives_the_level(tmp_path):
    numbers = {1: "1", 2: "1", 3: "1", 4: "2", 5: "2", 6: "1"}
    table = _write(tmp_path / "restart.xlsx", lambda d, n: n, number_of=lambda i, d: numbers[i])
    assert _levels(table) == WANT
    assert table.value("level_by", 6) == "numbering restarts"


def test_a_plain_running_number_is_no_depth(tmp_path):
    assert depths_from_restarts(["1", "2", "3", "4"]) is None
    assert depths_from_restarts(["1", "1", "3"]) is None  # "3" follows no "2"
    assert depths_from_restarts(["1", "1", "2", "1", "3"]) == [0, 1, 1, 2, 1]  # "3" goes on after the "2"
    assert depths_from_restarts(["1", "1", "1", "2", "2", "1"]) == [0, 1, 2, 2, 1, 2]
    table = _write(tmp_path / "running.xlsx", lambda d, n: n, number_of=lambda i, d: str(i))
    assert "numbering restarts" not in set(table.column("level_by").values())


def test_one_stray_space_alone_says_nothing(tmp_path):
    """A single depth (every name flush, or every name with the same spaces) is no signal."""
    table = _write(tmp_path / "flush.xlsx", lambda d, n: " " + n)
    assert "leading spaces" not in set(table.column("level_by").values())


def test_the_column_a_name_starts_in_gives_the_level(xlsx):
    """One "Uraian" header merged over three columns, each level's name in its own column."""
    rows = [["No", "Uraian", None, None, "Indikator", "Target", "Pagu Indikatif"]]
    for d, name, amount in ITEMS:
        line = ["", None, None, None, f"Jumlah {name.lower()}", "1 Dokumen", amount * 1000]
        line[1 + d] = name
        rows.append(line)
    (table,) = read_workbook(xlsx({"Renja": rows}, merges={"Renja": ["B1:D1"]})).tables
    assert _levels(table) == WANT
    assert [table.value("parent", r) for r in (3, 4, 6, 7)] == [2, 3, 2, 6]
    assert table.value("name", 7) == "Pemeliharaan gedung utama"
    assert table.value("level_by", 3) == "name column"
