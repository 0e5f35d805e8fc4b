"""Completeness rules (REQ-EMPTY, FUND-SOURCE) on tiny workbooks built in the tests."""
from __future__ import annotations

from conftest import Formula

from reconcile.checks import run_rules
from reconcile.checks.completeness.analysis import SourceMatcher
from reconcile.config import Config, load_config
from reconcile.read import read_workbook

HEADER = ["No", "Uraian", "Indikator Keluaran", "Target Keluaran", "Lokasi", "Pagu Indikatif (Rp)", "Sumber Dana"]
SUBS = [(1, "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah dokumen perencanaan", "4 Dokumen",
         "Kota Pontianak", 8_160_000, "PAD"),
        (2, "Koordinasi dan Penyusunan Laporan Capaian Kinerja", "Jumlah laporan capaian kinerja", "12 Laporan",
         "Kota Pontianak", 4_500_000, "Dana Transfer Umum - Dana Alokasi Umum (DAU)"),
        (3, "Evaluasi Kinerja Perangkat Daerah", "Jumlah laporan evaluasi kinerja", "4 Laporan",
         "Kota Pontianak", 2_700_000, "PAD / DAK Fisik")]


def _plan(subs=SUBS):
    rows = [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, 15_360_000, None],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", None, None, None, 15_360_000, None]]
    return rows + [list(s) for s in subs]


def _with(subs, i, col, value):
    out = [list(s) for s in subs]
    out[i][col] = value
    return out


def _run(path, code, lang="id", config=None):
    return [f for f in run_rules(read_workbook(path), config or Config(), lang, only={code}) if f.rule == code]


# --------------------------------------------------------------------------- REQ-EMPTY


def test_req_empty_one_finding_per_empty_required_cell(xlsx):
    subs = _with(_with(_with(SUBS, 0, 4, None), 1, 3, "-"), 2, 5, None)
    path = xlsx({"Tabel 4.1": _plan(subs)})
    findings = _run(path, "REQ-EMPTY")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [
        ("Tabel 4.1", "E4", "warning"), ("Tabel 4.1", "D5", "warning"), ("Tabel 4.1", "F6", "warning")]
    lokasi, target, pagu = findings
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" in lokasi.message and "lokasi" in lokasi.message
    assert lokasi.expected == "lokasi terisi" and lokasi.actual == ""
    assert target.actual == "-" and "hanya berisi \"-\"" in target.message
    assert "pagu indikatif" in pagu.message and "Evaluasi Kinerja" in pagu.message
    assert lokasi.related == ["'Tabel 4.1'!B4"]


def test_req_empty_english_and_indicator_required(xlsx):
    path = xlsx({"S": _plan(_with(SUBS, 2, 2, None))})
    (f,) = _run(path, "REQ-EMPTY", lang="en")
    assert f.cell == "C6" and "performance indicator" in f.message and "is empty" in f.message


def test_req_empty_silent_on_complete_rows_merged_location_nil_pagu_and_uncached_formula(xlsx):
    subs = _with(_with(_with(SUBS, 1, 4, None), 2, 4, None), 1, 5, "-")  # lokasi merged E4:E6 below
    subs = _with(subs, 2, 5, Formula("=1000+1700"))  # formula with no cached value: not empty
    path = xlsx({"S": _plan(subs)}, merges={"S": ["E4:E6"]})
    assert _run(path, "REQ-EMPTY") == []
    # the same rows without the merge: the two lokasi cells are empty
    path = xlsx({"S": _plan(subs)})
    assert [f.cell for f in _run(path, "REQ-EMPTY")] == ["E5", "E6"]


def test_req_empty_program_and_kegiatan_rows_are_not_required_by_default(xlsx):
    path = xlsx({"S": _plan()})  # the program/kegiatan rows have no indikator/lokasi/sumber dana
    assert _run(path, "REQ-EMPTY") == []
    assert list(read_workbook(path).tables[0].frame["level"][:2]) == ["program", "kegiatan"]


REVIEW_H1 = ["No", "Rancangan Awal RKPD", None, None, None, None, "Hasil Analisis Kebutuhan", None, None, None, None,
             "Catatan Penting"]
REVIEW_H2 = [None, "Program / Kegiatan / Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
             "Pagu Indikatif", "Program / Kegiatan / Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
             "Pagu Indikatif", None]


def test_req_empty_both_sides_of_the_review_table(xlsx):
    side = ["Kota Pontianak", "Persentase", "100%", 15_360_000]
    rows = [REVIEW_H1, REVIEW_H2,
            ["I", "PROGRAM PENUNJANG", *side, "PROGRAM PENUNJANG", *side, None],
            ["A", "Perencanaan", *side, "Perencanaan", *side, None],
            [1, "Penyusunan Dokumen", "Kota Pontianak", "Jumlah dokumen", "1 Dokumen", 8_160_000,
             "Penyusunan Dokumen", None, "Jumlah dokumen", "1 Dokumen", 8_160_000, None],
            [2, "Evaluasi Kinerja", None, "Jumlah laporan", "2 Laporan", 7_200_000,
             "Evaluasi Kinerja", "Kota Pontianak", "Jumlah laporan", "2 Laporan", 7_200_000, None],
            # only on the analysis side: a new item, its empty RKPD side is not reported
            [3, None, None, None, None, None, "Sub kegiatan baru", "Kota Pontianak", "Jumlah paket", "1 Paket",
             1_000_000, "usulan baru"]]
    path = xlsx({"Tabel 2.6": rows}, merges={"Tabel 2.6": ["A1:A2", "B1:F1", "G1:K1", "L1:L2"]})
    findings = _run(path, "REQ-EMPTY")
    assert [(f.cell, f.severity) for f in findings] == [("H5", "warning"), ("C6", "warning")]
    assert "Hasil Analisis Kebutuhan / Lokasi" in findings[0].message
    assert "Rancangan Awal RKPD / Lokasi" in findings[1].message


