with source as (
    select * from {{ source('raw', 'article_sources') }}
),

renamed as (
    select
        article_id,
        source_uri,
        file_uri,
        content_hash,
        url,
        title,
        published as published_date,
        is_canonical,
        run_id,
        loaded_at
    from source
)

select * from renamed
