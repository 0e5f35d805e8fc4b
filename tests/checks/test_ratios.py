"""RATIO-CAPAIAN, RATIO-ANGGARAN, RATIO-X100, CATEGORY-LABEL and CATEGORY-UNKNOWN on tiny
workbooks laid out like the evaluation tables of a Renja."""
from __future__ import annotations

from pathlib import Path

import yaml

from reconcile.checks import run_rules
from reconcile.config import Config, default_rules_dir
from reconcile.read import read_workbook
from reconcile.read.headers import base_field

# Tabel 2.1: one header row, the year only in the capaian header.
T21_HEADER = ["NO", "INDIKATOR KINERJA", "TARGET", "REALISASI", "CAPAIAN KINERJA TAHUN 2022"]
T21_TITLE = [["Tabel 2.1."], ["Perbandingan Realisasi Serta Capaian Indikator Kinerja Sasaran Tahun 2022"], []]

# Indicator history: merged group headers over a year row.
YEARS = [2020, 2021, 2022]
KIN_HEADER = [
    ["No", "Indikator Kinerja sesuai Tugas dan Fungsi Perangkat Daerah", "Target IK K",
     "Target Renstra Perangkat Daerah pada Tahun (000)", None, None,
     "Realisasi Capaian pada Tahun (000)", None, None, "Rasio Capaian pada Tahun", None, None],
    [None, None, None] + YEARS * 3,
]
KIN_MERGES = ["A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:I1", "J1:L1"]

# Budget history.
ANG_HEADER = [
    ["No", "Uraian ***)", "Anggaran pada Tahun", None, "Realisasi Anggaran pada Tahun", None,
     "Rasio antara Realisasi dan Anggaran Tahun", None],
    [None, None, 2020, 2021, 2020, 2021, 2020, 2021],
]
ANG_MERGES = ["A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:H1"]


def _run(path, *codes, lang="id", config=None):
    return [f for f in run_rules(read_workbook(path), config or Config(), lang, only=set(codes)) if f.rule in codes]


def _t21(*rows):
    return {"Tabel 2.1": T21_TITLE + [T21_HEADER] + [[i + 1, *r] for i, r in enumerate(rows)]}


# --------------------------------------------------------------------------- reader sanity


def test_reader_maps_the_evaluation_layouts_as_the_rules_expect(xlsx):
    path = xlsx({**_t21(["x", "1%", "1%", "100%"]),
                 "Kinerja": KIN_HEADER + [[1, "x", "V", "1%", "1%", "1%", "1%", "1%", "1%", "100%", "100%", "100%"]],
                 "Anggaran": ANG_HEADER + [[1, "Program A", 100, 100, 90, 90, "90%", "90%"]]},
                merges={"Kinerja": KIN_MERGES, "Anggaran": ANG_MERGES})
    t21, kin, ang = read_workbook(path).tables
    # the year of the table (title or capaian header) may or may not be carried to target/realisasi
    assert t21.kind == "kinerja" and t21.columns["capaian_2022"] == "E"
    assert {base_field(f): c for f, c in t21.columns.items()} == {
        "number": "A", "indikator": "B", "target": "C", "realisasi": "D", "capaian": "E"}
    assert kin.columns["target_renstra_2021"] == "E" and kin.columns["realisasi_2021"] == "H"
    assert kin.columns["capaian_2021"] == "K"
    assert ang.kind == "anggaran" and ang.columns["rasio_anggaran_2021"] == "H"
    assert ang.columns["anggaran_2021"] == "D" and ang.columns["realisasi_anggaran_2021"] == "F"


# --------------------------------------------------------------------------- RATIO-CAPAIAN


