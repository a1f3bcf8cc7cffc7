-- Every sentence that states an event, with its offsets in the article's stored text.
select
    m.event_id,
    m.article_id,
    a.source_uri,
    m.event_type,
    m.evidence,
    m.char_start,
    m.char_end,
    m.confidence
from {{ ref('stg_event_mentions') }} m
join {{ ref('stg_articles') }} a using (article_id)
