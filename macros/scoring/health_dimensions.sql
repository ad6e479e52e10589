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


{% macro argmax_dimension(template) -%}
    {#- The dimension for which the SQL `template` (with `{d}` standing for the dimension name) is
        largest, first in display order on ties; null when it is null for every dimension. -#}
    {%- set dimensions = health_dimensions() -%}
    case
        {%- for dimension in dimensions %}
        when {{ template | replace('{d}', dimension) }} is not null
            {%- for other in dimensions if other != dimension %}
            and {{ template | replace('{d}', dimension) }} >= coalesce({{ template | replace('{d}', other) }}, -1)
            {%- endfor %}
            then '{{ dimension }}'
        {%- endfor %}
    end
{%- endmacro %}


{% macro top_risk_driver(relation_alias=none) -%}
    {#- The dimension whose `<dimension>_points_lost` is largest. -#}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {{ return(argmax_dimension(prefix ~ '{d}_points_lost')) }}
{%- endmacro %}


{% macro quoted_list(values) -%}
    {#- A list var as a SQL list of string literals: ['a', 'b'] -> 'a', 'b'. -#}
    {%- for value in values -%}
        '{{ value | replace("'", "''") }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{% macro in_band(score, bands_alias='bands') -%}
    {#- A score belongs to the band [min_score, max_score); the top band also holds 100. The one
        definition of tier membership, for account rows and rollups alike. -#}
    {{ score }} >= {{ bands_alias }}.min_score
    and ({{ score }} < {{ bands_alias }}.max_score or {{ bands_alias }}.max_score >= 100)
{%- endmacro %}
