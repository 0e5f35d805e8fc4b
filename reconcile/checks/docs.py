"""Rule documentation: docs/rules.md (`python -m reconcile.checks.docs > docs/rules.md`) and
`reconcile explain CODE` rendered for a terminal, in the run's language.

The rules' docstrings are English (for rule authors and docs/rules.md); what a planner reads
in Indonesian is `EXPLAIN_ID` below: why the rule matters, a bad and a good example.
"""
from __future__ import annotations

import inspect
import re
import textwrap

WRAP = 88
BOLD, RESET = "\x1b[1m", "\x1b[0m"

# code -> (mengapa penting, contoh salah, contoh benar)
EXPLAIN_ID: dict[str, tuple[str, str, str]] = {
    "PAGU-SUM": (
        "Pagu kegiatan adalah jumlah pagu sub kegiatannya, pagu program jumlah kegiatannya, dan total adalah "
        "jumlah program. Subtotal yang diketik manual, atau rumus SUM yang melewatkan satu baris, membuat rencana "
        "bertentangan dengan dirinya sendiri, dan RKPD mengambil angka yang salah.",
        "kegiatan A tertulis Rp 15.360.000, padahal sub kegiatannya 8.160.000 + 4.500.000 + 3.000.000 "
        "(salah satunya diubah belakangan).",
        "setiap subtotal sama dengan jumlah baris di bawahnya (=SUM() tepat atas baris-baris itu)."),
    "PAGU-MISSING": (
        "Pembaca Renja tercetak tidak dapat melihat anggaran kegiatan itu, dan total yang dihitung dari subtotal "
        "diam-diam tidak memasukkannya.",
        "\"N Pelayanan Antar Kerja di Daerah Kabupaten/Kota\" dengan sel pagu kosong di atas lima sub kegiatan "
        "senilai Rp 93.000.000.",
        "baris kegiatan menampilkan Rp 93.000.000 (=SUM atas sub kegiatannya)."),
    "NUM-TEXT": (
        "Sel berisi teks \"Rp 15.360.000\" tampak seperti angka di kertas, tetapi =SUM Excel melewatinya tanpa "
        "pemberitahuan: setiap subtotal dan total di atasnya kurang sebesar itu, dan tidak ada yang sadar. Angka "
        "berupa teks juga tidak dapat diurutkan, disaring, atau diekspor ke SIPD sebagai angka.",
        "sel pagu sub kegiatan berisi teks 'Rp 15.360.000' atau '4.704.246.000,00' (rata kiri, dengan segitiga "
        "hijau di Excel).",
        "sel berisi angka 15360000, tampil '15.360.000' dengan format angka #,##0 (Format Cells > Number > Use "
        "1000 Separator)."),
    "NUM-MALFORMED": (
        "\"4.704.246.00\" bukan angka dalam notasi apa pun: kelompok dua digit setelah pemisah ribuan berarti satu "
        "digit hilang (4.704.246.000) atau \",00\" diketik \".00\". Excel menyimpannya sebagai teks dan tidak "
        "menjumlahkannya; pembaca tidak tahu jumlah mana yang dimaksud. Aturan ini menyebut arti yang paling mungkin, "
        "terutama yang cocok dengan subtotal, rinciannya, atau item yang sama di tabel lain.",
        "'4.704.246.00', '15,360.000', '1.2.3', 'Rp. 156.400. 000' di kolom pagu, persentase atau target.",
        "angka 4704246000 disimpan sebagai angka, tampil '4.704.246.000' dengan format #,##0."),
    "NUM-MIXED": (
        "Dalam notasi Indonesia \".\" memisahkan ribuan dan \",\" menandai desimal; dalam notasi Inggris sebaliknya. "
        "Bila keduanya muncul, \"1.500\" dan \"1,500\" bisa bernilai sama atau berbeda seribu kali, dan salinan ke "
        "berkas lain atau ke SIPD membaca separuhnya keliru. Yang dilaporkan adalah sel bernotasi minoritas di "
        "kolomnya (atau di seluruh workbook).",
        "kolom pagu berisi '1.500.000' di hampir semua baris dan '2,000,000' di satu baris; target '52.00%' "
        "sementara dokumen menulis '54,20%'.",
        "'1.500.000' dan '2.000.000'; '52,00%', atau angka sungguhan dengan format #,##0 / 0,00%."),
    "PCT-RANGE": (
        "Persentase bagian dari keseluruhan (indikator \"Persentase …\") terletak antara 0 dan 100%; rasio atau "
        "capaian boleh melewati 100% bila realisasi melampaui target, tetapi 1.000% atau lebih hampir selalu berarti "
        "nilai dikali 100 dua kali. Angka seperti itu masuk ke evaluasi dan membuat kategori capaian salah.",
        "target '120%' untuk \"Persentase kasus yang diselesaikan\"; rasio realisasi anggaran '5.400%'; capaian "
        "'-12%'.",
        "target '100%'; rasio '54%'; capaian '112%' bila realisasi memang melampaui target."),
    "NUM-HASH": (
        "Di layar dan di kertas, perencana dan verifikator melihat \"#####\" di tempat pagu; Renja tercetak atau "
        "PDF yang ditempel darinya kehilangan angka itu sama sekali. Lebar tampilan diperkirakan dari nilai, format "
        "angka, ukuran huruf dan tebal-tidaknya (rules/number_format.yaml).",
        "3.535.388.000 dengan format #,##0 di kolom selebar 8,43: tampil '#########'.",
        "kolom dilebarkan menjadi 15 (atau hurufnya dikecilkan) sehingga '3.535.388.000' tampil."),
    "EXCEL-ERROR": (
        "Angka yang seharusnya dihasilkan rumus tidak ada; setiap total yang merujuk sel itu ikut menjadi galat, "
        "dan tabel tercetak menampilkan kode galat kepada pembaca.",
        "sel rasio '=D12/C12' menampilkan '#DIV/0!' karena anggarannya kosong; subtotal '#REF!' setelah sebuah "
        "baris dihapus.",
        "rumus merujuk sel yang ada dan terisi (atau dibungkus =IFERROR(…;0) bila pembagi nol memang wajar), dan "
        "menampilkan angka."),
    "FORMULA-NOCACHE": (
        "Excel menyimpan hasil terakhir setiap rumus di sampingnya. Berkas yang ditulis program (ekspor aplikasi, "
        "skrip) bisa berisi rumus tanpa hasil sampai seseorang membuka dan menyimpannya di Excel. Setiap alat yang "
        "membaca berkas itu, termasuk impor SIPD dan reconcile, melihat sel kosong, sehingga total di atasnya tidak "
        "dapat diperiksa.",
        "sel subtotal '=SUM(J8:J12)' di berkas ekspor aplikasi yang belum pernah dibuka di Excel.",
        "berkas yang sama dibuka di Excel atau LibreOffice Calc lalu disimpan ulang (hasilnya ikut tersimpan)."),
    "NUM-PLACEHOLDER": (
        "Ekspor dan aplikasi web menulis 'null', 'NaN', 'Infinity' atau '- Belum Diisi' di tempat jumlah yang tidak "
        "mereka miliki. Excel menampilkan katanya, =SUM melewatinya, dan sub kegiatan itu diam-diam dihitung Rp 0. "
        "reconcile membacanya sebagai kosong; jumlah sebenarnya tetap harus diisi (atau 0 bila memang tidak ada).",
        "sel PAGU sebuah sub kegiatan berisi 'null', 'NaN' atau '- Belum Diisi'.",
        "sel berisi jumlahnya, mis. 150000000, atau 0 bila sub kegiatan itu tidak beranggaran tahun ini."),
    "CLAIM-COUNT": (
        "Kalimat \"5 program, 19 kegiatan dan 53 sub kegiatan\" di BAB III/IV dibaca Bappeda dan DPRD sebagai "
        "besarnya rencana; bila berbeda dengan Tabel 4.1, teksnya usang atau ada item yang hilang dari tabel. "
        "Jumlah dibandingkan dengan tabel rencana utama; bila teks menyebut lebih banyak, item yang disebut tabel "
        "lain atau daftar di narasi tetapi tidak ada di tabel utama disebutkan dalam pesannya. Bila jumlahnya sama "
        "dengan tabel rencana lain tahun yang sama (Tabel 3.2 masih memuat 54 baris), pesannya menyebutnya dan "
        "menunjuk item yang ada di satu tabel dan tidak ada di tabel lainnya.",
        "\"… sebanyak 5 program dan 19 kegiatan yang dijabarkan kedalam sebanyak 54 sub kegiatan\", padahal Tabel "
        "4.1 memuat 53 baris sub kegiatan.",
        "\"… 5 program, 19 kegiatan, dan 53 sub kegiatan\", sebanyak yang dimuat Tabel 4.1."),
    "CLAIM-TOTAL": (
        "Kalimat \"Total pagu anggaran … tahun 2024 adalah sebesar Rp …\" yang dikutip pembaca. Angkanya harus sama "
        "dengan total tabel rencana tahun itu (baris total, atau jumlah programnya). Angka yang salah tulis "
        "(kelompok dua digit, nol yang hilang) tetap kesalahan walau maksudnya benar: pesannya menyebut bacaan "
        "yang cocok dengan tabel. Bila angkanya sama dengan total tabel rencana lain tahun yang sama (Tabel 3.2, "
        "sedangkan Tabel 4.1 berbeda), pesannya menyebutnya dan menunjuk total kedua tabel: salah satu tabel "
        "diubah setelah narasi ditulis, atau narasi menyalin tabel yang lama.",
        "\"… untuk tahun 2024 adalah sebesar Rp. 4.704.246.00,\" padahal total Tabel 4.1 Rp 4.704.246.000.",
        "\"… sebesar Rp 4.704.246.000,00.\""),
    "CLAIM-CONFLICT": (
        "Dokumen yang menyebut \"54 sub kegiatan\" di bagian 3.2 dan \"53 sub-kegiatan\" di BAB IV tidak mungkin "
        "benar dua-duanya; pembaca tidak tahu mana yang dipercaya. Temuan ditempatkan pada pernyataan yang tidak "
        "sesuai tabel, dengan pernyataan lainnya sebagai sel terkait.",
        "bagian 3.2 \"… 54 sub kegiatan\", BAB IV \"… 53 sub-kegiatan\".",
        "jumlah dan total pagu yang sama di seluruh teks."),
    "ITEM-MISSING": (
        "Tabel 2.6, Tabel 3.2, Tabel 4.1 dan daftar program/kegiatan di narasi menggambarkan rencana yang sama. "
        "Sub kegiatan yang ada di satu tempat dan tidak ada di tempat lain terhapus atau ditambahkan di satu tempat "
        "saja, sering kali itulah sebab jumlah di teks tidak cocok. Hanya tabel yang sebagian besar itemnya sama "
        "yang dibandingkan (min_overlap di rules/claims.yaml); pesannya menyebut setelah baris mana item itu "
        "seharusnya ada.",
        "daftar di bagian 3.2 memuat \"Penyediaan bahan bacaan dan peraturan perundang-undangan\", Tabel 4.1 tidak.",
        "setiap tabel dan narasi memuat program, kegiatan dan sub kegiatan yang sama."),
    "XTAB-NAME": (
        "Nomenklatur program, kegiatan dan sub kegiatan ditetapkan Kepmendagri; RKPD dan SIPD mencocokkan item "
        "menurut nama dan kodenya. Nama yang ditulis lain di satu tabel (kata hilang, kata lain, salah ketik) "
        "adalah salah ketik atau item yang berbeda, dan verifikator tidak dapat membedakannya. Beda huruf besar, "
        "spasi dan tanda baca tidak dilaporkan.",
        "Tabel 3.2 \"Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial …\", Tabel 2.6 \"Pencegahan dan "
        "Penyelidikan Perselisihan Hubungan Industrial …\".",
        "kata-kata yang sama di setiap tabel (salin dari nomenklatur resmi)."),
    "XTAB-PAGU": (
        "Tabel 2.6 (review RKPD), Tabel 3.2, Tabel 4.1 dan tabel anggaran semuanya mencetak pagu tahun rencana. "
        "Bila berbeda, RKPD dan DPA mengambil angka mana saja yang kebetulan dibaca verifikator, dan total dokumen "
        "tidak lagi cocok. Dari dua sisi Tabel 2.6 yang dibandingkan adalah Hasil Analisis Kebutuhan.",
        "sub kegiatan \"Koordinasi Lintas Lembaga …\" Rp 15.000.000 di Tabel 3.2 dan 4.1 tetapi Rp 20.000.000 di "
        "Tabel 2.6.",
        "Rp 15.000.000 di setiap tabel, atau, bila review mengubahnya, angka baru yang sama di semua tabel."),
    "XTAB-TARGET": (
        "Target adalah janji perangkat daerah; Tabel 2.6, 3.2 dan 4.1 harus menjanjikan hal yang sama. Target "
        "dibandingkan menurut perannya (keluaran dengan keluaran, capaian program dengan capaian program, hasil "
        "dengan hasil) dan tahunnya; angka dan satuan dibandingkan setelah dibaca: \"1,800 Orang\" sama dengan "
        "\"1800 orang\", \"95%\" sama dengan 0,95.",
        "sub kegiatan \"Pembinaan Lembaga Pelatihan Kerja Swasta\": target keluaran \"40 Lembaga\" di Tabel 3.2 "
        "tetapi \"38 Lembaga\" di Tabel 4.1.",
        "\"40 Lembaga\" di kedua tabel."),
    "XTAB-INDICATOR": (
        "Indikator menyatakan apa yang diukur target. Bila Tabel 3.2 mengukur sub kegiatan dengan \"Jumlah dokumen "
        "perencanaan\" dan Tabel 4.1 dengan \"Persentase dokumen tepat waktu\", target \"15 Dokumen\" berarti dua "
        "hal berbeda. Indikator dibandingkan menurut perannya, setelah huruf besar, spasi dan tanda baca "
        "disamakan; salah ketik satu-dua huruf tidak dilaporkan, kata yang ditambah, dibuang atau diganti "
        "dilaporkan.",
        "\"Program Hubungan Industrial\": indikator capaian \"Besaran kasus yang diselesaikan dengan Perjanjian "
        "Bersama (PB)\" di Tabel 3.2 tetapi \"Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH\" di Tabel 2.6.",
        "indikator yang sama di setiap tabel."),
    "RKPD-NOTE": (
        "Tabel 2.6 (Review terhadap Rancangan Awal RKPD) menyandingkan rancangan RKPD Bappeda dengan kesimpulan "
        "perangkat daerah (Hasil Analisis Kebutuhan). Setiap perbedaan (nama, indikator, target, lokasi atau pagu) "
        "harus dijelaskan di Catatan Penting; kalau tidak, verifikator tidak dapat membedakan perubahan yang "
        "disengaja dari salah ketik.",
        "sisi RKPD \"PROGRAM PERENCANAAN TENAGA KERJA RIJK\", sisi Hasil Analisis \"PROGRAM PERENCANAAN TENAGA "
        "KERJA (RTK)\", Catatan Penting \"-\".",
        "kedua sisi sama, atau Catatan Penting menyebut alasannya (\"Perbaikan nomenklatur sesuai Kepmendagri "
        "050-5889/2021\")."),
    "SECTOR-VOCAB": (
        "Setiap urusan punya kosakatanya sendiri. Indikator tentang PPLH atau kearifan lokal (Lingkungan Hidup, "
        "2.11) di bawah program Tenaga Kerja (2.07) hampir selalu tersalin dari dokumen perangkat daerah lain: "
        "program itu lalu diukur dengan sesuatu yang tidak dikerjakan perangkat daerahnya. Sel dilaporkan hanya bila "
        "memuat kata khas urusan lain dan tidak satu pun kata urusan programnya sendiri.",
        "PROGRAM HUBUNGAN INDUSTRIAL dengan indikator \"Terwujudnya Kearifan Lokal di masyarakat terhadap PPLH\".",
        "PROGRAM HUBUNGAN INDUSTRIAL dengan indikator \"Persentase Besaran Kasus yang diselesaikan dengan "
        "perjanjian bersama (PB)\"."),
    "RATIO-CAPAIAN": (
        "Capaian adalah dasar penilaian evaluasi Renja tahun lalu (dan kategori capaian mengikutinya). Capaian yang "
        "dihitung terhadap target tahun lain, atau tersalin dari baris lain, mengabarkan keberhasilan atau "
        "kegagalan yang tidak terjadi. Untuk indikator yang makin kecil makin baik (pengangguran, kemiskinan, kasus; "
        "'polarity' di rules/ratios.yaml) capaian = target / realisasi × 100.",
        "target 52%, realisasi 59,45%, capaian 118,37% (itu 59,45 / 50,22, target tahun 2020).",
        "capaian 114,33% (= 59,45 / 52 × 100), atau rumus =D5/C5*100 di selnya."),
    "RATIO-ANGGARAN": (
        "Rasio realisasi anggaran per program dan tahun dibaca sebagai kinerja keuangan perangkat daerah; rasio "
        "yang diketik manual atau tersalin dari kolom sebelah menyatakan uangnya (tidak) terserap padahal "
        "sebaliknya.",
        "Program Hubungan Industrial 2021: anggaran Rp 168.303.977, realisasi Rp 162.164.977, rasio 275%.",
        "rasio 96,35% (= 162.164.977 / 168.303.977 × 100), atau =G5/D5 dengan format %."),
    "RATIO-X100": (
        "\"4.561,29\" untuk capaian 45,61% adalah kekeliruan klasik: nilai yang sudah persen dikali 100 lagi (atau "
        "koma desimalnya bergeser). Dibaca apa adanya, indikator yang gagal tampak sangat berhasil, begitu pula "
        "kategorinya. Aturan ini melaporkan sel seperti itu (menggantikan RATIO-CAPAIAN / RATIO-ANGGARAN) beserta "
        "nilai yang dimaksud.",
        "target 62%, realisasi 28,28%, rasio capaian \"4.561,29\".",
        "45,61% (realisasi / target × 100, sekali saja)."),
    "CATEGORY-LABEL": (
        "Kategori (\"Sangat Berhasil\", \"Kurang Berhasil\" …) adalah putusan yang diingat pembaca; label yang "
        "bertentangan dengan capaiannya sendiri (45,61% disebut \"Berhasil\") salah melaporkan kinerja. Skalanya "
        "pengaturan (category_scale di rules/ratios.yaml): bawaan 85–100 Sangat Berhasil, 70–<85 Berhasil, "
        "55–<70 Cukup Berhasil, <55 Kurang Berhasil.",
        "capaian 45,61% dengan kategori \"Berhasil\".",
        "45,61% \"Kurang Berhasil\"; 100,93% \"Sangat Berhasil\"."),
    "CATEGORY-UNKNOWN": (
        "Label di luar skala (\"Tidak Berhasil\" padahal skalanya \"Kurang Berhasil\") tidak dapat diperiksa terhadap "
        "capaiannya dan terbaca sebagai putusan lain yang tidak resmi. Labelnya salah tulis, atau daerah memakai "
        "skala lain dan category_scale di rules/ratios.yaml perlu menyebutnya.",
        "\"… realisasi indikatornya sebesar 28,28% … masuk pada kategori “Tidak Berhasil”\".",
        "\"… masuk pada kategori “Kurang Berhasil”\" (45,61% pada skala bawaan)."),
    "TRIWULAN-SUM": (
        "Formulir evaluasi (Permendagri 86/2017 T-C.29 / T-C.30) menetapkan realisasi tahun itu = realisasi "
        "triwulan I + II + III + IV (baris nomor kolomnya: \"12 = 8+9+10+11\"). Total yang diketik manual, tersalin "
        "dari tahun lalu, atau menjumlah kolom yang salah membuat tingkat capaian yang mengikutinya salah. Rupiah "
        "selalu dijumlah; realisasi kinerja hanya bila satuannya dapat dijumlah (dokumen, laporan …).",
        "Rp triwulan I–IV 23.437 + 23.437 + 23.437 + 23.437 (000) dan realisasi akhir tahun 93.784 (000).",
        "realisasi akhir tahun 93.748 (000) = =P18+R18+T18+V18."),
    "TARGET-UNIT": (
        "Indikator \"Persentase …\", \"Rasio …\", \"Tingkat …\" atau \"Indeks …\" diukur dalam persen, indikator "
        "\"Jumlah …\" dalam bilangan dengan satuan. \"15 Dokumen\" untuk persentase, atau \"100%\" untuk jumlah "
        "dokumen, adalah target yang tidak dapat dievaluasi di akhir tahun, biasanya target indikator di "
        "sebelahnya. Daftar katanya di rules/targets.yaml.",
        "\"Jumlah dokumen/laporan perencanaan, penganggaran dan evaluasi\" dengan target \"100%\".",
        "\"Jumlah dokumen …: 15 Dokumen\"; \"Persentase tersedianya dokumen …: 100%\"."),
    "TARGET-MISSING": (
        "Target adalah angka dan satuan. \"Orang\" saja tidak dapat dicapai atau gagal dicapai; \"12\" membuat "
        "pembaca menebak 12 apa, dan tidak cocok dengan target yang sama tertulis \"12 Laporan\" di tabel lain. "
        "Angka tanpa satuan wajar untuk indikator persentase, rasio, tingkat atau indeks.",
        "\"Jumlah peserta pelatihan berbasis kompetensi\" dengan target \"Orang\" atau \"30\".",
        "\"30 Orang\"."),
    "TARGET-JUMP": (
        "Prakiraan maju (tahun N+1) melangkah dari tahun N. Pagu atau target yang naik tiga kali lipat atau turun "
        "ke sepertiganya paling sering salah ketik (digit berlebih atau kurang, pagu baris berikutnya); bila memang "
        "benar, verifikator Bappeda perlu alasannya di kolom catatan. Batasnya di rules/targets.yaml.",
        "pagu 2024 Rp 8.160.000, pagu 2025 Rp 81.600.000, tanpa catatan.",
        "pagu 2025 Rp 8.200.000; atau lonjakannya dijelaskan di catatan (\"penambahan dokumen RPJMD baru\")."),
    "NOMEN-SPELL": (
        "Nama (dan kode) program, kegiatan dan sub kegiatan ditetapkan Kepmendagri; SIPD, RKPD dan DPA mencocokkan "
        "item menurut nama itu. Dengan daftar kementerian (--nomenklatur BERKAS) setiap nama dibandingkan dengan "
        "nama resmi kodenya atau nama resmi terdekat; tanpa daftar, workbook dibandingkan dengan dirinya sendiri.",
        "\"Peyediaan Jasa Peralatan dan Perlengkapan Kantor\".",
        "\"Penyediaan Jasa Peralatan dan Perlengkapan Kantor\" (huruf besar, spasi dan tanda baca tidak "
        "dipersoalkan)."),
    "CODE-FORMAT": (
        "Kode mengikuti Permendagri 90/2019: program X.XX.XX, kegiatan X.XX.XX.X.XX, sub kegiatan "
        "X.XX.XX.X.XX.XXXX. Kode dengan bagian berlebih atau kurang, bagian terlalu panjang, atau berisi huruf tidak "
        "ditemukan di SIPD dan barisnya tidak dapat dicocokkan dengan RKPD. Kode tingkat lain (kode kegiatan di "
        "baris PROGRAM) berarti baris atau kodenya bergeser.",
        "\"2.07.03.2\" (kode kegiatan terpotong), \"2.07.003\", \"2.07.O3\" (huruf O).",
        "\"2.07.03\", \"2.07.03.2.01\", \"2.07.03.2.01.0001\", \"2 07 03 2.01 01\"."),
    "CODE-PARENT": (
        "Kode kegiatan diawali kode programnya, kode sub kegiatan diawali kode kegiatannya. Kegiatan 2.07.03.2.01 di "
        "bawah program 2.07.04 salah kode atau salah letak: pagunya terhitung untuk program yang salah, dan SIPD "
        "menempatkannya di tempat lain.",
        "kegiatan 2.07.03.2.01 di bawah program 2.07.04 \"PROGRAM PENEMPATAN TENAGA KERJA\".",
        "kegiatan 2.07.03.2.01 di bawah program 2.07.03; sub kegiatan 2.07.03.2.01.0001 di bawahnya."),
    "NUMBERING-SEQ": (
        "Kolom No adalah cara pembaca dan verifikator menyebut baris (\"kegiatan R, sub kegiatan 47\"). Nomor yang "
        "terlompati sering berarti baris terhapus sementara pagunya mungkin masih terhitung; nomor berulang, baris "
        "tertempel dua kali. Kebiasaan penomoran tabel dipelajari lebih dulu; hanya penyimpangan darinya yang "
        "dilaporkan.",
        "program I, II, IV (III terlewat); kegiatan A, B, B; sub kegiatan 1 … 19, 21.",
        "I, II, III; A, B, C; 1, 2, 3, mulai ulang atau berlanjut, dengan cara yang sama di seluruh tabel."),
    "DUP-SUBKEG": (
        "Sub kegiatan yang tercantum dua kali (kode yang sama, atau nama yang sama di bawah kegiatan yang sama) "
        "terhitung dua kali: jumlah sub kegiatan, pagu kegiatan dan totalnya terlalu besar, atau salah satu baris "
        "seharusnya sub kegiatan lain.",
        "di bawah kegiatan \"Administrasi Umum Perangkat Daerah\", \"Penyediaan Bahan Logistik Kantor\" di dua baris.",
        "setiap sub kegiatan sekali di bawah kegiatannya; nama yang sama di bawah dua kegiatan berbeda tidak "
        "dilaporkan."),
    "REQ-EMPTY": (
        "Setiap sub kegiatan dalam Renja harus menyebut apa yang dihasilkan (indikator dan target), di mana "
        "(lokasi), dengan uang berapa (pagu) dan dari sumber mana (sumber dana). Sel yang kosong membuat dokumen "
        "dikembalikan verifikator Bappeda. Sel mana yang wajib diatur per jenis tabel dan tingkat baris di "
        "rules/completeness.yaml.",
        "sub kegiatan \"Penyusunan Dokumen Perencanaan Perangkat Daerah\" dengan sel lokasi kosong, atau target "
        "hanya \"-\".",
        "lokasi 'Kota Pontianak', indikator 'Jumlah Dokumen Perencanaan Perangkat Daerah', target '4 Dokumen', "
        "pagu '8.160.000', sumber dana 'PAD'."),
    "FUND-SOURCE": (
        "Sumber dana menentukan anggaran mana yang membiayai sub kegiatan; SIPD dan RKPD hanya menerima sumber "
        "resmi. Sumber yang salah tulis atau terpotong (\"Dan a Bagi Hasil\") tidak dapat dicocokkan. Sumber yang "
        "dikenal dan ejaan yang diterima ada di rules/completeness.yaml (tambahkan sumber daerah Anda di sana).",
        "'Dana Transfer Umum/Dan a Bagi Hasil'; 'Dana Alokasi Umun'; 'DAK Fsik'.",
        "'Dana Transfer Umum/Dana Bagi Hasil'; 'PAD'; 'PAD / DAK Fisik'."),
    "RINCIAN-KALI": (
        "Di RKA atau DPA setiap baris belanja dihitung volume × harga satuan (baris nomor kolom formulirnya "
        "menyebut \"6 = (3 x 5)\"). Jumlah yang diketik manual, rumus yang menunjuk sel yang salah, atau volume "
        "yang diubah setelah jumlahnya diisi membuat kode rekening, sub kegiatan dan seluruh DPA berjumlah angka "
        "yang tidak pernah dihitung siapa pun.",
        "\"Honorarium Narasumber\": volume 6 Orang/Jam × harga satuan Rp 900.000 dengan jumlah Rp 5.600.000.",
        "jumlah Rp 5.400.000 (=P45*R45)."),
    "TARGET-TREND": (
        "Target tahunan suatu indikator melangkah menuju sasarannya. Target yang turun di bawah sasaran "
        "\"Meningkatnya …\" biasanya angka tahun berikutnya yang tersalin dari baris lain atau dari draf lama; bila "
        "memang disengaja, verifikator perlu alasannya. Indikator yang makin baik bila makin kecil (pengangguran, "
        "kemiskinan) justru harus turun.",
        "sasaran \"Meningkatnya produktivitas Tenaga Kerja\", indikator \"Tingkat Produktivitas Tenaga Kerja\": "
        "target 2025 Rp 160.109.000, target 2026 Rp 155.418.000.",
        "target 2026 Rp 163.900.000, atau catatan yang menjelaskan mengapa turun."),
    "GROWTH-RATE": (
        "Tabel riwayat anggaran (anggaran dan realisasi per tahun, lalu rata-rata pertumbuhan) memberi tahu Bappeda "
        "apakah anggaran program tumbuh. Angka yang tidak dapat dihitung ulang dengan cara apa pun — rata-rata "
        "pertumbuhan tahunan, CAGR, atau pertumbuhan tahun awal ke akhir — tidak dapat diperiksa siapa pun; "
        "penurunan yang ditulis sebagai pertumbuhan (tanda minus hilang) menyesatkan.",
        "anggaran 2020-2024 Rp 9.589.454.559, 8.587.460.539, 633.634.120, 3.990.545.128, 3.535.388.000 dengan "
        "\"rata-rata pertumbuhan anggaran 10,45%\" (rata-rata tahunan +103,8%, CAGR -22,1%).",
        "-22,1% dengan catatan \"CAGR 2020-2024\", atau =AVERAGE() atas baris pertumbuhan tahunan."),
    "INDICATOR-COPY": (
        "Saat baris disalin untuk memulai sub kegiatan berikutnya, indikatornya sering tertinggal. Target dan "
        "capaian sub kegiatan kedua lalu mengukur pekerjaan sub kegiatan pertama.",
        "\"Penyusunan Rencana Tenaga Kerja Makro\" lalu \"Penyusunan Rencana Tenaga Kerja Mikro\", keduanya dengan "
        "indikator \"Jumlah Dokumen Rencana Tenaga Kerja Makro\".",
        "sub kegiatan kedua dengan \"Jumlah Dokumen Rencana Tenaga Kerja Mikro\"."),
    "NUMBERING-IN-NAME": (
        "Pengurutan, penyaringan dan setiap alat yang membaca kolom No kehilangan huruf kegiatan itu; tabel "
        "tercetak tampak tidak rata.",
        "No = \"\", Uraian = \"C Administrasi Kepegawaian Perangkat Daerah\".",
        "No = \"C\", Uraian = \"Administrasi Kepegawaian Perangkat Daerah\"."),
    "LEVEL-STYLE": (
        "Pembaca menemukan hierarki dari baris program dan kegiatan yang tebal; satu baris yang tidak tebal "
        "tampak seperti sub kegiatan.",
        "semua baris kegiatan tebal kecuali \"N Pelayanan Antar Kerja di Daerah Kabupaten/Kota\".",
        "semua baris kegiatan tebal (atau tidak satu pun)."),
    "PARENT-FORMULA": (
        "Rumus =SUM kegiatan yang berhenti satu baris sebelum sub kegiatan terakhirnya, melewati batas ke kegiatan "
        "berikutnya, atau menjumlahkan baris program lain adalah kesalahan yang menunggu: angkanya bisa benar hari "
        "ini (baris yang terlewat masih kosong, dua kesalahan saling menutupi) dan menjadi salah begitu baris itu "
        "diisi, tanpa tanda apa pun di lembar kerja. Program yang ikut menjumlahkan baris program lain membuat total "
        "menghitung baris itu dua kali. Rumus yang menambahkan sel persentase ke rupiah menghasilkan angka tanpa "
        "makna.",
        "kegiatan A (baris 12) =SUM(J13:J15) padahal sub kegiatannya baris 13 sampai 16 (baris 16 masih Rp 0); "
        "program I =J12+J18+J20 padahal J20 milik program II.",
        "=SUM(J13:J16) tepat atas sub kegiatannya; program menjumlahkan tepat baris kegiatannya (atau tepat semua "
        "sub kegiatannya)."),
    "FUND-PEMDA": (
        "Sebagian sumber dana hanya ada untuk pemerintah daerah tertentu. Dana Desa sampai ke desa melalui "
        "kabupaten: kota terdiri atas kelurahan dan tidak memiliki desa, dan provinsi tidak menyalurkannya. Dana "
        "Otonomi Khusus hanya untuk Aceh dan provinsi-provinsi Papua; Dana Keistimewaan hanya untuk DIY dan "
        "kabupaten/kotanya. Sumber dana seperti itu dalam rencana daerah lain adalah baris yang tersalin dari "
        "dokumen daerah lain, dan tidak ada anggaran yang akan membiayainya. Jenis pemda dibaca dari judul dokumen "
        "(\"Renja Dinas X Kota Y\"); sumber dana mana untuk pemda mana adalah data di rules/completeness.yaml "
        "(pemda_sources).",
        "sub kegiatan Dinas Tenaga Kerja Kota Pontianak dengan sumber dana \"Dana Desa\".",
        "\"PAD\" atau \"DAU\" di sana; \"Dana Desa\" hanya dalam rencana kabupaten."),
}