def test_ratio_capaian_flags_a_capaian_computed_against_another_target(xlsx):
    path = xlsx(_t21(["Besaran kasus yang diselesaikan dengan Perjanjian bersama (PB)", "52%", "59,45%", "118,37%"]))
    (f,) = _run(path, "RATIO-CAPAIAN")
    assert (f.rule, f.sheet, f.cell, f.severity) == ("RATIO-CAPAIAN", "Tabel 2.1", "E5", "error")
    assert f.expected == "114,33%" and f.actual == "118,37%"
    assert "59,45% / target 52% × 100 = 114,33%" in f.message and "Besaran kasus" in f.message
    assert "tahun 2022" in f.message
    assert f.related == ["'Tabel 2.1'!D5", "'Tabel 2.1'!C5"]
    (en,) = _run(path, "RATIO-CAPAIAN", lang="en")
    # the cells' own text quoted as written beside English numbers (no "59,45% … 114.33%")
    assert "shows '118,37%', but realisasi '59,45%' / target 52% × 100 = 114.33%" in en.message


def test_ratio_capaian_silent_when_the_capaian_matches_as_printed_rounded_or_cut_off(xlsx):
    path = xlsx(_t21(["Besaran kasus yang diselesaikan dengan Perjanjian bersama (PB)", "52%", "59,45%", "114,33%"],
                     ["Rasio Penduduk yang Bekerja", "90,03 %", "87,64 %", "97,35 %"],   # 97,3453 rounded
                     ["Tingkat kepuasan", "95%", "94,22%", "99%"],                        # 99,18 cut off
                     ["Jumlah dokumen", "30 Dokumen", "30 Dokumen", "100%"],
                     ["Persentase yang belum diisi", "-", "20%", "0%"],                    # no target: skipped
                     ["Persentase nol", "0 %", "0 %", "0"]))                               # target 0: skipped
    assert _run(path, "RATIO-CAPAIAN", "RATIO-X100") == []


def test_ratio_capaian_range_target_is_compared_with_both_bounds(xlsx):
    path = xlsx(_t21(["Rasio penduduk Yang Bekerja", "89,30 – 89,98%", "90,87%", "100,93%"]))
    (f,) = _run(path, "RATIO-CAPAIAN")
    assert (f.cell, f.severity) == ("E5", "error")
    assert f.expected == "100,99% atau 101,76%" and f.actual == "100,93%"
    assert "batas atas 89,98%" in f.message and "batas bawah 89,30%" in f.message
    # either bound is accepted
    for capaian in ("100,99%", "101,76%"):
        path = xlsx(_t21(["Rasio penduduk Yang Bekerja", "89,30 – 89,98%", "90,87%", capaian]))
        assert _run(path, "RATIO-CAPAIAN") == [], capaian


def test_ratio_capaian_lower_is_better_indicator_uses_target_over_realisasi(xlsx):
    good = xlsx(_t21(["Tingkat Pengangguran Terbuka", "8,35%", "7,90%", "105,70%"]))   # 8,35 / 7,90
    assert _run(good, "RATIO-CAPAIAN") == []
    bad = xlsx(_t21(["Tingkat Pengangguran Terbuka", "8,35%", "7,90%", "94,61%"]))      # 7,90 / 8,35
    (f,) = _run(bad, "RATIO-CAPAIAN")
    assert f.cell == "E5" and f.expected == "105,7%" and f.actual == "94,61%"
    assert "makin kecil makin baik" in f.message and "tingkat pengangguran" in f.message
    assert "polarity.higher_is_better" in f.message
    # "kasus yang diselesaikan" grows when things go well: not lower-is-better
    ok = xlsx(_t21(["Besaran kasus yang diselesaikan dengan Perjanjian bersama (PB)", "50,22%", "59,45%", "118,38%"]))
    assert _run(ok, "RATIO-CAPAIAN") == []


def test_ratio_capaian_per_year_in_an_indicator_history_with_merged_year_headers(xlsx):
    row = [2, "Rasio Penduduk yang Bekerja", "V", "90,03 %", "90,2 %", "91 %", "87,64 %", "87,62 %", "90,08 %",
           "97,35 %", "97,14", "89,99 %"]
    path = xlsx({"Kinerja": KIN_HEADER + [row]}, merges={"Kinerja": KIN_MERGES})
    (f,) = _run(path, "RATIO-CAPAIAN")
    assert (f.sheet, f.cell, f.severity) == ("Kinerja", "L3", "error")
    assert f.expected == "98,99%" and f.actual == "89,99 %" and "tahun 2022" in f.message
    assert f.related == ["'Kinerja'!I3", "'Kinerja'!F3"]


