"""A finding as data (issue 14, item 5) for the number_format, ratios, evaluasi and rincian
families: every message of every rule, made in an Indonesian run and rendered in English (and
back), equals the run in that language, on a workbook that triggers it (the seed, or a tiny one
built here); and every template of those rules is rendered by one of these workbooks."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import xlsxwriter
from conftest import Formula
from test_evaluasi import GOOD as QUARTERS_GOOD
from test_evaluasi import _book as evaluation_book
from test_evaluasi import _row as evaluation_row
from test_growth_rate import HEADER as GROWTH_HEADER
from test_growth_rate import MERGES as GROWTH_MERGES
from test_number_format import ANGGARAN, _plan
from test_ratios import KAT_HEADER, NARASI_OK
from test_rincian import GOOD as LINES_GOOD
from test_rincian import _form as dpa_form

from reconcile.checks import run_rules
from reconcile.checks.registry import all_rules
from reconcile.config import Config
from reconcile.read import read_workbook

SEED = Path(__file__).resolve().parents[2] / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"
FAMILIES = ("number_format", "ratios", "evaluasi", "rincian")
RULES = [r for r in all_rules() if r.family in FAMILIES]
CODES = {r.code for r in RULES}


def _errors_and_formulas(tmp_path: Path) -> Path:
    """Formulas without a stored value, one per cause, and cells holding a cached error."""
    path = tmp_path / "formulas.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["Pagu", "Realisasi", "Rasio", "Catatan", "Sumber", "Jumlah", "Teks"])
    ws.write_formula(1, 0, "=1/0", None, "#DIV/0!")  # an error of its own
    ws.write_formula(1, 1, "=A2*1000", None, "#DIV/0!")  # an error from A2
    for col, formula in ((2, "=A2+5"), (3, '=IFERROR(F2+#REF!,"")'), (4, "=[1]Rekap!B7"), (5, "=SUM(F3:F9)")):
        ws.write_formula(1, col, formula, None, "")  # no stored value
    ws.write_string(1, 6, "#N/A")  # an error value typed as text
    wb.close()
    return path


def _quarters(xlsx, tmp_path):
    wrong_rp = evaluation_row(2, "2.07.01.2.02", "Administrasi Keuangan Perangkat Daerah", "Jumlah Laporan Keuangan",
                              ("4 Laporan", 1000), [("1 Laporan", 100), ("1 Laporan", 200), ("1 Laporan", 300),
                                                    ("1 Laporan", 400)], ("4 Laporan", 1200), (100, 120))
    wrong_k = evaluation_row(3, "2.07.01.2.03", "Administrasi Umum Perangkat Daerah", "Jumlah Dokumen Laporan",
                             ("12 Dokumen", 1000), [("3 Dokumen", 250), ("3 Dokumen", 250), ("3 Dokumen", 250),
                                                    ("3 Dokumen", 250)], ("10 Dokumen", 1000), (83.33, 100))
    # filled cumulatively: 1, 2, 3, 4 laporan "up to" each quarter, the year's 4
    cumulative = evaluation_row(4, "2.07.01.2.04", "Pengelolaan Barang Milik Daerah", "Jumlah Laporan BMD",
                                ("4 Laporan", 400), [("1 Laporan", 100), ("2 Laporan", 200), ("3 Laporan", 300),
                                                     ("4 Laporan", 400)], ("4 Laporan", 400), (100, 100))
    return evaluation_book(xlsx, QUARTERS_GOOD, wrong_rp, wrong_k, cumulative)


def _numbers(xlsx, tmp_path):
    rows = _plan(subs=("Rp 8.160.000", "12 34", "4.704.246.00"),
                 indicators=["Persentase kasus yang diselesaikan", "Jumlah dokumen", "Jumlah dokumen"],
                 targets=["120%", "1 Dokumen", "Rp. 156.400. 000"])
    rows[1][4] = "null"  # a program's placeholder
    rows[2][4] = "########"  # a ##### display pasted as text
    ratios = [ANGGARAN, [1, "Program Penunjang", 100_000_000, None, "5400%"],
              [2, "Program Pelatihan Kerja", 100_000_000, "-", "-5%"],
              [3, "Program Hubungan Industrial", 100_000_000, 50_000_000, "5,000.5%"]]
    return xlsx({"Tabel 4.1": rows, "Anggaran": ratios})


def _categories(xlsx, tmp_path):
    return xlsx({"Evaluasi": [KAT_HEADER, [1, "Persentase A", "80%", "40%", "50%", "Berhasil"],
                              [2, "Persentase B", "62%", "28,28%", "4.561,29", "Sangat Berhasil"],
                              [3, "Persentase C", "80%", "40%", "50%", "Gagal Total"]],
                 "BAB II": [["2.1 Evaluasi"], [NARASI_OK.replace("Sangat Berhasil", "Cukup Berhasil")]]})


def _growth(xlsx, tmp_path):
    # anggaran 100 -> 110 -> 121 rises under every reading, printed -10 (a rise printed as a decline);
    # realisasi 90 -> 99 -> 108,9 (+10 % a year) printed 25 (no reading gives it)
    rows = [["1", "Program A", 100_000_000, 110_000_000, 121_000_000, 90_000_000, 99_000_000, 108_900_000,
             "90%", "90%", "90%", "-10", "25"]]
    return xlsx({"Anggaran": GROWTH_HEADER + rows}, merges=GROWTH_MERGES)


def _dpa(xlsx, tmp_path):
    return dpa_form(xlsx, LINES_GOOD + [[None, "Honorarium narasumber", 6, "Orang/Jam", 900_000, 5_600_000]])


def _uncached_plan(xlsx, tmp_path):
    rows = _plan()
    rows[2][4] = Formula("=SUM(E4:E6)")
    return xlsx({"Tabel 4.1": rows})


CASES = {
    "seed": lambda xlsx, tmp_path: SEED,
    "formulas": lambda xlsx, tmp_path: _errors_and_formulas(tmp_path),
    "uncached plan": _uncached_plan,
    "numbers": _numbers,
    "categories": _categories,
    "quarters": _quarters,
    "dpa": _dpa,
    "growth": _growth,
}


def _both(source):
    wb = source if not isinstance(source, Path) else read_workbook(source)
    return run_rules(wb, Config(), "id", only=CODES), run_rules(wb, Config(), "en", only=CODES)


def _key(finding) -> str:
    """Which of its rule's messages a finding was made from."""
    rule = next(r for r in RULES if r.code == finding.rule)
    return next(k for k, templates in rule.messages.items() if templates is finding.data.templates)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Per case: the findings of an Indonesian and of an English run of every rule of the families."""
    from conftest import build_xlsx

    tmp = tmp_path_factory.mktemp("finding-data")
    counter = iter(range(1000))

    def xlsx(sheets, **kw):
        return build_xlsx(tmp / f"wb{next(counter)}.xlsx", sheets, **kw)

    out = {}
    for name, build in CASES.items():
        case_dir = tmp / name.replace(" ", "-")
        case_dir.mkdir()
        out[name] = _both(build(xlsx, case_dir))
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_an_indonesian_run_renders_as_the_english_run(rendered, case):
    in_id, in_en = rendered[case]
    assert in_id, f"{case}: no finding of these families"
    assert [(f.rule, f.sheet, f.cell) for f in in_id] == [(f.rule, f.sheet, f.cell) for f in in_en]
    for fid, fen in zip(in_id, in_en):
        assert fid.data is not None and fen.data is not None, fid.rule
        assert fid.in_lang("en").to_json() == fen.to_json()
        assert fen.in_lang("id").to_json() == fid.to_json()
        assert fid.in_lang("id") == fid


def test_every_template_of_every_rule_is_rendered(rendered):
    used = {(f.rule, _key(f)) for in_id, _ in rendered.values() for f in in_id}
    every = {(r.code, k) for r in RULES for k in r.messages}
    assert every - used == set()


def test_each_rule_speaks_through_its_templates_only():
    for rule in RULES:
        source = inspect.getsource(inspect.getmodule(rule))
        assert rule.messages, rule.code
        assert "self.finding(" not in source and "ctx.t(" not in source and "ctx.num(" not in source, rule.code


def test_formula_nocache_causes_render_in_both_languages(rendered):
    in_id, in_en = rendered["formulas"]
    nocache = {f.cell: (_key(f), f, e) for f, e in zip(in_id, in_en) if f.rule == "FORMULA-NOCACHE"}
    assert {cell: key for cell, (key, _, _) in nocache.items()} == {
        "C2": "error_input", "D2": "error_in_formula", "E2": "external", "F2": "never_recalculated"}
    _, fid, fen = nocache["C2"]
    assert fid.data.args["source"] == "A2" and fid.data.args["err"] == "#DIV/0!" and fid.related == ["'S'!A2"]
    assert "refers to A2, which holds the error #DIV/0!" in fen.message
    assert "another workbook ([1]Rekap)" in nocache["E2"][2].message


def test_english_quotes_a_cell_text_beside_english_numbers():
    """RATIO-CAPAIAN on the seed's 'Tabel 2.1'!E7: the cells read 118,37% and 59,45%; the English
    message quotes them as written and prints what it computes in English notation."""
    in_id, in_en = _both(SEED)
    (fid,) = [f for f in in_id if (f.rule, f.cell) == ("RATIO-CAPAIAN", "E7")]
    fen = fid.in_lang("en")
    assert "tertulis 118,37%, padahal realisasi 59,45% / target 52% × 100 = 114,33%" in fid.message
    assert "shows '118,37%', but realisasi '59,45%' / target 52% × 100 = 114.33%" in fen.message
    assert (fen.expected, fen.actual) == ("114.33%", "118,37%")
