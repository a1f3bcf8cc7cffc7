"""The DAG file parses cheaply and wires the steps in the documented order."""
import subprocess
import sys

from conftest import REPO


def _dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(str(REPO / "dags"))


def test_dag_imports_without_errors():
    bag = _dagbag()
    assert bag.import_errors == {}
    assert "parley_ingest" in bag.dag_ids


def test_dag_structure_and_schedule():
    dag = _dagbag().dags["parley_ingest"]
    order = ["prepare", "discover", "extract", "load", "validate_staging", "dbt_build", "validate_marts", "publish",
             "report"]
    assert set(order) <= set(dag.task_ids)
    for upstream, downstream in zip(order, order[1:]):
        assert downstream in dag.get_task(upstream).downstream_task_ids, (upstream, downstream)
    assert dag.catchup is False
    assert dag.schedule == "@hourly"
    assert {"input_dir", "warehouse"} <= set(dag.params.keys())


def test_dag_file_imports_nothing_heavy():
    code = ("import runpy, sys; runpy.run_path(%r); "
            "heavy = [m for m in ('spacy', 'dbt.cli.main', 'great_expectations', 'duckdb') if m in sys.modules]; "
            "print(heavy)") % str(REPO / "dags" / "parley_ingest.py")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
