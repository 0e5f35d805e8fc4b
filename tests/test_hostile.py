"""Bad input and hostile files: a clear message, exit code 2, no traceback, nothing written (a readable
workbook without a plan table: status no_table, exit code 0)."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED, WORKBOOKS

from reconcile.cli import main

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def check_json(path, lang="id"):
    result = run("check", path, "--format", "json", "--lang", lang)
    return result.exit_code, json.loads(result.output)["files"][0]


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    return path


@pytest.mark.parametrize("name,content,code_word_id,code_word_en", [
    ("laporan.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF", "PDF"),
    ("data.xlsx", "No;Uraian;Pagu\n1;Program A;1000\n".encode(), "teks/CSV", "text/CSV"),
    ("kosong.xlsx", b"", "kosong", "empty"),
], ids=["pdf", "csv", "empty"])
def test_not_a_workbook(tmp_path, name, content, code_word_id, code_word_en):
    path = tmp_path / name
    path.write_bytes(content)
    code, entry = check_json(path)
    assert code == 2 and entry["status"] == "error" and code_word_id in entry["error"]
    code, entry = check_json(path, "en")
    assert code == 2 and code_word_en in entry["error"]


def test_docx_and_truncated_xlsx(tmp_path):
    code, entry = check_json(_docx(tmp_path / "renja.xlsx"))
    assert code == 2 and "Word" in entry["error"]
    cut = tmp_path / "terpotong.xlsx"
    cut.write_bytes(SEED.read_bytes()[: SEED.stat().st_size // 2])
    code, entry = check_json(cut)
    assert code == 2 and ("rusak" in entry["error"] or "terpotong" in entry["error"])


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    good = tmp_path / "renja.xlsx"
    shutil.copy(SEED, good)
    result = run("check", bad, good, "--format", "json")
    files = json.loads(result.output)["files"]
    assert [f["status"] for f in files] == ["error", "ok"]
    assert files[1]["findings"]
    assert result.exit_code == 2


def test_password_protected_workbook(tmp_path):
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.xlsx"
    shutil.copy(SEED, plain)
    locked = tmp_path / "terkunci.xlsx"
    with open(plain, "rb") as src, open(locked, "wb") as dst:
        OOXMLFile(src).encrypt("rahasia", dst)
    code, entry = check_json(locked)
    assert code == 2 and "kata sandi" in entry["error"] and "Encrypt with Password" in entry["error"]
    code, entry = check_json(locked, "en")
    assert "password" in entry["error"]


def test_workbook_without_a_renja_table_says_what_it_holds_and_what_was_looked_for(xlsx):
    path = xlsx({"Data": [["Nama", "Alamat"], ["Budi", "Pontianak"]]})
    code, entry = check_json(path)
    assert code == 0 and entry["status"] == "no_table" and entry["findings"] == []
    assert "Tidak ada yang dapat diperiksa" in entry["error"] and "Pagu Indikatif" in entry["error"]
    assert "lembar 'Data': tabel di A1:B2, 1 baris × 2 kolom (Nama, Alamat)" in entry["error"]


def test_empty_workbook_and_chart_sheet_only(tmp_path):
    import xlsxwriter

    empty = tmp_path / "kosong.xlsx"
    wb = xlsxwriter.Workbook(str(empty))
    wb.add_worksheet("Sheet1")
    wb.close()
    code, entry = check_json(empty)
    assert code == 0 and entry["status"] == "no_table" and "semua lembarnya kosong ('Sheet1')" in entry["error"]
    code, entry = check_json(empty, "en")
    assert code == 0 and "all its sheets are empty ('Sheet1')" in entry["error"]
    charts = tmp_path / "grafik.xlsx"
    wb = xlsxwriter.Workbook(str(charts))
    data = wb.add_worksheet("data")
    data.write_column(0, 0, [1, 2, 3])
    data.hide()
    cs = wb.add_chartsheet("Grafik")
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": "=data!$A$1:$A$3"})
    cs.set_chart(chart)
    cs.activate()
    wb.close()
    code, entry = check_json(charts)
    assert code == 0 and entry["status"] == "no_table"
    assert "hanya berisi lembar grafik ('Grafik')" in entry["error"]
    assert "lembar 'data' (tersembunyi): 3 sel terisi, tanpa tabel" in entry["error"]
    code, entry = check_json(charts, "en")
    assert "only chart sheets ('Grafik')" in entry["error"] and "sheet 'data' (hidden)" in entry["error"]


def test_hidden_sheet_tables_are_still_checked(tmp_path):
    import xlsxwriter

    path = tmp_path / "tersembunyi.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    front = wb.add_worksheet("Depan")
    front.write(0, 0, "lihat lembar tersembunyi")
    ws = wb.add_worksheet("Tabel")
    for r, row in enumerate([["No", "Uraian", "Indikator", "Pagu Indikatif"], ["I", "PROGRAM A", "x", 10],
                             ["A", "Kegiatan A", "x", 99], [1, "Sub A", "x", 10]]):
        ws.write_row(r, 0, row)
    ws.hide()
    wb.close()
    code, entry = check_json(path)
    assert entry["status"] == "ok"
    assert any(f["rule"] == "PAGU-SUM" and f["sheet"] == "Tabel" and f["cell"] == "D3" for f in entry["findings"])


def test_oddities_inside_cells_are_read(xlsx):
    rows = [["No", "Uraian", "Indikator", "Target", "Pagu Indikatif 2024"],
            ["I", "PROGRAM\u00a0PENUNJANG\u200b", "Persentase", "100%", "Rp\n15.360.000"],
            ["A", "Kegiatan \u201cPerencanaan\u201d", "Persentase", "100%", "15.360.000'"],
            [1, "'Penyusunan Dokumen", "Jumlah dokumen", "15\u00a0Dokumen", 15_360_000],
            [2, "Evaluasi", "Jumlah laporan", "9 Laporan", "#DIV/0!"]]
    code, entry = check_json(xlsx({"S": rows}))
    assert entry["status"] == "ok"
    by_rule = {(f["rule"], f["cell"]) for f in entry["findings"]}
    assert ("EXCEL-ERROR", "E5") in by_rule
    assert not any(r == "PAGU-SUM" and c in ("E2", "E3") for r, c in by_rule)  # "Rp\\n15.360.000" read as a number


def _zip_bomb(path: Path, size_mb: int = 600) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(SEED) as src:
            for info in src.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    zf.writestr(info, src.read(info))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            block = b" " * (1024 * 1024)
            for _ in range(size_mb):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    return path


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    import time

    bomb = _zip_bomb(tmp_path / "bom.xlsx")
    assert bomb.stat().st_size < 5 * 1024 * 1024
    start = time.perf_counter()
    code, entry = check_json(bomb)
    assert code == 2 and "ditolak" in entry["error"] and "batas aman" in entry["error"]
    assert time.perf_counter() - start < 30


def test_billion_laughs_is_refused(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol9;</styleSheet>')
    out = tmp_path / "tawa.xlsx"
    with zipfile.ZipFile(SEED) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = laughs.encode() if info.filename == "xl/styles.xml" else src.read(info)
            dst.writestr(info, data)
    code, entry = check_json(out)
    assert code == 2 and "entitas" in entry["error"]


def test_huge_declared_dimension_is_refused(tmp_path):
    out = tmp_path / "luas.xlsx"
    with zipfile.ZipFile(SEED) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="', 1)
            dst.writestr(info, data)
    code, entry = check_json(out)
    assert code == 2 and "terlalu besar" in entry["error"]


def test_legacy_xls_is_read_and_annotated_as_xlsx(tmp_path):
    src = SHARED / "real-workbooks" / "munawirnanang__pemantauan_apbd__APBD.xls"
    if not src.exists():
        pytest.skip("shared/real-workbooks is not present")
    path = tmp_path / "apbd.xls"
    shutil.copy(src, path)
    result = run("annotate", path)
    assert result.exit_code in (0, 1, 2)
    out = tmp_path / "apbd.diperiksa.xlsx"
    if "Tidak ada salinan bertanda yang dibuat" in result.output:  # read, but no plan table: no copy
        assert result.exit_code == 0 and "Tidak ada yang dapat diperiksa" in result.output and not out.exists()
    elif result.exit_code != 2:  # a workbook with tables gets its copy, saying it became .xlsx
        assert out.exists() and ".xlsx" in result.output


def test_output_lands_beside_the_input_whatever_its_name(tmp_path):
    weird = tmp_path / "..renja ;$(rm -rf) .xlsx"
    shutil.copy(SEED, weird)
    result = run("annotate", weird)
    assert result.exit_code in (0, 1)
    produced = [p for p in tmp_path.iterdir() if ".diperiksa" in p.name]
    assert len(produced) == 1 and produced[0].parent == tmp_path


def test_bad_usage_exits_2(tmp_path):
    assert run("check").exit_code == 2
    assert run("check", tmp_path / "missing.xlsx").exit_code == 2
    assert run("explain", "NO-SUCH-RULE").exit_code == 2


def test_missing_nomenclature_list_is_one_clear_message(tmp_path):
    result = run("check", SEED, "--nomenklatur", tmp_path / "tidak-ada.csv")
    assert result.exit_code == 2 and "Pengaturan tidak dapat dipakai: Berkas " in result.output
    assert "tidak-ada.csv tidak ada." in result.output


def test_safety_limits_are_configurable(tmp_path):
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "settings.yaml").write_text("limits:\n  max_member_bytes: 1000\n", encoding="utf-8")
    path = tmp_path / "renja.xlsx"
    shutil.copy(SEED, path)
    result = run("check", path, "--config", rules_dir, "--format", "json")
    entry = json.loads(result.output)["files"][0]
    assert result.exit_code == 2 and "batas aman" in entry["error"]
