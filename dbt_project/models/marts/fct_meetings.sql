select
    event_id,
    status,
    event_date,
    date_precision,
    location,
    host_code,
    meeting_name,
    participant_codes,
    article_date as first_reported_at,
    article_date as last_reported_at,
    1 as source_count,
    sentence_count as mention_count,
    confidence,
    evidence
from {{ ref('event_mentions') }}
where event_type = 'meeting'
