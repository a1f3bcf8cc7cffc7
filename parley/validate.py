"""Validation stage: run a Great Expectations suite over the build warehouse.

Each check's query runs in DuckDB and its result reaches GX as a DataFrame through
Arrow. Results are stored in GX's file context, whose Data Docs site gets each result's
page on every run, and appended to the run history that becomes ``dq_validation_runs``.
"""
from __future__ import annotations

import copy
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import great_expectations as gx
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from expectations.suites import SUITES, Check
from parley import dq_report
from parley.dq_history import append_history
from parley.load import connect
from parley.workspace import Workspace

@dataclass(frozen=True)
class CheckResult:
    run_id: str
    suite: str
    check_name: str
    success: bool
    expectations_evaluated: int
    expectations_failed: int
    rows_checked: int
    failures: str          # JSON: the failed expectations with a few offending values
    validated_at: str


class ValidationFailed(Exception):
    pass


def validate(suite: str, ws: Workspace, run_id: str) -> list[CheckResult]:
    """Run every check of a suite; raise ValidationFailed naming what failed."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="file", project_root_dir=str(ws.gx_root))
    source = context.data_sources.add_or_update_pandas("parley")
    results = []
    # Not read-only: under `airflow dags test` every task shares one process, and dbt-duckdb
    # keeps its read-write connection to the same file open there.
    with connect(ws.build_db) as con:
        frames = {check.name: con.execute(_needed_columns(check)).df() for check in SUITES[suite]}
    pages = []
    for check in SUITES[suite]:
        result, validation_id = _run_check(context, source, check, frames[check.name], suite, run_id)
        results.append(result)
        pages += [validation_id, ExpectationSuiteIdentifier(name=check.name)]
    # This run's pages and the index, once per suite: GX's per-check action rebuilt the index
    # (which reads every earlier result) after each check.
    context.build_data_docs(resource_identifiers=pages)
    append_history(ws, [asdict(r) for r in results])
    dq_report.build(ws)
    failed = [r for r in results if not r.success]
    if failed:
        lines = [_describe(r.check_name, f) for r in failed for f in json.loads(r.failures)]
        raise ValidationFailed(f"{suite} validation failed, {len(lines)} expectation(s):\n  " + "\n  ".join(lines))
    return results


def _needed_columns(check: Check) -> str:
    """Only the columns the expectations read reach pandas: the text columns stay in DuckDB."""
    columns = list(dict.fromkeys([*check.row_id, *(e.column for e in check.expectations)]))
    return f"select {', '.join(columns)} from ({check.query})"


def _describe(check_name: str, failure: dict) -> str:
    """"staging.event_mentions: expect_column_values_to_be_in_set(evidence_at_offsets) failed
    on 1 row(s), e.g. {'article_id': ..., 'event_key': ...}"."""
    where = f"({failure['column']})" if failure.get("column") else ""
    count = failure.get("unexpected_count")
    text = f"{check_name}: {failure['expectation']}{where} failed"
    if count is not None:
        text += f" on {count} row(s)"
    examples = failure.get("rows") or failure.get("unexpected")
    return text + (f", e.g. {examples[:3]}" if examples else "")


def _run_check(context, source, check: Check, frame, suite: str, run_id: str
               ) -> tuple[CheckResult, ValidationResultIdentifier]:
    asset = source.get_asset(check.name) if check.name in source.get_asset_names() else \
        source.add_dataframe_asset(check.name)
    batch = asset.get_batch_definition("whole") if "whole" in [b.name for b in asset.batch_definitions] else \
        asset.add_batch_definition_whole_dataframe("whole")
    expectation_suite = context.suites.add_or_update(
        gx.ExpectationSuite(name=check.name, expectations=[copy.deepcopy(e) for e in check.expectations]))
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=check.name, data=batch, suite=expectation_suite))
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": list(check.row_id)} \
        if check.row_id else "SUMMARY"
    checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
        name=check.name, validation_definitions=[definition], result_format=result_format))
    outcome = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_id))
    validation_id, validation = next(iter(outcome.run_results.items()))
    failures = [{"expectation": r.expectation_config.type,
                 "column": r.expectation_config.kwargs.get("column"),
                 "unexpected": [str(v) for v in (r.result.get("partial_unexpected_list") or [])[:5]],
                 "unexpected_count": r.result.get("unexpected_count"),
                 "rows": [{k: str(v) for k, v in row.items()} for row in
                          (r.result.get("partial_unexpected_index_list") or [])[:5]]}
                for r in validation.results if not r.success]
    stats = validation.statistics
    result = CheckResult(run_id=run_id, suite=suite, check_name=check.name, success=bool(validation.success),
                         expectations_evaluated=stats["evaluated_expectations"],
                         expectations_failed=stats["unsuccessful_expectations"], rows_checked=len(frame),
                         failures=json.dumps(failures), validated_at=datetime.now(timezone.utc).isoformat())
    return result, validation_id
