"""The drop folder tells a resubmission what changed: the same name arriving again with new
content gets, under its one-line summary, which earlier findings were fixed, which are new and
which remain (what `check --since` prints)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import WORKBOOKS

from reconcile.watch import DropFolder

SEED = WORKBOOKS / "renja_disnaker_pontianak_2024.xlsx"
CORRECTED = WORKBOOKS / "corrected" / "renja_disnaker_pontianak_2024.xlsx"


def _drop(src: Path, dest: Path) -> None:
    tmp = dest.parent.parent / (dest.name + ".kopi")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def _txt(outbox: Path) -> list[str]:
    return (outbox / "renja.hasil.txt").read_text(encoding="utf-8-sig").splitlines()


def test_a_resubmitted_workbook_is_told_which_findings_were_fixed(tmp_path):
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    _drop(SEED, inbox / "renja.xlsx")
    DropFolder(inbox, settle=0, log=lambda *_: None).run_once(max_wait=60)
    first = _txt(inbox / "hasil")
    assert len(first) == 1  # a first submission: its summary line only

    _drop(CORRECTED, inbox / "renja.xlsx")
    DropFolder(inbox, settle=0, log=lambda *_: None).run_once(max_wait=60)
    lines = _txt(inbox / "hasil")
    assert lines[0].startswith("renja.xlsx: 0 ")  # the corrected copy has no error
    fixed = [line for line in lines[1:] if "diperbaiki:" in line]
    # the seed's narrative total "Rp. 4.704.246.00" (CLAIM-TOTAL) is one of the fixed findings
    assert any("CLAIM-TOTAL" in line for line in fixed), lines[:12]
