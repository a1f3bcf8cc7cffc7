{{ config(materialized='incremental', unique_key='article_event_id', on_schema_change='append_new_columns') }}
-- One row per event as one article states it (its first sentence), with the article's date.
-- Incremental: a run adds the events of the articles it loaded and removes those of
-- articles that are gone (a changed file), so its cost follows the new articles.
-- `parley reextract` rebuilds it whole (--full-refresh), since it replaces known articles' events.
-- A column added here reaches an existing warehouse as a new column (append_new_columns).
with mentions as (
    select *,
        count(*) over (partition by event_id) as sentence_count,
        list_sort(list_distinct(list(rule_id) over (partition by event_id))) as rule_ids,
        row_number() over (partition by event_id order by char_start) as position
    from {{ ref('stg_event_mentions') }}
    {% if is_incremental() %}
    where article_id not in (select distinct article_id from {{ this }})
    {% endif %}
)

select
    m.event_id as article_event_id,
    m.article_id,
    a.published_date as article_date,
    m.event_type,
    m.actor_code,
    m.target_code,
    m.participant_codes,
    m.host_code,
    m.location,
    m.event_date,
    m.date_precision,
    m.status,
    m.meeting_name,
    m.conditional,
    m.evidence,
    m.char_start,
    m.char_end,
    m.confidence,
    m.sentence_count,
    m.rule_id,
    m.status_rule_id,
    m.date_rule_id,
    m.place_rule_id,
    m.rule_ids,
    m.extractor_version
from mentions m
join {{ ref('stg_articles') }} a using (article_id)
where m.position = 1
