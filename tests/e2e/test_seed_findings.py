"""The seed's inconsistencies as a test (issue #3).

On the faithful seed workbook `reconcile check` must report every inconsistency of the seed that it
finds today: each line below names the sheet, the cell and the rule of a finding, and a key (a word
or a number, or several) that must appear in that finding's message, expected or actual value.  A
finding counts when it sits at the cell or names the cell among its related cells (the way
`workbooks/scripts/errata_recall.py` counts an erratum as found).  The `# E…` comment is the
erratum's id in `workbooks/source/errata.json` / ERRATA.md.  Lines marked "incidental" are errata
that a finding about something else happens to cover (same cell, or the cell is cited as the
reference value); a rule change may legitimately drop them - then move the erratum to the missed
ones and lower RECALL_FOUND with a note.

The nomenclature errata need the official list (`--nomenklatur`): they are checked on a second run
with it, skipped when the reference file is absent.

Also: the corrected copies in workbooks/corrected/ give no error-severity finding, and their only
warnings are the ones listed in ERRATA / the report as matters of judgement; and the recall of
errata_recall.py does not fall below what it is today.

One `check` per workbook per configuration (module-scoped fixtures), so the module stays fast.
"""
from __future__ import annotations

import json
import sys

import pytest
from conftest import SHARED, WORKBOOKS

from reconcile.config import Config
from reconcile.run import check_file

sys.path.insert(0, str(WORKBOOKS / "scripts"))
import errata_recall  # noqa: E402

SEED_WORKBOOK = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
CORRECTED = ["renja_disnaker_pontianak_2024.xlsx", "renja_disnaker_pontianak_2024_sipd.xlsx",
             "renja_disnaker_pontianak_2024_teks.xlsx"]
ERRATA = WORKBOOKS / "source" / "errata.json"
NOMENKLATUR = SHARED / "reference" / "nomenklatur_kepmendagri_900-1317-2023_sesendok.csv"

