-- Which refusals are there: who refused whose meeting, where, and in which words?
select actor_code, target_code, location, conditional, evidence
from fct_refusals
order by actor_code, evidence;

-- How was each invitation answered?
select inviter_code, invitee_code, status, outcome
from fct_invitations
order by invitee_code, inviter_code nulls first, status;

-- Which invitations to Moscow talks did the Syrian opposition turn down, and who reported it?
select i.inviter_code, r.location, r.first_reported_at,
       regexp_extract(e.source_uri, '[^/]+$') as reported_by
from fct_invitations i
join fct_refusals r on r.event_id = i.answered_by_event_id
join event_mentions e on e.event_id = r.event_id
where i.invitee_code = 'SYROPP' and i.outcome = 'refused' and r.location = 'Moscow'
order by reported_by;

-- Which meetings were held or planned, where, when, and between whom?
select m.status, m.location, m.event_date, list_sort(list(a.actor_name)) as parties
from fct_meetings m
join bridge_meeting_participants b using (event_id)
join dim_actors a using (actor_code)
group by all
order by m.event_date nulls last, m.location, m.status;

-- Who says no most often?
select a.actor_name, count(*) as refusals, count(*) filter (where r.conditional) as conditional
from fct_refusals r join dim_actors a using (actor_code)
group by 1
order by refusals desc, 1;

-- How many events does each article report, and of which kinds?
select regexp_extract(source_uri, '[^/]+$') as article, count(distinct event_id) as events,
       list(distinct event_type order by event_type) as kinds
from event_mentions
group by 1
order by 1;
