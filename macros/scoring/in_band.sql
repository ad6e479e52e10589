{% macro in_band(score, bands_alias='bands') -%}
    {#- A score belongs to the band [min_score, max_score); the top band also holds 100. The one
        definition of tier membership, for account rows and rollups alike. -#}
    {{ score }} >= {{ bands_alias }}.min_score
    and ({{ score }} < {{ bands_alias }}.max_score or {{ bands_alias }}.max_score >= 100)
{%- endmacro %}
