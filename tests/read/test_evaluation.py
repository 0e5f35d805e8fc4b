"""Evaluation tables (Permendagri 86/2017 T-C.29 / T-C.30) and money words, on tiny workbooks:
K / Rp sub-columns, triwulan, the year from the title, money in thousands, the column-number
row holding formulas, "DANA TAHUN n", "Jumlah (Rp)", "JUMLAH PERUBAHAN", and "Volume"."""
from __future__ import annotations

import json

from click.testing import CliRunner

from reconcile.cli import main
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.read.headers import HeaderMatcher

# T-C.29 as the Bappeda of Kab. Sukabumi types it: "K" merged over value | unit, "Rp. (000)",
# the tingkat capaian's rupiah column a percentage, the formulas in the column-number row.
TC29_TITLE = [["Evaluasi Hasil terhadap RENJA PD"], ["Kabupaten Contoh"], ["Tahun 2018"], []]
TC29 = [
    ["No", "Kode", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
     "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
     "Target RPJMD pada Tahun 2016 s/d 2021 (Periode RPJMD)", None, None,
     "Realisasi Capaian Kinerja RPJMD s/d RKPD Tahun Lalu (n-2)", None,
     "Target Kinerja dan Anggaran RKPD Tahun berjalan (tahun n-1) yang dievaluasi", None,
     "Realisasi Kinerja Pada Triwulan", None, None, None, None, None, None, None,
     "Realisasi Capaian Kinerja dan Anggaran RKPD yang Dievaluasi (tahun n-1)", None,
     "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Tahun n-1 (%)", None,
     "Realisasi Kinerja & Anggaran RPJMD s/d Tahun n-1 (Akhir Thn Pelaks RKPD)", None,
     "Tingkat Capaian Kinerja dan Realisasi Anggaran RPJMD s/d Tahun n-1 (%)", None],
    [None] * 11 + ["I", None, "II", None, "III", None, "IV", None] + [None] * 8,
    [None] * 4 + ["K", None, "Rp. (000)"] + ["K", "Rp. (000)"] * 7 + ["K", "Rp."] + ["K", "Rp. (000)"] + ["K", "Rp."],
    [1, 2, 3, 4, 5, None, None, 6, None, 7, None, 8, None, 9, None, 10, None, 11, None, "12 = 8+9+10+11", None,
     "13 = 12/7*100", None, "14 = 6 + 12", None, "15 = 14/5*100", None],
]
TC29_MERGES = ["A5:A7", "B5:B7", "C5:C7", "D5:D7", "E5:G6", "E7:F7", "H5:I6", "J5:K6", "L5:S5", "L6:M6", "N6:O6",
               "P6:Q6", "R6:S6", "T5:U6", "V5:W6", "X5:Y6", "Z5:AA6", "E8:G8", "H8:I8", "J8:K8", "L8:M8", "N8:O8",
               "P8:Q8", "R8:S8", "T8:U8", "V8:W8", "X8:Y8", "Z8:AA8"]
ROW = [1, "1.01.01", "Pelayanan Administrasi Perkantoran", "Jumlah dokumen surat yang terselesaikan",
       7500, "surat", 375000, 2500, 125000, 1500, 93748, 375, 23437, 375, 23437, 375, 23437, 375, 23437,
       1500, 93748, 100, 100, 4000, 218748, 53.33, 58.33]


def _tc29(xlsx):
    return read_workbook(xlsx({"Evaluasi": TC29_TITLE + TC29 + [ROW]}, merges={"Evaluasi": TC29_MERGES})).tables[0]


