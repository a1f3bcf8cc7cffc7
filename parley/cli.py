"""The `parley` command: run the DAG once, query the warehouse, score extraction."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version as package_version
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from parley import analyst_cli
from parley.explain import explain
from parley.settings import settings
from parley.ui import ui

app = typer.Typer(help="Parley: a warehouse of diplomatic events built from news.", no_args_is_help=True,
                  rich_markup_mode=None)
# Output that goes to a file or a pipe is not wrapped at 80 columns (paths stay whole).
console = Console() if sys.stdout.isatty() else Console(soft_wrap=True, width=10_000)


def _print_version(requested: bool) -> None:
    if requested:
        print(f"parley {package_version('parley')}")
        raise typer.Exit()


@app.callback()
def main(_version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Parley: a warehouse of diplomatic events built from news."""


@app.command()
def run(
    input: Path = typer.Option(None, "--input", help="Folder of articles, or one file (default: the bundled samples)."),
    warehouse: Path = typer.Option(None, "--warehouse", help="The DuckDB file analysts open."),
    feed: list[str] = typer.Option(None, "--feed", help="An RSS/Atom feed URL to read too (repeatable)."),
    mode: str = typer.Option("ingest", "--mode", hidden=True, help="ingest, or reextract (`parley reextract`)."),
) -> None:
    """Run the parley_ingest DAG once through Airflow (`airflow dags test`) and print its summary."""
    from parley.lock import WarehouseBusy, writer_lock

    config = settings()
    input_dir = (input or config.input_dir).resolve()
    warehouse_path = (warehouse or config.warehouse).resolve()
    if not (input_dir.is_dir() or input_dir.is_file()):
        what = "is neither a folder nor a regular file" if input_dir.exists() else "does not exist"
        console.print(f"[red]error:[/] input {input_dir} {what}")
        raise typer.Exit(2)
    try:
        with writer_lock(warehouse_path, holder=f"parley run of {input_dir}", notify=console.print):
            _run_dag(input_dir, warehouse_path, list(feed or config.feeds), mode)
    except WarehouseBusy as busy:
        console.print(f"[red]error:[/] {busy}")
        raise typer.Exit(1)


def _run_dag(input_dir: Path, warehouse_path: Path, feeds: list[str], mode: str = "ingest") -> None:
    """The DAG run, under the writer lock that `run` holds (its tasks inherit it)."""
    from parley.airflow_env import airflow_env, ensure_metadata_db
    from parley.warm_steps import WarmSteps

    env = airflow_env()
    ensure_metadata_db(env)
    scratch = warehouse_path.with_name(warehouse_path.name + ".parley")
    scratch.mkdir(parents=True, exist_ok=True)
    progress_file = Path(tempfile.mkstemp(prefix="progress-", suffix=".jsonl", dir=scratch)[1])
    log_file = scratch / "last_run.log"
    conf = {"input_dir": str(input_dir), "warehouse": str(warehouse_path), "progress_file": str(progress_file),
            "feeds": feeds, "mode": mode}
    # `airflow dags test` with a lighter in-process execution API (parley/dag_test.py)
    command = [sys.executable, "-m", "parley.dag_test", "parley_ingest", "--conf", json.dumps(conf)]
    # A run at the terminal retries a failed step as the scheduler does, without its wait.
    env.setdefault("PARLEY_RETRY_DELAY_S", "5")
    started = time.monotonic()
    with log_file.open("w") as log:
        # imports the later steps' libraries on the core Airflow's start leaves idle, then runs them
        warm = WarmSteps(env, log)
        try:
            process = subprocess.Popen(command, env=warm.env, stdout=log, stderr=subprocess.STDOUT)
            events = _follow(process, progress_file)
        finally:
            warm.stop()
    elapsed = time.monotonic() - started
    progress_file.unlink(missing_ok=True)
    failed = [e for e in events if e.get("state") == "failed"]
    published = any(e["step"] == "report" and e.get("state") == "done" for e in events)
    if failed or not published or process.returncode != 0:
        console.print(f"[red]run failed[/] after {elapsed:.0f}s")
        for step, error in dict.fromkeys((e["step"], e.get("error")) for e in failed):  # once, retried or not
            console.print(f"[red]{step}[/]: {error}")
        _alert_unless_alerted(events, warehouse_path, log_file)
        if not failed:
            console.print("a task failed before it could report; see the Airflow log")
        report = next((e.get("dq_report") for e in events if e.get("dq_report")), None)
        if report:
            console.print(f"data-quality report: {report}")
        console.print(f"Airflow log: {log_file}")
        raise typer.Exit(1)
    summary = next(e["summary"] for e in events if e["step"] == "publish" and "summary" in e)
    print_summary(summary, elapsed)


