-- Every sentence that states an event, with its offsets in the article's stored text.
select
    c.event_id,
    m.event_id as article_event_id,
    m.article_id,
    a.source_uri,
    m.event_type,
    m.evidence,
    m.char_start,
    m.char_end,
    m.confidence
from {{ ref('stg_event_mentions') }} m
join {{ ref('int_event_clusters') }} c on c.article_event_id = m.event_id
join {{ ref('stg_articles') }} a using (article_id)
