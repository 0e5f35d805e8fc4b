"""Issue #14: every error finding on the shared real workbooks is one a verifier would thank us for.

`tests/real/labels/errors.json` holds, for each error finding `reconcile check` gives on
`../shared/real-workbooks`, a label written after reading the cells: `true` (a real problem) or
`false` (a false alarm), with a one-line reason. This test fails when a finding labelled false comes
back, and when an error finding nobody has labelled appears (read the cells, then label it). The
precision -- labelled-true errors over all errors -- must stay at or above 95 %.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED

REAL = SHARED / "real-workbooks"
LABELS = Path(__file__).parent / "labels" / "errors.json"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-workbooks is not here")


@pytest.fixture(scope="module")
def errors() -> list[tuple[str, str, str, str]]:
    proc = subprocess.run([sys.executable, "-m", "reconcile", "check", str(REAL), "--format", "json", "--jobs", "2",
                           "--quiet"], capture_output=True, timeout=900)
    doc = json.loads(proc.stdout.decode("utf-8"))
    return sorted((Path(f["path"]).name, x["rule"], x["sheet"], x["cell"])
                  for f in doc["files"] for x in f["findings"] if x["severity"] == "error")


def _labels() -> dict[tuple[str, str, str, str], dict]:
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    return {(e["file"], e["rule"], e["sheet"], e["cell"]): e for e in data["findings"]}


def test_no_false_alarm_comes_back_and_every_error_is_labelled(errors):
    labels = _labels()
    false_again = [e for e in errors if e in labels and not labels[e]["true"]]
    unlabelled = [e for e in errors if e not in labels]
    assert false_again == [], f"false alarms are back: {false_again}"
    assert unlabelled == [], f"error findings nobody has read and labelled yet: {unlabelled}"


def test_precision_on_real_workbooks(errors):
    labels = _labels()
    if not errors:
        return
    true = sum(1 for e in errors if labels.get(e, {}).get("true"))
    assert true / len(errors) >= 0.95


def test_every_label_says_why():
    for key, entry in _labels().items():
        assert isinstance(entry["true"], bool) and len(entry["reason"]) > 20, key
