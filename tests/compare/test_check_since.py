"""`reconcile check NEW --since OLD.json`: which findings of a resubmitted workbook were fixed,
which are new, which remain — on a tiny workbook built here, whose faults are placed by hand."""
from __future__ import annotations

import json

from click.testing import CliRunner

from reconcile.cli import main

HEADER = ["Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu Indikatif (Rp)"]


def _renja(xlsx, kegiatan_pagu, second_sub):
    return xlsx({"Renja": [
        HEADER,
        ["2.07.03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", 25_000_000],
        ["2.07.03.2.01", "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi", kegiatan_pagu],
        ["2.07.03.2.01.0001", "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan", 10_000_000],
        ["2.07.03.2.01.0002", "Pengukuran Produktivitas Tenaga Kerja", second_sub],
    ]})


def test_a_fixed_subtotal_is_reported_fixed_and_a_new_fault_new(xlsx, tmp_path):
    runner = CliRunner()
    # first version: the kegiatan's pagu (C3, 25 million) is not the sum of its sub kegiatan (10 + 20);
    # the program (C2, 25 million) is its kegiatan's
    old = _renja(xlsx, 25_000_000, 20_000_000)
    first = runner.invoke(main, ["check", str(old), "--format", "json", "--select", "PAGU-SUM"])
    assert [(f["rule"], f["cell"]) for f in json.loads(first.output)["files"][0]["findings"]] == [("PAGU-SUM", "C3")]
    old_json = tmp_path / "old.json"
    old_json.write_text(first.output, encoding="utf-8")

    # resubmission: C3 mended to 35 = 10 + 25; the program (C2) stayed 25 and no longer adds up
    new = _renja(xlsx, 35_000_000, 25_000_000)
    second = runner.invoke(main, ["check", str(new), "--format", "json", "--select", "PAGU-SUM",
                                  "--since", str(old_json)])
    since = json.loads(second.output)["files"][0]["since"]
    assert since["counts"] == {"fixed": 1, "new": 1, "remaining": 0}
    assert [f["cell"] for f in since["new"]] == ["C2"]
    text = runner.invoke(main, ["check", str(new), "--select", "PAGU-SUM", "--since", str(old_json)]).output
    assert "diperbaiki" in text and "C3" in text


def test_an_unusable_since_file_is_one_message_and_exit_2(xlsx, tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text("{not json", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(_renja(xlsx, 25_000_000, 20_000_000)), "--since", str(bad)])
    assert r.exit_code == 2 and "--since" in r.output
