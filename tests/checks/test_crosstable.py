"""Cross-table rules (XTAB-NAME, XTAB-PAGU, XTAB-TARGET, XTAB-INDICATOR, RKPD-NOTE) and the item
matching behind them, on tiny workbooks built in the tests."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.checks.base import Context
from reconcile.checks.matching import diff_pair, get_matching
from reconcile.config import Config
from reconcile.read import read_workbook

# Tabel 3.2 / 4.1 style: two header rows, data from row 5.
PLAN_HEADER = [
    ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", None, "Rencana Tahun 2024", None, None, None],
    [None, None, "Capaian Program", "Keluaran Sub Kegiatan", "Target Program", "Target Keluaran",
     "Pagu Indikatif (Rp)", "Sumber Dana"],
]
PLAN_MERGES = ["A3:A4", "B3:B4", "C3:D3", "E3:H3"]
# Tabel 2.6: RKPD side B-F, Hasil Analisis side G-K, Catatan Penting L; data from row 5.
REVIEW_HEADER = [
    ["No", "Rancangan Awal RKPD", None, None, None, None, "Hasil Analisis Kebutuhan", None, None, None, None,
     "Catatan Penting"],
    [None, "Program / Kegiatan / Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian", "Pagu Indikatif",
     "Program / Kegiatan / Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian", "Pagu Indikatif", None],
]
REVIEW_MERGES = ["A3:A4", "B3:F3", "G3:K3", "L3:L4"]

PROGRAM = "PROGRAM HUBUNGAN INDUSTRIAL"
KEGIATAN = "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial"
SUB1 = "Pencegahan Perselisihan Hubungan Industrial"
SUB2 = "Penyelesaian Perselisihan Hubungan Industrial"


def plan_rows(sub1=None, sub2=None, program=None):
    """Program, kegiatan and two sub kegiatan; each dict overrides cells of a row."""
    p = {"name": PROGRAM, "pagu": 30_000_000, **(program or {})}
    a = {"name": SUB1, "ind_p": "Persentase kasus yang diselesaikan dengan PB", "ind": "Jumlah perselisihan yang dicegah",
         "tp": "55%", "tk": "12 Perkara", "pagu": 10_000_000, **(sub1 or {})}
    b = {"name": SUB2, "ind_p": "Persentase kasus yang diselesaikan dengan PB", "ind": "Jumlah perkara yang diselesaikan",
         "tp": "55%", "tk": "30 Perkara", "pagu": 20_000_000, **(sub2 or {})}
    return [
        ["I", p["name"], None, None, None, None, p["pagu"], None],
        ["A", KEGIATAN, None, None, None, None, p["pagu"], None],
        [1, a["name"], a["ind_p"], a["ind"], a["tp"], a["tk"], a["pagu"], "DAU"],
        [2, b["name"], b["ind_p"], b["ind"], b["tp"], b["tk"], b["pagu"], "DAU"],
    ]


def plan_sheet(title, rows):
    return [[title], []] + PLAN_HEADER + rows


def review_row(no, name, indikator, target, pagu, analisis=None, catatan="-"):
    rk = [name, "Kota Pontianak", indikator, target, pagu]
    an = dict(zip(["name", "lokasi", "indikator", "target", "pagu"], rk))
    an.update(analisis or {})
    return [no] + rk + [an["name"], an["lokasi"], an["indikator"], an["target"], an["pagu"], catatan]


def review_rows(sub1=None, program_indicator="Persentase kasus yang diselesaikan dengan PB", catatan="-"):
    """Tabel 2.6 of the same plan; `sub1` overrides the Hasil Analisis side of the first sub kegiatan."""
    return [
        review_row(1, PROGRAM, program_indicator, "55%", 30_000_000),
        review_row(None, KEGIATAN, "Persentase terlaksananya pencegahan", "100%", 30_000_000),
        review_row(None, SUB1, "Jumlah perselisihan yang dicegah", "12 Perkara", 10_000_000, analisis=sub1,
                   catatan=catatan),
        review_row(None, SUB2, "Jumlah perkara yang diselesaikan", "30 Perkara", 20_000_000),
    ]


def review_sheet(rows, title="Tabel 2.6 Review terhadap Rancangan Awal RKPD"):
    return [[title], []] + REVIEW_HEADER + rows


def workbook(xlsx, sheets):
    merges = {name: (REVIEW_MERGES if rows[2][1] == "Rancangan Awal RKPD" else PLAN_MERGES)
              for name, rows in sheets.items() if len(rows) > 2 and rows[2] and rows[2][0] == "No"}
    return read_workbook(xlsx(sheets, merges=merges))


def run(wb, code, lang="id"):
    return run_rules(wb, Config(), lang, only={code})


# ----------------------------------------------------------------------------- matching

def test_reader_maps_the_test_tables_as_expected(xlsx):
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(review_rows()),
                         "Tabel 3.2": plan_sheet("TABEL 3.2 RUMUSAN PROGRAM", plan_rows())})
    review, plan = wb.tables
    assert review.kind == "review_rkpd" and plan.kind == "rincian"
    assert review.columns["analisis.pagu"] == "K" and review.columns["catatan"] == "L"
    assert plan.columns["pagu_2024"] == "G" and plan.columns["target_keluaran_2024"] == "F"
    assert list(plan.frame["level"]) == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert list(review.frame["level"]) == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]


def test_matching_by_name_fuzzy_and_code(xlsx):
    rows_a = plan_rows()
    rows_b = plan_rows(sub1={"name": "Pencegahan Perselisihan Hubungan Industrial di Daerah"},  # fuzzy/prefix
                       program={"name": "program hubungan  industrial"})  # case and spacing
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", rows_a), "Tabel 4.1": plan_sheet("TABEL 4.1", rows_b)})
    m = get_matching(Context(wb, Config()))
    a, b = m.tables()
    assert [m.entity(a, r).id for r in (5, 6, 7, 8)] == [m.entity(b, r).id for r in (5, 6, 7, 8)]
    assert m.entity(b, 7).how[b.index] == "fuzzy" and m.entity(b, 5).how[b.index] == "name"
    assert a.label_id == "Tabel 3.2" and b.label_id == "Tabel 4.1"
    assert get_matching(Context(wb, Config())) is m  # built once per workbook


def test_siblings_are_not_confused_and_unmatched_items_stay_apart(xlsx):
    rows_b = plan_rows(sub2={"name": "Pengembangan Jaminan Sosial Tenaga Kerja"})
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()), "Tabel 4.1": plan_sheet("TABEL 4.1", rows_b)})
    m = get_matching(Context(wb, Config()))
    a, b = m.tables()
    assert m.entity(a, 7) is m.entity(b, 7)
    assert m.entity(a, 8) is not m.entity(b, 8)  # too different even by position


def test_diff_pair_shows_where_long_texts_differ():
    a = "Pengesahan peraturan perusahaan dan pendaftaran perjanjian kerja bersama untuk perusahaan yang hanya " \
        "beroperasi dalam 1 (satu) daerah"
    b = a + " kabupaten/kota yang mempunyai wilayah kerja lebih dari 1 (satu) daerah kabupaten/kota"
    da, db = diff_pair(a, b)
    assert da.startswith("…") and da.endswith("(satu) daerah")
    assert "kabupaten/kota yang mempunyai" in db


# ----------------------------------------------------------------------------- XTAB-NAME

def test_xtab_name_reports_the_table_that_spells_it_differently(xlsx):
    odd = "Pencegahan Perselisihan Hubungan Industrial dan Mogok Kerja"
    wb = workbook(xlsx, {
        "Tabel 2.6": review_sheet(review_rows(sub1={"name": odd})),
        "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
        "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows()),
    })
    (f,) = run(wb, "XTAB-NAME")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("XTAB-NAME", "warning", "Tabel 2.6", "G7")
    assert f.expected == SUB1 and f.actual == odd
    assert "Tabel 3.2 dan Tabel 4.1" in f.message and "Mogok Kerja" in f.message
    assert set(f.related) == {"'Tabel 3.2'!B7", "'Tabel 4.1'!B7"}


def test_xtab_name_never_asks_to_copy_a_slip_of_the_other_tables(xlsx):
    """Tabel 3.2 and 4.1 drop a letter ("Pencegahn"); Tabel 2.6 spells it right: no XTAB-NAME
    telling Tabel 2.6 to copy the slip (one fault, one finding: the slip is NOMEN-SPELL's)."""
    slip = SUB1.replace("Pencegahan", "Pencegahn")
    wb = workbook(xlsx, {
        "Tabel 2.6": review_sheet(review_rows()),
        "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows(sub1={"name": slip})),
        "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows(sub1={"name": slip})),
    })
    assert [f for f in run(wb, "XTAB-NAME") if f.actual == SUB1] == []


def test_xtab_name_ignores_case_spacing_punctuation_and_abbreviations(xlsx):
    rows_b = plan_rows(sub1={"name": "PENCEGAHAN  perselisihan hubungan-industrial"},
                       program={"name": "Program Hubungan Industrial Kab/Kota"})
    rows_a = plan_rows(program={"name": "Program Hubungan Industrial Kabupaten / Kota"})
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", rows_a), "Tabel 4.1": plan_sheet("TABEL 4.1", rows_b)})
    assert run(wb, "XTAB-NAME") == []


# ----------------------------------------------------------------------------- XTAB-PAGU

def test_xtab_pagu_reports_the_minority_value_with_the_majority_as_expected(xlsx):
    wb = workbook(xlsx, {
        "Tabel 2.6": review_sheet(review_rows(sub1={"pagu": 15_000_000}, catatan="Pagu disesuaikan")),
        "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
        "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows()),
    })
    (f,) = run(wb, "XTAB-PAGU")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("XTAB-PAGU", "error", "Tabel 2.6", "K7")
    assert f.expected == "Rp 10.000.000" and f.actual == "Rp 15.000.000"
    assert "selisih Rp 5.000.000" in f.message and "2024" in f.message
    assert set(f.related) == {"'Tabel 3.2'!G7", "'Tabel 4.1'!G7"}
    (en,) = run(wb, "XTAB-PAGU", "en")
    assert "difference Rp 5,000,000" in en.message


def test_xtab_pagu_two_tables_reported_at_the_later_and_anggaran_column_compared(xlsx):
    anggaran = [["Rencana Kerja"], [],
                ["No", "Uraian", "Anggaran pada Tahun", None, "Realisasi Anggaran pada Tahun", None],
                [None, None, 2023, 2024, 2023, 2024],
                [1, "Program Hubungan Industrial", 20_000_000, 35_000_000, 19_000_000, None]]
    wb = read_workbook(xlsx({"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
                             "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows(sub2={"pagu": 25_000_000})),
                             "Anggaran": anggaran},
                            merges={"Tabel 3.2": PLAN_MERGES, "Tabel 4.1": PLAN_MERGES,
                                    "Anggaran": ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]}))
    assert wb.tables[2].columns.get("anggaran_2024") == "D"
    found = {(f.sheet, f.cell): f for f in run(wb, "XTAB-PAGU")}
    assert set(found) == {("Tabel 4.1", "G8"), ("Anggaran", "D5")}
    assert found[("Tabel 4.1", "G8")].expected == "Rp 20.000.000"
    assert found[("Tabel 4.1", "G8")].actual == "Rp 25.000.000"
    assert found[("Anggaran", "D5")].expected == "Rp 30.000.000"  # Tabel 3.2 and 4.1 against the anggaran table
    assert found[("Anggaran", "D5")].related == ["'Tabel 3.2'!G5", "'Tabel 4.1'!G5"]


