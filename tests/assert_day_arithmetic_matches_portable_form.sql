{#- The day arithmetic macros (macros/date_arithmetic.sql) render `date + integer` and `date - date` on
    DuckDB and PostgreSQL, and dbt's cross-database dateadd and datediff on other adapters. Run here,
    both forms must agree on every day around a leap day and a year end, for offsets of 0 to 366 days,
    and adding then measuring must give the offset back. Returns the dates and offsets where they do not. -#}
with

days as (
    select cast(date_day as date) as date_day
    from (
        {{ dbt.date_spine('day', "cast('2023-12-20' as date)", "cast('2024-03-10' as date)") }}
    ) as spine
),

offsets as (
    {%- for day_count in [0, 1, 30, 366] %}
    select {{ day_count }} as day_count
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
),

compared as (
    select
        days.date_day,
        offsets.day_count,
        {{ add_days('days.date_day', 'offsets.day_count') }} as added,
        {{ default__add_days('days.date_day', 'offsets.day_count') }} as portable_added,
        {{ subtract_days('days.date_day', 'offsets.day_count') }} as subtracted,
        {{ default__subtract_days('days.date_day', 'offsets.day_count') }} as portable_subtracted,
        {{ days_between('days.date_day', add_days('days.date_day', 'offsets.day_count')) }} as measured,
        {{ default__days_between('days.date_day', add_days('days.date_day', 'offsets.day_count')) }}
            as portable_measured,
        {{ days_between(add_days('days.date_day', 'offsets.day_count'), 'days.date_day') }} as measured_back
    from days
    cross join offsets
)

select *
from compared
where
    added is null
    or added != portable_added
    or subtracted != portable_subtracted
    or {{ days_between('subtracted', 'added') }} != 2 * day_count
    or measured != day_count
    or portable_measured != day_count
    or measured_back != -day_count