def _alert_unless_alerted(events: list[dict], warehouse: Path, log_file: Path) -> None:
    """The DAG's failure callback alerts a failed task; a run that failed without one failing
    (Airflow could not start the run, a task's process was killed) is alerted from here."""
    from parley import alerts

    if any(e.get("state") == "alerted" for e in events):
        return
    failed = next((e for e in events if e.get("state") == "failed"), {})
    alerts.send(alerts.failure_alert("parley_ingest", None, failed.get("step", "airflow dags test"),
                                     failed.get("error") or f"the run failed; see {log_file}", str(warehouse),
                                     log=str(log_file)))


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
    if step == "discover" and event.get("mode") == "reextract":
        console.print(f"  re-extracting the warehouse's {event['articles']} stored article(s)")
    elif step == "discover" and "files" in event:
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
    import duckdb

    from parley.report import build

    path = (warehouse or settings().warehouse).resolve()
    if not path.exists():
        console.print(f"[red]error:[/] no warehouse at {path}; run `parley run` first")
        raise typer.Exit(2)
    try:
        console.print(f"run report: {build(path, out.resolve() if out else None)}")
    except duckdb.Error as error:
        _fail(f"cannot read {path} as a Parley warehouse: {_first_line(error)}")


@app.command()
def sql(
    query: str = typer.Argument(..., help="A SQL query."),
    warehouse: Path = typer.Option(None, "--warehouse", help="The DuckDB file to query."),
    fmt: str = typer.Option("table", "--format", help="table, csv (RFC 4180 quoting) or json (an array of objects)."),
    limit: int = typer.Option(None, "--limit", min=0, help="Print at most this many rows."),
) -> None:
    """Run a read-only query against the published warehouse and print the result."""
    import duckdb

    from parley.query_output import FORMATS, write_rows

    if fmt not in FORMATS:
        console.print(f"[red]error:[/] unknown format {fmt!r}: one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    path = (warehouse or settings().warehouse).resolve()
    if not path.exists():
        console.print(f"[red]error:[/] no warehouse at {path}; run `parley run` first")
        raise typer.Exit(2)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        _fail(f"cannot open {path} as a DuckDB warehouse: {_first_line(error)}")
    with con:
        try:
            cursor = con.execute(query)
        except duckdb.Error as error:
            _fail(str(error), code=1)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
    if fmt != "table":
        write_rows(columns, rows, fmt)
        return
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
    rule: bool = typer.Option(False, "--by-rule", help="Also print, per rule id, its events that match gold and not."),
) -> None:
    """Precision, recall and F1 of the warehouse's event_mentions against a gold file."""
    import duckdb

    from parley.evaluate import GoldFileError, by_rule, confidence_curve, evaluate_warehouse

    path = (warehouse or settings().warehouse).resolve()
    for needed in (gold, path):
        if not needed.exists():
            console.print(f"[red]error:[/] {needed} does not exist")
            raise typer.Exit(2)
    try:
        print(evaluate_warehouse(gold, path, verbose))
        if curve:
            print()
            print(confidence_curve(gold, path))
        if rule:
            print()
            print(by_rule(gold, path))
    except GoldFileError as error:
        _fail(str(error))
    except duckdb.Error as error:
        _fail(f"cannot read {path} as a Parley warehouse: {_first_line(error)}")


app.command()(ui)
app.command()(explain)


def _fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr and a non-zero exit, for errors in what the user gave us (no traceback)."""
    Console(stderr=True, soft_wrap=True).print("[red]error:[/] " + escape(message), highlight=False)
    raise typer.Exit(code)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


analyst_cli.register(app)  # export, correct, reextract


if __name__ == "__main__":
    app()
