{% macro clamp_score(expr) -%}
    {#- Keeps a score inside 0-100 against floating-point drift in weighted means. -#}
    least(100.0, greatest(0.0, {{ expr }}))
{%- endmacro %}
