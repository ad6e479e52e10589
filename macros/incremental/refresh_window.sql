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
    {{ keyword }} {{ date_column }} >= {{ refresh_start_date() }}
        {%- if lookback_days %} - {{ lookback_days }}{% endif %}
    {%- endif %}
{%- endmacro %}


{% macro build_day_slices(account_days_relation) -%}
    {#- The date ranges a model on the account x day grain builds one after another (joined with
        `union all`), so that a full build of a large history joins one slice of days at a time
        instead of holding every day's rows in its hash tables at once. One slice per
        var('build_slice_rows') rows of `account_days_relation` (counted when the model compiles),
        cut on whole days between the start of the scored history and as_of_date. An incremental
        run, a unit test, a missing, empty or small table, and parsing get one slice with no bounds. Each slice is
        {'lower': date literal or none, 'upper': date literal or none}, lower inclusive, upper
        exclusive; the first slice has no lower bound and the last none upper, so every row lands in
        exactly one. -#}
    {%- set whole = [{'lower': none, 'upper': none}] -%}
    {%- if not execute or is_incremental() or not var('build_slice_rows')
            or account_days_relation is string or not account_days_relation.schema
            or not account_days_relation.identifier or load_relation(account_days_relation) is none -%}
        {{ return(whole) }}
    {%- endif -%}
    {%- set counted = run_query('select count(*) from ' ~ account_days_relation) -%}
    {%- set slices = ((counted.columns[0].values()[0] or 0) / var('build_slice_rows')) | round(0, 'ceil') | int -%}
    {%- if slices <= 1 -%}
        {{ return(whole) }}
    {%- endif -%}
    {%- set first = modules.datetime.date.fromisoformat(history_start_date_text()) -%}
    {%- set days = (modules.datetime.date.fromisoformat(as_of_date_text()) - first).days + 1 -%}
    {%- set step = (days / slices) | round(0, 'ceil') | int -%}
    {%- set result = [] -%}
    {%- for i in range(slices) if i * step < days -%}
        {%- set lower = first + modules.datetime.timedelta(days=i * step) -%}
        {%- set upper = first + modules.datetime.timedelta(days=(i + 1) * step) -%}
        {%- do result.append({
            'lower': none if i == 0 else "cast('" ~ lower.strftime('%Y-%m-%d') ~ "' as date)",
            'upper': none if (i + 1) * step >= days else "cast('" ~ upper.strftime('%Y-%m-%d') ~ "' as date)",
        }) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}


{% macro day_slice_filter(slice, date_column='date_day', keyword='where') -%}
    {#- The condition that keeps one slice of build_day_slices (nothing for an unbounded slice). -#}
    {%- set conditions = [] -%}
    {%- if slice.lower %}{% do conditions.append(date_column ~ ' >= ' ~ slice.lower) %}{% endif -%}
    {%- if slice.upper %}{% do conditions.append(date_column ~ ' < ' ~ slice.upper) %}{% endif -%}
    {%- if conditions %}
    {{ keyword }} {{ conditions | join(' and ') }}
    {%- endif %}
{%- endmacro %}
