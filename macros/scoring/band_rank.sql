{% macro band_rank() -%}
    {#- A band's position in health_score_bands, 1 = healthiest (highest min_score): the one
        definition of health_tier_rank, for accounts and parent rollups alike. -#}
    row_number() over (order by min_score desc)
{%- endmacro %}
