{% macro half_life_weight(age_days, half_life_days) -%}
    {#- The weight of something `age_days` old when weights halve every `half_life_days`:
        0.5 ^ (age / half-life), as a 64-bit float (1 today, 0.5 one half-life ago). -#}
    power(0.5, cast({{ age_days }} as {{ type_double() }}) / {{ half_life_days }})
{%- endmacro %}
