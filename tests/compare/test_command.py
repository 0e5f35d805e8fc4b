"""`reconcile compare` as a click command object (CliRunner), its annotated copy and summary,
two folders paired by agency, and the resubmission classification (`since.py`)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from conftest import WORKBOOKS

from reconcile.checks import run_rules
from reconcile.compare.command import compare
from reconcile.compare.since import classify, load_old
from reconcile.config import Config
from reconcile.read import read_workbook

SAMPLE = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
CORRECTED = WORKBOOKS / "corrected" / "renja_disnaker_pontianak_2024.xlsx"
HEAD = ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target", "Pagu Indikatif (Rp)", "Sumber Dana"]


def plan(xlsx, subs, title=None):
    """A small Renja table; `title` adds a line above it (every row one further down)."""
    total = sum(p for _, p in subs if isinstance(p, (int, float)))
    rows = ([[title]] if title else []) + [
        HEAD,
        ["I", "PROGRAM PENEMPATAN TENAGA KERJA", "Persentase penempatan", "80%", total, "PAD"],
        ["A", "Pelayanan Antar Kerja di Daerah Kabupaten/Kota", "Jumlah layanan", "10 Kegiatan", 300_000_000, "PAD"],
    ] + [[str(i + 1), n, "Jumlah Orang", "50 Orang", p, "PAD"] for i, (n, p) in enumerate(subs)]
    first = 3 if title else 2
    return xlsx({"Tabel 4.1": rows}, bold_rows={"Tabel 4.1": {first, first + 1}},
                col_widths={"Tabel 4.1": {5: 18}})


def run(*args):
    return CliRunner().invoke(compare, [str(a) for a in args], catch_exceptions=False)


def test_json_of_a_version_pair(tmp_path):
    r = run(SAMPLE, CORRECTED, "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    [pair] = doc["pairs"]
    assert doc["version"] == 1 and doc["unpaired"] == {"a": [], "b": []}
    assert pair["status"] == "ok" and pair["totals"] == {"a": 4_704_246_000, "b": 4_704_246_000, "difference": 0}
    f = next(x for x in pair["findings"] if x["sheet"] == "Tabel 4.1" and x["cell"] == "G11")
    assert set(f) == {"rule", "severity", "sheet", "cell", "message", "expected", "actual", "related"}
    assert (f["rule"], f["expected"], f["actual"]) == ("CMP-TARGET", "100%", "95%")


def test_text_english_and_exit_codes(tmp_path):
    r = run(SAMPLE, CORRECTED, "--lang", "en")
    assert r.exit_code == 0
    assert "'Tabel 4.1'!G11: CMP-TARGET" in r.output
    assert "Comparison renja_disnaker_pontianak_2024.xlsx → renja_disnaker_pontianak_2024.xlsx: total " \
           "Rp 4,704,246,000 → Rp 4,704,246,000 (difference Rp 0)" in r.output
    assert run(SAMPLE, CORRECTED, "--fail-on", "warning").exit_code == 1
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    r = run(SAMPLE, bad)
    assert r.exit_code == 2 and "GAGAL" in r.output
    assert run(SAMPLE, CORRECTED, "--select", "NOPE").exit_code == 2


def test_annotate_writes_b_copy_with_changes_and_perbandingan(tmp_path):
    a, b = tmp_path / "lama.xlsx", tmp_path / "baru.xlsx"
    shutil.copy(SAMPLE, a)
    shutil.copy(CORRECTED, b)
    before = b.read_bytes()
    r = run(a, b, "--annotate")
    assert r.exit_code == 0, r.output
    assert b.read_bytes() == before  # the input is never written
    out = tmp_path / "baru.diperiksa.xlsx"
    import openpyxl

    book = openpyxl.load_workbook(out)
    assert "Perbandingan" in book.sheetnames
    note = book["Tabel 4.1"]["G11"].comment.text
    assert "CMP-TARGET" in note and "pada versi sebelumnya (lama.xlsx): '100%'" in note
    ws = book["Perbandingan"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[1][:2] == ["Dokumen acuan / versi sebelumnya (A)", "lama.xlsx"]
    assert rows[3][:4] == ["Total pagu", 4_704_246_000, 4_704_246_000, 0]
    head = rows.index(next(r for r in rows if r and r[0] == "Kode unit"))
    # Added, removed, changed items of the unit: the 41 rows of Tabel 4.1 with a changed compared
    # cell (test_sample_versions finds those cells in the two files themselves).
    assert rows[head + 1][5:8] == [0, 0, 41]
    # Every sheet of the input is there with the same values (the copy is verified before it is written).
    values = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Tabel 4.1").to_python()
    assert values == CalamineWorkbook.from_path(str(b)).get_sheet_by_name("Tabel 4.1").to_python()


def test_annotate_refuses_to_overwrite_an_input(tmp_path):
    a, b = tmp_path / "lama.xlsx", tmp_path / "baru.xlsx"
    shutil.copy(SAMPLE, a)
    shutil.copy(CORRECTED, b)
    r = run(a, b, "-o", a)
    assert r.exit_code == 2
    assert a.read_bytes() == SAMPLE.read_bytes()


def test_two_folders_paired_by_file_name_and_agency_with_summary(tmp_path, xlsx):
    da, db = tmp_path / "murni", tmp_path / "perubahan"
    da.mkdir()
    db.mkdir()
    shutil.copy(SAMPLE, da / "renja_disnaker_2024_murni.xlsx")
    shutil.copy(CORRECTED, db / "renja_disnaker_2024_perubahan.xlsx")  # paired by file name
    shutil.copy(SAMPLE, da / "dinas_a.xlsx")
    shutil.copy(CORRECTED, db / "kiriman_opd_7.xlsx")  # paired by the agency named in the title
    shutil.copy(plan(xlsx, [("Penyuluhan dan Bimbingan Jabatan", 100_000_000)]), db / "lain.xlsx")
    summary = tmp_path / "perbandingan.xlsx"
    r = run(da, db, "--format", "json", "--summary", summary)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    pairs = {(Path(p["a"]).name, Path(p["b"]).name) for p in doc["pairs"]}
    assert pairs == {("renja_disnaker_2024_murni.xlsx", "renja_disnaker_2024_perubahan.xlsx"),
                     ("dinas_a.xlsx", "kiriman_opd_7.xlsx")}
    assert [Path(p).name for p in doc["unpaired"]["b"]] == ["lain.xlsx"] and doc["unpaired"]["a"] == []
    book = CalamineWorkbook.from_path(str(summary))
    assert book.sheet_names == ["Perbandingan", "Temuan", "Tanpa pasangan"]
    rows = book.get_sheet_by_name("Perbandingan").to_python()
    whole = [r for r in rows[1:] if r[3] == "Seluruh dokumen"]
    assert len(whole) == 2 and all(r[5:8] == [4_704_246_000, 4_704_246_000, 0] for r in whole)
    findings = book.get_sheet_by_name("Temuan").to_python()
    assert len(findings) - 1 == sum(len(p["findings"]) for p in doc["pairs"])
    assert book.get_sheet_by_name("Tanpa pasangan").to_python()[1][0] == "B"


def test_since_fixed_new_remaining_across_shifted_rows(tmp_path, xlsx):
    old = plan(xlsx, [("Penyuluhan dan Bimbingan Jabatan", 100_000_000), ("Pelayanan Antar Kerja", "150.000.00"),
                      ("Pengantar Kerja", 50_000_000)])
    new = plan(xlsx, [("Penyuluhan dan Bimbingan Jabatan", 100_000_000), ("Pelayanan Antar Kerja", 150_000_000),
                      ("Pengantar Kerja", "5O.000.000")], title="TABEL 4.1 RENCANA PROGRAM (revisi)")
    old_findings = [f.to_json() for f in run_rules(read_workbook(old), Config())]
    (tmp_path / "old.json").write_text(json.dumps({"version": 1, "files": [
        {"path": str(old), "status": "ok", "error": None, "findings": old_findings}]}))
    new_findings = run_rules(read_workbook(new), Config())
    res = classify(new_findings, load_old(tmp_path / "old.json", new))
    assert [(o["rule"], o["cell"]) for o in res.fixed] == [("NUM-MALFORMED", "E5")]  # "150.000.00" corrected
    # "5O.000.000" typed, which also leaves the kegiatan's subtotal off: both new.
    assert {(f.rule, f.cell) for f in res.new} == {("NUM-MALFORMED", "E7"), ("PAGU-SUM", "E4")}
    # The program's subtotal is still wrong (other amounts), one row further down: it remains.
    assert [(o["rule"], o["cell"], f.cell) for f, o in res.remaining] == [("PAGU-SUM", "E2", "E3")]
    assert len(res.fixed) + len(res.remaining) == len(old_findings)
    assert len(res.new) + len(res.remaining) == len(new_findings)


def test_since_reads_an_old_annotated_copy(tmp_path, xlsx):
    from reconcile.report.annotate import annotate

    old = plan(xlsx, [("Penyuluhan dan Bimbingan Jabatan", 100_000_000), ("Pelayanan Antar Kerja", "150.000.00")])
    wb = read_workbook(old)
    findings = run_rules(wb, Config())
    copy = annotate(old, findings, tmp_path / "old.diperiksa.xlsx", workbook=wb).output
    loaded = load_old(copy)
    assert sorted((o["rule"], o["severity"], o["cell"]) for o in loaded) == \
        sorted((f.rule, f.severity, f.cell) for f in findings)
    res = classify(findings, loaded)
    assert not res.new and not res.fixed and len(res.remaining) == len(findings)


def test_since_refuses_what_is_not_a_check_output(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"hello": 1}')
    with pytest.raises(ValueError):
        load_old(p)
    with pytest.raises(ValueError):
        load_old(SAMPLE)


def test_a_side_without_plan_items_is_said_exit_0(xlsx):
    phones = xlsx({"Kontak": [["Nama", "Telepon"], ["Budi", "0812"], ["Sari", "0813"]]})
    r = run(phones, CORRECTED, "--format", "json")
    assert r.exit_code == 0
    [pair] = json.loads(r.stdout)["pairs"]
    assert pair["status"] == "no_table" and pair["findings"] == []
    assert pair["error"].startswith(f"{phones}: Tidak ada yang dapat diperiksa")


def test_since_report_for_check_results(tmp_path, xlsx):
    from reconcile.compare.since import since_report
    from reconcile.run import check_file

    old = plan(xlsx, [("Penyuluhan dan Bimbingan Jabatan", 100_000_000), ("Pelayanan Antar Kerja", "150.000.00")])
    before = check_file(old, Config())
    (tmp_path / "old.json").write_text(json.dumps({"version": 1, "files": [before.to_json()]}))
    new = plan(xlsx, [("Penyuluhan dan Bimbingan Jabatan", 100_000_000), ("Pelayanan Antar Kerja", 150_000_000)],
               title="revisi")
    now = check_file(new, Config())
    text, doc = since_report([now], tmp_path / "old.json", "en")
    counts = doc[str(new)]["counts"]
    assert counts == {"fixed": 1, "new": len(now.findings) - counts["remaining"], "remaining": counts["remaining"]}
    assert text.startswith(f"{new}: 1 fixed, ") and "fixed: 'Tabel 4.1'!E5 NUM-MALFORMED" in text


def test_registers_in_the_reconcile_group_with_help_in_both_languages():
    from reconcile.cli import main

    had = "compare" in main.commands
    main.add_command(compare)
    try:
        r = CliRunner().invoke(main, ["compare", "--help", "--lang", "en"])
        assert r.exit_code == 0 and "Compare two documents" in r.output and "--summary" in r.output
        r = CliRunner().invoke(main, ["compare", "--help"])
        assert "Bandingkan dua dokumen" in r.output
        r = CliRunner().invoke(main, ["compare", str(SAMPLE), str(CORRECTED), "--format", "json"])
        assert r.exit_code == 0 and json.loads(r.stdout)["pairs"][0]["status"] == "ok"
    finally:
        if not had:
            main.commands.pop("compare", None)
