"""Data-quality results, their history in the warehouse, and the report: real Great
Expectations over a real DuckDB build, filled with loads of our own sentences."""
import json
import shutil
from datetime import date

import duckdb
import pytest

from browser import rendered_dom
from expectations.health import MIN_ARTICLES
from expectations.suites import STAGING
from parley import dq_history
from parley.load import ensure_tables
from parley.validate import ValidationFailed, validate
from parley.workspace import Workspace

MEETING = "Norway and Chile held talks in Oslo on Monday."
REFUSAL = "Peru declined an invitation to the summit in Lima."
QUIET = "The weather in the capital stayed mild for the whole week."
ARTICLE_DATE = date(2021, 5, 3)


def _load(ws: Workspace, run_id: str, articles: list[tuple[str, list[tuple]]]) -> None:
    """Articles as a run would load them: (text, [(event_type, evidence, event_date), ...])."""
    ws.build_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(ws.build_db)) as con:
        ensure_tables(con)
        for n, (text, events) in enumerate(articles):
            article_id = f"{run_id}-{n}"
            uri = f"/in/{article_id}.txt"
            con.execute("""insert into raw.articles (article_id, source_uri, file_uri, content_hash, kind, published,
                                                     raw_text, clean_text, text_hash, run_id)
                           values (?, ?, ?, ?, 'text', ?, ?, ?, ?, ?)""",
                        [article_id, uri, uri, article_id, ARTICLE_DATE, text, text, article_id, run_id])
            con.execute("""insert into raw.article_sources (article_id, source_uri, file_uri, content_hash, is_canonical,
                                                            run_id) values (?, ?, ?, ?, true, ?)""",
                        [article_id, uri, uri, article_id, run_id])
            for k, (event_type, evidence, event_date) in enumerate(events):
                start = max(text.find(evidence), 0)
                meeting = event_type == "meeting"
                con.execute("""insert into raw.event_mentions (article_id, event_key, event_type, actor_code,
                                   target_code, participant_codes, status, event_date, evidence, char_start,
                                   char_end, confidence, run_id)
                               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0.8, ?)""",
                            [article_id, f"e{k}", event_type, None if meeting else "PER", None if meeting else "IGOUNO",
                             ["NOR", "CHL"] if meeting else [], "held" if meeting else None, event_date, evidence,
                             start, start + len(evidence), run_id])
        mentions = sum(len(events) for _, events in articles)
        con.execute("insert into raw.runs (run_id, files_discovered, items_read, sources_loaded, articles_loaded, "
                    "duplicates, quarantined, mentions_loaded) values (?, ?, ?, ?, ?, 0, 0, ?)",
                    [run_id, len(articles), len(articles), len(articles), len(articles), mentions])


def _busy_article(n: int) -> tuple[str, list[tuple]]:
    text = f"{MEETING} {REFUSAL} Article {n}."
    return text, [("meeting", MEETING, ARTICLE_DATE), ("refusal", REFUSAL, ARTICLE_DATE),
                  ("meeting", MEETING, ARTICLE_DATE), ("refusal", REFUSAL, None)]


def _results(ws: Workspace, run_id: str) -> list[dict]:
    with duckdb.connect(str(ws.build_db), read_only=True) as con:
        cursor = con.execute("select * from dq_expectation_results where run_id = ?", [run_id])
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _publish(ws: Workspace) -> None:
    """What a run's publish step does with the history, then the copy: the next build starts from it."""
    dq_history.write_history_table(ws)
    shutil.copy(ws.build_db, ws.warehouse)


@pytest.fixture
def ws(tmp_path):
    # one build copy that several runs load into, as successive runs do through publish
    return Workspace(tmp_path / "w.duckdb", "test-build")


def test_every_expectation_of_the_suite_has_a_row_with_what_it_saw(ws):
    _load(ws, "r1", [_busy_article(n) for n in range(MIN_ARTICLES)])
    validate("staging", ws, "r1")
    rows = _results(ws, "r1")
    staging = [r for r in rows if r["suite"] == "staging"]
    assert len(staging) == sum(len(check.expectations) for check in STAGING)
    assert {r["suite"] for r in rows} == {"staging", "health"}
    for row in rows:
        assert row["description"] and row["observed_value"] is not None, row
        assert row["success"] and row["run_outcome"] == "running", row
        if row["expectation_type"].startswith("expect_column_values"):
            assert row["unexpected_percent"] == 0 and row["unexpected_count"] == 0, (row["column_name"], row)
    types = {r["column_name"]: json.loads(r["observed_value"]) for r in staging
             if r["table_name"] == "staging.event_mentions" and r["expectation_type"].endswith("in_set")}
    assert types["event_type"] == {"meeting": 10, "refusal": 10}
    blocking = {(r["column_name"], r["blocking"]) for r in staging if r["table_name"] == "staging.event_mentions"}
    assert ("evidence_at_offsets", True) in blocking and ("days_from_article_date", False) in blocking


