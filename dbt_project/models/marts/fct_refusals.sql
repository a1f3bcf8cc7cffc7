-- One row per real-world refusal, however many articles report it.
select
    event_id,
    {{ first_reported('actor_code') }} as actor_code,
    {{ first_reported('target_code') }} as target_code,
    {{ occasion_columns() }},
    bool_or(coalesce(conditional, false)) as conditional,
    {{ report_columns() }},
    {{ place_columns() }}
from {{ ref('event_mentions') }}
where event_type = 'refusal' and suppressed is not true
group by event_id
