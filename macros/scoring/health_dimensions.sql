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


{% macro top_risk_driver(relation_alias=none) -%}
    {#- The dimension whose `<dimension>_points_lost` is largest (first in display order on ties);
        null when no dimension has data. -#}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- set dimensions = health_dimensions() -%}
    case
        {%- for dimension in dimensions %}
        when {{ prefix }}{{ dimension }}_points_lost is not null
            {%- for other in dimensions if other != dimension %}
            and {{ prefix }}{{ dimension }}_points_lost >= coalesce({{ prefix }}{{ other }}_points_lost, -1)
            {%- endfor %}
            then '{{ dimension }}'
        {%- endfor %}
    end
{%- endmacro %}
