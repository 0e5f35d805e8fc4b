"""Which way an indicator points comes from what it measures, checked against the official
indicators: every sub kegiatan indicator and kinerja of the nomenclature lists (outputs: documents,
services, people reached) is higher-is-better, and the usual outcome indicators that fall when
things go well are lower-is-better."""
from __future__ import annotations

import csv

import pytest
from conftest import SHARED

from reconcile.checks.base import Context
from reconcile.checks.ratios.analysis import polarity
from reconcile.config import load_config

LISTS = [SHARED / "reference" / "nomenklatur_kepmendagri_900-1317-2023_sesendok.csv",
         SHARED / "reference" / "nomenklatur_2027_pemutakhiran_sesendok.csv"]

# Outcome indicators of RPJMD/Renstra tables that fall when things go well.
LOWER = [
    "Tingkat Pengangguran Terbuka", "Persentase penduduk miskin", "Angka Kematian Ibu",
    "Angka kematian bayi per 1000 kelahiran hidup", "Prevalensi stunting", "Jumlah kasus DBD",
    "Angka putus sekolah SD", "Rasio Gini", "Persentase balita gizi buruk", "Luas kawasan kumuh",
    "Rata-rata waktu tunggu pelayanan", "Jumlah kasus kekerasan terhadap perempuan dan anak",
    "Tingkat kemiskinan", "Jumlah penduduk miskin", "Persentase rumah tidak layak huni",
    "Angka kriminalitas", "Jumlah kejadian kebakaran", "Laju inflasi", "Jumlah pekerja anak",
]
# Indicators a single word would have turned the wrong way.
HIGHER = [
    "Jangka waktu penyediaan gaji dan tunjangan ASN",  # months of salary paid
    "Persentase kasus perselisihan hubungan industrial yang diselesaikan",
    "Jumlah Keluarga Berisiko Stunting yang mendapat pendampingan",
    "Persentase penduduk miskin yang menerima bantuan sosial",
    "Persentase pengaduan yang ditindaklanjuti", "Jumlah pencari kerja yang ditempatkan",
    "Persentase penurunan angka kemiskinan", "Indeks Pembangunan Manusia",
    "Jumlah Dokumen Perencanaan Perangkat Daerah", "Persentase pelayanan tepat waktu",
]


@pytest.fixture(scope="module")
def ctx():
    return Context(workbook=None, config=load_config(None))


@pytest.mark.parametrize("text", LOWER)
def test_outcomes_that_fall_when_things_go_well_are_lower_is_better(ctx, text):
    assert polarity(ctx, text), text


@pytest.mark.parametrize("text", HIGHER)
def test_outputs_and_cases_dealt_with_are_higher_is_better(ctx, text):
    assert polarity(ctx, text) is None, (text, polarity(ctx, text))


@pytest.mark.skipif(not all(p.exists() for p in LISTS), reason="shared reference lists not present")
def test_no_official_sub_kegiatan_indicator_is_taken_for_lower_is_better(ctx):
    texts = set()
    for path in LISTS:
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("indikator", "kinerja"):
                    if (row.get(col) or "").strip():
                        texts.add(" ".join(row[col].split()))
    assert len(texts) > 10_000
    wrong = sorted((polarity(ctx, t), t) for t in texts if polarity(ctx, t))
    assert wrong == []
