"""The data-quality suites, as code under version control.

Each check is a DuckDB query over the build warehouse and the Great Expectations
expectations its rows must meet. Facts that span tables (an evidence string found at its
offsets in the stored article text, an actor present in ``dim_actors``, stage counts that
add up) are computed by the query as columns, so one expectation reads each.

Every expectation says in one plain line what it checks (GX's ``description``) and how much
it counts (GX's ``severity``): integrity expectations (keys, offsets, references, stage
counts) keep GX's default severity, ``critical``, and block a load; plausibility
expectations (date windows, distributions) have ``severity="warning"`` and a threshold
(``mostly``): shown in the data-quality report, they never fail a load by themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx

from parley.contract import EVENT_TYPES, STATUSES

E = gx.expectations
# ISO3 + role (RUSGOV), bare ISO3 (IRN), CAMEO IGO codes (IGOUNO), named groups (GRP:...)
ACTOR_CODE = r"^(?:[A-Z]{3}(?:GOV|OPP|REB|MIL|LEG)?|IGO[A-Z]{2,9}|GRP:.+)$"
# An event dated years away from its article is often true history ("the first conference
# was held in 2012", said in 2021): a warning only when fewer than WINDOW_SHARE of the events
# lie within the window.
DATE_WINDOW_DAYS = 3 * 366
WINDOW_SHARE = 0.95


@dataclass(frozen=True)
class Check:
    name: str
    query: str
    expectations: tuple
    row_id: tuple = ()  # columns that name an offending row in a failure message


def _mention_checks() -> tuple:
    return (
        E.ExpectColumnValuesToNotBeNull(
            column="article_id", description="Every event mention names the article it was read in."),
        E.ExpectColumnValuesToBeInSet(
            column="event_type", value_set=list(EVENT_TYPES),
            description="Every event is a meeting, an invitation, a refusal or an acceptance."),
        E.ExpectColumnValuesToBeInSet(
            column="status", value_set=list(STATUSES),
            description="A status, where there is one, is one the contract lists (held, planned, ...)."),
        E.ExpectColumnValuesToMatchRegex(
            column="actor_code", regex=ACTOR_CODE,
            description="Actor codes have the CAMEO shape (RUSGOV, IRN, IGOUNO, GRP:name)."),
        E.ExpectColumnValuesToMatchRegex(
            column="target_code", regex=ACTOR_CODE,
            description="Target codes have the CAMEO shape (RUSGOV, IRN, IGOUNO, GRP:name)."),
        E.ExpectColumnValuesToBeBetween(
            column="confidence", min_value=0, max_value=1, description="Confidence lies between 0 and 1."),
        E.ExpectColumnValuesToBeInSet(
            column="evidence_at_offsets", value_set=[True],
            description="Each evidence sentence stands at its character offsets in the stored article text."),
        E.ExpectColumnValuesToBeInSet(
            column="has_article", value_set=[True], description="Each event mention's article is loaded."),
        E.ExpectColumnValuesToBeBetween(
            column="days_from_article_date", min_value=-DATE_WINDOW_DAYS, max_value=DATE_WINDOW_DAYS,
            mostly=WINDOW_SHARE, severity="warning",
            description=f"At least {WINDOW_SHARE:.0%} of dated events lie within three years of their "
                        f"article's date (older ones are often true history)."),
    )


def _mention_query(relation: str, article_relation: str, date_column: str) -> str:
    return f"""
        select m.*, a.article_id is not null as has_article,
               coalesce(substr(a.clean_text, m.char_start + 1, m.char_end - m.char_start) = m.evidence, false)
                   as evidence_at_offsets,
               datediff('day', a.{date_column}, m.event_date) as days_from_article_date
        from {relation} m left join {article_relation} a using (article_id)"""


STAGING = (
    Check("staging.articles", "select * exclude (raw_text) from raw.articles", (
        E.ExpectColumnValuesToNotBeNull(column="article_id", description="Every article has an id."),
        E.ExpectColumnValuesToBeUnique(column="article_id", description="No article is loaded twice."),
        E.ExpectColumnValuesToNotBeNull(column="source_uri", description="Every article names where it was read."),
        E.ExpectColumnValuesToNotBeNull(column="clean_text", description="Every article keeps its cleaned text."),
        E.ExpectColumnValueLengthsToBeBetween(
            column="clean_text", min_value=1, description="No article's cleaned text is empty."),
    ), row_id=("source_uri",)),
    Check("staging.event_mentions", _mention_query("raw.event_mentions", "raw.articles", "published"),
          _mention_checks(), row_id=("article_id", "event_key", "char_start")),
    Check("staging.article_sources", """
        select s.source_uri, s.article_id, a.article_id is not null as has_article
        from raw.article_sources s left join raw.articles a using (article_id)""", (
        E.ExpectColumnValuesToNotBeNull(column="source_uri", description="Every source names its file or page."),
        E.ExpectColumnValuesToBeInSet(
            column="has_article", value_set=[True], description="Every source (a copy included) points to a loaded article."),
    ), row_id=("source_uri",)),
    Check("staging.runs", """
        select run_id, sources_loaded + quarantined = items_read as counts_add_up,
               articles_loaded + duplicates = sources_loaded as duplicates_add_up
        from raw.runs""", (
        E.ExpectColumnValuesToBeInSet(
            column="counts_add_up", value_set=[True],
            description="Each run's items read = sources loaded + items quarantined."),
        E.ExpectColumnValuesToBeInSet(
            column="duplicates_add_up", value_set=[True],
            description="Each run's sources loaded = articles loaded + duplicates set aside."),
    ), row_id=("run_id",)),
)

MARTS = (
    Check("marts.event_mentions", _mention_query("main.event_mentions", "main.dim_articles", "published_date"), (
        *_mention_checks(),
        E.ExpectColumnValuesToNotBeNull(column="event_id", description="Every mention belongs to a fused event."),
        E.ExpectColumnValuesToNotBeNull(column="source_uri", description="Every mention names its source."),
    ), row_id=("event_id",)),
    Check("marts.facts", """
        with facts as (
            select 'meeting' as event_type, event_id, mention_count from main.fct_meetings
            union all select 'invitation', event_id, mention_count from main.fct_invitations
            union all select 'refusal', event_id, mention_count from main.fct_refusals
            union all select 'acceptance', event_id, mention_count from main.fct_acceptances)
        select event_type, event_id, mention_count,
               count(*) over (partition by event_id) as rows_with_id,
               event_id in (select event_id from main.event_mentions) as has_mention
        from facts""", (
        E.ExpectColumnValuesToNotBeNull(column="event_id", description="Every fact has an event id."),
        E.ExpectColumnValuesToBeBetween(
            column="mention_count", min_value=1, description="Every fact counts at least one mention."),
        E.ExpectColumnValuesToBeBetween(
            column="rows_with_id", min_value=1, max_value=1,
            description="An event id is one fact row, in one fact table."),
        E.ExpectColumnValuesToBeInSet(
            column="has_mention", value_set=[True], description="Every fact is backed by a mention in event_mentions."),
    ), row_id=("event_type", "event_id")),
    Check("marts.actors_known", """
        select code, code in (select actor_code from main.dim_actors) as in_dim_actors
        from (select actor_code as code from main.event_mentions
              union select target_code from main.event_mentions
              union select unnest(participant_codes) from main.event_mentions)
        where code is not null""", (
        E.ExpectColumnValuesToBeInSet(
            column="in_dim_actors", value_set=[True], description="Every actor code used by an event is in dim_actors."),
        E.ExpectColumnValuesToMatchRegex(
            column="code", regex=ACTOR_CODE, description="Every actor code used by an event has the CAMEO shape."),
    ), row_id=("code",)),
    Check("marts.dim_articles", "select * exclude (clean_text) from main.dim_articles", (
        E.ExpectColumnValuesToBeUnique(column="article_id", description="dim_articles has one row per article."),
        E.ExpectColumnValuesToNotBeNull(column="source_uri", description="Every article names its source."),
    ), row_id=("article_id",)),
)

SUITES = {"staging": STAGING, "marts": MARTS}