HEADINGS = {
    "id": {"severity": "Tingkat", "why": "Mengapa penting", "bad": "Contoh salah",
           "good": "Contoh benar", "missing": "(penjelasan bahasa Indonesia untuk aturan ini belum ada)"},
    "en": {"severity": "Severity", "why": "Why it matters", "bad": "Bad", "good": "Good",
           "missing": ""},
}


# The rules of `reconcile compare` (reconcile/compare/rules.py).
EXPLAIN_ID.update({
    "CMP-ONLY-A": (
        "Sub kegiatan yang diberikan RKPD, atau yang ada di versi sebelumnya, hilang: sengaja dihapus (maka "
        "perubahannya harus dijelaskan), berganti kode, atau hilang saat tabel disalin. Di ribuan baris, tidak "
        "ada yang melihatnya dengan mata.",
        "APBD murni memuat sub kegiatan 1.06.01.2.02.0001 Dinas Sosial senilai Rp 2.697.092.746; perubahan tidak "
        "memuatnya.",
        "setiap item A ada di B dengan kode yang sama, atau penghapusannya tercatat di dokumen perubahan."),
    "CMP-ONLY-B": (
        "Sub kegiatan yang tidak direncanakan RKPD, atau tidak ada di versi sebelumnya, muncul: kegiatan baru perlu "
        "alasannya, dan item yang berganti kode harus dikenali verifikator sebagai item lama.",
        "perubahan memuat sub kegiatan 1.05.01.2.01.0001 Satpol PP yang tidak ada di APBD murni.",
        "setiap item B ada di A, atau penambahannya tercatat di dokumen perubahan."),
    "CMP-PAGU": (
        "Pagu indikatif Renja harus sama dengan yang diberikan RKPD; antara dua tahap anggaran (KUA-PPAS, APBD "
        "murni, perubahan) pagu yang berubah adalah pergeseran yang harus diputuskan dan dicatat. Total yang sama "
        "dapat menyembunyikan uang yang berpindah antar sub kegiatan.",
        "sub kegiatan 5.02.02.2.04.0009 Rp 3.000.000.000 di APBD murni dan Rp 1.033.079.337 di perubahan, "
        "total keseluruhan tidak berubah.",
        "pagu setiap item sama di kedua dokumen (dalam toleransi rules/compare.yaml), atau perubahannya tercatat."),
    "CMP-RINCIAN": (
        "Rincian RKA/DPA atau e-budgeting membelanjakan pagu yang diberikan rencana kepada setiap sub kegiatan. "
        "Rincian yang berjumlah lebih (atau kurang) berarti belanja melampaui pagu, atau ada dana yang tidak "
        "direncanakan.",
        "Renja memberi sub kegiatan 2.07.03.2.01.0001 Rp 500.000.000; baris rinciannya berjumlah Rp 512.500.000.",
        "baris rincian setiap sub kegiatan berjumlah sama dengan pagunya."),
    "CMP-TARGET": (
        "Target Renja harus sama dengan target RKPD (dan melangkah menuju target Renstra); antara dua versi, "
        "target yang berubah adalah perubahan komitmen yang harus dilihat verifikator.",
        "RKPD menetapkan 'Jumlah Dokumen Perencanaan' 15 Dokumen; Renja menulis 12 Dokumen.",
        "angka dan satuan yang sama di kedua dokumen (\"15 Dokumen\" dan \"15 dokumen\" sama)."),
    "CMP-INDICATOR": (
        "Indikator menyatakan apa yang dibeli dengan uangnya; indikator RKPD yang diganti, atau berubah antar "
        "versi, mengubah ukuran kinerja perangkat daerah.",
        "'Jumlah Dokumen Perencanaan Perangkat Daerah' di RKPD, 'Jumlah Laporan Capaian Kinerja' di Renja untuk "
        "sub kegiatan yang sama.",
        "indikator yang sama di kedua dokumen (huruf besar, spasi dan tanda baca diabaikan)."),
    "CMP-FUND": (
        "Dana DAK, DAU atau PAD punya aturan berbeda; sub kegiatan yang pindah sumber dana adalah perubahan yang "
        "harus dilihat tim anggaran.",
        "'DAU' di APBD murni, 'DAK Fisik-Bidang Pendidikan' di perubahan.",
        "sumber dana yang sama di kedua dokumen."),
    "CMP-LOKASI": (
        "Tempat kegiatan adalah bagian dari kesepakatan RKPD (usulan musrenbang kecamatan); lokasi yang berubah "
        "mengubah siapa yang menerima manfaat.",
        "'Kecamatan Pontianak Utara' di RKPD, 'Kota Pontianak' di Renja.",
        "lokasi yang sama di kedua dokumen."),
    "CMP-NAME": (
        "Nama yang dibetulkan sesuai nomenklatur adalah perubahan yang layak dilihat; nama yang menyimpang dari "
        "acuan (kata hilang, nama kegiatan lain tertempel) adalah kesalahan.",
        "'Penyusunan Dokumen Perangkat Daerah' di satu versi, 'Penyusunan Dokumen Perencanaan Perangkat Daerah' "
        "di versi lain, di bawah kegiatan yang sama.",
        "nama yang sama di kedua dokumen."),
    "CMP-UNIT-TOTAL": (
        "Pagu setiap OPD ditetapkan KUA-PPAS dan RKPD; unit yang totalnya berubah mendapat atau kehilangan dana, "
        "apa pun yang terjadi pada tiap sub kegiatannya.",
        "Dinas Kesehatan berjumlah Rp 137.330.347.356 di APBD murni dan Rp 138.000.000.000 di perubahan.",
        "total setiap unit sama di kedua dokumen, atau perubahannya diputuskan dan dicatat."),
})

