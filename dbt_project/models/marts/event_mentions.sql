-- One row per (event, article that reports it): the analysts' contract.
with mentions as (
    select *,
        count(*) over (partition by event_id) as sentence_count,
        row_number() over (partition by event_id order by char_start) as position
    from {{ ref('stg_event_mentions') }}
)

select
    m.event_id,
    m.article_id,
    a.source_uri,
    a.title as article_title,
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
    m.sentence_count
from mentions m
join {{ ref('stg_articles') }} a using (article_id)
where m.position = 1
