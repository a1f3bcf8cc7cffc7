-- One row per canonical article; copies of the same story are counted and listed.
with sources as (
    select article_id, count(*) as source_count,
           list(source_uri order by source_uri) filter (where not is_canonical) as duplicate_uris
    from {{ ref('stg_article_sources') }}
    group by article_id
)

select
    a.article_id,
    a.source_uri,
    a.url,
    a.site,
    a.title,
    a.published_date,
    a.date_source,
    a.date_confidence,
    a.source_kind,
    a.encoding,
    a.language,
    a.content_hash,
    coalesce(s.source_count, 0) as source_count,
    coalesce(s.duplicate_uris, []) as duplicate_uris,
    a.clean_text,
    a.run_id,
    a.loaded_at
from {{ ref('stg_articles') }} a
left join sources s using (article_id)
