with source as (
    select * from {{ source('raw', 'event_mentions') }}
),

renamed as (
    select
        article_id,
        md5(article_id || ':' || event_key) as event_id,
        event_key,
        event_type,
        actor_code,
        target_code,
        participant_codes,
        host_code,
        location,
        event_date,
        date_precision,
        status,
        meeting_name,
        conditional,
        evidence,
        char_start,
        char_end,
        confidence,
        rule_id,
        status_rule_id,
        date_rule_id,
        place_rule_id,
        extractor_version,
        run_id
    from source
)

select * from renamed
