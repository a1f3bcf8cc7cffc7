"""The `parley` command: run the DAG once, query the warehouse, score extraction."""
from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from parley.settings import settings

app = typer.Typer(help="Parley: a warehouse of diplomatic events built from news.", no_args_is_help=True)
console = Console()



@app.command()
def run(
    input: Path = typer.Option(None, "--input", help="Folder of articles, or one file (default: the bundled samples)."),
    warehouse: Path = typer.Option(None, "--warehouse", help="The DuckDB file analysts open."),
    feed: list[str] = typer.Option(None, "--feed", help="An RSS/Atom feed URL to read too (repeatable)."),
) -> None:
    """Run the parley_ingest DAG once through Airflow (`airflow dags test`) and print its summary."""
    from parley.airflow_env import airflow_bin, airflow_env, ensure_metadata_db

    config = settings()
    input_dir = (input or config.input_dir).resolve()
    warehouse_path = (warehouse or config.warehouse).resolve()
    if not (input_dir.is_dir() or input_dir.is_file()):
        what = "is neither a folder nor a regular file" if input_dir.exists() else "does not exist"
        console.print(f"[red]error:[/] input {input_dir} {what}")
        raise typer.Exit(2)
    env = airflow_env()
    ensure_metadata_db(env)
    scratch = warehouse_path.with_name(warehouse_path.name + ".parley")
    scratch.mkdir(parents=True, exist_ok=True)
    progress_file = Path(tempfile.mkstemp(prefix="progress-", suffix=".jsonl", dir=scratch)[1])
    log_file = scratch / "last_run.log"
    conf = {"input_dir": str(input_dir), "warehouse": str(warehouse_path), "progress_file": str(progress_file),
            "feeds": list(feed or config.feeds)}
    command = [airflow_bin(), "dags", "test", "parley_ingest", "--conf", json.dumps(conf)]
    started = time.monotonic()
    with log_file.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        events = _follow(process, progress_file)
    elapsed = time.monotonic() - started
    progress_file.unlink(missing_ok=True)
    failed = [e for e in events if e.get("state") == "failed"]
    published = any(e["step"] == "report" and e.get("state") == "done" for e in events)
    if failed or not published or process.returncode != 0:
        console.print(f"[red]run failed[/] after {elapsed:.0f}s")
        for event in failed:
            console.print(f"[red]{event['step']}[/]: {event.get('error')}")
        if not failed:
            console.print("a task failed before it could report; see the Airflow log")
        report = next((e.get("dq_report") for e in events if e.get("dq_report")), None)
        if report:
            console.print(f"data-quality report: {report}")
        console.print(f"Airflow log: {log_file}")
        raise typer.Exit(1)
    summary = next(e["summary"] for e in events if e["step"] == "publish" and "summary" in e)
    print_summary(summary, elapsed)


STEPS = ("prepare", "discover", "extract", "load", "validate_staging", "transform", "validate_marts",
         "publish", "report")


def _follow(process: subprocess.Popen, progress_file: Path) -> list[dict]:
    """Show the run's steps and the articles extracted as bars, until Airflow ends."""
    events: list[dict] = []
    offset = 0
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bars:
        steps = bars.add_task("steps", total=len(STEPS))
        articles = None
        while True:
            finished = process.poll() is not None
            with progress_file.open() as fh:
                fh.seek(offset)
                for line in fh:
                    event = json.loads(line)
                    events.append(event)
                    _print_event(event)
                    if event.get("state") == "running":
                        bars.update(steps, description=f"step: {event['step']}")
                    if event.get("state") == "done" and event["step"] != "extract":
                        bars.advance(steps)
                    if event["step"] == "discover" and "files" in event:
                        articles = bars.add_task("articles extracted", total=event["articles"])
                        pending_batches = len(event["batches"])
                    if event["step"] == "extract" and "articles" in event and articles is not None:
                        bars.advance(articles, event["articles"])
                        pending_batches -= 1
                        if pending_batches == 0:
                            bars.advance(steps)
                offset = fh.tell()
            if finished:
                return events
            try:
                process.wait(timeout=0.3)  # a poll that ends as soon as Airflow does
            except subprocess.TimeoutExpired:
                pass


