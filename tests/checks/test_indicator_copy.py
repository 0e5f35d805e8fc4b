"""INDICATOR-COPY on a tiny code-column table built here."""
from __future__ import annotations

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.read import read_workbook

HEADER = [["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Keluaran", "Target", "Pagu Indikatif (Rp)"]]
TOP = [["2.07.02", "PROGRAM PERENCANAAN TENAGA KERJA", None, None, 20_000_000],
       ["2.07.02.2.01", "Penyusunan Rencana Tenaga Kerja", None, None, 20_000_000]]


def _run(xlsx, subs):
    path = xlsx({"Renja": HEADER + TOP + subs})
    return run_rules(read_workbook(path), Config(), "id", only={"INDICATOR-COPY"})


def test_the_second_of_two_neighbours_carrying_the_first_ones_indicator_is_flagged(xlsx):
    found = _run(xlsx, [
        ["2.07.02.2.01.0001", "Penyusunan Rencana Tenaga Kerja Makro Sektoral",
         "Jumlah Dokumen Rencana Tenaga Kerja Makro Sektoral", "1 Dokumen", 10_000_000],
        ["2.07.02.2.01.0002", "Penyusunan Rencana Tenaga Kerja Mikro Perusahaan",
         "Jumlah Dokumen Rencana Tenaga Kerja Makro Sektoral", "1 Dokumen", 10_000_000],
    ])
    assert [(f.rule, f.severity, f.cell) for f in found] == [("INDICATOR-COPY", "warning", "C5")]
    assert found[0].related == ["'Renja'!C4"]
    assert "makro" in found[0].message and "sektoral" in found[0].message


def test_silent_for_an_indicator_shared_by_more_items_or_naming_both(xlsx):
    shared = "Jumlah Dokumen Rencana Tenaga Kerja Makro Sektoral"
    assert _run(xlsx, [  # three items with the kegiatan's indicator: not a slip of one row
        ["2.07.02.2.01.0001", "Penyusunan Rencana Tenaga Kerja Makro Sektoral", shared, "1 Dokumen", 5_000_000],
        ["2.07.02.2.01.0002", "Penyusunan Rencana Tenaga Kerja Mikro Perusahaan", shared, "1 Dokumen", 5_000_000],
        ["2.07.02.2.01.0003", "Penyusunan Rencana Tenaga Kerja Sektoral Daerah", shared, "1 Dokumen", 10_000_000],
    ]) == []
    assert _run(xlsx, [  # the indicator names words of both items
        ["2.07.02.2.01.0001", "Penyusunan Rencana Tenaga Kerja Makro", "Jumlah Dokumen Rencana Makro dan Mikro",
         "1 Dokumen", 10_000_000],
        ["2.07.02.2.01.0002", "Penyusunan Rencana Tenaga Kerja Mikro", "Jumlah Dokumen Rencana Makro dan Mikro",
         "1 Dokumen", 10_000_000],
    ]) == []


def test_silent_when_the_shared_indicator_names_the_parent_kegiatan(xlsx):
    """The seed's Tabel 4.1: two sub kegiatan carry their kegiatan's outcome, whose words are the
    kegiatan's name ("… Berdasarkan Unit Kompetensi")."""
    path = xlsx({"Renja": HEADER + [
        ["2.07.03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", None, None, 20_000_000],
        ["2.07.03.2.01", "Pelaksanaan Pelatihan Berdasarkan Unit Kompetensi", None, None, 20_000_000],
        ["2.07.03.2.01.0001", "Proses Pelaksanaan pelatihan bagi pencari kerja berdasarkan klaster kompetensi",
         "Persentase Terlaksananya Pelatihan Berdasarkan Unit Kompetensi", "100%", 10_000_000],
        ["2.07.03.2.01.0002", "Koordinasi lintas lembaga dan kerjasama dengan sektor swasta",
         "Persentase Terlaksananya Pelatihan Berdasarkan Unit Kompetensi", "100%", 10_000_000],
    ]})
    assert run_rules(read_workbook(path), Config(), "id", only={"INDICATOR-COPY"}) == []
