"""Issue #11, the reader's part: files that are not files, sheets whose declared size lies,
archives with a part twice, names whose extension lies, Strict OOXML, and reconcile's own
sheets in an annotated copy. Every workbook is built here; expected results are computed
here from a second, plain reading, never copied from the code under test."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, WORKBOOKS, strict_copy

from reconcile.config import Config, load_config
from reconcile.read import ReadError, read_workbook
from reconcile.run import check_file

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PLAN = [["No", "Uraian", "Indikator", "Pagu Indikatif"], ["I", "PROGRAM A", "x", 10],
        ["A", "Kegiatan A", "x", 99], [1, "Sub A", "x", 10]]  # D2, D3: PAGU-SUM

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux /proc and FIFOs")


def _cli(*args, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "reconcile", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    return proc, time.monotonic() - start


def _json_entry(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout)["files"][0]


def _findings(path: Path, config: Config | None = None) -> list[dict]:
    res = check_file(path, config or Config())
    assert res.status == "ok", res.error
    return [f.to_json() for f in res.findings]


def _limits(tmp_path: Path, **limits) -> Config:
    """A configuration whose rules/settings.yaml overrides `limits:`, as a Bappeda would."""
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    body = "".join(f"  {k}: {v}\n" for k, v in limits.items())
    (rules / "settings.yaml").write_text("limits:\n" + body, encoding="utf-8")
    return load_config(rules)


# --------------------------------------------------------------------------- 1. not a file


@linux_only
def test_a_fifo_named_like_a_workbook_is_refused_at_once(tmp_path):
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)
    proc, seconds = _cli("check", fifo, "--format", "json", timeout=30)  # it used to wait forever
    entry = _json_entry(proc)
    assert proc.returncode == 2 and entry["status"] == "error"
    assert "bukan berkas biasa" in entry["error"] and "FIFO" in entry["error"]
    proc, _ = _cli("check", fifo, "--format", "json", "--lang", "en", timeout=30)
    assert proc.returncode == 2 and "not an ordinary file" in _json_entry(proc)["error"]
    assert seconds < 30


@linux_only
def test_a_link_to_a_device_is_refused(tmp_path):
    zero = tmp_path / "nol.xlsx"
    os.symlink("/dev/zero", zero)
    proc, _ = _cli("check", zero, "--format", "json", timeout=30)
    assert proc.returncode == 2 and "bukan berkas biasa" in _json_entry(proc)["error"]


def test_a_link_to_a_workbook_is_read_as_the_workbook(tmp_path):
    real = tmp_path / "asli.xlsx"
    shutil.copy(SEED, real)
    link = tmp_path / "tautan.xlsx"
    try:
        os.symlink(real, link)
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    expected = _findings(real)
    assert expected and _findings(link) == expected


def _plan_workbook(path: Path, n_programs: int) -> Path:
    """A plan table of `n_programs` x 1 kegiatan x 4 sub kegiatan, for a check that takes a while."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tabel 4.1")
    ws.write_row(0, 0, ["No", "Uraian", "Indikator", "Target", "Pagu Indikatif", "Sumber Dana"])
    r = 1
    for p in range(n_programs):
        ws.write_row(r, 0, [p + 1, f"PROGRAM {p}", "Persentase", "100%", 4000 + p, "PAD"])
        ws.write_row(r + 1, 0, [f"{p + 1}.1", f"Kegiatan {p}", "Persentase", "100%", 4000, "PAD"])
        for s in range(4):
            ws.write_row(r + 2 + s, 0, [f"{p + 1}.1.{s + 1}", f"Sub kegiatan {p}.{s}", "Jumlah dokumen",
                                        f"{s + 1} Dokumen", 1000, "PAD"])
        r += 6
    wb.close()
    return path


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == str(path.resolve()) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _ended(pid: int) -> bool:
    """Gone, or a zombie waiting for whoever adopted it: either way it runs no more."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


@linux_only
def test_sigterm_ends_a_running_check(tmp_path):
    book = _plan_workbook(tmp_path / "besar.xlsx", 1500)
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "check", str(book)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _has_open(proc.pid, book) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "the check ended before it could be interrupted"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == -signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


_DRIVER = r"""
import sys, time
from pathlib import Path
from reconcile import background
from reconcile.config import Config

