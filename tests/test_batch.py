"""Bappeda's batch check: `reconcile check DIR… --jobs N --summary rekap.xlsx --annotate-dir DIR`."""
from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import WORKBOOKS

from reconcile.batch import (BatchItem, ProgressBar, annotate_targets, expand_inputs, ignore_reason,
                             run_batch)
from reconcile.checks.base import Finding
from reconcile.cli import main
from reconcile.config import Config
from reconcile.read import read_workbook
from reconcile.read.agency import identify_workbook
from reconcile.report.summary import write_summary
from reconcile.run import FileResult

SAMPLES = [WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx",
           WORKBOOKS / "renja_disnaker_pontianak_2024_sipd.xlsx",
           WORKBOOKS / "renja_disnaker_pontianak_2024_teks.xlsx"]
N_GOOD = 50
BROKEN = ("kosong.xlsx", "acak.xlsx", "catatan.xlsx")


def _run(args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    """50 copies of the three sample workbooks in three agency folders (same names in
    different folders), 3 broken files, and files a folder walk must skip."""
    from reconcile.checks.registry import all_rules

    all_rules()  # import every rule family once, so that forked workers run the very same code
    root = tmp_path_factory.mktemp("kiriman")
    for i in range(N_GOOD):
        src = SAMPLES[i % 3]
        folder = root / f"opd_{i % 3}"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(src, folder / f"renja_{i // 3:02d}.xlsx")  # same names in every folder
    (root / "kosong.xlsx").write_bytes(b"")
    (root / "acak.xlsx").write_bytes(os.urandom(4096))
    (root / "catatan.xlsx").write_text("ini catatan, bukan workbook\nbaris dua\n", encoding="utf-8")
    # never checked in a folder walk:
    shutil.copyfile(SAMPLES[0], root / "~$renja_00.xlsx")
    from reconcile.report.annotate import annotate

    annotate(root / "opd_0" / "renja_00.xlsx", [], root / "opd_0" / "renja_00.diperiksa.xlsx")  # carries our mark
    (root / "notes.txt").write_text("x", encoding="utf-8")
    (root / ".hidden.xlsx").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def batch_run(batch_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("keluaran")
    result = _run(["check", batch_dir, "--jobs", "2", "--summary", out / "rekap.xlsx", "--format", "json"])
    return out, result


@pytest.fixture(scope="module")
def batch_run_jobs1(batch_dir):
    return _run(["check", batch_dir, "--jobs", "1", "--format", "json", "--quiet"])


def _rows(ws, header_row):
    head = [c.value for c in ws[header_row]]
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            continue
        out.append(dict(zip(head, row)))
    return out


def test_batch_exit_code_and_json_cover_every_file(batch_run):
    out, result = batch_run
    assert result.exit_code == 2, result.output  # because of the broken files
    doc = json.loads(result.stdout)
    files = doc["files"]
    assert len(files) == N_GOOD + len(BROKEN)
    names = [Path(f["path"]).name for f in files]
    assert not any(n.startswith(("~$", ".")) or ".diperiksa." in n for n in names)
    assert [f["path"] for f in files] == sorted((f["path"] for f in files), key=lambda p: Path(p).parts)
    broken = {Path(f["path"]).name: f for f in files if f["status"] == "error"}
    assert set(broken) == set(BROKEN)
    assert all(f["error"] and not f["findings"] for f in broken.values())
    assert "kosong" in broken["kosong.xlsx"]["error"] or "0 byte" in broken["kosong.xlsx"]["error"]
    good = [f for f in files if f["status"] == "ok"]
    assert len(good) == N_GOOD and all(f["findings"] for f in good)


def test_summary_workbook_counts_match_the_json(batch_run, batch_dir):
    out, result = batch_run
    files = json.loads(result.stdout)["files"]
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    assert wb.sheetnames[:3] == ["Rekap", "Temuan", "Per Aturan"]

    statuses = Counter(f["status"] for f in files)
    assert wb["Rekap"]["A3"].value == (f"{len(files)} berkas: {statuses['ok']} terbaca, {statuses['no_table']} tanpa "
                                       f"tabel Renja, {statuses['error']} tidak terbaca")
    rekap = _rows(wb["Rekap"], 4)
    rekap = [r for r in rekap if isinstance(r["No"], int)]
    relative = {Path(f["path"]).relative_to(batch_dir).as_posix(): f for f in files}
    assert sorted(r["Berkas"] for r in rekap) == sorted(relative)  # every file, by its path in the batch
    for row in rekap:
        f = relative[row["Berkas"]]
        c = Counter(x["severity"] for x in f["findings"])
        assert (row["Error"], row["Peringatan"], row["Info"]) == (c["error"], c["warning"], c["info"])
        assert row["Disengaja"] == 0
        assert row["Jumlah temuan"] == len(f["findings"])
        assert row["Status"] == {"ok": "terbaca", "no_table": "tanpa tabel Renja"}.get(f["status"], "tidak terbaca")
        if f["status"] == "ok":
            # the sample workbooks state agency and year
            assert "tenaga kerja" in row["Perangkat Daerah"].lower() and "pontianak" in row["Perangkat Daerah"].lower()
            assert row["Tahun"] == 2024
        else:
            assert row["Keterangan"] == f["error"]
    # worst first: files read by errors, then warnings; the unreadable ones after them
    read = [(-r["Error"], -r["Peringatan"], -r["Info"]) for r in rekap if r["Status"] == "terbaca"]
    assert read == sorted(read) and [r["Status"] for r in rekap[len(read):]] == ["tidak terbaca"] * len(BROKEN)

    temuan = _rows(wb["Temuan"], 1)
    assert len(temuan) == sum(len(f["findings"]) for f in files)
    by_file = Counter(r["Berkas"] for r in temuan)
    expected_by_file = Counter()
    for where, f in relative.items():
        expected_by_file[where] += len(f["findings"])
    assert by_file == +expected_by_file
    assert Counter((r["Berkas"], r["Aturan"], r["Sel"], r["Pesan"]) for r in temuan) == \
        Counter((where, x["rule"], x["cell"], x["message"]) for where, f in relative.items() for x in f["findings"])
    assert [r["Berkas"] for r in temuan] == sorted((r["Berkas"] for r in temuan),
                                                   key=[r["Berkas"] for r in rekap].index)  # the Rekap's order

    per_rule = {r["Aturan"]: r for r in _rows(wb["Per Aturan"], 1)}
    expected = Counter(x["rule"] for f in files for x in f["findings"])
    assert {k: v["Jumlah temuan"] for k, v in per_rule.items()} == dict(expected)
    for rule, row in per_rule.items():
        assert row["Jumlah berkas"] == sum(1 for f in files if any(x["rule"] == rule for x in f["findings"]))
        assert row["Error"] + row["Peringatan"] + row["Info"] + row["Disengaja"] == row["Jumlah temuan"]

    assert wb["Grafik"]._charts, "the findings chart is missing"


def test_annotated_copies_are_unique_inside_the_folder_and_linked(tmp_path):
    src = tmp_path / "kiriman"
    for i, sample in enumerate(SAMPLES + SAMPLES[:1]):
        (src / f"opd_{i}").mkdir(parents=True)
        shutil.copyfile(sample, src / f"opd_{i}" / ("renja.xlsx" if i != 2 else "RENJA.xlsx"))
    (src / "rusak.xlsx").write_bytes(b"")
    out = tmp_path / "keluaran"
    out.mkdir()
    result = _run(["check", src, "--jobs", "2", "--summary", out / "rekap.xlsx", "--annotate-dir", out / "salinan",
                   "--format", "json"])
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    ann = out / "salinan"
    copies = sorted(p.name for p in ann.iterdir())
    # one name in four folders: each copy is named after its folder
    assert copies == ["opd_0_renja.diperiksa.xlsx", "opd_1_renja.diperiksa.xlsx", "opd_2_RENJA.diperiksa.xlsx",
                      "opd_3_renja.diperiksa.xlsx"]
    assert result.stderr.count("Salinan bertanda: ") == 4
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Rekap"]
    links = {row[1].value: row[11].hyperlink.target for row in ws.iter_rows(min_row=5) if row[11].hyperlink}
    assert set(links) == {Path(f["path"]).relative_to(src).as_posix() for f in files if f["status"] == "ok"}
    for path, target in links.items():
        assert "\\" not in target and not Path(target).is_absolute()
        target = (out / target).resolve()
        assert target.parent == ann.resolve() and target.exists()
        assert target.name.startswith(Path(path).parent.name + "_")
        wb = openpyxl.load_workbook(target, read_only=True)
        assert wb.sheetnames[0] == "Hasil Pemeriksaan"
        assert Path(path).name in [c.value for c in next(wb["Hasil Pemeriksaan"].iter_rows(min_row=2, max_row=2))]
        wb.close()


def test_jobs_1_and_jobs_2_give_the_same_findings(batch_run, batch_run_jobs1):
    _, result2 = batch_run
    assert batch_run_jobs1.exit_code == 2
    one, two = json.loads(batch_run_jobs1.stdout)["files"], json.loads(result2.stdout)["files"]
    assert [f["path"] for f in one] == [f["path"] for f in two]
    for a, b in zip(one, two):
        if a != b:
            only1 = [x for x in a["findings"] if x not in b["findings"]]
            only2 = [x for x in b["findings"] if x not in a["findings"]]
            pytest.fail(f"{a['path']}: --jobs 1 only {only1[:3]}; --jobs 2 only {only2[:3]}")


def test_results_follow_the_order_of_the_inputs(tmp_path):
    paths = []
    for i, src in enumerate(SAMPLES * 2):
        p = tmp_path / f"{'zyxwvu'[i]}.xlsx"
        shutil.copyfile(src, p)
        paths.append(p)
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 broken")
    paths.insert(2, tmp_path / "rusak.xlsx")
    items = run_batch(paths, Config(), jobs=2)
    assert [i.path for i in items] == [str(p) for p in paths]
    assert items[2].result.status == "error"
    assert all(i.result.workbook is None for i in items)  # never shipped between processes
    result = _run(["check", *paths, "--jobs", "2", "--format", "json"])
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(p) for p in paths]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the crashing check is patched into forked workers")
def test_a_worker_that_dies_or_raises_does_not_stop_the_others(tmp_path, monkeypatch):
    import reconcile.run

    real = reconcile.run.check_file

    def fragile(path, *a, **kw):
        if "crash" in Path(path).name:
            os._exit(3)  # like a segfault in a native reader
        if "boom" in Path(path).name:
            raise RuntimeError("rule bug")
        return real(path, *a, **kw)

    monkeypatch.setattr(reconcile.run, "check_file", fragile)
    names = ["a.xlsx", "crash.xlsx", "b.xlsx", "boom.xlsx", "c.xlsx", "d.xlsx"]
    paths = []
    for n in names:
        shutil.copyfile(SAMPLES[1], tmp_path / n)
        paths.append(tmp_path / n)
    items = run_batch(paths, Config(), jobs=2)
    assert [Path(i.path).name for i in items] == names
    by = {Path(i.path).name: i.result for i in items}
    assert by["crash.xlsx"].status == "error" and by["crash.xlsx"].error_code == "worker_crashed"
    assert "berhenti mendadak" in by["crash.xlsx"].error
    assert by["boom.xlsx"].status == "error" and by["boom.xlsx"].error_code == "internal"
    assert "RuntimeError: rule bug" in by["boom.xlsx"].error
    ok = [by[n] for n in ("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx")]
    assert all(r.status == "ok" for r in ok)
    assert len({json.dumps(r.to_json()["findings"]) for r in ok}) == 1


def test_folder_walk_skips_locks_temp_and_own_outputs(tmp_path):
    from reconcile.report.annotate import annotate

    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("a.xlsx", "b.XLSM", "c.xls", "d.xlsb", "d10.xlsx", "D2.xlsx", "~$a.xlsx", ".~lock.a.xlsx#", "x.tmp", ".a.xlsx",
                 "a.hasil.json", "notes.txt", "sub/e.xlsx", ".git/f.xlsx",
                 # a user's files whose names merely look like ours, or start with ~: checked
                 "Renja.Hasil.Musrenbang.xlsx", "lama.diperiksa.xlsx", "~renja.xlsx"):
        (tmp_path / name).write_bytes(b"")
    write_summary([], tmp_path / "sub" / "rekap_lama.xlsx")  # an earlier summary: not a plan
    shutil.copyfile(SAMPLES[0], tmp_path / "f.xlsx")
    annotate(tmp_path / "f.xlsx", [], tmp_path / "f.diperiksa.xlsx")  # our copy, by its mark: skipped
    annotate(tmp_path / "f.xlsx", [], tmp_path / "f_perbaikan.xlsx")  # our copy, renamed by a planner: checked
    skipped = []
    found = [p.relative_to(tmp_path).as_posix() for p in expand_inputs([tmp_path], skipped=skipped)]
    assert found == ["a.xlsx", "b.XLSM", "c.xls", "D2.xlsx", "d10.xlsx", "d.xlsb", "f.xlsx", "f_perbaikan.xlsx",
                     "lama.diperiksa.xlsx", "Renja.Hasil.Musrenbang.xlsx", "sub/e.xlsx", "~renja.xlsx"]
    assert sorted(p.name for p in skipped) == ["f.diperiksa.xlsx", "rekap_lama.xlsx"]
    # a file named on the command line is checked whatever its name; a file named twice once
    explicit = expand_inputs([tmp_path / "notes.txt", tmp_path / "sub", tmp_path / "sub" / "e.xlsx"])
    assert [p.name for p in explicit] == ["notes.txt", "e.xlsx"]
    everything = expand_inputs([tmp_path])
    assert expand_inputs([tmp_path], exclude_dirs=[tmp_path / "sub"]) == [p for p in everything if p.parent.name != "sub"]
    assert ignore_reason("~$renja.xlsx") == "lock" and ignore_reason("~renja.xlsx") is None
    assert ignore_reason("renja.hasil.txt") == "not_workbook"


def test_annotate_targets_are_unique_and_never_leave_the_folder(tmp_path):
    out = tmp_path / "out"
    inputs = [Path("a/renja.xlsx"), Path("b/RENJA.xlsx"), Path("c/renja.xlsm"), Path("d/renja.xls"),
              Path("e/..\\..\\evil.xlsx"), Path("f/CON.xlsx"), Path("g/renja.xlsx")]
    targets = annotate_targets(inputs, out)
    names = [t.name for t in targets]
    # one name in several folders: the folder tells them apart
    assert names[0] == "a_renja.diperiksa.xlsx"
    assert names[1] == "b_RENJA.diperiksa.xlsx"
    assert names[2] == "renja.diperiksa.xlsm"  # macros stay macros (and their name is unique)
    assert names[3] == "d_renja.diperiksa.xlsx"  # .xls becomes .xlsx: the same name as the others
    assert names[6] == "g_renja.diperiksa.xlsx"
    assert names[4] == "evil.diperiksa.xlsx"
    # folders alike up close: more of the path; nothing that differs: -2
    deeper = annotate_targets([Path("2023/DinasA/renja.xlsx"), Path("2024/DinasA/renja.xlsx"),
                               Path("2024/DinasA/RENJA.xlsx"), Path("DinasB/lain.xlsx")], out)
    assert [t.name for t in deeper] == ["2023_DinasA_renja.diperiksa.xlsx", "2024_DinasA_renja.diperiksa.xlsx",
                                        "2024_DinasA_RENJA-2.diperiksa.xlsx", "lain.diperiksa.xlsx"]
    assert len({n.lower() for n in names}) == len(names)
    for t in targets:
        assert t.parent == out and t.resolve().parent == out.resolve()
        assert "\\" not in t.name and "/" not in t.name
    assert not names[5].upper().startswith("CON.")


def test_annotate_options_conflict_and_empty_folder(tmp_path):
    shutil.copyfile(SAMPLES[1], tmp_path / "a.xlsx")
    r = _run(["check", tmp_path / "a.xlsx", "--annotate", "--annotate-dir", tmp_path / "o"])
    assert r.exit_code == 2 and "bersama" in r.stderr
    (tmp_path / "kosong").mkdir()
    r = _run(["check", tmp_path / "kosong"])
    assert r.exit_code == 2 and "Tidak ada workbook" in r.stderr


def test_summary_never_turns_workbook_text_into_formulas(tmp_path):
    f = Finding("X-RULE", "error", "=Lembar", "A1", "=HYPERLINK(\"http://x\",\"klik\")", "+1", "-2")
    items = [BatchItem(FileResult(str(tmp_path / "@renja.xlsx"), "ok", findings=[f]), agency="=1+1", year=2024),
             BatchItem(FileResult(str(tmp_path / "=x.xlsx"), "error", "=cmd|' /C calc'!A0", "unreadable"))]
    out = write_summary(items, tmp_path / "rekap.xlsx", "id", {"X-RULE": "-judul"})
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode("utf-8")
                formulas = [part.split("</f>")[0] for part in xml.split("<f>")[1:]]
                assert all(x.startswith("SUM(") for x in formulas), formulas
    wb = openpyxl.load_workbook(out)
    rekap = wb["Rekap"]
    assert rekap["C5"].value == "=1+1" and rekap["C5"].data_type == "s"
    assert rekap["B6"].value == "=x.xlsx" and rekap["K6"].value == "=cmd|' /C calc'!A0"
    temuan = wb["Temuan"]
    assert [c.value for c in temuan[2]] == ["=1+1", "@renja.xlsx", "kesalahan", "X-RULE", "=Lembar", "A1",
                                             "=HYPERLINK(\"http://x\",\"klik\")", "+1", "-2", None]
    assert wb["Per Aturan"]["B2"].value == "-judul"
    assert not list(tmp_path.glob(".reconcile-*"))  # the temporary file was moved into place


@pytest.mark.parametrize("rows,expected", [
    ([["Pemerintah Daerah", ": Kabupaten Kubu Raya"], ["Perangkat Daerah", ": 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
      ["Tahun Anggaran", ": 2025"]], ("Dinas Kesehatan Kabupaten Kubu Raya", 2025)),
    ([["TABEL 3.2"], ["BADAN PERENCANAAN PEMBANGUNAN DAERAH KOTA SINGKAWANG TAHUN 2025 - 2026"]],
     ("BADAN PERENCANAAN PEMBANGUNAN DAERAH KOTA SINGKAWANG", 2025)),
    ([["Perangkat Daerah : Dinas Sosial"], ["Rencana Kerja (Renja) Tahun 2023"]], ("Dinas Sosial", 2023)),
    ([["Daftar program"], ["Realisasi s/d 2023"]], (None, None)),
])
def test_agency_and_year_as_the_workbook_states_them(xlsx, rows, expected):
    table = [["No", "Program / Kegiatan / Sub Kegiatan", "Pagu Indikatif (Rp)"],
             ["1", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 1000000],
             ["1.1", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 1000000]]
    path = xlsx({"Tabel 3.2": rows + [[]] + table})
    assert identify_workbook(read_workbook(path)) == expected


def test_progress_bar_only_on_a_terminal(batch_run):
    _, result = batch_run
    assert "\r" not in result.stderr  # CliRunner's stderr is not a terminal
    buf = io.StringIO()
    bar = ProgressBar(4, buf, enabled=True)
    bar(1, 4, "/x/renja.xlsx")
    bar(4, 4, "/x/renja2.xlsx")
    bar.close()
    text = buf.getvalue()
    assert "1/4 [" in text and "4/4 [" in text and "100%" in text and "renja2.xlsx" in text
    silent = io.StringIO()
    ProgressBar(4, silent)(1, 4, "a")  # StringIO is not a terminal
    assert silent.getvalue() == ""
