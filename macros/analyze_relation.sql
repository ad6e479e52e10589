{% macro analyze_relation() -%}
    {#- post-hook for tables: fresh planner statistics. PostgreSQL does not analyze a table made by
        CREATE TABLE AS until autovacuum gets to it, and without statistics it misestimates the
        filters of the staging views by orders of magnitude and picks nested loops. -#}
    {{ return(adapter.dispatch('analyze_relation', 'customer_health')()) }}
{%- endmacro %}

{% macro default__analyze_relation() -%}
{%- endmacro %}

{% macro postgres__analyze_relation() -%}
    {%- if model.config.materialized in ('table', 'incremental') -%}
    analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
