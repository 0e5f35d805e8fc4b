"""Issue #13: evaluation tables (Permendagri 86/2017 T-C.29 / T-C.30) read from real workbooks.

The truth for the Bappeda of Kab. Sukabumi's "Evaluasi Hasil Renja" (TA 2018) is
`tests/real/facts/evaluasi_bappeda_sukabumi_2018.json`, written by `tests/real/evaluation_facts.py`
with python-calamine and plain Python (never the reader). The tests compare what `reconcile` reads
with it: the table and its four header rows, the K / Rp meaning of every column (triwulan I-IV,
the year from the title), the money in thousands ("Rp. (000)") as rupiah to the rupiah, and the
tingkat capaian's "Rp." columns as percentages, never money. The export of Kab. Jember's
evaluation (header only, K / Rp below the column-number row) must map every K and Rp column.
Runs wherever `../shared` exists.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

FACTS = Path(__file__).parent / "facts"
REAL = SHARED / "real-workbooks"
BAPPEDA = "evaluasi_bappeda_sukabumi_2018"
JEMBER = "sfynsss__lkpj-jemberkab-new__export-laporan.xlsx"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-workbooks is not here")


@pytest.fixture(scope="module")
def facts():
    return json.loads((FACTS / f"{BAPPEDA}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table(facts):
    from reconcile.read import read_workbook

    wb = read_workbook(REAL / facts["file"])
    found = [t for t in wb.tables if t.sheet == facts["sheet"] and t.header_rows == facts["header_rows"]]
    assert len(found) == 1, [(t.sheet, t.header_rows) for t in wb.tables]
    return found[0]


def _field_at(table, letter: str) -> str:
    fields = [f for f, c in table.columns.items() if c == letter]
    assert len(fields) == 1, (letter, fields)
    return fields[0]


def test_evaluation_table_found_with_its_four_header_rows(facts, table):
    # the column-number row holding formulas as text ("12 = 8+9+10+11") is header, not data
    assert facts["column_number_formulas"][0] == "12 = 8+9+10+11"
    assert table.header_rows == facts["header_rows"] == [10, 11, 12, 13]
    assert table.kind == "evaluasi_triwulan"
    assert min(table.rows) == facts["first_data_row"]
    assert facts["column_number_row"] not in table.rows


def test_triwulan_columns_mapped_with_the_title_year(facts, table):
    from reconcile.read.headers import base_field

    year = facts["title_year"]
    assert year == 2018
    quarters = {col: e for col, e in facts["columns"].items() if e.get("triwulan")}
    assert len(quarters) == 8
    for col, e in quarters.items():
        field = _field_at(table, col)
        n = e["triwulan"]
        want = f"realisasi_tw{n}" if e["sub_column"] == "K" else f"realisasi_anggaran_tw{n}"
        assert base_field(field) == want, (col, field)
        assert field.endswith(f"_{year}"), field
        assert table.field_types[field] == ("target" if e["sub_column"] == "K" else "money"), field


def test_every_k_and_rp_column_has_its_meaning(facts, table):
    from reconcile.read.headers import base_field

    year = facts["title_year"]
    expected = {  # the group's wording (facts) -> what the reader must call its K / Rp columns
        "Target RPJMD": ("target_renstra", "anggaran_renstra", None),
        "Realisasi Capaian Kinerja RPJMD s/d RKPD Tahun Lalu": ("realisasi_kumulatif",
                                                                "realisasi_anggaran_kumulatif", year - 1),
        "Target Kinerja dan Anggaran RKPD Tahun berjalan": ("target", "anggaran", year),
        "Realisasi Capaian Kinerja dan Anggaran RKPD yang Dievaluasi": ("realisasi", "realisasi_anggaran", year),
        "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD": ("capaian", "rasio_anggaran", year),
        "Realisasi Kinerja & Anggaran RPJMD s/d Tahun n-1": ("realisasi_kumulatif",
                                                             "realisasi_anggaran_kumulatif", year),
        "Tingkat Capaian Kinerja dan Realisasi Anggaran RPJMD": ("capaian_renstra", "rasio_anggaran_renstra", year),
    }
    seen = 0
    for col, e in facts["columns"].items():
        if not e["sub_column"] or e.get("triwulan") or col in facts["k_unit_columns"]:
            continue
        group = next(g for g in expected if e["path"].startswith(g))
        k, rp, y = expected[group]
        field = _field_at(table, col)
        assert base_field(field) == (k if e["sub_column"] == "K" else rp), (col, field)
        assert (field.endswith(f"_{y}") if y else not field[-4:].isdigit()), field
        seen += 1
    assert seen == 14
    for col in facts["k_unit_columns"]:  # "K" merged over value | unit
        assert _field_at(table, col) == "satuan"


def test_money_in_thousands_read_as_rupiah(facts, table):
    rows = set(table.rows)
    for col in facts["money_thousands_columns"]:
        field = _field_at(table, col)
        assert table.field_types[field] == "money", field
        assert table.field_scale[field] == 1000, field
        sums = facts["money_sums_rupiah"][col]
        values = table.column(field)
        for over, wanted in (("kegiatan_rows", facts["kegiatan_indicator_rows"]), ("program_rows", facts["program_rows"]),
                             ("all_rows", [r for r in rows if facts["first_data_row"] <= r <= facts["last_table_row"]])):
            got = sum(v for r in wanted if isinstance(v := values.get(r), float) and v == v)
            assert round(got) == sums[over], (col, over)
        raw = table.column(f"{field}__raw")  # the cell as written stays beside it
        first = facts["kegiatan_indicator_rows"][0]
        assert raw[first] * 1000 == values[first]


def test_rupiah_percentages_are_not_money(facts, table):
    for col in facts["rupiah_percent_columns"]:  # "Tingkat capaian … (%) / Rp.": a percentage
        field = _field_at(table, col)
        assert table.field_types[field] == "percent", field
        assert field not in table.field_scale


def test_real_evaluation_gives_no_false_ratio_or_range_errors(facts):
    """Its Rp columns hold billions of rupiah: never a capaian, never a percentage."""
    from reconcile.checks import run_rules
    from reconcile.config import Config
    from reconcile.read import read_workbook

    codes = {"RATIO-X100", "PCT-RANGE", "RATIO-CAPAIAN", "RATIO-ANGGARAN", "TRIWULAN-SUM"}
    for name in (facts["file"], JEMBER):
        findings = run_rules(read_workbook(REAL / name), Config(), "id", codes)
        assert [(f.rule, f.cell) for f in findings if f.severity == "error"] == [], name


def test_export_laporan_header_maps_every_k_and_rp_column():
    """Kab. Jember's export: the column-number row (with "14 = 13/8*100") comes before the K / Rp
    row; every K and Rp column of every group and triwulan is mapped, with the title's year."""
    from python_calamine import CalamineWorkbook

    from reconcile.config import Config
    from reconcile.read.grid import load_book
    from reconcile.read.headers import HeaderMatcher, base_field
    from reconcile.read.tables import TableFinder

    # independent of the reader: which columns say K / Rp, and the triwulan above them
    sheet = CalamineWorkbook.from_path(str(REAL / JEMBER)).get_sheet_by_name("Sheet1")
    rows = sheet.to_python(skip_empty_area=False)
    kr_row = next(i for i, r in enumerate(rows) if "K" in r and "Rp" in r) + 1
    sub = {i + 1: v for i, v in enumerate(rows[kr_row - 1]) if v in ("K", "Rp")}
    assert len(sub) == 20 and kr_row == 5

    config = Config()
    matcher = HeaderMatcher(config.columns)
    grids, _ = load_book(REAL / JEMBER)
    spans = TableFinder(matcher, config.table_kinds).find(grids[0])
    assert len(spans) == 1
    span = spans[0]
    assert (span.block.first_row, span.block.last_row) == (2, 5)
    assert span.kind == "evaluasi_triwulan"
    by_col = {c: f for f, c in span.cmap.columns.items()}
    assert set(sub) <= set(by_col), sorted(set(sub) - set(by_col))
    for col, kind in sub.items():  # K: a kinerja value or its tingkat (%); Rp: rupiah or its ratio (%)
        ftype = span.cmap.types[by_col[col]]
        assert ftype in (("target", "percent") if kind == "K" else ("money", "percent")), (col, by_col[col])
    # triwulan I-IV: columns K..R
    for n, col in enumerate(range(11, 19, 2), start=1):
        assert by_col[col] == f"realisasi_tw{n}_2020" and by_col[col + 1] == f"realisasi_anggaran_tw{n}_2020"
    assert {base_field(by_col[c]) for c in (7, 8)} == {"realisasi_kumulatif", "realisasi_anggaran_kumulatif"}
    assert by_col[7].endswith("_2019") and by_col[9] == "target_2020" and by_col[10] == "anggaran_2020"
    assert by_col[19] == "realisasi_2020" and by_col[20] == "realisasi_anggaran_2020"
    assert by_col[21] == "capaian_2020" and by_col[22] == "rasio_anggaran_2020"
    assert by_col[23] == "realisasi_kumulatif_2020" and by_col[24] == "realisasi_anggaran_kumulatif_2020"
    assert by_col[25] == "capaian_renstra_2020" and by_col[26] == "rasio_anggaran_renstra_2020"
    assert by_col[6] == "target_renstra_2021"  # "Target RPJMD … pada Tahun 2021": one column, no K / Rp


