"""The official nomenclature loader: every layout, the lookups, and the reference lists."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import SHARED

from reconcile.config import Config
from reconcile.nomenklatur import (
    Entry,
    Nomenklatur,
    NomenklaturError,
    configured_nomenklatur,
    load_nomenklatur,
)

REFERENCE = SHARED / "reference"
CSV_2023 = REFERENCE / "nomenklatur_kepmendagri_900-1317-2023_sesendok.csv"
CSV_2027 = REFERENCE / "nomenklatur_2027_pemutakhiran_sesendok.csv"
XLSX_SPLIT = REFERENCE / "allweDepth__sesendok__11. Sub keg 900.xlsx"
XLSX_COMBINED = REFERENCE / "allweDepth__sesendok__nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx"

TINY_CSV = """kode,level,nomenklatur,kinerja
X.XX,bidang,URUSAN PEMERINTAHAN BIDANG XX,
X.XX.01,program,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA,
X.XX.01.2.08,kegiatan,Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah,
X.XX.01.2.08.0003,sub_kegiatan,Penyediaan Jasa Peralatan dan Perlengkapan Kantor,Tersedianya Jasa
2.07,bidang,URUSAN PEMERINTAHAN BIDANG TENAGA KERJA,
2.07.03,program,PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA,
2.07.03.2.01,kegiatan,Pelaksanaan Pelatihan berdasarkan Unit Kompetensi,
2.07.03.2.01.0001,sub_kegiatan,"Proses   Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja berdasarkan Klaster Kompetensi",
2.07.02.2.01.0001,sub_kegiatan,Penyusunan Rencana Tenaga Kerja Makro,
2.07.02.2.01.0003,sub_kegiatan,Fasilitasi Penyusunan Rencana Tenaga Kerja Mikro,
"""


def _tiny(tmp_path) -> Path:
    p = tmp_path / "nomen.csv"
    p.write_text(TINY_CSV, encoding="utf-8")
    return p


def test_code_and_name_columns_csv_lookups(tmp_path):
    nom = load_nomenklatur(_tiny(tmp_path))
    assert nom.layouts == ["code_name"] and len(nom) == 10
    assert nom.official_names("2.07.03.2.01") == ["Pelaksanaan Pelatihan berdasarkan Unit Kompetensi"]
    # printed code variants and the generic Penunjang program of every bidang
    assert nom.official_names("2 07 03 2.01") == ["Pelaksanaan Pelatihan berdasarkan Unit Kompetensi"]
    assert nom.official_names("2.07.01.2.08.0003") == ["Penyediaan Jasa Peralatan dan Perlengkapan Kantor"]
    assert nom.by_code("9.99.99") == []
    # whitespace collapsed; lookups by normalised name, per level
    sub = nom.by_code("2.07.03.2.01.0001")[0]
    assert sub.name.startswith("Proses Pelaksanaan Pendidikan") and sub.level == "sub_kegiatan"
    assert [e.code for e in nom.by_name("penyediaan jasa PERALATAN dan perlengkapan kantor.", "sub_kegiatan")] == \
        ["X.XX.01.2.08.0003"]
    assert nom.by_name("Penyediaan Jasa Peralatan dan Perlengkapan Kantor", "kegiatan") == []
    assert [e.code for e in nom.by_name("urusan pemerintahan bidang tenaga kerja", "urusan")] == ["2.07"]
    assert nom.counts() == {"urusan": 0, "bidang": 2, "program": 2, "kegiatan": 2, "sub_kegiatan": 4}


def test_nearest_name_with_cutoff_and_longer_names(tmp_path):
    nom = load_nomenklatur(_tiny(tmp_path))
    m = nom.nearest("Peyediaan Jasa Peralatan dan Perlengkapan Kantor", "sub_kegiatan", 90)
    assert m.entry.code == "X.XX.01.2.08.0003" and 95 < m.score < 100
    assert nom.nearest("Pengadaan Mebel", "sub_kegiatan", 90) is None
    assert nom.nearest("Penyediaan Jasa Peralatan dan Perlengkapan Kantor", "sub_kegiatan").score == 100
    longer = nom.containing("Penyusunan Rencana Tenaga Kerja Mikro", "sub_kegiatan")
    assert [e.code for e in longer] == ["2.07.02.2.01.0003"]
    assert nom.has_word("makro", "sub_kegiatan") and not nom.has_word("peyediaan")


def test_split_code_columns_xlsx(xlsx):
    rows = [
        ["URUSAN/UNSUR", "BIDANG URUSAN/BIDANG UNSUR", "PROGRAM", "KEGIATAN", "SUB KEGIATAN", "NOMENKLATUR URUSAN",
         "KINERJA", "INDIKATOR"],
        ["X", "XX", None, None, None, "URUSAN  PEMERINTAHAN BIDANG XX"],
        ["X", "XX", 1, None, None, "PROGRAM  PENUNJANG URUSAN   PEMERINTAHAN DAERAH KABUPATEN/KOTA"],
        ["X", "XX", 1, "2.01", None, "Perencanaan,  Penganggaran,  dan Evaluasi Kinerja Perangkat Daerah"],
        ["X", "XX", 1, "2.01", 1, "Penyusunan     Dokumen Perencanaan\nPerangkat Daerah", "Tersusunnya", "Jumlah"],
        [2, 7, None, None, None, "URUSAN PEMERINTAHAN BIDANG TENAGA KERJA"],
        [2, 7, 5, "2.02", None, "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial"],
        [2, 7, 5, "2.02", 4, "Pelaksanaan Operasional Lembaga Kerja Sama Tripartit Daerah Kabupaten/Kota"],
        [2, 7, 4, 2.1, 12, "A kegiatan part typed as a number keeps two decimals"],
    ]
    nom = load_nomenklatur(xlsx({"subkeg": rows}, money_format=False))
    assert nom.layouts == ["split"]
    assert nom.official_names("X.XX.01.2.01.0001") == ["Penyusunan Dokumen Perencanaan Perangkat Daerah"]
    assert nom.official_names("2.07.05.2.02.0004") == [
        "Pelaksanaan Operasional Lembaga Kerja Sama Tripartit Daerah Kabupaten/Kota"]
    assert nom.by_code("2.07")[0].level == "bidang"
    assert nom.by_code("2.07.04.2.10.0012")[0].name.startswith("A kegiatan part")
    assert nom.by_code("X.XX.01")[0].level == "program"


def test_code_and_name_in_one_cell_per_level_xlsx(xlsx):
    rows = [
        ["JENIS PEMDA", "BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN", "KINERJA", "SUBKEGIATAN SEBELUMNYA"],
        ["KABKOT", "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "2.07.03 PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS "
         "TENAGA KERJA", "2.07.03.2.01 Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
         "2.07.03.2.01.0007 Sertifikasi Kompetensi Kerja", "Terlaksananya", "2.07.03.2.01.0004"],
        ["KABKOT", "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "2.07.03 PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS "
         "TENAGA KERJA", "2.07.03.2.01 Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
         "2.07.03.2.01.0010 Pemagangan Dalam Negeri", "Terlaksananya", None],
        ["PROV", "2.07 URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", "2.07.03 PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS "
         "TENAGA KERJA", "2.07.03.1.01 Pelaksanaan Pelatihan berdasarkan Klaster Kompetensi",
         "2.07.03.1.01.0001 Proses Pelaksanaan Pelatihan", "Terlaksananya", None],
    ]
    nom = load_nomenklatur(xlsx({"Worksheet": rows}))
    assert nom.layouts == ["combined"]
    assert nom.official_names("2.07.03.2.01.0010") == ["Pemagangan Dalam Negeri"]
    # parents are entries too, once per jenis pemda; the "sebelumnya" column is not read as a level
    assert {e.jenis for e in nom.by_code("2.07.03")} == {"KABKOT", "PROV"}
    assert nom.by_code("2.07.03.2.01.0004") == []
    assert nom.counts()["kegiatan"] == 2 and nom.counts()["sub_kegiatan"] == 3


def test_unreadable_or_unrecognised_lists_raise_a_config_error(tmp_path, xlsx):
    with pytest.raises(NomenklaturError, match="not found"):
        load_nomenklatur(tmp_path / "missing.csv")
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(NomenklaturError, match="no nomenclature found"):
        load_nomenklatur(odd)
    with pytest.raises(NomenklaturError):
        load_nomenklatur(xlsx({"S": [["Nama", "Umur"], ["x", 1]]}))


def test_semicolon_csv_and_cache(tmp_path):
    p = tmp_path / "semi.csv"
    p.write_text("Kode;Uraian\n2.07.03;PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA\n", encoding="cp1252")
    first = load_nomenklatur(p)
    assert first.official_names("2.07.03") == ["PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA"]
    assert load_nomenklatur(p) is first  # unchanged file: cached


def test_configured_list_from_overrides_or_rules_file(tmp_path):
    tiny = _tiny(tmp_path)
    assert configured_nomenklatur(Config()) is None
    cfg = Config()
    cfg.overrides["nomenklatur"] = str(tiny)
    assert len(configured_nomenklatur(cfg)) == 10
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "nomenclature.yaml").write_text("file: ../nomen.csv\n", encoding="utf-8")
    assert len(configured_nomenklatur(Config(rules_dir=rules))) == 10
    two = tmp_path / "two.csv"
    two.write_text("kode,nomenklatur\n2.07.05,PROGRAM HUBUNGAN INDUSTRIAL\n", encoding="utf-8")
    cfg.overrides["nomenklatur"] = [str(tiny), str(two)]
    merged = configured_nomenklatur(cfg)
    assert len(merged) == 11 and merged.official_names("2.07.05") == ["PROGRAM HUBUNGAN INDUSTRIAL"]


def test_entries_built_in_code():
    nom = Nomenklatur([Entry("2.07.05", "program", "PROGRAM HUBUNGAN INDUSTRIAL")])
    assert nom.by_name("Program Hubungan Industrial", "program")[0].frame_level == "program"


# ----------------------------------------------------------------------------- reference lists

def _timed(path: Path) -> tuple[Nomenklatur, float]:
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    from reconcile.nomenklatur import _load_cached

    _load_cached.cache_clear()
    t = time.perf_counter()
    nom = load_nomenklatur(path)
    return nom, time.perf_counter() - t


def test_reference_kepmendagri_2023_csv():
    nom, seconds = _timed(CSV_2023)
    print(f"{CSV_2023.name}: {len(nom)} entries in {seconds:.2f}s")
    assert nom.layouts == ["code_name"] and seconds < 5
    assert nom.counts() == {"urusan": 10, "bidang": 45, "program": 188, "kegiatan": 729, "sub_kegiatan": 3395}
    assert nom.official_names("2.07.03.2.01") == ["Pelaksanaan Pelatihan berdasarkan Unit Kompetensi"]
    assert nom.official_names("2.07.05") == ["PROGRAM HUBUNGAN INDUSTRIAL"]
    assert len([e for e in nom if e.code.startswith("2.07.")]) == 62  # SOURCES.md: "2.07: 62 rows"
    assert nom.official_names("2.07.01.2.01.0001") == ["Penyusunan Dokumen Perencanaan Perangkat Daerah"]


def test_reference_kepmendagri_2023_split_xlsx_matches_the_csv():
    nom, seconds = _timed(XLSX_SPLIT)
    print(f"{XLSX_SPLIT.name}: {len(nom)} entries in {seconds:.2f}s")
    assert nom.layouts == ["split"] and seconds < 5
    assert nom.counts() == {"urusan": 10, "bidang": 45, "program": 188, "kegiatan": 729, "sub_kegiatan": 3395}
    assert nom.official_names("2.07.03.2.01") == ["Pelaksanaan Pelatihan berdasarkan Unit Kompetensi"]
    assert nom.official_names("2.07.05.2.02.0004") == [
        "Pelaksanaan Operasional Lembaga Kerja Sama Tripartit Daerah Kabupaten/Kota"]
    if CSV_2023.exists():
        csv_codes = {e.code for e in load_nomenklatur(CSV_2023)}
        assert {e.code for e in nom} == csv_codes


def test_reference_2027_csv_and_combined_xlsx():
    for path, layout in ((CSV_2027, "code_name"), (XLSX_COMBINED, "combined")):
        nom, seconds = _timed(path)
        print(f"{path.name}: {len(nom)} entries in {seconds:.2f}s")
        assert nom.layouts == [layout] and seconds < 10
        counts = nom.counts()
        assert counts["sub_kegiatan"] > 7000 and counts["kegiatan"] > 1000 and counts["program"] > 200
        assert nom.official_names("2.07.03.2.01") == ["Pelaksanaan Pelatihan berdasarkan Unit Kompetensi"]
        assert {e.jenis for e in nom.by_code("2.07.03")} == {"PROV", "KABKOT"}
        assert len({e.code for e in nom if e.code.startswith("2.07.") and e.level == "sub_kegiatan"}) > 40


def test_reference_nearest_is_fast():
    if not CSV_2027.exists():
        pytest.skip("reference list not available")
    nom = load_nomenklatur(CSV_2027)
    names = [e.name for e in nom if e.level == "sub_kegiatan"][:300]
    t = time.perf_counter()
    for n in names:
        assert nom.nearest(n[:-1] + "x", "sub_kegiatan", 85) is not None
    seconds = time.perf_counter() - t
    print(f"300 nearest-name lookups among {nom.counts()['sub_kegiatan']} sub kegiatan: {seconds:.2f}s")
    assert seconds < 5
    m = nom.nearest("Peyediaan Jasa Peralatan dan Perlengkapan Kantor", "sub_kegiatan")
    assert m.entry.name == "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"
