{% macro quoted_list(values) -%}
    {#- A list var as a SQL list of string literals: ['a', 'b'] -> 'a', 'b'. -#}
    {%- for value in values -%}
        '{{ value | replace("'", "''") }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
