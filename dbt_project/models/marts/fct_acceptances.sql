-- One row per real-world acceptance, however many articles report it.
with facts as (
    select
        event_id,
        any_value(actor_code) as actor_code,
        {{ first_reported('target_code') }} as target_code,
        {{ occasion_columns() }},
        {{ report_columns() }}
    from {{ ref('event_mentions') }}
    where event_type = 'acceptance' and not suppressed
    group by event_id
)

select f.*, {{ place_columns() }}
from facts f
left join {{ ref('dim_places') }} p on p.place = f.location
