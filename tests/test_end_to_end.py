"""The bundled samples through the real DAG: Airflow, spaCy, DuckDB, GX and dbt, no mocks."""
import hashlib
import json
import os
import shutil

import duckdb
import pytest

from browser import rendered_dom
from conftest import SAMPLES, query, run_parley
from parley.workspace import Workspace

pytestmark = pytest.mark.slow


def _facts(warehouse):
    return set(query(warehouse, "select event_type, actor_code, target_code from event_mentions"))


def test_all_four_event_types_land(sample_warehouse):
    types = {t for (t,) in query(sample_warehouse, "select distinct event_type from event_mentions")}
    assert types == {"meeting", "invitation", "refusal", "acceptance"}


def test_particular_facts(sample_warehouse):
    facts = _facts(sample_warehouse)
    assert any(t == "refusal" and a == "RUSGOV" for t, a, _ in facts), facts       # Russia skips Tunisia
    assert ("refusal", "SYROPP", "RUSGOV") in facts                                 # opposition refuses Moscow
    assert any(t == "acceptance" and a == "SYRGOV" for t, a, _ in facts), facts    # Damascus accepts
    tunis = query(sample_warehouse, """
        select count(*) from event_mentions
        where event_type = 'refusal' and actor_code = 'RUSGOV' and source_uri like '%friends-of-syria%'""")
    assert tunis[0][0] == 1


def test_contract_columns_and_offsets(sample_warehouse):
    rows = query(sample_warehouse, """
        select m.evidence, substr(a.clean_text, m.char_start + 1, m.char_end - m.char_start), m.participant_codes
        from event_mentions m join dim_articles a using (article_id)""")
    assert rows
    for evidence, at_offsets, participants in rows:
        assert evidence == at_offsets
        assert isinstance(participants, list)
    for table in ("fct_meetings", "fct_invitations", "fct_refusals", "fct_acceptances", "dim_actors", "dim_articles"):
        assert query(sample_warehouse, f"select count(*) from {table}")[0][0] > 0, table


def test_dbt_tests_and_gx_validations_ran(sample_warehouse):
    ws = Workspace(sample_warehouse)
    results = json.loads((ws.root / "dbt_build_results.json").read_text())["results"]
    tests = [r for r in results if r["unique_id"].startswith("test.")]
    assert len(tests) >= 20 and all(r["status"] == "pass" for r in tests)
    suites = dict(query(sample_warehouse, "select suite, bool_and(success) from dq_validation_runs group by suite"))
    assert suites == {"staging": True, "marts": True, "health": True}
    assert (ws.dbt_docs / "index.html").exists()
    assert not ws.gx_data_docs.exists(), "GX's Data Docs need a CDN: not built, not linked"


def test_data_quality_report_renders_every_suite_passing(sample_warehouse):
    ws = Workspace(sample_warehouse)
    dom = rendered_dom(ws.dq_report)
    latest = query(sample_warehouse, "select run_id from dq_validation_runs order by validated_at desc limit 1")[0][0]
    assert f"<code id=\"latest-run\">{latest}</code>" in dom
    from expectations.suites import SUITES
    for check in (c for suite in SUITES.values() for c in suite):
        for e in check.expectations:
            assert f'data-expectation="{check.name}:{e.expectation_type}({e.column})"' in dom, check.name
    assert "FAILED" not in dom and "data_docs" not in dom


def _samples_holding_back(tmp_path, name):
    """A copy of the samples with one file moved aside: (inbox, its place there, where it waits)."""
    inbox = tmp_path / "in"
    shutil.copytree(SAMPLES, inbox)
    held_back = tmp_path / name
    (inbox / name).rename(held_back)
    return inbox, inbox / name, held_back


def test_rerun_adds_nothing_and_new_files_are_loaded_incrementally(tmp_path):
    inbox, extra, held_back = _samples_holding_back(tmp_path, "04-lavrov-warns-opposition.txt")
    warehouse = tmp_path / "w.duckdb"
    counts = "select (select count(*) from dim_articles), (select count(*) from event_mentions), " \
             "(select count(*) from raw.event_mentions)"

    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    first = query(warehouse, counts)
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    assert query(warehouse, counts) == first
    catalog = Workspace(warehouse).dbt_docs / "catalog.json"
    docs_built = catalog.stat().st_mtime_ns

    held_back.rename(extra)
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout
    articles, mentions, _ = query(warehouse, counts)[0]
    assert articles == first[0][0] + 1 and mentions > first[0][1]
    assert "1 new file(s)" in result.stdout
    # New rows change no table or column: the dbt docs site stays as it was built.
    assert catalog.stat().st_mtime_ns == docs_built
    # dbt-duckdb's staging tables of the incremental Python model do not pile up.
    assert query(warehouse, "select count(*) from information_schema.tables where table_name like '%dbt_tmp%'") == [(0,)]


def test_bad_files_are_quarantined_and_the_rest_loads(tmp_path):
    inbox = tmp_path / "in"
    shutil.copytree(SAMPLES, inbox)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.txt").write_bytes(b"\x89PNG\x00\x00\x00" * 50)
    warehouse = tmp_path / "w.duckdb"
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout
    reasons = dict(query(warehouse, "select regexp_extract(source_uri, '[^/]+$'), reason from quarantine"))
    assert reasons == {"empty.txt": "empty", "image.txt": "binary"}
    assert query(warehouse, "select count(*) from dim_articles")[0][0] == len(list(SAMPLES.iterdir()))


