"""Failure alerts: one JSON object per failed run, naming the run, the step and the failed checks.

An alert goes to a file (``PARLEY_ALERT_FILE``, one JSON line appended per failure) and to a
webhook (``PARLEY_ALERT_WEBHOOK``, the same object POSTed as JSON); either or both, or
neither when neither is set. The DAG's tasks call ``on_task_failure`` as their failure
callback; ``parley run`` sends one itself when its run failed without the callback having
fired (Airflow failed before a task ran, or a task's process was killed).
Nothing here imports Airflow: the callback reads the plain context mapping it is given.
"""
from __future__ import annotations

import json
import logging
import os
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from parley.workspace import Workspace

log = logging.getLogger(__name__)

WEBHOOK_TIMEOUT_S = 10


def failed_checks(warehouse: str | Path | None, run_id: str | None) -> list[dict]:
    """The checks that blocked this run, with the expectations that failed in each, from the
    run's data-quality results (parley.dq_history)."""
    from parley.dq_history import pending_results  # it imports DuckDB, which the DAG file must not

    if not warehouse or not run_id:  # a run Airflow could not start has no id and no checks
        return []
    checks: dict[tuple[str, str], list[dict]] = {}
    for row in pending_results(Workspace(Path(warehouse)), run_id):
        if row["blocking"] and not row["success"]:
            checks.setdefault((row["suite"], row["table_name"]), []).append(
                {"expectation": row["expectation_type"], "column": row["column_name"],
                 "unexpected_count": row["unexpected_count"], "sample": row["unexpected_sample"]})
    return [{"suite": suite, "check": check, "failures": failures} for (suite, check), failures in checks.items()]


def failure_alert(dag_id: str, run_id: str, step: str, error: str, warehouse: str | None = None,
                  **extra) -> dict:
    return {"event": "parley_run_failed", "dag_id": dag_id, "run_id": run_id, "step": step,
            "error": error, "failed_checks": failed_checks(warehouse, run_id), "warehouse": warehouse,
            "at": datetime.now(timezone.utc).isoformat(), **extra}


def send(alert: dict, alert_file: str | None = None, webhook: str | None = None) -> None:
    """Append the alert to the alert file and POST it to the webhook (each when configured).

    A webhook that cannot be reached is logged, not raised: the failure being reported
    matters more than the report's delivery, and the file still has it."""
    alert_file = alert_file or os.environ.get("PARLEY_ALERT_FILE")
    webhook = webhook or os.environ.get("PARLEY_ALERT_WEBHOOK")
    line = json.dumps(alert, default=str)
    if alert_file:
        Path(alert_file).parent.mkdir(parents=True, exist_ok=True)
        with open(alert_file, "a") as fh:
            fh.write(line + "\n")
    if webhook:
        # One POST of a small JSON body: the standard library does it without a dependency.
        request = urllib.request.Request(webhook, data=line.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_S) as response:
                response.read()
        except OSError as error:
            log.warning("could not deliver the failure alert to %s: %s", webhook, error)


def on_task_failure(context) -> None:
    """Airflow failure callback (``on_failure_callback``) of every task of the DAG: runs once a
    task has failed for good (its retries spent)."""
    ti = context["ti"]
    params = context.get("params") or {}
    alert = failure_alert(ti.dag_id, context["run_id"], ti.task_id, describe(context.get("exception")),
                          params.get("warehouse"), map_index=getattr(ti, "map_index", -1),
                          try_number=getattr(ti, "try_number", None))
    send(alert)
    if params.get("progress_file"):  # tell `parley run` that this failure is alerted
        with open(params["progress_file"], "a") as fh:
            fh.write(json.dumps({"step": ti.task_id, "state": "alerted", "run_id": context["run_id"]}) + "\n")


def describe(error) -> str:
    """What failed, as the exception says it (a failed validation lists its expectations)."""
    text = str(error).strip() if error is not None else ""
    return text or (type(error).__name__ if error is not None else "the task failed")