def slow_check(*args, **kwargs):  # a check far longer than the test waits
    time.sleep(120)

background._check = slow_check
bg = background.BackgroundCheck.start(Path(sys.argv[1]), Config(), "id", None, False)
print(bg._proc.pid if bg is not None else 0, flush=True)
bg.wait_safe()
"""


@linux_only
def test_the_background_check_dies_with_its_parent(tmp_path):
    """`check --annotate` checks in a forked child; SIGTERM to the parent must not leave it running."""
    book = tmp_path / "renja.xlsx"
    shutil.copy(SEED, book)
    parent = subprocess.Popen([sys.executable, "-c", _DRIVER, str(book)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    child = 0
    try:
        child = int(parent.stdout.readline() or 0)
        if not child:
            pytest.skip("forking is not safe here: the check runs in-process")
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while not _ended(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _ended(child), "the background check outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if child and not _ended(child):
            os.kill(child, signal.SIGKILL)


# --------------------------------------------------------------------------- 2. lying dimension


def _hand_xlsx(path: Path, sheet_data: str, dimension: str = "A1") -> Path:
    """A one-sheet workbook whose sheet XML is written by hand, declaring `dimension`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
                                      '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}">'
                                               f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>')
    return path


def _rows(n_rows: int, n_cols: int, *, with_r: bool = True) -> str:
    from xlsxwriter.utility import xl_col_to_name

    out = []
    for r in range(1, n_rows + 1):
        cells = "".join(f'<c r="{xl_col_to_name(c)}{r}"><v>{r * 100 + c}</v></c>' if with_r else f"<c><v>{r * 100 + c}</v></c>"
                        for c in range(n_cols))
        out.append(f'<row r="{r}">{cells}</row>' if with_r else f"<row>{cells}</row>")
    return "".join(out)


def _refused(path: Path, config: Config) -> str:
    with pytest.raises(ReadError) as info:
        read_workbook(path, config)
    return info.value.code


@pytest.mark.parametrize("sheet_data", [
    _rows(300, 10),                                    # 3,000 real cells behind a declared A1
    '<row r="1">' + '<c r="A1"><v>1</v></c>' * 3000 + "</row>",  # one cell, written 3,000 times
    _rows(300, 10, with_r=False),                      # cells placed by their order
], ids=["many", "repeated", "without-r"])
def test_cells_beyond_the_declared_dimension_are_counted(tmp_path, sheet_data):
    config = _limits(tmp_path, max_cells=1000)
    path = _hand_xlsx(tmp_path / "bohong.xlsx", sheet_data)
    assert _refused(path, config) in ("unsafe_too_many_cells", "unsafe_dimension_too_large")
    res = check_file(path, config)
    assert res.status == "error" and "batas aman" in res.error
    assert "safe limit" in check_file(path, config, "en").error


@pytest.mark.parametrize("far_cell", ['<c r="J200"><v>2</v></c>', '<c t="n" r="J200"><v>2</v></c>'],
                         ids=["canonical", "attributes-reordered"])
def test_two_cells_far_apart_are_refused_by_their_span(tmp_path, far_cell):
    """Two cells at A1 and J200: calamine makes a dense 200 x 10 grid of them."""
    config = _limits(tmp_path, max_cells=1000)
    path = _hand_xlsx(tmp_path / "jauh.xlsx", f'<row r="1"><c r="A1"><v>1</v></c></row><row r="200">{far_cell}</row>')
    assert _refused(path, config) in ("unsafe_too_many_cells", "unsafe_dimension_too_large")


def test_a_sheet_within_the_limit_is_read(tmp_path):
    config = _limits(tmp_path, max_cells=1000)
    path = _hand_xlsx(tmp_path / "pas.xlsx", _rows(100, 10), dimension="A1")  # exactly 1,000 cells
    wb = read_workbook(path, config)
    assert wb.grids["Data"][99][9] == 100 * 100 + 9 and len(wb.grids["Data"]) == 100


# --------------------------------------------------------------------------- 3. a part twice


@pytest.mark.parametrize("second_name", ["xl/worksheets/sheet1.xml", "XL/Worksheets/Sheet1.xml"],
                         ids=["same", "other-case"])
