"""The DuckLake path: a run with PARLEY_DUCKLAKE_CATALOG set writes the published marts to a
DuckLake whose catalog is a PostgreSQL database (scripts/ensure-services.sh) and whose data
are Parquet files; readers and several writers share it."""
import os
import secrets
import subprocess
import sys

import pytest

from conftest import SAMPLES, query, run_parley
from parley import local_cluster
from parley.ducklake import connect_lake

pytestmark = pytest.mark.slow
FACTS = "select * from main.fct_meetings order by event_id"


@pytest.fixture(scope="module")
def catalog():
    local_cluster.ensure_services()
    database = f"parley_lake_{secrets.token_hex(4)}"
    local_cluster.psql("postgres", f"create database {database}")
    host, port = local_cluster.PG_HOST.split(":")
    yield (f"postgres:dbname={database} host={host} port={port} user={local_cluster.PG_USER} "
           f"password={local_cluster.PG_PASSWORD}")
    local_cluster.psql("postgres", f"drop database if exists {database} with (force)")


@pytest.fixture(scope="module")
def lake_run(catalog, tmp_path_factory):
    root = tmp_path_factory.mktemp("lake")
    env = {**os.environ, "PARLEY_DUCKLAKE_CATALOG": catalog, "PARLEY_DUCKLAKE_DATA_PATH": str(root / "data")}
    warehouse = root / "parley.duckdb"
    for _ in range(2):  # the second run reads nothing new and publishes the same marts again
        result = run_parley("run", "--input", str(SAMPLES), "--warehouse", str(warehouse), env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    return {"warehouse": warehouse, "catalog": catalog, "data": root / "data"}


def test_a_run_publishes_its_marts_to_the_lake(lake_run):
    with connect_lake(lake_run["catalog"], read_only=True) as lake:
        lake.execute("use lake")
        assert lake.execute(FACTS).fetchall() == query(lake_run["warehouse"], FACTS)
        versions = [v for (v,) in lake.execute(
            "select distinct snapshot_id from ducklake_snapshots('lake') order by 1").fetchall()]
        # Each run's publication is one snapshot, and the first is still readable.
        first_publication = versions[-2]
        at_first = lake.execute(f"select count(*) from main.fct_meetings at (version => {first_publication})")
        assert at_first.fetchone()[0] == len(query(lake_run["warehouse"], FACTS))
    assert list(lake_run["data"].rglob("*.parquet")), "the data are Parquet files"


WRITER = """
import sys
from parley.ducklake import connect_lake
with connect_lake(sys.argv[1], sys.argv[2]) as con:
    con.execute(f"create table lake.main.writer_{sys.argv[3]} as select range as n from range(1000)")
"""


def test_several_processes_write_to_the_lake_at_once(lake_run):
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, lake_run["catalog"], str(lake_run["data"]), str(n)],
                                stderr=subprocess.PIPE, text=True) for n in range(3)]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    with connect_lake(lake_run["catalog"], read_only=True) as lake:
        counts = [lake.execute(f"select count(*) from lake.main.writer_{n}").fetchone()[0] for n in range(3)]
    assert counts == [1000, 1000, 1000]


def test_a_failed_catalog_statement_says_why(catalog):
    with pytest.raises(RuntimeError, match='relation "no_such_table" does not exist'):
        local_cluster.psql("postgres", "select * from no_such_table")
