"""User-facing messages for problems with the input itself (not findings), in id and en."""
from __future__ import annotations

from dataclasses import dataclass

# Severity words of one run's language (the codes error/warning/info stay in JSON and options).
SEVERITY_WORDS = {
    "id": {"error": "kesalahan", "warning": "peringatan", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def severity_word(severity: str, lang: str = "id", plural: bool = False) -> str:
    """'error' -> 'kesalahan' (id) / 'error', 'errors' (en, plural)."""
    en = lang == "en"
    word = SEVERITY_WORDS["en" if en else "id"].get(severity, severity)
    return word + "s" if en and plural and severity != "info" else word


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
    """Why nothing could be checked: what the workbook holds instead, and what was looked for."""
    en = lang == "en"
    holds = describe_contents(workbook, lang)
    empty = getattr(workbook, "empty_headers", None)
    if empty:  # a template: the header is there, the rows are not
        sheet, rows = empty[0]
        holds = (f"it holds a Renja header on sheet '{sheet}' (row {rows[0]}–{rows[-1]}) with no rows under it"
                 if en else f"ada judul kolom tabel Renja di lembar '{sheet}' (baris {rows[0]}–{rows[-1]}) tetapi "
                            "tidak ada baris isian di bawahnya") + "; " + holds
    if en:
        return (f"Nothing to check: no Renja table; {holds}. Looked for a header row naming at least three Renja "
                "columns (No / Program-Kegiatan-Sub Kegiatan or Uraian / Indikator / Target / Pagu Indikatif / "
                "Sumber Dana / Realisasi / Anggaran); rules/columns.yaml lists the wordings understood.")
    return (f"Tidak ada yang dapat diperiksa: tidak ada tabel Renja; {holds}. Yang dicari: baris judul kolom yang "
            "menyebut sedikitnya tiga kolom Renja (No / Program-Kegiatan-Sub Kegiatan atau Uraian / Indikator / "
            "Target / Pagu Indikatif / Sumber Dana / Realisasi / Anggaran); rules/columns.yaml memuat semua "
            "ungkapan yang dikenali.")


# What a workbook without a plan table holds: its sheets, and the largest table-like block of
# the fullest ones, so the planner sees which file they sent ("a list of names and phone
# numbers", "only charts") without opening it.
SHOWN_SHEETS = 3  # filled sheets described; the rest are counted
SHOWN_NAMES = 4  # sheet names listed for chart sheets and empty sheets
SHOWN_LABELS = 4  # column headings named for a block
LABEL_CHARS = 30


@dataclass
class _Block:
    """Consecutive rows with values: started by a row with two filled cells or more."""

    first_row: int
    last_row: int
    first_col: int
    last_col: int

    @property
    def n_rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def n_cols(self) -> int:
        return self.last_col - self.first_col + 1


def _filled(v) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _blocks(rows) -> tuple[list[_Block], int]:
    """The table-like blocks of a sheet's rows (two rows and two columns or more) and its
    number of filled cells. One pass over the cells."""
    blocks: list[_Block] = []
    cur: _Block | None = None
    n_filled = 0
    for r, line in enumerate(rows, start=1):
        cols = [c for c, v in enumerate(line, start=1) if _filled(v)]
        n_filled += len(cols)
        if cur is not None and cols and cur.last_row == r - 1 \
                and cols[0] <= cur.last_col + 1 and cols[-1] >= cur.first_col - 1:
            cur.last_row = r
            cur.first_col, cur.last_col = min(cur.first_col, cols[0]), max(cur.last_col, cols[-1])
            continue
        if cur is not None and cur.n_rows >= 2 and cur.n_cols >= 2:
            blocks.append(cur)
        cur = _Block(r, r, cols[0], cols[-1]) if len(cols) >= 2 else None
    if cur is not None and cur.n_rows >= 2 and cur.n_cols >= 2:
        blocks.append(cur)
    return blocks, n_filled


def _label(v) -> str:
    text = " ".join(str(v).split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _describe_block(rows, block: _Block, en: bool) -> str:
    from reconcile.read.model import column_letter

    head = rows[block.first_row - 1][block.first_col - 1:block.last_col]
    labels = [_label(v) for v in head if isinstance(v, str) and v.strip()]
    data_rows = block.n_rows - 1 if labels else block.n_rows
    where = f"{column_letter(block.first_col)}{block.first_row}:{column_letter(block.last_col)}{block.last_row}"
    named = ", ".join(labels[:SHOWN_LABELS]) + (", …" if len(labels) > SHOWN_LABELS else "")
    if en:
        text = f"a table at {where}, {_plural(data_rows, 'row')} × {_plural(block.n_cols, 'column')}"
    else:
        text = f"tabel di {where}, {data_rows} baris × {block.n_cols} kolom"
    return text + (f" ({named})" if labels else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _names(sheets, en: bool) -> str:
    shown = ", ".join(f"'{s.name}'" for s in sheets[:SHOWN_NAMES])
    more = len(sheets) - SHOWN_NAMES
    if more > 0:
        shown += f" and {more} more" if en else f" dan {more} lainnya"
    return shown


def describe_contents(workbook, lang: str = "id") -> str:
    """One clause saying what a workbook without a plan table holds: e.g. "workbook ini berisi
    lembar 'Kontak': tabel di A3:B7, 4 baris × 2 kolom (Nama, No. HP); lembar kosong 'Sheet2'",
    "workbook ini hanya berisi lembar grafik ('Grafik1')", "semua lembarnya kosong ('Sheet1')"."""
    en = lang == "en"
    sheets = list(getattr(workbook, "sheets", []) or [])
    grids = getattr(workbook, "grids", {}) or {}
    if not sheets:
        return "the workbook holds no sheet" if en else "workbook ini tidak memuat lembar apa pun"
    charts = [s for s in sheets if not s.is_worksheet]
    described = []  # (largest block's cells, filled cells, order, text)
    empty = []
    for order, s in enumerate(sheets):
        if not s.is_worksheet:
            continue
        rows = grids.get(s.name) or []
        blocks, n_filled = _blocks(rows)
        if not n_filled:
            empty.append(s)
            continue
        hidden = (" (hidden)" if en else " (tersembunyi)") if not s.visible else ""
        if blocks:
            best = max(blocks, key=lambda b: (b.n_rows * b.n_cols, -b.first_row))
            what = _describe_block(rows, best, en)
            if len(blocks) > 1:
                what += (f", and {_plural(len(blocks) - 1, 'smaller block')}" if en
                         else f", dan {len(blocks) - 1} blok lebih kecil")
            size = best.n_rows * best.n_cols
        else:
            what = (f"{_plural(n_filled, 'filled cell')}, no table" if en else f"{n_filled} sel terisi, tanpa tabel")
            size = 0
        described.append((size, n_filled, order, f"'{s.name}'{hidden}: {what}"))
    described.sort(key=lambda d: (-d[0], -d[1], d[2]))
    word = "sheet" if en else "lembar"
    parts = [f"{word} {d[3]}" for d in described[:SHOWN_SHEETS]]
    if len(described) > SHOWN_SHEETS:
        more = len(described) - SHOWN_SHEETS
        parts.append(f"{_plural(more, 'more filled sheet')}" if en else f"{more} lembar berisi lainnya")
    if empty:
        parts.append(f"empty {'sheet' if len(empty) == 1 else 'sheets'} {_names(empty, en)}" if en
                     else f"lembar kosong {_names(empty, en)}")
    if charts:
        empty_names = {s.name for s in empty}
        only_charts = not any(s.visible and s.is_worksheet and s.name not in empty_names for s in sheets)
        if only_charts:  # what a reader sees are charts: their data may sit on hidden sheets
            lead = (f"the workbook holds only chart sheets ({_names(charts, en)})" if en
                    else f"workbook ini hanya berisi lembar grafik ({_names(charts, en)})")
            return "; ".join([lead] + parts)
        parts.append(f"chart {'sheet' if len(charts) == 1 else 'sheets'} {_names(charts, en)}" if en
                     else f"lembar grafik {_names(charts, en)}")
    if not described:
        return (f"all its sheets are empty ({_names(empty, en)})" if en
                else f"semua lembarnya kosong ({_names(empty, en)})")
    return ("the workbook holds " if en else "workbook ini berisi ") + "; ".join(parts)


# click's own texts (help headings, usage errors) in Indonesian: click looks them up through
# gettext, so `install_click_language` puts this table in place of gettext in click's modules.
CLICK_ID = {
    "Usage:": "Pemakaian:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Error: {message}": "Kesalahan: {message}",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Missing argument": "Belum diisi: argumen",
    "Missing option": "Belum diisi: opsi",
    "Missing parameter": "Parameter belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "Missing {param_type}": "{param_type} belum diisi",
    "Missing command.": "Perintah belum disebut.",
    "No such option {name!r}.": "Opsi {name!r} tidak ada.",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} menerima {nargs} nilai.",
    "Aborted!": "Dibatalkan.",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "(dynamic)": "(berubah-ubah)",
    "Choose from:\n\t{choices}": "Pilih dari:\n\t{choices}",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} bukan nilai ya/tidak yang sah. Yang dikenali: {states}",
    "file": "Berkas",
    "directory": "Folder",
    "path": "Jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "unknown error": "kesalahan tak dikenal",
    # ngettext: singular and plural are one form in Indonesian
    "Got unexpected extra argument ({args})": "Ada argumen lebih yang tidak diharapkan ({args})",
    "Got unexpected extra arguments ({args})": "Ada argumen lebih yang tidak diharapkan ({args})",
    "Did you mean {possibility}?": "Maksudnya {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksudnya salah satu dari: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "Option {name!r} requires an argument.": "Opsi {name!r} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} memerlukan {nargs} nilai.",
    "Takes {nargs} values but 1 was given.": "Menerima {nargs} nilai, tetapi diberi 1.",
    "Takes {nargs} values but {len} were given.": "Menerima {nargs} nilai, tetapi diberi {len}.",
}
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "_optparse", "types", "termui")
_click_lang = {"lang": "en"}


