"""The DAG file parses cheaply, wires the steps in the documented order, retries, alerts
its failures and publishes an Asset."""
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager

import pytest

from conftest import REPO, SAMPLES, run_parley


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


def test_every_task_retries_and_alerts_its_failure():
    from parley.alerts import on_task_failure

    dag = _dagbag().dags["parley_ingest"]
    for task in dag.tasks:
        assert task.retries >= 1 and task.retry_delay.total_seconds() > 0, task.task_id
        assert task.execution_timeout is not None, task.task_id
        callbacks = task.on_failure_callback if isinstance(task.on_failure_callback, list) else [task.on_failure_callback]
        assert on_task_failure in callbacks, task.task_id


def test_publish_updates_the_warehouse_asset_a_second_dag_is_scheduled_on():
    from parley.airflow_env import WAREHOUSE_ASSET

    bag = _dagbag()
    ingest, consumer = bag.dags["parley_ingest"], bag.dags["parley_warehouse_consumer"]
    outlets = {(task.task_id, outlet.name) for task in ingest.tasks for outlet in task.outlets}
    assert outlets == {("publish", WAREHOUSE_ASSET)}
    assert [ref.name for ref in consumer.schedule] == [WAREHOUSE_ASSET]


def test_doc_md_tells_an_operator_what_params_and_outputs():
    dag = _dagbag().dags["parley_ingest"]
    assert len(dag.doc_md.strip().splitlines()) >= 5
    for needed in (*dag.params.keys(), "report/index.html", "PARLEY_ALERT_FILE", "retries"):
        assert needed in dag.doc_md, needed


class _AlertReceiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _AlertReceiver.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args):
        pass


@contextmanager
def _webhook():
    """A loopback HTTP server that keeps what is POSTed to it."""
    _AlertReceiver.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _AlertReceiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/alerts", _AlertReceiver.received
    finally:
        server.shutdown()


@pytest.mark.slow
def test_a_run_that_fails_is_alerted_to_the_file_and_the_webhook_naming_the_step(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_text("a text file where the warehouse should be\n")
    alert_file = tmp_path / "alerts" / "failures.jsonl"
    with _webhook() as (url, received):
        env = {**os.environ, "PARLEY_ALERT_FILE": str(alert_file), "PARLEY_ALERT_WEBHOOK": url}
        result = run_parley("run", "--input", str(SAMPLES), "--warehouse", str(warehouse), env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    alerts = [json.loads(line) for line in alert_file.read_text().splitlines()]
    assert len(alerts) == 1, alerts
    alert = alerts[0]
    assert alert["dag_id"] == "parley_ingest" and alert["step"] == "discover"
    assert alert["run_id"].startswith("manual__") and alert["warehouse"] == str(warehouse)
    assert "not a valid DuckDB database" in alert["error"]
    assert alert["try_number"] == 2, "alerted once its retry failed too, as under the scheduler"
    assert received == [("application/json", alert)]
    assert warehouse.read_text() == "a text file where the warehouse should be\n"


def test_an_unreachable_webhook_does_not_lose_the_alert_in_the_file(tmp_path):
    from parley.alerts import failure_alert, send

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    alert = failure_alert("parley_ingest", "manual__x", "load", "boom", str(tmp_path / "w.duckdb"))
    send(alert, str(tmp_path / "alerts.jsonl"), closed)
    assert json.loads((tmp_path / "alerts.jsonl").read_text()) == alert


def test_an_alert_lists_the_checks_that_failed_in_its_run(tmp_path):
    from dataclasses import asdict

    from parley.alerts import failure_alert
    from parley.dq_history import record
    from parley.validate import ExpectationResult
    from parley.workspace import Workspace

    def result(run_id: str, table: str, success: bool, blocking: bool = True) -> dict:
        return asdict(ExpectationResult(
            run_id=run_id, validated_at="2026-12-07T00:00:00+00:00", suite="staging", table_name=table,
            expectation_type="expect_column_values_to_be_in_set", description="offsets hold the evidence",
            column_name="at_offsets", kwargs="{}", blocking=blocking, success=success, observed_value=None,
            unexpected_count=0 if success else 1, unexpected_percent=0.0 if success else 10.0,
            unexpected_sample=None if success else '[{"row": "m-1", "value": false}]', rows_checked=10))

    for run_id, rows in {"run-0": [result("run-0", "keys", False)],
                         "run-1": [result("run-1", "evidence_at_offsets", False), result("run-1", "keys", True),
                                   result("run-1", "event_dates", False, blocking=False)]}.items():
        ws = Workspace(tmp_path / "w.duckdb", run_id).ensure()
        ws.build_db.parent.mkdir(parents=True, exist_ok=True)
        record(ws, rows, blocked=True)
    alert = failure_alert("parley_ingest", "run-1", "validate_staging", "staging validation failed", str(ws.warehouse))
    assert [(c["suite"], c["check"]) for c in alert["failed_checks"]] == [("staging", "evidence_at_offsets")]
    assert alert["failed_checks"][0]["failures"][0]["column"] == "at_offsets"


@pytest.mark.slow
def test_a_published_run_records_an_event_of_the_warehouse_asset_naming_its_file(sample_warehouse):
    """What a DAG scheduled on the Asset is triggered by (the metadata database of `parley run`)."""
    import sqlite3
    from pathlib import Path

    from parley.airflow_env import WAREHOUSE_ASSET

    with sqlite3.connect(Path(os.environ["AIRFLOW_HOME"]) / "airflow.db") as con:
        extras = [json.loads(extra) for (extra,) in con.execute(
            "select e.extra from asset_event e join asset a on a.id = e.asset_id where a.name = ?", [WAREHOUSE_ASSET])]
    assert any(extra.get("warehouse") == str(sample_warehouse) and extra.get("run_id") for extra in extras)