# (sheet, cell, rule, key or keys) -- default configuration
SEED_FINDINGS = [
    # ---- narrative_total: the narrative's total pagu 'Rp. 4.704.246.00,' against Tabel 4.1's 4,704,246,000
    ('Narasi', 'A171', 'CLAIM-TOTAL', ('4.704.246.00', '4,704,246,000')),  # E085
    # ---- narrative_count: '54 sub kegiatan' (section 3.2) against 53 (BAB IV, Tabel 4.1), missing item named
    ('Narasi', 'A84', 'CLAIM-COUNT', ('54', '53', 'Penyediaan bahan bacaan')),  # E083
    # ---- missing_item: the 54th sub kegiatan, listed in the narrative only
    ('Narasi', 'A148', 'ITEM-MISSING', 'Penyediaan bahan bacaan'),  # E084
    # ---- narrative_value: figures of the evaluation text that differ from Tabel 2.1
    ('Narasi', 'A8', 'CATEGORY-UNKNOWN', '62%'),  # E105, incidental: label finding quotes the target
    # ---- category_label: an achievement label outside the document's scale
    ('Narasi', 'A8', 'CATEGORY-UNKNOWN', 'Tidak Berhasil'),  # E106
    # ---- sector_vocabulary: Lingkungan Hidup (2.11) vocabulary in Tabel 2.6: the PPLH indicator, the LH kegiatan
    ('Tabel 2.6', 'D74', 'SECTOR-VOCAB', 'PPLH'),  # E135
    ('Tabel 2.6', 'I74', 'SECTOR-VOCAB', 'PPLH'),  # E136
    ('Tabel 2.6', 'G79', 'SECTOR-VOCAB', 'Lingkungan Hidup'),  # E137
    ('Tabel 2.6', 'I79', 'SECTOR-VOCAB', 'Lingkungan Hidup'),  # E138
    # ---- catatan_missing: Tabel 2.6: the two sides differ and Catatan Penting is '-'
    ('Tabel 2.6', 'L79', 'RKPD-NOTE', 'Lingkungan Hidup'),  # E139
    # ---- side_mismatch: Tabel 2.6: Hasil Analisis side differs from the RKPD side
    ('Tabel 2.6', 'I13', 'XTAB-INDICATOR', 'Jangka waktu penyelenggaraan administrasi keuangan'),  # E140
    ('Tabel 2.6', 'G30', 'NOMEN-SPELL', 'yang disediakan'),  # E141
    # ---- capaian_formula: capaian and rasio cells that are not realisasi / target (or anggaran) x 100
    ('Tabel 2.1', 'E6', 'RATIO-CAPAIAN', '100,93%'),  # E096
    ('Tabel 2.1', 'E7', 'RATIO-CAPAIAN', '118,37%'),  # E098
    ('Tabel 2.1', 'E8', 'RATIO-CAPAIAN', '45,61%'),  # E100
    ('Kinerja', 'P12', 'RATIO-X100', '45.61%'),  # E107
    ('Kinerja', 'Q12', 'RATIO-X100', '155.88%'),  # E108
    ('Anggaran', 'N9', 'RATIO-ANGGARAN', '275%'),  # E118
    ('Rekap Evaluasi', 'I65', 'NUM-MIXED', '67.57%'),  # E147, incidental: notation, not the mean of the sub kegiatan
    ('Rekap Evaluasi', 'J62', 'RATIO-CAPAIAN', '11.11%'),  # E251
    ('Rekap Evaluasi', 'J63', 'RATIO-CAPAIAN', '11.11%'),  # E252
    ('Rekap Evaluasi', 'J64', 'RATIO-CAPAIAN', '11.11%'),  # E253
    ('Rekap Evaluasi', 'J67', 'RATIO-CAPAIAN', '13.33%'),  # E255
    ('Rekap Evaluasi', 'J68', 'RATIO-CAPAIAN', '8.33%'),  # E256
    # ---- implausible_value: a share above 100%
    ('Kinerja', 'L12', 'PCT-RANGE', '106%'),  # E109
    # ---- cross_table: the same indicator with other figures in another table
    ('Tabel 2.1', 'D6', 'RATIO-CAPAIAN', '90,87%'),  # E095, incidental: capaian finding names the realisasi
    ('Tabel 2.1', 'D7', 'RATIO-CAPAIAN', '59,45%'),  # E097, incidental: ditto
    ('Tabel 2.1', 'D8', 'RATIO-CAPAIAN', '28,28%'),  # E099, incidental: ditto
    ('Kinerja', 'H9', 'XTAB-TARGET', '50 %'),  # E274
    # ---- target_mismatch: the same target differs between tables
    ('Kinerja', 'J8', 'XTAB-TARGET', '68,82%'),  # E113
    ('Kinerja', 'I8', 'XTAB-TARGET', '64,82%'),  # E114
    ('Kinerja', 'J9', 'XTAB-TARGET', '200'),  # E116
    ('Tabel 2.6', 'E8', 'XTAB-TARGET', '95%'),  # E142
    ('Tabel 2.6', 'J8', 'XTAB-TARGET', '95%'),  # E143
    ('Tabel 4.1', 'G11', 'XTAB-TARGET', '100%'),  # E167
    ('Tabel 4.1', 'G12', 'XTAB-TARGET', '100%'),  # E168
    ('Tabel 4.1', 'G13', 'XTAB-TARGET', '100%'),  # E169
    ('Tabel 4.1', 'G15', 'XTAB-TARGET', '100%'),  # E170
    ('Tabel 4.1', 'G16', 'XTAB-TARGET', '100%'),  # E171
    ('Tabel 4.1', 'G17', 'XTAB-TARGET', '100%'),  # E172
    ('Tabel 4.1', 'G19', 'XTAB-TARGET', '100%'),  # E173
    ('Tabel 4.1', 'G20', 'XTAB-TARGET', '100%'),  # E174
    ('Tabel 4.1', 'G22', 'XTAB-TARGET', '100%'),  # E175
    ('Tabel 4.1', 'G23', 'XTAB-TARGET', '100%'),  # E176
    ('Tabel 4.1', 'G24', 'XTAB-TARGET', '100%'),  # E177
    ('Tabel 4.1', 'G25', 'XTAB-TARGET', '100%'),  # E178
    ('Tabel 4.1', 'G26', 'XTAB-TARGET', '100%'),  # E179
    ('Tabel 4.1', 'G27', 'XTAB-TARGET', '100%'),  # E180
    ('Tabel 4.1', 'G29', 'XTAB-TARGET', '100%'),  # E181
    ('Tabel 4.1', 'G30', 'XTAB-TARGET', '100%'),  # E182
    ('Tabel 4.1', 'G31', 'XTAB-TARGET', '100%'),  # E183
    ('Tabel 4.1', 'G33', 'XTAB-TARGET', '100%'),  # E184
    ('Tabel 4.1', 'G34', 'XTAB-TARGET', '100%'),  # E185
    ('Tabel 4.1', 'G35', 'XTAB-TARGET', '100%'),  # E186
    ('Tabel 4.1', 'G37', 'XTAB-TARGET', '100%'),  # E187
    ('Tabel 4.1', 'G38', 'XTAB-TARGET', '100%'),  # E188
    ('Tabel 4.1', 'G39', 'XTAB-TARGET', '100%'),  # E189
    ('Tabel 4.1', 'G40', 'XTAB-TARGET', '100%'),  # E190
    ('Tabel 3.2', 'G11', 'XTAB-TARGET', '100%'),  # E191
    ('Tabel 3.2', 'G12', 'XTAB-TARGET', '100%'),  # E192
    ('Tabel 3.2', 'G13', 'XTAB-TARGET', '100%'),  # E193
    ('Tabel 3.2', 'G15', 'XTAB-TARGET', '100%'),  # E194
    ('Tabel 3.2', 'G16', 'XTAB-TARGET', '100%'),  # E195
    ('Tabel 3.2', 'G17', 'XTAB-TARGET', '100%'),  # E196
    ('Tabel 3.2', 'G19', 'XTAB-TARGET', '100%'),  # E197
    ('Tabel 3.2', 'G20', 'XTAB-TARGET', '100%'),  # E198
    ('Tabel 3.2', 'G22', 'XTAB-TARGET', '100%'),  # E199
    ('Tabel 3.2', 'G23', 'XTAB-TARGET', '100%'),  # E200
    ('Tabel 3.2', 'G24', 'XTAB-TARGET', '100%'),  # E201
    ('Tabel 3.2', 'G25', 'XTAB-TARGET', '100%'),  # E202
    ('Tabel 3.2', 'G26', 'XTAB-TARGET', '100%'),  # E203
    ('Tabel 3.2', 'G27', 'XTAB-TARGET', '100%'),  # E204
    ('Tabel 3.2', 'G29', 'XTAB-TARGET', '100%'),  # E205
    ('Tabel 3.2', 'G30', 'XTAB-TARGET', '100%'),  # E206
    ('Tabel 3.2', 'G31', 'XTAB-TARGET', '100%'),  # E207
    ('Tabel 3.2', 'G33', 'XTAB-TARGET', '100%'),  # E208
    ('Tabel 3.2', 'G34', 'XTAB-TARGET', '100%'),  # E209
    ('Tabel 3.2', 'G35', 'XTAB-TARGET', '100%'),  # E210
    ('Tabel 3.2', 'G37', 'XTAB-TARGET', '100%'),  # E211
    ('Tabel 3.2', 'G38', 'XTAB-TARGET', '100%'),  # E212
    ('Tabel 3.2', 'G39', 'XTAB-TARGET', '100%'),  # E213
    ('Tabel 3.2', 'G40', 'XTAB-TARGET', '100%'),  # E214
    ('Tabel 2.6', 'E45', 'XTAB-TARGET', '54%'),  # E242
    ('Tabel 2.6', 'J45', 'XTAB-TARGET', '54%'),  # E244
    # ---- target_unit: target and indicator do not fit (a count for a share, no unit)
    ('Kinerja', 'I9', 'XTAB-TARGET', '90 %'),  # E115
    ('Tabel 4.1', 'D29', 'TARGET-UNIT', '5 Unit'),  # E222
    ('Kinerja', 'F9', 'TARGET-MISSING', '30'),  # E272
    ('Kinerja', 'G9', 'TARGET-MISSING', '30'),  # E273
    # ---- indicator_mismatch: the same indicator worded differently between tables
    ('Tabel 4.1', 'E81', 'XTAB-INDICATOR', 'Persentase'),  # E132
    ('Tabel 4.1', 'E82', 'XTAB-INDICATOR', 'Persentase'),  # E133
    ('Tabel 4.1', 'E83', 'XTAB-INDICATOR', 'Persentase'),  # E134
    ('Rekap Evaluasi', 'C60', 'XTAB-INDICATOR', 'Reformasi Birokrasi'),  # E146
    ('Tabel 2.6', 'D9', 'TARGET-UNIT', 'Jumlah dokumen/laporan perencanaan'),  # E227
    ('Tabel 2.6', 'I9', 'XTAB-INDICATOR', 'Jumlah dokumen/laporan perencanaan'),  # E228
    ('Tabel 2.6', 'D13', 'RKPD-NOTE', 'Jangka waktu penyelenggaraan administrasi'),  # E229, incidental: about E140
    ('Tabel 2.6', 'I13', 'XTAB-INDICATOR', 'Jangka waktu penyelenggaraan administrasi'),  # E230
    ('Tabel 2.6', 'D17', 'TARGET-UNIT', 'Jumlah ASN yang dikelola administrasinya'),  # E231
    ('Tabel 2.6', 'I17', 'XTAB-INDICATOR', 'Jumlah ASN yang dikelola administrasinya'),  # E232
    ('Tabel 2.6', 'D20', 'XTAB-INDICATOR', 'Jangka Waktu Penyelenggaraan Administrasi'),  # E233
    ('Tabel 2.6', 'I20', 'XTAB-INDICATOR', 'Jangka Waktu Penyelenggaraan Administrasi'),  # E234
    ('Tabel 2.6', 'D27', 'TARGET-UNIT', 'Jumlah Unit Pengadaan Barang Milik Daerah'),  # E235
    ('Tabel 2.6', 'I27', 'XTAB-INDICATOR', 'Jumlah Unit Pengadaan Barang Milik Daerah'),  # E236
    ('Tabel 2.6', 'D31', 'XTAB-INDICATOR', 'Jangka Waktu Penyediaan Jasa Penunjang Urusan'),  # E237
    ('Tabel 2.6', 'I31', 'XTAB-INDICATOR', 'Jangka Waktu Penyediaan Jasa Penunjang Urusan'),  # E238
    ('Tabel 2.6', 'D35', 'TARGET-UNIT', 'Jumlah barang milik daerah penunjang urusan'),  # E239
    ('Tabel 2.6', 'I35', 'XTAB-INDICATOR', 'Jumlah barang milik daerah penunjang urusan'),  # E240
    ('Tabel 2.6', 'D45', 'XTAB-INDICATOR', 'Persentase Pelaksanaan pelatihan berdasarkan'),  # E241
    ('Tabel 2.6', 'I45', 'XTAB-INDICATOR', 'Persentase Pelaksanaan pelatihan berdasarkan'),  # E243
    ('Tabel 2.6', 'D48', 'XTAB-INDICATOR', 'Persentase Terlaksananya Pembinaan Lembaga'),  # E245
    ('Tabel 2.6', 'I48', 'XTAB-INDICATOR', 'Persentase Terlaksananya Pembinaan Lembaga'),  # E246
    ('Tabel 2.6', 'D66', 'TARGET-UNIT', 'Jumlah kegiatan'),  # E247
    ('Tabel 2.6', 'I66', 'XTAB-INDICATOR', 'Jumlah kegiatan'),  # E248
    ('Tabel 2.6', 'D75', 'XTAB-INDICATOR', 'Persentase Terlaksananya Pengesahan peraturan'),  # E249
    ('Tabel 2.6', 'I75', 'XTAB-INDICATOR', 'Persentase Terlaksananya Pengesahan peraturan'),  # E250
    ('Rekap Evaluasi', 'C9', 'XTAB-INDICATOR', 'Persentase Tingkat Partisipasi Angkatan Kerja'),  # E258
    ('Rekap Evaluasi', 'C13', 'XTAB-INDICATOR', 'Persentase Besaran Tenaga Kerja'),  # E259
    ('Rekap Evaluasi', 'C46', 'XTAB-INDICATOR', 'Persentase Besaran Kasus'),  # E260
    ('Tabel 2.6', 'D40', 'XTAB-INDICATOR', 'Persentase Tingkat Partisipasi Angkatan Kerja'),  # E263
    ('Tabel 2.6', 'I40', 'XTAB-INDICATOR', 'Persentase Tingkat Partisipasi Angkatan Kerja'),  # E264
    ('Tabel 2.6', 'D44', 'XTAB-INDICATOR', 'Persentase Besaran Tenaga Kerja'),  # E265
    ('Tabel 2.6', 'I44', 'XTAB-INDICATOR', 'Persentase Besaran Tenaga Kerja'),  # E266
    # ---- name_mismatch: the same item named differently
    ('Narasi', 'A95', 'XTAB-NAME', 'Perizinan Pendaftaran'),  # E087
    ('Narasi', 'A56', 'XTAB-NAME', 'di Kota Pontianak'),  # E091
    ('Tabel 2.6', 'B8', 'NOMEN-SPELL', 'URUSAN PEMERINTAH DAERAH'),  # E144
    ('Tabel 2.6', 'G8', 'NOMEN-SPELL', 'URUSAN PEMERINTAH DAERAH'),  # E145
    ('Rekap Evaluasi', 'B73', 'NOMEN-SPELL', 'Kantor'),  # E262
    ('Narasi', 'A159', 'XTAB-NAME', 'kendaraan perseorangan dinas'),  # E271
    # ---- text_cut: text cut short
    ('Tabel 4.1', 'D79', 'XTAB-INDICATOR', 'LKS Bipartit'),  # E131
    ('Rekap Evaluasi', 'B60', 'NOMEN-SPELL', 'KAB /'),  # E261
    ('Tabel 4.1', 'E82', 'XTAB-INDICATOR', 'Kabupaten/ Kota'),  # E267
    # ---- misspelling: misspellings and run-together text
    ('Tabel 4.1', 'B35', 'NOMEN-SPELL', 'Peyediaan'),  # E029
    ('Tabel 4.1', 'D77', 'XTAB-INDICATOR', 'terakit'),  # E031
    ('Tabel 4.1', 'E77', 'XTAB-INDICATOR', 'kotame mempunyai'),  # E032
    ('Tabel 4.1', 'E78', 'XTAB-INDICATOR', 'kotame mempunyai'),  # E034
    ('Tabel 4.1', 'E79', 'XTAB-INDICATOR', 'kotame mempunyai'),  # E037
    ('Tabel 4.1', 'B81', 'NOMEN-SPELL', 'kotadi Daerah'),  # E039
    ('Tabel 4.1', 'C81', 'XTAB-INDICATOR', 'derngan'),  # E040, incidental: cited by the PPLH finding
    ('Tabel 4.1', 'C82', 'XTAB-INDICATOR', 'derngan'),  # E042, incidental: ditto
    ('Tabel 4.1', 'C83', 'XTAB-INDICATOR', 'derngan'),  # E044, incidental: ditto
    ('Tabel 4.1', 'C84', 'XTAB-INDICATOR', 'derngan'),  # E046, incidental: ditto
    ('Tabel 4.1', 'C85', 'XTAB-INDICATOR', 'derngan'),  # E048, incidental: ditto
    ('Tabel 3.2', 'B35', 'NOMEN-SPELL', 'Peyediaan'),  # E053
    ('Tabel 3.2', 'D77', 'XTAB-INDICATOR', 'terakit'),  # E055
    ('Tabel 3.2', 'E77', 'XTAB-INDICATOR', 'kotame mempunyai'),  # E056
    ('Tabel 3.2', 'E78', 'XTAB-INDICATOR', 'kotame mempunyai'),  # E057
    ('Tabel 3.2', 'E79', 'XTAB-INDICATOR', 'kotame mempunyai'),  # E058
    ('Tabel 3.2', 'B81', 'NOMEN-SPELL', 'kotadi Daerah'),  # E059
    ('Tabel 2.6', 'B40', 'NOMEN-SPELL', 'RIJK'),  # E063
    ('Tabel 2.6', 'D61', 'XTAB-INDICATOR', 'layanangan ULID'),  # E064
    ('Tabel 2.6', 'I61', 'XTAB-INDICATOR', 'layanangan ULID'),  # E065
    ('Tabel 2.6', 'D75', 'XTAB-INDICATOR', 'kotamempunyai'),  # E066
    ('Tabel 2.6', 'G75', 'XTAB-NAME', 'kotamempunyai'),  # E067
    ('Tabel 2.6', 'I75', 'XTAB-INDICATOR', 'kotamempunyai'),  # E068
    ('Tabel 2.6', 'B79', 'NOMEN-SPELL', 'Penyelidikan'),  # E069
    ('Tabel 2.6', 'D79', 'RKPD-NOTE', 'Penyelidikan'),  # E070, incidental: sides differ
    ('Tabel 2.6', 'B80', 'NOMEN-SPELL', 'kotadi Daerah'),  # E071
    ('Tabel 2.6', 'G80', 'XTAB-NAME', 'kotadi Daerah'),  # E072
    ('Rekap Evaluasi', 'C9', 'XTAB-INDICATOR', 'ANGGARAN KER'),  # E073
    ('Rekap Evaluasi', 'B55', 'XTAB-NAME', 'kotadi Daerah'),  # E081
    ('Rekap Evaluasi', 'B67', 'NOMEN-SPELL', 'Penanatausahaan'),  # E082
    ('Narasi', 'A91', 'XTAB-NAME', 'kluster'),  # E088
    ('Narasi', 'A137', 'XTAB-NAME', 'Penanatausahaan'),  # E089
    ('Narasi', 'A38', 'XTAB-NAME', 'Produktifitas'),  # E268
    ('Narasi', 'A120', 'XTAB-NAME', 'kotamempunyai wilayah kerja lebih dari 1 (satu) daerah kabupaten/ kota'),  # E269
    ('Narasi', 'A125', 'XTAB-NAME', 'kabupaten/kotadi Daerah Kabupaten/Kota'),  # E270
    # ---- funding_source: a broken funding source
    ('Tabel 3.2', 'K11', 'FUND-SOURCE', 'Dan a Bagi Hasil'),  # E050
    ('Tabel 3.2', 'K12', 'FUND-SOURCE', 'Dan a Bagi Hasil'),  # E051
    ('Tabel 3.2', 'K13', 'FUND-SOURCE', 'Dan a Bagi Hasil'),  # E052
    # ---- malformed_number: numbers that cannot be read
    ('Narasi', 'A171', 'CLAIM-TOTAL', '4,704,246,000'),  # E086
    ('Tabel 2.1', 'D15', 'NUM-MALFORMED', '156.400. 000'),  # E123
    ('Rekap Evaluasi', 'E27', 'TARGET-MISSING', 'Orang'),  # E150
    # ---- notation: English decimal point in an Indonesian document
    ('Rekap Evaluasi', 'H13', 'NUM-MIXED', '52.00%'),  # E151
    # ---- display_overflow: '#####': a number too wide for its column
    ('Tabel 4.1', 'J8', 'NUM-HASH', '3,535,388,000'),  # E001
    ('Tabel 4.1', 'N8', 'NUM-HASH', '3,857,746,000'),  # E002
    ('Tabel 4.1', 'J9', 'NUM-HASH', '3,535,388,000'),  # E003
    ('Tabel 4.1', 'N9', 'NUM-HASH', '3,857,746,000'),  # E004
    ('Tabel 3.2', 'J9', 'NUM-HASH', '3,535,388,000'),  # E005
    # ---- numbering: kegiatan letter typed inside the name cell
    ('Tabel 4.1', 'B18', 'NUMBERING-IN-NAME', 'C Administrasi'),  # E006
    ('Tabel 4.1', 'B21', 'NUMBERING-IN-NAME', 'D Administrasi'),  # E007
    ('Tabel 4.1', 'B28', 'NUMBERING-IN-NAME', 'E Pengadaan'),  # E008
    ('Tabel 4.1', 'B32', 'NUMBERING-IN-NAME', 'F Penyediaan'),  # E009
    ('Tabel 4.1', 'B36', 'NUMBERING-IN-NAME', 'G Pemeliharaan'),  # E010
    ('Tabel 4.1', 'B55', 'NUMBERING-IN-NAME', 'M Pengukuran'),  # E011
    ('Tabel 4.1', 'B58', 'NUMBERING-IN-NAME', 'N Pelayanan'),  # E012
    ('Tabel 4.1', 'B64', 'NUMBERING-IN-NAME', 'O Penerbitan'),  # E013
    ('Tabel 4.1', 'B67', 'NUMBERING-IN-NAME', 'P Pengelolaan'),  # E014
    ('Tabel 4.1', 'B71', 'NUMBERING-IN-NAME', 'Q Perlindungan'),  # E015
    ('Tabel 4.1', 'B80', 'NUMBERING-IN-NAME', 'S Pencegahan'),  # E016
    ('Tabel 3.2', 'B18', 'NUMBERING-IN-NAME', 'C Administrasi'),  # E017
    ('Tabel 3.2', 'B21', 'NUMBERING-IN-NAME', 'D Administrasi'),  # E018
    ('Tabel 3.2', 'B28', 'NUMBERING-IN-NAME', 'E Pengadaan'),  # E019
    ('Tabel 3.2', 'B32', 'NUMBERING-IN-NAME', 'F Penyediaan'),  # E020
    ('Tabel 3.2', 'B36', 'NUMBERING-IN-NAME', 'G Pemeliharaan'),  # E021
    ('Tabel 3.2', 'B42', 'NUMBERING-IN-NAME', 'H Penyusunan'),  # E022
    ('Tabel 3.2', 'B55', 'NUMBERING-IN-NAME', 'M Pengukuran'),  # E023
    ('Tabel 3.2', 'B58', 'NUMBERING-IN-NAME', 'N Pelayanan'),  # E024
    ('Tabel 3.2', 'B64', 'NUMBERING-IN-NAME', 'O Penerbitan'),  # E025
    ('Tabel 3.2', 'B67', 'NUMBERING-IN-NAME', 'P Pengelolaan'),  # E026
    ('Tabel 3.2', 'B71', 'NUMBERING-IN-NAME', 'Q Perlindungan'),  # E027
    ('Tabel 3.2', 'B80', 'NUMBERING-IN-NAME', 'S Pencegahan'),  # E028
    # ---- formatting: a kegiatan row not bold like the others
    ('Tabel 4.1', 'B58', 'LEVEL-STYLE', 'Pelayanan Antar Kerja'),  # E128
    # ---- empty_cell: an empty subtotal
    ('Tabel 3.2', 'J58', 'PAGU-MISSING', '93,000,000'),  # E125
]