EXPLAIN_ID["CLAIM-STALE"] = (
    "Renja memuat rencana yang sama di beberapa tabel (Tabel 3.2, Tabel 4.1, sisi perangkat daerah pada Tabel "
    "2.6). Bila total pagu (atau jumlah program, kegiatan, sub kegiatan) di narasi sama dengan tabel rencana "
    "utama tetapi tabel lain tahun yang sama berbeda, salah satu tabel diubah setelah narasi ditulis, atau "
    "narasi menyalin tabel yang lama. Narasi saja tidak bisa menentukan tabel mana yang benar, maka temuan ini "
    "peringatan di kalimatnya, dengan total kedua tabel (untuk jumlah: item yang ada di satu tabel dan tidak ada "
    "di tabel lainnya) sebagai sel terkait. (Bila narasi tidak sesuai tabel mana pun, atau sesuai tabel lain "
    "selain tabel rencana utama, CLAIM-TOTAL atau CLAIM-COUNT yang melaporkannya.) Hanya tabel yang memuat "
    "program (dan sub kegiatan) yang sama yang dibandingkan: tabel sebagian memang totalnya lebih kecil.",
    "\"Total pagu … tahun 2024 adalah sebesar Rp 50.000.000\" — total Tabel 4.1 Rp 50.000.000, Tabel 3.2 "
    "(program yang sama) Rp 55.000.000.",
    "narasi dan setiap tabel rencana tahun 2024 berjumlah Rp 50.000.000.")

