"""Number format rules (NUM-TEXT, NUM-MALFORMED, NUM-MIXED, PCT-RANGE, NUM-HASH, EXCEL-ERROR,
FORMULA-NOCACHE) on tiny workbooks built in the tests."""
from __future__ import annotations

from conftest import Formula

from reconcile.checks import run_rules
from reconcile.checks.number_format.analysis import display_texts
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif"]


def _plan(pagu_kegiatan=15_360_000, subs=(8_160_000, 4_500_000, 2_700_000), indicators=None, targets=None):
    """A program, a kegiatan and three sub kegiatan; pagu in column E."""
    names = ["Penyusunan Dokumen Perencanaan", "Koordinasi dan Penyusunan Laporan Capaian Kinerja",
             "Evaluasi Kinerja Perangkat Daerah"]
    indicators = indicators or ["Jumlah dokumen"] * 3
    targets = targets or ["1 Dokumen"] * 3
    rows = [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase capaian", "100%", pagu_kegiatan],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase dokumen", "100%", pagu_kegiatan]]
    rows += [[i + 1, names[i], indicators[i], targets[i], subs[i]] for i in range(3)]
    return rows


def _run(path, code, lang="id", config=None):
    return [f for f in run_rules(read_workbook(path), config or Config(), lang, only={code}) if f.rule == code]


# --------------------------------------------------------------------------- NUM-TEXT


def test_num_text_flags_money_typed_as_text(xlsx):
    path = xlsx({"Tabel 4.1": _plan(subs=(8_160_000, "Rp 4.500.000", 2_700_000))})
    (f,) = _run(path, "NUM-TEXT")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "E5", "warning")
    assert f.expected == "Rp 4.500.000" and f.actual == "Rp 4.500.000"
    assert "4500000" in f.message and "#,##0" in f.message and "Koordinasi dan Penyusunan" in f.message


def test_num_text_reads_indonesian_decimals_and_speaks_english(xlsx):
    path = xlsx({"S": _plan(pagu_kegiatan="15.360.000,00")})
    findings = _run(path, "NUM-TEXT", lang="en")
    assert [(f.cell, f.expected) for f in findings] == [("E2", "Rp 15,360,000"), ("E3", "Rp 15,360,000")]
    assert "typed as text" in findings[0].message and "15360000" in findings[0].message


def test_num_text_silent_on_numbers_dashes_and_malformed_text(xlsx):
    rows = _plan(subs=(8_160_000, "-", "4.704.246.00"))  # nil dash; a malformed text is NUM-MALFORMED's
    path = xlsx({"S": rows})
    assert _run(path, "NUM-TEXT") == []
    assert [f.cell for f in _run(path, "NUM-MALFORMED")] == ["E6"]


# --------------------------------------------------------------------------- NUM-MALFORMED


def test_num_malformed_gives_the_most_likely_amount(xlsx):
    path = xlsx({"Tabel 4.1": _plan(subs=(8_160_000, 4_500_000, "4.704.246.00"))})
    (f,) = _run(path, "NUM-MALFORMED")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "E6", "error")
    assert f.expected == "Rp 4.704.246.000" and f.actual == "4.704.246.00"
    assert "kemungkinan maksudnya Rp 4.704.246.000" in f.message and "Rp 4.704.246" in f.message


def test_num_malformed_prefers_the_reading_that_equals_the_rows_under_it(xlsx):
    # "15,360.000" reads first as 15.360.000 (Indonesian comma-decimal would need ",000" last);
    # the sub kegiatan add up to 15.360, so that reading wins.
    rows = _plan(pagu_kegiatan=15_360, subs=(8_160, 4_500, 2_700))
    rows[2][4] = "15,360.000"
    path = xlsx({"S": rows})
    (f,) = _run(path, "NUM-MALFORMED")
    assert f.cell == "E3" and f.expected == "Rp 15.360"
    assert "jumlah 3 baris rinciannya" in f.message and "Rp 15.360.000" in f.message  # the other reading
    assert f.related == ["'S'!E4"]