# (sheet, cell, rule, key or keys) -- with --nomenklatur (Kepmendagri 900.1.15.5-1317/2023)
NOMENCLATURE_FINDINGS = [
    ('Tabel 4.1', 'B11', 'NOMEN-SPELL', 'Penyusunan Dokumen Perencanaan Perangkat Daerah'),  # E154
    ('Tabel 4.1', 'B26', 'NOMEN-SPELL', 'Barang Cetakan'),  # E155
    ('Tabel 4.1', 'B32', 'NOMEN-SPELL', 'Urusan Pemerintahan Daerah'),  # E156
    ('Tabel 4.1', 'B36', 'NOMEN-SPELL', 'Urusan Pemerintahan Daerah'),  # E157
    ('Tabel 4.1', 'B40', 'NOMEN-SPELL', 'Gedung Kantor dan Bangunan'),  # E158
    ('Tabel 4.1', 'B41', 'NOMEN-SPELL', '(RTK)'),  # E159
    ('Tabel 4.1', 'B44', 'NOMEN-SPELL', 'Fasilitasi'),  # E160
    ('Tabel 4.1', 'B48', 'NOMEN-SPELL', 'Kerja Sama'),  # E161
    ('Tabel 4.1', 'B53', 'NOMEN-SPELL', 'Konsultansi'),  # E162
    ('Tabel 4.1', 'B71', 'NOMEN-SPELL', 'Pelindungan PMI'),  # E163
    ('Tabel 4.1', 'B72', 'XTAB-NAME', 'calon pekerja'),  # E164, incidental: cut name as reference
    ('Tabel 4.1', 'B76', 'NOMEN-SPELL', 'Beroperasi dalam 1 (Satu)'),  # E165
    ('Tabel 4.1', 'B84', 'NOMEN-SPELL', 'Kerja Sama Tripartit'),  # E166
]

