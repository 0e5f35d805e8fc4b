"""The terminal text of `check`, on findings built by hand: order, one line each, collapsing,
-v, -q, the footer, colour, and one language per run."""
from __future__ import annotations

import re

from reconcile.checks.base import Finding
from reconcile.report.text import SHORT_CHARS, render_results, short_message
from reconcile.run import FileResult

TITLES = {"PAGU-SUM": "Subtotal tidak sama dengan jumlah rincian di bawahnya", "NUM-TEXT": "Angka uang diketik sebagai teks",
          "LEVEL-STYLE": "Gaya baris tidak sama", "XTAB-NAME": "Nama item berbeda antar tabel"}
LONG = ("Kegiatan 'Administrasi Keuangan Perangkat Daerah': Rencana Tahun 2024 / Pagu Indikatif (Rp) tertulis "
        "Rp 3.121.776.000, padahal jumlah sub kegiatannya Rp 3.021.776.000. Perbaiki subtotalnya, mis. dengan =SUM.")


def f(rule, severity, sheet, cell, message="Pesan.", expected=None, actual=None, related=()):
    return Finding(rule, severity, sheet, cell, message, expected, actual, list(related))


def render(findings, lang="id", **options):
    return render_results([FileResult("renja.xlsx", "ok", findings=findings)], lang, titles=TITLES, **options)


def test_errors_come_first_then_by_sheet_in_natural_order_and_row():
    out = render([
        f("NUM-TEXT", "warning", "Tabel 3.2", "J9"),
        f("PAGU-SUM", "error", "Tabel 10", "J5"),
        f("PAGU-SUM", "error", "Tabel 4.1", "J12"),
        f("PAGU-SUM", "error", "Tabel 4.1", "J9"),
        f("LEVEL-STYLE", "info", "Tabel 2.6", "B3"),
        f("PAGU-SUM", "error", "Tabel 4.1", "AA9"),
    ]).splitlines()
    where = [line.split(": ", 1)[0] for line in out[:6]]
    assert where == ["renja.xlsx:'Tabel 4.1'!J9", "renja.xlsx:'Tabel 4.1'!AA9", "renja.xlsx:'Tabel 4.1'!J12",
                     "renja.xlsx:'Tabel 10'!J5", "renja.xlsx:'Tabel 3.2'!J9", "renja.xlsx:'Tabel 2.6'!B3"]
    assert [re.search(r"\[(\w+)\]", line).group(1) for line in out[:6]] == \
        ["kesalahan"] * 4 + ["peringatan", "info"]


def test_one_line_each_short_message_and_the_full_text_with_verbose():
    finding = f("PAGU-SUM", "error", "Tabel 4.1", "J12", LONG, expected="Rp 3.021.776.000",
                actual="Rp 3.121.776.000", related=["'Tabel 4.1'!J13", "'Tabel 4.1'!J14"])
    out = render([finding]).splitlines()
    assert out[0] == ("renja.xlsx:'Tabel 4.1'!J12: PAGU-SUM [kesalahan] Subtotal tidak sama dengan jumlah rincian "
                      "di bawahnya: tertulis Rp 3.121.776.000, seharusnya Rp 3.021.776.000")
    assert out[1] == ""  # the footer follows
    verbose = render([finding], verbose=True).splitlines()
    assert verbose[0] == out[0]
    body = " ".join(line.strip() for line in verbose[1:4])
    assert body == LONG  # the whole message, wrapped
    assert verbose[4] == "    seharusnya: Rp 3.021.776.000"
    assert verbose[5] == "    tertulis:   Rp 3.121.776.000"
    assert verbose[6] == "    lihat juga: 'Tabel 4.1'!J13, 'Tabel 4.1'!J14"


def test_short_message_is_the_first_sentence_cut_at_a_word_when_values_are_long():
    finding = f("XTAB-NAME", "warning", "Tabel 2.6", "G8", LONG, expected="x" * 40, actual="y" * 40)
    text = short_message(finding, TITLES["XTAB-NAME"])
    assert text.startswith("Kegiatan 'Administrasi Keuangan Perangkat Daerah': Rencana Tahun 2024")
    assert len(text) <= SHORT_CHARS and text.endswith("…") and "Perbaiki" not in text
    # an abbreviation does not end the sentence; a message shorter than the limit stays whole
    assert short_message(f("X", "info", "S", "A1", "Isi angka, mis. '30 Orang'. Lalu simpan."), "") == \
        "Isi angka, mis. '30 Orang'."


