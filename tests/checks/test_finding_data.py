"""A finding as data (issue 14, item 5): rules moved to message templates keep what they say as
arguments, so a finding made in one language renders in the other exactly as a run in that
language writes it; the JSON stays as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.checks import run_rules
from reconcile.config import Config
from reconcile.findings import Finding, Message, Money, Num, Words
from reconcile.read import read_workbook

SEED = Path(__file__).resolve().parents[2] / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"
TEMPLATED = {"PAGU-SUM", "PAGU-MISSING", "LEVEL-STYLE"}


def _both(path: Path) -> tuple[list[Finding], list[Finding]]:
    wb = read_workbook(path)
    return run_rules(wb, Config(), "id", only=TEMPLATED), run_rules(wb, Config(), "en", only=TEMPLATED)


def _plan_with_wrong_subtotal(xlsx) -> Path:
    header = ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif"]
    return xlsx({"Tabel 4.1": [
        header,
        ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", "100%", 15_360_000],
        ["A", "Perencanaan, Penganggaran dan Evaluasi Kinerja", "Persentase", "100%", 15_360_000],
        [1, "Penyusunan Dokumen Perencanaan", "Jumlah dokumen", "1 Dokumen", 8_160_000],
        [2, "Koordinasi dan Penyusunan Laporan Capaian Kinerja", "Jumlah dokumen", "1 Dokumen", 4_500_000],
        [3, "Evaluasi Kinerja Perangkat Daerah", "Jumlah dokumen", "1 Dokumen", 2_000_000],
    ]})


@pytest.mark.parametrize("source", ["seed", "built"])
def test_one_run_renders_in_either_language(xlsx, source):
    path = SEED if source == "seed" else _plan_with_wrong_subtotal(xlsx)
    in_id, in_en = _both(path)
    codes = {f.rule for f in in_id}
    assert codes == ({"PAGU-MISSING", "LEVEL-STYLE"} if source == "seed" else {"PAGU-SUM"})
    assert len(in_id) == len(in_en)
    for fid, fen in zip(in_id, in_en):
        assert fid.data is not None
        assert fid.in_lang("en").to_json() == fen.to_json()
        assert fen.in_lang("id").to_json() == fid.to_json()
        assert fid.in_lang("id") == fid
        assert set(fid.to_json()) == {"rule", "severity", "sheet", "cell", "message", "expected", "actual",
                                      "related"}  # the JSON as before


def test_pagu_sum_arguments_are_values_not_text(xlsx):
    (f,) = _both(_plan_with_wrong_subtotal(xlsx))[0]
    assert (f.cell, f.rule) == ("E3", "PAGU-SUM")
    assert f.data.args["declared"] == Money(15_360_000) and f.data.args["computed"] == Money(14_660_000)
    assert f.data.args["difference"] == Money(700_000) and f.data.args["n"] == 3
    assert "tertulis Rp 15.360.000" in f.message and "(selisih Rp 700.000)" in f.message
    assert "shows Rp 15,360,000" in f.in_lang("en").message and f.in_lang("en").expected == "Rp 14,660,000"


def test_message_renders_each_argument_kind():
    m = Message({"message": {"id": "{a} {b} {c} {d}", "en": "{a} | {b} | {c} | {d}"}, "actual": {"id": "{c}"}},
                {"a": Money(1_500_000), "b": Num(45.615), "c": Words("tebal", "bold"), "d": 7})
    assert m.render("message", "id") == "Rp 1.500.000 45,62 tebal 7"
    assert m.render("message", "en") == "Rp 1,500,000 | 45.62 | bold | 7"
    assert m.render("actual", "en") == "bold"  # one template for both languages
    assert m.render("expected", "id") is None
    plain = Finding("X", "info", "S", "A1", "teks")
    assert plain.in_lang("en") is plain  # a finding without data keeps its text
