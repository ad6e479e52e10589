{% macro as_of_date_text() -%}
    {#- The scoring date as YYYY-MM-DD text: var('as_of_date') or, when unset, today in UTC. -#}
    {%- set value = var('as_of_date', none) -%}
    {%- if value is none or value | string | trim == '' -%}
        {%- set value = run_started_at.strftime('%Y-%m-%d') -%}
    {%- endif -%}
    {%- set value = value | string | trim -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var('as_of_date') must be a date as YYYY-MM-DD, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{% macro as_of_date() -%}
    cast('{{ as_of_date_text() }}' as date)
{%- endmacro %}
