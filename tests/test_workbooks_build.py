"""The sample workbooks are reproducible from workbooks/source and hold the seed's key facts."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks"
SCRIPTS = WB / "scripts"
sys.path.insert(0, str(SCRIPTS))

import build_workbooks as bw  # noqa: E402
import make_errata  # noqa: E402

FILES = [bw.MAIN, bw.SIPD, bw.TEKS] + [f"corrected/{n}" for n in (bw.MAIN, bw.SIPD, bw.TEKS)]
SEED = Path("/work/shared/seeds/000_17a92ddd17238a97.txt")


@pytest.fixture(scope="module")
def rebuilt():
    with tempfile.TemporaryDirectory() as tmp:
        bw.build_all(WB / "source", Path(tmp))
        yield Path(tmp)


def cells(path: Path) -> dict:
    """Every value/formula and merged range of every sheet."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "cells": {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges)}
    return out


@pytest.mark.parametrize("name", FILES)
def test_rebuild_equals_committed(rebuilt, name):
    assert cells(rebuilt / name) == cells(WB / name)


@pytest.mark.parametrize("name", [bw.MAIN, bw.SIPD, bw.TEKS])
def test_rebuild_is_byte_identical(rebuilt, name):
    assert (rebuilt / name).read_bytes() == (WB / name).read_bytes()


def plan_rows(ws, first=8):
    """(row, No, name, pagu 2024, pagu 2025) of the data rows of Tabel 4.1 (cached values)."""
    return [(r, ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 10).value, ws.cell(r, 14).value)
            for r in range(first, ws.max_row + 1) if ws.cell(r, 2).value]


def levels(rows):
    programs = [x for x in rows if str(x[2]).startswith("PROGRAM")]
    subs = [x for x in rows if isinstance(x[1], int)]
    kegiatan = [x for x in rows if x not in programs and x not in subs and not str(x[2]).startswith("UNSUR")]
    return programs, kegiatan, subs


@pytest.mark.parametrize("folder", ["", "corrected/"])
def test_tabel_4_1_facts(folder):
    wb = openpyxl.load_workbook(WB / folder / bw.MAIN, data_only=True)
    programs, kegiatan, subs = levels(plan_rows(wb["Tabel 4.1"]))
    assert (len(programs), len(kegiatan), len(subs)) == (5, 19, 53)
    assert sorted(x[1] for x in subs) == list(range(1, 54))
    assert sum(x[3] for x in programs) == 4_704_246_000          # pagu 2024 total (seed)
    assert sum(x[4] for x in programs) == 5_228_746_000          # pagu 2025 total (sum of the seed's programs)
    assert sum(x[3] for x in subs) == 4_704_246_000


