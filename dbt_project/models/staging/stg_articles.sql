with source as (
    select * from {{ source('raw', 'articles') }}
),

renamed as (
    select
        article_id,
        source_uri,
        file_uri,
        content_hash,
        kind as source_kind,
        encoding,
        language,
        title,
        url,
        site,
        published as published_date,
        date_source,
        date_confidence,
        clean_text,
        raw_text,
        run_id,
        loaded_at
    from source
)

select * from renamed
