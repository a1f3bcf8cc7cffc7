-- No fact row is an event an analyst suppressed (a suppression reaches every report of the
-- event: see event_mentions).
with facts as (
    select event_id from {{ ref('fct_meetings') }}
    union all select event_id from {{ ref('fct_invitations') }}
    union all select event_id from {{ ref('fct_refusals') }}
    union all select event_id from {{ ref('fct_acceptances') }}
)

select f.event_id
from facts f
join {{ ref('event_mentions') }} m on m.event_id = f.event_id and m.suppressed
