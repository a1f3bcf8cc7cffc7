import json
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