def test_faithful_layout_and_provenance():
    wb = openpyxl.load_workbook(WB / bw.MAIN)
    ws = wb["Tabel 4.1"]
    # named cell: Penyediaan Gaji dan Tunjangan ASN, pagu 2024
    dn = wb.defined_names["Pagu_Gaji_Tunjangan_ASN_2024"]
    (sheet, ref), = list(dn.destinations)
    cell = wb[sheet][ref.replace("$", "")]
    assert wb[sheet].cell(cell.row, 2).value == "Penyediaan Gaji dan Tunjangan ASN"
    assert cell.value == 2_858_246_000
    # merged multi-row header as in the seed
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C5:E5", "F5:K5", "L5:N5", "G6:I6", "L6:M6", "J6:J7", "N6:N7"} <= merged
    assert ws["C5"].value == "Indikator Kinerja" and ws["L5"].value == "Perkiraan Maju Rencana Tahun 2025"
    # '#####' cells: the true value behind a formula, in a font too big for the column
    assert ws["J9"].value.startswith("=SUM(") and ws["J9"].font.sz == 16
    vals = openpyxl.load_workbook(WB / bw.MAIN, data_only=True)["Tabel 4.1"]
    assert vals["J9"].value == 3_535_388_000
    # errors kept: misspelling, broken funding source (Tabel 3.2), PPLH indicator (Tabel 2.6)
    texts = {c.value for ws_ in wb.worksheets for row in ws_.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Peyediaan Jasa Peralatan dan Perlengkapan Kantor" in texts
    assert "Dana Transfer Umum/Dan a Bagi Hasil" in texts
    assert "Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH" in texts
    assert any("Rp. 4.704.246.00," in t for t in texts) and any("54 sub kegiatan" in t for t in texts)
    # Tabel 3.2: kegiatan N has no pagu, so Program Penempatan is a typed constant, not a SUM
    ws32 = wb["Tabel 3.2"]
    prog4 = next(r for r in range(8, ws32.max_row + 1) if ws32.cell(r, 1).value == "IV")
    assert ws32.cell(prog4, 10).value == 284_000_000


def test_corrected_subtotals_are_formulas_and_narrative_agrees():
    wb = openpyxl.load_workbook(WB / "corrected" / bw.MAIN)
    for name in ("Tabel 4.1", "Tabel 3.2"):
        ws = wb[name]
        for r in range(8, ws.max_row + 1):
            if ws.cell(r, 1).value and not isinstance(ws.cell(r, 1).value, int):
                assert str(ws.cell(r, 10).value).startswith("=SUM("), (name, r)
    texts = [c.value for row in wb["Narasi"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("53 sub kegiatan" in t for t in texts)
    assert not any("54 sub kegiatan" in t for t in texts)
    assert any("Rp. 4.704.246.000,00" in t for t in texts)
    assert "Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH" not in {
        c.value for row in wb["Tabel 2.6"].iter_rows() for c in row}


def test_sipd_export_is_flat_with_codes():
    wb = openpyxl.load_workbook(WB / bw.SIPD)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "Pemerintah Daerah" and ws["B1"].value == ": Kota Pontianak"
    header = [c.value for c in ws[7]]
    assert header[:5] == ["KODE", "Urusan / Bidang Urusan", "Program", "Kegiatan", "Sub Kegiatan"]
    assert "Pagu Indikatif" in header and "Pagu Indikatif Tahun 2025" in header
    assert not ws.merged_cells.ranges
    codes = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1)}
    r = codes["2.07.01.2.02.0001"]
    assert ws.cell(r, 5).value == "Penyediaan Gaji dan Tunjangan ASN" and ws.cell(r, 13).value == 2_858_246_000
    assert "2.07.03.2.01" in codes and "2.07.05" in codes


def test_teks_money_is_text():
    ws = openpyxl.load_workbook(WB / bw.TEKS)["Tabel 4.1"]
    money = [ws.cell(r, 10).value for r in range(8, ws.max_row + 1) if ws.cell(r, 10).value is not None]
    assert money and all(isinstance(v, str) for v in money)
    assert any(v.startswith("Rp") for v in money) and any(v.endswith(",00") for v in money)


def test_errata_and_corrections_are_reproducible():
    data = bw.load_source(WB / "source")
    with tempfile.TemporaryDirectory() as tmp:
        cmap = bw.build_main(data, Path(tmp) / bw.MAIN)
    er = make_errata.Errata(data, cmap)
    er.run()
    assert er.entries == json.loads((WB / "source" / "errata.json").read_text(encoding="utf-8"))["entries"]
    assert er.corrections == json.loads((WB / "source" / "corrections.json").read_text(encoding="utf-8"))["corrections"]
    assert make_errata.markdown(er.entries, er.corrections) == (WB / "source" / "ERRATA.md").read_text(encoding="utf-8")


def test_every_correction_belongs_to_an_erratum_and_assumed_ones_are_listed():
    entries = json.loads((WB / "source" / "errata.json").read_text(encoding="utf-8"))["entries"]
    corrections = json.loads((WB / "source" / "corrections.json").read_text(encoding="utf-8"))["corrections"]
    used = {c for e in entries for c in e["corrections"]}
    assert used == {c["id"] for c in corrections}
    errata_md = (WB / "source" / "ERRATA.md").read_text(encoding="utf-8")
    assumed = [c for c in corrections if c["reason"].startswith("assumed")]
    assert assumed and all(f"| {c['id']} |" in errata_md.split("## Assumed corrections")[1] for c in assumed)


@pytest.mark.skipif(not SEED.exists(), reason="seed not available")
def test_extraction_is_reproducible():
    import extract_seed
    tables = extract_seed.build(SEED, extract_seed.DEFAULT_NOMENCLATURE)
    for key, table in tables.items():
        committed = json.loads((WB / "source" / f"{key.lstrip('_')}.json").read_text(encoding="utf-8"))
        assert json.loads(json.dumps(table, ensure_ascii=False)) == committed, key
