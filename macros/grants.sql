{% macro bi_reader_grants() -%}
    {#- Grants for mart models: select for the BI reader role (var bi_reader_role) on warehouses
        with roles; {} on DuckDB, which has none, or when the var is unset. -#}
    {%- if target.type == 'duckdb' or not var('bi_reader_role', none) -%}
        {{ return({}) }}
    {%- endif -%}
    {{ return({'select': [var('bi_reader_role')]}) }}
{%- endmacro %}


{% macro ensure_bi_reader_role() -%}
    {#- on-run-start: create the BI reader role (without login) when it does not exist yet, so the
        grants of the marts can be applied. -#}
    {{ return(adapter.dispatch('ensure_bi_reader_role', 'customer_health')()) }}
{%- endmacro %}

{% macro default__ensure_bi_reader_role() -%}
    select 1
{%- endmacro %}

{% macro postgres__ensure_bi_reader_role() -%}
    {%- if var('bi_reader_role', none) -%}
    do $$
    begin
        if not exists (select 1 from pg_roles where rolname = '{{ var("bi_reader_role") }}') then
            create role {{ var('bi_reader_role') }} nologin;
        end if;
    end
    $$;
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}


{% macro grant_bi_reader_schema_usage() -%}
    {#- on-run-end: the reader needs usage on the marts schema to see the relations it may select;
        it gets no usage on raw, staging or intermediate schemas. -#}
    {{ return(adapter.dispatch('grant_bi_reader_schema_usage', 'customer_health')()) }}
{%- endmacro %}

{% macro default__grant_bi_reader_schema_usage() -%}
    select 1
{%- endmacro %}

{% macro postgres__grant_bi_reader_schema_usage() -%}
    {%- if var('bi_reader_role', none) -%}
    do $$
    begin
        if exists (
            select 1 from information_schema.schemata
            where schema_name = '{{ generate_schema_name('marts', none) }}'
        ) then
            grant usage on schema {{ generate_schema_name('marts', none) }} to {{ var('bi_reader_role') }};
        end if;
    end
    $$;
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