SEVERITY_POLICY = """\
## What a severity means

A severity says how certain a finding is, not how much money is at stake.

| severity | meaning | exit code |
| --- | --- | --- |
| `error` (kesalahan) | Certainly wrong on what was read: arithmetic that does not hold, one item with two values, a code that cannot exist, a value Excel itself marks as an error. A verifier confirms it from the cells the finding names, with no judgement. | 1 |
| `warning` (peringatan) | Probably wrong, or right only under another reading; the message names that reading, so the planner can say which one the table follows. | 0 (1 with `--fail-on warning`) |
| `info` | Worth a look: tidiness and conventions that change no figure. | 0 |

Every rule follows three more conventions. A value read with doubt (`4.172`: four thousand or
four; a level guessed from the amounts) is not judged: it is left to NUM-MALFORMED or said
nowhere. One fault gets one finding, from the most specific rule; the cells of the others go
into `related`, and a rupiah column is never judged as a percentage. A reading that depends on
a region's convention (the achievement scale, polarity words, funding sources) keeps that
convention as data under `rules/`, so a Bappeda changes the data, not the code. Severities can
be changed per rule in `rules/settings.yaml`; a finding a person marks as intended (a cell note
starting `reconcile: disengaja`, or `rules/acknowledged.yaml`) is still reported, with its
reason, and no longer makes exit code 1.
"""

