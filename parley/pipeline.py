"""The steps of one run, in order, each a plain function the DAG's tasks call.

read -> clean -> extract (parley.extract), load (parley.load), validate staging
(parley.validate), transform (parley.transform), validate marts, publish
(parley.publish), report (parley.report). Steps pass a small run context (paths and ids), never data.
"""
from __future__ import annotations

import gc
import json
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from parley import corrections, reextract, warm_steps
from parley import load as load_stage
from parley import lock as writer_lease
from parley import publish as publish_stage
from parley.dq_history import write_history_table
from parley.facts import fact_counts
from parley.failures import ValidationFailed
from parley.settings import settings
from parley.workspace import Workspace

# Steps import the heavy libraries they need (spaCy, Great Expectations, dbt, datasketch)
# in their own body: on the CeleryExecutor every task is a fresh process, and an extraction
# task should not spend six seconds importing Great Expectations. They import them before
# their step starts, so that the step's gc.freeze() covers what the import built.


def _ws(ctx: dict) -> Workspace:
    return Workspace(Path(ctx["warehouse"]), ctx["run_id"])


def lease_owner(run_id: str) -> str:
    """Who a DAG run writes as: the writer that started it (``parley run`` holds the lease and
    names it in PARLEY_WRITER_LEASE), else the DAG run itself (a scheduled run)."""
    return os.environ.get(writer_lease.LEASE_ENV) or _dag_run_owner(run_id)


def _dag_run_owner(run_id: str) -> str:
    return f"dag run {run_id}"


def progress(ctx: dict, step: str, **fields) -> None:
    """Append a line to the run's progress file, which `parley run` shows as the run goes."""
    line = json.dumps({"step": step, "at": datetime.now(timezone.utc).isoformat(), **fields}, default=str)
    for path in filter(None, [ctx.get("progress_file"), str(_ws(ctx).run_dir(ctx["run_id"]) / "progress.jsonl")]):
        with open(path, "a") as fh:
            fh.write(line + "\n")


@contextmanager
def step(ctx: dict, name: str):
    # What earlier steps imported and loaded (Airflow, spaCy's model, dbt, Great Expectations)
    # lives as long as the process: the collector need not scan it again at every full
    # collection, which took a third of a small run.
    gc.freeze()
    progress(ctx, name, state="running")
    try:
        with writer_lease.renewing(Path(ctx["warehouse"]), lease_owner(ctx["run_id"])):
            yield
    except Exception as error:
        progress(ctx, name, state="failed", error=str(error))
        raise
    progress(ctx, name, state="done")


def prepare(input_dir: str, warehouse: str, run_id: str, progress_file: str | None = None,
            feed_urls: list[str] | None = None, run_state: writer_lease.RunState | None = None) -> dict:
    """Take the warehouse's writer lease (waiting for another run at most PARLEY_LOCK_WAIT
    seconds), then start the run's own build copy. ``run_state`` tells whether another DAG
    run holding the lease is still going."""
    ctx = {"input_dir": str(Path(input_dir).resolve()), "warehouse": str(Path(warehouse).resolve()),
           "run_id": run_id, "progress_file": progress_file, "feeds": list(feed_urls or [])}
    ws = _ws(ctx)
    ws.run_dir(run_id).mkdir(parents=True, exist_ok=True)
    with step(ctx, "prepare"):
        # A scheduled run's lease is its DAG run's: its tasks may each be a process of their own.
        owner = lease_owner(run_id)
        writer_lease.acquire(ws.warehouse, owner, f"DAG run {run_id}", run_state=run_state,
                             dag_run_id=run_id if owner == _dag_run_owner(run_id) else None,
                             notify=lambda message: progress(ctx, "prepare", state="waiting", message=message))
        publish_stage.start_build(ws)
        progress(ctx, "prepare", input_dir=ctx["input_dir"], warehouse=ctx["warehouse"])
    return ctx