def test_tc29_every_column_has_its_measure_kind_and_period(xlsx):
    t = _tc29(xlsx)
    assert t.kind == "evaluasi_triwulan" and t.header_rows == [5, 6, 7, 8]  # "12 = 8+9+10+11" is header, not data
    assert t.rows == [9]
    by_col = {c: f for f, c in t.columns.items()}
    assert {c: by_col[c] for c in ["E", "F", "G", "H", "I", "J", "K"]} == {
        "E": "target_renstra", "F": "satuan", "G": "anggaran_renstra",
        "H": "realisasi_kumulatif_2017", "I": "realisasi_anggaran_kumulatif_2017",  # n-2: the year before
        "J": "target_2018", "K": "anggaran_2018"}
    assert [by_col[c] for c in ["L", "M", "N", "O", "P", "Q", "R", "S"]] == [
        "realisasi_tw1_2018", "realisasi_anggaran_tw1_2018", "realisasi_tw2_2018", "realisasi_anggaran_tw2_2018",
        "realisasi_tw3_2018", "realisasi_anggaran_tw3_2018", "realisasi_tw4_2018", "realisasi_anggaran_tw4_2018"]
    assert {c: by_col[c] for c in ["T", "U", "V", "W", "X", "Y", "Z", "AA"]} == {
        "T": "realisasi_2018", "U": "realisasi_anggaran_2018", "V": "capaian_2018", "W": "rasio_anggaran_2018",
        "X": "realisasi_kumulatif_2018", "Y": "realisasi_anggaran_kumulatif_2018",
        "Z": "capaian_renstra_2018", "AA": "rasio_anggaran_renstra_2018"}
    types = t.field_types
    assert types["realisasi_anggaran_tw1_2018"] == "money" and types["realisasi_tw1_2018"] == "target"
    assert types["rasio_anggaran_2018"] == "percent"  # "Tingkat capaian (%) / Rp.": a ratio, not money


def test_tc29_money_in_thousands_is_rupiah_in_the_frame(xlsx):
    t = _tc29(xlsx)
    money = t.fields_of_type("money")
    assert set(t.field_scale) == set(money) and set(t.field_scale.values()) == {1000.0}
    assert t.value("anggaran_renstra", 9) == 375_000_000 and t.value("anggaran_renstra__raw", 9) == 375000
    assert t.value("realisasi_anggaran_2018", 9) == 93_748_000
    assert t.value("rasio_anggaran_2018", 9) == 100  # a percentage is never scaled
    assert t.value("realisasi_tw1_2018__value", 9) == 375


def test_inspect_shows_the_scale(xlsx, tmp_path):
    path = xlsx({"Evaluasi": TC29_TITLE + TC29 + [ROW]}, merges={"Evaluasi": TC29_MERGES})
    out = CliRunner().invoke(main, ["inspect", str(path), "--format", "json"])
    table = json.loads(out.output)["files"][0]["tables"][0]
    assert table["scales"]["anggaran_2018"] == 1000
    assert table["totals"]["anggaran_2018"]["sum_of_sub_kegiatan"] in (0, 93_748_000)
    text = CliRunner().invoke(main, ["inspect", str(path)]).output
    assert "anggaran_2018" in text and "[Rp × 1.000]" in text


# Kab. Jember's export: the column-number row comes before the K / Rp row.
JEMBER = [
    ["EVALUASI TERHADAP HASIL RKPD PEMERINTAH KABUPATEN CONTOH TAHUN 2020"],
    ["No", "Kode", "Urusan / Program / Kegiatan", "Indikator Kinerja Program (Outcome)/ Kegiatan (Output)",
     "Target RPJMD Kabupaten/Kota pada Tahun 2021",
     "Realisasi Capaian Kinerja RPJMD Kabupaten/Kota sampai dengan RKPD Kabupaten/Kota Tahun 2019", None,
     "Target Kinerja dan Anggaran RKPD Kabupaten/Kota Tahun 2020 yang dievaluasi", None,
     "Realisasi Kinerja pada Triwulan", None, None, None, None, None, None, None,
     "Realisasi Capaian Kinerja dan Anggaran RKPD Kabupaten/Kota yang Dievaluasi", None],
    [None] * 9 + ["I", None, "II", None, "III", None, "IV", None, None, None],
    [1, 2, 3, 4, 5, 6, None, 7, None, 8, None, 9, None, 10, None, 11, None, "12 = 8+9+10+11", None],
    [None] * 5 + ["K", "Rp"] * 7,
    [1, "1.01.01", "Program Pendidikan", "Angka Partisipasi", "98%", "97%", 1_000_000_000, "98%", 500_000_000,
     "98%", 100_000_000, "98%", 100_000_000, "98%", 100_000_000, "98%", 200_000_000, "98%", 500_000_000],
]
JEMBER_MERGES = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:G3", "H2:I3", "J2:Q2", "J3:K3", "L3:M3", "N3:O3",
                 "P3:Q3", "R2:S3", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:G4", "H4:I4", "J4:K4", "L4:M4",
                 "N4:O4", "P4:Q4", "R4:S4"]