def test_failed_validation_stops_the_run_before_publishing(tmp_path):
    inbox, late, late_copy = _samples_holding_back(tmp_path, "05-geneva-invitations.txt")
    warehouse = tmp_path / "w.duckdb"
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    # Corrupt what is loaded: one evidence string no longer stands at its offsets.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update raw.event_mentions set evidence = 'not in the article' "
                    "where rowid = (select min(rowid) from raw.event_mentions)")
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()

    late_copy.rename(late)
    alert_file = tmp_path / "alerts.jsonl"
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse),
                        env={**os.environ, "PARLEY_ALERT_FILE": str(alert_file)})
    assert result.returncode == 1
    assert "validate_staging" in result.stdout and "evidence_at_offsets" in result.stdout
    [alert] = [json.loads(line) for line in alert_file.read_text().splitlines()]
    assert alert["step"] == "validate_staging" and alert["try_number"] == 1, "a failed validation is not retried"
    assert {check["suite"] for check in alert["failed_checks"]} == {"staging"}
    assert "evidence_at_offsets" in json.dumps(alert["failed_checks"])  # the failed expectation's column
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    ws = Workspace(warehouse)
    [kept] = list(ws.failed_dir.glob("*.duckdb"))  # the failing build, kept for inspection
    assert f"openitwith:duckdb-readonly{kept}" in "".join(result.stdout.split())  # however rich wraps it
    dom = rendered_dom(ws.dq_report)
    assert "FAILED" in dom and "evidence_at_offsets" in dom
    assert "This load was not published." in dom and str(kept) in dom


def test_extraction_quality_on_our_annotated_samples_does_not_regress(sample_warehouse):
    """Our own hand-annotated samples (tests/data/samples_gold.jsonl): a floor under the score."""
    from conftest import REPO
    from parley.evaluate import scores

    result = scores(REPO / "tests" / "data" / "samples_gold.jsonl", sample_warehouse)
    assert result["lenient"]["all"]["f1"] >= 0.95, result["lenient"]["all"]
    assert result["strict"]["all"]["f1"] >= 0.95, result["strict"]["all"]
    for kind in ("meeting", "invitation", "refusal", "acceptance"):
        assert result["lenient"][kind]["tp"] >= 1, kind


def test_evaluate_command_prints_the_score_table(sample_warehouse):
    from conftest import REPO

    result = run_parley("evaluate", str(REPO / "tests" / "data" / "samples_gold.jsonl"),
                        "--warehouse", str(sample_warehouse))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["type", "P", "R", "F1"]
    assert any(line.startswith("all ") for line in lines)


def test_mixed_folder_of_real_inputs(tmp_path):
    from fixtures import mixed_folder

    inbox = mixed_folder(tmp_path / "in")
    warehouse = tmp_path / "w.duckdb"
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout
    reasons = dict(query(warehouse, "select regexp_extract(source_uri, '[^/]+$'), reason from quarantine"))
    assert reasons == {"empty.txt": "empty", "image.txt": "binary", "truncated.html": "truncated_html",
                       "german.txt": "not_english", "huge.txt": "too_large", "export.jsonl#L2": "bad_json"}
    assert all(detail for (detail,) in query(warehouse, "select detail from quarantine"))
    # three sources of one story, extracted once, each reporting its refusal
    sources = query(warehouse, """
        select regexp_extract(source_uri, '[^/]+$') from event_mentions
        where event_type = 'refusal' and actor_code = 'SYROPP' and target_code = 'RUSGOV'""")
    assert {s for (s,) in sources if s.startswith("opposition")} == {
        "opposition.txt", "opposition-copy.txt", "opposition-syndicated.txt"}
    assert query(warehouse, "select max(source_count) from dim_articles")[0][0] == 3
    assert query(warehouse, "select max(source_count) from fct_refusals")[0][0] == 3
    # HTML, JSONL and feed articles give the events their text versions give
    by_source = query(warehouse, """
        select regexp_extract(source_uri, '[^/]+$'), event_type, actor_code from event_mentions""")
    assert ("geneva.html", "acceptance", "SYRGOV") in by_source
    assert ("export.jsonl#L1", "acceptance", "SYRGOV") in by_source
    assert ("feed.xml#item1", "refusal", "RUSGOV") in by_source
    encodings = dict(query(warehouse, "select regexp_extract(source_uri, '[^/]+$'), encoding from dim_articles"))
    assert encodings["latin1.txt"] == "latin-1" and encodings["utf16.txt"] == "utf-16"
    counts = "select (select count(*) from raw.article_sources), (select count(*) from raw.quarantine), " \
             "(select count(*) from event_mentions)"
    before = query(warehouse, counts)
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    assert query(warehouse, counts) == before


def test_a_changed_file_replaces_what_its_previous_version_gave(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    story = inbox / "story.txt"
    story.write_text((SAMPLES / "03-opposition-rejects-moscow.txt").read_text())
    warehouse = tmp_path / "w.duckdb"
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    story.write_text((SAMPLES / "02-damascus-accepts-moscow-talks.txt").read_text())
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    assert query(warehouse, "select count(*) from dim_articles")[0][0] == 1
    types = {t for (t,) in query(warehouse, "select distinct event_type from event_mentions")}
    assert "acceptance" in types and "refusal" not in types


def test_a_run_that_can_read_nothing_fails_and_says_why(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    result = run_parley("run", "--input", str(inbox), "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.returncode == 1
    assert "nothing could be read" in result.stdout and "empty" in result.stdout


def test_dim_actors_lists_the_words_articles_used(sample_warehouse):
    aliases = dict(query(sample_warehouse, "select actor_code, aliases from dim_actors"))
    assert {"Moscow", "Sergei Lavrov"} <= set(aliases["RUSGOV"])
    assert "Syrian National Council" in aliases["SYROPP"]
