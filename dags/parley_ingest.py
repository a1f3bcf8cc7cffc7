"""Ingest new articles into the Parley warehouse: discover, extract, load, validate, transform, validate, publish, report."""
from __future__ import annotations

import os
from pathlib import Path

import pendulum
from airflow.sdk import Param, dag, get_current_context, task

from parley.airflow_env import WRITER_POOL

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = os.environ.get("PARLEY_INPUT_DIR", str(REPO_ROOT / "samples" / "articles"))
DEFAULT_WAREHOUSE = os.environ.get("PARLEY_WAREHOUSE", str(REPO_ROOT / "warehouse" / "parley.duckdb"))
DEFAULT_FEEDS = [url.strip() for url in os.environ.get("PARLEY_FEEDS", "").split(",") if url.strip()]
SCHEDULE = os.environ.get("PARLEY_SCHEDULE", "@hourly")


@dag(
    dag_id="parley_ingest",
    schedule=None if SCHEDULE.lower() == "none" else SCHEDULE,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["parley"],
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
        params = context["params"]
        return pipeline.prepare(params["input_dir"], params["warehouse"], context["run_id"], params["progress_file"],
                                params["feeds"])

    @task
    def discover(ctx: dict) -> list[str]:
        from parley import pipeline

        return pipeline.discover(ctx, get_current_context()["params"]["mode"])

    @task(max_active_tis_per_dagrun=2)
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
        from parley import pipeline

        return pipeline.validate(ctx, "staging")

    @task(pool=WRITER_POOL)
    def dbt_build(ctx: dict, _validated: dict) -> str:
        from parley import pipeline

        return pipeline.transform(ctx)

    @task
    def validate_marts(ctx: dict, _docs: str) -> dict:
        from parley import pipeline

        return pipeline.validate(ctx, "marts")

    @task(pool=WRITER_POOL)
    def publish(ctx: dict, _validated: dict) -> dict:
        from parley import pipeline

        return pipeline.publish(ctx)

    @task
    def report(ctx: dict, _published: dict) -> str:
        from parley import pipeline

        return pipeline.report(ctx)

    ctx = prepare()
    batches = discover(ctx)
    results = extract.partial(ctx=ctx).expand(batch=batches)
    loaded = load(ctx, results)
    published = publish(ctx, validate_marts(ctx, dbt_build(ctx, validate_staging(ctx, loaded))))
    report(ctx, published)


parley_ingest()
