{# Shared by the fact tables, which aggregate event_mentions to one row per event. #}

{# The earliest report's non-null value of a column. #}
{% macro first_reported(column) -%}
    arg_min({{ column }}, coalesce(article_date, date '2999-01-01')) filter (where {{ column }} is not null)
{%- endmacro %}

{# When and how often the event was reported, and its earliest evidence. #}
{% macro report_columns() -%}
    min(article_date) as first_reported_at,
    max(article_date) as last_reported_at,
    count(distinct source_uri) as source_count,
    count(distinct article_id) as article_count,
    sum(sentence_count) filter (where is_canonical_source) as mention_count,
    max(confidence) as confidence,
    {{ first_reported('evidence') }} as evidence
{%- endmacro %}

{# Where and when the event answered or invited to took place: its place, meeting name and date. #}
{% macro occasion_columns() -%}
    {{ first_reported('location') }} as location,
    {{ first_reported('meeting_name') }} as meeting_name,
    min(event_date) as event_date,
    arg_min(date_precision, event_date) as date_precision
{%- endmacro %}
