"""A project-local Airflow: its home, DAG folder and SQLite metadata database."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version as package_version
from pathlib import Path

from parley.settings import REPO_ROOT

# The pool of one slot the tasks that write the DuckDB file run in (DuckDB takes one writer).
WRITER_POOL = "parley_duckdb_writer"
# The name of the Asset the published warehouse is: parley_ingest's publish task updates it.
WAREHOUSE_ASSET = "parley_warehouse"


def airflow_env() -> dict[str, str]:
    env = dict(os.environ)
    home = Path(env.get("AIRFLOW_HOME", REPO_ROOT / ".airflow"))
    env.setdefault("AIRFLOW_HOME", str(home))
    env.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(REPO_ROOT / "dags"))
    env.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    env.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "INFO")
    return env


def airflow_bin() -> str:
    return str(Path(sys.executable).with_name("airflow"))


def ensure_metadata_db(env: dict[str, str]) -> None:
    """`airflow db migrate` once per Airflow home and Airflow version (it is idempotent, but
    takes seconds): the home's marker names the version that migrated it."""
    home = Path(env["AIRFLOW_HOME"])
    marker = home / ".parley-ready"
    installed = package_version("apache-airflow-core")
    if marker.exists() and marker.read_text() == installed and (home / "airflow.db").exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run([airflow_bin(), "db", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([airflow_bin(), "pools", "set", WRITER_POOL, "1", "One DuckDB writer"], env=env, check=True,
                   capture_output=True)
    marker.write_text(installed)
