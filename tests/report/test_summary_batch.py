"""The batch summary a Bappeda verifier reads: agencies told apart, worst first, every finding
linked to its cell in the annotated copy, printable on A4 landscape (issue #16 item 4).

The batch is built here: two agencies' folders holding a file of the same name, each naming
its agency in its heading; one plants a subtotal that does not add up (Rp 2,000,000 over
sub kegiatan of Rp 1,500,000 + Rp 400,000), the other adds up. A third folder's workbook
names no agency.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import build_xlsx

from reconcile.cli import main

KESEHATAN = "Dinas Kesehatan Kabupaten Kubu Raya"
PENDIDIKAN = "Dinas Pendidikan Kabupaten Kubu Raya"


def _renja(path: Path, agency: str | None, second_sub: int) -> Path:
    heading = [["RENCANA KERJA (RENJA) TAHUN 2025"]]
    if agency:
        heading.append(["Perangkat Daerah", f": {agency}"])
    rows = heading + [[],
                      ["No", "Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu Indikatif (Rp)"],
                      ["1", "1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 2_000_000],
                      ["1.1", "1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                       2_000_000],
                      ["1.1.1", "1.02.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 1_500_000],
                      ["1.1.2", "1.02.01.2.01.0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", second_sub]]
    path.parent.mkdir(parents=True, exist_ok=True)
    return build_xlsx(path, {"Tabel 3.2": rows})


@pytest.fixture(scope="module")
def two_agencies(tmp_path_factory):
    root = tmp_path_factory.mktemp("bappeda")
    batch = root / "kiriman"
    _renja(batch / "DinasA" / "RENJA_2024.xlsx", KESEHATAN, 500_000)  # adds up
    _renja(batch / "DinasB" / "RENJA_2024.xlsx", PENDIDIKAN, 400_000)  # 1,900,000 under 2,000,000
    _renja(batch / "DinasC" / "renja kecamatan.xlsx", None, 500_000)  # names no agency
    out = root / "keluaran"
    out.mkdir()
    result = CliRunner().invoke(main, ["check", str(batch), "--summary", str(out / "rekap.xlsx"),
                                       "--annotate-dir", str(out / "salinan"), "--format", "json", "--quiet"])
    assert result.exit_code == 1, result.output
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    return batch, out, json.loads(result.stdout)["files"], wb


def _table(ws, header_row: int) -> list[dict]:
    head = [c.value for c in ws[header_row]]
    rows = []
    for row in ws.iter_rows(min_row=header_row + 1):
        if row[0].value is None and row[1].value is None:
            continue
        rows.append({h: c for h, c in zip(head, row)})
    return rows


def test_copies_are_named_after_their_agency_folder(two_agencies):
    _, out, _, _ = two_agencies
    assert sorted(p.name for p in (out / "salinan").iterdir()) == [
        "DinasA_RENJA_2024.diperiksa.xlsx", "DinasB_RENJA_2024.diperiksa.xlsx", "renja kecamatan.diperiksa.xlsx"]


def test_rekap_tells_agencies_apart_worst_first(two_agencies):
    _, _, files, wb = two_agencies
    rows = [r for r in _table(wb["Rekap"], 4) if isinstance(r["No"].value, int)]
    assert [r["Berkas"].value for r in rows][0] == "DinasB/RENJA_2024.xlsx"  # the one with an error, on top
    by_path = {r["Berkas"].value: r for r in rows}
    assert set(by_path) == {"DinasA/RENJA_2024.xlsx", "DinasB/RENJA_2024.xlsx", "DinasC/renja kecamatan.xlsx"}
    assert by_path["DinasB/RENJA_2024.xlsx"]["Perangkat Daerah"].value == PENDIDIKAN
    assert by_path["DinasA/RENJA_2024.xlsx"]["Perangkat Daerah"].value == KESEHATAN
    assert by_path["DinasB/RENJA_2024.xlsx"]["Error"].value >= 1
    assert by_path["DinasA/RENJA_2024.xlsx"]["Error"].value == 0
    # no agency in the document: the folder's name, in italics (said in the second row)
    folder = by_path["DinasC/renja kecamatan.xlsx"]["Perangkat Daerah"]
    assert folder.value == "DinasC" and folder.font.i
    assert "miring" in wb["Rekap"]["A2"].value
    assert not by_path["DinasB/RENJA_2024.xlsx"]["Perangkat Daerah"].font.i
    counts = [(-r["Error"].value, -r["Peringatan"].value, -r["Info"].value) for r in rows]
    assert counts == sorted(counts)


def test_every_finding_names_agency_and_path_and_links_its_cell(two_agencies):
    batch, out, files, wb = two_agencies
    rows = _table(wb["Temuan"], 1)
    assert len(rows) == sum(len(f["findings"]) for f in files)
    agency_of = {"DinasA/RENJA_2024.xlsx": KESEHATAN, "DinasB/RENJA_2024.xlsx": PENDIDIKAN,
                 "DinasC/renja kecamatan.xlsx": "DinasC"}
    for r in rows:
        assert r["Perangkat Daerah"].value == agency_of[r["Berkas"].value]
    # the planted fault: Rp 2,000,000 in D6 over sub kegiatan adding up to Rp 1,900,000
    planted = [r for r in rows if r["Berkas"].value == "DinasB/RENJA_2024.xlsx" and r["Aturan"].value == "PAGU-SUM"]
    assert [(r["Lembar"].value, r["Sel"].value) for r in planted] == [("Tabel 3.2", "D6")]
    assert rows[0]["Berkas"].value == "DinasB/RENJA_2024.xlsx"  # in the Rekap's order
    for r in rows:
        link = r["Sel"].hyperlink
        assert link is not None, r["Sel"].value
        assert "\\" not in link.target and not link.target.startswith(("/", "file:"))
        target = out / unquote(link.target)
        assert target.is_file()
        sheet, cell = link.location.rsplit("!", 1)
        assert (sheet.strip("'").replace("''", "'"), cell) == (r["Lembar"].value, r["Sel"].value)
    link = planted[0]["Sel"].hyperlink
    assert unquote(link.target) == "salinan/DinasB_RENJA_2024.diperiksa.xlsx"
    copy = openpyxl.load_workbook(out / unquote(link.target))
    assert copy["Tabel 3.2"]["D6"].value == 2_000_000  # the cell the link opens holds the planted amount
    # the Rekap links each copy, relative and with forward slashes, to an existing file
    for r in _table(wb["Rekap"], 4):
        if isinstance(r["No"].value, int):
            link = r["Salinan bertanda"].hyperlink
            assert link is not None and "\\" not in link.target and (out / unquote(link.target)).is_file()


def test_every_sheet_prints_on_a4_landscape_fit_to_width(two_agencies):
    _, _, _, wb = two_agencies
    titles = {"Rekap": "$4:$4", "Temuan": "$1:$1", "Per Aturan": "$1:$1", "Grafik": "$1:$1"}
    assert wb.sheetnames == list(titles)
    for name, rows in titles.items():
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert int(ws.page_setup.paperSize) == 9, name  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.fitToWidth in (None, 1, "1") and int(ws.page_setup.fitToHeight) == 0, name
        assert ws.print_title_rows == rows, name


def test_links_are_relative_even_when_the_summary_lies_elsewhere(tmp_path, two_agencies):
    batch, out, _, _ = two_agencies
    elsewhere = tmp_path / "laporan" / "2025"
    elsewhere.mkdir(parents=True)
    r = CliRunner().invoke(main, ["check", str(batch / "DinasB"), "--summary", str(elsewhere / "rekap #1.xlsx"),
                                  "--annotate-dir", str(tmp_path / "salinan baru"), "--quiet"])
    assert r.exit_code == 1, r.output
    ws = openpyxl.load_workbook(elsewhere / "rekap #1.xlsx")["Rekap"]
    link = ws["L5"].hyperlink
    assert unquote(link.target) == "../../salinan baru/RENJA_2024.diperiksa.xlsx"
    assert (elsewhere / unquote(link.target)).resolve().is_file()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_prints_each_sheet_on_one_a4_landscape_page(two_agencies, tmp_path):
    """Printed by LibreOffice: every page A4 landscape (842 x 595 pt), and each of the four short
    sheets one page wide and long -- the Temuan's ten columns would take two or more pages
    without fit-to-width."""
    _, out, _, _ = two_agencies
    proc = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out / "rekap.xlsx")],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    pdf = (tmp_path / "pdf" / "rekap.pdf").read_bytes()
    boxes = [tuple(round(float(x)) for x in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)]
    assert boxes and set(boxes) == {(0, 0, 842, 595)}
    pages = re.search(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.S)
    assert pages and int(pages.group(1)) == 4