def click_text(message: str) -> str:
    """One of click's texts in the run's language."""
    return CLICK_ID.get(message, message) if _click_lang["lang"] == "id" else message


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return click_text(singular if n == 1 else plural)


def install_click_language(lang: str) -> None:
    """Make click's help headings and usage errors speak `lang` (click calls gettext's `_`
    and `ngettext` by their module-level names; English is click's own text)."""
    import gettext
    import importlib

    _click_lang["lang"] = "en" if lang == "en" else "id"
    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext.gettext if lang == "en" else click_text
        if hasattr(module, "ngettext"):
            module.ngettext = gettext.ngettext if lang == "en" else _click_ngettext


def config_error_message(detail: str, lang: str = "id") -> str:
    """A settings or nomenclature file that cannot be used, as a sentence for a planner
    (`detail` is the ConfigError's text: "<path>: <what>"; YAML's own wording is left out)."""
    import re

    en = lang == "en"
    path, _, what = detail.partition(": ")
    where = re.search(r"line (\d+), column (\d+)", what)
    if what == "file not found":
        return f"The file {path} does not exist." if en else f"Berkas {path} tidak ada."
    if what == "not a file":
        return f"{path} is not a file." if en else f"{path} bukan berkas."
    if what.startswith("not a rules directory"):
        return (f"{path} is neither a rules folder (a copy of rules/) nor a settings.yaml in one." if en
                else f"{path} bukan folder aturan (salinan rules/) dan bukan settings.yaml di dalamnya.")
    if where:
        line, col = where.groups()
        return (f"{path} is not valid YAML near line {line}, column {col}: check the indentation, the colons "
                "and the closing brackets there." if en else
                f"{path} bukan YAML yang sah di sekitar baris {line}, kolom {col}: periksa indentasi, titik dua "
                "dan kurung penutup di sana.")
    if what.startswith("no nomenclature found"):
        return (f"{path} holds no nomenclature list: expected a header with a code column and a name column "
                "(or URUSAN/BIDANG/PROGRAM/KEGIATAN/SUB KEGIATAN code parts)." if en else
                f"{path} tidak memuat daftar nomenklatur: yang dicari judul kolom kode dan kolom nama (atau "
                "bagian kode URUSAN/BIDANG/PROGRAM/KEGIATAN/SUB KEGIATAN).")
    if what.startswith("cannot read"):
        return (f"{path} cannot be read as a workbook or CSV file." if en
                else f"{path} tidak dapat dibaca sebagai workbook atau berkas CSV.")
    return detail
