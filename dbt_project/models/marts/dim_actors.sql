-- Every actor code the events use, with a readable name, its country, its role and the
-- words the articles used for it. Codes analysts set by a correction are actors too.
with codes as (
    select actor_code as code from {{ ref('stg_event_mentions') }}
    union select target_code from {{ ref('stg_event_mentions') }}
    union select unnest(participant_codes) from {{ ref('stg_event_mentions') }}
    union select host_code from {{ ref('stg_event_mentions') }}
    union select trim(unnest(string_split(value, ','))) from {{ ref('stg_corrections') }}
          where field in ('actor', 'target', 'participants')
),

aliases as (
    select actor_code, list(alias order by seen desc, alias)[:20] as aliases
    from (select actor_code, alias, count(distinct article_id) as seen
          from {{ ref('stg_actor_aliases') }} group by all)
    group by actor_code
),

seen as (
    select actor_code, count(distinct article_id) as articles_seen
    from {{ ref('stg_actor_aliases') }} group by actor_code
),

parsed as (
    select
        code as actor_code,
        case when code like 'IGO%' or code like 'GRP:%' then null else left(code, 3) end as country_code,
        case when code like 'IGO%' or code like 'GRP:%' then null else nullif(substr(code, 4), '') end as role
    from codes
    where code is not null
)

select
    p.actor_code,
    coalesce(
        o.actor_name,
        case when p.actor_code like 'GRP:%' then substr(p.actor_code, 5) end,
        trim(c.country_name || ' ' || coalesce(r.role_name, ''))
    ) as actor_name,
    p.country_code,
    c.country_name,
    p.role,
    r.role_name,
    coalesce(al.aliases, []) as aliases,
    coalesce(se.articles_seen, 0) as articles_seen
from parsed p
left join {{ ref('countries') }} c on c.iso3 = p.country_code
left join {{ ref('actor_roles') }} r on r.role = p.role
left join {{ ref('organisations') }} o on o.actor_code = p.actor_code
left join aliases al on al.actor_code = p.actor_code
left join seen se on se.actor_code = p.actor_code
