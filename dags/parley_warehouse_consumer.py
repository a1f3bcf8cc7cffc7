"""Example: a DAG scheduled on the published warehouse, which runs after every publish of parley_ingest.

`parley_ingest`'s `publish` task updates the Asset `parley_warehouse`; this DAG runs on each
such update and logs how many events each fact table of the newly published warehouse holds.
Start a DAG of your own from it: exports, dashboards refreshed, a model retrained on new facts.
The asset event carries the published file's path and the run that published it
(`extra["warehouse"]`, `extra["run_id"]`), since `parley run --warehouse` may publish elsewhere
than the default path the Asset's URI names.
"""
from __future__ import annotations

import pendulum
from airflow.sdk import Asset, dag, get_current_context, task

from parley.airflow_env import WAREHOUSE_ASSET


@dag(
    dag_id="parley_warehouse_consumer",
    schedule=[Asset.ref(name=WAREHOUSE_ASSET)],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["parley", "example"],
    doc_md=__doc__,
)
def parley_warehouse_consumer():
    @task
    def count_facts() -> dict:
        from parley.facts import published_fact_counts

        counts = {}
        for events in get_current_context()["triggering_asset_events"].values():
            for event in events:
                counts[event.extra["run_id"]] = published_fact_counts(event.extra["warehouse"])
                print(f"run {event.extra['run_id']} published {event.extra['warehouse']}: {counts[event.extra['run_id']]}")
        return counts

    count_facts()


parley_warehouse_consumer()
