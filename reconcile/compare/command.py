"""`reconcile compare A B` (or `DIR_A DIR_B`): the click command. Registered in reconcile/cli.py
with `main.add_command(compare)`; it uses plain click objects carrying `helps` / `metavars`
(both languages), which the group's language switch reads like its own options'."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def _opt(*decls, helps: tuple[str, str], metavars: tuple[str, str] | None = None, **kw):
    def deco(f):
        f = click.option(*decls, help=helps[0], metavar=metavars[0] if metavars else None, **kw)(f)
        opt = f.__click_params__[-1]
        opt.helps, opt.metavars = helps, metavars
        return f
    return deco


def _say(lang: str, id_text: str, en_text: str) -> None:
    from reconcile.cli import _say as say  # imported late: reconcile.cli registers this command

    say(lang, id_text, en_text)


HELP_ID = """Bandingkan dua dokumen: A (acuan: RKPD, Renstra, KUA-PPAS, versi sebelumnya) dan B (yang
    diperiksa), atau dua folder yang workbook-nya dipasangkan per perangkat daerah.

    Item dipasangkan per unit (OPD) menurut kode, atau menurut nama bila kode tidak ada. Temuan
    ditempatkan di B, sel A di "terkait". Exit code: 0 tidak ada temuan setingkat --fail-on
    (bawaan: kesalahan), 1 ada, 2 ada berkas tidak terbaca.
    """
HELP_EN = """Compare two documents: A (the reference: RKPD, Renstra, KUA-PPAS, the earlier version) and
    B (under review), or two folders whose workbooks are paired by agency.

    Items are matched per unit (OPD) by code, or by name where codes are missing. Findings are
    placed in B, A's cell in "related". Exit code: 0 no finding of the --fail-on severity
    (default error), 1 such findings, 2 a file could not be read.
    """


@click.command("compare", help=HELP_ID, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("a", type=click.Path(), metavar="A")
@click.argument("b", type=click.Path(), metavar="B")
@_opt("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
      helps=("Bentuk keluaran: text untuk dibaca orang, json untuk program lain.",
             "Output form: text for people, json for other programs."))
@_opt("--lang", type=click.Choice(["id", "en"]), default=None,
      helps=("Bahasa semua pesan: id (bawaan) atau en; juga RECONCILE_LANG=en.",
             "Language of every message: id (the default) or en; also RECONCILE_LANG=en."))
@_opt("--config", "config_path", type=click.Path(), default=None, metavars=("FOLDER", "FOLDER"),
      helps=("Folder aturan (salinan rules/).", "Rules folder (a copy of rules/)."))
@_opt("--nomenklatur", type=click.Path(), default=None, metavars=("BERKAS", "FILE"),
      helps=("Daftar nomenklatur resmi (xlsx/csv): nama resmi suatu kode ikut dipakai untuk memasangkan item.",
             "Official nomenclature list (xlsx/csv): a code's official name also pairs items."))
@_opt("--select", default=None, metavars=("KODE", "CODES"),
      helps=("Hanya aturan ini (kode dipisah koma).", "Only these rules (comma-separated codes)."))
@_opt("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error", show_default=True,
      helps=("Tingkat temuan yang membuat exit code 1.", "The finding severity that makes the exit code 1."))
@_opt("-v", "--verbose", is_flag=True, helps=("Penjelasan lengkap setiap temuan.", "Each finding's full explanation."))
@_opt("--annotate", is_flag=True,
      helps=("Tulis salinan bertanda B (<nama>.diperiksa.xlsx) dengan setiap perubahan dan lembar Perbandingan.",
             "Write B's annotated copy (<name>.diperiksa.xlsx) with every change and a Perbandingan sheet."))
@_opt("-o", "--output", type=click.Path(dir_okay=False), default=None, metavars=("BERKAS", "FILE"),
      helps=("Nama salinan bertanda B untuk satu pasangan (berarti --annotate).",
             "Name of B's annotated copy for one pair (implies --annotate)."))
@_opt("--summary", "summary_to", type=click.Path(dir_okay=False), default=None, metavars=("BERKAS", "FILE"),
      helps=("Tulis satu workbook rekap perbandingan (per unit, temuan, berkas tanpa pasangan).",
             "Write one comparison summary workbook (per unit, findings, unpaired files)."))
def compare(a, b, fmt, lang, config_path, nomenklatur, select, fail_on, verbose, annotate, output, summary_to):
    from reconcile.cli import _config, _refuse_unsafe_outputs, env_lang

    lang = lang or env_lang()
    config = _config(config_path, lang, nomenklatur)
    only = _codes(select, lang)
    pa, pb = Path(a), Path(b)
    if pa.is_dir() != pb.is_dir():
        _say(lang, "A dan B harus sama-sama berkas atau sama-sama folder.", "A and B must both be files or both folders.")
        sys.exit(2)
    unpaired: dict[str, list[str]] = {"a": [], "b": []}
    read: dict = {}
    if pa.is_dir():
        from reconcile.batch import expand_inputs
        from reconcile.compare.folders import agency_of, pair_folders

        pairing = pair_folders(expand_inputs([pa]), expand_inputs([pb]), config, lambda p: agency_of(p, config))
        pairs = [(x, y) for x, y, _ in pairing.pairs]
        unpaired = {"a": [str(p) for p in pairing.only_a], "b": [str(p) for p in pairing.only_b]}
        read = pairing.read
    else:
        pairs = [(pa, pb)]
    annotate = annotate or output is not None
    if output is not None and len(pairs) != 1:
        _say(lang, "-o/--output hanya untuk satu pasangan; untuk folder pakai --annotate.",
             "-o/--output takes one pair; for folders use --annotate.")
        sys.exit(2)
    from reconcile.report.annotate import default_output

    targets = [Path(output) if output else default_output(y) for _, y in pairs] if annotate else []
    inputs = [p for pair in pairs for p in pair]
    _refuse_unsafe_outputs(targets + ([Path(summary_to)] if summary_to else []), inputs, lang)
    results = [_one(x, y, config, lang, only, read) for x, y in pairs]
    failed = False
    for i, c in enumerate(results):
        if annotate and c.status == "ok":
            failed |= not _annotate(c, targets[i], lang)
    if summary_to:
        from reconcile.compare.sheet import write_summary

        out = write_summary(results, unpaired, Path(summary_to), lang, like=inputs)
        _say(lang, f"Rekap perbandingan: {out}", f"Comparison summary: {out}")
    if fmt == "json":
        doc = {"version": 1, "pairs": [c.to_json() for c in results], "unpaired": unpaired}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(render(results, unpaired, lang, verbose), nl=False)
    sys.exit(_exit(results, fail_on, failed))


def _one(a: Path, b: Path, config, lang, only, read):
    from reconcile.compare import Comparison, compare_files, compare_workbooks

    if a in read and b in read:
        return compare_workbooks(read.pop(a), read.pop(b), config, lang, only, Comparison(str(a), str(b)))
    return compare_files(a, b, config, lang, only)


def _annotate(c, target: Path, lang: str) -> bool:
    from reconcile.compare.sheet import annotate_b
    from reconcile.report.annotate import CopyMismatch
    from reconcile.terminal import display_path

    try:
        res = annotate_b(c, target, lang)
    except CopyMismatch as exc:
        _say(lang, exc.message(lang), exc.message(lang))
        return False
    except OSError as exc:
        _say(lang, f"Salinan bertanda gagal ditulis: {display_path(target)}: {exc.strerror or exc}",
             f"The annotated copy could not be written: {display_path(target)}: {exc.strerror or exc}")
        return False
    _say(lang, f"Salinan bertanda: {display_path(res.output)}", f"Annotated copy: {display_path(res.output)}")
    return True


def _codes(select: str | None, lang: str) -> set[str] | None:
    if select is None:
        return None
    from reconcile.compare.rules import COMPARE_RULES

    known = {r.code for r in COMPARE_RULES}
    wanted = {c.strip().upper() for c in select.split(",") if c.strip()}
    if not wanted or wanted - known:
        listing = ", ".join(sorted(known))
        _say(lang, f"Kode aturan tidak dikenal di --select. Kode yang ada: {listing}.",
             f"Unknown rule code in --select. Known codes: {listing}.")
        sys.exit(2)
    return wanted


def _exit(results, fail_on: str, failed: bool) -> int:
    from reconcile.checks.base import SEVERITY_RANK

    if failed or any(c.status == "error" for c in results):
        return 2
    limit = -1 if fail_on == "never" else SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] <= limit for c in results for f in c.findings) else 0


def render(results, unpaired: dict[str, list[str]], lang: str = "id", verbose: bool = False) -> str:
    """The findings compiler-style (as `check` prints them, every one), then per pair the
    Perbandingan: totals on each side, the difference, the units that changed."""
    from reconcile.read.numbers import format_rupiah
    from reconcile.report.text import render_results
    from reconcile.run import FileResult
    from reconcile.terminal import display_path, printable

    en = lang == "en"
    # No titles: each line starts with the message itself (which item, which unit), not the
    # rule's title with "expected/actual" (for a version diff these are before/after).
    files = [FileResult(c.b, c.status, c.error, None, c.findings) for c in results]
    out = [render_results(files, lang, verbose=verbose, show_all=True, titles={}).rstrip("\n")]

    def money(v):
        return "-" if v is None else format_rupiah(v, lang)

    for c in results:
        if c.status != "ok":
            continue
        na, nb = display_path(Path(c.a).name), display_path(Path(c.b).name)
        diff = None if c.total_a is None or c.total_b is None else c.total_b - c.total_a
        added = sum(u.added for u in c.units)
        removed = sum(u.removed for u in c.units)
        changed = sum(u.changed for u in c.units)
        out.append("")
        out.append(printable(f"{'Comparison' if en else 'Perbandingan'} {na} → {nb}: "
                             f"total {money(c.total_a)} → {money(c.total_b)} "
                             f"({'difference' if en else 'selisih'} {money(diff)}); "
                             + (f"{added} added, {removed} removed, {changed} changed, {len(c.units)} unit(s)."
                                if en else f"{added} ditambah, {removed} dihapus, {changed} berubah, "
                                           f"{len(c.units)} unit."), False))
        for u in c.units:
            if not (u.added or u.removed or u.changed or (u.difference or 0)):
                continue
            label = u.label or ("whole document" if en else "seluruh dokumen")
            out.append(printable(f"  {u.code or '-'}  {label}: {money(u.total_a)} → {money(u.total_b)} "
                                 f"({'+' if (u.difference or 0) > 0 else ''}{money(u.difference)}); "
                                 + (f"+{u.added} -{u.removed} ~{u.changed}"), False))
    for side, word in (("a", "A"), ("b", "B")):
        for p in unpaired.get(side, []):
            out.append(printable(f"{display_path(p)}: {'no pair in' if en else 'tanpa pasangan di'} "
                                 f"{'B' if word == 'A' else 'A'}", False))
    return "\n".join(out) + "\n"


compare.helps = (HELP_ID, HELP_EN)  # the group's language switch picks the run's language
