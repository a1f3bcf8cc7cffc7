{# A fact's place: dim_places' row of the location the fact takes (first_reported('location')),
   which event_mentions carries. Each column is read from the same report as the location. #}
{% macro place_columns() -%}
    {%- for column in ['place_country_code', 'latitude', 'longitude', 'place_kind'] %}
    struct_extract({{ first_reported("case when location is not null then struct_pack(" ~ column ~ ") end") }},
                   '{{ column }}') as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