def test_events_dated_years_before_their_article_warn_and_never_block(ws):
    history = "The first conference was held in Geneva on June 30, 2012."
    articles = [_busy_article(n) for n in range(7)]
    articles.append((history, [("meeting", history, date(2012, 6, 30))]))
    _load(ws, "r1", articles)
    validate("staging", ws, "r1")  # one dated event in 22 is history: under the 5% the warning allows
    [window] = [r for r in _results(ws, "r1") if r["column_name"] == "days_from_article_date"
                and r["table_name"] == "staging.event_mentions"]
    assert window["success"] and not window["blocking"]
    assert window["unexpected_count"] == 1 and window["unexpected_percent"] == pytest.approx(100 / 22)

    more = [(history + f" Report {n}.", [("meeting", history, date(2012, 6, 30))]) for n in range(4)]
    _load(ws, "r2", more)  # now 5 of 26 dated events are history: a warning, still no failure
    validate("staging", ws, "r2")
    [window] = [r for r in _results(ws, "r2") if r["column_name"] == "days_from_article_date"
                and r["table_name"] == "staging.event_mentions"]
    assert not window["success"] and not window["blocking"]
    sample = json.loads(window["unexpected_sample"])
    assert {"article_id": "r1-7", "event_key": "e0", "char_start": 0, "days_from_article_date": -3229} in sample


def test_a_corrupt_offset_blocks_the_load_and_names_the_offending_row(ws):
    _load(ws, "r1", [_busy_article(n) for n in range(MIN_ARTICLES)])
    with duckdb.connect(str(ws.build_db)) as con:
        con.execute("update raw.event_mentions set char_start = char_start + 3 where article_id = 'r1-2' "
                    "and event_key = 'e1'")
    with pytest.raises(ValidationFailed, match=r"evidence_at_offsets\) failed on 1 row") as failure:
        validate("staging", ws, "r1")
    assert '"article_id": "r1-2"' in str(failure.value)
    [row] = [r for r in _results(ws, "r1") if not r["success"]]
    assert row["blocking"] and row["column_name"] == "evidence_at_offsets" and row["run_outcome"] == "blocked"
    assert json.loads(row["unexpected_sample"]) == [
        {"article_id": "r1-2", "event_key": "e1", "char_start": len(MEETING) + 1 + 3, "evidence_at_offsets": False}]
    assert row["unexpected_percent"] == pytest.approx(100 / 20)


def test_far_fewer_events_per_article_than_the_history_is_a_health_warning(ws):
    _load(ws, "r1", [_busy_article(n) for n in range(MIN_ARTICLES)])
    validate("staging", ws, "r1")
    _publish(ws)
    quiet = [(f"{QUIET} Day {n}.", []) for n in range(MIN_ARTICLES - 1)] + [_busy_article(99)]
    _load(ws, "r2", quiet)
    validate("staging", ws, "r2")  # warnings only: no exception
    health = {r["column_name"]: r for r in _results(ws, "r2") if r["suite"] == "health"}
    assert not health["events"]["success"] and json.loads(health["events"]["observed_value"]) == 0.8
    assert "4.00 in 5 articles of all earlier loads" in health["events"]["description"]
    assert not health["no_event"]["success"] and not health["no_event"]["blocking"]
    assert health["unknown_actor"]["success"] and health["confidence"]["success"]
    dom = rendered_dom(ws.dq_report)
    warnings = dom[dom.index('id="warnings"'):dom.index('id="health"')]
    assert "expect_column_mean_to_be_between(events)" in warnings and "Events per article" in warnings
    assert "0 blocking failure(s)" in dom
    events_row = warnings[warnings.index("expect_column_mean_to_be_between(events)"):]
    trend = events_row[events_row.index("<svg"):events_row.index("</svg>")]
    assert trend.count("<circle") == 2 and "r1: 4" in trend and "r2: 0.8" in trend


