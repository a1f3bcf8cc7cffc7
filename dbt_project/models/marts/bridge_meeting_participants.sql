-- Each party to each meeting, one row per (meeting, actor), the host marked.
select distinct
    m.event_id,
    p.actor_code,
    p.actor_code = m.host_code as is_host
from {{ ref('fct_meetings') }} m,
     unnest(m.participant_codes) as p(actor_code)
