{% macro ratio(numerator, denominator) -%}
    {#- numerator / denominator as a 64-bit float; null when the denominator is 0 or null. -#}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
