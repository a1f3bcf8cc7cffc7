-- One row per real-world acceptance, however many articles report it.
select
    event_id,
    any_value(actor_code) as actor_code,
    {{ first_reported('target_code') }} as target_code,
    {{ first_reported('location') }} as location,
    {{ first_reported('meeting_name') }} as meeting_name,
    min(event_date) as event_date,
    arg_min(date_precision, event_date) as date_precision,
    {{ report_columns() }}
from {{ ref('event_mentions') }}
where event_type = 'acceptance'
group by event_id
