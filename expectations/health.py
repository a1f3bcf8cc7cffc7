"""Extraction health: the articles a run loaded, measured against the warehouse's own history.

A change to the extractor can halve the events found per article, or double the share of
events whose actor is unknown, and still pass every integrity check. Four measures of this
load catch that, each a warning (never blocking) whose bounds come from the earlier loads
in the warehouse of the same ``extractor_version`` (all earlier loads where
``raw.event_mentions`` has no such column):

- events per article: within half and twice the history's;
- the share of articles with no event: at most the history's + TOLERANCE;
- the share of events with an unknown actor (none named, or a named group outside the
  dictionaries, ``GRP:...``): at most the history's + TOLERANCE;
- the confidence quartiles: each within TOLERANCE of the history's.

Fewer than MIN_ARTICLES articles, in this load or in the history, judge nothing: the
measure is recorded for the trend, with bounds that say so.
"""
from __future__ import annotations

import duckdb
import great_expectations as gx

from expectations.suites import Check

E = gx.expectations
MIN_ARTICLES = 5
RATIO = 2.0
TOLERANCE = 0.15
QUARTILES = [0.25, 0.5, 0.75]

UNKNOWN_ACTOR = """(case when m.event_type = 'meeting' then coalesce(len(m.participant_codes), 0) = 0
                         else m.actor_code is null end
                    or m.actor_code like 'GRP:%')"""


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _articles_query(runs: str) -> str:
    return f"""
        select a.article_id, count(m.article_id) as events, (count(m.article_id) = 0)::int as no_event
        from raw.articles a left join raw.event_mentions m using (article_id)
        where a.run_id in ({runs}) group by a.article_id"""


def _mentions_query(runs: str) -> str:
    return f"""
        select m.article_id, m.event_key, m.confidence, {UNKNOWN_ACTOR}::int as unknown_actor
        from raw.event_mentions m join raw.articles a using (article_id)
        where a.run_id in ({runs})"""


def _history_runs(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, str]:
    """(SQL list of the earlier loads to compare with, what they are in words)."""
    this_run = _literal(run_id)
    has_version = con.execute("""
        select count(*) from information_schema.columns
        where table_schema = 'raw' and table_name = 'event_mentions' and column_name = 'extractor_version'""").fetchone()[0]
    version = None
    if has_version:
        version = con.execute(f"""
            select mode(m.extractor_version) from raw.event_mentions m join raw.articles a using (article_id)
            where a.run_id = {this_run}""").fetchone()[0]
    if version is None:
        return f"select distinct run_id from raw.articles where run_id <> {this_run}", "all earlier loads"
    return (f"""select distinct a.run_id from raw.articles a join raw.event_mentions m using (article_id)
                where a.run_id <> {this_run} and m.extractor_version = {_literal(version)}""",
            f"earlier loads of extractor version {version}")


def _history(con: duckdb.DuckDBPyConnection, runs: str) -> dict:
    articles, per_article, no_event = con.execute(
        f"select count(*), avg(events), avg(no_event) from ({_articles_query(runs)})").fetchone()
    unknown, quartiles = con.execute(
        f"select avg(unknown_actor), quantile_cont(confidence, {QUARTILES}) from ({_mentions_query(runs)})").fetchone()
    return {"articles": articles, "events_per_article": per_article, "no_event": no_event,
            "unknown_actor": unknown, "quartiles": quartiles}


def health_checks(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[Check, ...]:
    """The health checks of the articles this run loaded; none when it loaded none."""
    this_run = _literal(run_id)
    loaded = con.execute(f"select count(*) from raw.articles where run_id = {this_run}").fetchone()[0]
    if not loaded:
        return ()
    runs, history_name = _history_runs(con, run_id)
    history = _history(con, runs)
    judged = loaded >= MIN_ARTICLES and history["articles"] >= MIN_ARTICLES
    return (
        Check("health.articles", _articles_query(this_run), _article_expectations(history, judged, history_name),
              row_id=("article_id",)),
        Check("health.event_mentions", _mentions_query(this_run),
              _mention_expectations(history, judged, history_name), row_id=("article_id", "event_key")),
    )


def _basis(judged: bool, history: dict, history_name: str, value: str) -> str:
    if judged:
        return f"{value} in {history['articles']} articles of {history_name}"
    return f"recorded, not judged: fewer than {MIN_ARTICLES} articles in this load or in {history_name}"


def _article_expectations(history: dict, judged: bool, history_name: str) -> tuple:
    per_article, no_event = history["events_per_article"], history["no_event"]
    return (
        E.ExpectColumnMeanToBeBetween(
            column="events", severity="warning",
            min_value=per_article / RATIO if judged else 0, max_value=per_article * RATIO if judged else None,
            description=f"Events per article stay within half and twice the history's "
                        f"({_basis(judged, history, history_name, f'{per_article or 0:.2f}')})."),
        E.ExpectColumnMeanToBeBetween(
            column="no_event", severity="warning", min_value=0,
            max_value=min(1.0, no_event + TOLERANCE) if judged else 1,
            description=f"The share of articles with no event is at most {TOLERANCE:.0%} above the history's "
                        f"({_basis(judged, history, history_name, f'{no_event or 0:.0%}')})."),
    )


def _mention_expectations(history: dict, judged: bool, history_name: str) -> tuple:
    unknown, quartiles = history["unknown_actor"], history["quartiles"]
    judged = judged and quartiles is not None  # earlier loads with articles but no event
    ranges = [[max(0.0, q - TOLERANCE), min(1.0, q + TOLERANCE)] for q in quartiles] if judged else [[0, 1]] * 3
    return (
        E.ExpectColumnMeanToBeBetween(
            column="unknown_actor", severity="warning", min_value=0,
            max_value=min(1.0, unknown + TOLERANCE) if judged else 1,
            description=f"The share of events with an unknown actor (none, or a group outside the dictionaries) "
                        f"is at most {TOLERANCE:.0%} above the history's "
                        f"({_basis(judged, history, history_name, f'{unknown or 0:.0%}')})."),
        E.ExpectColumnQuantileValuesToBeBetween(
            column="confidence", severity="warning",
            quantile_ranges={"quantiles": QUARTILES, "value_ranges": ranges},
            description=f"The confidence quartiles stay within {TOLERANCE} of the history's "
                        f"({_basis(judged, history, history_name, ', '.join(f'{q:.2f}' for q in quartiles or []))})."),
    )