# Errata found today by errata_recall.py's count on the faithful workbook (default configuration):
# overall and per category.  A regression (an erratum no longer found) fails; raise these numbers
# when the rules find more.
RECALL_FOUND = 211
RECALL_FOUND_BY_CATEGORY = {
    "capaian_formula": 12, "catatan_missing": 1, "category_label": 1, "cross_table": 4,
    "display_overflow": 5, "empty_cell": 1, "formatting": 1, "funding_source": 3,
    "implausible_value": 1, "indicator_mismatch": 33, "malformed_number": 3, "missing_item": 1,
    "misspelling": 35, "name_mismatch": 6, "narrative_count": 1, "narrative_total": 1,
    "narrative_value": 1, "nomenclature": 9, "notation": 1, "numbering": 23,
    "sector_vocabulary": 4, "side_mismatch": 2, "target_mismatch": 55, "target_unit": 4,
    "text_cut": 3,
}
RECALL_FLOOR = 211 / 275

# Warnings the corrected copies may still carry: matters of judgement, not errors of the seed.
#   TARGET-JUMP: three pagu 2025 rise more than 3x over 2024 (the seed's own figures; a planner's
#                choice that would want a note, which Tabel 4.1 has no column for).
#   NUM-TEXT:    the _teks workbook types every amount as text on purpose.
ALLOWED_WARNINGS = {
    # GROWTH-RATE and TARGET-TREND: errata E122 (growth rates no formula gives) and E124 (a target
    # falling under "Meningkatnya …") have no known true value, so the corrected copy keeps them.
    "renja_disnaker_pontianak_2024.xlsx": {"TARGET-JUMP", "GROWTH-RATE", "TARGET-TREND"},
    "renja_disnaker_pontianak_2024_sipd.xlsx": {"TARGET-JUMP"},
    "renja_disnaker_pontianak_2024_teks.xlsx": {"TARGET-JUMP", "NUM-TEXT"},
}


