with source as (
    select * from {{ source('raw', 'corrections') }}
),

renamed as (
    select
        correction_id,
        event_id,
        action,
        field,
        value,
        reason,
        corrected_by,
        corrected_at,
        mentions
    from source
)

select * from renamed