def test_num_malformed_prefers_the_same_item_in_another_table(xlsx):
    rows = _plan()
    rows[5][4] = "2.700.00"  # candidates 2.700.000 (lost zero) then 2.700 (",00" typed ".00")
    rows[2][4] = None  # no kegiatan subtotal above it to compare with
    other = _plan(subs=(8_160_000, 4_500_000, 2_700))  # the same sub kegiatan holds 2.700 there
    path = xlsx({"Tabel 4.1": rows, "Tabel 3.2": other})
    (f,) = _run(path, "NUM-MALFORMED")
    assert (f.sheet, f.cell, f.expected) == ("Tabel 4.1", "E6", "Rp 2.700")
    assert f.related == ["'Tabel 3.2'!E6"]


def test_num_malformed_unreadable_text_and_malformed_target(xlsx):
    rows = _plan(subs=(8_160_000, "12 34", 2_700_000), targets=["1 Dokumen", "1 Dokumen", "Rp. 156.400. 000"])
    rows[2][4] = "########"  # a ##### display pasted as text
    path = xlsx({"S": rows})
    found = {f.cell: f for f in _run(path, "NUM-MALFORMED")}
    assert set(found) == {"E3", "E5", "D6"}
    assert "angkanya hilang" in found["E3"].message
    assert "tidak dapat dibaca sebagai satu angka" in found["E5"].message
    assert found["D6"].expected == "Rp 156.400.000" and found["D6"].severity == "error"


def test_num_malformed_silent_on_well_formed_text_and_numbers(xlsx):
    path = xlsx({"S": _plan(subs=(8_160_000, "Rp 4.500.000", "2.700.000,00"),
                            targets=["1 Dokumen", "1.800 Orang", "100%"])})
    assert _run(path, "NUM-MALFORMED") == []
    assert [f.cell for f in _run(path, "NUM-TEXT")] == ["E5", "E6"]  # read, and typed as text


# --------------------------------------------------------------------------- NUM-MIXED


def test_num_mixed_reports_the_minority_notation_in_a_column(xlsx):
    rows = _plan(pagu_kegiatan="15.360.000", subs=("8.160.000", "4,500,000", "2.700.000"))
    path = xlsx({"S": rows})
    (f,) = _run(path, "NUM-MIXED")
    assert (f.sheet, f.cell, f.severity) == ("S", "E5", "warning")
    assert f.expected == "4.500.000" and f.actual == "4,500,000 = 4.500.000"
    assert "notasi Inggris" in f.message and "notasi Indonesia" in f.message and "4 sel" in f.message


def test_num_mixed_whole_column_against_the_rest_of_the_workbook(xlsx):
    rows = _plan(targets=["52.00%", "33.33%", "100%"])  # English decimals in the target column
    other = [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
             [1, "Rasio penduduk yang bekerja", "90,03 %", "87,64 %", "97,35 %"],
             [2, "Tingkat partisipasi angkatan kerja", "64,82%", "60,05%", "92,64%"],
             [3, "Tingkat kepuasan pelayanan", "90,5%", "94,22 %", "104,1%"]]
    path = xlsx({"S": rows, "Kinerja": other})
    findings = _run(path, "NUM-MIXED")
    assert [(f.sheet, f.cell, f.expected) for f in findings] == [("S", "D4", "52,00%"), ("S", "D5", "33,33%")]
    assert "workbook ini (9 sel)" in findings[0].message


def test_num_mixed_silent_when_one_notation_is_used(xlsx):
    rows = _plan(pagu_kegiatan="15.360.000", subs=("8.160.000", "4.500.000", 2_700_000),
                 targets=["54,20%", "1 Dokumen", "100%"])
    path = xlsx({"S": rows})
    assert _run(path, "NUM-MIXED") == []
    rows[4][4] = "4,500,000"
    assert [f.cell for f in _run(xlsx({"S": rows}), "NUM-MIXED")] == ["E5"]


# --------------------------------------------------------------------------- PCT-RANGE

ANGGARAN = ["No", "Uraian", "Anggaran 2022", "Realisasi Anggaran 2022", "Rasio Realisasi Anggaran 2022"]


