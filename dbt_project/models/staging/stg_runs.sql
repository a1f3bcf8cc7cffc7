with source as (
    select * from {{ source('raw', 'runs') }}
),

renamed as (
    select run_id, files_discovered, items_read, sources_loaded, articles_loaded,
           duplicates as duplicate_sources, quarantined, mentions_loaded, loaded_at
    from source
)

select * from renamed
