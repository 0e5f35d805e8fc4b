"""The command line: `reconcile check|watch|annotate|inspect|rules|explain`.

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands that need them,
so `reconcile --help`, `rules` and `explain` start fast.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

LANG = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
                    help="Bahasa pesan / language of messages.")
CONFIG = click.option("--config", "config_path", type=click.Path(), default=None,
                      help="Folder aturan (salinan rules/) atau settings.yaml di dalamnya.")
NOMENKLATUR = click.option("--nomenklatur", type=click.Path(), default=None,
                           help="Daftar nomenklatur resmi (xlsx/csv) untuk memeriksa ejaan dan kode.")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reconcile")
def main() -> None:
    """Periksa workbook Renja/RKPD dan tandai setiap ketidaksesuaian.

    Checks Renja/RKPD workbooks and flags every inconsistency.
    """


def _config(path, lang, nomenklatur=None):
    from reconcile.config import ConfigError, load_config

    try:
        config = load_config(path)
        if nomenklatur:
            config.overrides["nomenklatur"] = nomenklatur
            from reconcile.nomenklatur import configured_nomenklatur

            configured_nomenklatur(config)  # a missing or unreadable list: one message, exit 2
        return config
    except ConfigError as exc:
        msg = f"Konfigurasi tidak dapat dibaca: {exc}" if lang == "id" else f"Cannot read the configuration: {exc}"
        click.echo(msg, err=True)
        sys.exit(2)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@FORMAT
@LANG
@CONFIG
@click.option("--select", default=None, help="Hanya aturan ini (kode dipisah koma).")
@NOMENKLATUR
@click.option("--annotate", "annotate_to", is_flag=False, flag_value="", default=None, metavar="[OUT]",
              help="Tulis salinan bertanda (default <nama>.diperiksa.xlsx di samping berkas).")
@click.option("--annotate-dir", type=click.Path(file_okay=False), default=None,
              help="Tulis setiap salinan bertanda ke folder ini (nama dibuat unik).")
@click.option("--summary", "summary_to", type=click.Path(dir_okay=False), default=None,
              help="Tulis satu workbook rekap (Rekap, Temuan, Per Aturan, Grafik) untuk semua berkas.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Jumlah proses pemeriksa paralel (1 = dalam proses ini; default: satu per CPU "
                   "bila berkas 4 atau lebih).")
@click.option("-q", "--quiet", is_flag=True, help="Tanpa bilah kemajuan dan pesan informasi di stderr.")
def check(files, fmt, lang, config_path, select, nomenklatur, annotate_to, annotate_dir, summary_to, jobs, quiet):
    """Jalankan semua aturan pada FILES (berkas atau folder) dan tampilkan temuan.

    Folder diperiksa rekursif: *.xlsx, *.xlsm, *.xls, *.xlsb (tanpa berkas kunci ~$ dan
    keluaran reconcile sendiri). Exit code: 0 tidak ada temuan error, 1 ada temuan error,
    2 ada berkas tidak terbaca.
    """
    from reconcile.batch import ProgressBar, annotate_targets, default_jobs, expand_inputs, run_batch

    def say(id_text, en_text):
        click.echo(en_text if lang == "en" else id_text, err=True)

    config = _config(config_path, lang, nomenklatur)
    only = {c.strip().upper() for c in select.split(",")} if select else None
    if annotate_to is not None and annotate_dir is not None:
        say("--annotate dan --annotate-dir tidak dapat dipakai bersama.",
            "--annotate and --annotate-dir cannot be used together.")
        sys.exit(2)
    exclude_dirs = [Path(annotate_dir)] if annotate_dir else []
    paths = expand_inputs(files, exclude_dirs=exclude_dirs, exclude_files=[Path(summary_to)] if summary_to else [])
    if annotate_to and len(paths) > 1:
        say("--annotate OUT hanya untuk satu berkas; tanpa OUT setiap salinan ditulis di samping berkasnya.",
            "--annotate OUT takes one file; without OUT each copy goes beside its file.")
        sys.exit(2)
    if not paths:
        say("Tidak ada workbook (.xlsx, .xlsm, .xls, .xlsb) ditemukan.",
            "No workbook (.xlsx, .xlsm, .xls, .xlsb) found.")
        sys.exit(2)
    annotate = annotate_to is not None or annotate_dir is not None
    if annotate_dir:
        Path(annotate_dir).mkdir(parents=True, exist_ok=True)
        targets = annotate_targets(paths, Path(annotate_dir))
    else:
        targets = [Path(annotate_to) if annotate_to else None] * len(paths)
    jobs = jobs or default_jobs(len(paths))
    bar = ProgressBar(len(paths), sys.stderr, enabled=None if not quiet else False, lang=lang)
    try:
        items = run_batch(paths, config, lang, only, jobs=jobs, annotate=annotate, targets=targets,
                          identify=summary_to is not None, ruleset=_ruleset(config), progress=bar)
    except KeyboardInterrupt:
        bar.close()
        say("Dihentikan.", "Interrupted.")
        sys.exit(130)
    bar.close()
    results = [item.result for item in items]
    if annotate:
        for item in items:
            _report_annotation(item, lang, quiet)
    if summary_to:
        from reconcile.checks.registry import all_rules
        from reconcile.report.summary import write_summary

        titles = {r.code: (r.title_en if lang == "en" else r.title) for r in all_rules()}
        try:
            out = write_summary(items, Path(summary_to), lang, titles)
        except Exception as exc:
            say(f"Rekap gagal ditulis: {type(exc).__name__}: {exc}", f"Summary failed: {type(exc).__name__}: {exc}")
            sys.exit(2)
        if not quiet:
            say(f"Rekap: {out}", f"Summary: {out}")
    if fmt == "json":
        doc = {"version": 1, "files": [r.to_json() for r in results]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        from reconcile.report.text import render_results

        click.echo(render_results(results, lang, color=sys.stdout.isatty()), nl=False)
    sys.exit(max((r.exit_code for r in results), default=0))


def _report_annotation(item, lang, quiet=False) -> None:
    if item.annotate_error:
        click.echo(f"{item.path}: {item.annotate_error}", err=True)
        return
    if not item.annotated:
        return
    if not quiet:
        click.echo(("Salinan bertanda: " if lang == "id" else "Annotated copy: ") + item.annotated, err=True)
    if item.lost_features:
        click.echo(("Perhatian, tidak ikut tersalin: " if lang == "id" else "Note, not carried over: ")
                   + "; ".join(item.lost_features), err=True)


def _ruleset(config) -> str:
    from reconcile import __version__

    return f"reconcile {__version__}, {config.rules_dir}"


@main.command()
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(), default=None, help="Berkas keluaran.")
@LANG
@CONFIG
@NOMENKLATUR
def annotate(file, output, lang, config_path, nomenklatur):
    """Tulis salinan FILE dengan sel bermasalah ditandai dan lembar Hasil Pemeriksaan."""
    from reconcile.batch import check_one

    config = _config(config_path, lang, nomenklatur)
    item = check_one(Path(file), config, lang, annotate=True, annotate_to=Path(output) if output else None,
                     ruleset=_ruleset(config), convert=True, overlap=True)
    res = item.result
    if res.status != "ok":
        click.echo(f"{file}: {res.error}", err=True)
        sys.exit(2)
    _report_annotation(item, lang)
    sys.exit(res.exit_code)


@main.command()
@click.argument("inbox", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "outbox", type=click.Path(file_okay=False), default=None,
              help="Folder hasil (default: INBOX/hasil).")
@click.option("--poll", type=click.FloatRange(min=0.05), default=None, metavar="SECONDS",
              help="Periksa folder setiap SECONDS detik (untuk folder jaringan yang tidak mengirim peristiwa berkas).")
@click.option("--settle", type=click.FloatRange(min=0.0), default=1.0, show_default=True, metavar="SECONDS",
              help="Berkas diambil bila ukuran dan waktu ubahnya sama pada dua pengamatan berjarak sekian detik.")
@click.option("--once", is_flag=True, help="Periksa isi INBOX sekarang lalu selesai (untuk cron/Task Scheduler).")
@LANG
@CONFIG
@click.option("--select", default=None, help="Hanya aturan ini (kode dipisah koma).")
@NOMENKLATUR
def watch(inbox, outbox, poll, settle, once, lang, config_path, select, nomenklatur):
    """Pantau folder INBOX: setiap workbook yang disalin ke sana diperiksa, dan salinan bertanda
    serta ringkasannya (<nama>.diperiksa.xlsx, <nama>.hasil.json, <nama>.hasil.txt) ditulis ke
    folder hasil.

    Dengan --once: exit code terburuk atas berkas yang diperiksa (0, 1 atau 2), seperti check.
    """
    from reconcile.watch import DropFolder

    config = _config(config_path, lang, nomenklatur)
    only = {c.strip().upper() for c in select.split(",")} if select else None
    folder = DropFolder(Path(inbox), Path(outbox) if outbox else None, config, lang, only,
                        settle=settle, poll=poll)
    try:
        folder.outbox.mkdir(parents=True, exist_ok=True)
        code = folder.run_once() if once else folder.run()
    except OSError as exc:
        click.echo((f"Folder hasil tidak dapat dipakai: {exc}" if lang == "id" else f"Cannot use the output folder: {exc}"),
                   err=True)
        sys.exit(2)
    sys.exit(code)


@main.command()
@click.argument("file", type=click.Path())
@FORMAT
@LANG
@CONFIG
def inspect(file, fmt, lang, config_path):
    """Tampilkan apa yang terbaca dari FILE: tabel, kolom, jumlah baris per tingkat, klaim."""
    from reconcile.read import ReadError, read_workbook
    from reconcile.report.inspect import inspect_json, inspect_text
    from reconcile.messages import read_error_message

    config = _config(config_path, lang)
    try:
        wb = read_workbook(file, config)
    except ReadError as exc:
        click.echo(f"{file}: {read_error_message(exc.code, lang)}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "files": [inspect_json(wb, file)]}, ensure_ascii=False, indent=2))
    else:
        click.echo(inspect_text(wb, file, lang), nl=False)


@main.command()
@LANG
@CONFIG
def rules(lang, config_path):
    """Daftar aturan: kode, tingkat keparahan, judul."""
    from reconcile.checks.registry import all_rules

    config = _config(config_path, lang)
    for rule_cls in all_rules():
        rule = rule_cls(config.rule_settings(rule_cls.code, rule_cls.family))
        title = rule_cls.title_en if lang == "en" else rule_cls.title
        state = "" if rule.enabled else (" (nonaktif)" if lang == "id" else " (disabled)")
        click.echo(f"{rule_cls.code:<18} {rule.effective_severity:<8} {title}{state}")


@main.command()
@click.argument("code")
@LANG
def explain(code, lang):
    """Jelaskan satu aturan: mengapa penting, contoh buruk dan baik."""
    import inspect as pyinspect

    from reconcile.checks.registry import rule_by_code

    rule_cls = rule_by_code(code)
    if rule_cls is None:
        click.echo(("Aturan tidak dikenal: " if lang == "id" else "Unknown rule: ") + code, err=True)
        sys.exit(2)
    click.echo(f"{rule_cls.code} ({rule_cls.severity}): {rule_cls.title_en if lang == 'en' else rule_cls.title}\n")
    click.echo(pyinspect.cleandoc(rule_cls.__doc__ or ""))


if __name__ == "__main__":  # pragma: no cover
    main()