def test_pct_range_flags_impossible_ratios(xlsx):
    # no realisasi on the first two rows: nothing to recompute the ratio from, PCT-RANGE's to judge
    rows = [ANGGARAN,
            [1, "Program Penunjang", 100_000_000, None, "5400%"],
            [2, "Program Pelatihan Kerja", 100_000_000, "-", "-5%"],
            [3, "Program Hubungan Industrial", 100_000_000, 112_000_000, "112%"]]
    path = xlsx({"Anggaran": rows})
    findings = _run(path, "PCT-RANGE")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [("Anggaran", "E2", "error"), ("Anggaran", "E3", "error")]
    high, low = findings
    assert high.actual == "5.400%" and high.expected == "0% s.d. 1.000%" and "maksudnya 54%" in high.message
    assert low.actual == "-5%" and "tidak mungkin kurang dari 0%" in low.message


def test_pct_range_leaves_a_ratio_recomputed_from_its_row_to_the_ratio_rules(xlsx, tmp_path):
    """One fault, one finding: 9.000% for 90.000.000 / 100.000.000 is RATIO-X100's (it names the
    90% meant), 2.500% for 2.000.000 / 100.000.000 RATIO-ANGGARAN's; a ratio its own inputs give
    (6.000%) or one that cannot be recomputed (7.000%) stays PCT-RANGE's."""
    rows = [ANGGARAN,
            [1, "Program Penunjang", 100_000_000, 90_000_000, "9000%"],
            [2, "Program Pelatihan Kerja", 100_000_000, 2_000_000, "2500%"],
            [3, "Program Hubungan Industrial", 1_000_000, 60_000_000, "6000%"],
            [4, "Program Perluasan Kesempatan Kerja", 100_000_000, None, "7000%"]]
    path = xlsx({"Anggaran": rows})
    findings = run_rules(read_workbook(path), Config(), "id", only={"PCT-RANGE", "RATIO-X100", "RATIO-ANGGARAN"})
    assert [(f.rule, f.cell) for f in findings] == [
        ("RATIO-X100", "E2"), ("RATIO-ANGGARAN", "E3"), ("PCT-RANGE", "E4"), ("PCT-RANGE", "E5")]
    assert findings[0].expected == "90%" and findings[1].expected == "2%"
    assert [f.actual for f in findings[2:]] == ["6.000%", "7.000%"]
    # with the ratio rules turned off in the settings, PCT-RANGE reports those cells again
    cfg = tmp_path / "rules"
    cfg.mkdir()
    (cfg / "settings.yaml").write_text("rules:\n  RATIO-X100: {enabled: false}\n  RATIO-ANGGARAN: {enabled: false}\n",
                                       encoding="utf-8")
    from reconcile.config import load_config

    assert [f.cell for f in _run(path, "PCT-RANGE", config=load_config(cfg))] == ["E2", "E3", "E4", "E5"]
    # and so it does when the run leaves them out (--select PCT-RANGE, --ignore RATIO-X100)
    assert [f.cell for f in run_rules(read_workbook(path), Config(), "id", only={"PCT-RANGE"})] == \
        ["E2", "E3", "E4", "E5"]
    assert [(f.rule, f.cell) for f in run_rules(read_workbook(path), Config(), "id",
                                                only={"PCT-RANGE", "RATIO-ANGGARAN"})] == [
        ("PCT-RANGE", "E2"), ("RATIO-ANGGARAN", "E3"), ("PCT-RANGE", "E4"), ("PCT-RANGE", "E5")]


def test_pct_range_persentase_target_above_100(xlsx):
    rows = _plan(indicators=["Persentase kasus yang diselesaikan", "Jumlah dokumen", "Persentase dokumen"],
                 targets=["120%", "120 Dokumen", "100%"])
    path = xlsx({"Tabel 4.1": rows})
    (f,) = _run(path, "PCT-RANGE")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "D4", "error")
    assert f.actual == "120%" and f.expected == "0% - 100%"
    assert "Persentase kasus yang diselesaikan" in f.message and f.related == ["'Tabel 4.1'!C4"]


