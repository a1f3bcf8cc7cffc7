-- One row per (event, article that reports it): the analysts' contract. Copies of a wire
-- story are further sources of its events; their evidence and offsets are those of the
-- canonical article's text.
with mentions as (
    select *,
        count(*) over (partition by event_id) as sentence_count,
        row_number() over (partition by event_id order by char_start) as position
    from {{ ref('stg_event_mentions') }}
)

select
    m.event_id,
    m.article_id,
    s.source_uri,
    s.url as source_url,
    s.is_canonical as is_canonical_source,
    coalesce(s.title, a.title) as article_title,
    coalesce(s.published_date, a.published_date) as article_date,
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
join {{ ref('stg_article_sources') }} s using (article_id)
where m.position = 1