def _check(path, nomenklatur=None):
    config = Config()
    if nomenklatur is not None:
        config.overrides["nomenklatur"] = str(nomenklatur)
    result = check_file(path, config, "en")
    assert result.status == "ok", result.error
    return result.findings


@pytest.fixture(scope="module")
def seed_findings():
    return _check(SEED_WORKBOOK)


@pytest.fixture(scope="module")
def seed_findings_nomenklatur():
    if not NOMENKLATUR.exists():
        pytest.skip(f"{NOMENKLATUR} not available")
    return _check(SEED_WORKBOOK, NOMENKLATUR)


@pytest.fixture(scope="module", params=CORRECTED)
def corrected(request):
    return request.param, _check(WORKBOOKS / "corrected" / request.param)


def _covers(finding, sheet: str, cell: str) -> bool:
    if (finding.sheet, finding.cell) == (sheet, cell):
        return True
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{cell}" in finding.related


def _assert_reported(findings, sheet, cell, rule, keys):
    keys = (keys,) if isinstance(keys, str) else keys
    candidates = [f for f in findings if f.rule == rule and _covers(f, sheet, cell)]
    assert candidates, (f"no {rule} finding at or naming '{sheet}'!{cell}; findings there: "
                        f"{[(f.rule, f.sheet, f.cell) for f in findings if _covers(f, sheet, cell)]}")
    texts = [" ".join((f.message, str(f.expected), str(f.actual))).casefold() for f in candidates]
    assert any(all(k.casefold() in t for k in keys) for t in texts), (keys, [f.message for f in candidates])


