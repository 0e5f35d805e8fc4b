"""RKPD-like workbooks for the benchmark: a Tabel 4.1-style sheet with N sub kegiatan rows.

    python benchmarks/generate.py ROWS OUT.xlsx

Realistic shape: a 3-row merged header, urusan → program → kegiatan → sub kegiatan with codes
and Roman/letter/number numbering, bold subtotal rows holding =SUM formulas with cached
values, long indicator texts, targets with units, two money years; and a few planted errors
(a typed subtotal that does not add up, money typed as text, a malformed amount).
"""
from __future__ import annotations

import random
import sys
from datetime import datetime
from pathlib import Path

# Generic planning words only: a real RKPD keeps each agency's sector words under its own
# programs, and random sector words would make every row a (true) sector mismatch.
WORDS = ("penyediaan pelayanan peningkatan pengelolaan koordinasi penyusunan pembinaan pengawasan "
         "fasilitasi pelaksanaan pengembangan pemeliharaan perencanaan evaluasi administrasi data "
         "informasi kapasitas sarana prasarana masyarakat daerah kabupaten kota dokumen laporan "
         "kinerja perangkat unit layanan kegiatan sistem").split()
UNITS = ("Dokumen", "Laporan", "Orang", "Unit", "Paket", "Kegiatan", "Lembaga", "Bulan")


def roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(rows: int, out: Path, seed: int = 7) -> Path:
    import xlsxwriter

    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(out))
    wb.set_properties({"created": datetime(2024, 1, 1)})
    bold = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top"})
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    money = wb.add_format({"border": 1, "num_format": "#,##0"})
    bold_money = wb.add_format({"border": 1, "num_format": "#,##0", "bold": True})
    ws = wb.add_worksheet("Tabel 4.1")
    ws.merge_range("A1:N1", "TABEL 4.1 RINCIAN PROGRAM, KEGIATAN DAN SUB KEGIATAN TAHUN 2024 - 2025", head)
    ws.merge_range("A3:A5", "No", head)
    ws.merge_range("B3:B5", "Urusan /Bidang Urusan/Program /Kegiatan/ Sub Kegiatan", head)
    ws.merge_range("C3:E4", "Indikator Kinerja", head)
    for c, h in zip("CDE", ("Capaian Program", "Keluaran Sub Kegiatan", "Hasil Kegiatan")):
        ws.write(f"{c}5", h, head)
    ws.merge_range("F3:K3", "Rencana Tahun 2024", head)
    ws.merge_range("F4:F5", "Lokasi Output Kegiatan", head)
    ws.merge_range("G4:I4", "Target Capaian Kinerja", head)
    for c, h in zip("GHI", ("Program", "Keluaran Sub Kegiatan", "Hasil Kegiatan")):
        ws.write(f"{c}5", h, head)
    ws.merge_range("J4:J5", "Pagu Indikatif (Rp)", head)
    ws.merge_range("K4:K5", "Sumber Dana", head)
    ws.merge_range("L3:N3", "Perkiraan Maju Rencana Tahun 2025", head)
    ws.merge_range("L4:M4", "Target Capaian Kinerja", head)
    ws.write("L5", "Tolak Ukur", head)
    ws.write("M5", "Target", head)
    ws.merge_range("N4:N5", "Kebutuhan Dana/ Pagu Indikatif (Rp)", head)
    ws.set_column("B:E", 40)
    ws.set_column("F:N", 16)

    r = 5  # 0-based row index of the first data row (Excel row 6)
    subs_left = rows
    prog_no = keg_no = sub_no = 0
    planted = 0
    while subs_left > 0:
        prog_no += 1
        prog_row = r
        code_p = f"2.{prog_no // 90 + 7:02d}.{prog_no % 90 + 1:02d}"
        ws.write(r, 0, roman(prog_no), bold)
        ws.write(r, 1, f"PROGRAM {phrase(rng, 4).upper()}", bold)
        ws.write(r, 2, f"Persentase {phrase(rng, 6).lower()}", text)
        ws.write(r, 6, f"{rng.randint(50, 100)}%", text)
        r += 1
        keg_rows = []
        for k in range(rng.randint(3, 6)):
            if subs_left <= 0:
                break
            keg_no += 1
            keg_row = r
            keg_rows.append(keg_row)
            ws.write(r, 0, letters(k), bold)  # letters restart in each program
            ws.write(r, 1, f"{phrase(rng, 5)} {code_p}.2.{k + 1:02d}", bold)
            ws.write(r, 8, "100%", text)
            r += 1
            first_sub = r
            amounts = []
            for s in range(min(subs_left, rng.randint(3, 8))):
                sub_no += 1
                subs_left -= 1
                a24 = rng.randint(5, 900) * 1_000_000
                a25 = int(a24 * rng.uniform(0.9, 1.2) // 1_000_000 * 1_000_000)
                amounts.append((a24, a25))
                ws.write(r, 0, sub_no, text)
                ws.write(r, 1, phrase(rng, 7), text)
                ws.write(r, 3, f"Jumlah {phrase(rng, 8).lower()}", text)
                ws.write(r, 4, f"Persentase {phrase(rng, 5).lower()}", text)
                ws.write(r, 5, "Kota, Semua Kecamatan", text)
                ws.write(r, 7, f"{rng.randint(1, 400)} {rng.choice(UNITS)}", text)
                if sub_no % 997 == 13:
                    ws.write_string(r, 9, f"Rp {a24:,}".replace(",", "."), text)  # planted: money as text
                    planted += 1
                elif sub_no % 1499 == 21:
                    ws.write_string(r, 9, f"{a24 // 1000:,}.00".replace(",", "."), text)  # planted: malformed
                    planted += 1
                else:
                    ws.write_number(r, 9, a24, money)
                ws.write(r, 10, "Dana Alokasi Umum (DAU)", text)
                ws.write(r, 11, f"Jumlah {phrase(rng, 4).lower()}", text)
                ws.write(r, 12, f"{rng.randint(1, 400)} {rng.choice(UNITS)}", text)
                ws.write_number(r, 13, a25, money)
                r += 1
            s24, s25 = sum(a for a, _ in amounts), sum(b for _, b in amounts)
            if keg_no % 211 == 7:  # planted: a typed subtotal that does not add up
                ws.write_number(keg_row, 9, s24 + 1_000_000, bold_money)
                planted += 1
            else:
                ws.write_formula(keg_row, 9, f"=SUM(J{first_sub + 1}:J{r})", bold_money, s24)
            ws.write_formula(keg_row, 13, f"=SUM(N{first_sub + 1}:N{r})", bold_money, s25)
        cells24 = ",".join(f"J{k + 1}" for k in keg_rows)
        cells25 = ",".join(f"N{k + 1}" for k in keg_rows)
        ws.write_formula(prog_row, 9, f"=SUM({cells24})", bold_money, 0)
        ws.write_formula(prog_row, 13, f"=SUM({cells25})", bold_money, 0)
    wb.close()
    _fix_program_caches(out)
    return out


def _fix_program_caches(path: Path) -> None:
    """Program rows were written before their totals were known; give them the right cache by
    re-reading the kegiatan values (keeps the generator one pass and simple)."""
    # The benchmark checks arithmetic on cached values, so program caches must be right
    # except where an error is planted on purpose. A second xlsxwriter pass would double the
    # generation time; instead the cached "0" values are patched in the sheet XML.
    import re
    import shutil
    import tempfile
    import zipfile

    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    grid = book.get_sheet_by_name("Tabel 4.1").to_python(skip_empty_area=False)
    totals: dict[int, tuple[float, float]] = {}
    prog = None
    for i, line in enumerate(grid):
        if i < 5:
            continue
        name = str(line[1])
        if name.startswith("PROGRAM "):
            prog = i
            totals[prog] = (0.0, 0.0)
        elif prog is not None and isinstance(line[0], str) and line[0].isalpha() and line[0].isupper():
            j = line[9] if isinstance(line[9], float) else 0.0
            n = line[13] if isinstance(line[13], float) else 0.0
            totals[prog] = (totals[prog][0] + j, totals[prog][1] + n)
    tmp = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                def sub(m):
                    col, row = m.group(1).decode(), int(m.group(2))
                    t = totals.get(row - 1)
                    if t is None:
                        return m.group(0)
                    v = t[0] if col == "J" else t[1]
                    return m.group(0).replace(b"<v>0</v>", b"<v>%d</v>" % int(v))
                data = re.sub(rb'<c r="([JN])(\d+)"[^>]*><f>[^<]*</f><v>0</v></c>', sub, data)
            dst.writestr(info, data)
    shutil.move(tmp, path)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"rkpd_{n}.xlsx")
    generate(n, out)
    print(out)
