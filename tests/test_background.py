"""The annotated copy made with the check in a forked child equals the one made in-process."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from reconcile import background
from reconcile.batch import check_one
from reconcile.config import load_config
from reconcile.report import annotate as annotate_module

SEED = Path(__file__).resolve().parents[1] / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"
pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")


def _cells(path: Path) -> dict:
    """Every cell's value, fill and note, but the summary's time stamp."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if row and row[0].value in ("Waktu", "When"):
                continue
            for c in row:
                if c.value is not None or c.comment is not None:
                    out[(ws.title, c.coordinate)] = (c.value, c.fill.fgColor.rgb,
                                                     c.comment.text if c.comment else None)
    return out


def _run(tmp_path: Path, name: str, overlap: bool, src: Path = SEED):
    out = tmp_path / f"{name}.xlsx"
    item = check_one(src, load_config(None), "id", annotate=True, annotate_to=out, overlap=overlap)
    return item, out


def test_overlapped_copy_equals_in_process_copy(tmp_path):
    seq, seq_out = _run(tmp_path, "seq", overlap=False)
    par, par_out = _run(tmp_path, "par", overlap=True)
    assert [f.to_json() for f in par.result.findings] == [f.to_json() for f in seq.result.findings]
    assert len(seq.result.findings) > 100  # the seed's errors: a real comparison
    assert par.annotated == str(par_out) and seq.annotated == str(seq_out)
    assert _cells(par_out) == _cells(seq_out)


def test_cached_formula_values_are_put_back_in_both_ways(tmp_path):
    """openpyxl drops cached formula results; the copy carries the input's (here the seed's
    Tabel 4.1 subtotal J8, an =SUM with its value)."""
    for overlap in (False, True):
        _, out = _run(tmp_path, f"c{overlap}", overlap=overlap)
        wb = openpyxl.load_workbook(out, data_only=True)
        src = openpyxl.load_workbook(SEED, data_only=True)
        assert openpyxl.load_workbook(out)["Tabel 4.1"]["J8"].value.startswith("=")
        assert wb["Tabel 4.1"]["J8"].value == src["Tabel 4.1"]["J8"].value == 3535388000


def test_openpyxl_never_opens_a_file_the_reader_refused(tmp_path, monkeypatch):
    """A zip bomb: the child's reader refuses it; the parent must not hand it to openpyxl."""
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(SEED) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
        with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(700):
                fh.write(b" " * (1024 * 1024))
            fh.write(b"</sheetData></worksheet>")
    opened = []
    monkeypatch.setattr(annotate_module, "open_for_annotation", lambda *a, **k: opened.append(a))
    item, out = _run(tmp_path, "bomb", overlap=True, src=bomb)
    assert item.result.status == "error" and item.result.error_code.startswith("unsafe_")
    assert opened == [] and not out.exists()


def test_a_dying_child_is_replaced_by_an_in_process_check(tmp_path, monkeypatch):
    def die(*args):
        import os

        os._exit(3)

    monkeypatch.setattr(background, "_child", die)
    seq, _ = _run(tmp_path, "seq", overlap=False)
    par, out = _run(tmp_path, "par", overlap=True)
    assert [f.to_json() for f in par.result.findings] == [f.to_json() for f in seq.result.findings]
    assert out.exists()


def test_no_fork_in_a_threaded_process(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(background.BackgroundCheck, "__init__",
                        lambda self, *a: started.append(a) or (_ for _ in ()).throw(AssertionError))
    from reconcile.checks import parallel

    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    item, out = _run(tmp_path, "thr", overlap=True)
    assert started == [] and out.exists() and item.result.findings