def test_pct_range_besaran_counts_only_with_a_percent_sign_and_growth_is_excluded(xlsx):
    rows = _plan(indicators=["Besaran pekerja peserta aktif BPJS", "Besaran PAD", "Persentase peningkatan PAD"],
                 targets=["106%", "150", "150%"])
    path = xlsx({"S": rows})
    assert [f.cell for f in _run(path, "PCT-RANGE")] == ["D4"]


def test_pct_range_silent_on_plausible_percentages(xlsx):
    rows = [ANGGARAN, [1, "Program Penunjang", 100_000_000, 120_000_000, "120%"],
            [2, "Program Pelatihan Kerja", 100_000_000, 54_000_000, 0.54]]
    plan = _plan(indicators=["Persentase kasus"] * 3, targets=["100%", "8,35-10,25%", "0%"])
    path = xlsx({"Anggaran": rows, "S": plan})
    assert _run(path, "PCT-RANGE") == []
    rows[2][4], plan[5][3] = 54, "8,35-100,25%"  # 54 (no % format) is 54%: fine; a range beyond 100 is not
    assert [f.cell for f in _run(xlsx({"Anggaran": rows, "S": plan}), "PCT-RANGE")] == ["D6"]


def test_pct_range_limits_are_configurable(xlsx, tmp_path):
    rows = [ANGGARAN, [1, "Program Penunjang", 100_000_000, 120_000_000, "120%"]]
    path = xlsx({"Anggaran": rows})
    assert _run(path, "PCT-RANGE") == []
    cfg = tmp_path / "rules"
    cfg.mkdir()
    (cfg / "settings.yaml").write_text(
        "rules:\n  PCT-RANGE: {limits: {rasio_anggaran: {min: 0, max: 100}}}\n", encoding="utf-8")
    from reconcile.config import load_config

    assert [f.cell for f in _run(path, "PCT-RANGE", config=load_config(cfg))] == ["E2"]


# --------------------------------------------------------------------------- NUM-HASH


def test_num_hash_flags_a_number_too_wide_for_a_default_column(xlsx):
    # 3.535.388.000 needs ~11,5 digit widths; a default column (8,43) holds 8; 5.388.000 fits.
    path = xlsx({"Tabel 4.1": _plan(pagu_kegiatan=3_535_388_000, subs=(3_500_000_000, 30_000, 5_388_000))})
    findings = _run(path, "NUM-HASH")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [
        ("Tabel 4.1", "E2", "warning"), ("Tabel 4.1", "E3", "warning"), ("Tabel 4.1", "E4", "warning")]
    f = findings[0]
    assert "3.535.388.000" in f.message and "#####" in f.message and "kolom E" in f.message
    assert "#,##0" in f.actual and "3.535.388.000" in f.actual


def test_num_hash_silent_when_the_column_is_wide_enough(xlsx):
    rows = _plan(pagu_kegiatan=3_535_388_000, subs=(3_500_000_000, 30_000_000, 5_388_000))
    assert _run(xlsx({"S": rows}, col_widths={"S": {5: 16}}), "NUM-HASH") == []
    assert len(_run(xlsx({"S": rows}, col_widths={"S": {5: 11}}), "NUM-HASH")) == 3  # 11 < 11,5 digits


def test_num_hash_font_size_bold_and_merged_columns(tmp_path):
    import xlsxwriter

    path = tmp_path / "hash.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    big = wb.add_format({"num_format": "#,##0", "bold": True, "font_size": 16})
    money = wb.add_format({"num_format": "#,##0"})
    ws.set_column(4, 4, 14)  # E: wide enough at 11 pt, too narrow at 16 pt bold
    ws.set_column(5, 6, 8)   # F:G merged: 2 x 8 characters
    for c, h in enumerate(HEADER + ["Pagu 2025"]):
        ws.write(0, c, h)
    ws.merge_range(0, 5, 0, 6, "Pagu Indikatif 2025")
    rows = [["I", "PROGRAM PENUNJANG", "Persentase", "100%", 3_535_388_000, 3_857_746_000],
            ["A", "Perencanaan", "Persentase", "100%", 3_535_388_000, 3_857_746_000],
            [1, "Penyusunan Dokumen", "Jumlah", "1 Dokumen", 3_535_388_000, 3_857_746_000]]
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row[:5]):
            ws.write(r, c, v, (big if r == 1 else money) if c == 4 else None)
        ws.merge_range(r, 5, r, 6, row[5], money)
    wb.close()
    findings = _run(path, "NUM-HASH")
    assert [f.cell for f in findings] == ["E2"]  # only the 16 pt bold one; F:G (16 chars) fits
    assert "16 pt, tebal" in findings[0].actual


