"""The analysts' commands: `parley export`, `parley correct ...` and `parley reextract`,
registered on the `parley` app by parley/cli.py."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from parley.settings import settings

console = Console()
correct_app = typer.Typer(help="Corrections that stick: suppress an event or set its fields; every run applies them.",
                          no_args_is_help=True)
WAREHOUSE = typer.Option(None, "--warehouse", help="The published warehouse (default: PARLEY_WAREHOUSE).")


def _warehouse(path: Path | None) -> Path:
    resolved = (path or settings().warehouse).resolve()
    if not resolved.exists():
        console.print(f"[red]error:[/] no warehouse at {resolved}; run `parley run` first")
        raise typer.Exit(2)
    return resolved


def export(
    out: Path = typer.Option(..., "--out", help="Folder for the files (created if missing)."),
    fmt: str = typer.Option("parquet", "--format", help="parquet, csv, jsonl or plover."),
    warehouse: Path = WAREHOUSE,
) -> None:
    """Write the fact tables, event_mentions, dim_actors and dim_places, one file each named after its table
    (or, with --format plover, one row per event in PLOVER's layout: plover.jsonl)."""
    from parley.export import ExportError, export as write

    try:
        written = write(_warehouse(warehouse), out.resolve(), fmt)
    except ExportError as error:
        console.print(f"[red]error:[/] {error}")
        raise typer.Exit(2)
    for name, rows in written.items():
        console.print(f"{out / name}: {rows} row(s)")


@correct_app.command("suppress")
def correct_suppress(
    event_id: str = typer.Argument(..., help="The event's id (event_mentions.event_id)."),
    reason: str = typer.Option(..., "--reason", help="Why, for whoever reads the corrections later."),
    by: str = typer.Option(None, "--by", help="Who corrects (default: the login name)."),
    warehouse: Path = WAREHOUSE,
) -> None:
    """Take an event out of the facts; it stays in event_mentions with suppressed = true."""
    from parley.corrections import Correction

    _record(warehouse, Correction(event_id=event_id, action="suppress", reason=reason, corrected_by=by or ""))


@correct_app.command("set")
def correct_set(
    event_id: str = typer.Argument(..., help="The event's id (event_mentions.event_id)."),
    assignments: list[str] = typer.Argument(..., help="FIELD=VALUE...: actor, target, participants (comma-separated),"
                                                      " place, date (YYYY-MM-DD), status, type; an empty VALUE clears."),
    reason: str = typer.Option(..., "--reason", help="Why, for whoever reads the corrections later."),
    by: str = typer.Option(None, "--by", help="Who corrects (default: the login name)."),
    warehouse: Path = WAREHOUSE,
) -> None:
    """Set fields of an event, in every article that reports it."""
    from parley.corrections import Correction, CorrectionError, parse_changes

    try:
        changes = parse_changes(assignments)
    except CorrectionError as error:
        console.print(f"[red]error:[/] {error}")
        raise typer.Exit(2)
    _record(warehouse, Correction(event_id=event_id, action="set", reason=reason, changes=changes,
                                  corrected_by=by or ""))


def _record(warehouse: Path | None, correction) -> None:
    from parley.corrections import CorrectionError, corrections_file, record
    from parley.lock import WarehouseBusy

    path = _warehouse(warehouse)
    try:
        recorded = record(path, correction)
    except (CorrectionError, WarehouseBusy) as error:
        console.print(f"[red]error:[/] {error}")
        raise typer.Exit(2)
    console.print(f"correction {recorded.correction_id}: {recorded.action} {recorded.event_id} "
                  f"({len(recorded.mentions)} sentence(s)), recorded in {corrections_file(path)}")
    console.print("the facts take it at the next `parley run` or `parley reextract`")


@correct_app.command("list")
def correct_list(
    warehouse: Path = WAREHOUSE,
    fmt: str = typer.Option("text", "--format", help="text, csv or json."),
) -> None:
    """Every correction, who made it, when and why, and how many event_mentions rows it marks now."""
    from parley.corrections import CorrectionError, listed
    from parley.query_output import write_rows

    try:
        rows = listed(_warehouse(warehouse))
    except CorrectionError as error:
        console.print(f"[red]error:[/] {error}")
        raise typer.Exit(2)
    if fmt in ("csv", "json"):
        columns = list(rows[0]) if rows else []
        write_rows(columns, [tuple(row.values()) for row in rows], fmt)
        return
    if not rows:
        typer.echo("no corrections")
    for row in rows:  # one block each: ids and sentences are too long for table columns
        typer.echo(f"{row['correction_id']}  {row['action']} {row['changes']}".rstrip() +
                   f"  event {row['event_id']}  by {row['by']} at {row['at']}  ({row['mentions_marked']} row(s) marked)")
        typer.echo(f"    reason: {row['reason']}")
        typer.echo(f"    evidence: {row['evidence']}")


def reextract(warehouse: Path = WAREHOUSE) -> None:
    """Re-read the stored articles with the current extractor (after a lexicon or rule change), through the same
    DAG as a run: their mentions are replaced, unchanged events keep their ids, corrections apply again."""
    from parley.cli import run

    path = _warehouse(warehouse)
    run(input=path.parent, warehouse=path, feed=[], mode="reextract")


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.add_typer(correct_app, name="correct")
    app.command()(reextract)
