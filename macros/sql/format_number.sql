{% macro format_number(expression, decimals=2) -%}
    {#- A number as text with `decimals` decimals (0.62, 30.00), the same on every adapter; null stays null. -#}
    cast(round(cast({{ expression }} as numeric(18, 4)), {{ decimals }}) as {{ dbt.type_string() }})
{%- endmacro %}