def discover(ctx: dict, mode: str = "ingest") -> list[str]:
    """New or changed files, read, cleaned and deduplicated into batches for extraction; in
    mode "reextract" (`parley reextract`), every stored article. The mode is kept in the run
    folder's discovered.json, which the load and transform steps read."""
    from parley import feeds, ingest
    from parley.dedup import Deduplicator
    from parley.read import list_files

    with step(ctx, "discover"):
        ws = _ws(ctx)
        if mode == "reextract":
            found = {**reextract.prepare_batches(ws.build_db, ws.run_dir(ctx["run_id"]), settings().batch_size),
                     "mode": mode}
            (ws.run_dir(ctx["run_id"]) / "discovered.json").write_text(json.dumps({"files": 0, **found}))
            progress(ctx, "discover", files=0, **found)
            return found["batches"]
        known = load_stage.known_files(ws.build_db)
        files = load_stage.new_files(list_files(Path(ctx["input_dir"])), known)
        state = feeds.FeedState(ws.root / "feeds.json")
        fetched = [item for url in ctx.get("feeds") or [] for item in feeds.read_feed(url, state, known)]
        dedup = Deduplicator(load_stage.canonical_signatures(ws.build_db))
        run_dir = ws.run_dir(ctx["run_id"])
        found = ingest.prepare_batches(files, dedup, run_dir, settings().batch_size, fetched)
        state.save(run_dir / "feeds.json")  # takes effect when the run publishes
        sources = len(files) + len({i.file_uri for i in fetched})
        (run_dir / "discovered.json").write_text(json.dumps({"files": sources, **found}))
        progress(ctx, "discover", files=sources, **found)
    return found["batches"]


# A run with fewer new articles than this parses them in its own process: starting the
# extraction workers (each imports spaCy and loads the model) costs more than the second core
# saves on a few articles. Measured on 2 busy cores: 20 real news articles 7.5 s in process,
# 21.9 s with two workers; 50 articles 15.8 s and 19.9 s.
POOL_MIN_ARTICLES = 50


def extract(ctx: dict, batch: str) -> dict:
    from parley import extract as extract_stage

    with step(ctx, "extract"):
        # None: extract's own default; the count is the run's, over all its batches
        processes = 1 if _discovered(ctx)["articles"] < POOL_MIN_ARTICLES else None
        result = extract_stage.extract_batch(Path(batch), settings().spacy_model, processes=processes)
        progress(ctx, "extract", batch=Path(batch).name, **result)
    return result


def _discovered(ctx: dict) -> dict:
    """What discover found for the run (its discovered.json): batches, counts and mode."""
    return json.loads((_ws(ctx).run_dir(ctx["run_id"]) / "discovered.json").read_text())


def load(ctx: dict, results: list[dict]) -> dict:
    """Results of the mapped extraction are not needed: their files sit in the run folder."""
    with step(ctx, "load"):
        ws = _ws(ctx)
        run_dir = ws.run_dir(ctx["run_id"])
        discovered = _discovered(ctx)
        if discovered.get("mode") == "reextract":
            counts = reextract.load_reextracted(ws.build_db, run_dir, ctx["run_id"], discovered["batches"])
        else:
            counts = load_stage.load_run(ws.build_db, run_dir, ctx["run_id"], discovered["batches"],
                                         discovered["files"])
        with load_stage.connect(ws.build_db) as con:
            counts["corrections"] = corrections.sync_table(con, corrections.corrections_file(ws.warehouse))
        progress(ctx, "load", **counts)
    return counts


def validate(ctx: dict, suite: str) -> dict:
    from parley import dq_report

    warm_steps.import_unless_warm("parley.validate")
    with step(ctx, f"validate_{suite}"):
        ws = _ws(ctx)
        try:
            return warm_steps.call(validate_build, suite, ws, ctx["run_id"])
        except ValidationFailed as failure:
            kept = publish_stage.keep_failed_build(ws)  # validation ran on it: it exists
            dq_report.build(ws, kept, failed_build=kept)
            progress(ctx, f"validate_{suite}", failed_build=str(kept), dq_report=str(ws.dq_report))
            raise ValidationFailed(
                f"{failure}\nThe build is kept at {kept}; open it with: {dq_report.open_command(kept)}"
                f"\ndata-quality report: {ws.dq_report}") from failure


def validate_build(suite: str, ws: Workspace, run_id: str) -> dict:
    from parley import validate as validate_stage

    results = validate_stage.validate(suite, ws, run_id)
    return {"expectations": len(results), "warnings": sum(not r.success for r in results)}


def transform(ctx: dict) -> str:
    warm_steps.import_unless_warm("parley.transform")
    with step(ctx, "transform"):
        reextracted = _discovered(ctx).get("mode") == "reextract"
        return warm_steps.call(transform_build, settings().dbt_project_dir, _ws(ctx), reextracted)


