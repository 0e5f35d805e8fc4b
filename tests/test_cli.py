"""The command line a person meets: the seed's output at a glance, the linter options
(--ignore, --min-severity, --fail-on, -q, -v, --output-file, --no-color, --version), and one
language per run (help, usage errors, explain, severity words)."""
from __future__ import annotations

import io
import json
import os
import re
import shutil

import click
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import WORKBOOKS

from reconcile.checks.docs import EXPLAIN_ID
from reconcile.checks.registry import all_rules
from reconcile.cli import main, use_color

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
CORRECTED = WORKBOOKS / "corrected" / "renja_disnaker_pontianak_2024.xlsx"
LOCATION = re.compile(r"^(?P<file>.+?):'(?P<sheet>(?:[^']|'')+)'!(?P<cell>[A-Z]+\d+): (?P<rule>[A-Z0-9-]+) \[(?P<sev>[^\]]+)\] ")


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, prog_name="reconcile")


@pytest.fixture(scope="module")
def seed_json():
    result = run("check", SEED, "--format", "json")
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "files"] and doc["version"] == 1
    return doc["files"][0]["findings"]


@pytest.fixture(scope="module")
def seed_text():
    return run("check", SEED).stdout.splitlines()


def test_the_seed_shows_every_error_first_one_line_each_within_two_screens(seed_text, seed_json):
    findings = [LOCATION.match(line) for line in seed_text]
    severities = [m.group("sev") for m in findings if m]
    n_errors = sum(1 for x in seed_json if x["severity"] == "error")
    assert n_errors >= 20  # the seed's errors (workbooks/source/ERRATA.md)
    assert severities[:n_errors] == ["kesalahan"] * n_errors  # every error, before anything else
    assert "kesalahan" not in severities[n_errors:]
    errors = {(m.group("sheet"), m.group("cell"), m.group("rule")) for m in findings[:n_errors]}
    assert errors == {(x["sheet"], x["cell"], x["rule"]) for x in seed_json if x["severity"] == "error"}
    assert len(seed_text) <= 100  # two screenfuls of 50 lines
    count = {s: sum(1 for x in seed_json if x["severity"] == s) for s in ("error", "warning", "info")}
    assert seed_text[-1] == (f"1 berkas diperiksa, 0 tidak terbaca: {count['error']} kesalahan, "
                             f"{count['warning']} peringatan, {count['info']} info.")


def test_the_seed_error_lines_quote_what_the_cells_hold(seed_text):
    """Truth from the workbook itself: a line that says 'tertulis X' names a cell that holds X."""
    wb = openpyxl.load_workbook(SEED)
    checked = 0
    for line in seed_text:
        m = LOCATION.match(line)
        if not m or m.group("rule") not in ("NUM-MALFORMED", "CLAIM-TOTAL", "RATIO-X100", "CLAIM-COUNT"):
            continue
        written = re.search(r": tertulis (.+?), seharusnya ", line).group(1)
        assert written in str(wb[m.group("sheet").replace("''", "'")][m.group("cell")].value), line
        checked += 1
    assert checked >= 4  # NUM-MALFORMED D15, CLAIM-TOTAL A171, RATIO-X100 P12 and Q12, CLAIM-COUNT A84


def test_min_severity_and_ignore_filter_what_is_reported(seed_json):
    out = run("check", SEED, "--min-severity", "warning").stdout
    assert "[info]" not in out and "[peringatan]" in out
    count = {s: sum(1 for x in seed_json if x["severity"] == s) for s in ("error", "warning", "info")}
    assert out.splitlines()[-1].endswith(f": {count['error']} kesalahan, {count['warning']} peringatan, 0 info.")
    doc = json.loads(run("check", SEED, "--min-severity", "error", "--format", "json").stdout)
    assert {x["severity"] for x in doc["files"][0]["findings"]} == {"error"}
    assert len(doc["files"][0]["findings"]) == count["error"]
    ignored = run("check", SEED, "--ignore", "ratio-capaian,NUMBERING-IN-NAME", "--format", "json")
    rules = [x["rule"] for x in json.loads(ignored.stdout)["files"][0]["findings"]]
    assert "RATIO-CAPAIAN" not in rules and "NUMBERING-IN-NAME" not in rules
    dropped = sum(1 for x in seed_json if x["rule"] in ("RATIO-CAPAIAN", "NUMBERING-IN-NAME"))
    assert dropped and len(rules) == len(seed_json) - dropped
    bad = run("check", SEED, "--ignore", "NO-SUCH")
    assert bad.exit_code == 2 and "Kode aturan tidak dikenal di --ignore: NO-SUCH." in bad.stderr


