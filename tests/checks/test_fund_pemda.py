"""FUND-PEMDA and the pemda the reader takes from the document, on tiny workbooks."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.read.pemda import mentions

HEADER = ["No", "Uraian", "Indikator Keluaran", "Target Keluaran", "Pagu Indikatif (Rp)", "Sumber Dana"]


def _sheet(title, sources):
    """A title row, a blank row, then the plan (its table header on row 3); sub kegiatan rows
    6, 7, 8 carry `sources`."""
    rows = [[title], [], HEADER,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, 15_360_000, None],
            ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", None, None, 15_360_000, None]]
    names = ["Penyusunan Dokumen Perencanaan", "Koordinasi Penyusunan Laporan Kinerja", "Evaluasi Kinerja"]
    for i, (name, pagu, src) in enumerate(zip(names, (8_160_000, 4_500_000, 2_700_000), sources), start=1):
        rows.append([i, name, "Jumlah dokumen", "1 Dokumen", pagu, src])
    return rows


def _run(path, lang="id"):
    return [f for f in run_rules(read_workbook(path), Config(), lang, only={"FUND-PEMDA"}) if f.rule == "FUND-PEMDA"]


def test_the_reader_takes_the_pemda_from_the_title(xlsx):
    wb = read_workbook(xlsx({"Tabel 4.1": _sheet("RENJA DINAS TENAGA KERJA KOTA PONTIANAK TAHUN 2024",
                                                 ["PAD", "PAD", "PAD"])}))
    assert (wb.pemda.kind, wb.pemda.name, wb.pemda.sheet, wb.pemda.cell, wb.pemda.certain) == \
        ("kota", "Pontianak", "Tabel 4.1", "A1", True)
    wb = read_workbook(xlsx({"S": _sheet("Rencana Kerja Dinas Kesehatan Kabupaten Buru Provinsi Maluku", ["PAD"] * 3)}))
    assert (wb.pemda.kind, wb.pemda.name, wb.pemda.province) == ("kabupaten", "Buru", "Maluku")


def test_kabupaten_kota_in_a_name_is_no_pemda():
    assert mentions("Penyediaan Gaji Daerah Kabupaten/Kota") == []
    assert mentions("RENJA DINAS KESEHATAN KABUPATEN KOTA WARINGIN TIMUR TAHUN 2024") == [
        ("kabupaten", "Kota Waringin Timur")]
    assert mentions("Dinas Sosial Kab. Buru dan Kota Ambon") == [("kabupaten", "Buru"), ("kota", "Ambon")]
    assert mentions("Pemerintah Provinsi Daerah Istimewa Yogyakarta Tahun 2024") == [
        ("provinsi", "Daerah Istimewa Yogyakarta")]


def test_dana_desa_in_a_kota_plan_is_an_error(xlsx):
    path = xlsx({"Tabel 4.1": _sheet("Renja Dinas Tenaga Kerja Kota Pontianak Tahun 2024",
                                     ["PAD", "Dana Transfer Umum / Dana Desa", "PAD"])})
    (f,) = _run(path)
    assert (f.sheet, f.cell, f.severity) == ("Tabel 4.1", "F7", "error")
    assert "Dana Desa tidak dapat digunakan oleh Kota Pontianak" in f.message
    assert "Koordinasi Penyusunan Laporan Kinerja" in f.message and "kelurahan" in f.message
    assert f.actual == "Dana Transfer Umum / Dana Desa"
    assert f.related == ["'Tabel 4.1'!A1"]
    (en,) = _run(path, "en")
    assert "Dana Desa cannot be used by Kota Pontianak" in en.message


def test_dana_desa_in_a_kabupaten_plan_is_fine_and_a_short_form_is_a_warning(xlsx):
    path = xlsx({"S": _sheet("Renja Dinas Pemberdayaan Masyarakat Desa Kabupaten Buru 2024",
                             ["Dana Desa", "Alokasi Dana Desa (ADD)", "DAU"])})
    assert _run(path) == []
    path = xlsx({"S": _sheet("Renja Dinas Sosial Kota Ambon 2024", ["ADD", "PAD", "PAD"])})
    (f,) = _run(path)
    assert (f.cell, f.severity) == ("F6", "warning")


def test_otsus_and_keistimewaan_outside_their_regions(xlsx):
    path = xlsx({"S": _sheet("Renja Dinas PUPR Provinsi Bali Tahun 2025", ["Dana Otsus", "Danais", "PAD"])})
    found = {(f.cell, f.severity) for f in _run(path)}
    assert found == {("F6", "error"), ("F7", "error")}
    # Aceh's own plan, and Kota Yogyakarta's, use them rightly
    assert _run(xlsx({"S": _sheet("Renja Dinas Pendidikan Provinsi Aceh 2025", ["Dana Otsus"] * 3)})) == []
    assert _run(xlsx({"S": _sheet("Renja Dinas Kebudayaan Kota Yogyakarta 2025", ["Danais"] * 3)})) == []
    assert _run(xlsx({"S": _sheet("Renja Dinas Pariwisata Provinsi D.I. Yogyakarta 2025", ["Danais"] * 3)})) == []
    # Kota Ambon is no kabupaten/kota of DIY, whose list is complete
    assert [f.cell for f in _run(xlsx({"S": _sheet("Renja Dinas Pariwisata Kota Ambon 2025",
                                                        ["PAD", "Dana Keistimewaan", "PAD"])}))] == ["F7"]
    # a kabupaten whose province the document does not name: Otsus cannot be judged
    assert _run(xlsx({"S": _sheet("Renja Dinas Kesehatan Kabupaten Merauke 2025", ["Dana Otsus"] * 3)})) == []


def test_no_pemda_stated_no_finding_and_narrative_only_is_a_warning(xlsx):
    assert _run(xlsx({"S": _sheet("Rencana Kerja 2024", ["Dana Desa"] * 3)})) == []
    text = ("Dinas Sosial Kota Ambon menyusun rencana kerja ini sebagai pedoman pelaksanaan program di Kota Ambon "
            "pada tahun 2024 sesuai RPJMD.")
    path = xlsx({"Narasi": [["BAB I PENDAHULUAN"], [text]], "S": _sheet("Rencana Kerja 2024", ["Dana Desa", "PAD", "PAD"])})
    (f,) = _run(path)
    assert (f.cell, f.severity) == ("F6", "warning")
