"""SECTOR-VOCAB on tiny plan tables: another urusan's words under a program."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.checks.sector.analysis import build_vocabulary, learn_vocabulary
from reconcile.config import Config
from reconcile.nomenklatur import Entry, Nomenklatur
from reconcile.read import read_workbook

CODE = "SECTOR-VOCAB"
HEADER = ["No", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif (Rp)"]
PPLH = "Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH"
PB = "Persentase Besaran Kasus yang diselesaikan dengan perjanjian kerja bersama"


def _plan(program_indicator=PB, sub_name="Pelaksanaan Operasional Lembaga Kerja Sama Tripartit",
          sub_indicator="Jumlah LKS Tripartit yang dibina", penunjang_sub="Penyediaan Jasa Komunikasi, Sumber Daya "
          "Air dan Listrik", penunjang_indicator="Jangka waktu penyediaan jasa komunikasi"):
    return [HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "Persentase tingkat kepuasan", 30],
            ["A", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase terlaksananya", 30],
            [1, penunjang_sub, penunjang_indicator, 30],
            ["II", "PROGRAM HUBUNGAN INDUSTRIAL", program_indicator, 20],
            ["B", "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial", "Persentase kasus", 20],
            [2, sub_name, sub_indicator, 20],
            ["III", "PROGRAM PENEMPATAN TENAGA KERJA", "Persentase pencari kerja yang ditempatkan", 10],
            ["C", "Pelayanan Antar Kerja di Daerah Kabupaten/Kota", "Persentase", 10],
            [3, "Job Fair/ Bursa Kerja", "Jumlah pencari kerja yang mendapatkan pekerjaan", 10]]


def _run(path, lang="id", config=None):
    return [f for f in run_rules(read_workbook(path), config or Config(), lang, only={CODE}) if f.rule == CODE]


def test_flags_an_environment_indicator_under_a_manpower_program(xlsx):
    findings = _run(xlsx({"Tabel 4.1": _plan(program_indicator=PPLH)}))
    assert [(f.sheet, f.cell, f.severity) for f in findings] == [("Tabel 4.1", "C5", "warning")]
    f = findings[0]
    assert "kata 'kearifan lokal', 'PPLH' termasuk kosakata urusan 2.11 Lingkungan Hidup" in f.message
    assert "bukan 2.07 Tenaga Kerja program ini" in f.message
    assert f.expected == "kosakata urusan 2.07 Tenaga Kerja"
    assert f.actual == "2.11 Lingkungan Hidup: kearifan lokal, PPLH"


def test_silent_when_every_cell_speaks_the_programs_vocabulary(xlsx):
    assert _run(xlsx({"Tabel 4.1": _plan()})) == []


def test_shared_words_do_not_count_when_the_programs_own_words_are_there(xlsx):
    # "lingkungan hidup" is Lingkungan Hidup's, but "hubungan industrial" makes the cell 2.07's
    path = xlsx({"S": _plan(sub_indicator="Jumlah sosialisasi hubungan industrial di lingkungan hidup kerja")})
    assert _run(path) == []
    # "kompetensi" alone belongs to nobody: no finding either way
    assert _run(xlsx({"S": _plan(sub_indicator="Jumlah peserta peningkatan kompetensi")})) == []


def test_names_of_both_sides_of_a_review_table(xlsx):
    rows = [["No", "Rancangan Awal RKPD", None, None, "Hasil Analisis Kebutuhan", None, None, "Catatan Penting"],
            [None, "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif",
             "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif", None],
            [1, "PROGRAM HUBUNGAN INDUSTRIAL", PB, 20, "PROGRAM HUBUNGAN INDUSTRIAL", PB, 20, "-"],
            [None, "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial", "Persentase terlaksananya", 20,
             "Pencegahan dan Penyelidikan Hubungan Lingkungan Hidup untuk Lembaga Kemasyarakatan",
             "Jumlah peserta Peningkatan Kapasitas SDM Bidang Lingkungan Hidup", 20, "-"],
            [None, "Pelaksanaan Operasional Lembaga Kerja Sama Tripartit", "Jumlah LKS Tripartit", 20,
             "Pelaksanaan Operasional Lembaga Kerja Sama Tripartit", "Jumlah LKS Tripartit", 20, "-"],
            [None, "Total", None, 20, None, None, 20, None]]
    path = xlsx({"Tabel 2.6": rows}, merges={"Tabel 2.6": ["A1:A2", "B1:D1", "E1:G1", "H1:H2"]})
    findings = _run(path)
    assert [(f.cell, f.severity) for f in findings] == [("E4", "warning"), ("F4", "warning")]
    name, indicator = findings
    assert name.message.startswith("Nama 'Pencegahan dan Penyelidikan Hubungan Lingkungan Hidup")
    assert "di bawah PROGRAM HUBUNGAN INDUSTRIAL" in name.message and "'lingkungan hidup'" in name.message
    assert indicator.message.startswith("Indikator ") and "Hasil Analisis Kebutuhan / Indikator Kinerja" in indicator.message


def test_the_penunjang_program_belongs_to_the_agencys_urusan(xlsx):
    # "sumber daya air" of the standard Penunjang sub kegiatan is not Pekerjaan Umum's
    assert _run(xlsx({"S": _plan()})) == []
    path = xlsx({"S": _plan(penunjang_indicator="Jumlah sekolah yang direhabilitasi dan peserta didik baru")})
    (f,) = _run(path)
    assert f.cell == "C4" and "1.01 Pendidikan" in f.message
    assert "bukan urusan perangkat daerah ini (2.07 Tenaga Kerja)" in f.message


def test_the_program_code_sets_its_urusan(xlsx):
    rows = [["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif"],
            ["2.11.07", "PROGRAM PENGAKUAN KEBERADAAN MASYARAKAT HUKUM ADAT", PPLH, 10],
            ["2.11.07.2.01", "Penetapan Pengakuan MHA", "Jumlah pencari kerja yang ditempatkan melalui bursa kerja", 10],
            ["2.11.07.2.01.0001", "Identifikasi MHA", "Jumlah dokumen", 10]]
    (f,) = _run(xlsx({"Renja": rows}))
    assert (f.cell, f.severity) == ("C3", "warning")
    assert "2.07 Tenaga Kerja" in f.message and "bukan 2.11 Lingkungan Hidup program ini" in f.message
    assert "'pencari kerja', 'bursa kerja'" in f.message


def test_a_coded_rows_own_name_is_vouched_for_by_its_code(xlsx):
    rows = [["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Pagu Indikatif"],
            ["1.03.09", "PROGRAM PENATAAN BANGUNAN DAN LINGKUNGANNYA", "Persentase bangunan gedung tertib", 10],
            ["1.03.09.2.01", "Penataan Bangunan dan Lingkungan di Kawasan Strategis", "Persentase", 10],
            ["1.03.09.2.01.0008", "Penataan Bangunan dan Lingkungan Kawasan Cagar Budaya, Kawasan Pariwisata",
             "Jumlah kawasan yang ditata", 10]]
    assert _run(xlsx({"Renja": rows})) == []


def test_the_same_text_under_one_program_is_reported_once(xlsx):
    rows = _plan()
    rows[5][2] = PPLH
    rows[6][2] = PPLH
    (f,) = _run(xlsx({"S": rows}))
    assert f.cell == "C6" and f.related == ["'S'!C7"]


def test_english_message(xlsx):
    (f,) = _run(xlsx({"S": _plan(program_indicator=PPLH)}), lang="en")
    assert "belong to the vocabulary of urusan 2.11 Environment (Lingkungan Hidup)" in f.message
    assert "not to 2.07 Manpower (Tenaga Kerja) of this program" in f.message


def test_tables_without_programs_are_judged_only_against_a_known_agency(xlsx):
    kinerja = [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
               [1, "Persentase pencari kerja yang ditempatkan", "10%", "8%", "80%"],
               [2, PPLH, "55%", "50%", "91%"]]
    # no program anywhere: the agency's urusan is not known, nothing is judged
    assert _run(xlsx({"Kinerja": kinerja})) == []
    # with the plan table, the agency is Tenaga Kerja: the PPLH indicator is out of place
    findings = _run(xlsx({"Tabel 4.1": _plan(), "Kinerja": kinerja}))
    assert [(f.sheet, f.cell) for f in findings] == [("Kinerja", "B3")]


def test_vocabulary_phrases_acronyms_and_shared_words():
    vocab = build_vocabulary({"urusan": {
        "2.07": {"name": "Tenaga Kerja", "distinctive": ["PKB", "hubungan industrial", "pelatihan"]},
        "2.11": {"name": "Lingkungan Hidup", "distinctive": ["PPLH", "pelatihan"], "related": ["lingkungan"]}},
        "generic": ["lingkungan kerja"]})
    found = vocab.by_urusan("Pendaftaran PKB dan pkbm; hubungan  industrial di lingkungan kerja; PPLH")
    assert {u: [h.term.display for h in hs] for u, hs in found.items()} == {
        "2.07": ["PKB", "hubungan industrial"], "2.11": ["PPLH"]}
    assert all(not h.term.distinctive for h in vocab.hits("pelatihan"))  # listed twice: shared
    assert vocab.best_urusan(["PROGRAM PERLINDUNGAN LINGKUNGAN"]) == "2.11"


def test_learnt_vocabulary_from_a_nomenclature_list(tmp_path, xlsx):
    entries = []
    for k in range(1, 5):
        entries.append(Entry(f"2.11.0{k}.2.01", "kegiatan", f"Pengukuran Kebisingan Udara Tahap {k}"))
        entries.append(Entry(f"2.11.0{k}.2.01.0001", "sub_kegiatan", f"Uji Getaran Cerobong Industri Tahap {k}"))
        entries.append(Entry(f"2.07.0{k}.2.01", "kegiatan", f"Pelatihan Kerja Angkatan {k}"))
    entries.append(Entry("X.XX.01.2.01", "kegiatan", "Penyediaan Jasa Kebersihan Udara Kantor"))
    learnt = learn_vocabulary(Nomenklatur(entries), min_count=3, min_share=0.9)
    assert "kebisingan udara" in learnt["2.11"]["words"] and "getaran cerobong" in learnt["2.11"]["words"]
    assert "udara" not in learnt["2.11"]["words"]  # used by the generic Penunjang program
    # configured list: two learnt words of another urusan in one cell are evidence
    csv = tmp_path / "list.csv"
    csv.write_text("kode,nomenklatur\n" + "\n".join(f'{e.code},"{e.name}"' for e in entries), encoding="utf-8")
    rows = _plan(sub_indicator="Jumlah titik pengukuran kebisingan udara dan uji getaran cerobong")
    cfg = Config()
    cfg.overrides["nomenklatur"] = str(csv)
    (f,) = _run(xlsx({"S": rows}), config=cfg)
    assert f.cell == "C7" and "dipelajari dari daftar nomenklatur" in f.message
    assert _run(xlsx({"S": rows})) == []  # without the list those words are nobody's
