with source as (
    select * from {{ source('raw', 'quarantine') }}
),

renamed as (
    select source_uri, file_uri, content_hash, reason, detail, quarantined_at as first_seen_at, run_id
    from source
)

select * from renamed
