"""The command line: `reconcile check|watch|annotate|inspect|rules|explain`.

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands that need them,
so `reconcile --help`, `rules` and `explain` start fast.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reconcile.terminal import display_path, json_safe, printable, valid_utf8

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
        _say(lang, f"Konfigurasi tidak dapat dibaca: {exc}",
             f"Cannot read the configuration: {getattr(exc, 'en', exc)}")
        sys.exit(2)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@FORMAT
@LANG
@CONFIG
@click.option("--select", default=None, help="Hanya aturan ini (kode dipisah koma).")
@NOMENKLATUR
@click.option("--annotate", is_flag=True,
              help="Tulis salinan bertanda <nama>.diperiksa.xlsx di samping setiap berkas.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Nama salinan bertanda untuk satu berkas (berarti --annotate).")
@click.option("--annotate-dir", type=click.Path(file_okay=False), default=None,
              help="Tulis setiap salinan bertanda ke folder ini (nama dibuat unik).")
@click.option("--summary", "summary_to", type=click.Path(dir_okay=False), default=None,
              help="Tulis satu workbook rekap (Rekap, Temuan, Per Aturan, Grafik) untuk semua berkas.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Jumlah proses pemeriksa paralel (1 = dalam proses ini; default: satu per CPU "
                   "bila berkas 4 atau lebih).")
@click.option("-q", "--quiet", is_flag=True, help="Tanpa bilah kemajuan dan pesan informasi di stderr.")
def check(files, fmt, lang, config_path, select, nomenklatur, annotate, output, annotate_dir, summary_to, jobs,
          quiet):
    """Jalankan semua aturan pada FILES (berkas atau folder) dan tampilkan temuan.

    Folder diperiksa rekursif: *.xlsx, *.xlsm, *.xls, *.xlsb (tanpa berkas kunci ~$ dan
    keluaran reconcile sendiri). Exit code: 0 tidak ada temuan error (termasuk workbook tanpa
    tabel Renja), 1 ada temuan error, 2 ada berkas tidak terbaca.
    """
    from reconcile.batch import ProgressBar, annotate_targets, default_jobs, expand_inputs, run_batch
    from reconcile.report.annotate import default_output

    def say(id_text, en_text):
        _say(lang, id_text, en_text)

    _refuse_empty_paths(files, lang)
    config = _config(config_path, lang, nomenklatur)
    only = _selected_rules(select, lang)
    if output is not None and annotate_dir is not None:
        say("-o/--output dan --annotate-dir tidak dapat dipakai bersama.",
            "-o/--output and --annotate-dir cannot be used together.")
        sys.exit(2)
    if annotate and annotate_dir is not None:
        say("--annotate dan --annotate-dir tidak dapat dipakai bersama (--annotate-dir sudah menulis salinan).",
            "--annotate and --annotate-dir cannot be used together (--annotate-dir already writes the copies).")
        sys.exit(2)
    exclude_dirs = [Path(annotate_dir)] if annotate_dir else []
    skipped: list[Path] = []
    paths = expand_inputs(files, exclude_dirs=exclude_dirs, skipped=skipped)
    if output is not None and len(paths) > 1:
        say("-o/--output hanya untuk satu berkas; untuk banyak berkas pakai --annotate (salinan di samping "
            "setiap berkas) atau --annotate-dir FOLDER.",
            "-o/--output takes one file; for many files use --annotate (each copy beside its file) or "
            "--annotate-dir FOLDER.")
        sys.exit(2)
    if skipped and not quiet:
        names = ", ".join(display_path(p.name) for p in skipped[:3]) + (" …" if len(skipped) > 3 else "")
        say(f"Dilewati: {len(skipped)} keluaran reconcile sendiri ({names}).",
            f"Skipped: {len(skipped)} of reconcile's own outputs ({names}).")
    if not paths:
        say("Tidak ada workbook (.xlsx, .xlsm, .xls, .xlsb) ditemukan.",
            "No workbook (.xlsx, .xlsm, .xls, .xlsb) found.")
        sys.exit(2)
    annotate = annotate or output is not None or annotate_dir is not None
    if annotate_dir:
        _make_output_folder(Path(annotate_dir), lang)
        targets = annotate_targets(paths, Path(annotate_dir))
    elif output is not None:
        targets = [Path(output)]
    else:
        targets = [None] * len(paths)
    planned = [t or default_output(p) for p, t in zip(paths, targets)] if annotate else []
    _refuse_unsafe_outputs(planned + ([Path(summary_to)] if summary_to else []), paths, lang)
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
        except OSError as exc:
            say(f"Rekap gagal ditulis ke {display_path(summary_to)}: {_os_reason(exc, lang)}",
                f"The summary could not be written to {display_path(summary_to)}: {_os_reason(exc, lang)}")
            sys.exit(2)
        if not quiet:
            say(f"Rekap: {display_path(out)}", f"Summary: {display_path(out)}")
    if fmt == "json":
        doc = {"version": 1, "files": [r.to_json() for r in results]}
        click.echo(json_safe(json.dumps(_valid_text(doc), ensure_ascii=False, indent=2)))
    else:
        from reconcile.report.text import render_results

        click.echo(render_results(results, lang, color=sys.stdout.isatty()), nl=False)
    sys.exit(max((r.exit_code for r in results), default=0))


def _say(lang: str, id_text: str, en_text: str) -> None:
    click.echo(printable(en_text if lang == "en" else id_text), err=True)


def _refuse_empty_paths(paths, lang: str) -> None:
    """`check ""` must not mean "the current folder"."""
    if any(not str(p).strip() for p in paths):
        _say(lang, "Jalur berkas kosong (\"\") tidak diterima: sebutkan berkas atau folder yang diperiksa.",
             "An empty path (\"\") is not accepted: name the file or folder to check.")
        sys.exit(2)


def _selected_rules(select: str | None, lang: str) -> set[str] | None:
    """`--select pagu-sum,NUM-TEXT` -> {"PAGU-SUM", "NUM-TEXT"}; an unknown code is an error."""
    if select is None:
        return None
    from reconcile.checks.registry import all_rules

    known = {r.code for r in all_rules()}
    wanted = {c.strip().upper() for c in select.split(",") if c.strip()}
    unknown = sorted(wanted - known)
    if unknown or not wanted:
        listing = ", ".join(sorted(known))
        what = ", ".join(unknown) if unknown else "(kosong)" if lang != "en" else "(empty)"
        _say(lang, f"Kode aturan tidak dikenal di --select: {what}. Kode yang ada: {listing}.",
             f"Unknown rule code in --select: {what}. Known codes: {listing}.")
        sys.exit(2)
    return wanted


def _make_output_folder(folder: Path, lang: str) -> None:
    """Create the --annotate-dir folder itself, never a missing tree above it."""
    if folder.is_dir():
        return
    if not folder.parent.is_dir():
        _say(lang, f"Folder induk untuk {display_path(folder)} tidak ada; buat dulu atau pilih folder lain.",
             f"The parent folder of {display_path(folder)} does not exist; create it first or choose another.")
        sys.exit(2)
    try:
        folder.mkdir()
    except OSError as exc:
        _say(lang, f"Folder {display_path(folder)} tidak dapat dibuat: {_os_reason(exc, lang)}",
             f"Cannot create the folder {display_path(folder)}: {_os_reason(exc, lang)}")
        sys.exit(2)


_OUTPUT_PROBLEMS = {
    "empty": ("Nama berkas keluaran kosong.", "The output file name is empty."),
    "no_folder": ("Folder untuk {out} tidak ada; buat dulu foldernya atau pilih tempat lain.",
                  "The folder for {out} does not exist; create it first or choose another place."),
    "is_folder": ("{out} adalah folder, bukan nama berkas keluaran.", "{out} is a folder, not an output file name."),
    "is_input": ("{out} adalah berkas yang diperiksa ({other}); keluaran tidak pernah menimpa masukan. "
                 "Pilih nama lain.",
                 "{out} is one of the files being checked ({other}); an output never replaces an input. "
                 "Choose another name."),
    "twice": ("Dua keluaran akan ditulis ke berkas yang sama: {out}. Pilih nama lain.",
              "Two outputs would be written to the same file: {out}. Choose another name."),
    "not_ours": ("{out} sudah ada dan bukan keluaran reconcile; berkas itu tidak ditimpa. Pindahkan atau hapus "
                 "berkas itu, atau pilih nama lain.",
                 "{out} already exists and was not written by reconcile; it is not replaced. Move or delete it, "
                 "or choose another name."),
}


def _refuse_unsafe_outputs(outputs, inputs, lang: str) -> None:
    """Nothing lost: refuse (exit 2) before any work when an output would replace an input,
    another output, or a file reconcile did not write, or would need a folder created."""
    from reconcile.batch import output_problem

    problem = output_problem(outputs, inputs)
    if problem is None:
        return
    code, out, other = problem
    id_text, en_text = _OUTPUT_PROBLEMS[code]
    values = {"out": display_path(out), "other": display_path(other) if other is not None else ""}
    _say(lang, id_text.format(**values), en_text.format(**values))
    sys.exit(2)


def _os_reason(exc: OSError, lang: str) -> str:
    """An OS error as words, without Python's exception text."""
    import errno

    words = {
        errno.EACCES: ("tidak ada izin menulis", "permission denied"),
        errno.EPERM: ("tidak ada izin menulis", "permission denied"),
        errno.ENOENT: ("folder tidak ada", "the folder does not exist"),
        errno.ENOSPC: ("disk penuh", "the disk is full"),
        errno.EROFS: ("disk hanya-baca", "the disk is read-only"),
        errno.ENAMETOOLONG: ("nama terlalu panjang", "the name is too long"),
    }
    pair = words.get(exc.errno, (exc.strerror or "gagal", exc.strerror or "failed"))
    return pair[1] if lang == "en" else pair[0]


