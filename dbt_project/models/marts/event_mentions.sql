-- One row per (real-world event, article that reports it): the analysts' contract.
-- event_id is the fused event (the same refusal reported by three papers shares it);
-- copies of a wire story are further sources, with the evidence and offsets of the
-- canonical article's text.
select
    c.event_id,
    e.article_event_id,
    e.article_id,
    s.source_uri,
    s.url as source_url,
    s.is_canonical as is_canonical_source,
    coalesce(s.title, a.title) as article_title,
    coalesce(s.published_date, e.article_date) as article_date,
    e.event_type,
    e.actor_code,
    e.target_code,
    e.participant_codes,
    e.host_code,
    e.location,
    e.event_date,
    e.date_precision,
    e.status,
    e.meeting_name,
    e.conditional,
    e.evidence,
    e.char_start,
    e.char_end,
    e.confidence,
    e.sentence_count,
    e.rule_id,
    e.status_rule_id,
    e.date_rule_id,
    e.place_rule_id,
    e.rule_ids
from {{ ref('int_article_events') }} e
join {{ ref('int_event_clusters') }} c using (article_event_id)
join {{ ref('stg_articles') }} a using (article_id)
join {{ ref('stg_article_sources') }} s using (article_id)
order by s.source_uri, e.char_start, e.event_type, c.event_id