def test_ratio_capaian_unit_text_and_mismatched_units(xlsx):
    path = xlsx(_t21(["Jumlah peserta pelatihan", "30 Orang", "24 Orang", "90%"],    # 80%
                     ["Jumlah lembaga", "90%", "30 Lembaga", "10%"]))                 # different units: skipped
    (f,) = _run(path, "RATIO-CAPAIAN")
    assert f.cell == "E5" and f.expected == "80%" and "24 Orang / target 30 Orang" in f.message


# --------------------------------------------------------------------------- RATIO-ANGGARAN


def _ang(rasio_2021="96%", rasio_2020="90%", real_2021=162_164_977):
    return {"Anggaran": ANG_HEADER + [
        [4, "Program Penempatan tenaga Kerja", 289_907_000, 2_700_600, 229_828_810, 2_700_600, "79%", "100%"],
        [5, "Program Hubungan Industrial", 13_204_000, 168_303_977, 11_856_000, real_2021, rasio_2020, rasio_2021],
        [6, "Program Perencanaan Tenaga Kerja", "-", "-", "-", "-", "-", "0,00"],
    ]}


def test_ratio_anggaran_flags_a_ratio_that_is_not_realisasi_over_anggaran(xlsx):
    path = xlsx(_ang(rasio_2021="275%"), merges={"Anggaran": ANG_MERGES})
    (f,) = _run(path, "RATIO-ANGGARAN")
    assert (f.rule, f.sheet, f.cell, f.severity) == ("RATIO-ANGGARAN", "Anggaran", "H4", "error")
    assert f.expected == "96,35%" and f.actual == "275%"
    assert "Program Hubungan Industrial" in f.message and "tahun 2021" in f.message
    assert "Rp 162.164.977 / anggaran Rp 168.303.977" in f.message
    assert f.related == ["'Anggaran'!F4", "'Anggaran'!D4"]


def test_ratio_anggaran_silent_on_rounded_ratios_and_missing_years(xlsx):
    path = xlsx(_ang(), merges={"Anggaran": ANG_MERGES})
    assert _run(path, "RATIO-ANGGARAN", "RATIO-X100") == []
    # 99,998% printed as a cut-off "99%" is fine too
    path = xlsx(_ang(rasio_2021="99%", real_2021=168_300_000), merges={"Anggaran": ANG_MERGES})
    assert _run(path, "RATIO-ANGGARAN") == []


# --------------------------------------------------------------------------- RATIO-X100


def _kin7(r2020="4.561,29", r2021="15.588,24"):
    row = [7, "Besaran Pekerja atau Buruh yang menjadi Peserta aktif BPJS Ketenagakerjaan", "V",
           "62%", "68%", "72%", "28,28%", "106%", "99%", r2020, r2021, "137,50%"]
    return {"Kinerja": KIN_HEADER + [row]}


def test_ratio_x100_reports_the_slip_instead_of_a_plain_mismatch(xlsx):
    path = xlsx(_kin7(), merges={"Kinerja": KIN_MERGES})
    findings = _run(path, "RATIO-CAPAIAN", "RATIO-X100")
    assert [(f.rule, f.cell, f.severity) for f in findings] == [("RATIO-X100", "J3", "error"),
                                                              ("RATIO-X100", "K3", "error")]
    a, b = findings
    assert a.expected == "45,61%" and a.actual == "4.561,29"
    assert "kemungkinan maksudnya 45,61%" in a.message and "28,28% / target 62%" in a.message
    assert b.expected == "155,88%" and b.actual == "15.588,24"
    (en, _) = _run(path, "RATIO-X100", lang="en")
    assert "probably meaning 45.61%" in en.message


