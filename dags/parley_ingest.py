"""Ingest new articles into the Parley warehouse: discover, extract, load, validate, transform, validate, publish, report.

**What it does.** Reads the new or changed article files of `input_dir` (and the `feeds`),
extracts diplomatic events with spaCy, loads them into a build copy of the warehouse, validates
it with Great Expectations, builds the marts with dbt, validates them, and only then publishes
the build over the warehouse analysts open. A failed validation stops the run before publish.

**Params.** `input_dir`: folder of articles (`PARLEY_INPUT_DIR`); `warehouse`: the published
DuckDB file (`PARLEY_WAREHOUSE`); `feeds`: RSS/Atom URLs (`PARLEY_FEEDS`); `progress_file`:
set by `parley run` only; `mode`: `ingest` (default) or `reextract`, which re-reads the stored
articles with the current extractor (`parley reextract`).

**Outputs.** The warehouse file (the Asset `parley_warehouse`, updated by `publish`) and beside
it `<warehouse>.parley/`: `report/index.html` (run report), `dq_report/index.html` (checks),
`dbt_docs/`, `runs/<run_id>/` (the run's files) and `failed/` (builds that failed validation).

**When it fails.** Every task retries once after a delay (a failed validation does not: it
would fail again), and every failure is alerted with its run, step and failed checks to
`PARLEY_ALERT_FILE` (a JSON line) and `PARLEY_ALERT_WEBHOOK` (a JSON POST).

**One writer.** The run holds the warehouse's writer lease from `prepare` to `finish`
(`parley/lock.py`); a second run waits `PARLEY_LOCK_WAIT` seconds, then fails saying which run
holds it.
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task, teardown
from airflow.sdk.exceptions import AirflowFailException

from parley.airflow_env import WAREHOUSE_ASSET, WRITER_POOL
from parley.alerts import on_task_failure

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = os.environ.get("PARLEY_INPUT_DIR", str(REPO_ROOT / "samples" / "articles"))
DEFAULT_WAREHOUSE = os.environ.get("PARLEY_WAREHOUSE", str(REPO_ROOT / "warehouse" / "parley.duckdb"))
DEFAULT_FEEDS = [url.strip() for url in os.environ.get("PARLEY_FEEDS", "").split(",") if url.strip()]
SCHEDULE = os.environ.get("PARLEY_SCHEDULE", "@hourly")
# The published warehouse: DAGs scheduled on it run after each publish (see parley_warehouse_consumer).
PUBLISHED_WAREHOUSE = Asset(name=WAREHOUSE_ASSET, uri=Path(DEFAULT_WAREHOUSE).resolve().as_uri())

DEFAULT_ARGS = {
    "retries": 1,
    "retry_delay": timedelta(seconds=int(os.environ.get("PARLEY_RETRY_DELAY_S", "120"))),
    "execution_timeout": timedelta(minutes=30),
    "on_failure_callback": on_task_failure,
}
# An extraction task's time grows with PARLEY_BATCH_SIZE: 50 articles take seconds, but a
# deployment with few, large batches (thousands of articles each) needs long tasks.
EXTRACT_TIMEOUT = timedelta(hours=2)


def _validate(ctx: dict, suite: str) -> dict:
    from parley import pipeline
    from parley.failures import ValidationFailed

    try:
        return pipeline.validate(ctx, suite)
    except ValidationFailed as failed:
        raise AirflowFailException(str(failed)) from failed  # the same build fails again: no retry


DAG_ID = "parley_ingest"


@dag(
    dag_id=DAG_ID,
    schedule=None if SCHEDULE.lower() == "none" else SCHEDULE,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["parley"],
    default_args=DEFAULT_ARGS,
    params={
        "input_dir": Param(DEFAULT_INPUT, type="string", description="Folder of article files to ingest"),
        "warehouse": Param(DEFAULT_WAREHOUSE, type="string", description="Published DuckDB file analysts open"),
        "feeds": Param(DEFAULT_FEEDS, type="array", description="RSS/Atom feed URLs to read as well"),
        "progress_file": Param(None, type=["null", "string"], description="Where `parley run` follows progress"),
        "mode": Param("ingest", enum=["ingest", "reextract"],
                      description="ingest: read new files; reextract: re-read the stored articles (parley reextract)"),
    },
    doc_md=__doc__,
)
def parley_ingest():
    @task
    def prepare() -> dict:
        from parley import pipeline

        context = get_current_context()
        params, ti = context["params"], context["ti"]
        return pipeline.prepare(params["input_dir"], params["warehouse"], context["run_id"], params["progress_file"],
                                params["feeds"], lambda run_id: ti.get_dagrun_state(dag_id=DAG_ID, run_id=run_id))

    @task
    def discover(ctx: dict) -> list[str]:
        from parley import pipeline

        return pipeline.discover(ctx, get_current_context()["params"]["mode"])

    @task(max_active_tis_per_dagrun=2, execution_timeout=EXTRACT_TIMEOUT)
    def extract(batch: str, ctx: dict) -> dict:
        from parley import pipeline

        return pipeline.extract(ctx, batch)

    # One writer: DuckDB takes a single writing process, so the tasks that write the build
    # file share a pool of one slot. With no new files the mapped extraction expands to
    # nothing and is skipped; loading still runs and records the run.
    @task(trigger_rule="none_failed", pool=WRITER_POOL)
    def load(ctx: dict, results: list[dict]) -> dict:
        from parley import pipeline

        return pipeline.load(ctx, results)

    @task
    def validate_staging(ctx: dict, _loaded: dict) -> dict:
        return _validate(ctx, "staging")

    @task(pool=WRITER_POOL)
    def dbt_build(ctx: dict, _validated: dict) -> str:
        from parley import pipeline

        return pipeline.transform(ctx)

    @task
    def validate_marts(ctx: dict, _docs: str) -> dict:
        return _validate(ctx, "marts")

    @task(pool=WRITER_POOL, outlets=[PUBLISHED_WAREHOUSE])
    def publish(ctx: dict, _validated: dict) -> dict:
        from parley import pipeline

        published = pipeline.publish(ctx)
        # The file this run published, which --warehouse may have put elsewhere than the Asset's URI.
        get_current_context()["outlet_events"][PUBLISHED_WAREHOUSE].extra = {
            "warehouse": published["warehouse"], "run_id": ctx["run_id"]}
        return published

    @task
    def report(ctx: dict, _published: dict) -> str:
        from parley import pipeline

        return pipeline.report(ctx)

    # Runs whatever became of the tasks after prepare (a teardown: the run's state is theirs).
    @teardown
    def finish() -> None:
        from parley import pipeline

        context = get_current_context()
        pipeline.finish(context["params"]["warehouse"], context["run_id"])

    ctx = prepare()
    batches = discover(ctx)
    results = extract.partial(ctx=ctx).expand(batch=batches)
    loaded = load(ctx, results)
    published = publish(ctx, validate_marts(ctx, dbt_build(ctx, validate_staging(ctx, loaded))))
    report(ctx, published) >> finish()


parley_ingest()