def test_req_empty_requirements_are_configurable(xlsx, tmp_path):
    path = xlsx({"S": _plan(_with(SUBS, 0, 6, None))})
    assert [f.cell for f in _run(path, "REQ-EMPTY")] == ["G4"]
    cfg = tmp_path / "rules"
    cfg.mkdir()
    (cfg / "completeness.yaml").write_text(
        "required:\n  rincian:\n    sub_kegiatan:\n      pagu: [pagu]\n", encoding="utf-8")
    assert _run(path, "REQ-EMPTY", config=load_config(cfg)) == []


# --------------------------------------------------------------------------- FUND-SOURCE


def test_fund_source_broken_name_with_the_nearest_known_source(xlsx):
    path = xlsx({"Tabel 3.2": _plan(_with(SUBS, 1, 6, "Dana Transfer Umum/Dan a Bagi Hasil"))})
    (f,) = _run(path, "FUND-SOURCE")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 3.2", "G5", "warning")
    assert f.expected == "Dana Transfer Umum/Dana Bagi Hasil"
    assert f.actual == "Dana Transfer Umum/Dan a Bagi Hasil"
    assert "\"Dan a Bagi Hasil\" (mungkin maksudnya \"Dana Bagi Hasil\")" in f.message
    assert "Koordinasi dan Penyusunan" in f.message


def test_fund_source_misspelling_and_unknown_source(xlsx):
    subs = _with(_with(SUBS, 0, 6, "Dana Alokasi Umun"), 2, 6, "PAD; Dana Kampanye")
    path = xlsx({"S": _plan(subs)})
    findings = {f.cell: f for f in _run(path, "FUND-SOURCE", lang="en")}
    assert set(findings) == {"G4", "G6"}
    assert findings["G4"].expected == "Dana Alokasi Umum"
    assert "did you mean \"Dana Alokasi Umum\"" in findings["G4"].message
    assert "\"Dana Kampanye\" is not a known source" in findings["G6"].message
    assert "did you mean" not in findings["G6"].message


def test_fund_source_accepts_known_sources_in_their_usual_spellings(xlsx):
    cells = ["PAD", "pad", "Dana Transfer Umum – Dana Alokasi Umum (DAU)", "Dana Transfer Umum-Dana Alokasi\nUmum",
             "PAD / DAK Fisik", "DAU dan DBH", "APBD Kota Pontianak", "Pendapatan Asli Daerah + Dana Bagi Hasil",
             "Lain-lain Pendapatan Daerah yang Sah", "APBD Kab/Kota", "Dana Alokasi Umum (DAU)", "DAK Non Fisik"]
    subs = [(i + 1, f"Sub kegiatan {i + 1}", "Jumlah dokumen", "1 Dokumen", "Kota Pontianak", 1_000, c)
            for i, c in enumerate(cells + ["DAK Fsik"])]
    path = xlsx({"S": _plan(subs)})
    findings = _run(path, "FUND-SOURCE")
    assert [(f.cell, f.expected) for f in findings] == [(f"G{4 + len(cells)}", "DAK Fisik")]  # only the typo


def test_fund_source_list_is_configurable(xlsx, tmp_path):
    path = xlsx({"S": _plan(_with(SUBS, 0, 6, "Dana Kampanye"))})
    assert [f.cell for f in _run(path, "FUND-SOURCE")] == ["G4"]
    cfg = tmp_path / "rules"
    cfg.mkdir()
    (cfg / "completeness.yaml").write_text(
        "funding_sources:\n  - {name: PAD, spellings: [PAD]}\n  - {name: Dana Kampanye, spellings: []}\n"
        "  - {name: DAU, spellings: [Dana Transfer Umum - Dana Alokasi Umum]}\n  - {name: DAK, spellings: [DAK Fisik]}\n",
        encoding="utf-8")
    assert _run(path, "FUND-SOURCE", config=load_config(cfg)) == []


def test_source_matcher_splits_and_rejoins_parts():
    m = SourceMatcher(Config().load("completeness.yaml"))
    assert m.unknown_parts("PAD/Dana Transfer Umum/Dana Bagi Hasil") == []
    assert m.unknown_parts("Dan a Bagi Hasil") == ["Dan a Bagi Hasil"]  # "dan" is no separator here
    assert m.unknown_parts("DAU, DBH dan Sumbangan Pihak Ketiga") == ["DBH dan Sumbangan Pihak Ketiga"]
    assert m.nearest("Dan a Bagi Hasil", 75) == "Dana Bagi Hasil"
