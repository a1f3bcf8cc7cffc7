select
    article_id,
    source_uri,
    title,
    published_date,
    date_source,
    date_confidence,
    content_hash,
    clean_text,
    run_id,
    loaded_at
from {{ ref('stg_articles') }}