def _valid_text(value):
    """JSON that is valid UTF-8: undecodable file names (lone surrogates) become U+FFFD."""
    if isinstance(value, str):
        return valid_utf8(value)
    if isinstance(value, dict):
        return {k: _valid_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid_text(v) for v in value]
    return value


def _report_annotation(item, lang, quiet=False) -> None:
    if item.annotate_error:
        click.echo(printable(f"{display_path(item.path)}: {item.annotate_error}"), err=True)
        return
    if not item.annotated:
        return
    if not quiet:
        _say(lang, f"Salinan bertanda: {display_path(item.annotated)}", f"Annotated copy: {display_path(item.annotated)}")
    if item.lost_features:
        lost = "; ".join(item.lost_features)
        _say(lang, f"Perhatian, tidak ikut tersalin: {lost}", f"Note, not carried over: {lost}")


def _ruleset(config) -> str:
    from reconcile import __version__

    return f"reconcile {__version__}, {config.rules_dir}"


@main.command()
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Berkas keluaran (default <nama>.diperiksa.xlsx di samping FILE).")
@LANG
@CONFIG
@NOMENKLATUR
def annotate(file, output, lang, config_path, nomenklatur):
    """Tulis salinan FILE dengan sel bermasalah ditandai dan lembar Hasil Pemeriksaan.

    Workbook tanpa tabel Renja tidak mendapat salinan (pesannya menyebut isinya; exit code 0).
    """
    from reconcile.batch import check_one
    from reconcile.report.annotate import default_output

    _refuse_empty_paths([file] + ([output] if output is not None else []), lang)
    config = _config(config_path, lang, nomenklatur)
    target = Path(output) if output else None
    _refuse_unsafe_outputs([target or default_output(Path(file))], [Path(file)], lang)
    item = check_one(Path(file), config, lang, annotate=True, annotate_to=target,
                     ruleset=_ruleset(config), convert=True, overlap=True)
    res = item.result
    if res.status == "no_table":  # read, but nothing to mark: no copy, and not a failure
        _say(lang, f"{display_path(file)}: {res.error} Tidak ada salinan bertanda yang dibuat.",
             f"{display_path(file)}: {res.error} No annotated copy was made.")
        sys.exit(0)
    if res.status != "ok":
        click.echo(printable(f"{display_path(file)}: {res.error}"), err=True)
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
    only = _selected_rules(select, lang)
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

    _refuse_empty_paths([file], lang)
    config = _config(config_path, lang)
    try:
        wb = read_workbook(file, config)
    except ReadError as exc:
        click.echo(printable(f"{display_path(file)}: {read_error_message(exc.code, lang)}"), err=True)
        sys.exit(2)
    if fmt == "json":
        doc = {"version": 1, "files": [inspect_json(wb, file)]}
        click.echo(json_safe(json.dumps(_valid_text(doc), ensure_ascii=False, indent=2)))
    else:
        click.echo(printable(inspect_text(wb, file, lang)), nl=False)


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
        _say(lang, f"Aturan tidak dikenal: {code}", f"Unknown rule: {code}")
        sys.exit(2)
    click.echo(f"{rule_cls.code} ({rule_cls.severity}): {rule_cls.title_en if lang == 'en' else rule_cls.title}\n")
    click.echo(pyinspect.cleandoc(rule_cls.__doc__ or ""))


if __name__ == "__main__":  # pragma: no cover
    main()