def test_ratio_x100_not_multiplied_at_all_and_in_budget_ratios(xlsx):
    path = xlsx({**_kin7(r2020="45,61%", r2021="1,5588"), **_ang(rasio_2021="9.635,27")},
                merges={"Kinerja": KIN_MERGES, "Anggaran": ANG_MERGES})
    findings = _run(path, "RATIO-CAPAIAN", "RATIO-ANGGARAN", "RATIO-X100")
    assert [(f.rule, f.sheet, f.cell, f.expected) for f in findings] == [
        ("RATIO-X100", "Kinerja", "K3", "155,88%"), ("RATIO-X100", "Anggaran", "H4", "96,35%")]
    assert "belum dikali 100" in findings[0].message


def test_ratio_x100_silent_when_the_ratios_are_right(xlsx):
    path = xlsx(_kin7(r2020="45,61%", r2021="155,88%"), merges={"Kinerja": KIN_MERGES})
    assert _run(path, "RATIO-X100", "RATIO-CAPAIAN") == []


# --------------------------------------------------------------------------- CATEGORY-LABEL

KAT_HEADER = ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian", "Kategori"]


def test_category_label_in_a_kategori_column(xlsx):
    path = xlsx({"Evaluasi": [KAT_HEADER,
                              [1, "Persentase A", "80%", "40%", "50%", "Berhasil"],           # wrong: < 55
                              [2, "Persentase B", "80%", "76%", "95%", "Sangat Berhasil"],
                              [3, "Persentase C", "80%", "60%", "75%", "Berhasil"],
                              [4, "Persentase D", "80%", "100%", "125%", "Sangat Berhasil"],  # > 100
                              [5, "Persentase E", "100%", "85%", "85%", "Sangat Berhasil"]]})  # boundary
    (f,) = _run(path, "CATEGORY-LABEL")
    assert (f.rule, f.sheet, f.cell, f.severity) == ("CATEGORY-LABEL", "Evaluasi", "F2", "error")
    assert f.expected == "Kurang Berhasil" and f.actual == "Berhasil"
    assert "capaian 50%" in f.message and "Persentase A" in f.message
    assert f.related == ["'Evaluasi'!E2"]


def test_category_label_follows_the_correct_capaian_not_a_slip(xlsx):
    path = xlsx({"Evaluasi": [KAT_HEADER,
                              [1, "Persentase A", "62%", "28,28%", "4.561,29", "Sangat Berhasil"],  # meant 45,61
                              [2, "Persentase B", "62%", "28,28%", "4.561,29", "Kurang Berhasil"],
                              [3, "Persentase C", "52%", "59,45%", "80%", "Sangat Berhasil"]]})  # right for 114,33
    findings = _run(path, "CATEGORY-LABEL")
    assert [(f.cell, f.expected) for f in findings] == [("F2", "Kurang Berhasil")]
    assert "45,61%" in findings[0].message


NARASI_OK = ("Dari tabel 2.1 diatas, terlihat bahwa target pada indikator kinerja utamapada sasaran rasio penduduk "
             "yang bekerja dengan target 90,03%, dimana realisasi indikatornya sebesar 90,87%. Dapat disimpulkan "
             "bahwa capaian Indikator rasio penduduk yang bekerja masuk pada katagori “*Sangat Berhasil*”.")


def test_category_label_in_narrative_text(xlsx):
    bad = NARASI_OK.replace("Sangat Berhasil", "Cukup Berhasil")
    path = xlsx({"BAB II": [["2.1 Evaluasi"], [bad], [NARASI_OK]]})
    (f,) = _run(path, "CATEGORY-LABEL")
    assert (f.rule, f.sheet, f.cell, f.severity) == ("CATEGORY-LABEL", "BAB II", "A2", "error")
    assert f.expected == "Sangat Berhasil" and f.actual == "Cukup Berhasil"
    assert "100,93%" in f.message and "target 90,03%" in f.message and "realisasi 90,87%" in f.message


