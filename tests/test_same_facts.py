"""Same input, same facts: two runs of the same articles, with other batches and another
number of DuckDB threads, give identical event_mentions and fact tables."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SAMPLES, SHARED_CORPUS, query, run_parley
from parley.transform import dbt_vars

# What analysts read; run ids and load times aside, every column of every row.
TABLES = ["event_mentions", "event_evidence", "fct_meetings", "bridge_meeting_participants", "fct_invitations",
          "fct_refusals", "fct_acceptances", "dim_actors", "dim_articles"]
VOLATILE = {"run_id", "loaded_at"}


def facts(warehouse) -> dict[str, list]:
    tables = {}
    for table in TABLES:
        columns = [c for (c,) in query(warehouse, "select column_name from information_schema.columns where "
                                                  "table_schema = 'main' and table_name = ? order by ordinal_position",
                                       [table]) if c not in VOLATILE]
        tables[table] = sorted(map(repr, query(warehouse, f"select {', '.join(columns)} from {table}")))
    return tables


def run_otherwise(input_dir, warehouse):
    """A run in one-article batches (so in another order) on one DuckDB thread."""
    env = {**os.environ, "PARLEY_BATCH_SIZE": "1", "PARLEY_DUCKDB_THREADS": "1"}
    result = run_parley("run", "--input", str(input_dir), "--warehouse", str(warehouse), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return warehouse


def assert_same(before: dict, after: dict) -> None:
    for table in TABLES:
        assert before[table], f"{table} is empty: nothing compared"
        assert before[table] == after[table], f"{table} differs: {set(before[table]) ^ set(after[table])}"


def test_the_samples_give_the_same_facts_run_after_run(sample_warehouse, tmp_path):
    assert_same(facts(sample_warehouse), facts(run_otherwise(SAMPLES, tmp_path / "w.duckdb")))


def test_the_shared_corpus_gives_the_same_facts_run_after_run(shared_warehouse, tmp_path):
    assert_same(facts(shared_warehouse), facts(run_otherwise(SHARED_CORPUS / "articles", tmp_path / "w.duckdb")))


def test_the_models_unit_tests_pass(sample_warehouse, tmp_path):
    """dbt's unit tests (an invitation answered both ways, in marts/schema.yml), on a copy of
    a built warehouse: dbt reads the column types of a model's inputs from it."""
    warehouse = tmp_path / sample_warehouse.name
    shutil.copy2(sample_warehouse, warehouse)
    project = REPO / "dbt_project"
    env = {**os.environ, "PARLEY_DBT_DB": str(warehouse), "PARLEY_DBT_DUCKDB_THREADS": "1"}
    result = subprocess.run([str(Path(sys.executable).with_name("dbt")), "test", "--select", "test_type:unit",
                             "--project-dir", str(project), "--profiles-dir", str(project), "--vars", dbt_vars(),
                             "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    unit_tests = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    assert unit_tests == {"an_invitation_answered_both_ways_takes_the_latest_answer": "pass"}
