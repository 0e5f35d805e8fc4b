"""compare on workbooks built in the tests: a Renja against an RKPD export of another layout,
rincian lines against the pagu of their sub kegiatan, items matched by name only."""
from __future__ import annotations

from collections import Counter

import pytest
from conftest import SHARED

from reconcile.compare import compare_files
from reconcile.config import Config

NOMENKLATUR = SHARED / "reference" / "nomenklatur_kepmendagri_900-1317-2023_sesendok.csv"
DISNAKER = ("2.07.0.00.0.00.01.0000", "Dinas Tenaga Kerja")
DLH = ("2.11.0.00.0.00.01.0000", "Dinas Lingkungan Hidup")
PROGRAM = ("2.07.03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA")
KEGIATAN = ("2.07.03.2.01", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi")
SUB_1 = "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja berdasarkan Klaster Kompetensi"
RKPD_HEAD = ["KODE SKPD", "NAMA SKPD", "KODE PROGRAM", "NAMA PROGRAM", "KODE KEGIATAN", "NAMA KEGIATAN",
             "KODE SUB KEGIATAN", "NAMA SUB KEGIATAN", "INDIKATOR", "TARGET", "LOKASI", "SUMBER DANA", "PAGU"]


def rkpd(xlsx, third=("2.07.03.2.01.0003", "Pengembangan Kompetensi Instruktur")):
    """A flat RKPD export of two OPD: codes and names per level on every row."""
    return xlsx({"RKPD": [
        RKPD_HEAD,
        [*DISNAKER, *PROGRAM, *KEGIATAN, "2.07.03.2.01.0001", SUB_1, "Jumlah Peserta Pelatihan", "100 Orang",
         "Kota Pontianak", "DAU", 500_000_000],
        [*DISNAKER, *PROGRAM, *KEGIATAN, "2.07.03.2.01.0002", "Pengadaan Sarana dan Prasarana Pelatihan Kerja",
         "Jumlah Unit Sarana", "10 Unit", "Kota Pontianak", "DAU", 250_000_000],
        [*DISNAKER, *PROGRAM, *KEGIATAN, *third, "Jumlah Instruktur", "5 Orang", "Kota Pontianak", "PAD", 80_000_000],
        [*DLH, "2.11.02", "PROGRAM PERENCANAAN LINGKUNGAN HIDUP", "2.11.02.2.01", "Rencana Perlindungan dan "
         "Pengelolaan Lingkungan Hidup (RPPLH) Kabupaten/Kota", "2.11.02.2.01.0001", "Penyusunan RPPLH Kabupaten/Kota",
         "Jumlah Dokumen", "1 Dokumen", "Kota Pontianak", "PAD", 150_000_000],
    ]})


def renja(xlsx, rows):
    """A Renja Tabel 4.1 without codes: Roman / letter / number numbering, bold program and kegiatan."""
    head = ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target", "Lokasi", "Pagu Indikatif (Rp)",
            "Sumber Dana"]
    return xlsx({"Tabel 4.1": [head] + rows}, bold_rows={"Tabel 4.1": {2, 3}})


RENJA_ROWS = [
    ["I", PROGRAM[1], "Persentase Pencari Kerja Terlatih", "80%", "Kota Pontianak", 780_000_000, "DAU, PAD"],
    ["A", KEGIATAN[1], "Jumlah Pelatihan", "3 Kegiatan", "Kota Pontianak", 780_000_000, "DAU, PAD"],
    ["1", SUB_1, "Jumlah Peserta Pelatihan", "80 Orang", "Kota Pontianak", 450_000_000, "DAU"],
    ["2", "Pengadaan Sarana dan Prasarana Pelatihan Kerja", "Jumlah Unit Sarana", "10 unit", "Kota Pontianak",
     250_000_000, "DAU"],
    ["3", "Pelatihan Bahasa Asing bagi Calon Pekerja Migran", "Jumlah Peserta", "20 Orang", "Kota Pontianak",
     80_000_000, "PAD"],
]