def transform_build(project: Path, ws: Workspace, reextracted: bool) -> str:
    from parley import transform as transform_stage

    if reextracted:
        transform_stage.rebuild_article_events(project, ws)
    transform_stage.build(project, ws)
    return str(transform_stage.generate_docs(project, ws))


def publish(ctx: dict) -> dict:
    with step(ctx, "publish"):
        ws = _ws(ctx)
        write_history_table(ws)
        summary = run_summary(ctx)
        with writer_lease.held(ws.warehouse, lease_owner(ctx["run_id"])):
            publish_stage.publish(ws)
            feed_state = ws.run_dir(ctx["run_id"]) / "feeds.json"
            if feed_state.exists():
                feed_state.replace(ws.root / "feeds.json")
        for path in (ws.run_dir(ctx["run_id"]) / "summary.json", ws.root / "latest_summary.json"):
            path.write_text(json.dumps(summary, indent=2, default=str))
        progress(ctx, "publish", summary=summary)
        lake = _publish_to_lake(ws)
    return {"warehouse": str(ws.warehouse), "ducklake": lake}


def _publish_to_lake(ws: Workspace) -> dict | None:
    config = settings()
    if not config.ducklake_catalog:
        return None
    from parley.ducklake import publish_to_lake

    data_path = config.ducklake_data_path or str(ws.root / "ducklake")
    return publish_to_lake(ws.warehouse, config.ducklake_catalog, data_path)


def report(ctx: dict) -> str:
    with step(ctx, "report"):
        path = warm_steps.call(build_report, Path(ctx["warehouse"]))
        progress(ctx, "report", path=str(path))
    # The run's last step. Interpreter shutdown would garbage-collect every object that
    # spaCy, dbt and Great Expectations left behind, seconds after the run is over.
    gc.freeze()
    return str(path)


def build_report(warehouse: Path) -> Path:
    from parley import report as report_stage  # matplotlib is only needed here

    return report_stage.build(warehouse)


def finish(warehouse: str, run_id: str) -> None:
    """The run's last task, whatever became of the others: its build copy goes, and the DAG
    run gives up the lease it took (a lease ``parley run`` took is released by ``parley run``).
    Only the lease's holder prunes old run folders: a run that never got the lease touches
    nothing but its own."""
    ws = Workspace(Path(warehouse).resolve(), run_id)
    publish_stage.remove_build(ws)
    if writer_lease.is_held_by(ws.warehouse, lease_owner(run_id)):
        publish_stage.prune_runs(ws)
        writer_lease.release(ws.warehouse, _dag_run_owner(run_id))


def run_summary(ctx: dict) -> dict:
    ws = _ws(ctx)
    with load_stage.connect(ws.build_db) as con:
        run = con.execute("select * from raw.runs where run_id = ?", [ctx["run_id"]]).fetchone()
        run_cols = [d[0] for d in con.description]
        facts = fact_counts(con)
        by_type = con.execute("""
            select event_type,
                   string_agg(distinct nullif(coalesce(actor_code, array_to_string(participant_codes, '+')), ''),
                              ', ' order by nullif(coalesce(actor_code, array_to_string(participant_codes, '+')), ''))
            from main.event_mentions group by event_type order by event_type""").fetchall()
        articles = con.execute("select count(*) from main.dim_articles").fetchone()[0]
        this_quarantine = con.execute("select source_uri, reason, detail from raw.quarantine where run_id = ? "
                                      "order by source_uri", [ctx["run_id"]]).fetchall()
        quarantined = con.execute("select count(*) from main.quarantine").fetchone()[0]
    return {
        "run_id": ctx["run_id"], "input_dir": ctx["input_dir"],
        "this_run": dict(zip(run_cols, run)) if run else {},
        "warehouse_articles": articles, "warehouse_quarantined": quarantined,
        "quarantine": [{"source_uri": u, "reason": r, "detail": d} for u, r, d in this_quarantine],
        "events_by_type": [{"event_type": t, "events": facts[t], "actors": a} for t, a in by_type],
        "warehouse": str(ws.warehouse), "dbt_docs": str(ws.dbt_docs / "index.html"),
        "dq_report": str(ws.dq_report), "report": str(ws.root / "report" / "index.html"),
    }
