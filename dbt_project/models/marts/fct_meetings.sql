-- One row per real-world meeting, however many articles report it.
select
    event_id,
    arg_max(status, coalesce(article_date, date '1900-01-01')) as status,
    min(event_date) as event_date,
    arg_min(date_precision, event_date) as date_precision,
    arg_min(location, coalesce(article_date, date '2999-01-01')) filter (where location is not null) as location,
    arg_min(host_code, coalesce(article_date, date '2999-01-01')) filter (where host_code is not null) as host_code,
    arg_min(meeting_name, coalesce(article_date, date '2999-01-01')) filter (where meeting_name is not null) as meeting_name,
    list_sort(list_distinct(flatten(list(participant_codes)))) as participant_codes,
    min(article_date) as first_reported_at,
    max(article_date) as last_reported_at,
    count(distinct source_uri) as source_count,
    count(distinct article_id) as article_count,
    sum(sentence_count) filter (where is_canonical_source) as mention_count,
    max(confidence) as confidence,
    arg_min(evidence, coalesce(article_date, date '2999-01-01')) as evidence
from {{ ref('event_mentions') }}
where event_type = 'meeting'
group by event_id