def test_fail_on_sets_which_severity_makes_exit_1():
    assert run("check", SEED).exit_code == 1
    assert run("check", SEED, "--fail-on", "never").exit_code == 0
    # the corrected seed holds warnings only
    assert run("check", CORRECTED).exit_code == 0
    assert run("check", CORRECTED, "--fail-on", "warning").exit_code == 1
    assert run("check", CORRECTED, "--fail-on", "warning", "--min-severity", "error").exit_code == 0


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty()) is True
    assert use_color(io.StringIO()) is False
    assert use_color(Tty(), no_color=True) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(Tty()) is False
    assert "\x1b[" not in run("check", CORRECTED).stdout


def test_output_file_gets_the_report_atomically_and_replaces_only_our_own(tmp_path):
    wb = tmp_path / "renja.xlsx"
    shutil.copyfile(CORRECTED, wb)
    report = tmp_path / "hasil.txt"
    r = run("check", wb, "--output-file", report)
    assert r.exit_code == 0 and r.stdout == ""
    text = report.read_text(encoding="utf-8")
    assert text.splitlines()[-1].startswith("1 berkas diperiksa, 0 tidak terbaca: 0 kesalahan, ")
    assert "\x1b[" not in text
    assert run("check", wb, "--output-file", report, "--format", "json").exit_code == 0  # our text report: replaced
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == 1
    assert run("check", wb, "--output-file", report).exit_code == 0  # our JSON report: replaced
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reconcile-")]  # no temporary left
    theirs = tmp_path / "catatan.txt"
    theirs.write_text("catatan verifikator\n", encoding="utf-8")
    r = run("check", wb, "--output-file", theirs)
    assert r.exit_code == 2 and "bukan keluaran reconcile" in r.stderr
    assert theirs.read_text(encoding="utf-8") == "catatan verifikator\n"
    before = wb.read_bytes()
    r = run("check", wb, "--output-file", wb)
    assert r.exit_code == 2 and "tidak pernah menimpa masukan" in r.stderr and wb.read_bytes() == before


def test_o_still_names_the_annotated_copy(tmp_path):
    wb = tmp_path / "renja.xlsx"
    shutil.copyfile(CORRECTED, wb)
    r = run("check", wb, "-o", tmp_path / "salinan.xlsx", "-q")
    assert r.exit_code == 0
    assert "Hasil Pemeriksaan" in openpyxl.load_workbook(tmp_path / "salinan.xlsx", read_only=True).sheetnames


@pytest.mark.parametrize("command", ["check", "annotate", "watch", "inspect", "rules", "explain"])
def test_version_is_reachable_from_every_command(command):
    from reconcile import __version__

    assert run("--version").stdout == f"reconcile, versi {__version__}\n"
    r = run(command, "--version")
    assert r.exit_code == 0 and r.stdout == f"reconcile, versi {__version__}\n"
    assert run(command, "--version", "--lang", "en").stdout == f"reconcile, version {__version__}\n"


def test_a_command_registered_later_gets_version_and_the_run_language():
    @click.command("coba")
    def coba():
        click.echo("ok")

    main.add_command(coba)
    try:
        assert run("coba").stdout == "ok\n"
        assert run("coba", "--version").stdout.startswith("reconcile, versi ")
        assert "Pemakaian: reconcile coba [OPSI]" in run("coba", "--help").stdout
    finally:
        main.commands.pop("coba")


