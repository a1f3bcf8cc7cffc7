-- One row per event; source_count counts the articles (copies included) that report it.
with events as (
    select *,
        count(*) over (partition by event_id) as source_count,
        min(article_date) over (partition by event_id) as first_reported_at,
        max(article_date) over (partition by event_id) as last_reported_at
    from {{ ref('event_mentions') }}
)

select
    event_id,
    actor_code,
    target_code,
    location,
    meeting_name,
    event_date,
    date_precision,
    
    first_reported_at,
    last_reported_at,
    source_count,
    sentence_count as mention_count,
    confidence,
    evidence
from events
where event_type = 'acceptance' and is_canonical_source