def test_display_texts_follow_the_number_format():
    assert display_texts(3_535_388_000, "#,##0") == ["3,535,388,000"]
    assert display_texts(0.54, "0%") == ["54%"]
    assert display_texts(-5000, "#,##0;(#,##0)") == ["(5,000)"]
    assert display_texts(1_234_567, '[$Rp-421]#,##0.00') == ["Rp1,234,567.00"]
    assert display_texts(45000, "dd/mm/yyyy") is None
    assert min(display_texts(3_535_388_000, "General"), key=len) == "4E+09"  # General shrinks to fit


# --------------------------------------------------------------------------- EXCEL-ERROR


def test_excel_error_text_value_anywhere_with_its_meaning(xlsx):
    rows = _plan(subs=(8_160_000, "#REF!", 2_700_000))
    path = xlsx({"Tabel 4.1": rows, "Catatan": [["Keterangan"], ["#DIV/0!"]]})
    findings = _run(path, "EXCEL-ERROR")
    assert [(f.sheet, f.cell, f.severity, f.actual) for f in findings] == [
        ("Tabel 4.1", "E5", "error", "#REF!"), ("Catatan", "A2", "error", "#DIV/0!")]
    assert "dihapus" in findings[0].message and "Koordinasi dan Penyusunan" in findings[0].message
    assert "pembagian dengan nol" in findings[1].message


def test_excel_error_english(xlsx):
    path = xlsx({"S": [["Keterangan"], ["#N/A"]]})
    (f,) = _run(path, "EXCEL-ERROR", lang="en")
    assert "#N/A" in f.message and "not found" in f.message


def test_excel_error_cached_error_of_a_formula(tmp_path):
    import xlsxwriter

    path = tmp_path / "err.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write(0, 0, "Rasio")
    ws.write_formula(1, 0, "=1/0", None, "#DIV/0!")
    wb.close()
    assert [(f.cell, f.actual) for f in _run(path, "EXCEL-ERROR")] == [("A2", "#DIV/0!")]


def test_excel_error_inherited_names_the_cell_it_comes_from(tmp_path):
    """=A2*1000 shows #DIV/0! because A2 does: its finding names A2 as the cause."""
    import xlsxwriter

    path = tmp_path / "err.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["Rasio", "Rupiah"])
    ws.write_formula(1, 0, "=1/0", None, "#DIV/0!")
    ws.write_formula(1, 1, "=A2*1000", None, "#DIV/0!")
    wb.close()
    first, second = _run(path, "EXCEL-ERROR")
    assert (first.cell, second.cell) == ("A2", "B2")
    assert "merujuk ke A2" in second.message and second.related == ["'S'!A2"]
    assert "merujuk ke" not in first.message


def test_excel_error_silent_without_errors(xlsx):
    path = xlsx({"S": _plan(), "Catatan": [["Keterangan"], ["# catatan: lihat lampiran"]]})
    assert _run(path, "EXCEL-ERROR") == []


# --------------------------------------------------------------------------- FORMULA-NOCACHE


def test_formula_nocache_flags_formulas_never_calculated(xlsx):
    rows = _plan()
    rows[2][4] = Formula("=SUM(E4:E6)")  # written without a cached value
    path = xlsx({"Tabel 4.1": rows})
    (f,) = _run(path, "FORMULA-NOCACHE")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "E3", "warning")
    assert f.actual == "=SUM(E4:E6)" and "=SUM(E4:E6)" in f.message
    assert "simpan ulang" in f.message and "Perencanaan, Penganggaran" in f.message


