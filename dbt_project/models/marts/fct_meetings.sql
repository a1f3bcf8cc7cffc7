-- One row per real-world meeting, however many articles report it.
select
    event_id,
    {{ last_reported('status') }} as status,
    min(event_date) as event_date,
    {{ date_precision() }} as date_precision,
    {{ first_reported('location') }} as location,
    {{ first_reported('host_code') }} as host_code,
    {{ first_reported('meeting_name') }} as meeting_name,
    list_sort(list_distinct(flatten(list(participant_codes)))) as participant_codes,
    {{ place_columns() }},
    {{ report_columns() }}
from {{ ref('event_mentions') }}
where event_type = 'meeting' and suppressed is not true
group by event_id
