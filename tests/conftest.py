import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from parley.airflow_env import airflow_env

os.environ.update(airflow_env())  # the project-local Airflow home, before anything imports Airflow

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "articles"
PARLEY = str(Path(sys.executable).with_name("parley"))


def run_parley(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PARLEY, *args], capture_output=True, text=True, env=env, timeout=900)


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The bundled samples run once through the real DAG, shared by the end-to-end tests."""
    warehouse = tmp_path_factory.mktemp("wh") / "parley.duckdb"
    result = run_parley("run", "--input", str(SAMPLES), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    return warehouse


SHARED_CORPUS = Path(os.environ.get("PARLEY_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def shared_warehouse(tmp_path_factory) -> Path:
    """The shared corpus (third-party articles kept beside the repo for measuring) run once
    through the real DAG; tests that need it are skipped where it is not present."""
    if not (SHARED_CORPUS / "articles").is_dir():
        pytest.skip(f"no shared corpus at {SHARED_CORPUS} (set PARLEY_SHARED_CORPUS)")
    warehouse = tmp_path_factory.mktemp("shared") / "parley.duckdb"
    result = run_parley("run", "--input", str(SHARED_CORPUS / "articles"), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    return warehouse
