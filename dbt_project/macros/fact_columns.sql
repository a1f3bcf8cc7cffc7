{# Shared by the fact tables, which aggregate event_mentions to one row per event.
   Every value a fact takes from one of its reports comes from a report chosen by
   report_order, never by any_value: the same reports give the same fact whatever the
   order DuckDB's threads read them in. #}

{# The order of an event's reports: by article date (undated ones last), then by source
   and place in its text, which no two reports share. #}
{% macro report_order(undated='2999-01-01') -%}
    (coalesce(article_date, date '{{ undated }}'), source_uri, char_start)
{%- endmacro %}

{# The earliest report's non-null value of a column. #}
{% macro first_reported(column) -%}
    arg_min({{ column }}, {{ report_order() }}) filter (where {{ column }} is not null)
{%- endmacro %}

{# The latest report's value of a column (undated reports count as the earliest). #}
{% macro last_reported(column) -%}
    arg_max({{ column }}, {{ report_order(undated='1900-01-01') }})
{%- endmacro %}

{# When and how often the event was reported, and its earliest evidence. #}
{% macro report_columns() -%}
    min(article_date) as first_reported_at,
    max(article_date) as last_reported_at,
    count(distinct source_uri) as source_count,
    count(distinct article_id) as article_count,
    sum(sentence_count) filter (where is_canonical_source) as mention_count,
    max(confidence) as confidence,
    list_sort(list_distinct(flatten(list(rule_ids)))) as rule_ids,
    {{ first_reported('evidence') }} as evidence
{%- endmacro %}

{# Where and when the event answered or invited to took place: its place, meeting name and
   date, with the precision of the report that gives that date. #}
{% macro occasion_columns() -%}
    {{ first_reported('location') }} as location,
    {{ first_reported('meeting_name') }} as meeting_name,
    min(event_date) as event_date,
    {{ date_precision() }} as date_precision
{%- endmacro %}

{% macro date_precision() -%}
    arg_min(date_precision, (event_date, {{ report_order() }})) filter (where event_date is not null)
{%- endmacro %}