def render_explanation(rule_cls, lang: str = "id", color: bool = False) -> str:
    """`reconcile explain CODE` for a terminal: plain text (no Markdown marks), wrapped, in `lang`."""
    from reconcile.messages import severity_word

    en = lang == "en"
    words = HEADINGS["en" if en else "id"]
    title = rule_cls.title_en if en else rule_cls.title
    head = f"{rule_cls.code} — {title}"
    lines = [f"{BOLD}{head}{RESET}" if color else head,
             f"{words['severity']}: {severity_word(rule_cls.severity, lang)}", ""]
    sections = _english_sections(rule_cls) if en else _indonesian_sections(rule_cls.code)
    if sections is None:  # a rule nobody has translated yet: say so, and show the English text
        lines += [words["missing"], ""]
        sections = _english_sections(rule_cls)
        words = HEADINGS["en"]
    for label, text in sections:
        label = words.get(label, label)
        for para in text.split("\n\n"):
            lead = f"{label}: " if label else ""
            wrapped = textwrap.wrap(lead + para, WRAP, break_on_hyphens=False) or [""]
            if label and color:
                wrapped[0] = f"{BOLD}{label}:{RESET}" + wrapped[0][len(label) + 1:]
            lines += wrapped + [""]
            label = ""
    return "\n".join(lines).rstrip("\n") + "\n"


