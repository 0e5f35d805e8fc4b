"""Claims rules (CLAIM-COUNT, CLAIM-TOTAL, CLAIM-STALE, CLAIM-CONFLICT, ITEM-MISSING) on tiny workbooks built in
the tests: a "Narasi" sheet with the sentences of BAB III/IV and small plan tables."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

PLAN_HEADER = [
    ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Rencana Tahun {year}", None, None],
    [None, None, "Keluaran Sub Kegiatan", "Target Keluaran", "Pagu Indikatif (Rp)", "Sumber Dana"],
]
PLAN_MERGES = ["A3:A4", "B3:B4", "C3:C4", "D3:F3"]

SUBS = [("Pencegahan Perselisihan Hubungan Industrial", 10_000_000),
        ("Penyelesaian Perselisihan Hubungan Industrial", 20_000_000),
        ("Pelaksanaan Operasional Lembaga Kerjasama Tripartit", 15_000_000),
        ("Pengembangan Jaminan Sosial Tenaga Kerja", 5_000_000)]
EXTRA = "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan"


def plan_sheet(title, subs=SUBS, year=2024, total=True, kegiatan="Pencegahan dan Penyelesaian Perselisihan"):
    header = [[c.format(year=year) if isinstance(c, str) else c for c in row] for row in PLAN_HEADER]
    amount = sum(p for _, p in subs)
    rows = [["I", "PROGRAM HUBUNGAN INDUSTRIAL", None, None, amount, None],
            ["A", kegiatan, None, None, amount, None]]
    rows += [[i + 1, name, "Jumlah dokumen", "1 Dokumen", pagu, "DAU"] for i, (name, pagu) in enumerate(subs)]
    if total:
        rows.append([None, "Total", None, None, amount, None])
    return [[title], []] + header + rows


def narasi(*sentences, items=None):
    rows = [["BAB III"]] + [[s] for s in sentences]
    if items:
        rows += [["I. Program Hubungan Industrial."], ["1. Pencegahan dan Penyelesaian Perselisihan"]]
        rows += [[f"- {name}"] for name in items]
        rows += [["BAB IV"]]
    return rows


def workbook(xlsx, sheets):
    merges = {name: PLAN_MERGES for name, rows in sheets.items() if len(rows) > 2 and rows[2] and rows[2][0] == "No"}
    return read_workbook(xlsx(sheets, merges=merges))


def run(wb, code, lang="id"):
    return run_rules(wb, Config(), lang, only={code})


COUNT_54 = ("Berdasarkan rancangan awal, Dinas memiliki sebanyak 1 program dan 1 kegiatan yang dijabarkan "
            "kedalam sebanyak 5 sub kegiatan.")
COUNT_53 = "Rencana kerja Dinas tahun 2024 mencakup 1 program, 1 kegiatan, dan 4 sub-kegiatan."


# ----------------------------------------------------------------------------- CLAIM-COUNT

def test_reader_maps_the_test_workbook(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_54), "Tabel 4.1": plan_sheet("TABEL 4.1 RINCIAN PROGRAM")})
    (t,) = wb.tables
    assert t.kind == "rincian" and t.columns["pagu_2024"] == "E"
    assert list(t.frame["level"]) == ["program", "kegiatan"] + ["sub_kegiatan"] * 4 + ["total"]
    assert {(c.kind, c.value) for c in wb.claims} == {("count_program", 1), ("count_kegiatan", 1),
                                                       ("count_sub_kegiatan", 5)}


def test_claim_count_names_the_item_only_the_narrative_lists(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_54, items=[n for n, _ in SUBS] + [EXTRA]),
                         "Tabel 4.1": plan_sheet("TABEL 4.1 RINCIAN PROGRAM")})
    (f,) = run(wb, "CLAIM-COUNT")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-COUNT", "error", "Narasi", "A2")
    assert (f.expected, f.actual) == ("4", "5")
    assert "5 sub kegiatan" in f.message and "Tabel 4.1 memuat 4 sub kegiatan" in f.message
    assert EXTRA in f.message and "'Narasi'!A9" in f.message
    assert f.related == ["'Narasi'!A9"]
    (en,) = run(wb, "CLAIM-COUNT", "en")
    assert "The text states 5 sub kegiatan, but Tabel 4.1 holds 4" in en.message


def test_claim_count_uses_the_plan_table_of_the_claims_year(xlsx):
    # Tabel 3.2 (2023, five sub kegiatan) and Tabel 4.1 (2024, four): the 2024 sentence is right.
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_53),
                         "Tabel 3.2": plan_sheet("TABEL 3.2", SUBS + [(EXTRA, 1_000_000)], year=2023),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", year=2024)})
    assert run(wb, "CLAIM-COUNT") == []
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_53.replace("4 sub", "5 sub")),
                         "Tabel 3.2": plan_sheet("TABEL 3.2", SUBS + [(EXTRA, 1_000_000)], year=2023),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", year=2024)})
    (f,) = run(wb, "CLAIM-COUNT")
    assert "Tabel 4.1" in f.message and (f.expected, f.actual) == ("4", "5")


def test_claim_count_passes_when_text_and_table_agree(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_53), "Tabel 4.1": plan_sheet("TABEL 4.1")})
    assert len(wb.claims) == 3 and len(wb.tables) == 1
    assert run(wb, "CLAIM-COUNT") == []


# ----------------------------------------------------------------------------- CLAIM-TOTAL

TOTAL = "Total pagu anggaran Dinas untuk tahun 2024 adalah sebesar {amount}. Adapun rincian rumusan program"


def test_claim_total_malformed_amount_names_the_reading_that_matches(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(TOTAL.format(amount="Rp. 50.000.00,")), "Tabel 4.1": plan_sheet("TABEL 4.1")})
    (f,) = run(wb, "CLAIM-TOTAL")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-TOTAL", "error", "Narasi", "A2")
    assert "tertulis Rp. 50.000.00 — kemungkinan maksudnya Rp 50.000.000 (sesuai total Tabel 4.1" in f.message
    assert (f.expected, f.actual) == ("Rp 50.000.000", "Rp. 50.000.00")
    assert f.related == ["'Tabel 4.1'!E11"]


def test_claim_total_different_amount_against_the_sum_of_programs(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(TOTAL.format(amount="Rp 55.000.000,00")),
                         "Tabel 4.1": plan_sheet("TABEL 4.1", total=False)})
    (f,) = run(wb, "CLAIM-TOTAL")
    assert (f.expected, f.actual) == ("Rp 50.000.000", "Rp 55.000.000,00")
    assert "jumlah pagu program" in f.message and "selisih Rp 5.000.000" in f.message


def test_claim_total_passes_when_equal(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(TOTAL.format(amount="Rp 50.000.000,00")), "Tabel 4.1": plan_sheet("TABEL 4.1")})
    assert [c.kind for c in wb.claims] == ["total_pagu"]
    assert run(wb, "CLAIM-TOTAL") == []


# ----------------------------------------------------------------------------- CLAIM-STALE
# Two plan tables of 2024 listing the same items; Tabel 3.2 was edited (one sub kegiatan 5 -> 10
# million), so it totals Rp 55.000.000 and Tabel 4.1 Rp 50.000.000 (total rows on row 11).
EDITED = SUBS[:3] + [(SUBS[3][0], 10_000_000)]


def two_tables(xlsx, amount, table_32=EDITED):
    return workbook(xlsx, {"Narasi": narasi(TOTAL.format(amount=amount)),
                           "Tabel 3.2": plan_sheet("TABEL 3.2", subs=table_32), "Tabel 4.1": plan_sheet("TABEL 4.1")})


def test_claim_stale_text_matches_the_main_table_another_differs(xlsx):
    wb = two_tables(xlsx, "Rp 50.000.000,00")
    assert [(t.sheet, t.frame.loc[11, "level"]) for t in wb.tables] == [("Tabel 3.2", "total"), ("Tabel 4.1", "total")]
    (f,) = run(wb, "CLAIM-STALE")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-STALE", "warning", "Narasi", "A2")
    assert (f.expected, f.actual) == ("Rp 55.000.000", "Rp 50.000.000,00")
    assert f.related == ["'Tabel 4.1'!E11", "'Tabel 3.2'!E11"]
    assert ("sesuai total Tabel 4.1 (baris total), tetapi Tabel 3.2 (baris total) berjumlah Rp 55.000.000 "
            "(selisih Rp 5.000.000): salah satu tabel diubah setelah narasi ditulis") in f.message
    assert run(wb, "CLAIM-TOTAL") == []  # one fault, one finding
    (en,) = run(wb, "CLAIM-STALE", lang="en")
    assert "matches the total of Tabel 4.1 (total row), but Tabel 3.2 (total row) totals Rp 55,000,000" in en.message


def test_claim_total_says_which_table_the_text_matches(xlsx):
    wb = two_tables(xlsx, "Rp 55.000.000,00")
    (f,) = run(wb, "CLAIM-TOTAL")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-TOTAL", "error", "Narasi", "A2")
    assert (f.expected, f.actual) == ("Rp 50.000.000", "Rp 55.000.000,00")
    assert f.related == ["'Tabel 4.1'!E11", "'Tabel 3.2'!E11"]
    assert ("sama dengan total Tabel 3.2 (baris total), tetapi total Tabel 4.1 (baris total) Rp 50.000.000 "
            "(selisih Rp 5.000.000): salah satu tabel diubah setelah narasi ditulis") in f.message
    assert run(wb, "CLAIM-STALE") == []


def test_claim_stale_and_total_silent_when_text_matches_both_tables(xlsx):
    wb = two_tables(xlsx, "Rp 50.000.000,00", table_32=SUBS)
    assert run(wb, "CLAIM-STALE") == [] and run(wb, "CLAIM-TOTAL") == []


def test_claim_total_unchanged_when_text_matches_neither_table(xlsx):
    wb = two_tables(xlsx, "Rp 60.000.000,00")
    (f,) = run(wb, "CLAIM-TOTAL")
    assert (f.expected, f.actual, f.related) == ("Rp 50.000.000", "Rp 60.000.000,00", ["'Tabel 4.1'!E11"])
    assert "tetapi total Tabel 4.1 (baris total) Rp 50.000.000 (selisih Rp 10.000.000)" in f.message
    assert run(wb, "CLAIM-STALE") == []


def test_claim_stale_ignores_a_partial_table(xlsx):
    wb = two_tables(xlsx, "Rp 50.000.000,00", table_32=SUBS[:2])  # lists 2 of the 4 sub kegiatan
    assert run(wb, "CLAIM-STALE") == []


# Counts: Tabel 3.2 still lists one sub kegiatan more than Tabel 4.1 (EXTRA, row 17 of Tabel 3.2).
# Ten items in common, so one item of difference is no "partial table".
SUBS10 = SUBS + [(name, 1_000_000) for name in (
    "Penyusunan Rencana Tenaga Kerja Daerah", "Pelatihan Berbasis Kompetensi", "Pelayanan Antarkerja",
    "Penempatan Tenaga Kerja Luar Negeri", "Pengukuran Produktivitas Tenaga Kerja",
    "Penyelenggaraan Pelatihan Kewirausahaan")]
COUNT_SUBS = "Rencana kerja Dinas tahun 2024 mencakup 1 program, 1 kegiatan, dan {n} sub-kegiatan."


def count_tables_wb(xlsx, n, table_41=SUBS10):
    return workbook(xlsx, {"Narasi": narasi(COUNT_SUBS.format(n=n)),
                           "Tabel 3.2": plan_sheet("TABEL 3.2", subs=SUBS10 + [(EXTRA, 1_000_000)]),
                           "Tabel 4.1": plan_sheet("TABEL 4.1", subs=table_41)})


def test_claim_stale_count_matches_the_main_table_another_differs(xlsx):
    wb = count_tables_wb(xlsx, 11)
    assert wb.tables[0].frame.loc[17, "name"] == EXTRA
    (f,) = run(wb, "CLAIM-STALE")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-STALE", "warning", "Narasi", "A2")
    assert (f.expected, f.actual, f.related) == ("10", "11", ["'Tabel 3.2'!B17"])
    assert ("Narasi menyebut 11 sub kegiatan, sesuai Tabel 3.2, tetapi Tabel 4.1 memuat 10 sub kegiatan: salah satu "
            "tabel diubah setelah narasi ditulis") in f.message
    assert f"Sub kegiatan yang ada di Tabel 3.2 tetapi tidak ada di Tabel 4.1: '{EXTRA}' ('Tabel 3.2'!B17)" in f.message
    assert run(wb, "CLAIM-COUNT") == []


def test_claim_count_says_which_table_the_text_matches(xlsx):
    wb = count_tables_wb(xlsx, 10)
    (f,) = run(wb, "CLAIM-COUNT")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-COUNT", "error", "Narasi", "A2")
    assert (f.expected, f.actual, f.related) == ("11", "10", ["'Tabel 3.2'!B17"])
    assert "Narasi menyebut 10 sub kegiatan, sama dengan Tabel 4.1, tetapi Tabel 3.2 memuat 11 sub kegiatan" in f.message
    assert run(wb, "CLAIM-STALE") == []


def test_claim_stale_count_ignores_a_partial_table_and_equal_counts(xlsx):
    assert run(count_tables_wb(xlsx, 11, table_41=SUBS), "CLAIM-STALE") == []  # 4 of the 11 sub kegiatan
    wb = count_tables_wb(xlsx, 11, table_41=SUBS10 + [(EXTRA, 1_000_000)])
    assert run(wb, "CLAIM-STALE") == [] and run(wb, "CLAIM-COUNT") == []


# ----------------------------------------------------------------------------- CLAIM-CONFLICT

def test_claim_conflict_reported_at_the_claim_the_tables_contradict(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_54, COUNT_53), "Tabel 4.1": plan_sheet("TABEL 4.1")})
    (f,) = run(wb, "CLAIM-CONFLICT")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("CLAIM-CONFLICT", "error", "Narasi", "A2")
    assert (f.expected, f.actual) == ("4", "5") and f.related == ["'Narasi'!A3"]
    assert "'Narasi'!A3 menyebut 4 sub kegiatan" in f.message and "Tabel 4.1" in f.message


def test_claim_conflict_neither_agrees_reported_at_the_later(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_54, COUNT_53.replace("4 sub", "6 sub")),
                         "Tabel 4.1": plan_sheet("TABEL 4.1")})
    (f,) = run(wb, "CLAIM-CONFLICT")
    assert (f.cell, f.expected, f.actual, f.related) == ("A3", "5", "6", ["'Narasi'!A2"])


def test_claim_conflict_passes_when_claims_agree(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_53, COUNT_53.replace("Rencana kerja", "Renja")),
                         "Tabel 4.1": plan_sheet("TABEL 4.1")})
    assert len(wb.claims) == 6
    assert run(wb, "CLAIM-CONFLICT") == []


# ----------------------------------------------------------------------------- ITEM-MISSING

def test_item_missing_from_one_table(xlsx):
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2"), "Tabel 4.1": plan_sheet("TABEL 4.1", SUBS[:3])})
    (f,) = run(wb, "ITEM-MISSING")
    assert (f.rule, f.severity, f.sheet, f.cell) == ("ITEM-MISSING", "error", "Tabel 3.2", "B10")
    assert "Sub kegiatan 'Pengembangan Jaminan Sosial Tenaga Kerja' ada di Tabel 3.2, tetapi tidak ada di Tabel 4.1" \
        in f.message
    assert f.expected == "ada di Tabel 4.1"


def test_item_missing_kegiatan_reported_once_not_per_sub_kegiatan(xlsx):
    second = [["B", "Pengembangan Hubungan Industrial", None, None, 2_000_000, None],
              [5, "Penyelenggaraan Pendataan Sarana Hubungan Industrial", "x", "1 Dokumen", 2_000_000, "DAU"]]
    third = [["C", "Kegiatan Tambahan Khusus", None, None, 7_000_000, None],
             [6, "Sub Kegiatan Tambahan Pertama", "x", "1 Dokumen", 3_000_000, "DAU"],
             [7, "Sub Kegiatan Tambahan Kedua", "x", "1 Dokumen", 4_000_000, "DAU"]]
    base = plan_sheet("TABEL 3.2")
    plan = base[:-1] + second + base[-1:]
    other = plan_sheet("TABEL 4.1")
    other = other[:-1] + second + third + other[-1:]
    wb = workbook(xlsx, {"Tabel 3.2": plan, "Tabel 4.1": other})
    (f,) = run(wb, "ITEM-MISSING")
    assert (f.sheet, f.cell) == ("Tabel 4.1", "B13")
    assert "Kegiatan 'Kegiatan Tambahan Khusus' ada di Tabel 4.1, tetapi tidak ada di Tabel 3.2" in f.message


def test_item_missing_in_the_narrative_list(xlsx):
    wb = workbook(xlsx, {"Narasi": narasi(COUNT_53, items=[n for n, _ in SUBS] + [EXTRA]),
                         "Tabel 4.1": plan_sheet("TABEL 4.1")})
    (f,) = run(wb, "ITEM-MISSING")
    assert (f.sheet, f.cell) == ("Narasi", "A9")
    assert EXTRA in f.message and "tidak ada di Tabel 4.1" in f.message


def test_item_missing_partial_table_and_same_lists_pass(xlsx):
    # an evaluation of one sub kegiatan out of four shares too little to be compared item by item
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2"), "Tabel 2.1": plan_sheet("TABEL 2.1", SUBS[:1]),
                         "Tabel 4.1": plan_sheet("TABEL 4.1")})
    assert len(wb.tables) == 3
    assert run(wb, "ITEM-MISSING") == []


def test_item_missing_says_where_the_item_belongs(xlsx):
    subs = SUBS[:1] + SUBS[2:]
    wb = workbook(xlsx, {"Tabel 3.2": plan_sheet("TABEL 3.2"), "Tabel 4.1": plan_sheet("TABEL 4.1", subs)})
    (f,) = run(wb, "ITEM-MISSING")
    assert (f.sheet, f.cell) == ("Tabel 3.2", "B8")
    assert "tempatnya setelah baris 7" in f.message and "'Tabel 4.1'!B7" in f.related
    (en,) = run(wb, "ITEM-MISSING", "en")
    assert "missing from Tabel 4.1, where it belongs after row 7" in en.message