def test_help_and_usage_errors_speak_the_run_language(monkeypatch, tmp_path):
    monkeypatch.delenv("RECONCILE_LANG", raising=False)
    id_help = run("check", "--help").stdout
    assert id_help.startswith("Pemakaian: reconcile check [OPSI] BERKAS...")
    assert "Opsi:" in id_help and "Tampilkan bantuan ini lalu keluar." in id_help
    assert "Usage" not in id_help and "Show this message" not in id_help and "[default" not in id_help
    en_help = run("check", "--help", "--lang", "en").stdout
    assert en_help.startswith("Usage: reconcile check [OPTIONS] FILES...") and "Options:" in en_help
    assert "Tampilkan" not in en_help and "Jalankan" not in en_help and "[default: text]" in en_help
    assert run("--help", env={"RECONCILE_LANG": "en"}).stdout.startswith("Usage: reconcile [OPTIONS] COMMAND")
    r = run("check", "--bogus")
    assert r.exit_code == 2 and "Kesalahan: Opsi '--bogus' tidak ada." in r.stderr
    assert "Coba 'reconcile check --help' untuk bantuan." in r.stderr
    r = run("check", "x.xlsx", "--format", "xml")
    assert r.exit_code == 2 and "Nilai tidak sah untuk '--format': 'xml' bukan salah satu dari 'text', 'json'." in r.stderr
    r = run("check", "x.xlsx", "--format", "xml", "--lang", "en")
    assert "Error: Invalid value for '--format'" in r.stderr
    r = run("annotate")
    assert r.exit_code == 2 and "Belum diisi: argumen 'BERKAS'." in r.stderr
    assert "Missing argument 'FILE'." in run("annotate", env={"RECONCILE_LANG": "en"}).stderr
    r = run("watch", tmp_path / "tidak-ada")
    assert r.exit_code == 2 and f"Nilai tidak sah untuk 'INBOX': Folder '{tmp_path / 'tidak-ada'}' tidak ada." in r.stderr
    assert "Directory '" in run("watch", tmp_path / "tidak-ada", "--lang", "en").stderr


def test_rules_and_explain_speak_one_language():
    lines = run("rules").stdout.splitlines()
    assert lines[0].split()[:2] == ["PAGU-SUM", "kesalahan"]
    assert run("rules", "--lang", "en").stdout.splitlines()[0].split()[:2] == ["PAGU-SUM", "error"]
    assert run("--lang", "en", "rules").stdout.splitlines()[0].split()[:2] == ["PAGU-SUM", "error"]
    assert run("rules", env={"RECONCILE_LANG": "en"}).stdout.splitlines()[0].split()[:2] == ["PAGU-SUM", "error"]
    out = run("explain", "pagu-sum").stdout
    assert out.splitlines()[:2] == ["PAGU-SUM — Subtotal tidak sama dengan jumlah rincian di bawahnya",
                                    "Tingkat: kesalahan"]
    assert "Mengapa penting: " in out and "Contoh salah: " in out and "Contoh benar: " in out
    assert "**" not in out and "`" not in out and "Why it matters" not in out
    en = run("explain", "PAGU-SUM", "--lang", "en").stdout
    assert en.splitlines()[0] == "PAGU-SUM — Subtotal differs from the sum of the rows under it"
    assert "Why it matters: " in en and "Bad: " in en and "Good: " in en and "**" not in en and "`" not in en
    assert max(len(line) for line in out.splitlines() + en.splitlines()) <= 90
    r = run("explain", "NO-SUCH")
    assert r.exit_code == 2 and "Aturan tidak dikenal: NO-SUCH." in r.stderr


def test_every_rule_has_an_indonesian_explanation():
    codes = {r.code for r in all_rules()}
    assert set(EXPLAIN_ID) == codes
    for code, (why, bad, good) in EXPLAIN_ID.items():
        assert why and bad and good, code
        assert "**" not in why + bad + good, code


def test_a_read_error_is_a_sentence_without_python_exception_text(tmp_path):
    pdf = tmp_path / "renja.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    for lang, words in (("id", "Berkas ini PDF"), ("en", "This file is a PDF")):
        r = run("check", pdf, "--lang", lang)
        assert r.exit_code == 2 and words in r.stdout
        assert not re.search(r"\b\w+(Error|Exception)\b", r.stdout + r.stderr)
    if os.name == "posix":
        r = run("check", pdf, "--output-file", tmp_path / "tidak-ada" / "hasil.txt")
        assert r.exit_code == 2 and "Folder untuk" in r.stderr and "Error" not in r.stderr


def test_a_broken_settings_file_is_one_sentence_before_any_work(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("rules:\n  PAGU-SUM: {severity: error\n  x: [\n", encoding="utf-8")
    r = run("check", CORRECTED, "--config", rules)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == (f"Pengaturan tidak dapat dipakai: {rules / 'settings.yaml'} bukan YAML yang sah di "
                                "sekitar baris 2, kolom 13: periksa indentasi, titik dua dan kurung penutup di sana.")
    en = run("check", CORRECTED, "--config", rules, "--lang", "en").stderr
    assert en.startswith("The settings cannot be used: ") and "line 2, column 13" in en
    assert not re.search(r"\b\w+(Error|Exception)\b|while parsing", r.stderr + en)
