"""`reconcile fix FILE [-o OUT]`: a separate copy with the mechanical faults fixed (amounts typed
as text, numbering typed into a name), every change noted (`reconcile/report/fix.py`)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from reconcile.compare.command import _opt as _option
from reconcile.nomenklatur_command import LANG


@click.command("fix", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", type=click.Path(), metavar="BERKAS")
@_option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavars=("BERKAS", "FILE"),
         helps=("Berkas keluaran (bawaan <nama>.perbaikan.xlsx di samping BERKAS).",
                "Output file (default <name>.perbaikan.xlsx beside FILE)."))
@LANG
@_option("--config", "config_path", type=click.Path(), default=None, metavars=("FOLDER", "FOLDER"),
         helps=("Folder aturan (salinan rules/) atau settings.yaml di dalamnya.",
                "Rules folder (a copy of rules/) or the settings.yaml in it."))
def fix(file, output, lang, config_path) -> None:
    """Tulis salinan BERKAS yang kesalahan mekanisnya diperbaiki: angka uang yang diketik sebagai
    teks menjadi angka (tampilannya sama), nomor urut yang diketik di sel nama dipindahkan ke kolom
    No yang kosong. Setiap
    perubahan diberi catatan dan didaftar di lembar tersendiri; berkas asli tidak diubah.
    """
    from reconcile.cli import _config, _refuse_empty_paths, _refuse_unsafe_outputs, _say, current_lang
    from reconcile.report.annotate import can_patch
    from reconcile.report.fix import FIXABLE, NothingToFix, default_output, plan, write_fixed
    from reconcile.report.package import Unpatchable
    from reconcile.run import check_file
    from reconcile.terminal import display_path
    from reconcile.report.verify import read_values

    lang = lang or current_lang()
    _refuse_empty_paths([file] + ([output] if output is not None else []), lang)
    path = Path(file)
    target = Path(output) if output else default_output(path)
    shown = display_path(path)
    if path.is_dir():
        _say(lang, f"{shown}: ini sebuah folder; reconcile fix memperbaiki satu workbook. Sebutkan berkasnya.",
             f"{shown}: this is a folder; reconcile fix fixes one workbook. Name the file.")
        sys.exit(2)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        _say(lang, f"{shown}: salinan perbaikan hanya dibuat untuk berkas .xlsx atau .xlsm. Simpan berkas ini dari "
                   "Excel sebagai \"Excel Workbook (.xlsx)\" lalu jalankan lagi; reconcile check tetap dapat "
                   "memeriksanya.",
             f"{shown}: a fix copy is only made for .xlsx or .xlsm files. Save this file from Excel as \"Excel "
             "Workbook (.xlsx)\" and run again; reconcile check can still check it.")
        sys.exit(2)
    if (path.suffix.lower() == ".xlsm") != (target.suffix.lower() == ".xlsm"):
        _say(lang, f"{display_path(target)}: salinan perbaikan memakai jenis berkas yang sama dengan aslinya "
                   f"({path.suffix.lower()}). Pilih nama berakhiran {path.suffix.lower()}.",
             f"{display_path(target)}: the fix copy keeps the type of the original ({path.suffix.lower()}). "
             f"Choose a name ending in {path.suffix.lower()}.")
        sys.exit(2)
    config = _config(config_path, lang)
    _refuse_unsafe_outputs([target], [path], lang)
    res = check_file(path, config, lang, only=set(FIXABLE))
    if res.status == "error":
        _say(lang, f"{shown}: {res.error}", f"{shown}: {res.error}")
        sys.exit(2)
    if not can_patch(path, target):
        _say(lang, f"{shown}: salinan perbaikan tidak dapat dibuat untuk workbook ini (format Strict Open XML). "
                   "Simpan dari Excel sebagai \"Excel Workbook (.xlsx)\" lalu jalankan lagi.",
             f"{shown}: no fix copy can be made of this workbook (Strict Open XML). Save it from Excel as "
             "\"Excel Workbook (.xlsx)\" and run again.")
        sys.exit(2)
    values = read_values(path)
    changes, skipped = plan(res.findings, values)

    def too_wide(copy: Path) -> set[tuple[str, str]]:
        """Cells whose number Excel would show as ##### (the NUM-HASH rule on the copy)."""
        found = check_file(copy, config, lang, only={"NUM-HASH"})
        return {(f.sheet, f.cell) for f in found.findings if f.rule == "NUM-HASH"}

    try:
        made = write_fixed(path, target, changes, values, lang, too_wide) if changes else []
    except NothingToFix:
        made = []
    except Unpatchable:
        _say(lang, f"{shown}: salinan perbaikan tidak dapat dibuat: paket workbook ini memuat bagian yang tidak "
                   "dapat disunting dengan aman. Berkas asli tidak diubah.",
             f"{shown}: no fix copy was made: this workbook's package holds parts that cannot be edited safely. "
             "The original is unchanged.")
        sys.exit(2)
    except OSError as exc:
        _say(lang, f"{display_path(target)}: salinan perbaikan gagal ditulis ({exc.strerror or exc}).",
             f"{display_path(target)}: the fix copy could not be written ({exc.strerror or exc}).")
        sys.exit(2)
    skipped += len({ch.group for ch in changes}) - len({ch.group for ch in made})
    left = (f" {skipped} temuan tidak diubah: terbacanya tidak pasti, selnya berisi rumus, atau kolomnya terlalu "
            "sempit untuk angkanya (Excel akan menampilkan #####)." if skipped else "",
            f" {skipped} findings were left as they are: their reading is uncertain, the cell holds a formula, or "
            "the column is too narrow for the number (Excel would show #####)." if skipped else "")
    if not made:
        _say(lang, f"{shown}: tidak ada yang dapat diperbaiki otomatis; tidak ada salinan dibuat.{left[0]}",
             f"{shown}: nothing can be fixed automatically; no copy was made.{left[1]}")
        sys.exit(0)
    fixed = len({ch.group for ch in made})
    _say(lang, f"{fixed} temuan diperbaiki ({len(made)} sel); salinan perbaikan: {display_path(target)}.{left[0]}",
         f"{fixed} findings fixed ({len(made)} cells); fix copy: {display_path(target)}.{left[1]}")


fix.params[0].metavars = ("BERKAS", "FILE")
fix.helps = (fix.help, "Write a copy of FILE with its mechanical faults fixed: money amounts typed as text become "
                       "numbers (shown the same way), numbering typed into a name cell moves to its empty No cell. Every change is "
                       "noted and listed on a sheet of its own; the original is not changed.")