def test_the_first_load_records_its_health_without_judging_it(ws):
    _load(ws, "r1", [_busy_article(n) for n in range(MIN_ARTICLES)])
    validate("staging", ws, "r1")
    health = [r for r in _results(ws, "r1") if r["suite"] == "health"]
    assert len(health) == 4 and all(r["success"] for r in health)
    assert all("recorded, not judged" in r["description"] for r in health)


def test_a_run_that_never_publishes_reaches_the_history_as_unfinished(ws):
    _load(ws, "r1", [_busy_article(n) for n in range(MIN_ARTICLES)])
    validate("staging", ws, "r1")
    _publish(ws)
    # r2 validates its staging, then dies: its build is never published.
    _load(ws, "r2", [_busy_article(n) for n in range(2)])
    validate("staging", ws, "r2")
    shutil.copy(ws.warehouse, ws.build_db)  # r3 starts from the published warehouse
    _load(ws, "r3", [_busy_article(n) for n in range(3)])
    validate("staging", ws, "r3")
    outcomes = {r["run_id"]: r["run_outcome"] for r in _results(ws, "r1") + _results(ws, "r2") + _results(ws, "r3")}
    assert outcomes == {"r1": "published", "r2": "unfinished", "r3": "running"}
    _publish(ws)
    assert (dq_history.pending_dir(ws) / "r2.jsonl").exists()  # until the published warehouse holds it
    _load(ws, "r4", [_busy_article(n) for n in range(4)])
    validate("staging", ws, "r4")
    assert not (dq_history.pending_dir(ws) / "r2.jsonl").exists()
    with duckdb.connect(str(ws.build_db), read_only=True) as con:
        runs = con.execute("select run_id, run_outcome, count(*) from dq_expectation_results group by all "
                           "order by run_id").fetchall()
    assert [(run, outcome) for run, outcome, _ in runs] == [
        ("r1", "published"), ("r2", "unfinished"), ("r3", "published"), ("r4", "running")]
    assert len({n for _, _, n in runs}) == 1  # each run has every expectation once


def test_a_copied_warehouse_keeps_its_history_and_an_old_history_table_is_kept(ws, tmp_path):
    _load(ws, "r1", [_busy_article(n) for n in range(MIN_ARTICLES)])
    with duckdb.connect(str(ws.build_db)) as con:  # the table as an earlier release made it
        con.execute("""create table main.dq_validation_runs (run_id varchar, suite varchar, check_name varchar,
                       success boolean, expectations_evaluated integer, expectations_failed integer,
                       rows_checked bigint, failures varchar, validated_at timestamptz)""")
        con.execute("insert into main.dq_validation_runs values ('r0', 'staging', 'staging.runs', true, 2, 0, 1, "
                    "'[]', now())")
    validate("staging", ws, "r1")
    _publish(ws)
    copy = Workspace(tmp_path / "elsewhere" / "w.duckdb", "test-build")
    copy.build_db.parent.mkdir(parents=True)
    shutil.copy(ws.warehouse, copy.build_db)
    _load(copy, "r2", [_busy_article(n + 10) for n in range(MIN_ARTICLES)])
    validate("staging", copy, "r2")
    with duckdb.connect(str(copy.build_db), read_only=True) as con:
        runs = con.execute("select run_id, count(*), bool_and(success), max(run_outcome) from dq_validation_runs "
                           "group by run_id order by run_id").fetchall()
    assert runs == [("r0", 1, True, None), ("r1", 6, True, "published"), ("r2", 6, True, "running")]


def test_health_compares_with_earlier_loads_of_the_same_extractor_version(ws):
    # an older extractor's load, with one event per article
    _load(ws, "r1", [(f"{MEETING} Day {n}.", [("meeting", MEETING, ARTICLE_DATE)]) for n in range(MIN_ARTICLES)])
    _load(ws, "r2", [_busy_article(n) for n in range(MIN_ARTICLES)])
    _load(ws, "r3", [_busy_article(n + 10) for n in range(MIN_ARTICLES)])
    with duckdb.connect(str(ws.build_db)) as con:
        con.execute("alter table raw.event_mentions add column if not exists extractor_version varchar")
        con.execute("update raw.event_mentions set extractor_version = case when run_id = 'r1' then '0.1+old' "
                    "else '0.2+new' end")
    validate("staging", ws, "r3")
    health = {r["column_name"]: r for r in _results(ws, "r3") if r["suite"] == "health"}
    assert "4.00 in 5 articles of earlier loads of extractor version 0.2+new" in health["events"]["description"]
    assert health["events"]["success"] and health["no_event"]["success"]