def by_rule(c):
    out: dict[str, list] = {}
    for f in c.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_renja_without_codes_against_a_flat_rkpd_export(xlsx):
    a, b = rkpd(xlsx), renja(xlsx, RENJA_ROWS)
    c = compare_files(a, b)
    assert c.status == "ok" and c.scoped  # one agency's plan against one OPD of the whole RKPD
    f = by_rule(c)
    assert Counter(x.rule for x in c.findings) == {"CMP-PAGU": 1, "CMP-TARGET": 1, "CMP-ONLY-A": 1,
                                                     "CMP-ONLY-B": 1, "CMP-UNIT-TOTAL": 1}
    pagu = f["CMP-PAGU"][0]
    assert (pagu.sheet, pagu.cell, pagu.expected, pagu.actual) == ("Tabel 4.1", "F4", "Rp 500.000.000",
                                                                     "Rp 450.000.000")
    assert pagu.related == [f"{a.name}:'RKPD'!M2"]
    assert "dipasangkan menurut nama, tanpa kode" in pagu.message and "dokumen acuan" in pagu.message
    target = f["CMP-TARGET"][0]  # "10 Unit" and "10 unit" are the same target; 100 and 80 Orang are not
    assert (target.cell, target.expected, target.actual) == ("D4", "100 Orang", "80 Orang")
    gone = f["CMP-ONLY-A"][0]
    assert gone.expected == "2.07.03.2.01.0003" and gone.related == [f"{a.name}:'RKPD'!H4"]
    new = f["CMP-ONLY-B"][0]
    assert (new.cell, new.actual) == ("B6", "Pelatihan Bahasa Asing bagi Calon Pekerja Migran")
    total = f["CMP-UNIT-TOTAL"][0]
    assert (total.expected, total.actual) == ("Rp 830.000.000", "Rp 780.000.000")
    # The other OPD of the RKPD (Dinas Lingkungan Hidup) is outside this Renja: never reported.
    assert not any("RPPLH" in x.message for x in c.findings)
    [unit] = c.units
    assert (unit.code, unit.label, unit.total_a, unit.total_b) == (DISNAKER[0], DISNAKER[1], 830_000_000, 780_000_000)
    assert (unit.added, unit.removed, unit.changed, unit.by_name) == (1, 1, 1, 2)


def test_renja_with_codes_matches_by_code_even_when_renamed(xlsx):
    rows = [
        ["", f"{PROGRAM[0]} {PROGRAM[1]}", "", "", "", 830_000_000, ""],
        ["", f"{KEGIATAN[0]} {KEGIATAN[1]}", "", "", "", 830_000_000, ""],
        ["", f"2.07.03.2.01.0001 {SUB_1}", "Jumlah Peserta Pelatihan", "100 Orang", "Kota Pontianak", 500_000_000, "DAU"],
        ["", "2.07.03.2.01.0002 Pengadaan Sarpras Latihan", "Jumlah Unit Sarana", "10 Unit", "Kota Pontianak",
         250_000_000, "DAU"],
        ["", "2.07.03.2.01.0003 Pengembangan Kompetensi Instruktur", "Jumlah Instruktur", "5 Orang",
         "Kabupaten Kubu Raya", 80_000_000, "PAD"],
    ]
    c = compare_files(rkpd(xlsx), renja(xlsx, rows))
    assert c.status == "ok"
    rules = Counter(x.rule for x in c.findings)
    assert rules == {"CMP-NAME": 1, "CMP-LOKASI": 1}  # same code: same item, whatever its name says
    lokasi = next(x for x in c.findings if x.rule == "CMP-LOKASI")
    assert (lokasi.cell, lokasi.expected, lokasi.actual) == ("E6", "Kota Pontianak", "Kabupaten Kubu Raya")
    assert lokasi.severity == "info"