def _uncached(tmp_path, formulas, errors=()):
    """Row 1 headers, row 2 the formulas (no stored value) and the error cells (cached error)."""
    import xlsxwriter

    path = tmp_path / "nocache.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["Pagu", "Realisasi", "Rasio", "Catatan"])
    for col, (formula, err) in enumerate(errors):
        ws.write_formula(1, col, formula, None, err)
    for col, formula in formulas.items():
        ws.write_formula(1, col, formula, None, "")
    wb.close()
    return path


def test_formula_nocache_names_a_ref_error_written_in_the_formula(tmp_path):
    path = _uncached(tmp_path, {2: '=IFERROR(A2+B2+#REF!,"")', 3: '=IF(A2="","#N/A",A2)'})
    first, second = _run(path, "FORMULA-NOCACHE")
    assert (first.cell, first.actual, first.expected) == ("C2", '=IFERROR(A2+B2+#REF!,"")', "rumus tanpa galat")
    assert "memuat galat #REF!" in first.message and "dihapus" in first.message
    assert "belum pernah dihitung ulang" not in first.message
    # "#N/A" in quotes is text the formula writes, not an error: the file was not recalculated
    assert second.cell == "D2" and "belum pernah dihitung ulang" in second.message
    (en, _) = _run(path, "FORMULA-NOCACHE", lang="en")
    assert "because it contains the error #REF!" in en.message


def test_formula_nocache_names_an_input_that_holds_an_error(tmp_path):
    path = _uncached(tmp_path, {1: "=A2*1000"}, errors=[("=1/0", "#DIV/0!")])
    (f,) = _run(path, "FORMULA-NOCACHE")
    assert (f.cell, f.related) == ("B2", ["'S'!A2"])
    assert "merujuk ke A2, yang berisi galat #DIV/0!" in f.message and "perbaiki A2 lebih dulu" in f.message


def test_formula_nocache_names_another_workbook(tmp_path):
    path = _uncached(tmp_path, {0: "=[1]Rekap!B7", 1: "='C:\\Renja\\[Pagu 2024.xlsx]Rekap'!B7*2", 2: "=A2+B2"})
    found = {f.cell: f for f in _run(path, "FORMULA-NOCACHE")}
    assert "workbook lain ([1]Rekap)" in found["A2"].message
    assert "workbook lain ('C:\\Renja\\[Pagu 2024.xlsx]Rekap')" in found["B2"].message
    # a formula on this sheet only, whose inputs merely lack a value: never recalculated
    assert "belum pernah dihitung ulang" in found["C2"].message


def test_formula_nocache_silent_when_values_are_cached(xlsx):
    rows = _plan()
    rows[2][4] = Formula("=SUM(E4:E6)", 15_360_000)
    path = xlsx({"S": rows})
    assert _run(path, "FORMULA-NOCACHE") == []


# --------------------------------------------------------------------------- NUM-PLACEHOLDER


def test_num_placeholder_flags_what_programs_leave_in_money_cells(xlsx):
    path = xlsx({"Tabel 4.1": _plan(pagu_kegiatan="null", subs=("NaN", "- Belum Diisi", 2_700_000))})
    found = _run(path, "NUM-PLACEHOLDER")
    assert sorted((f.cell, f.severity, f.actual) for f in found) == [
        ("E2", "warning", "null"), ("E3", "warning", "null"), ("E4", "warning", "NaN"),
        ("E5", "warning", "- Belum Diisi")]
    assert "Penyusunan Dokumen Perencanaan" in next(f.message for f in found if f.cell == "E4")
    # read as empty, never as malformed or text: no error on any of those cells
    assert not [f for f in _run(path, "NUM-MALFORMED") + _run(path, "NUM-TEXT") if f.cell in ("E2", "E3", "E4", "E5")]


def test_num_placeholder_leaves_real_amounts_and_dashes_alone(xlsx):
    path = xlsx({"Tabel 4.1": _plan(pagu_kegiatan=10_000, subs=("-", 5_000, "Rp 5.000"))})
    assert _run(path, "NUM-PLACEHOLDER") == []
