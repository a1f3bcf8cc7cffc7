"""`airflow dags test`, as `parley run` starts it, with a lighter in-process execution API.

Under `dags test` the tasks talk to Airflow's execution API inside the same process. At its
first request the API builds its routes for every API version it has ever had (Cadwyn), each
from the newer one: 3.9 s of CPU, the largest part of starting a run. The tasks here speak
one version only, the task SDK's own, so the API is built with that version and the one
before it (whose changes some routes of the newest are defined by): 1.2 s. When the SDK
speaks another version than the API's newest, the API is left as Airflow builds it.

The process collects garbage less often (what Airflow's start builds lives for the run),
initializes Airflow's metrics as the scheduler does, and leaves out two things that cost CPU
for nothing here: the metrics' legacy names (no metrics are sent) and the CLI's migration
check (`parley run` migrates the database for the installed Airflow before it starts this).

`dags test` also parses the DAG folder and writes its DAGs to the metadata database before
`DAG.test`, which parses and writes them again. Named bundles (those configured: parley's is
the DAG folder) make the first a parse only.

    python -m parley.dag_test parley_ingest --conf '{...}'   # = airflow dags test ...
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import MutableMapping

# The API's versions kept: the SDK's, and one older to restore the routes it moved.
VERSIONS_KEPT = 2
# Allocations between two collections of the young generation (Python's default: 700).
GC_YOUNG_THRESHOLD = 10_000
# Airflow's settings for this process; the environment's own values win.
SETTINGS = {
    # No metrics are sent (no StatsD or OpenTelemetry here), and their legacy names cost a
    # YAML read of their registry in each of Airflow's two stats modules (0.2-0.3 s of CPU).
    "AIRFLOW__METRICS__LEGACY_NAMES_ON": "False",
    # `parley run` has just migrated the database for the installed Airflow
    # (parley/airflow_env.py); the CLI's check reads every migration script to find out again.
    "AIRFLOW__DATABASE__CHECK_MIGRATIONS": "False",
}


def trim_execution_api_versions() -> bool:
    """Give the in-process execution API only the versions the task SDK needs; whether it did."""
    from airflow.api_fastapi.execution_api import versions
    from airflow.sdk.api.datamodels._generated import API_VERSION
    from cadwyn import HeadVersion, Version, VersionBundle

    full = versions.bundle
    if full.versions[0].value != API_VERSION or len(full.versions) <= VERSIONS_KEPT:
        return False
    kept = full.versions[:VERSIONS_KEPT]
    changes = [*full.head_version.changes, *(change for version in kept for change in version.changes)]
    for change in changes:
        change._bound_version_bundle = None  # Cadwyn binds a change to one bundle: free it for the new one
    versions.bundle = VersionBundle(HeadVersion(*full.head_version.changes),
                                    *(Version(version.value, *version.changes) for version in kept),
                                    Version(full.versions[VERSIONS_KEPT].value))
    return True


def bundle_args() -> list[str]:
    """`--bundle-name` for each configured DAG bundle, the folders `dags test` looks in."""
    from airflow.dag_processing.bundles.manager import DagBundlesManager

    return [arg for bundle in DagBundlesManager().get_all_dag_bundles() for arg in ("--bundle-name", bundle.name)]


def collect_garbage_less_often() -> None:
    """Let the young generation grow before a collection. Airflow's imports alone create about
    280,000 objects that live for the whole run; at Python's default (a collection every 700
    allocations) they cost 600 collections, 60 of the middle generation and 5 full ones, each
    walking again what the imports had built."""
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def initialize_stats() -> None:
    """Set up Airflow's core metrics from the config, as the scheduler does at its start;
    `dags test` does not, which leaves them on their defaults (legacy names on)."""
    from airflow.configuration import conf
    from airflow.observability import stats
    from airflow.observability.metrics.stats_utils import get_stats_factory

    stats.initialize(factory=get_stats_factory(), export_legacy_names=conf.getboolean("metrics", "legacy_names_on"))


def use_settings(environ: MutableMapping[str, str]) -> None:
    for name, value in SETTINGS.items():
        environ.setdefault(name, value)


def main(args: list[str]) -> None:
    collect_garbage_less_often()
    use_settings(os.environ)  # before Airflow reads its config
    trim_execution_api_versions()
    initialize_stats()
    from airflow.__main__ import main as airflow_main

    sys.argv = ["airflow", "dags", "test", *args, *bundle_args()]
    airflow_main()


if __name__ == "__main__":
    main(sys.argv[1:])