def test_an_archive_holding_a_part_twice_is_refused(tmp_path, second_name):
    out = tmp_path / "ganda.xlsx"
    with zipfile.ZipFile(SEED) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(second_name, f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
                                  '<row r="1"><c r="A1" t="inlineStr"><is><t>lain</t></is></c></row>'
                                  "</sheetData></worksheet>")
    res = check_file(out, Config())
    assert res.status == "error" and res.error_code == "unsafe_duplicate_parts"
    assert "rusak atau sengaja direkayasa" in res.error and "simpan ulang" in res.error
    assert "damaged or crafted" in check_file(out, Config(), "en").error


# --------------------------------------------------------------------------- 4. lying extension


@pytest.mark.parametrize("name", ["renja.xls", "renja.xlsb", "renja.ods"])
def test_an_xlsx_under_another_extension_is_read_by_its_content(tmp_path, name):
    expected = _findings(SEED)
    renamed = tmp_path / name
    shutil.copy(SEED, renamed)
    got = _findings(renamed)
    assert len(got) == len(expected) > 0
    assert got == expected  # findings name sheets and cells, not the file


def _ods(path: Path, rows: list[list]) -> Path:
    """A minimal OpenDocument spreadsheet, written by hand."""
    def cell(v):
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(map(cell, r)) + "</table:table-row>" for r in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Tabel">{body}</table:table></office:spreadsheet>'
               "</office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")  # first and stored, as ODF wants
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_an_ods_named_xlsx_is_read_as_the_ods(tmp_path):
    ods = _ods(tmp_path / "renja.ods", PLAN)
    expected = _findings(ods)
    assert any(f["rule"] == "PAGU-SUM" for f in expected)
    renamed = tmp_path / "renja.xlsx"
    shutil.copy(ods, renamed)
    assert _findings(renamed) == expected


def test_an_xls_named_xlsx_is_read_as_the_xls(tmp_path):
    src = SHARED / "real-workbooks" / "munawirnanang__pemantauan_apbd__APBD.xls"
    if not src.exists():
        pytest.skip("shared/real-workbooks is not present")
    original = read_workbook(src)
    renamed = tmp_path / "apbd.xlsx"
    shutil.copy(src, renamed)
    wb = read_workbook(renamed)
    assert wb.format == original.format == "xls"
    assert wb.grids == original.grids and any(wb.grids.values())


# --------------------------------------------------------------------------- 5. Strict OOXML

def test_a_strict_workbook_is_read_like_its_transitional_original(tmp_path):
    strict = strict_copy(SEED, tmp_path / "strict.xlsx")
    assert b"purl.oclc.org" in zipfile.ZipFile(strict).read("xl/worksheets/sheet1.xml")
    a, b = read_workbook(SEED), read_workbook(strict)
    assert [s.name for s in b.sheets] == [s.name for s in a.sheets]
    assert b.grids == a.grids
    for name, lay in a.layouts.items():  # what calamine does not give: styles, formulas
        other = b.layouts[name]
        assert dict(other.cell_style.items()) == dict(lay.cell_style.items())
        assert other.formulas == lay.formulas and other.merged == lay.merged
    assert sum(len(lay.formulas) for lay in a.layouts.values()) > 0
    assert len(b.tables) == len(a.tables) > 0
    assert _findings(strict) == _findings(SEED)


def _values(path: Path) -> dict[str, list[list]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_a_strict_copy_becomes_transitional_for_openpyxl(tmp_path):
    import openpyxl
    from openpyxl.styles import Font

    from reconcile.read.strict import is_strict, to_transitional

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 4.1"
    for row in PLAN:
        ws.append(row)
    ws["D5"] = "=SUM(D3:D4)"
    ws["B2"].font = Font(bold=True)
    other = wb.create_sheet("Narasi")
    other["A1"] = "Jumlah program 1 dengan pagu Rp 10"
    other.sheet_state = "hidden"
    original = tmp_path / "asli.xlsx"
    wb.save(original)
    strict = strict_copy(original, tmp_path / "strict.xlsx")
    assert is_strict(strict) and not is_strict(original) and not is_strict(tmp_path / "tidak-ada.xlsx")

    dest = tmp_path / "transitional.xlsx"
    to_transitional(strict, dest)
    assert not is_strict(dest)
    assert _values(dest) == _values(original)
    back = openpyxl.load_workbook(dest)
    assert back.sheetnames == ["Tabel 4.1", "Narasi"] and back["Narasi"].sheet_state == "hidden"
    assert back["Tabel 4.1"]["B2"].font.b
    assert b"conformance" not in zipfile.ZipFile(dest).read("xl/workbook.xml")
    with zipfile.ZipFile(strict) as a, zipfile.ZipFile(dest) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())


