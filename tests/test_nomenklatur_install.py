"""Official lists installed once for the user are loaded by every later run, without
--nomenklatur; the option, the environment and rules/nomenclature.yaml still come first."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from reconcile.config import Config
from reconcile.nomenklatur import configured_nomenklatur, installed_dir, installed_lists
from reconcile.nomenklatur_command import nomenklatur

CSV_2023 = SHARED / "reference" / "nomenklatur_kepmendagri_900-1317-2023_sesendok.csv"

TINY = """kode,level,nomenklatur
2.07,bidang,URUSAN PEMERINTAHAN BIDANG TENAGA KERJA
2.07.03,program,PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA
2.07.03.2.01,kegiatan,Pelaksanaan Pelatihan berdasarkan Unit Kompetensi
"""


def _csv(tmp_path: Path, name: str = "daftar.csv", text: str = TINY) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_install_copies_a_checked_list_and_later_runs_load_it(tmp_path):
    src = _csv(tmp_path)
    assert configured_nomenklatur(Config()) is None  # nothing installed in the test's data folder
    result = CliRunner().invoke(nomenklatur, ["install", str(src)])
    assert result.exit_code == 0, result.output
    target = installed_dir() / "daftar.csv"
    assert "Terpasang" in result.output and str(target) in result.output and "3 entri" in result.output
    assert target.read_bytes() == src.read_bytes()
    src.unlink()  # the installed copy is what later runs use
    found = configured_nomenklatur(Config())
    assert found is not None
    assert {e.code for e in found.entries} == {"2.07", "2.07.03", "2.07.03.2.01"}


def test_a_file_that_is_not_a_list_is_refused_and_nothing_is_installed(tmp_path):
    bad = _csv(tmp_path, "catatan.csv", "judul,isi\nrapat,besok\n")
    result = CliRunner().invoke(nomenklatur, ["install", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert "not a readable nomenclature list" in result.output
    assert installed_lists() == []
    assert not installed_dir().exists() or list(installed_dir().iterdir()) == []  # no temporary left


def test_the_option_and_the_environment_come_before_installed_lists(tmp_path, monkeypatch):
    CliRunner().invoke(nomenklatur, ["install", str(_csv(tmp_path))])
    other = _csv(tmp_path, "lain.csv", "kode,level,nomenklatur\n1.01,bidang,URUSAN PEMERINTAHAN BIDANG PENDIDIKAN\n")
    monkeypatch.setenv("RECONCILE_NOMENKLATUR", str(other))
    assert {e.code for e in configured_nomenklatur(Config()).entries} == {"1.01"}
    monkeypatch.delenv("RECONCILE_NOMENKLATUR")
    config = Config()
    config.overrides["nomenklatur"] = str(other)
    assert {e.code for e in configured_nomenklatur(config).entries} == {"1.01"}
    assert "2.07" in {e.code for e in configured_nomenklatur(Config()).entries}


def test_list_and_remove(tmp_path):
    runner = CliRunner()
    assert "Belum ada daftar terpasang" in runner.invoke(nomenklatur, ["list"]).output
    runner.invoke(nomenklatur, ["install", str(_csv(tmp_path))])
    assert runner.invoke(nomenklatur, ["list"]).output.strip() == str(installed_dir() / "daftar.csv")
    assert runner.invoke(nomenklatur, ["remove", "daftar.csv"]).exit_code == 0
    assert installed_lists() == []
    gone = runner.invoke(nomenklatur, ["remove", "daftar.csv", "--lang", "en"])
    assert gone.exit_code == 2 and "no installed list" in gone.output


@pytest.mark.skipif(not CSV_2023.exists(), reason="shared reference lists not present")
def test_the_official_2023_list_installs_and_a_check_uses_it(tmp_path):
    """With the official list installed, NOMEN-SPELL names the official spelling: a check of a
    tiny table whose sub kegiatan is misspelt gets the 900/2023 name as `expected`."""
    from conftest import build_xlsx

    from reconcile.read import read_workbook
    from reconcile.checks import run_rules
    from reconcile.config import load_config

    assert CliRunner().invoke(nomenklatur, ["install", str(CSV_2023)]).exit_code == 0
    # The official name, typed with one letter dropped, under its official code.
    official = next(line.split(",", 2) for line in CSV_2023.read_text(encoding="utf-8").splitlines()
                    if line.startswith("2.07.03.2.01.0001,"))
    code = official[0]
    book = build_xlsx(tmp_path / "renja.xlsx", {"Tabel": [
        ["Kode", "Program/Kegiatan/Sub Kegiatan", "Pagu Indikatif (Rp)"],
        ["2.07.03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", 100],
        ["2.07.03.2.01", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", 100],
        [code, "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja "
               "berdasarkan Klaster Kompetensi".replace("Keterampilan", "Keterampian"), 100],
    ]})
    config = load_config(None)
    findings = [f for f in run_rules(read_workbook(book, config), config) if f.rule == "NOMEN-SPELL"]
    assert findings, "the misspelt name is flagged against the installed official list"
    assert any("Keterampilan" in (f.expected or "") for f in findings)


@pytest.mark.skipif(not CSV_2023.exists(), reason="shared reference lists not present")
def test_each_sub_kegiatan_keeps_its_official_indicator_and_unit():
    """The list's kinerja / indikator / satuan columns stay with the sub kegiatan they describe
    (read here with the csv module, apart from the loader)."""
    import csv

    from reconcile.nomenklatur import load_nomenklatur

    with open(CSV_2023, encoding="utf-8") as fh:
        truth = {row["kode"]: row for row in csv.DictReader(fh) if row["level"] == "sub_kegiatan"}
    entries = {e.code: e for e in load_nomenklatur(CSV_2023).entries if e.level == "sub_kegiatan"}
    assert len(entries) == len(truth)
    for code in ("2.07.03.2.01.0001", "X.XX.01.2.01.0001"):
        t = truth[code]
        e = entries[code]
        assert (e.kinerja, e.indikator, e.satuan) == (" ".join(t["kinerja"].split()),
                                                      " ".join(t["indikator"].split()),
                                                      " ".join(t["satuan"].split()))
    assert sum(bool(e.indikator) for e in entries.values()) == sum(bool(t["indikator"].strip()) for t in truth.values())


def test_the_command_is_part_of_reconcile_and_speaks_the_runs_language(tmp_path):
    from reconcile.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["nomenklatur", "install", str(_csv(tmp_path))]).exit_code == 0
    listed = runner.invoke(main, ["--lang", "en", "nomenklatur", "list"])
    assert listed.exit_code == 0 and listed.output.strip() == str(installed_dir() / "daftar.csv")
    gone = runner.invoke(main, ["--lang", "en", "nomenklatur", "remove", "nothing.csv"])
    assert gone.exit_code == 2 and "no installed list" in gone.output
