{% macro clamp_score(expr) -%}
    {#- Keeps a score inside 0-100 against floating-point drift in weighted means. A null score stays
        null: greatest() and least() skip nulls, so a bare clamp would turn it into 0. -#}
    case when {{ expr }} is not null then least(100.0, greatest(0.0, {{ expr }})) end
{%- endmacro %}
