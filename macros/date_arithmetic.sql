{% macro add_days(date_expression, days) -%}
    {#- The date `days` days after `date_expression` (a date), as a date. days: an integer or an integer
        column; negative for earlier days (or subtract_days). Every model's day arithmetic goes through
        this macro, subtract_days and days_between: `date + integer` is a date on DuckDB and PostgreSQL,
        but not on BigQuery or Databricks. -#}
    {{- return(adapter.dispatch('add_days', 'customer_health')(date_expression, days)) -}}
{%- endmacro %}

{% macro default__add_days(date_expression, days) -%}
    {#- dbt's cross-database dateadd, cast back to a date (it returns a timestamp on several adapters),
        with the date in parentheses (some adapters append a cast to it). -#}
    cast({{ dbt.dateadd('day', days, '(' ~ date_expression ~ ')') | trim }} as date)
{%- endmacro %}

{% macro duckdb__add_days(date_expression, days) -%}
    {#- date + integer is a date here: no round trip through a timestamp. -#}
    {{ date_expression }} + {{ day_count_operand(days) }}
{%- endmacro %}

{% macro postgres__add_days(date_expression, days) -%}
    {{ duckdb__add_days(date_expression, days) }}
{%- endmacro %}


{% macro subtract_days(date_expression, days) -%}
    {#- The date `days` days before `date_expression`, as a date (see add_days). -#}
    {{- return(adapter.dispatch('subtract_days', 'customer_health')(date_expression, days)) -}}
{%- endmacro %}

{% macro default__subtract_days(date_expression, days) -%}
    {{ default__add_days(date_expression, '-' ~ day_count_operand(days)) }}
{%- endmacro %}

{% macro duckdb__subtract_days(date_expression, days) -%}
    {{ date_expression }} - {{ day_count_operand(days) }}
{%- endmacro %}

{% macro postgres__subtract_days(date_expression, days) -%}
    {{ duckdb__subtract_days(date_expression, days) }}
{%- endmacro %}


{% macro days_between(start_date, end_date) -%}
    {#- Whole days from `start_date` to `end_date` (two dates), as an integer: negative when end_date
        is the earlier one. -#}
    {{- return(adapter.dispatch('days_between', 'customer_health')(start_date, end_date)) -}}
{%- endmacro %}

{% macro default__days_between(start_date, end_date) -%}
    {#- Each date in parentheses: some adapters' datediff appends a cast (`::timestamp`) to it. -#}
    {{ dbt.datediff('(' ~ start_date ~ ')', '(' ~ end_date ~ ')', 'day') | replace('\n', ' ') | trim }}
{%- endmacro %}

{% macro duckdb__days_between(start_date, end_date) -%}
    {#- date - date is a whole number of days here. -#}
    {{ end_date }} - {{ day_count_operand(start_date) }}
{%- endmacro %}

{% macro postgres__days_between(start_date, end_date) -%}
    {{ duckdb__days_between(start_date, end_date) }}
{%- endmacro %}


{% macro day_count_operand(expression) -%}
    {#- `expression` as the right-hand operand of + or -: bare when it is a number, a column or a
        cast/function call without top-level spaces, else in parentheses. -#}
    {%- set text = expression | string | trim -%}
    {{- text if modules.re.fullmatch('[A-Za-z0-9_.]+|cast\\([^()]*\\)|[A-Za-z_]+\\([^()]*\\)', text)
        and ' + ' not in text and ' - ' not in text else '(' ~ text ~ ')' -}}
{%- endmacro %}