def test_rincian_lines_against_the_pagu_of_their_sub_kegiatan(xlsx):
    pagu = xlsx({"Pagu": [
        ["KODE SUB KEGIATAN", "NAMA SUB KEGIATAN", "PAGU"],
        ["2.07.03.2.01.0001", SUB_1, 500_000_000],
        ["2.07.03.2.01.0002", "Pengadaan Sarana dan Prasarana Pelatihan Kerja", 250_000_000],
    ]})
    head = ["KODE SKPD", "NAMA SKPD", "KODE KEGIATAN", "NAMA KEGIATAN", "KODE SUB KEGIATAN", "NAMA SUB KEGIATAN",
            "KODE REKENING", "NAMA REKENING", "PAGU"]
    lines = xlsx({"Rincian": [
        head,
        [*DISNAKER, *KEGIATAN, "2.07.03.2.01.0001", SUB_1, "5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 12_500_000],
        [*DISNAKER, *KEGIATAN, "2.07.03.2.01.0001", SUB_1, "5.1.02.02.01.0013", "Belanja Jasa Narasumber", 300_000_000],
        [*DISNAKER, *KEGIATAN, "2.07.03.2.01.0001", SUB_1, "5.1.02.01.01.0052", "Belanja Makanan dan Minuman",
         200_000_000],
        [*DISNAKER, *KEGIATAN, "2.07.03.2.01.0002", "Pengadaan Sarana dan Prasarana Pelatihan Kerja",
         "5.2.02.05.01.0001", "Belanja Modal Peralatan", 250_000_000],
    ]})
    c = compare_files(pagu, lines)
    assert c.status == "ok"
    [x] = [x for x in c.findings if x.rule == "CMP-RINCIAN"]
    assert not [x for x in c.findings if x.rule == "CMP-PAGU"]
    assert (x.sheet, x.cell, x.expected, x.actual) == ("Rincian", "F2", "Rp 500.000.000", "Rp 512.500.000")
    assert "3 baris berjumlah Rp 512.500.000" in x.message and "pagunya Rp 500.000.000" in x.message
    assert x.related == [f"{pagu.name}:'Pagu'!C2"]


def names_only(xlsx, names, pagu=(100_000_000, 200_000_000, 300_000_000)):
    rows = [["I", "PROGRAM PENEMPATAN TENAGA KERJA", "", "", "", sum(pagu), ""],
            ["A", "Pelayanan Antar Kerja di Daerah Kabupaten/Kota", "", "", "", sum(pagu), ""]]
    rows += [[str(i + 1), n, "", "", "", p, ""] for i, (n, p) in enumerate(zip(names, pagu))]
    return renja(xlsx, rows)


def test_items_without_codes_match_by_name_abbreviation_and_similar_spelling(xlsx):
    a = names_only(xlsx, ["Penyediaan Layanan Informasi Pasar Kerja di Kab/Kota",
                          "Koordinasi lintas lembaga dan kerjasama dengan sektor swasta",
                          "Penyuluhan dan Bimbingan Jabatan"])
    b = names_only(xlsx, ["PENYEDIAAN LAYANAN INFORMASI PASAR KERJA DI KABUPATEN/KOTA",
                          "Koordinasi Lintas Lembaga dan Kerja Sama dengan Sektor Swasta",
                          "Penyuluhan dan Bimbingan Jabatan Kerja", "Pelatihan Wirausaha"],
                   pagu=(100_000_000, 250_000_000, 300_000_000, 50_000_000))
    c = compare_files(a, b)
    rules = Counter(x.rule for x in c.findings)
    assert rules["CMP-ONLY-A"] == 0 and rules["CMP-ONLY-B"] == 1
    pagu = [x for x in c.findings if x.rule == "CMP-PAGU"]
    # Row 5 (the second sub kegiatan) moved from 200 to 250 million; its kegiatan and program
    # moved with it and are not reported again.
    assert [(x.cell, x.expected, x.actual) for x in pagu] == [("F5", "Rp 200.000.000", "Rp 250.000.000")]
    assert "dipasangkan menurut nama yang mirip" in pagu[0].message
    names = {x.cell: x for x in c.findings if x.rule == "CMP-NAME"}
    # Case and 'Kab' = 'Kabupaten' are the same name; a word added or respelt is a rename.
    assert set(names) == {"B5", "B6"}
    assert [u.by_name for u in c.units] == [5]


def test_name_matched_through_the_official_name_of_the_other_sides_code(xlsx):
    if not NOMENKLATUR.exists():
        pytest.skip("the official nomenclature list (../shared/reference) is not present")
    a = rkpd(xlsx, third=("2.07.03.2.01.0003", "Pengadaan Sarpras Balai Latihan Kerja"))
    rows = RENJA_ROWS[:4] + [["3", "Pengadaan Sarana Pelatihan Kerja Kabupaten/Kota", "Jumlah Instruktur", "5 Orang",
                              "Kota Pontianak", 80_000_000, "PAD"]]
    b = renja(xlsx, rows)
    without = compare_files(a, b)
    assert Counter(x.rule for x in without.findings)["CMP-ONLY-A"] == 1
    c = compare_files(a, b, Config(overrides={"nomenklatur": str(NOMENKLATUR)}))
    rules = Counter(x.rule for x in c.findings)
    assert rules["CMP-ONLY-A"] == 0 and rules["CMP-ONLY-B"] == 0
    name = next(x for x in c.findings if x.rule == "CMP-NAME")
    assert name.cell == "B6" and "nama resmi kodenya di nomenklatur" in name.message


def test_a_code_listed_twice_pairs_in_order(xlsx):
    rows = [
        ["", f"{PROGRAM[0]} {PROGRAM[1]}", "", "", "", 300_000_000, ""],
        ["", f"{KEGIATAN[0]} {KEGIATAN[1]}", "", "", "", 300_000_000, ""],
        ["", f"2.07.03.2.01.0001 {SUB_1}", "Jumlah Peserta", "50 Orang", "Kecamatan Utara", 100_000_000, "DAU"],
        ["", f"2.07.03.2.01.0001 {SUB_1}", "Jumlah Peserta", "50 Orang", "Kecamatan Selatan", 200_000_000, "DAU"],
    ]
    changed = [r[:] for r in rows]
    changed[3][5] = 150_000_000
    c = compare_files(renja(xlsx, rows), renja(xlsx, changed))
    assert [(x.rule, x.cell, x.expected, x.actual) for x in c.findings if x.rule.startswith("CMP-ONLY")] == []
    assert [(x.rule, x.cell) for x in c.findings if x.rule == "CMP-PAGU"] == [("CMP-PAGU", "F5")]