def test_xtab_pagu_passes_when_every_table_agrees(xlsx):
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(review_rows()), "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows())})
    assert run(wb, "XTAB-PAGU") == []


# ----------------------------------------------------------------------------- XTAB-TARGET

def test_xtab_target_reports_a_different_target_of_the_same_role_and_year(xlsx):
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows(sub2={"tk": "38 Perkara"}))})
    (f,) = run(wb, "XTAB-TARGET")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("XTAB-TARGET", "warning", "Tabel 4.1", "F8")
    assert f.expected == "30 Perkara" and f.actual == "38 Perkara"
    assert "target keluaran 2024" in f.message and f.related == ["'Tabel 3.2'!F8"]


def test_xtab_target_program_target_printed_on_the_rows_below(xlsx):
    # Tabel 2.6 gives the program its own target (55% → 60%); Tabel 3.2 prints it on the sub rows.
    rows = review_rows()
    rows[0][9] = "60%"  # Hasil Analisis target of the program
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(rows, title="Tabel 2.6"),
                         "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows())})
    (f,) = run(wb, "XTAB-TARGET")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("Tabel 2.6", "J5", "55%", "60%")
    assert "target capaian program" in f.message
    assert "'Tabel 3.2'!E7" in f.related


def test_xtab_target_same_number_and_unit_written_differently_passes(xlsx):
    rows_b = plan_rows(sub1={"tk": "12 perkara", "tp": 0.55}, sub2={"tk": "30  Perkara"})
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()), "Tabel 4.1": plan_sheet("TABEL 4.1", rows_b)})
    assert run(wb, "XTAB-TARGET") == []


