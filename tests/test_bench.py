"""The benchmark's quick mode runs and writes its figures (CI checks it works, not how fast)."""
import json
import subprocess
import sys

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def test_quick_benchmark_writes_its_table():
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    figures = json.loads((REPO / "bench" / "results" / "quick.json").read_text())
    [size] = figures["sizes"]
    assert size["articles"] == 100
    assert size["bare_parse"]["articles_per_s"] > 0 and size["extraction"]["articles_per_s"] > 0
    assert set(size["dag"]["tasks"]) >= {"discover", "extract", "load", "transform", "publish"}
    assert "| articles |" in (REPO / "bench" / "results" / "quick.md").read_text()


def test_validation_benchmark_runs_on_the_current_warehouse_schema():
    result = subprocess.run([sys.executable, str(REPO / "bench" / "validation.py"), "--rows", "20000"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "all passed: True" in result.stdout and "violations: 0" in result.stdout
