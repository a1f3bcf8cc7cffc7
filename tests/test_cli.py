"""The command line: one-line errors instead of tracebacks, a version, plain flags, no
wrapping when the output is not a terminal, and a summary that counts the facts."""
import json

import pytest

from conftest import REPO, query, run_parley
from parley.workspace import Workspace

GOLD = REPO / "tests" / "data" / "samples_gold.jsonl"


def _one_line_error(result, *needles: str) -> None:
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def test_version():
    from importlib.metadata import version

    result = run_parley("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"parley {version('parley')}"


def test_flags_are_plain_and_help_is_not_wrapped_when_piped():
    result = run_parley("evaluate", "--help")
    assert result.returncode == 0
    assert "<bool>" not in result.stdout and "--verbose " in result.stdout
    assert run_parley("ui", "--help").returncode == 0


def test_a_gold_file_that_is_not_json_names_its_file_and_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD.read_text().splitlines()[0] + "\n{\"article\": \"x.txt\", \"events\": [\n")
    warehouse = tmp_path / "w.duckdb"
    warehouse.touch()
    _one_line_error(run_parley("evaluate", str(gold), "--warehouse", str(warehouse)), f"{gold}:2:", "not a JSON")


@pytest.mark.parametrize("row", ['{"events": []}', '["a.txt", []]', '{"article": "a.txt", "events": [{"actor": "USA"}]}',
                                 '{"article": "a.txt", "events": [{"type": "summit"}]}'])
def test_a_gold_row_of_the_wrong_shape_names_its_file_and_line(tmp_path, row):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(row + "\n")
    warehouse = tmp_path / "w.duckdb"
    warehouse.touch()
    _one_line_error(run_parley("evaluate", str(gold), "--warehouse", str(warehouse)), f"{gold}:1:")


def test_sql_on_a_file_that_is_not_duckdb(tmp_path):
    notes = tmp_path / "notes.duckdb"
    notes.write_text("not a database\n" * 100)
    _one_line_error(run_parley("sql", "select 1", "--warehouse", str(notes)), str(notes), "not a valid DuckDB")


@pytest.mark.parametrize("command", [["evaluate", str(GOLD)], ["report"]])
def test_evaluate_and_report_on_a_file_that_is_not_duckdb(tmp_path, command):
    notes = tmp_path / "notes.duckdb"
    notes.write_text("not a database\n" * 100)
    _one_line_error(run_parley(*command, "--warehouse", str(notes)), str(notes))


@pytest.mark.slow
def test_sql_output_is_not_wrapped_when_piped(sample_warehouse):
    long = "x" * 150
    result = run_parley("sql", f"select '{long}' as a_long_value", "--warehouse", str(sample_warehouse))
    assert result.returncode == 0
    assert any(long in line for line in result.stdout.splitlines()), result.stdout


@pytest.mark.slow
def test_the_run_summary_counts_facts_not_mentions(sample_warehouse):
    summary = json.loads((Workspace(sample_warehouse).root / "latest_summary.json").read_text())
    counted = {row["event_type"]: row["events"] for row in summary["events_by_type"]}
    facts = {kind: query(sample_warehouse, f"select count(*) from fct_{kind}s")[0][0] for kind in counted}
    assert counted == facts
    mentions = dict(query(sample_warehouse, "select event_type, count(*) from event_mentions group by 1"))
    assert mentions != facts, "the samples report some event in two articles: the two counts differ"


def test_a_failed_run_no_task_alerted_is_alerted_by_parley_run(tmp_path, monkeypatch):
    from parley.cli import _alert_unless_alerted

    alert_file = tmp_path / "alerts.jsonl"
    monkeypatch.setenv("PARLEY_ALERT_FILE", str(alert_file))
    monkeypatch.delenv("PARLEY_ALERT_WEBHOOK", raising=False)
    failed = {"step": "load", "state": "failed", "error": "the disk is full"}
    _alert_unless_alerted([failed, {"step": "load", "state": "alerted", "run_id": "manual__1"}],
                          tmp_path / "w.duckdb", tmp_path / "last_run.log")
    assert not alert_file.exists(), "the task's callback alerted it already"
    _alert_unless_alerted([failed], tmp_path / "w.duckdb", tmp_path / "last_run.log")
    [alert] = [json.loads(line) for line in alert_file.read_text().splitlines()]
    assert (alert["step"], alert["error"], alert["log"]) == ("load", "the disk is full", str(tmp_path / "last_run.log"))