# ----------------------------------------------------------------------------- XTAB-INDICATOR

def test_xtab_indicator_reports_another_indicator_text(xlsx):
    rows_b = plan_rows(sub1={"ind": "Persentase perselisihan yang tercegah tepat waktu"})
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()), "Tabel 4.1": plan_sheet("TABEL 4.1", rows_b)})
    (f,) = run(wb, "XTAB-INDICATOR")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("XTAB-INDICATOR", "warning", "Tabel 4.1", "D7")
    assert f.expected == "Jumlah perselisihan yang dicegah"
    assert f.actual == "Persentase perselisihan yang tercegah tepat waktu"
    assert "indikator keluaran" in f.message


def test_xtab_indicator_copied_from_another_sector_on_the_program_row(xlsx):
    wb = workbook(xlsx, {
        "Tabel 2.6": review_sheet(review_rows(program_indicator="Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH")),
        "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
        "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows()),
    })
    (f,) = run(wb, "XTAB-INDICATOR")
    assert (f.sheet, f.cell) == ("Tabel 2.6", "I5")
    assert f.actual == "Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH"
    assert f.expected == "Persentase kasus yang diselesaikan dengan PB"
    assert "capaian program" in f.message and "Tabel 3.2 dan Tabel 4.1" in f.message


def test_xtab_indicator_small_typo_passes(xlsx):
    rows_b = plan_rows(sub1={"ind": "Jumlah perselisihan yang dicegaah"},
                       sub2={"ind": "jumlah perkara yang  diselesaikan."})
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()), "Tabel 4.1": plan_sheet("TABEL 4.1", rows_b)})
    assert run(wb, "XTAB-INDICATOR") == []


