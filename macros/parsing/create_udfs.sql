{#- on-run-start: helper functions that some warehouses need for never-failing parsing.
    DuckDB has try_cast and needs none; PostgreSQL 15 has no safe timestamp cast, so a small
    PL/pgSQL function catches the error and returns null. -#}
{% macro create_udfs() -%}
    {{ return(adapter.dispatch('create_udfs', 'customer_health')()) }}
{%- endmacro %}

{% macro default__create_udfs() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_udfs() -%}
    create schema if not exists {{ target.schema }}_udf;
    create or replace function {{ target.schema }}_udf.try_parse_timestamp_utc(value text)
    returns timestamp language plpgsql immutable as $$
    declare
        normalised text := replace(upper(trim(value)), ',', '.');
    begin
        if normalised ~ '{{ timestamp_offset_pattern() }}' then
            normalised := regexp_replace(normalised, '\s*Z$', '+00:00');
            normalised := regexp_replace(normalised, '\s*([+-][0-9]{2}):?([0-9]{2})$', '\1:\2');
            normalised := regexp_replace(normalised, '\s*([+-][0-9]{2})$', '\1:00');
            return normalised::timestamptz at time zone 'UTC';
        end if;
        return normalised::timestamp;
    exception when others then
        return null;
    end;
    $$;
{%- endmacro %}
