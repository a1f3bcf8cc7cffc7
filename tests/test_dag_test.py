"""`parley run` starts `airflow dags test` through parley.dag_test, whose in-process execution
API is built for the versions the task SDK speaks only, and which spares Airflow's start work
it needs not do there (frequent collections, legacy metric names, the migration check); a
whole run through it is in test_end_to_end.py."""
import gc
import json
import subprocess
import sys

from parley import dag_test
from parley.airflow_env import airflow_env, ensure_metadata_db

# In a process of its own: the trim changes Airflow's module state for the process.
SERVE = """
import json
from airflow.api_fastapi.execution_api import versions
from airflow.sdk.api.datamodels._generated import API_VERSION
full = [v.value for v in versions.bundle.versions]
from parley.dag_test import trim_execution_api_versions
trimmed = trim_execution_api_versions()
import httpx
from airflow.api_fastapi.execution_api.app import InProcessExecutionAPI
api = InProcessExecutionAPI()
client = httpx.Client(transport=api.transport, base_url="http://in-process.invalid./")
answer = client.get("/health", headers={"Airflow-API-Version": API_VERSION})
print(json.dumps({"full": full, "kept": [v.value for v in versions.bundle.versions], "trimmed": trimmed,
                  "sdk": API_VERSION, "status": answer.status_code, "body": answer.json()}))
"""


def test_the_in_process_api_serves_the_sdk_version_built_for_fewer_versions():
    done = subprocess.run([sys.executable, "-c", SERVE], env=airflow_env(), capture_output=True, text=True,
                          check=True)
    served = json.loads(done.stdout.strip().splitlines()[-1])
    assert served["trimmed"] and served["full"][0] == served["sdk"]
    assert served["kept"] == served["full"][:3] and len(served["full"]) > 3
    assert (served["status"], served["body"]) == (200, {"status": "healthy"})


FIND_DAG = """
import json
from airflow.dag_processing import dagbag
from airflow.utils.cli import get_bagged_dag
synced = []
write = dagbag.sync_bag_to_db
dagbag.sync_bag_to_db = lambda bag, bundle, *rest, **kw: (synced.append(bundle), write(bag, bundle, *rest, **kw))[1]
from parley.dag_test import bundle_args
args = bundle_args()
dag = get_bagged_dag(args[1::2], "parley_ingest")
print(json.dumps({"args": args, "dag": dag.dag_id, "synced": synced}))
"""


def test_dags_test_is_given_the_bundles_so_it_finds_the_dag_without_writing_it():
    """`DAG.test` writes the DAGs to the metadata database itself: found by bundle name,
    the DAG is parsed only before it (without the names, `dags test` writes them twice)."""
    done = subprocess.run([sys.executable, "-c", FIND_DAG], env=airflow_env(), capture_output=True, text=True,
                          check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"args": ["--bundle-name", "dags-folder"], "dag": "parley_ingest", "synced": []}


def test_the_young_generation_is_collected_less_often_than_at_pythons_default():
    default = gc.get_threshold()
    try:
        dag_test.collect_garbage_less_often()
        assert gc.get_threshold() == (dag_test.GC_YOUNG_THRESHOLD, *default[1:])
        assert dag_test.GC_YOUNG_THRESHOLD > default[0]
    finally:
        gc.set_threshold(*default)


def test_the_process_settings_are_defaults_that_the_environment_overrides():
    name = next(iter(dag_test.SETTINGS))
    environ = {name: "the environment's"}
    dag_test.use_settings(environ)
    assert environ == {**dag_test.SETTINGS, name: "the environment's"}


# In a process of its own: the stats module's state is the process's.
METRIC = """
import json
from airflow._shared.observability.metrics import stats
from parley.dag_test import initialize_stats
initialize_stats()
stats.incr("ti.start", tags={"dag_id": "a_dag", "task_id": "a_task"})
print(json.dumps({"legacy_names": stats._export_legacy_names, "registry_read": stats._registry is not None}))
"""


def test_the_core_metrics_follow_the_config_so_no_legacy_name_is_looked_up_when_it_turns_them_off():
    """`dags test` leaves Airflow's core metrics on their defaults: the first metric reads the
    legacy names' registry from YAML, to send them nowhere."""
    env = {**airflow_env(), "AIRFLOW__METRICS__LEGACY_NAMES_ON": "False"}
    done = subprocess.run([sys.executable, "-c", METRIC], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"legacy_names": False, "registry_read": False}


def test_the_metadata_database_is_migrated_again_when_another_airflow_version_is_installed(tmp_path, monkeypatch):
    """What makes the CLI's own migration check redundant under `parley run`."""
    commands = []
    monkeypatch.setattr(subprocess, "run", lambda command, **_: commands.append(command[1:3]))
    env = {"AIRFLOW_HOME": str(tmp_path)}
    (tmp_path / "airflow.db").touch()
    (tmp_path / ".parley-ready").write_text("2.10.0")  # a home that an older Airflow migrated
    ensure_metadata_db(env)
    assert commands == [["db", "migrate"], ["pools", "set"]]
    commands.clear()
    ensure_metadata_db(env)
    assert commands == []