# ----------------------------------------------------------------------------- RKPD-NOTE

def test_rkpd_note_difference_without_note(xlsx):
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(review_rows(sub1={"pagu": 15_000_000, "target": "15 Perkara"}))})
    (f,) = run(wb, "RKPD-NOTE")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("RKPD-NOTE", "error", "Tabel 2.6", "L7")
    assert "pagu (Rp 10.000.000 → Rp 15.000.000)" in f.message
    assert "target (12 Perkara → 15 Perkara)" in f.message
    assert f.actual == "-"
    assert {"'Tabel 2.6'!F7", "'Tabel 2.6'!K7", "'Tabel 2.6'!E7", "'Tabel 2.6'!J7"} <= set(f.related)


def test_rkpd_note_name_difference_and_empty_note(xlsx):
    rows = review_rows()
    rows[0][1] = "PROGRAM HUBUNGAN INDUSTRIAL RIJK"  # RKPD side
    rows[0][11] = None
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(rows)})
    (f,) = run(wb, "RKPD-NOTE")
    assert (f.cell, f.actual) == ("L5", "")
    assert "nama ('PROGRAM HUBUNGAN INDUSTRIAL RIJK' → 'PROGRAM HUBUNGAN INDUSTRIAL')" in f.message


def test_rkpd_note_passes_with_a_note_or_without_differences(xlsx):
    noted = review_rows(sub1={"pagu": 15_000_000}, catatan="Pagu disesuaikan dengan kebutuhan pelaksanaan")
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(noted)})
    assert run(wb, "RKPD-NOTE") == []
    same = review_rows()
    same[2][7] = "KOTA PONTIANAK"  # case only
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(same)})
    assert run(wb, "RKPD-NOTE") == []