def test_hierarchy_follows_the_facts(facts, table):
    """Programs and kegiatan as the facts name them; every further indicator row is a detail of
    its kegiatan; no row of the table is a sub kegiatan (the 13/2006 scheme has none)."""
    level, parent = table.column("level"), table.column("parent")
    assert sorted(r for r in table.rows if level[r] == "program") == facts["program_rows"]
    assert sorted(r for r in table.rows if level[r] == "kegiatan") == facts["kegiatan_rows"]
    assert {str(k): parent[k] for k in facts["kegiatan_rows"]} == facts["kegiatan_program"]
    assert {str(r): parent[r] for r in table.rows if level[r] == "detail"} == facts["continuation_of"]
    assert not any(level[r] == "sub_kegiatan" for r in table.rows)


def test_programs_against_their_rows_as_the_facts_add_them(facts, table):
    """What PAGU-SUM would compare on this table once a kegiatan's amount counts the rows that
    continue it: each program's cell against its kegiatan rows and their details. Only AB17
    differs (Rp 656.244.000 typed, Rp 4.374.960.000 in its rows)."""
    level, parent = table.column("level"), table.column("parent")
    mismatched = []
    for col, sums in facts["money_sums_rupiah"].items():
        field = _field_at(table, col)
        values = table.column(field)
        for prog, (declared, rows_sum) in sums["program_vs_its_rows"].items():
            p = int(prog)
            mine = [r for r in table.rows if (level[r] == "kegiatan" and parent[r] == p)
                    or (level[r] == "detail" and parent.get(parent[r]) == p)]
            got = sum(v for r in mine if (v := values.get(r)) == v and v is not None)
            assert round(got) == rows_sum, (col, prog)
            if declared != rows_sum:
                mismatched.append(f"{col}{prog}")
    assert mismatched == ["AB17"]


def test_money_sum_is_the_kegiatan_and_their_rows(facts, table):
    """No sub kegiatan here: the table's sum is over its kegiatan and the rows continuing them."""
    for col in facts["money_thousands_columns"]:
        assert round(table.money_sum(_field_at(table, col))) == facts["money_sums_rupiah"][col]["kegiatan_rows"], col
