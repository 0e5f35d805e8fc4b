"""TARGET-UNIT, TARGET-MISSING and TARGET-JUMP on tiny plan tables laid out like a Renja."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

# Tabel 4.1: three merged header rows, year N and the prakiraan maju N+1.
T41_HEADER = [
    ["No", "Urusan /Bidang Urusan/Program /Kegiatan/ Sub Kegiatan", "Indikator Kinerja", None, None,
     "Rencana Tahun 2024", None, None, None, None, None, "Perkiraan Maju Rencana Tahun 2025", None, None],
    [None, None, "Capaian Program", "Keluaran Sub Kegiatan", "Hasil Kegiatan", "Lokasi Output Kegiatan",
     "Target Capaian Kinerja", None, None, "Pagu Indikatif (Rp)", "Sumber Dana", "Target Capaian Kinerja", None,
     "Kebutuhan Dana/ Pagu Indikatif (Rp)"],
    [None, None, None, None, None, None, "Program", "Keluaran Sub Kegiatan", "Hasil Kegiatan", None, None,
     "Tolak Ukur", "Target", None],
]
T41_MERGES = ["A1:A3", "B1:B3", "C1:E1", "F1:K1", "L1:N1", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:I2",
              "J2:J3", "K2:K3", "L2:M2", "N2:N3"]
PROG_IND = "Persentase Terlaksananya Penempatan Tenaga Kerja Yang Lulus Seleksi"


def _sub(no, name, keluaran, target_keluaran, pagu, pagu2, target_program="10%", target_2025="15%",
         tolok_ukur=PROG_IND):
    return [no, name, PROG_IND, keluaran, "Persentase Terlaksananya Pelayanan antar kerja", "Kota Pontianak",
            target_program, target_keluaran, "100%", pagu, "DAU", tolok_ukur, target_2025, pagu2]


def _t41(*subs, kegiatan=(28_000_000, 36_000_000), program=(28_000_000, 36_000_000)):
    rows = [["I", "PROGRAM PENEMPATAN TENAGA KERJA", None, None, None, None, None, None, None, program[0], None,
             None, None, program[1]],
            ["A", "Pelayanan Antar Kerja di Daerah Kabupaten/Kota", None, None, None, None, None, None, None,
             kegiatan[0], None, None, None, kegiatan[1]]]
    return {"Tabel 4.1": T41_HEADER + rows + list(subs)}


def _run(path, *codes, lang="id"):
    return [f for f in run_rules(read_workbook(path), Config(), lang, only=set(codes)) if f.rule in codes]


def test_reader_maps_the_plan_table_as_the_rules_expect(xlsx):
    path = xlsx(_t41(_sub(1, "Penyediaan sumber daya", "Jumlah SDM", "2 Orang", 16_000_000, 24_000_000)),
                merges={"Tabel 4.1": T41_MERGES})
    (t,) = read_workbook(path).tables
    assert t.kind == "rincian"
    assert t.columns["indikator_program"] == "C" and t.columns["indikator_keluaran"] == "D"
    assert t.columns["target_program_2024"] == "G" and t.columns["target_keluaran_2024"] == "H"
    assert t.columns["tolok_ukur"] == "L" and t.columns["target_2025"] == "M"
    assert t.columns["pagu_2024"] == "J" and t.columns["pagu_2025"] == "N"
    assert list(t.frame["level"]) == ["program", "kegiatan", "sub_kegiatan"]


# --------------------------------------------------------------------------- TARGET-UNIT


def test_target_unit_flags_a_count_for_a_percentage_and_a_percent_for_a_count(xlsx):
    path = xlsx(_t41(
        _sub(1, "Pengadaan Mebel", "Persentase penyediaan barang milik daerah", "5 Unit", 20_000_000, 20_000_000),
        _sub(2, "Penyusunan Dokumen", "Jumlah dokumen perencanaan perangkat daerah", "100%", 8_000_000, 16_000_000),
    ), merges={"Tabel 4.1": T41_MERGES})
    findings = _run(path, "TARGET-UNIT")
    assert [(f.rule, f.sheet, f.cell, f.severity) for f in findings] == [
        ("TARGET-UNIT", "Tabel 4.1", "H6", "warning"), ("TARGET-UNIT", "Tabel 4.1", "H7", "warning")]
    unit, pct = findings
    assert unit.actual == "5 Unit" and unit.expected == "%"
    assert "Persentase penyediaan barang milik daerah" in unit.message and "berupa jumlah (Unit)" in unit.message
    assert unit.related == ["'Tabel 4.1'!D6"]
    assert pct.actual == "100%" and "mengukur jumlah" in pct.message
    (en, _) = _run(path, "TARGET-UNIT", lang="en")
    assert "is a count (Unit)" in en.message


def test_target_unit_silent_when_units_fit(xlsx):
    path = xlsx(_t41(
        _sub(1, "Pengadaan Mebel", "Persentase penyediaan barang milik daerah", "100%", 20_000_000, 20_000_000),
        _sub(2, "Penyusunan Dokumen", "Jumlah dokumen perencanaan perangkat daerah", "15 Dokumen", 8_000_000,
             16_000_000),
        _sub(3, "Produktivitas", "Tingkat Produktivitas Tenaga kerja", "Rp. 156.400", 8_000_000, 8_000_000),
        _sub(4, "Indeks", "Indeks kepuasan masyarakat", "80 Poin", 8_000_000, 8_000_000),
    ), merges={"Tabel 4.1": T41_MERGES})
    assert _run(path, "TARGET-UNIT") == []


def test_target_unit_pairs_each_side_of_a_review_table(xlsx):
    rows = [
        ["No", "Rancangan Awal RKPD", None, None, None, None, "Hasil Analisis Kebutuhan", None, None, None, None,
         "Catatan Penting"],
        [None, "Program / Kegiatan / Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
         "Pagu Indikatif", "Program / Kegiatan / Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
         "Pagu Indikatif", None],
        [1, "Perencanaan, Penganggaran dan Evaluasi Kinerja Perangkat Daerah", "Kota Pontianak",
         "Jumlah dokumen/laporan perencanaan, penganggaran dan Evaluasi Kinerja Perangkat Daerah", "100%", 15_360_000,
         "Perencanaan, Penganggaran dan Evaluasi Kinerja Perangkat Daerah", "Kota Pontianak",
         "Persentase dokumen perencanaan yang tersusun", "100%", 15_360_000, "-"],
    ]
    path = xlsx({"Tabel 2.6": rows}, merges={"Tabel 2.6": ["A1:A2", "B1:F1", "G1:K1", "L1:L2"]})
    (t,) = read_workbook(path).tables
    assert t.kind == "review_rkpd" and t.columns["rkpd.indikator"] == "D"
    findings = _run(path, "TARGET-UNIT")
    assert [(f.cell, f.actual) for f in findings] == [("E3", "100%")]
    assert "Jumlah dokumen/laporan perencanaan" in findings[0].message


# --------------------------------------------------------------------------- TARGET-MISSING


def test_target_missing_unit_only_and_number_only(xlsx):
    path = xlsx(_t41(
        _sub(1, "Penyediaan sumber daya pelayanan antar kerja", "Jumlah SDM Pelayanan antar kerja", "Orang",
             16_000_000, 24_000_000),
        _sub(2, "Penyusunan Dokumen", "Jumlah dokumen perencanaan perangkat daerah", "12", 8_000_000, 16_000_000),
    ), merges={"Tabel 4.1": T41_MERGES})
    findings = _run(path, "TARGET-MISSING")
    assert [(f.rule, f.sheet, f.cell, f.severity) for f in findings] == [
        ("TARGET-MISSING", "Tabel 4.1", "H6", "warning"), ("TARGET-MISSING", "Tabel 4.1", "H7", "warning")]
    no_number, no_unit = findings
    assert no_number.actual == "Orang" and "tanpa angka" in no_number.message and "'30 Orang'" in no_number.message
    assert no_unit.actual == "12" and no_unit.expected == "12 Dokumen" and "12 apa?" in no_unit.message
    (_, en) = _run(path, "TARGET-MISSING", lang="en")
    assert "12 of what?" in en.message


def test_target_missing_silent_on_complete_percent_index_qualitative_and_check_marks(xlsx):
    path = xlsx(_t41(
        _sub(1, "Penyediaan sumber daya", "Jumlah SDM Pelayanan antar kerja", "30 Orang", 16_000_000, 24_000_000),
        _sub(2, "Persentase", "Persentase penyediaan barang milik daerah", "100", 8_000_000, 8_000_000),
        _sub(3, "Indeks", "Indeks kepuasan masyarakat", "3,5", 8_000_000, 8_000_000),
        _sub(4, "Opini", "Opini BPK atas laporan keuangan", "WTP", 8_000_000, 8_000_000),
        _sub(5, "Kosong", "Jumlah dokumen", "-", 8_000_000, 8_000_000),
    ), merges={"Tabel 4.1": T41_MERGES})
    assert _run(path, "TARGET-MISSING") == []
    # "V" in a Target IKK column is a check mark, not a target without a number
    kin = [["No", "Indikator Kinerja", "Target IK K", "Target Renstra 2024"],
           [1, "Jumlah pencari kerja yang ditempatkan", "V", "30 Orang"]]
    assert _run(xlsx({"Kinerja": kin}), "TARGET-MISSING") == []


def test_target_missing_a_satuan_column_gives_the_unit(xlsx):
    header = ["No", "Uraian", "Indikator Keluaran", "Target Keluaran", "Satuan", "Pagu Indikatif"]
    with_unit = [header, ["I", "PROGRAM A", None, None, None, 10_000],
                 [1, "Sub A", "Jumlah dokumen", 12, "Dokumen", 10_000]]
    assert _run(xlsx({"S": with_unit}), "TARGET-MISSING") == []
    without = [header, ["I", "PROGRAM A", None, None, None, 10_000], [1, "Sub A", "Jumlah dokumen", 12, None, 10_000]]
    (f,) = _run(xlsx({"S": without}), "TARGET-MISSING")
    assert (f.cell, f.expected) == ("D3", "12 Dokumen")


# --------------------------------------------------------------------------- TARGET-JUMP


def test_target_jump_flags_pagu_and_target_jumps_on_sub_kegiatan(xlsx):
    path = xlsx(_t41(
        _sub(1, "Penyediaan sumber daya pelayanan antar kerja", "Jumlah SDM", "2 Orang", 16_000_000, 160_000_000),
        _sub(2, "Penyelenggaraan Rapat Koordinasi", "Jumlah laporan", "6 Laporan", 31_000_000, 10_000_000,
             target_program="10%", target_2025="50%"),
        kegiatan=(47_000_000, 170_000_000), program=(47_000_000, 170_000_000)),
        merges={"Tabel 4.1": T41_MERGES})
    findings = _run(path, "TARGET-JUMP")
    # the kegiatan row jumps too (47 -> 170 million = 3,6×); the program row is not checked
    assert [(f.rule, f.cell, f.severity) for f in findings] == [
        ("TARGET-JUMP", "N5", "warning"), ("TARGET-JUMP", "N6", "warning"), ("TARGET-JUMP", "M7", "warning"),
        ("TARGET-JUMP", "N7", "warning")]
    kegiatan, pagu_up, target_up, pagu_down = findings
    assert pagu_up.actual == "Rp 160.000.000" and pagu_up.expected == "Rp 5.333.333 – Rp 48.000.000"
    assert "naik 10 kali" in pagu_up.message and "Rp 16.000.000" in pagu_up.message
    assert pagu_up.related == ["'Tabel 4.1'!J6"]
    assert "Penyediaan sumber daya pelayanan antar kerja" in pagu_up.message
    assert target_up.actual == "50%" and "2025 (50%)" in target_up.message and "2024 (10%)" in target_up.message
    assert target_up.related == ["'Tabel 4.1'!G7"]
    assert pagu_down.actual == "Rp 10.000.000" and "turun menjadi 32,26%" in pagu_down.message
    (en, *_rest) = _run(path, "TARGET-JUMP", lang="en")
    assert "rises 3.62×" in en.message


def test_target_jump_silent_within_the_ratio_with_a_note_or_on_program_rows(xlsx):
    path = xlsx(_t41(_sub(1, "Penyediaan sumber daya", "Jumlah SDM", "2 Orang", 16_000_000, 24_000_000,
                          target_program="10%", target_2025="15%"),
                     program=(16_000_000, 99_000_000), kegiatan=(16_000_000, 24_000_000)),
                merges={"Tabel 4.1": T41_MERGES})
    assert _run(path, "TARGET-JUMP") == []
    header = ["No", "Uraian", "Indikator Keluaran", "Pagu Indikatif 2024", "Pagu Indikatif 2025", "Catatan"]
    rows = [header, ["I", "PROGRAM A", None, 10_000_000, 50_000_000, None],
            ["A", "Kegiatan A", None, 10_000_000, 50_000_000, "Penambahan dokumen RPJMD baru"],
            [1, "Sub A", "Jumlah dokumen", 10_000_000, 50_000_000, "-"]]
    (f,) = _run(xlsx({"S": rows}), "TARGET-JUMP")
    assert f.cell == "E4"  # the sub kegiatan's "-" is not a note; the kegiatan's is


def test_target_unit_reads_the_unit_from_a_satuan_column(xlsx):
    rows = [["No", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Target", "Satuan", "Pagu Indikatif"],
            ["1", "Program Pengelolaan Pelayaran", "Persentase layanan", "80", "%", 5_000_000],
            ["1.1", "Penerbitan Izin Usaha Angkutan Laut", "Jumlah izin", "100", "%", 5_000_000],
            ["1.1.1", "Penerbitan Izin Usaha Jasa Terkait", "Jumlah izin terbit", "10", "Dokumen", 5_000_000]]
    findings = [f for f in run_rules(read_workbook(xlsx({"S": rows})), Config(), "id", only={"TARGET-UNIT"})]
    assert [(f.rule, f.cell) for f in findings] == [("TARGET-UNIT", "D3")]
    assert "'100 %' berupa persen" in findings[0].message