def test_category_label_narrative_is_conservative(xlsx):
    texts = [
        NARASI_OK,
        # realisasi beyond the target, cases *resolved*: higher is better, 118,38% is Sangat Berhasil
        "Dari tabel 2.1 diatas, target pada sasaran besaran kasus yang diselesaikan dengan Perjanjian bersama (PB) "
        "dengan target 50,22%, dimana realisasi indikatornya di tahun 2021 sebesar 59,45%. Pada tahun 2021 "
        "realisasi melebihi target. Dengan demikian Capaian Indikator masuk pada katagori “Sangat Berhasil”.",
        # two targets: which one? left alone
        "Dengan target 60% pada tahun 2021 dan target 62% pada tahun 2022, realisasi indikatornya sebesar 28,28% "
        "sehingga masuk pada kategori “Berhasil”.",
        # no numbers: not an achievement label
        "Perumusan sasaran harus memiliki kriteria “SMART” agar sasaran yang dirumuskan jelas dan terukur.",
    ]
    path = xlsx({"Narasi": [[t] for t in texts]})
    assert _run(path, "CATEGORY-LABEL", "CATEGORY-UNKNOWN") == []


def test_category_scale_is_configuration(xlsx, tmp_path):
    cfg = yaml.safe_load((default_rules_dir() / "ratios.yaml").read_text(encoding="utf-8"))
    cfg["category_scale"] = {"name": "Permendagri 86/2017", "levels": [
        {"label": "Sangat Tinggi", "min": 91}, {"label": "Tinggi", "min": 76, "below": 91},
        {"label": "Sedang", "min": 66, "below": 76}, {"label": "Rendah", "min": 51, "below": 66},
        {"label": "Sangat Rendah", "below": 51}]}
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ratios.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    config = Config(rules_dir=Path(rules))
    path = xlsx({"Evaluasi": [KAT_HEADER,
                              [1, "Persentase A", "100%", "95%", "95%", "Sangat Tinggi"],
                              [2, "Persentase B", "100%", "88%", "88%", "Sangat Tinggi"],
                              [3, "Persentase C", "100%", "88%", "88%", "Sangat Berhasil"]]})
    findings = _run(path, "CATEGORY-LABEL", "CATEGORY-UNKNOWN", config=config)
    assert [(f.rule, f.cell, f.expected) for f in findings] == [("CATEGORY-LABEL", "F3", "Tinggi"),
                                                              ("CATEGORY-UNKNOWN", "F4", "Tinggi")]
    # the commented-out scale in the shipped file is the same one
    text = (default_rules_dir() / "ratios.yaml").read_text(encoding="utf-8")
    assert "Permendagri 86/2017" in text and '#     - {label: "Sangat Tinggi", min: 91}' in text


# --------------------------------------------------------------------------- CATEGORY-UNKNOWN


def test_category_unknown_names_the_scale_and_the_right_label(xlsx):
    text = ("Dari tabel 2.1 diatas, terlihat bahwa target pada indikator kinerja utama pada sasaran besaran pekerja "
            "atau buruh yang menjadi peserta aktif BPJS ketenagakerjaan dengan target 62%, dimana realisasi "
            "indikatornya sebesar 28,28%. Pada indikator ini realisasi tidak mencapai target yang telah ditetapkan. "
            "Dapat disimpulkan bahwa capaian Indikator masuk pada kategori “Tidak Berhasil”.")
    path = xlsx({"BAB II": [["Evaluasi"], [text]],
                 "Evaluasi": [KAT_HEADER, [1, "Persentase A", "80%", "40%", "50%", "Gagal Total"]]})
    findings = _run(path, "CATEGORY-UNKNOWN", "CATEGORY-LABEL")
    assert [(f.rule, f.sheet, f.cell, f.severity) for f in findings] == [
        ("CATEGORY-UNKNOWN", "BAB II", "A2", "warning"), ("CATEGORY-UNKNOWN", "Evaluasi", "F2", "warning")]
    f = findings[0]
    assert f.actual == "Tidak Berhasil" and f.expected == "Kurang Berhasil"
    assert "“Sangat Berhasil”, “Berhasil”, “Cukup Berhasil”, “Kurang Berhasil”" in f.message
    assert "45,61%" in f.message
    assert findings[1].expected == "Kurang Berhasil"


