"""The DAG under Airflow's CeleryExecutor with real services on loopback: PostgreSQL as the
metadata database, Redis as the broker, the api-server, the scheduler, the dag-processor
and two Celery workers (parley.local_cluster starts them and stops them after)."""
from pathlib import Path

import pytest

from conftest import SAMPLES, query
from parley.airflow_env import WRITER_POOL
from parley.local_cluster import LocalCeleryCluster

FACT_TABLES = ["fct_meetings", "bridge_meeting_participants", "fct_invitations", "fct_refusals",
               "fct_acceptances", "event_mentions", "dim_actors"]


@pytest.fixture(scope="module")
def celery_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("celery")
    warehouse = root / "warehouse" / "parley.duckdb"
    # One article a batch, so the five samples make five mapped extraction tasks.
    with LocalCeleryCluster(root / "airflow", workers=2, env={"PARLEY_BATCH_SIZE": "1"}) as cluster:
        run_id = cluster.trigger({"input_dir": str(SAMPLES), "warehouse": str(warehouse)})
        state = cluster.wait(run_id, timeout=1200)
        tasks = cluster.task_hosts(run_id)
        pools = dict(cluster.query(f"select task_id, pool from task_instance where run_id = '{run_id}' "
                                   "and map_index = -1"))
    return {"state": state, "tasks": tasks, "pools": pools, "warehouse": warehouse}


def test_the_run_succeeds_with_extraction_spread_over_both_workers(celery_run):
    assert celery_run["state"] == "success", celery_run["tasks"]
    extract_hosts = {host for task, _index, host, _state in celery_run["tasks"] if task == "extract"}
    assert len([t for t in celery_run["tasks"] if t[0] == "extract"]) == 5
    assert {host.split("@")[0] for host in extract_hosts} == {"worker-1", "worker-2"}


def test_tasks_that_write_duckdb_share_the_one_slot_pool(celery_run):
    assert {task for task, pool in celery_run["pools"].items() if pool == WRITER_POOL} == {
        "load", "dbt_build", "publish"}


@pytest.mark.parametrize("table", FACT_TABLES)
def test_the_facts_equal_the_single_process_run(celery_run, sample_warehouse: Path, table):
    distributed = sorted(map(repr, query(celery_run["warehouse"], f"select * from main.{table}")))
    single = sorted(map(repr, query(sample_warehouse, f"select * from main.{table}")))
    assert distributed and distributed == single
