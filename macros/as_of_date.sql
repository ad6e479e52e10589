{% macro as_of_date_text() -%}
    {#- The scoring date as YYYY-MM-DD text: var('as_of_date'); else the HEALTH_AS_OF_DATE environment
        variable; else, when both are unset, today in UTC. The variable is for a scheduler that passes
        the run's logical date: a changed --vars makes dbt re-parse the whole project, while the
        variable is read only when the run executes (not while parsing), so the parse is reused. -#}
    {%- set value = var('as_of_date', none) -%}
    {%- set origin = "var('as_of_date')" -%}
    {%- if (value is none or value | string | trim == '') and execute -%}
        {%- set value = env_var('HEALTH_AS_OF_DATE', '') -%}
        {%- set origin = 'HEALTH_AS_OF_DATE' -%}
    {%- endif -%}
    {%- if value is none or value | string | trim == '' -%}
        {%- set value = run_started_at.strftime('%Y-%m-%d') -%}
    {%- endif -%}
    {%- set value = value | string | trim -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            origin ~ " must be a date as YYYY-MM-DD, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{% macro as_of_date() -%}
    cast('{{ as_of_date_text() }}' as date)
{%- endmacro %}

{% macro history_start_date() -%}
    {#- First day of the scored history: var('score_history_start_date') when set (a fixed start,
        which an incremental history needs to equal a full refresh), else score_history_days
        before as_of_date (a rolling window). -#}
    {%- set fixed = var('score_history_start_date', none) -%}
    {%- if fixed -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', fixed | string) -%}
            {{ exceptions.raise_compiler_error("var('score_history_start_date') must be YYYY-MM-DD, got '" ~ fixed ~ "'") }}
        {%- endif -%}
        cast('{{ fixed }}' as date)
    {%- else -%}
        {{ dbt.dateadd('day', -var('score_history_days'), as_of_date()) }}
    {%- endif -%}
{%- endmacro %}
