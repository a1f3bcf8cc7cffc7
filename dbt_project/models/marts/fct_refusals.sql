-- One row per real-world refusal, however many articles report it.
select
    event_id,
    any_value(actor_code) as actor_code,
    arg_min(target_code, coalesce(article_date, date '2999-01-01')) filter (where target_code is not null) as target_code,
    arg_min(location, coalesce(article_date, date '2999-01-01')) filter (where location is not null) as location,
    arg_min(meeting_name, coalesce(article_date, date '2999-01-01')) filter (where meeting_name is not null) as meeting_name,
    min(event_date) as event_date,
    arg_min(date_precision, event_date) as date_precision,
    bool_or(coalesce(conditional, false)) as conditional,
    min(article_date) as first_reported_at,
    max(article_date) as last_reported_at,
    count(distinct source_uri) as source_count,
    count(distinct article_id) as article_count,
    sum(sentence_count) filter (where is_canonical_source) as mention_count,
    max(confidence) as confidence,
    arg_min(evidence, coalesce(article_date, date '2999-01-01')) as evidence
from {{ ref('event_mentions') }}
where event_type = 'refusal'
group by event_id