def _id(entry):
    sheet, cell, rule, _ = entry
    return f"{sheet}!{cell}:{rule}"


@pytest.mark.parametrize("sheet, cell, rule, keys", SEED_FINDINGS, ids=[_id(e) for e in SEED_FINDINGS])
def test_seed_inconsistency_is_reported(seed_findings, sheet, cell, rule, keys):
    _assert_reported(seed_findings, sheet, cell, rule, keys)


@pytest.mark.parametrize("sheet, cell, rule, keys", NOMENCLATURE_FINDINGS,
                         ids=[_id(e) for e in NOMENCLATURE_FINDINGS])
def test_seed_nomenclature_is_reported(seed_findings_nomenklatur, sheet, cell, rule, keys):
    _assert_reported(seed_findings_nomenklatur, sheet, cell, rule, keys)


def test_every_listed_cell_is_an_erratum():
    """The lists name errata of the seed, not findings that happen to be there."""
    cells = {(e["sheet"], e["cell"]) for e in json.loads(ERRATA.read_text(encoding="utf-8"))["entries"]}
    listed = {(s, c) for s, c, _, _ in SEED_FINDINGS + NOMENCLATURE_FINDINGS}
    assert listed <= cells, sorted(listed - cells)


def test_recall_does_not_regress(seed_findings):
    entries = json.loads(ERRATA.read_text(encoding="utf-8"))["entries"]
    total, found, missed = errata_recall.match(seed_findings, entries)
    assert sum(found.values()) >= RECALL_FOUND, [(m["sheet"], m["cell"], m["category"]) for m in missed]
    assert sum(found.values()) / sum(total.values()) >= RECALL_FLOOR - 1e-9
    lower = {c: (found[c], n) for c, n in RECALL_FOUND_BY_CATEGORY.items() if found[c] < n}
    assert not lower, f"categories found less often than before (found, floor): {lower}"


def test_corrected_copy_has_no_error(corrected):
    name, findings = corrected
    errors = [f"'{f.sheet}'!{f.cell} {f.rule}: {f.message}" for f in findings if f.severity == "error"]
    assert not errors, f"{name}:\n" + "\n".join(errors)


def test_corrected_copy_warns_only_on_judgement(corrected):
    name, findings = corrected
    other = [f"'{f.sheet}'!{f.cell} {f.rule}: {f.message}" for f in findings
             if f.severity == "warning" and f.rule not in ALLOWED_WARNINGS[name]]
    assert not other, f"{name}:\n" + "\n".join(other)
