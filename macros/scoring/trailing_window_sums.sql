{% macro trailing_window_sums(facts, measures, account_days='account_days') -%}
    {#- Exact trailing-window sums for every row of `account_days` (one row per account per day,
        contiguous per account), from sparse `facts` (account_id, date_day, value columns).

        measures: list of {'column': name, 'window': days or none}. A value counts from its day
        for `window` days; with window none it counts forever (a running total of deltas).
        Each value enters as +v on its day and -v on day + window; a running sum over the account's
        days then gives the trailing sum. Days before an account's first row are clamped onto it,
        so history older than the day spine still counts and no warm-up rows are needed. -#}
    {%- set windows = measures | map(attribute='window') | reject('none') | unique | list -%}
    select
        {{ account_days }}.account_id,
        {{ account_days }}.date_day,
        {%- for m in measures %}
        sum(coalesce(window_deltas.{{ m.column }}, 0)) over (
            partition by {{ account_days }}.account_id
            order by {{ account_days }}.date_day
            rows between unbounded preceding and current row
        ) as {{ m.column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ account_days }}
    left join (
        select
            account_id,
            date_day,
            {%- for m in measures %}
            sum({{ m.column }}) as {{ m.column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from (
            select
                window_facts.account_id,
                greatest(window_facts.date_day, window_bounds.first_day) as date_day,
                {%- for m in measures %}
                window_facts.{{ m.column }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ facts }} as window_facts
            inner join (
                select account_id, min(date_day) as first_day, max(date_day) as last_day
                from {{ account_days }}
                group by account_id
            ) as window_bounds
                on window_facts.account_id = window_bounds.account_id
            where window_facts.date_day <= window_bounds.last_day
            {%- for w in windows %}
            union all
            select
                window_facts.account_id,
                greatest(window_facts.date_day + {{ w }}, window_bounds.first_day) as date_day,
                {%- for m in measures %}
                {{ '-window_facts.' ~ m.column if m.window == w else '0' }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ facts }} as window_facts
            inner join (
                select account_id, min(date_day) as first_day, max(date_day) as last_day
                from {{ account_days }}
                group by account_id
            ) as window_bounds
                on window_facts.account_id = window_bounds.account_id
            where window_facts.date_day + {{ w }} <= window_bounds.last_day
            {%- endfor %}
        ) as signed_values
        group by account_id, date_day
    ) as window_deltas
        on {{ account_days }}.account_id = window_deltas.account_id
        and {{ account_days }}.date_day = window_deltas.date_day
{%- endmacro %}


{% macro distinct_coverage_deltas(activity, entity_column, window_days) -%}
    {#- Deltas whose running sum is, per account and day, the number of distinct entities (users,
        features) active in the trailing `window_days`. `activity` has one row per account_id,
        entity and date_day. An entity enters the count on a day it becomes active after a gap of
        at least the window, and leaves `window_days` after its last activity of a streak. Feed the
        result to trailing_window_sums with window none. -#}
    select
        account_id,
        date_day,
        sum(delta) as active_entities
    from (
        select
            account_id,
            date_day,
            1 as delta
        from (
            select
                account_id,
                date_day,
                lag(date_day) over (
                    partition by account_id, {{ entity_column }} order by date_day
                ) as previous_day
            from {{ activity }}
        ) as with_previous
        where previous_day is null or date_day - previous_day >= {{ window_days }}
        union all
        select
            account_id,
            date_day + {{ window_days }} as date_day,
            -1 as delta
        from (
            select
                account_id,
                date_day,
                lead(date_day) over (
                    partition by account_id, {{ entity_column }} order by date_day
                ) as next_day
            from {{ activity }}
        ) as with_next
        where next_day is null or next_day - date_day >= {{ window_days }}
    ) as coverage
    group by account_id, date_day
{%- endmacro %}
