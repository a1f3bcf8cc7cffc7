{# Marts land in `main`, so analysts find them on DuckDB's default search path;
   other layers get their own schema (staging, reference). #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
