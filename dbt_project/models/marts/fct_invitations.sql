select
    event_id,
    actor_code as inviter_code,
    target_code as invitee_code,
    status,
    location,
    meeting_name,
    event_date,
    date_precision,
    article_date as first_reported_at,
    article_date as last_reported_at,
    1 as source_count,
    sentence_count as mention_count,
    confidence,
    evidence
from {{ ref('event_mentions') }}
where event_type = 'invitation'
