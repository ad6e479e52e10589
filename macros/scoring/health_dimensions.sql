{% macro health_dimensions() -%}
    {#- The scored dimensions, in display order; each has a model int_accounts_<dimension>_scored
        with a `<dimension>_score` column, a row in var('health_score_measures') and weights in the
        health_score_weights seed. -#}
    {{ return(['usage', 'adoption', 'support', 'satisfaction', 'financial', 'engagement', 'relationship']) }}
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