def _print_event(event: dict) -> None:
    step, state = event["step"], event.get("state")
    if step == "discover" and "files" in event:
        console.print(f"  discovered {event['files']} new or changed file(s): {event['articles']} article(s) to extract,"
                      f" {event['duplicates']} duplicate(s), {event['quarantined']} quarantined"
                      + (f" ({', '.join(event['reasons'])})" if event["reasons"] else ""))
    elif step == "extract" and "articles" in event:
        console.print(f"  extracted {event['articles']} article(s): {event['mentions']} event sentence(s)")
    elif step == "load" and "articles_loaded" in event:
        console.print(f"  loaded {event['articles_loaded']} article(s) from {event['sources_loaded']} source(s),"
                      f" {event['mentions_loaded']} event sentence(s), {event['quarantined']} quarantined")
    elif state == "done" and step in ("validate_staging", "transform", "validate_marts", "publish", "report"):
        console.print(f"  {step.replace('_', ' ')}: passed")


def print_summary(summary: dict, elapsed: float) -> None:
    table = Table(title="Events in the warehouse")
    table.add_column("type")
    table.add_column("events", justify="right")
    table.add_column("actors")
    for row in summary["events_by_type"]:
        actors = row["actors"] or ""
        table.add_row(row["event_type"], str(row["events"]), actors if len(actors) < 80 else actors[:77] + "…")
    console.print(table)
    run = summary.get("this_run", {})
    console.print(f"this run: {run.get('files_discovered', 0)} new file(s), {run.get('articles_loaded', 0)} article(s) "
                  f"loaded, {run.get('duplicates', 0)} duplicate(s), {run.get('quarantined', 0)} quarantined, "
                  f"in {elapsed:.0f}s")
    for row in summary.get("quarantine", []):
        console.print(f"  quarantined {row['source_uri']}: {row['reason']} ({row['detail']})")
    console.print(f"warehouse:           {summary['warehouse']}")
    console.print(f"dbt docs:            {summary['dbt_docs']}")
    console.print(f"data-quality report: {summary['dq_report']}")
    console.print(f"run report:          {summary['report']}")


@app.command()
def report(
    warehouse: Path = typer.Option(None, "--warehouse", help="The published warehouse to report on."),
    out: Path = typer.Option(None, "--out", help="Folder for index.html (default: beside the warehouse)."),
) -> None:
    """Write the run report: one self-contained HTML page with charts, the network and the latest events."""
    from parley.report import build

    path = (warehouse or settings().warehouse).resolve()
    if not path.exists():
        console.print(f"[red]error:[/] no warehouse at {path}; run `parley run` first")
        raise typer.Exit(2)
    console.print(f"run report: {build(path, out.resolve() if out else None)}")


@app.command()
def sql(
    query: str = typer.Argument(..., help="A SQL query."),
    warehouse: Path = typer.Option(None, "--warehouse", help="The DuckDB file to query."),
) -> None:
    """Run a read-only query against the published warehouse and print the result."""
    import duckdb

    path = (warehouse or settings().warehouse).resolve()
    if not path.exists():
        console.print(f"[red]error:[/] no warehouse at {path}; run `parley run` first")
        raise typer.Exit(2)
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            cursor = con.execute(query)
        except duckdb.Error as error:
            console.print(f"[red]error:[/] {error}")
            raise typer.Exit(1)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    table = Table(*columns)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold file: one JSON object a line, {article, events}."),
    warehouse: Path = typer.Option(None, "--warehouse", help="The warehouse to score."),
    verbose: bool = typer.Option(False, "--verbose", help="List misses and extras."),
    curve: bool = typer.Option(False, "--curve", help="Also print precision and recall by minimum confidence."),
) -> None:
    """Precision, recall and F1 of the warehouse's event_mentions against a gold file."""
    from parley.evaluate import confidence_curve, evaluate_warehouse

    path = (warehouse or settings().warehouse).resolve()
    for needed in (gold, path):
        if not needed.exists():
            console.print(f"[red]error:[/] {needed} does not exist")
            raise typer.Exit(2)
    print(evaluate_warehouse(gold, path, verbose))
    if curve:
        print()
        print(confidence_curve(gold, path))


if __name__ == "__main__":
    app()
