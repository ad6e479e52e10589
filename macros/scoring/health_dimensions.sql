{% macro health_dimensions() -%}
    {#- The scored dimensions, in display order; each has a model int_accounts_<dimension>_scored
        with a `<dimension>_score` column, a row in var('health_score_measures') and weights in the
        health_score_weights seed. -#}
    {{ return(['usage', 'adoption', 'support', 'satisfaction', 'financial', 'engagement', 'relationship']) }}
{%- endmacro %}


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
