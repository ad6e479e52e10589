{% macro refresh_start_date(date_column='date_day', sparse=false) -%}
    {#- First day an incremental model recomputes, as a date literal: the latest day it has stored less
        history_restatement_days - 1 (late data), or the start of the scored history when it is
        empty. sparse=true is for a model without a row every day (alerts): the day after its latest
        row, or as_of_date less history_restatement_days - 1, whichever is earlier. Call only inside
        is_incremental(). -#}
    {%- if not execute -%}
        {{ return(as_of_date()) }}
    {%- endif -%}
    {%- set latest = run_query('select max(' ~ date_column ~ ') from ' ~ this).columns[0].values()[0] -%}
    {%- if latest is none -%}
        {{ return(history_start_date()) }}
    {%- endif -%}
    {%- set restated = modules.datetime.timedelta(days=var('history_restatement_days') - 1) -%}
    {%- if sparse -%}
        {%- set as_of = modules.datetime.date.fromisoformat(as_of_date_text()) -%}
        {%- set start = [latest + modules.datetime.timedelta(days=1), as_of - restated] | min -%}
    {%- else -%}
        {%- set start = latest - restated -%}
    {%- endif -%}
    {{ return("cast('" ~ start.strftime('%Y-%m-%d') ~ "' as date)") }}
{%- endmacro %}


{% macro incremental_days_filter(date_column='date_day', lookback_days=0, keyword='where') -%}
    {#- `where <date_column> >= refresh start - lookback_days` on an incremental run, nothing on a full
        build. lookback_days: how much earlier input a refresh needs (a trailing window's length). -#}
    {%- if is_incremental() %}
    {{ keyword }} {{ date_column }} >= {{ subtract_days(refresh_start_date(), lookback_days) if lookback_days else refresh_start_date() }}
    {%- endif %}
{%- endmacro %}
