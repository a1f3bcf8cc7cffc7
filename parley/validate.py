"""Validation stage: run a Great Expectations suite over the build warehouse.

Each check's query runs in DuckDB and its result reaches GX as a DataFrame through Arrow
(GX's SQL path over DuckDB, through duckdb-engine, fails every metric: see bench/validation.py,
which also times this path). Every expectation's result becomes a row of
``dq_expectation_results`` (parley.dq_history); only the failure of a blocking expectation
(severity ``critical``) fails the stage. GX runs in an ephemeral context: its Data Docs load
their scripts from a CDN and show empty tables offline, so they are not built; the
data-quality report (parley.dq_report) shows every result instead.
"""
from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timezone

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from expectations.health import health_checks
from expectations.suites import SUITES, Check
from parley import dq_history, dq_report
from parley.failures import ValidationFailed
from parley.load import connect
from parley.workspace import Workspace

SAMPLE_SIZE = 20  # offending rows kept per expectation


@dataclass(frozen=True)
class ExpectationResult:
    """One row of dq_expectation_results, but for run_outcome, which dq_history sets."""
    run_id: str
    validated_at: str
    suite: str
    table_name: str
    expectation_type: str
    description: str
    column_name: str | None
    kwargs: str              # JSON: the expectation's arguments but its column
    blocking: bool
    success: bool
    observed_value: str | None  # JSON
    unexpected_count: int | None
    unexpected_percent: float | None
    unexpected_sample: str | None  # JSON: offending values with their row ids
    rows_checked: int


def validate(suite: str, ws: Workspace, run_id: str) -> list[ExpectationResult]:
    """Run every check of a suite (and, with staging, the extraction health checks); record
    each expectation's result; raise ValidationFailed naming the blocking failures."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # no bars in the task logs
    source = context.data_sources.add_pandas("parley")
    # Not read-only: under `airflow dags test` every task shares one process, and dbt-duckdb
    # keeps its read-write connection to the same file open there.
    with connect(ws.build_db) as con:
        checks = [(suite, check) for check in SUITES[suite]]
        if suite == "staging":
            checks += [("health", check) for check in health_checks(con, run_id)]
        frames = {check.name: con.execute(_needed_columns(check)).df() for _, check in checks}
    validated_at = datetime.now(timezone.utc).isoformat()
    results = [result for check_suite, check in checks
               for result in _run_check(source, check, frames[check.name], check_suite, run_id, validated_at)]
    failed = [r for r in results if r.blocking and not r.success]
    dq_history.record(ws, [vars(r) for r in results], blocked=bool(failed))
    dq_report.build(ws, ws.build_db)
    if failed:
        lines = [_describe(r) for r in failed]
        raise ValidationFailed(f"{suite} validation failed, {len(lines)} blocking expectation(s):\n  "
                               + "\n  ".join(lines))
    return results


def _needed_columns(check: Check) -> str:
    """Only the columns the expectations read reach pandas: the text columns stay in DuckDB."""
    columns = list(dict.fromkeys([*check.row_id, *(e.column for e in check.expectations)]))
    return f"select {', '.join(columns)} from ({check.query})"


def _describe(result: ExpectationResult) -> str:
    """"staging.event_mentions: expect_column_values_to_be_in_set(evidence_at_offsets) failed
    on 1 row(s), e.g. [{"article_id": ..., "evidence_at_offsets": false}]"."""
    where = f"({result.column_name})" if result.column_name else ""
    text = f"{result.table_name}: {result.expectation_type}{where} failed"
    if result.unexpected_count is not None:
        text += f" on {result.unexpected_count} row(s)"
    sample = json.loads(result.unexpected_sample or "[]")
    return text + (f", e.g. {json.dumps(sample[:3])}" if sample else "")


def _run_check(source, check: Check, frame: pd.DataFrame, suite: str, run_id: str,
               validated_at: str) -> list[ExpectationResult]:
    batch = source.add_dataframe_asset(check.name).add_batch_definition_whole_dataframe("whole") \
        .get_batch(batch_parameters={"dataframe": frame})
    result_format = {"result_format": "COMPLETE", "partial_unexpected_count": SAMPLE_SIZE}
    if check.row_id:
        result_format["unexpected_index_column_names"] = list(check.row_id)
    validation = batch.validate(gx.ExpectationSuite(name=check.name, expectations=list(check.expectations)),
                                result_format=result_format)
    return [_row(r, frame, check.name, suite, run_id, validated_at) for r in validation.results]


def _row(result, frame: pd.DataFrame, table_name: str, suite: str, run_id: str,
         validated_at: str) -> ExpectationResult:
    config = result.expectation_config
    column = config.kwargs.get("column")
    details = result.result or {}
    sample = details.get("partial_unexpected_index_list") or \
        [{column: value} for value in details.get("partial_unexpected_list") or []]
    observed = details.get("observed_value")
    if result.exception_info and result.exception_info.get("raised_exception"):
        observed = "error: " + str(result.exception_info.get("exception_message"))
    elif observed is None and column in frame:
        observed = _observed(config.type, frame[column])
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("column", "batch_id")}
    return ExpectationResult(
        run_id=run_id, validated_at=validated_at, suite=suite, table_name=table_name,
        expectation_type=config.type, description=config.description or "", column_name=column,
        kwargs=_json(kwargs), blocking=str(getattr(config.severity, "value", config.severity)) == "critical",
        success=bool(result.success), observed_value=None if observed is None else _json(observed),
        unexpected_count=details.get("unexpected_count"), unexpected_percent=_plain(details.get("unexpected_percent")),
        unexpected_sample=_json(sample[:SAMPLE_SIZE]) if sample else None, rows_checked=len(frame))


def _observed(expectation_type: str, values: pd.Series):
    """What a row-by-row expectation saw of its column as a whole (GX reports only the
    offending rows): the range of values or lengths, the values and their counts, or the
    share present, matching or distinct."""
    present = values.dropna()
    if expectation_type == "expect_column_values_to_be_between":
        return {"min": present.min(), "max": present.max()} if len(present) else {}
    if expectation_type == "expect_column_value_lengths_to_be_between":
        lengths = present.astype(str).str.len()
        return {"min_length": lengths.min(), "max_length": lengths.max()} if len(present) else {}
    if expectation_type == "expect_column_values_to_be_in_set":
        return {str(k): v for k, v in present.value_counts().head(10).items()}
    if expectation_type == "expect_column_values_to_be_unique":
        return {"distinct": present.nunique(), "rows": len(values)}
    return {"present": len(present), "rows": len(values)}


def _plain(value):
    """numpy scalars as Python ones, NaN as None: what JSON and DuckDB take."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def _json(value) -> str:
    def plain(obj):
        if isinstance(obj, dict):
            return {str(k): plain(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [plain(v) for v in obj]
        return _plain(obj)
    return json.dumps(plain(value), default=str)
