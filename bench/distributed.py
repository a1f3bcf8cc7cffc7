"""Benchmark: the same articles through the single-process run and through two Celery workers.

    .venv/bin/python bench/distributed.py --articles 500

(1) `parley run` (`airflow dags test`, every task in one process) and (2) the DAG triggered on
a local CeleryExecutor cluster (parley.local_cluster: PostgreSQL, Redis, api-server,
scheduler, dag-processor and N workers on loopback), over the same generated corpus
(bench/run.py's, fixed seed). Prints both wall times (the cluster's start-up apart), which
worker ran each extraction batch, and whether both warehouses hold the same facts; writes
bench/results/distributed.json and .md.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import RESULTS, run_dag, write_corpus  # noqa: E402

from parley.local_cluster import LocalCeleryCluster  # noqa: E402

FACT_TABLES = ["fct_meetings", "bridge_meeting_participants", "fct_invitations", "fct_refusals", "fct_acceptances"]


def facts(warehouse: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(f"select * from main.{t}").fetchall())) for t in FACT_TABLES}


def run_on_cluster(folder: Path, warehouse: Path, home: Path, workers: int) -> dict:
    started = time.perf_counter()
    with LocalCeleryCluster(home, workers=workers) as cluster:
        ready = time.perf_counter()
        run_id = cluster.trigger({"input_dir": str(folder), "warehouse": str(warehouse)})
        state = cluster.wait(run_id, timeout=7200)
        finished = time.perf_counter()
        tasks = cluster.task_hosts(run_id)
        task_seconds = {task: round(float(seconds), 1) for task, seconds in cluster.query(
            "select task_id, sum(extract(epoch from end_date - start_date)) from task_instance "
            f"where run_id = '{run_id}' group by task_id order by min(start_date)")}
    batches = collections.Counter(host.split("@")[0] for task, _i, host, _s in tasks if task == "extract")
    return {"state": state, "startup_s": round(ready - started, 1), "run_s": round(finished - ready, 1),
            "extract_batches_by_worker": dict(sorted(batches.items())), "task_seconds": task_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_corpus(work / "articles", args.articles, args.seed)
        single_s, _steps = run_dag(work / "articles", work / "single" / "parley.duckdb")
        cluster = run_on_cluster(work / "articles", work / "celery" / "parley.duckdb", work / "airflow",
                                 args.workers)
        same = facts(work / "single" / "parley.duckdb") == facts(work / "celery" / "parley.duckdb")
    results = {"articles": args.articles, "workers": args.workers, "single_process_s": round(single_s, 1),
               **cluster, "same_facts": same}
    table = "\n".join([
        "| articles | single process (`parley run`) | CeleryExecutor, {w} workers | cluster start-up | "
        "extraction batches by worker | same facts |".format(w=args.workers),
        "|---|---|---|---|---|---|",
        f"| {args.articles} | {results['single_process_s']} s | {results['run_s']} s ({results['state']}) | "
        f"{results['startup_s']} s | {results['extract_batches_by_worker']} | {same} |",
    ])
    table += "\n\nCelery run, task seconds (summed over mapped tasks): " + ", ".join(
        f"{task} {seconds}" for task, seconds in results["task_seconds"].items())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "distributed.json").write_text(json.dumps(results, indent=1))
    (RESULTS / "distributed.md").write_text(table + "\n")
    print(json.dumps(results, indent=1))
    print(table)


if __name__ == "__main__":
    main()