def test_xtab_target_renstra_target_of_a_kinerja_table_row_naming_the_program_indicator(xlsx):
    kinerja = [["Pencapaian Kinerja Pelayanan"], [],
               ["No", "Indikator Kinerja sesuai Tugas dan Fungsi", "Target Renstra Perangkat Daerah pada Tahun", None,
                "Realisasi Capaian pada Tahun", None, "Rasio Capaian pada Tahun", None],
               [None, None, 2023, 2024, 2023, 2024, 2023, 2024],
               [1, "Persentase kasus yang diselesaikan dengan PB", "50%", "60%", "48%", None, "96%", None],
               [2, "Tingkat Partisipasi Angkatan Kerja", "64%", "65%", "60%", None, "94%", None]]
    sheets = {"Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()), "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows()),
              "Kinerja": kinerja}
    merges = {"Tabel 3.2": PLAN_MERGES, "Tabel 4.1": PLAN_MERGES,
              "Kinerja": ["A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3"]}
    wb = read_workbook(xlsx(sheets, merges=merges))
    assert wb.tables[2].kind == "kinerja"
    (f,) = run(wb, "XTAB-TARGET")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("Kinerja", "D5", "55%", "60%")
    assert "target capaian program 2024" in f.message and "Program 'PROGRAM HUBUNGAN INDUSTRIAL'" in f.message
    # the program target is printed on each sub kegiatan row of both plan tables: all are related
    assert {"'Tabel 3.2'!E7", "'Tabel 3.2'!E8", "'Tabel 4.1'!E7", "'Tabel 4.1'!E8"} <= set(f.related)
    kinerja[4][3] = "55 %"
    wb = read_workbook(xlsx(sheets, merges=merges))
    assert run(wb, "XTAB-TARGET") == []


def test_xtab_name_compares_the_list_in_the_narrative(xlsx):
    narasi = [["3.2 Program dan Kegiatan"], ["I. Program Hubungan Industrial."],
              ["1. Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial"],
              ["- Pencegahan Perselisihan Hubungan Industrial"], ["- Penyelesaian Perselisihan Hubungan Kerja"],
              ["BAB IV"]]
    wb = workbook(xlsx, {"Narasi": narasi, "Tabel 3.2": plan_sheet("TABEL 3.2", plan_rows()),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", plan_rows())})
    (f,) = run(wb, "XTAB-NAME")
    assert (f.sheet, f.cell, f.actual, f.expected) == ("Narasi", "A5", "Penyelesaian Perselisihan Hubungan Kerja", SUB2)
    assert "daftar di narasi" in f.message


def test_typo_equal_tolerates_slips_not_other_words():
    from reconcile.checks.crosstable.analysis import typo_equal

    assert typo_equal("persentase kasus yang diselesaikan dergan perjanjian", "persentase kasus yang diselesaikan dengan perjanjian")
    assert typo_equal("jumlah tenaga kerja yang mendapat pelatihan", "jumlah tenaga kerja yang mendapatkan pelatihan")
    assert not typo_equal("persentase pelaksanaan pelatihan", "persentase terlaksananya pelatihan")
    assert not typo_equal("terlaksananya pencegahan", "persentase terlaksananya pencegahan")


def test_messages_in_english(xlsx):
    wb = workbook(xlsx, {"Tabel 2.6": review_sheet(review_rows(sub1={"pagu": 15_000_000}))})
    (f,) = run(wb, "RKPD-NOTE", "en")
    assert "differ in pagu (Rp 10,000,000 → Rp 15,000,000), but Catatan Penting is empty" in f.message
    assert f.expected == "a note explaining the difference"


def test_rkpd_note_when_the_rkpd_side_names_sit_in_sipd_columns(xlsx):
    header = ["Kode", "Program", "Kegiatan", "Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target",
              "Pagu Indikatif", "Program/Kegiatan/Sub Kegiatan Hasil Analisis", "Lokasi Hasil Analisis",
              "Indikator Kinerja Hasil Analisis", "Target Hasil Analisis", "Pagu Indikatif Hasil Analisis",
              "Catatan Penting"]
    rows = [header,
            ["2.07.02", "PROGRAM PERENCANAAN TENAGA KERJA RIJK", None, None, "Kota", "TPAK", "65%", 38_000_000,
             "PROGRAM PERENCANAAN TENAGA KERJA (RTK)", "Kota", "TPAK", "65%", 38_000_000, "-"],
            ["2.07.02.2.01", None, "Penyusunan Rencana Tenaga Kerja", None, "Kota", "Persentase RTK", "100%",
             38_000_000, "Penyusunan Rencana Tenaga Kerja", "Kota", "Persentase RTK", "100%", 38_000_000, "-"]]
    findings = run_rules(read_workbook(xlsx({"Review": rows})), Config(), "id", only={"RKPD-NOTE"})
    assert [(f.rule, f.cell) for f in findings] == [("RKPD-NOTE", "N2")]
    assert "RIJK" in findings[0].message and "(RTK)" in findings[0].message
