"""NOMEN-SPELL, CODE-FORMAT, CODE-PARENT, NUMBERING-SEQ and DUP-SUBKEG on tiny plan tables."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = ["No", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif (Rp)"]
CODE_HEADER = ["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif (Rp)"]

OFFICIAL_CSV = """kode,level,nomenklatur
X.XX.01,program,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA
X.XX.01.2.08,kegiatan,Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah
X.XX.01.2.08.0001,sub_kegiatan,Penyediaan Jasa Surat Menyurat
X.XX.01.2.08.0003,sub_kegiatan,Penyediaan Jasa Peralatan dan Perlengkapan Kantor
2.07.02,program,PROGRAM PERENCANAAN TENAGA KERJA
2.07.02.2.01,kegiatan,Penyusunan Rencana Tenaga Kerja (RTK)
2.07.02.2.01.0001,sub_kegiatan,Penyusunan Rencana Tenaga Kerja Makro
2.07.02.2.01.0003,sub_kegiatan,Fasilitasi Penyusunan Rencana Tenaga Kerja Mikro
2.07.05,program,PROGRAM HUBUNGAN INDUSTRIAL
2.07.05.2.02,kegiatan,"Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan di Daerah Kabupaten/Kota"
2.07.05.2.02.0004,sub_kegiatan,Pelaksanaan Operasional Lembaga Kerja Sama Tripartit Daerah Kabupaten/Kota
"""


def _run(path, code, config=None, lang="id"):
    return [f for f in run_rules(read_workbook(path), config or Config(), lang, only={code}) if f.rule == code]


def _with_list(tmp_path):
    p = tmp_path / "nomenklatur.csv"
    p.write_text(OFFICIAL_CSV, encoding="utf-8")
    cfg = Config()
    cfg.overrides["nomenklatur"] = str(p)
    return cfg


# ----------------------------------------------------------------------------- NOMEN-SPELL

def test_nomen_spell_with_a_list_by_code_and_by_nearest_name(tmp_path, xlsx):
    rows = [CODE_HEADER,
            ["2.07.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KAB/KOTA", "Persentase", 30],
            ["2.07.01.2.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase", 30],
            ["2.07.01.2.08.0003", "Peyediaan Jasa Peralatan dan Perlengkapan Kantor", "Jangka waktu", 30],
            [None, "Pencegahan dan Penyelidikan Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan "
                   "Perusahaan di Daerah Kabupaten/ Kota", "Persentase", 10]]
    findings = _run(xlsx({"Renja": rows}), "NOMEN-SPELL", _with_list(tmp_path))
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [("Renja", "B4", "warning"), ("Renja", "B5", "warning")]
    by_code, by_name = findings
    assert by_code.expected == "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"
    assert by_code.actual == "Peyediaan Jasa Peralatan dan Perlengkapan Kantor"
    assert "kode 2.07.01.2.08.0003" in by_code.message and "'Peyediaan' → 'Penyediaan'" in by_code.message
    assert by_name.expected.startswith("Pencegahan dan Penyelesaian Perselisihan")
    assert "kegiatan 2.07.05.2.02" in by_name.message and "'Penyelidikan' → 'Penyelesaian'" in by_name.message


def test_nomen_spell_with_a_list_silent_on_official_names_in_any_case_or_spacing(tmp_path, xlsx):
    rows = [HEADER,
            ["I", "PROGRAM HUBUNGAN INDUSTRIAL", "Persentase", 10],
            ["A", "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan "
                  "Perusahaan di Daerah Kabupaten / Kota", "Persentase", 10],
            [1, "pelaksanaan operasional lembaga kerja sama tripartit daerah kabupaten/kota", "Jumlah", 10],
            [2, "Pengadaan Kursi Rapat (bukan nomenklatur, tidak mirip apa pun)", "Jumlah", 0]]
    assert _run(xlsx({"S": rows}), "NOMEN-SPELL", _with_list(tmp_path)) == []


def test_nomen_spell_prefers_the_official_name_with_the_same_words_and_more(tmp_path, xlsx):
    rows = [HEADER,
            ["I", "PROGRAM PERENCANAAN TENAGA KERJA", "Persentase", 10],
            ["A", "Penyusunan Rencana Tenaga Kerja (RTK)", "Persentase", 10],
            [1, "Penyusunan Rencana Tenaga Kerja Mikro", "Jumlah perusahaan", 10]]
    (f,) = _run(xlsx({"S": rows}), "NOMEN-SPELL", _with_list(tmp_path))
    assert (f.cell, f.expected) == ("B4", "Fasilitasi Penyusunan Rencana Tenaga Kerja Mikro")
    assert "kurang 'Fasilitasi'" in f.message


def test_nomen_spell_a_name_unlike_its_codes_official_name(tmp_path, xlsx):
    rows = [CODE_HEADER, ["2.07.05.2.02.0004", "Penyediaan Jasa Surat Menyurat", "Jumlah", 10]]
    (f,) = _run(xlsx({"S": rows}), "NOMEN-SPELL", _with_list(tmp_path), lang="en")
    assert f.cell == "B2" and "does not match the official name of code 2.07.05.2.02.0004" in f.message
    assert f.expected == "Pelaksanaan Operasional Lembaga Kerja Sama Tripartit Daerah Kabupaten/Kota"


def _three_tables(name_41, name_32, name_26):
    def table(name):
        return [HEADER,
                ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "Persentase", 30],
                ["A", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase", 30],
                [1, "Penyediaan Jasa Surat Menyurat", "Jangka waktu penyediaan jasa surat menyurat", 10],
                [2, name, "Jangka waktu penyediaan jasa peralatan", 20],
                [3, "Penyusunan Rencana Tenaga Kerja Makro", "Jumlah dokumen", 0],
                [4, "Penyusunan Rencana Tenaga Kerja Mikro", "Jumlah perusahaan", 0]]
    return {"Tabel 4.1": table(name_41), "Tabel 3.2": table(name_32), "Tabel 2.6": table(name_26)}


def test_nomen_spell_without_a_list_reports_the_minority_spelling_of_an_item(xlsx):
    right = "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan"
    wrong = "Pencegahan dan Penyelidikan Perselisihan Hubungan Industrial, Mogok Kerja dan Penutupan Perusahaan"
    (f,) = _run(xlsx(_three_tables(right, right, wrong)), "NOMEN-SPELL")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 2.6", "B5", "warning")
    assert f.expected == right and f.actual == wrong
    assert "ditulis lain di 'Tabel 4.1'!B5 (dan 1 sel lain): 'Penyelidikan' → 'Penyelesaian'" in f.message
    assert f.related == ["'Tabel 4.1'!B5", "'Tabel 3.2'!B5"]
    # a misspelt word the workbook uses many times rightly is named as such
    (typo,) = _run(xlsx(_three_tables("Peyediaan Jasa Peralatan dan Perlengkapan Kantor", right, right)),
                   "NOMEN-SPELL")
    assert (typo.sheet, typo.cell) == ("Tabel 4.1", "B5") and "'Peyediaan' mungkin salah ketik 'Penyediaan'" in typo.message


def test_nomen_spell_without_a_list_silent_on_one_spelling_and_on_sibling_items(xlsx):
    # Makro and Mikro sit side by side in every table: two items, not one spelt two ways
    right = "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"
    assert _run(xlsx(_three_tables(right, right, right)), "NOMEN-SPELL") == []


def test_nomen_spell_without_a_list_finds_a_word_that_looks_like_a_slip(xlsx):
    rows = [HEADER, ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", 1],
            ["A", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase penyediaan", 1]]
    subs = ["Penyediaan Jasa Surat Menyurat", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
            "Penyediaan Bahan Logistik Kantor", "Penyediaan Peralatan Rumah Tangga",
            "Peyediaan Jasa Peralatan dan Perlengkapan Kantor", "Pendataan dan Pengolahan Administrasi Kepegawaian",
            "Penataan Arsip Dinamis"]
    rows += [[i + 1, s, "Jumlah laporan", 1] for i, s in enumerate(subs)]
    (f,) = _run(xlsx({"S": rows}), "NOMEN-SPELL")
    assert (f.cell, f.severity) == ("B8", "warning")
    assert "'Peyediaan' mungkin salah ketik 'Penyediaan' (dipakai 6 kali" in f.message
    assert f.expected == "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"


def test_nomen_spell_without_a_list_leaves_real_words_alone(xlsx):
    rows = [HEADER, ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", 1],
            ["A", "Penataan Bangunan", "Persentase", 1]]
    subs = ["Penataan Ruang Kantor", "Penataan Arsip", "Penataan Taman", "Penataan Gudang", "Penataan Parkir",
            "Penataan Lampu", "Pendataan Pegawai"]  # pen+data+an, "data" is used below
    rows += [[i + 1, s, "Jumlah data", 1] for i, s in enumerate(subs)]
    assert _run(xlsx({"S": rows}), "NOMEN-SPELL") == []


def test_nomen_spell_without_a_list_leaves_a_word_and_its_suffixed_form_alone(xlsx):
    """Kab. Buru's RKPD: 'Fasilitas' (a facility) beside many 'Fasilitasi' (facilitation) is
    another word, not a dropped letter; 'Sosiaisasi' beside 'Sosialisasi' still is a slip."""
    rows = [HEADER, ["I", "PROGRAM PEMENUHAN UPAYA KESEHATAN", "Persentase", 1],
            ["A", "Penyediaan Layanan Kesehatan", "Persentase", 1]]
    subs = ["Fasilitasi Penyusunan Produk Hukum", "Fasilitasi Pembinaan Desa", "Fasilitasi Pelaksanaan Musrenbang",
            "Fasilitasi Kerja Sama Daerah", "Fasilitasi Bantuan Hukum", "Fasilitasi Pemilihan Kepala Desa",
            "Pembangunan Fasilitas Kesehatan Lainnya", "Sosialisasi Peraturan", "Sosialisasi Program",
            "Sosialisasi Anggaran", "Sosialisasi Kebijakan", "Sosialisasi Layanan", "Sosiaisasi Produk Hukum"]
    rows += [[i + 1, s, "Jumlah laporan", 1] for i, s in enumerate(subs)]
    (f,) = _run(xlsx({"S": rows}), "NOMEN-SPELL")
    assert f.cell == "B16" and "'Sosiaisasi' mungkin salah ketik 'Sosialisasi'" in f.message


# ----------------------------------------------------------------------------- CODE-FORMAT

def test_code_format_flags_codes_of_no_level_and_of_the_wrong_level(xlsx):
    rows = [CODE_HEADER,
            ["2.07.03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Persentase", 10],
            ["2.07.03.2", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", "Persentase", 10],
            ["2.07.03.2.01.00001", "Proses Pelaksanaan Pendidikan dan Pelatihan", "Jumlah", 10],
            ["2.07.05.2.02", "PROGRAM HUBUNGAN INDUSTRIAL", "Persentase", 10],
            ["2.07.O5", "Kode dengan huruf O", "Persentase", 10]]
    findings = _run(xlsx({"Renja": rows}), "CODE-FORMAT")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [
        ("Renja", "A3", "error"), ("Renja", "A4", "error"), ("Renja", "A5", "error"), ("Renja", "A6", "error")]
    cut, long, level, letter = findings
    assert "terdiri atas 4 bagian" in cut.message and cut.actual == "2.07.03.2"
    assert "bagian ke-6 '00001' terlalu panjang (paling banyak 4 digit)" in long.message
    assert long.expected == "X.XX.XX.X.XX.XXXX"
    assert "berbentuk kode kegiatan, padahal baris ini program" in level.message and level.expected == "X.XX.XX"
    assert "bagian 'O5' bukan angka" in letter.message


def test_code_format_accepts_printed_variants_and_leaves_account_codes_alone(xlsx):
    rows = [CODE_HEADER,
            ["2 07 03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Persentase", 10],
            ["2 07 03 2.01", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", "Persentase", 10],
            ["2 07 03 2.01 01", "Proses Pelaksanaan Pendidikan dan Pelatihan", "Jumlah", 10],
            ["X.XX.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah", 10],
            ["5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", "Jumlah", 10],
            ["-", "Tanpa kode", "Jumlah", 0]]
    assert _run(xlsx({"Renja": rows}), "CODE-FORMAT") == []


def test_code_format_checks_codes_typed_in_front_of_the_name(xlsx):
    rows = [HEADER,
            [None, "2.07.03 PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Persentase", 10],
            [None, "2.07.03.2 Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", "Persentase", 10],
            [None, "2.07.03.2.01.0001 Proses Pelaksanaan Pendidikan dan Pelatihan", "Jumlah", 10]]
    (f,) = _run(xlsx({"S": rows}), "CODE-FORMAT")
    assert (f.sheet, f.cell, f.severity, f.actual) == ("S", "B3", "error", "2.07.03.2")
    assert "terdiri atas 4 bagian" in f.message


# ----------------------------------------------------------------------------- CODE-PARENT

def test_code_parent_flags_a_kegiatan_under_another_program(xlsx):
    rows = [CODE_HEADER,
            ["2.07.04", "PROGRAM PENEMPATAN TENAGA KERJA", "Persentase", 10],
            ["2.07.03.2.01", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", "Persentase", 10],
            ["2.07.03.2.01.0001", "Proses Pelaksanaan Pendidikan dan Pelatihan", "Jumlah", 10],
            ["2.07.04.2.01.0002", "Pelayanan Antar Kerja", "Jumlah", 0]]
    findings = _run(xlsx({"Renja": rows}), "CODE-PARENT")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [("Renja", "A3", "error"), ("Renja", "A5", "error")]
    kegiatan, sub = findings
    assert "Kode kegiatan 2.07.03.2.01" in kegiatan.message and "induknya 2.07.04" in kegiatan.message
    assert kegiatan.expected == "2.07.04.…" and kegiatan.actual == "2.07.03.2.01"
    assert kegiatan.related == ["'Renja'!A2"]
    assert "induknya 2.07.03.2.01" in sub.message


def test_code_parent_silent_on_a_consistent_tree_and_generic_penunjang_codes(xlsx):
    rows = [CODE_HEADER,
            ["X.XX", "UNSUR PENUNJANG URUSAN PEMERINTAHAN", None, 10],
            ["2.07.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "Persentase", 10],
            ["X.XX.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "Persentase", 10],
            ["2.07.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah", 10],
            ["2.07.03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Persentase", 5],
            ["2.07.03.2.01", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", "Persentase", 5],
            ["2.07.03.2.01.0001", "Proses Pelaksanaan Pendidikan dan Pelatihan", "Jumlah", 5]]
    assert _run(xlsx({"Renja": rows}), "CODE-PARENT") == []


# ----------------------------------------------------------------------------- NUMBERING-SEQ

def _numbered(programs):
    """programs: [(number, [(letter, [sub numbers])])]"""
    rows = [HEADER]
    for p, kegiatan in programs:
        rows.append([p, f"PROGRAM NOMOR {p}", "Persentase", 1])
        for k, subs in kegiatan:
            rows.append([k, f"Kegiatan {k} di program {p}", "Persentase", 1])
            rows += [[s, f"Sub kegiatan {s} dari {k}", "Jumlah", 1] for s in subs]
    return rows


def test_numbering_seq_flags_a_skipped_program_and_a_repeated_letter(xlsx):
    rows = _numbered([("I", [("A", [1, 2]), ("B", [3])]), ("II", [("C", [4]), ("C", [5])]),
                      ("IV", [("D", [6, 7])])])
    findings = _run(xlsx({"Tabel 4.1": rows}), "NUMBERING-SEQ")
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [("Tabel 4.1", "A11", "info"),
                                                                 ("Tabel 4.1", "A13", "info")]
    repeat, gap = findings
    assert repeat.actual == "C" and repeat.expected == "D" and "dipakai lagi (sudah dipakai di baris 9)" in repeat.message
    assert repeat.related == ["'Tabel 4.1'!A9"]
    assert gap.actual == "IV" and gap.expected == "III" and "nomor 'III' tidak ada" in gap.message


def test_numbering_seq_learns_whether_the_table_restarts_or_runs_on(xlsx):
    run_on = _numbered([("I", [("A", [1, 2]), ("B", [3])]), ("II", [("C", [4])]), ("III", [("D", [5])]),
                        ("IV", [("A", [6])])])
    (f,) = _run(xlsx({"S": run_on}), "NUMBERING-SEQ")
    assert (f.cell, f.expected, f.actual) == ("A15", "E", "A")
    assert "bersambung terus" in f.message
    restart = _numbered([("I", [("A", [1, 2]), ("B", [1])]), ("II", [("A", [1]), ("B", [1, 2])]),
                         ("III", [("A", [1])])])
    assert _run(xlsx({"S": restart}), "NUMBERING-SEQ") == []
    straight = _numbered([("I", [("A", [1, 2]), ("B", [3])]), ("II", [("C", [4]), ("D", [5, 6])])])
    assert _run(xlsx({"S": straight}), "NUMBERING-SEQ") == []


def test_numbering_seq_gap_in_sub_kegiatan_numbers(xlsx):
    rows = _numbered([("I", [("A", [1, 2, 4])])])
    (f,) = _run(xlsx({"S": rows}), "NUMBERING-SEQ")
    assert (f.cell, f.expected, f.actual, f.severity) == ("A6", "3", "4", "info")


# ----------------------------------------------------------------------------- DUP-SUBKEG

def test_dup_subkeg_flags_the_same_sub_kegiatan_twice_under_one_kegiatan(xlsx):
    rows = [HEADER, ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", 3],
            ["A", "Administrasi Umum Perangkat Daerah", "Persentase", 3],
            [1, "Penyediaan Bahan Logistik Kantor", "Jumlah paket", 1],
            [2, "Penyediaan Peralatan Rumah Tangga", "Jumlah paket", 1],
            [3, "Penyediaan bahan logistik  kantor.", "Jumlah paket", 1]]
    (f,) = _run(xlsx({"Tabel 4.1": rows}), "DUP-SUBKEG")
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "B6", "error")
    assert "tercantum dua kali di tabel ini: baris 4 dan baris 6" in f.message
    assert "di bawah kegiatan 'Administrasi Umum Perangkat Daerah'" in f.message
    assert f.related == ["'Tabel 4.1'!B4"]


def test_dup_subkeg_flags_a_code_listed_twice(xlsx):
    rows = [CODE_HEADER, ["2.07.01.2.06", "Administrasi Umum Perangkat Daerah", "Persentase", 2],
            ["2.07.01.2.06.0004", "Penyediaan Bahan Logistik Kantor", "Jumlah", 1],
            ["2.07.01.2.06.0004", "Penyediaan Bahan Logistik", "Jumlah", 1]]
    (f,) = _run(xlsx({"Renja": rows}), "DUP-SUBKEG")
    assert (f.cell, f.severity) == ("A4", "error") and "(kode 2.07.01.2.06.0004)" in f.message


def test_dup_subkeg_silent_on_the_same_name_under_two_kegiatan_or_with_two_codes(xlsx):
    rows = [HEADER, ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", 2],
            ["A", "Administrasi Umum Perangkat Daerah", "Persentase", 1],
            [1, "Penyediaan Bahan Logistik Kantor", "Jumlah", 1],
            ["B", "Administrasi Keuangan Perangkat Daerah", "Persentase", 1],
            [2, "Penyediaan Bahan Logistik Kantor", "Jumlah", 1]]
    assert _run(xlsx({"S": rows}), "DUP-SUBKEG") == []
    coded = [CODE_HEADER, ["2.07.01.2.06", "Administrasi Umum Perangkat Daerah", "Persentase", 2],
             ["2.07.01.2.06.0004", "Penyediaan Bahan Logistik Kantor", "Jumlah", 1],
             ["2.07.01.2.06.0005", "Penyediaan Bahan Logistik Kantor", "Jumlah", 1]]
    assert _run(xlsx({"S": coded}), "DUP-SUBKEG") == []
