with source as (
    select * from {{ source('raw', 'actor_aliases') }}
),

renamed as (
    select article_id, actor_code, alias, run_id
    from source
)

select * from renamed
