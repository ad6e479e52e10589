{% macro type_double() -%}
    {#- A 64-bit float: dbt.type_float() is 32-bit on DuckDB, too coarse for scores. -#}
    {{ return(adapter.dispatch('type_double', 'customer_health')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}