def test_a_strict_file_from_excel_becomes_transitional(tmp_path):
    src = SHARED / "real-workbooks" / "SheetJS__test_files__sheet_visibility_strict.xlsx"
    if not src.exists():
        pytest.skip("shared/real-workbooks is not present")
    from reconcile.read.strict import is_strict, to_transitional

    assert is_strict(src)
    dest = tmp_path / "t.xlsx"
    to_transitional(src, dest)
    values = _values(dest)
    wb = read_workbook(src)  # calamine reads Strict: the reference for the values
    assert list(values) == [s.name for s in wb.sheets]
    for name, rows in values.items():
        assert [v for v in rows[0]] == wb.grids[name][0]


# --------------------------------------------------------------------------- 6. our own sheets


def _copy_with_our_sheets(path: Path, *, marked: bool, state_hidden: str = "veryHidden") -> Path:
    """A plan sheet, a sheet named like our summary holding a plan table, narrative claims and
    a formula without a value, and (when `marked`) the state sheet that says both are ours."""
    import openpyxl

    from reconcile.marks import STATE_MARK

    wb = openpyxl.Workbook()
    plan = wb.active
    plan.title = "Tabel 4.1"
    for row in PLAN:
        plan.append(row)
    summary = wb.create_sheet("Hasil Pemeriksaan")
    summary["A1"] = "Dalam Renja ini terdapat 7 program, 9 kegiatan dan 30 sub kegiatan dengan total pagu Rp 5.000.000"
    for row in PLAN:
        summary.append(row)
    summary["F3"] = "=1/0"  # a formula without a cached value: a read problem
    if marked:
        state = wb.create_sheet("_reconcile")
        state.append([STATE_MARK, "Hasil Pemeriksaan", "_reconcile"])
        state.append(["Tabel 4.1", "D3", "FFFFFF00"])
        state.sheet_state = state_hidden
    wb.save(path)
    return path


@pytest.mark.parametrize("state_hidden", ["veryHidden", "hidden"])  # LibreOffice may save it merely hidden
def test_our_own_sheets_of_an_annotated_copy_are_not_read(tmp_path, state_hidden):
    path = _copy_with_our_sheets(tmp_path / "renja.diperiksa.xlsx", marked=True, state_hidden=state_hidden)
    wb = read_workbook(path)
    ours = {"Hasil Pemeriksaan", "_reconcile"}
    assert [s.name for s in wb.sheets] == ["Tabel 4.1"]
    assert not ours & set(wb.grids) and not ours & set(wb.layouts)
    assert {t.sheet for t in wb.tables} == {"Tabel 4.1"}
    assert not [c for c in wb.claims if c.sheet in ours]
    assert not [p for p in wb.problems if p.sheet in ours]
    assert not [t for t in wb.texts if t.sheet in ours]
    findings = _findings(path)
    assert findings and {f["sheet"] for f in findings} == {"Tabel 4.1"}


def test_a_users_sheet_named_like_ours_is_read(tmp_path):
    for name, marked in (("tanpa-tanda.xlsx", False), ("tanda-lain.xlsx", True)):
        path = _copy_with_our_sheets(tmp_path / name, marked=marked)
        if marked:  # a hidden sheet of theirs whose first row is not our mark
            import openpyxl

            wb = openpyxl.load_workbook(path)
            wb["_reconcile"]["A1"] = "catatan pribadi"
            wb.save(path)
        wb = read_workbook(path)
        assert "Hasil Pemeriksaan" in [s.name for s in wb.sheets]
        assert "Hasil Pemeriksaan" in {t.sheet for t in wb.tables}
        assert any(c.sheet == "Hasil Pemeriksaan" for c in wb.claims)
        assert any(p.sheet == "Hasil Pemeriksaan" for p in wb.problems)
        assert any(f["sheet"] == "Hasil Pemeriksaan" for f in _findings(path))
