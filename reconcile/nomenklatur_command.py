"""`reconcile nomenklatur install|list|remove`: the official lists a run loads by default.

A planning office installs the lists it was given once (Kepmendagri 900/2023, its updates, the
050 account codes); every later `check`, `annotate` and `watch` then compares names and codes
with them, without `--nomenklatur` on every command.
"""
from __future__ import annotations

import sys

import click

def LANG(f):
    f = click.option("--lang", type=click.Choice(["id", "en"]), default=None,
                     help="Bahasa pesan: id (bawaan) atau en.")(f)
    f.__click_params__[-1].helps = ("Bahasa pesan: id (bawaan) atau en.", "Language of messages: id (default) or en.")
    return f


def _say(lang: str | None, id_text: str, en_text: str, err: bool = False) -> None:
    from reconcile.cli import current_lang  # --lang before the command, else RECONCILE_LANG

    click.echo(en_text if (lang or current_lang()) == "en" else id_text, err=err)


@click.group("nomenklatur")
def nomenklatur() -> None:
    """Daftar nomenklatur resmi yang dipakai setiap pemeriksaan."""


nomenklatur.helps = ("Daftar nomenklatur resmi yang dipakai setiap pemeriksaan.",
                     "The official nomenclature lists every check uses by default.")


@nomenklatur.command("install")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@LANG
def install(files, lang) -> None:
    """Pasang daftar resmi (xlsx/csv) untuk dipakai otomatis pada setiap pemeriksaan."""
    from reconcile.nomenklatur import NomenklaturError, install_list

    failed = False
    for f in files:
        try:
            target, found = install_list(f)
        except (NomenklaturError, OSError) as exc:
            failed = True
            _say(lang, f"{f}: bukan daftar nomenklatur yang dapat dibaca ({exc}); tidak dipasang.",
                 f"{f}: not a readable nomenclature list ({exc}); not installed.", err=True)
            continue
        counts: dict[str, int] = {}
        for e in found.entries:
            counts[e.level] = counts.get(e.level, 0) + 1
        shown = ", ".join(f"{n} {level}" for level, n in counts.items())
        _say(lang, f"Terpasang: {target} ({len(found.entries)} entri{'; ' + shown if shown else ''}).",
             f"Installed: {target} ({len(found.entries)} entries{'; ' + shown if shown else ''}).")
    if failed:
        sys.exit(2)


@nomenklatur.command("list")
@LANG
def list_installed(lang) -> None:
    """Tampilkan daftar yang terpasang."""
    from reconcile.nomenklatur import installed_dir, installed_lists

    lists = installed_lists()
    if not lists:
        _say(lang, f"Belum ada daftar terpasang (folder: {installed_dir()}). "
                   "Pasang dengan: reconcile nomenklatur install DAFTAR.csv",
             f"No list installed (folder: {installed_dir()}). "
             "Install one with: reconcile nomenklatur install LIST.csv")
        return
    for p in lists:
        click.echo(str(p))


@nomenklatur.command("remove")
@click.argument("names", nargs=-1, required=True)
@LANG
def remove(names, lang) -> None:
    """Hapus daftar terpasang (nama berkas)."""
    from reconcile.nomenklatur import remove_list

    missing = False
    for name in names:
        if remove_list(name) is None:
            missing = True
            _say(lang, f"{name}: tidak ada daftar terpasang dengan nama ini.",
                 f"{name}: no installed list of that name.", err=True)
        else:
            _say(lang, f"Dihapus: {name}", f"Removed: {name}")
    if missing:
        sys.exit(2)


install.helps = (install.help, "Install official lists (xlsx/csv), used by every later check.")
list_installed.helps = (list_installed.help, "Show the installed lists.")
remove.helps = (remove.help, "Remove installed lists (file names).")
