"""The command line: `reconcile check|watch|annotate|inspect|rules|explain`.

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands that need them,
so `reconcile --help`, `rules` and `explain` start fast.

One language per run: `--lang en` anywhere on the line (or RECONCILE_LANG=en) makes every
message English, click's own help and usage errors included; Indonesian otherwise.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from reconcile.terminal import display_path, json_safe, printable, valid_utf8

LANGS = ("id", "en")
SEVERITY_CHOICES = ("error", "warning", "info")


def env_lang() -> str:
    """The language RECONCILE_LANG asks for ('en' or 'id'); Indonesian unless it says en."""
    return "en" if os.environ.get("RECONCILE_LANG", "").strip().lower().startswith("en") else "id"


_RUN = {"lang": None}  # the language this run was started in (set before parsing)


def current_lang() -> str:
    """--lang's default: the run's language (so `reconcile --lang en check …` works too)."""
    return _RUN["lang"] or env_lang()


def run_lang(args) -> str:
    """The run's language, known before click parses anything (help and usage errors need it):
    the last `--lang X` / `--lang=X` on the command line, else RECONCILE_LANG."""
    lang = None
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else env_lang()


class I18nOption(click.Option):
    """An option whose help and value name exist in both languages: `helps=(id_text, en_text)`,
    `metavars=("BERKAS", "FILE")`."""

    def __init__(self, *args, helps: tuple[str, str] | None = None, metavars: tuple[str, str] | None = None,
                 **kwargs):
        if helps is not None:
            kwargs["help"] = helps[0]
        if metavars is not None:
            kwargs["metavar"] = metavars[0]
        super().__init__(*args, **kwargs)
        self.helps, self.metavars = helps, metavars


class I18nArgument(click.Argument):
    """An argument whose name in the usage line exists in both languages."""

    def __init__(self, *args, metavars: tuple[str, str] | None = None, **kwargs):
        if metavars is not None:
            kwargs["metavar"] = metavars[0]
        super().__init__(*args, **kwargs)
        self.metavars = metavars


class I18nCommand(click.Command):
    """A command whose help exists in both languages (`help_en`; the docstring is Indonesian)."""

    def __init__(self, *args, help_en: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helps = (self.help, help_en) if help_en else None


class I18nGroup(click.Group):
    """The `reconcile` group: sets the run's language before parsing, and gives every command
    (also one registered later with `main.add_command`) a `--version`."""

    command_class = I18nCommand

    def __init__(self, *args, help_en: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helps = (self.help, help_en) if help_en else None
        self.params.append(_version_option())

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(getattr(p, "name", None) == "version" for p in cmd.params):
            cmd.params.append(_version_option())
        super().add_command(cmd, name)

    def main(self, args=None, *rest, **kwargs):
        args = list(sys.argv[1:] if args is None else args)
        use_language(self, run_lang(args))
        return super().main(args, *rest, **kwargs)


def _version_option() -> click.Option:
    return click.Option(["--version"], is_flag=True, expose_value=False, is_eager=True,
                        callback=_print_version, help="Show the version and exit.")


def _print_version(ctx, param, value) -> None:
    if not value or ctx.resilient_parsing:
        return
    from reconcile import __version__
    from reconcile.messages import click_text

    click.echo(click_text("%(prog)s, version %(version)s") % {"prog": "reconcile", "version": __version__})
    ctx.exit()


def use_language(group: click.Group, lang: str) -> None:
    """Every help text and click message of this process in `lang`."""
    from reconcile.messages import click_text, install_click_language

    install_click_language(lang)
    _RUN["lang"] = lang
    en = lang == "en"
    group.subcommand_metavar = "COMMAND [ARGS]..." if en else "PERINTAH [ARGUMEN]..."
    for cmd in [group, *group.commands.values()]:
        cmd.options_metavar = "[OPTIONS]" if en else "[OPSI]"
        if getattr(cmd, "_help_option", None) is not None:  # click keeps --help made in the last language
            cmd._help_option = None
        if getattr(cmd, "helps", None):
            cmd.help = cmd.helps[1 if en else 0]
        for param in cmd.params:
            if isinstance(param.type, click.Path):  # click names the kind of path when the option is made
                kind = "file" if not param.type.dir_okay else "directory" if not param.type.file_okay else "path"
                param.type.name = click_text(kind)
            if getattr(param, "metavars", None):
                param.metavar = param.metavars[1 if en else 0]
            if getattr(param, "helps", None):
                param.help = param.helps[1 if en else 0]
            elif param.name == "version":
                param.help = click_text("Show the version and exit.")


def option(*decls, helps: tuple[str, str] | None = None, **kwargs):
    return click.option(*decls, cls=I18nOption, helps=helps, **kwargs)


def argument(*decls, metavars: tuple[str, str], **kwargs):
    return click.argument(*decls, cls=I18nArgument, metavars=metavars, **kwargs)


FILE_NAME = ("BERKAS", "FILE")
FOLDER_NAME = ("FOLDER", "FOLDER")
CODES = ("KODE", "CODES")
LANG = option("--lang", type=click.Choice(LANGS), default=current_lang,
              helps=("Bahasa semua pesan: id (Indonesia, bawaan) atau en (Inggris); juga RECONCILE_LANG=en.",
                     "Language of every message: id (Indonesian, the default) or en (English); also "
                     "RECONCILE_LANG=en."))
CONFIG = option("--config", "config_path", type=click.Path(), default=None, metavars=FOLDER_NAME,
                helps=("Folder aturan (salinan rules/) atau settings.yaml di dalamnya.",
                       "Rules folder (a copy of rules/) or the settings.yaml in it."))
NOMENKLATUR = option("--nomenklatur", type=click.Path(), default=None, metavars=FILE_NAME,
                     helps=("Daftar nomenklatur resmi (xlsx/csv) untuk memeriksa ejaan dan kode.",
                            "Official nomenclature list (xlsx/csv) to check spelling and codes against."))
FORMAT = option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                helps=("Bentuk keluaran: text untuk dibaca orang, json untuk program lain.",
                       "Output form: text for people, json for other programs."))
SELECT = option("--select", default=None, metavars=CODES,
                helps=("Hanya aturan ini (kode dipisah koma).", "Only these rules (comma-separated codes)."))


@click.group(cls=I18nGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help_en="Checks Renja/RKPD workbooks and flags every inconsistency.")
@option("--lang", type=click.Choice(LANGS), default=current_lang, expose_value=False,
        helps=("Bahasa semua pesan: id (Indonesia, bawaan) atau en (Inggris); juga RECONCILE_LANG=en.",
               "Language of every message: id (Indonesian, the default) or en (English); also RECONCILE_LANG=en."))
def main() -> None:
    """Periksa workbook Renja/RKPD dan tandai setiap ketidaksesuaian."""


def _config(path, lang, nomenklatur=None):
    from reconcile.config import ConfigError, load_config

    try:
        config = load_config(path)
        from reconcile.acknowledge import load_entries

        load_entries(config, lang)  # a malformed acknowledged.yaml: one message now, not open errors later
        if path is not None:  # a broken file of the user's copy: one message now, not a failure per workbook
            for own in sorted(config.rules_dir.glob("*.yaml")):
                config.load(own.name)
        if nomenklatur:
            config.overrides["nomenklatur"] = nomenklatur
            from reconcile.nomenklatur import configured_nomenklatur

            configured_nomenklatur(config)  # a missing or unreadable list: one message, exit 2
        return config
    except ConfigError as exc:
        from reconcile.messages import config_error_message

        # a ConfigError may carry its own English (`en`): an unknown rule option, a wrong type
        reason = config_error_message(getattr(exc, "en", str(exc)) if lang == "en" else str(exc), lang)
        _say(lang, f"Pengaturan tidak dapat dipakai: {reason}", f"The settings cannot be used: {reason}")
        sys.exit(2)


@main.command(help_en="""Run every rule on FILES (files or folders) and show the findings.

    Folders are searched recursively: *.xlsx, *.xlsm, *.xls, *.xlsb (without ~$ lock files and
    reconcile's own outputs). Per file: errors first, then by sheet and row, one line each
    (-v: the full explanation). Exit code: 0 no finding of the --fail-on severity (default
    error; a workbook without a Renja table too), 1 such findings, 2 a file could not be read.
    """)
@argument("files", nargs=-1, required=True, type=click.Path(), metavars=("BERKAS...", "FILES..."))
@FORMAT
@LANG
@CONFIG
@SELECT
@option("--ignore", default=None, metavars=CODES, helps=("Lewati aturan ini (kode dipisah koma): tidak dijalankan, tidak dilaporkan.",
                                         "Skip these rules (comma-separated codes): not run, not reported."))
@option("--min-severity", type=click.Choice(SEVERITY_CHOICES), default="info", show_default=True,
        helps=("Laporkan hanya temuan setingkat ini atau lebih berat (di layar, JSON, --output-file, rekap).",
               "Report only findings of this severity or worse (terminal, JSON, --output-file, summary)."))
@option("--fail-on", type=click.Choice(SEVERITY_CHOICES + ("never",)), default="error", show_default=True,
        helps=("Tingkat temuan yang membuat exit code 1 (never: tidak pernah).",
               "The finding severity that makes the exit code 1 (never: none does)."))
@option("-v", "--verbose", is_flag=True,
        helps=("Tampilkan penjelasan lengkap setiap temuan (nilai seharusnya, tertulis, sel terkait).",
               "Show each finding's full explanation (expected and actual values, related cells)."))
@option("--show-all", is_flag=True,
        helps=("Tampilkan semua temuan tanpa meringkas yang berulang.", "List every finding; never collapse repeats."))
@option("--no-color", is_flag=True,
        helps=("Tanpa warna (juga bila NO_COLOR diset; warna hanya di terminal).",
               "No colour (also when NO_COLOR is set; colour only on a terminal)."))
@option("--output-file", type=click.Path(dir_okay=False), default=None, metavars=FILE_NAME,
        helps=("Tulis laporan (text atau json) ke berkas ini, bukan ke layar.",
               "Write the report (text or json) to this file instead of the terminal."))
@NOMENKLATUR
@option("--annotate", is_flag=True,
        helps=("Tulis salinan bertanda <nama>.diperiksa.xlsx di samping setiap berkas.",
               "Write an annotated copy <name>.diperiksa.xlsx beside each file."))
@option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None, metavars=FILE_NAME,
        helps=("Nama salinan bertanda untuk satu berkas (berarti --annotate).",
               "Name of the annotated copy of one file (implies --annotate)."))
@option("--annotate-dir", type=click.Path(file_okay=False), default=None, metavars=FOLDER_NAME,
        helps=("Tulis setiap salinan bertanda ke folder ini (nama dibuat unik).",
               "Write every annotated copy into this folder (names made unique)."))
@option("--summary", "summary_to", type=click.Path(dir_okay=False), default=None, metavars=FILE_NAME,
        helps=("Tulis satu workbook rekap (Rekap, Temuan, Per Aturan, Grafik) untuk semua berkas.",
               "Write one summary workbook (Rekap, Temuan, Per Aturan, Grafik) for all files."))
@option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavars=("N", "N"),
        helps=("Jumlah proses pemeriksa paralel (1 = dalam proses ini; default: satu per CPU bila berkas 4 atau "
               "lebih).", "Parallel checking processes (1 = in this process; default: one per CPU for 4 files "
                          "or more)."))
@option("-q", "--quiet", is_flag=True,
        helps=("Hanya temuan kesalahan dan baris jumlah; tanpa bilah kemajuan dan pesan informasi di stderr.",
               "Only error findings and the totals line; no progress bar or information on stderr."))
@option("--since", type=click.Path(exists=True, dir_okay=False), default=None, metavars=FILE_NAME,
        helps=("Hasil pemeriksaan sebelumnya (JSON check, .hasil.json, atau salinan bertanda lama): tampilkan "
               "temuan yang sudah diperbaiki, yang baru, dan yang masih ada.",
               "An earlier result (check JSON, .hasil.json, or an old annotated copy): tell which findings were "
               "fixed, which are new and which remain."))
def check(files, fmt, lang, config_path, select, ignore, min_severity, fail_on, verbose, show_all, no_color,
          output_file, nomenklatur, annotate, output, annotate_dir, summary_to, jobs, quiet, since):
    """Jalankan semua aturan pada BERKAS (berkas atau folder) dan tampilkan temuan.

    Folder diperiksa rekursif: *.xlsx, *.xlsm, *.xls, *.xlsb (tanpa berkas kunci ~$ dan
    keluaran reconcile sendiri). Per berkas: kesalahan lebih dulu, lalu per lembar dan baris,
    satu baris per temuan (-v: penjelasan lengkap). Exit code: 0 tidak ada temuan setingkat
    --fail-on (bawaan: kesalahan; termasuk workbook tanpa tabel Renja), 1 ada, 2 ada berkas
    tidak terbaca.
    """
    from reconcile.batch import ProgressBar, annotate_targets, default_jobs, expand_inputs, run_batch
    from reconcile.report.annotate import default_output

    def say(id_text, en_text):
        _say(lang, id_text, en_text)

    _refuse_empty_paths(files, lang)
    config = _config(config_path, lang, nomenklatur)
    only = _selected_rules(select, lang)
    ignored = _selected_rules(ignore, lang, option_name="--ignore")
    if ignored:
        from reconcile.checks.registry import all_rules

        only = (only if only is not None else {r.code for r in all_rules()}) - ignored
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
    _refuse_unsafe_outputs(planned + ([Path(summary_to)] if summary_to else []), paths, lang,
                           report=Path(output_file) if output_file else None)
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
    _keep_severities(results, min_severity)
    since_text, since_doc = "", {}
    if since:
        from reconcile.compare.since import since_report

        try:
            since_text, since_doc = since_report(results, since, lang)
        except ValueError as exc:
            say(f"--since: {exc}", f"--since: {exc}")
            sys.exit(2)
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
        doc = check_json(results)
        for entry in doc["files"]:
            if entry["path"] in since_doc:  # additive: present only with --since
                entry["since"] = since_doc[entry["path"]]
        report = json_safe(json.dumps(_valid_text(doc), ensure_ascii=False, indent=2)) + "\n"
    else:
        from reconcile.report.text import render_results

        color = output_file is None and use_color(sys.stdout, no_color)
        report = render_results(results, lang, color=color, verbose=verbose, quiet=quiet, show_all=show_all)
        report += since_text
    if output_file:
        _write_report(Path(output_file), report, paths, lang, quiet)
    else:
        click.echo(report, nl=False)
    sys.exit(exit_code(results, fail_on))


def check_json(results) -> dict:
    """The public JSON of `check` (README): `{"version": 1, "files": [...]}`; only additions allowed."""
    return {"version": 1, "files": [r.to_json() for r in results]}


def use_color(stream, no_color: bool = False) -> bool:
    """Colour only on a terminal, never with --no-color or NO_COLOR (no-color.org: set and not empty)."""
    if no_color or os.environ.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _keep_severities(results, min_severity: str) -> None:
    """Drop findings below `min_severity` from what is reported (the annotated copy is already written)."""
    from reconcile.checks.base import SEVERITY_RANK

    limit = SEVERITY_RANK[min_severity]
    for res in results:
        if any(SEVERITY_RANK.get(f.severity, 0) > limit for f in res.findings):
            res.findings = [f for f in res.findings if SEVERITY_RANK.get(f.severity, 0) <= limit]


def exit_code(results, fail_on: str = "error") -> int:
    """2 when a file was not read (or an output failed), else 1 when a reported finding is of
    the `fail_on` severity or worse, else 0 (a workbook without a Renja table too)."""
    from reconcile.checks.base import SEVERITY_RANK

    limit = -1 if fail_on == "never" else SEVERITY_RANK[fail_on]
    worst = 0
    for res in results:
        if res.status == "error" or res.exit_override:
            return 2
        if res.status == "ok" and any(SEVERITY_RANK.get(f.severity, 0) <= limit and f.acknowledged is None
                                      for f in res.findings):  # a finding marked as intended never fails
            worst = 1
    return worst


def _write_report(path: Path, report: str, inputs, lang: str, quiet: bool) -> None:
    """The report, written atomically, never more open than the workbooks it reports on."""
    from reconcile.watch import write_atomic

    try:
        write_atomic(path, valid_utf8(report).encode("utf-8"), like=list(inputs))
    except OSError as exc:
        _say(lang, f"Laporan gagal ditulis ke {display_path(path)}: {_os_reason(exc, lang)}",
             f"The report could not be written to {display_path(path)}: {_os_reason(exc, lang)}")
        sys.exit(2)
    if not quiet:
        _say(lang, f"Laporan: {display_path(path)}", f"Report: {display_path(path)}")


def _say(lang: str, id_text: str, en_text: str) -> None:
    click.echo(printable(en_text if lang == "en" else id_text), err=True)


def _refuse_empty_paths(paths, lang: str) -> None:
    """`check ""` must not mean "the current folder"."""
    if any(not str(p).strip() for p in paths):
        _say(lang, "Jalur berkas kosong (\"\") tidak diterima: sebutkan berkas atau folder yang diperiksa.",
             "An empty path (\"\") is not accepted: name the file or folder to check.")
        sys.exit(2)


def _selected_rules(select: str | None, lang: str, option_name: str = "--select") -> set[str] | None:
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
        _say(lang, f"Kode aturan tidak dikenal di {option_name}: {what}. Kode yang ada: {listing}.",
             f"Unknown rule code in {option_name}: {what}. Known codes: {listing}.")
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


def _refuse_unsafe_outputs(outputs, inputs, lang: str, report: Path | None = None) -> None:
    """Nothing lost: refuse (exit 2) before any work when an output would replace an input,
    another output, or a file reconcile did not write, or would need a folder created. The
    `report` (--output-file) may replace a report reconcile wrote before."""
    from reconcile.batch import output_problem

    outputs = list(outputs) + ([report] if report is not None else [])
    problem = output_problem(outputs, inputs)
    if problem is not None and report is not None and problem[0] == "not_ours" and problem[1] == report \
            and is_own_report(report):
        problem = None  # checked last: every other output passed, and this one is an earlier report
    if problem is None:
        return
    code, out, other = problem
    id_text, en_text = _OUTPUT_PROBLEMS[code]
    values = {"out": display_path(out), "other": display_path(other) if other is not None else ""}
    _say(lang, id_text.format(**values), en_text.format(**values))
    sys.exit(2)


def is_own_report(path: Path) -> bool:
    """A report `check --output-file` wrote: our JSON (`{"version": 1, "files": [`) or text
    whose last line is our totals line. Reads only the head and the tail of a regular file."""
    import re

    from reconcile.batch import is_regular_file

    if not is_regular_file(path):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            tail = fh.read().decode("utf-8", "replace")
    except OSError:
        return False
    if re.match(rb'\{\s*"version":\s*1,\s*"files":\s*\[', head):
        return True
    last = tail.rstrip("\n").rsplit("\n", 1)[-1]
    return bool(re.fullmatch(r"[\d.,]+ (berkas diperiksa|files? checked), .*: .*\binfo\.", last))


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


@main.command(help_en="""Write a copy of FILE with the problem cells marked and a Hasil Pemeriksaan sheet.

    A workbook without a Renja table gets no copy (its message says what it holds; exit code 0).
    """)
@argument("file", type=click.Path(), metavars=FILE_NAME)
@option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavars=FILE_NAME,
        helps=("Berkas keluaran (bawaan <nama>.diperiksa.xlsx di samping BERKAS).",
               "Output file (default <name>.diperiksa.xlsx beside FILE)."))
@LANG
@CONFIG
@NOMENKLATUR
def annotate(file, output, lang, config_path, nomenklatur):
    """Tulis salinan BERKAS dengan sel bermasalah ditandai dan lembar Hasil Pemeriksaan.

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


@main.command(help_en="""Watch the folder INBOX: every workbook copied there is checked, and its annotated
    copy and results (<name>.diperiksa.xlsx, <name>.hasil.json, <name>.hasil.txt) are written
    to the output folder.

    With --once: the worst exit code over the files checked (0, 1 or 2), as check.
    """)
@argument("inbox", type=click.Path(exists=True, file_okay=False), metavars=("INBOX", "INBOX"))
@option("--out", "outbox", type=click.Path(file_okay=False), default=None, metavars=FOLDER_NAME,
        helps=("Folder hasil (bawaan: INBOX/hasil).", "Output folder (default: INBOX/hasil)."))
@option("--poll", type=click.FloatRange(min=0.05), default=None, metavars=("DETIK", "SECONDS"),
        helps=("Periksa folder setiap DETIK detik (untuk folder jaringan yang tidak mengirim peristiwa berkas).",
               "Look at the folder every SECONDS seconds (for network folders that send no file events)."))
@option("--settle", type=click.FloatRange(min=0.0), default=1.0, show_default=True, metavars=("DETIK", "SECONDS"),
        helps=("Berkas diambil bila ukuran dan waktu ubahnya sama pada dua pengamatan berjarak sekian detik.",
               "A file is taken when its size and modification time are the same in two looks this far apart."))
@option("--once", is_flag=True, helps=("Periksa isi INBOX sekarang lalu selesai (untuk cron/Task Scheduler).",
                                       "Check what INBOX holds now, then stop (for cron / Task Scheduler)."))
@LANG
@CONFIG
@SELECT
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
        _say(lang, f"Folder hasil {display_path(folder.outbox)} tidak dapat dipakai: {_os_reason(exc, lang)}",
             f"Cannot use the output folder {display_path(folder.outbox)}: {_os_reason(exc, lang)}")
        sys.exit(2)
    sys.exit(code)


@main.command(help_en="Show what was read from FILE: tables, columns, rows per level, claims.")
@argument("file", type=click.Path(), metavars=FILE_NAME)
@FORMAT
@LANG
@CONFIG
def inspect(file, fmt, lang, config_path):
    """Tampilkan apa yang terbaca dari BERKAS: tabel, kolom, jumlah baris per tingkat, klaim."""
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


@main.command(help_en="List the rules: code, severity, title.")
@LANG
@CONFIG
def rules(lang, config_path):
    """Daftar aturan: kode, tingkat keparahan, judul."""
    from reconcile.checks.registry import catalogue
    from reconcile.messages import severity_word

    config = _config(config_path, lang)
    for rule_cls in catalogue():
        rule = rule_cls(config.rule_settings(rule_cls.code, rule_cls.family, rule_cls.options))
        title = rule_cls.title_en if lang == "en" else rule_cls.title
        state = "" if rule.enabled else (" (nonaktif)" if lang == "id" else " (disabled)")
        click.echo(f"{rule_cls.code:<18} {severity_word(rule.effective_severity, lang):<10} {title}{state}")


@main.command(help_en="Explain one rule: why it matters, a bad and a good example.")
@argument("code", metavars=("KODE", "CODE"))
@LANG
@option("--no-color", is_flag=True, helps=("Tanpa warna.", "No colour."))
def explain(code, lang, no_color):
    """Jelaskan satu aturan: mengapa penting, contoh salah dan benar."""
    from reconcile.checks.docs import render_explanation
    from reconcile.checks.registry import rule_by_code

    rule_cls = rule_by_code(code.strip().upper())
    if rule_cls is None:
        _say(lang, f"Aturan tidak dikenal: {code}. Daftar kode: reconcile rules.",
             f"Unknown rule: {code}. The codes: reconcile rules --lang en.")
        sys.exit(2)
    click.echo(render_explanation(rule_cls, lang, color=use_color(sys.stdout, no_color)), nl=False)


def _register_commands() -> None:
    """Commands kept in their own modules."""
    from reconcile.compare.command import compare
    from reconcile.fix_command import fix
    from reconcile.nomenklatur_command import nomenklatur

    main.add_command(compare)
    main.add_command(fix)
    main.add_command(nomenklatur)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
