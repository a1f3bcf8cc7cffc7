"""The data-quality history, kept in the warehouse: ``dq_expectation_results`` (one row per
expectation per run) and its roll-up per check, ``dq_validation_runs``.

A run's results are written into its build, which is what gets published, and into a
file beside the warehouse (``<warehouse>.parley/dq_pending/<run>.jsonl``). A run that
publishes marks its rows ``published``. A run that does not (blocked by a failed
expectation, failed elsewhere, or killed) leaves only that file; the next run folds it into
its own build as ``blocked`` or ``unfinished``, and deletes the file once the published
warehouse holds those rows. So a copied warehouse keeps its history, and no run's checks
are lost or shown as passed when the run never finished.

Kept apart from parley.validate, which needs Great Expectations.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from parley.load import connect, ensure_schema
from parley.workspace import Workspace

RUNNING, PUBLISHED, BLOCKED, UNFINISHED = "running", "published", "blocked", "unfinished"

HISTORY_DDL = """
create table if not exists main.dq_expectation_results (
    run_id varchar not null, validated_at timestamptz not null, suite varchar not null, table_name varchar not null,
    expectation_type varchar not null, description varchar, column_name varchar, kwargs varchar,
    blocking boolean not null, success boolean not null, observed_value varchar, unexpected_count bigint,
    unexpected_percent double, unexpected_sample varchar, rows_checked bigint, run_outcome varchar not null);
create table if not exists main.dq_validation_runs (
    run_id varchar, suite varchar, check_name varchar, success boolean,
    expectations_evaluated integer, expectations_failed integer, rows_checked bigint,
    failures varchar, validated_at timestamptz);
alter table main.dq_validation_runs add column if not exists warnings integer;
alter table main.dq_validation_runs add column if not exists run_outcome varchar;
"""

# success: no blocking expectation failed; expectations_failed counts the blocking ones,
# warnings the others that failed.
ROLL_UP = """
insert into main.dq_validation_runs by name
select run_id, suite, table_name as check_name, bool_and(success or not blocking) as success,
       count(*) as expectations_evaluated, count(*) filter (where blocking and not success) as expectations_failed,
       count(*) filter (where not blocking and not success) as warnings, max(rows_checked) as rows_checked,
       to_json(list({'expectation': expectation_type, 'column': column_name, 'unexpected_count': unexpected_count,
                     'blocking': blocking, 'rows': unexpected_sample::json}
                    order by expectation_type, column_name) filter (where not success))::varchar as failures,
       min(validated_at) as validated_at, any_value(run_outcome) as run_outcome
from main.dq_expectation_results where run_id = $run_id
group by run_id, suite, table_name"""


def pending_dir(ws: Workspace) -> Path:
    return ws.root / "dq_pending"


def _pending_file(ws: Workspace, run_id: str) -> Path:
    return pending_dir(ws) / (ws.run_dir(run_id).name + ".jsonl")


def pending_results(ws: Workspace, run_id: str) -> list[dict]:
    """A run's expectation results as recorded beside the warehouse (kept until published)."""
    return _read(_pending_file(ws, run_id))


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    ensure_schema(con, HISTORY_DDL)


def record(ws: Workspace, results: list[dict], blocked: bool) -> None:
    """A suite's results for one run: beside the warehouse and into the build. A blocked
    run's earlier rows (its staging checks, when marts fail) are marked blocked too."""
    if not results:
        return
    run_id = results[0]["run_id"]
    outcome = BLOCKED if blocked else RUNNING
    pending = _pending_file(ws, run_id)
    pending.parent.mkdir(parents=True, exist_ok=True)
    suites = {r["suite"] for r in results}
    kept = [r for r in _read(pending) if r["suite"] not in suites]  # a retried task replaces its rows
    rows = [{**r, "run_outcome": outcome} for r in kept + results]
    _write(pending, rows)
    with connect(ws.build_db) as con:
        ensure_tables(con)
        _fold_other_runs(con, ws, run_id)
        _replace_run(con, run_id, rows)


def write_history_table(ws: Workspace) -> None:
    """At publish: the run's rows in the build become published (the next run deletes its
    pending file, finding them in the published warehouse); the report says so."""
    from parley import dq_report

    with connect(ws.build_db) as con:
        ensure_tables(con)
        for table in ("dq_expectation_results", "dq_validation_runs"):
            con.execute(f"update main.{table} set run_outcome = ? where run_outcome = ?", [PUBLISHED, RUNNING])
    dq_report.build(ws, ws.build_db)


def _fold_other_runs(con: duckdb.DuckDBPyConnection, ws: Workspace, run_id: str) -> None:
    """Other runs' pending files: already in the warehouse (same rows), the file goes;
    otherwise their rows come in as blocked or unfinished."""
    for path in sorted(pending_dir(ws).glob("*.jsonl")):
        rows = _read(path)
        if not rows or rows[0]["run_id"] == run_id:
            continue
        other = rows[0]["run_id"]
        held = con.execute("select count(*) from main.dq_expectation_results where run_id = ?", [other]).fetchone()[0]
        if held == len(rows):
            path.unlink()
            continue
        _replace_run(con, other, [{**r, "run_outcome": BLOCKED if r["run_outcome"] == BLOCKED else UNFINISHED}
                                  for r in rows])


def _replace_run(con: duckdb.DuckDBPyConnection, run_id: str, rows: list[dict]) -> None:
    con.execute("begin")
    con.execute("delete from main.dq_expectation_results where run_id = ?", [run_id])
    con.execute("delete from main.dq_validation_runs where run_id = ?", [run_id])
    columns = list(rows[0])
    con.executemany(f"insert into main.dq_expectation_results ({', '.join(columns)}) "
                    f"values ({', '.join('?' * len(columns))})", [[r[c] for c in columns] for r in rows])
    con.execute(ROLL_UP, {"run_id": run_id})
    con.execute("commit")


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    staged = path.with_suffix(".tmp")
    staged.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    staged.replace(path)