def test_category_unknown_silent_on_labels_of_the_scale(xlsx):
    path = xlsx({"Evaluasi": [KAT_HEADER,
                              [1, "Persentase A", "80%", "40%", "50%", "kurang berhasil"],
                              [2, "Persentase B", "80%", "76%", "95%", "*Sangat Berhasil*"],
                              [3, "Persentase C", "80%", "76%", "95%", "-"]]})
    assert _run(path, "CATEGORY-UNKNOWN", "CATEGORY-LABEL") == []


# --------------------------------------------------------------------------- evaluation recap (Tabel 2.1 rekap)

REKAP_HEADER = [
    ["KODE", "URUSAN / BIDANG URUSAN PEMERINTAHAN DAERAH DAN PROGRAM / KEGIATAN",
     "INDIKATOR KINERJA PROGRAM(OUTCOMES) / KEGIATAN (OUTPUT)",
     "TARGET KINERJA CAPAIAN PROGRAM (RENSTRA PD) TAHUN 2024 - 2026",
     "TARGET DAN REALISASI KERJA PROGRAM & KEGIATAN TAHUN LALU (N-2)", None, None,
     "TARGET POGRAM & KEGIATAN (RENJA SKPD TAHUN 2023",
     "PERKIRAAN REALISASI CAPAIAN TARFET RENSTRA SKPD s/d TAHUN BERJALAN", None],
    [None, None, None, None, "TARGET RENJA SKPD TAHUN 2022", "REALISASI RENJA SKPD TAHUN 2022",
     "TINGKAT REALISASI I (%)", None, "REALISASI CAPAIAN PROGRAM & KEGIATAN s/d TAHUN BERJALAN (TAHUN 2023)",
     "TINGKAT CAPAIAN REALISASI I TARGET RENSTRA (%)"],
    list(range(1, 11)),
]
REKAP_MERGES = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1", "H1:H2", "I1:J1"]


def test_ratio_capaian_yearless_capaian_takes_the_realisasi_and_target_to_its_left(xlsx):
    rows = REKAP_HEADER + [
        ["2 07 03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Persentase tenaga kerja terlatih",
         "58 %", "50 %", "40 %", "80%", "52%", "29 %", "50%"],
        ["2 07 03 2.01", "Pelaksanaan Pelatihan Berdasarkan Unit Kompetensi", "Persentase Pelaksanaan pelatihan",
         "100 %", "50 %", "40 %", "75%", "52%", "29 %", "29%"],
        ["2 07 03 2.01.01", "Proses Pelaksanaan Pendidikan dan Pelatihan", "Jumlah peserta pelatihan",
         "90 Orang", "0 Orang", "0 Orang", "0", "0 Orang", "0 Orang", ""],
    ]
    path = xlsx({"Rekap": rows}, merges={"Rekap": REKAP_MERGES})
    findings = [f for f in _run(path, "RATIO-CAPAIAN") if f.cell.startswith("G")]
    assert [(f.cell, f.expected, f.actual) for f in findings] == [("G5", "80%", "75%")]
    assert "realisasi 40 % / target 50 % × 100 = 80%" in findings[0].message


def test_ratio_capaian_against_the_renstra_target_when_the_capaian_says_so(xlsx):
    rows = [["No", "Indikator Kinerja", "Target Renstra 2026", "Target 2023", "Realisasi 2023",
             "Tingkat Capaian Renstra (%)"],
            [1, "Persentase tenaga kerja terlatih", "58%", "52%", "29%", "50%"],       # 29 / 58
            [2, "Persentase pelatihan", "100%", "52%", "29%", "55,77%"]]              # 29 / 52: wrong target
    (f,) = _run(xlsx({"Kinerja": rows}), "RATIO-CAPAIAN")
    assert (f.cell, f.expected, f.actual) == ("F3", "29%", "55,77%")
    assert "target 100%" in f.message
