"""User-facing messages for problems with the input itself (not findings), in id and en."""
from __future__ import annotations

READ_ERRORS = {
    "not_found": ("Berkas tidak ditemukan.", "File not found."),
    "is_directory": ("Ini sebuah folder, bukan berkas workbook.", "This is a folder, not a workbook file."),
    "format_empty": ("Berkas kosong (0 byte). Simpan ulang workbook dari Excel lalu coba lagi.",
                     "The file is empty (0 bytes). Save the workbook again from Excel and retry."),
    "format_pdf": ("Berkas ini PDF, bukan workbook Excel. Kirim berkas .xlsx aslinya.",
                   "This file is a PDF, not an Excel workbook. Send the original .xlsx file."),
    "format_docx": ("Berkas ini dokumen Word, bukan workbook Excel. Kirim berkas .xlsx berisi tabel Renja.",
                    "This file is a Word document, not an Excel workbook. Send the .xlsx with the Renja tables."),
    "format_csv_or_text": ("Berkas ini teks/CSV yang diberi nama seperti workbook. Buka di Excel lalu simpan sebagai .xlsx.",
                           "This is a text/CSV file named like a workbook. Open it in Excel and save it as .xlsx."),
    "format_encrypted": ("Workbook ini dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, "
                         "hapus kata sandinya (File > Info > Protect Workbook > Encrypt with Password, kosongkan), "
                         "simpan, lalu periksa lagi.",
                         "The workbook is password-protected and cannot be read. Open it in Excel, remove the "
                         "password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, "
                         "and check again."),
    "format_corrupt": ("Berkas workbook rusak atau terpotong (arsip zip tidak utuh). Salin ulang berkas aslinya.",
                       "The workbook file is damaged or truncated (broken zip archive). Copy the original again."),
    "format_zip_other": ("Berkas ini arsip zip, tetapi bukan workbook Excel.", "This is a zip archive but not an Excel workbook."),
    "format_unknown": ("Jenis berkas tidak dikenali sebagai workbook Excel (.xlsx, .xlsm, .xls, .xlsb).",
                       "The file is not recognised as an Excel workbook (.xlsx, .xlsm, .xls, .xlsb)."),
    "unsafe_zip_bomb": ("Berkas ditolak: isinya mengembang jauh melebihi batas aman (kemungkinan zip bomb).",
                        "File refused: its content inflates far beyond the safe limit (likely a zip bomb)."),
    "unsafe_too_large": ("Berkas ditolak: ukuran isinya melebihi batas aman.",
                         "File refused: its content exceeds the safe size limit."),
    "unsafe_dimension_too_large": ("Berkas ditolak: lembar kerja menyatakan ukuran sel yang terlalu besar.",
                                   "File refused: a sheet declares a far too large cell range."),
    "unsafe_too_many_members": ("Berkas ditolak: arsipnya berisi terlalu banyak bagian untuk sebuah workbook.",
                                "File refused: its archive holds far too many parts for a workbook."),
    "unsafe_xml_entities": ("Berkas ditolak: XML di dalamnya memuat deklarasi entitas (berpotensi berbahaya).",
                            "File refused: its XML declares entities (potentially hostile)."),
    "unsafe_too_many_cells": ("Berkas ditolak: sebuah lembar kerja berisi (atau membentang sampai) jauh lebih "
                              "banyak sel daripada batas aman, apa pun ukuran yang dinyatakannya.",
                              "File refused: a sheet holds (or spreads over) far more cells than the safe limit, "
                              "whatever size it declares."),
    "unsafe_duplicate_parts": ("Berkas ditolak: arsipnya memuat bagian dengan nama yang sama lebih dari sekali, "
                               "jadi berkas ini rusak atau sengaja direkayasa. Buka di Excel, simpan ulang, "
                               "lalu periksa lagi.",
                               "File refused: its archive holds the same part name more than once, so the file is "
                               "damaged or crafted. Open it in Excel, save it again, and check again."),
    "not_regular": ("Ini bukan berkas biasa (melainkan pipa/FIFO, perangkat, atau soket), jadi tidak dibaca. "
                    "Periksa berkas workbook yang sebenarnya.",
                    "This is not an ordinary file (it is a pipe/FIFO, a device or a socket), so it is not read. "
                    "Check the actual workbook file."),
    "lock_file": ("Ini berkas kunci Excel (~$…), dibuat selama workbook aslinya terbuka; bukan workbook. "
                  "Periksa berkas aslinya (tanpa ~$).",
                  "This is an Excel lock file (~$…), made while the real workbook is open; not a workbook. "
                  "Check the real file (without ~$)."),
    "unreadable": ("Workbook tidak dapat dibaca.", "The workbook cannot be read."),
}


def read_error_message(code: str, lang: str = "id") -> str:
    pair = READ_ERRORS.get(code)
    if pair is None:
        pair = (("Berkas ditolak karena tidak aman.", "File refused as unsafe.") if code.startswith("unsafe_")
                else READ_ERRORS["unreadable"])
    return pair[1] if lang == "en" else pair[0]


def no_table_message(workbook, lang: str = "id") -> str:
    """Why nothing could be checked: what the workbook holds and what was looked for."""
    sheets = workbook.sheets
    worksheets = [s for s in sheets if s.is_worksheet]
    filled = [s for s in worksheets if s.n_rows]
    if lang == "en":
        if not worksheets:
            state = "it holds no worksheet (only chart sheets)" if sheets else "it holds no sheet"
        elif not filled:
            state = "its sheets are empty"
        else:
            state = f"none of its {len(filled)} filled sheet(s) holds a recognisable Renja table"
        return (f"Nothing to check: {state}. Looked for a header row naming at least three Renja columns "
                "(No / Program-Kegiatan-Sub Kegiatan or Uraian / Indikator / Target / Pagu Indikatif / "
                "Sumber Dana / Realisasi / Anggaran); rules/columns.yaml lists the wordings understood.")
    if not worksheets:
        state = "isinya tidak memuat lembar kerja (hanya lembar grafik)" if sheets else "tidak ada lembar sama sekali"
    elif not filled:
        state = "semua lembarnya kosong"
    else:
        state = f"tidak satu pun dari {len(filled)} lembar berisi yang memuat tabel Renja yang dikenali"
    return (f"Tidak ada yang dapat diperiksa: {state}. Yang dicari: baris judul kolom yang menyebut sedikitnya tiga "
            "kolom Renja (No / Program-Kegiatan-Sub Kegiatan atau Uraian / Indikator / Target / Pagu Indikatif / "
            "Sumber Dana / Realisasi / Anggaran); rules/columns.yaml memuat semua ungkapan yang dikenali.")