def test_k_rp_row_below_the_column_number_row(xlsx):
    t = read_workbook(xlsx({"Sheet1": JEMBER}, merges={"Sheet1": JEMBER_MERGES})).tables[0]
    assert t.header_rows == [2, 3, 4, 5] and t.rows == [6]
    by_col = {c: f for f, c in t.columns.items()}
    assert by_col["E"] == "target_renstra_2021"  # one column, its own year
    assert by_col["F"] == "realisasi_kumulatif_2019" and by_col["G"] == "realisasi_anggaran_kumulatif_2019"
    assert by_col["H"] == "target_2020" and by_col["I"] == "anggaran_2020"
    assert [by_col[c] for c in "JKLMNOPQ"] == [
        f"{base}_tw{n}_2020" for n in (1, 2, 3, 4) for base in ("realisasi", "realisasi_anggaran")]
    assert by_col["R"] == "realisasi_2020" and by_col["S"] == "realisasi_anggaran_2020"  # not 2019
    assert "Rp" in t.header_paths["realisasi_anggaran_2020"] and "12" not in t.header_paths["realisasi_2020"]
    assert t.field_scale == {}  # plain "Rp": rupiah already


def test_money_words():
    m = HeaderMatcher(Config().columns)

    def field(*path):
        hit = m.match(list(path))
        return hit[0] if hit else None

    assert field("DANA TAHUN 1") == "pagu" and m.fields["pagu"].type == "money"
    assert field("TARGET TAHUN 1") == "target"
    assert field("JUMLAH") == "jumlah" and field("Jumlah (Rp)") == "jumlah" and m.fields["jumlah"].type == "money"
    assert field("JUMLAH PERUBAHAN") == "jumlah_perubahan"
    assert field("Setelah Perubahan", "Jumlah") == "jumlah_perubahan"
    assert field("Jumlah Bulan") is None and field("JUMLAH BUKTI DUKUNG") is None
    assert field("JUMLAH PAGU") == "pagu"
    assert field("VOLUME") == "volume" and m.fields["volume"].type == "number"  # a quantity, not a target
    assert field("Target Volume Sub Kegiatan") == "target_keluaran"
    assert m.money_scale(["Pagu Indikatif", "Rp. (000)"]) == 1000
    assert m.money_scale(["Anggaran (Rp 000)"]) == 1000
    assert m.money_scale(["Pagu", "Ribuan Rupiah"]) == 1000
    assert m.money_scale(["Pagu (Rp Juta)"]) == 1_000_000
    assert m.money_scale(["Pagu Indikatif (Rp)"]) == 1


def test_money_scale_only_for_money_fields(xlsx):
    """"(000)" over a kinerja target is no money unit; "(Rp 000)" over a pagu is."""
    rows = [["No", "Program/Kegiatan", "Indikator", "Target Renstra pada Tahun (000)", "Pagu Indikatif (Rp 000)"],
            [1, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "Persentase layanan", "100%", 1500]]
    t = read_workbook(xlsx({"T": rows})).tables[0]
    assert t.field_scale == {"pagu": 1000.0}
    assert t.value("pagu", 2) == 1_500_000 and t.value("pagu__raw", 2) == 1500
    assert t.value("target_renstra", 2) == "100%"


def test_rp_under_a_plain_group_and_lone_k_letters(xlsx):
    """"Pagu Indikatif / Rp" is the pagu; a "k" lettering a column, with no Rp cell beside it,
    is no kinerja sub-column."""
    m = HeaderMatcher(Config().columns)
    assert m.sub_column_kind("Rp. (000)") == "Rp" and m.sub_column_kind("K") == "K"
    assert m.sub_column_kind("Rupiah") == "Rp" and m.sub_column_kind("Kegiatan") is None
    rows = [["No", "Program/Kegiatan", "Indikator", "Target", None, "Pagu Indikatif", None],
            [None, None, None, "K", "Satuan", "Rp", "Sumber Dana"],
            [1, "Program A", "Jumlah dokumen", 5, "Dokumen", 1000, "PAD"]]
    t = read_workbook(xlsx({"T": rows}, merges={"T": ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"]})).tables[0]
    by_col = {c: f for f, c in t.columns.items()}
    assert by_col["D"].startswith("target") and by_col["F"].startswith("pagu")
    assert t.field_types[by_col["F"]] == "money"
