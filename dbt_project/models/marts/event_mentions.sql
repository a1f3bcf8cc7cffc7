-- One row per (real-world event, article that reports it): the analysts' contract.
-- event_id is the fused event (the same refusal reported by three papers shares it);
-- copies of a wire story are further sources, with the evidence and offsets of the
-- canonical article's text. Analysts' corrections (stg_corrections) are applied here, so
-- every fact table, which reads this one, has them: a suppressed event stays in this
-- table with suppressed = true and leaves the facts.
with reported as (
    select
        c.event_id,
        e.article_event_id,
        e.article_id,
        s.source_uri,
        s.url as source_url,
        s.is_canonical as is_canonical_source,
        coalesce(s.title, a.title) as article_title,
        coalesce(s.published_date, e.article_date) as article_date,
        e.event_type,
        e.actor_code,
        e.target_code,
        e.participant_codes,
        e.host_code,
        e.location,
        e.event_date,
        e.date_precision,
        e.status,
        e.meeting_name,
        e.conditional,
        e.evidence,
        e.char_start,
        e.char_end,
        e.confidence,
        e.sentence_count,
        e.rule_id,
        e.status_rule_id,
        e.date_rule_id,
        e.place_rule_id,
        e.rule_ids,
        e.extractor_version
    from {{ ref('int_article_events') }} e
    join {{ ref('int_event_clusters') }} c using (article_event_id)
    join {{ ref('stg_articles') }} a using (article_id)
    join {{ ref('stg_article_sources') }} s using (article_id)
),

article_events as (
    select distinct event_id, article_event_id, article_id, event_type, evidence, char_start, char_end
    from reported
),

-- A correction reaches the event it names and, whatever id it has now, the event one of
-- whose sentences it recorded (same article and type, the same evidence or overlapping
-- offsets): every article's report of that event.
corrected_events as (
    select e.event_id, c.correction_id, c.action, c.field, c.value, c.corrected_at
    from {{ ref('stg_corrections') }} c
    join article_events e on e.event_id = c.event_id
    union
    select e.event_id, c.correction_id, c.action, c.field, c.value, c.corrected_at
    from {{ ref('stg_corrections') }} c,
         unnest(c.mentions) as m(mention)
    join article_events e
      on e.article_id = m.mention.article_id
     and e.event_type = m.mention.event_type
     and (e.evidence = m.mention.evidence
          or (e.char_start < m.mention.char_end and m.mention.char_start < e.char_end))
),

matched as (
    select distinct e.article_event_id, c.correction_id, c.action, c.field, c.value, c.corrected_at
    from corrected_events c
    join article_events e using (event_id)
),

{% set fields = {'actor': 'actor_code', 'target': 'target_code', 'place': 'location', 'status': 'status',
                 'type': 'event_type', 'date': 'event_date', 'participants': 'participant_codes'} %}
corrected as (
    select
        article_event_id,
        bool_or(action = 'suppress') as suppressed,
        list(distinct correction_id order by correction_id) as correction_ids,
        {% for field in fields -%}
        bool_or(field = '{{ field }}') as {{ field }}_set,
        arg_max(value, corrected_at) filter (where field = '{{ field }}') as {{ field }}_value{{ "," if not loop.last }}
        {% endfor %}
    from matched
    group by article_event_id
),

corrected_mentions as (
    select
        r.* replace (
            {% for field, column in fields.items() -%}
            case when k.{{ field }}_set then
                {%- if field == 'date' %} try_cast(nullif(k.date_value, '') as date)
                {%- elif field == 'participants' %} list_transform(string_split(k.participants_value, ','), x -> trim(x))
                {%- else %} nullif(k.{{ field }}_value, '')
                {%- endif %}
            else r.{{ column }} end as {{ column }}{{ "," if not loop.last }}
            {% endfor %}
        ),
        coalesce(k.suppressed, false) as suppressed,
        coalesce(k.correction_ids, []) as correction_ids
    from reported r
    left join corrected k using (article_event_id)
)

-- The place of the (corrected) location, for the facts: see dim_places.
select
    m.*,
    p.country_code as place_country_code,
    p.latitude,
    p.longitude,
    p.kind as place_kind
from corrected_mentions m
left join {{ ref('dim_places') }} p on p.place = m.location
order by m.source_uri, m.char_start, m.event_type, m.event_id
