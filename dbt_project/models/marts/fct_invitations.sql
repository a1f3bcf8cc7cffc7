-- One row per real-world invitation (one per invited party), with how it was answered:
-- accepted or refused when an acceptance or refusal by the invitee answers it (aimed at
-- the inviter, or at nobody named, at a compatible place), not_extended when the text
-- says the party was not invited, else pending.
-- Answered both ways (accepted and refused), the latest answer is the outcome: the one
-- first reported last; on the same day, or with no date, a refusal before an acceptance
-- (an acceptance and a refusal told together are most often an earlier yes withdrawn);
-- then the answer more sources report, then its evidence, so no tie is left to chance.
with invitations as (
    select
        event_id,
        {{ first_reported('actor_code') }} as inviter_code,
        {{ first_reported('target_code') }} as invitee_code,
        {{ first_reported('status') }} as status,
        {{ occasion_columns() }},
        {{ report_columns() }},
        {{ place_columns() }}
    from {{ ref('event_mentions') }}
    where event_type = 'invitation' and suppressed is not true
    group by event_id
),

answers as (
    select 'accepted' as outcome, event_id, actor_code, target_code, location, first_reported_at, source_count,
           evidence
    from {{ ref('fct_acceptances') }}
    union all
    select 'refused', event_id, actor_code, target_code, location, first_reported_at, source_count, evidence
    from {{ ref('fct_refusals') }}
),

matched as (
    select i.event_id, a.outcome, a.event_id as answer_event_id,
           row_number() over (
               partition by i.event_id
               order by a.first_reported_at desc nulls last, a.outcome = 'refused' desc, a.source_count desc,
                        a.evidence, a.event_id
           ) as latest
    from invitations i
    join answers a
      on a.actor_code = i.invitee_code
     and (a.target_code is null or i.inviter_code is null or a.target_code = i.inviter_code)
     and (a.location is null or i.location is null or a.location = i.location)
    where i.status = 'extended'
)

select
    i.*,
    case when i.status = 'not_extended' then 'not_extended' else coalesce(m.outcome, 'pending') end as outcome,
    m.answer_event_id as answered_by_event_id
from invitations i
left join matched m on m.event_id = i.event_id and m.latest = 1
