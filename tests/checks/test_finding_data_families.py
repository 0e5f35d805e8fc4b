"""A finding as data (issue 14, item 5) for the claims, crosstable, sector, targets,
nomenclature, completeness and tidiness rules: each rule says what it finds through its message
templates, so a finding made in Indonesian renders in English exactly as an English run writes
it (and back). Every rule of these families is run on a workbook that triggers it: a shipped
sample, or a tiny one built here (`BUILT`, plain rows)."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from reconcile.checks import run_rules
from reconcile.checks.registry import RULES
from reconcile.config import Config
from reconcile.findings import Money
from reconcile.read import read_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "workbooks"
SEED = SAMPLES / "renja_disnaker_pontianak_2024.xlsx"
FAMILIES = {"claims", "crosstable", "sector", "targets", "nomenclature", "completeness", "tidiness"}
# the rules of these families moved to templates (a rule added to a family later joins here)
CONVERTED = {"CLAIM-COUNT", "CLAIM-TOTAL", "CLAIM-CONFLICT", "ITEM-MISSING", "XTAB-NAME", "XTAB-PAGU", "XTAB-TARGET",
             "XTAB-INDICATOR", "RKPD-NOTE", "SECTOR-VOCAB", "REQ-EMPTY", "FUND-SOURCE", "NUMBERING-IN-NAME",
             "LEVEL-STYLE", "TARGET-UNIT", "TARGET-MISSING", "TARGET-JUMP", "TARGET-TREND", "INDICATOR-COPY",
             "NOMEN-SPELL", "CODE-FORMAT", "CODE-PARENT", "NUMBERING-SEQ", "DUP-SUBKEG"}

PLAN = ["No", "Uraian", "Indikator Keluaran", "Target Keluaran", "Lokasi", "Pagu Indikatif (Rp)", "Sumber Dana"]



def _plan(title: str, pagu: float, target: float | str) -> list[list]:
    """A plan table whose second sub kegiatan has the given pagu and (numeric) target."""
    return [[title], [], PLAN,
            ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, 9_000_000, None],
            ["A", "Administrasi Keuangan Perangkat Daerah", None, None, None, 9_000_000, None],
            [1, "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang yang menerima gaji", "40 Orang", "Kota Singkawang",
             6_000_000, "PAD"],
            [2, "Pelaksanaan Penatausahaan Keuangan", "Jumlah dokumen", target, "Kota Singkawang", pagu, "PAD"]]


TOTAL = "Total pagu anggaran Dinas untuk tahun 2024 adalah sebesar {}. Adapun rincian rumusan program"
CODED = ["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Keluaran", "Target 2024", "Target 2025",
         "Pagu Indikatif 2024", "Pagu Indikatif 2025"]
NUMBERED = ["No", "Uraian", "Indikator Keluaran", "Pagu Indikatif (Rp)"]

# Tiny workbooks (sheet -> rows) for the rules the samples do not trigger.
BUILT: dict[str, dict[str, list[list]]] = {
    # a target that jumps ×5 written with a decimal comma; a neighbour's indicator; a target without
    # a unit, one that is only a unit, a count under a share indicator; a code under another
    # kegiatan, a code cut short, a code listed twice
    "coded": {"Renja": [
        CODED,
        ["2.07.02", "PROGRAM PERENCANAAN TENAGA KERJA", None, None, None, 40, 41],
        ["2.07.02.2.01", "Penyusunan Rencana Tenaga Kerja", None, None, None, 40, 41],
        ["2.07.02.2.01.0001", "Penyusunan Rencana Tenaga Kerja Makro Sektoral",
         "Jumlah Dokumen Rencana Tenaga Kerja Makro Sektoral", "2,5 Dokumen", "12,5 Dokumen", 10, 11],
        ["2.07.02.2.01.0002", "Penyusunan Rencana Tenaga Kerja Mikro Perusahaan",
         "Jumlah Dokumen Rencana Tenaga Kerja Makro Sektoral", "1 Dokumen", "1 Dokumen", 10, 10],
        ["2.07.02.2.01.0002", "Penyusunan Rencana Tenaga Kerja Mikro Perusahaan", "Jumlah perusahaan", "4",
         "4 Perusahaan", 10, 10],
        ["2.07.03.2.01.0003", "Fasilitasi Penyusunan Rencana Kerja Sektoral", "Persentase dokumen", "12 Dokumen",
         "%", 10, 10],
        ["2.07.02.2", "Kode kegiatan terpotong", "Jumlah dokumen", "1 Dokumen", "1 Dokumen", 0, 0],
    ]},
    # a target falling to a fifth; a number without a unit that the indicator does not name
    "more_targets": {"Renja": [
        CODED,
        ["2.07.02", "PROGRAM PERENCANAAN TENAGA KERJA", None, None, None, 40, 41],
        ["2.07.02.2.01", "Penyusunan Rencana Tenaga Kerja", None, None, None, 40, 41],
        ["2.07.02.2.01.0001", "Penyusunan Rencana Tenaga Kerja Makro", "Jumlah Dokumen Rencana", "10 Dokumen",
         "2 Dokumen", 10, 11],
        ["2.07.02.2.01.0004", "Penyusunan Rencana Tenaga Kerja Mikro", "Jumlah penerima manfaat", 25, "25 Orang",
         10, 10],
    ]},
    # targets falling under an indicator that says "Meningkatnya"
    "trend": {"Tabel 3.1": [
        ["No", "Tujuan", "Sasaran", "Indikator Sasaran", "Target Tahun", None, None],
        [None, None, None, None, "2024", "2025", "2026"],
        ["1", "Daya saing", None, "Meningkatnya jumlah wirausaha baru", "40 Orang", "35 Orang", "30 Orang"],
    ]},
    # the narrative states the total three ways: too high, right, malformed
    "narrative": {"Narasi": [["BAB III"], [TOTAL.format("Rp 9.500.000,00")], [TOTAL.format("Rp 9.000.000,00")],
                             [TOTAL.format("Rp. 4.0.0.00")]],
                  "Tabel 4.1": _plan("TABEL 4.1 RENCANA 2024", 3_000_000, "4 Dokumen")},
    # sub kegiatan 2 and program II skipped; a sub kegiatan listed twice under one kegiatan
    "numbered": {"Tabel 4.1": [
        NUMBERED,
        ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase", 4],
        ["A", "Administrasi Keuangan Perangkat Daerah", "Persentase", 2],
        [1, "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang", 1],
        [3, "Pelaksanaan Penatausahaan Keuangan", "Jumlah dokumen", 1],
        ["B", "Administrasi Umum Perangkat Daerah", "Persentase", 2],
        [4, "Penyediaan Bahan Logistik Kantor", "Jumlah paket", 1],
        [5, "Penyediaan bahan logistik kantor", "Jumlah paket", 1],
        ["III", "PROGRAM PENEMPATAN TENAGA KERJA", "Persentase", 0],
    ]},
    # Tabel 4.1 disagrees with Tabel 3.2 on a pagu and on a target typed as a number
    "two_plans": {"Tabel 3.2": _plan("TABEL 3.2", 3_000_000, 12.5), "Tabel 4.1": _plan("TABEL 4.1", 3_500_000, 12.75)},
    "req_empty": {"Tabel 4.1": [
        PLAN,
        ["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, 9_000_000, None],
        ["A", "Administrasi Keuangan Perangkat Daerah", None, None, None, 9_000_000, None],
        [1, "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang yang menerima gaji", "40 Orang", None,
         6_000_000, "PAD"],
        [2, "Pelaksanaan Penatausahaan Keuangan", "Jumlah dokumen", "-", "Kota Singkawang", 3_000_000, "PAD"],
    ]},
}

OPTIONS = {"trend": {"merges": {"Tabel 3.1": ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1"]}}}

# (rule, workbook): a sample's file name or a key of BUILT
CASES = [
    ("CLAIM-COUNT", "renja_disnaker_pontianak_2024.xlsx"),
    ("CLAIM-TOTAL", "renja_disnaker_pontianak_2024.xlsx"),
    ("CLAIM-TOTAL", "narrative"),
    ("CLAIM-CONFLICT", "renja_disnaker_pontianak_2024.xlsx"),
    ("CLAIM-CONFLICT", "narrative"),
    ("ITEM-MISSING", "renja_disnaker_pontianak_2024.xlsx"),
    ("XTAB-NAME", "renja_disnaker_pontianak_2024.xlsx"),
    ("XTAB-PAGU", "two_plans"),
    ("XTAB-TARGET", "renja_disnaker_pontianak_2024.xlsx"),
    ("XTAB-TARGET", "two_plans"),
    ("XTAB-INDICATOR", "renja_disnaker_pontianak_2024_sipd.xlsx"),
    ("RKPD-NOTE", "renja_disnaker_pontianak_2024.xlsx"),
    ("SECTOR-VOCAB", "renja_disnaker_pontianak_2024.xlsx"),
    ("TARGET-UNIT", "renja_disnaker_pontianak_2024.xlsx"),
    ("TARGET-UNIT", "coded"),
    ("TARGET-MISSING", "renja_disnaker_pontianak_2024.xlsx"),
    ("TARGET-MISSING", "coded"),
    ("TARGET-JUMP", "renja_disnaker_pontianak_2024.xlsx"),
    ("TARGET-JUMP", "coded"),
    ("TARGET-JUMP", "more_targets"),
    ("TARGET-MISSING", "more_targets"),
    ("TARGET-TREND", "renja_disnaker_pontianak_2024.xlsx"),
    ("TARGET-TREND", "trend"),
    ("INDICATOR-COPY", "coded"),
    ("NOMEN-SPELL", "renja_disnaker_pontianak_2024.xlsx"),
    ("NOMEN-SPELL", "renja_disnaker_pontianak_2024_sipd.xlsx"),
    ("CODE-FORMAT", "coded"),
    ("CODE-PARENT", "coded"),
    ("NUMBERING-SEQ", "numbered"),
    ("DUP-SUBKEG", "coded"),
    ("DUP-SUBKEG", "numbered"),
    ("REQ-EMPTY", "req_empty"),
    ("FUND-SOURCE", "renja_disnaker_pontianak_2024_teks.xlsx"),
    ("NUMBERING-IN-NAME", "renja_disnaker_pontianak_2024.xlsx"),
    ("LEVEL-STYLE", "renja_disnaker_pontianak_2024.xlsx"),
]


def _path(source: str, tmp_path: Path) -> Path:
    if source in BUILT:
        from conftest import build_xlsx

        return build_xlsx(tmp_path / f"{source}.xlsx", BUILT[source], **OPTIONS.get(source, {}))
    return SAMPLES / source


def _runs(path: Path, code: str, config: Config | None = None):
    wb = read_workbook(path)
    return run_rules(wb, config or Config(), "id", only={code}), run_rules(wb, config or Config(), "en", only={code})


@pytest.mark.parametrize("code,source", CASES, ids=[f"{c}-{s[:14]}" for c, s in CASES])
def test_a_finding_renders_in_the_other_language_as_that_language_writes_it(tmp_path, code, source):
    _assert_both_ways(*_runs(_path(source, tmp_path), code), code)


def test_nomen_spell_against_a_list_renders_in_the_other_language(tmp_path):
    official = tmp_path / "nomenklatur.csv"
    official.write_text("kode,level,nomenklatur\n"
                        "2.07.02.2.01.0001,sub_kegiatan,Penyusunan Rencana Tenaga Kerja Makro Sektoral Daerah\n"
                        "2.07.02.2.01.0002,sub_kegiatan,Pengelolaan Informasi Pasar Kerja\n", encoding="utf-8")
    config = Config()
    config.overrides["nomenklatur"] = str(official)
    in_id, in_en = _runs(_path("coded", tmp_path), "NOMEN-SPELL", config)
    assert [f.cell for f in in_id] == ["B4", "B5", "B6"]
    assert "missing 'Daerah'" in in_id[0].in_lang("en").message
    assert "does not match the official name of code 2.07.02.2.01.0002" in in_id[1].in_lang("en").message
    _assert_both_ways(in_id, in_en, "NOMEN-SPELL")


def _assert_both_ways(in_id, in_en, code: str) -> None:
    assert in_id and {f.rule for f in in_id} == {code}
    assert len(in_id) == len(in_en)
    for fid, fen in zip(in_id, in_en):
        assert fid.data is not None and fen.data is not None
        assert fid.in_lang("en").to_json() == fen.to_json()
        assert fen.in_lang("id").to_json() == fid.to_json()
        assert fid.message != fen.message  # two languages indeed


def test_every_rule_here_speaks_through_templates_and_is_covered():
    by_code = {r.code: r for r in RULES}
    for code in CONVERTED:
        rule = by_code[code]
        assert rule.family in FAMILIES, code
        assert rule.messages, code
        assert "self.finding(" not in inspect.getsource(inspect.getmodule(rule)), code
        for key, parts in rule.messages.items():
            assert set(parts) <= {"message", "expected", "actual"} and "message" in parts, (code, key)
            assert {"id", "en"} <= set(parts["message"]), (code, key)
    assert {c for c, _ in CASES} == CONVERTED


def test_claim_total_keeps_its_amounts_as_values():
    (f,) = _runs(SEED, "CLAIM-TOTAL")[0]
    assert (f.sheet, f.cell) == ("Narasi", "A171")
    assert f.data.args["total"] == Money(4_704_246_000) and f.data.args["match"] == Money(4_704_246_000)
    assert f.data.args["written"] == "Rp. 4.704.246.00"  # the cell's text, as written
    assert "probably meant Rp 4,704,246,000" in f.in_lang("en").message
    assert "kemungkinan maksudnya Rp 4.704.246.000" in f.message


def test_cross_table_values_read_in_each_language(tmp_path):
    path = _path("two_plans", tmp_path)
    (pagu,) = _runs(path, "XTAB-PAGU")[0]
    assert (pagu.sheet, pagu.cell) == ("Tabel 4.1", "F7")
    assert pagu.data.args["actual"] == Money(3_500_000) and pagu.data.args["difference"] == Money(500_000)
    (target,) = _runs(path, "XTAB-TARGET")[0]
    assert (target.sheet, target.cell, target.actual, target.expected) == ("Tabel 4.1", "D7", "12,75", "12,5")
    en = target.in_lang("en")
    assert (en.actual, en.expected) == ("12.75", "12.5") and "target is '12.75' in Tabel 4.1" in en.message


def test_a_target_as_written_is_quoted_beside_english_numbers(tmp_path):
    (f,) = _runs(_path("coded", tmp_path), "TARGET-JUMP")[0]
    assert (f.sheet, f.cell, f.actual) == ("Renja", "E4", "12,5 Dokumen")
    assert "2025 (12,5 Dokumen) naik 5 kali dari tahun 2024 (2,5 Dokumen)" in f.message
    assert f.expected == "0,83 Dokumen – 7,5 Dokumen"
    en = f.in_lang("en")
    assert "2025 ('12,5 Dokumen') rises 5.00× from 2024 ('2,5 Dokumen'), beyond the limit of 3×" in en.message
    assert en.expected == "0.83 Dokumen – 7.5 Dokumen" and en.actual == "12,5 Dokumen"
    trend = [x.in_lang("en") for x in _runs(SEED, "TARGET-TREND")[0]]
    assert "falls from 'Rp. 160.109.000' (2025) to 'Rp. 155.418.000' (2026)" in trend[0].message


def test_claim_total_quotes_the_amount_as_written_beside_english_numbers(tmp_path):
    differs, malformed = _runs(_path("narrative", tmp_path), "CLAIM-TOTAL")[0]
    assert (differs.cell, malformed.cell) == ("A2", "A4")
    assert differs.data.args["difference"] == Money(500_000) and differs.actual == "Rp 9.500.000,00"
    assert ("states a total pagu for 2024 of 'Rp 9.500.000,00', but the total of Tabel 4.1 (sum of the programs' "
            "pagu) is Rp 9,000,000 (difference Rp 500,000)") in differs.in_lang("en").message
    assert "menyebut total pagu tahun 2024 Rp 9.500.000,00, tetapi total Tabel 4.1" in differs.message
    assert "is written Rp. 4.0.0.00: the amount is malformed" in malformed.in_lang("en").message