def _indonesian_sections(code: str):
    entry = EXPLAIN_ID.get(code)
    if entry is None:
        return None
    why, bad, good = entry
    return [("why", why), ("bad", bad), ("good", good)]


def _english_sections(rule_cls) -> list[tuple[str, str]]:
    """The docstring as (heading, text) sections, Markdown marks removed, lines joined."""
    doc = inspect.cleandoc(rule_cls.__doc__ or "")
    sections: list[tuple[str, str]] = []
    for para in doc.split("\n\n"):
        text = _plain(" ".join(para.split()))
        m = re.match(r"(Why it matters|Bad|Good):\s*", text)
        key = {"Why it matters": "why", "Bad": "bad", "Good": "good"}[m.group(1)] if m else ""
        sections.append((key, text[m.end():] if m else text))
    return sections


def _plain(text: str) -> str:
    """Markdown marks off: **Bad** -> Bad, *text* -> text, `code` -> 'code'."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"`([^`]+)`", r"'\1'", text)


def render_rules_markdown() -> str:
    from reconcile.checks.registry import catalogue

    rules = catalogue()
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the code by `python -m reconcile.checks.docs > docs/rules.md`; do not edit.",
        "Severities are defaults: `rules/settings.yaml` may change them. The `compare` family runs",
        "only in `reconcile compare` (two documents).",
        "",
        *SEVERITY_POLICY.splitlines(),
        "",
        "## Rules",
        "",
        "| code | severity | family | title |",
        "| --- | --- | --- | --- |",
    ]
    for r in rules:
        lines.append(f"| [{r.code}](#{r.code.lower()}) | {r.severity} | {r.family} | {r.title_en} |")
    for r in rules:
        lines += ["", f"## {r.code}", "", f"*{r.severity}* · {r.family} · {r.title}", "",
                  inspect.cleandoc(r.__doc__ or "")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_rules_markdown(), end="")