def test_control_characters_of_a_workbook_never_reach_the_terminal():
    out = render([f("NUM-TEXT", "warning", "Ta\x1b]0;x\x07bel", "J9", "Teks \x1b[2J di sel.\nbaris dua")])
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b" in out and len(out.splitlines()[0].split("NUM-TEXT")) == 2


def test_repeats_of_a_rule_are_collapsed_after_a_few_and_all_shown_with_show_all():
    findings = [f("NUM-TEXT", "warning", "Tabel 4.1", f"J{r}") for r in range(10, 240)]
    findings += [f("PAGU-SUM", "error", "Tabel 4.1", f"J{r}") for r in range(10, 16)]
    out = render(findings).splitlines()
    assert sum("NUM-TEXT [peringatan]" in line for line in out) == 3
    assert sum("PAGU-SUM [kesalahan]" in line for line in out) == 6  # errors: every one, up to 20
    assert "renja.xlsx: … dan 227 NUM-TEXT lainnya (peringatan)" in out
    assert "227 temuan diringkas; --show-all menampilkan semuanya." in out
    assert out[-1] == "1 berkas diperiksa, 0 tidak terbaca: 6 kesalahan, 230 peringatan, 0 info."
    every = render(findings, show_all=True).splitlines()
    assert sum("NUM-TEXT [peringatan]" in line for line in every) == 230
    assert not any("lainnya" in line or "diringkas" in line for line in every)


def test_footer_counts_per_rule_and_totals_in_the_language_notation():
    findings = [f("NUM-TEXT", "warning", "T", f"A{r}") for r in range(1, 1236)] + [f("PAGU-SUM", "error", "T", "B1")]
    out = render(findings).splitlines()
    i = out.index("Per aturan:")
    assert out[i + 1].split() == ["kesalahan", "PAGU-SUM", "1"]
    assert out[i + 2].split() == ["peringatan", "NUM-TEXT", "1.235"]
    assert out[-1] == "1 berkas diperiksa, 0 tidak terbaca: 1 kesalahan, 1.235 peringatan, 0 info."
    en = render(findings, "en").splitlines()
    assert "Per rule:" in en and en[en.index("Per rule:") + 2].split() == ["warning", "NUM-TEXT", "1,235"]
    assert en[-1] == "1 file checked, 0 unreadable: 1 error, 1,235 warnings, 0 info."
    assert "renja.xlsx: … and 1,232 more NUM-TEXT (warning)" in en


def test_quiet_shows_only_errors_and_the_totals():
    findings = [f("PAGU-SUM", "error", "T", "B1"), f("NUM-TEXT", "warning", "T", "A1"), f("LEVEL-STYLE", "info", "T", "C1")]
    out = render(findings, quiet=True).splitlines()
    assert out == ["renja.xlsx:'T'!B1: PAGU-SUM [kesalahan] Pesan.", "",
                   "1 berkas diperiksa, 0 tidak terbaca: 1 kesalahan, 1 peringatan, 1 info."]


def test_colour_only_when_asked():
    findings = [f("PAGU-SUM", "error", "T", "B1"), f("NUM-TEXT", "warning", "T", "A1")]
    assert "\x1b[" not in render(findings)
    coloured = render(findings, color=True)
    assert "\x1b[31m[kesalahan]\x1b[0m" in coloured and "\x1b[33m[peringatan]\x1b[0m" in coloured


def test_files_not_checked_say_why_and_are_counted():
    results = [FileResult("a.pdf", "error", "Berkas ini PDF, bukan workbook Excel."),
               FileResult("kontak.xlsx", "no_table", "Tidak ada yang dapat diperiksa."),
               FileResult("renja.xlsx", "ok", findings=[f("PAGU-SUM", "error", "T", "B1")])]
    out = render_results(results, "id", titles=TITLES).splitlines()
    assert out[:3] == ["a.pdf: GAGAL: Berkas ini PDF, bukan workbook Excel.",
                       "kontak.xlsx: TANPA TABEL RENJA: Tidak ada yang dapat diperiksa.",
                       "renja.xlsx:'T'!B1: PAGU-SUM [kesalahan] Pesan."]
    assert out[-1] == "3 berkas diperiksa, 1 tidak terbaca, 1 tanpa tabel Renja: 1 kesalahan, 0 peringatan, 0 info."
