{#- dbt-duckdb leaves the staging table of an incremental Python model (int_event_clusters)
    behind in the main schema; without this hook every run would add one to the warehouse. -#}
{% macro drop_leftover_temp_tables() %}
  {% if execute %}
    {% set leftovers = run_query(
        "select table_schema, table_name from information_schema.tables "
        ~ "where table_catalog = current_database() and table_name like '%\\_\\_dbt\\_tmp%' escape '\\'") %}
    {% for row in leftovers.rows %}
      {% do run_query("drop table if exists " ~ adapter.quote(row[0]) ~ "." ~ adapter.quote(row[1])) %}
    {% endfor %}
  {% endif %}
{% endmacro %}
