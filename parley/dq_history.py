"""The history of validation runs: a JSON-lines file beside the warehouse that every run
appends to (failed runs included), copied into `main.dq_validation_runs` when a run
publishes. Kept apart from parley.validate, which needs Great Expectations."""
from __future__ import annotations

import json
from pathlib import Path

from parley.load import connect, ensure_schema
from parley.workspace import Workspace

HISTORY_DDL = """
create table if not exists main.dq_validation_runs (
    run_id varchar, suite varchar, check_name varchar, success boolean,
    expectations_evaluated integer, expectations_failed integer, rows_checked bigint,
    failures varchar, validated_at timestamptz)"""


def history_path(ws: Workspace) -> Path:
    return ws.root / "dq_validation_runs.jsonl"


def append_history(ws: Workspace, results: list[dict]) -> None:
    with history_path(ws).open("a") as fh:
        for result in results:
            fh.write(json.dumps(result) + "\n")


def write_history_table(ws: Workspace) -> None:
    """Copy the whole validation history, failed runs included, into the build warehouse."""
    history = history_path(ws)
    with connect(ws.build_db) as con:
        ensure_schema(con, HISTORY_DDL)
        con.execute("delete from main.dq_validation_runs")
        if history.exists():
            con.execute("insert into main.dq_validation_runs by name "
                        "select * replace (validated_at::timestamptz as validated_at) "
                        "from read_json(?, format='newline_delimited', columns={run_id:'varchar', suite:'varchar', "
                        "check_name:'varchar', success:'boolean', expectations_evaluated:'integer', "
                        "expectations_failed:'integer', rows_checked:'bigint', failures:'varchar', "
                        "validated_at:'varchar'})", [str(history)])
