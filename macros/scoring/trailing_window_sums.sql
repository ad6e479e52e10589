{% macro trailing_window_sums(facts, measures, account_days='account_days', carry=[], sum_type=none) -%}
    {#- Exact trailing-window sums for every row of `account_days` (one row per account per day,
        contiguous per account), from sparse `facts` (account_id, date_day, value columns).

        measures: list of {'column': name, 'window': days or none, 'facts': relation (optional)}.
        A value counts from its day for `window` days; with window none it counts forever (a running
        total of deltas). A measure with its own `facts` reads that relation instead of `facts`, so
        measures from several relations share one pass: one join and one sort of the account-days.
        Each value enters as +v on its day and -v on day + window; a running sum over the account's
        days then gives the trailing sum. Days before an account's first row are clamped onto it,
        so history older than the day spine still counts and no warm-up rows are needed.
        A measure with 'aggregate': 'max' (window none, and its 'type' for the other relations'
        typed nulls) is instead the latest value so far: the running max of its facts, null before
        the first (e.g. the last active date).
        carry: further columns of `account_days` to pass through, so the caller reads the sums and
        the day's attributes from one relation instead of joining the account-days back on. They are
        sorted with the rows: rebuild a wide one (account_day_id) afterwards instead of carrying it.
        sum_type (or a sum measure's own 'type'): the type its sums are cast to, per day and running.
        Counts should pass dbt.type_bigint(): DuckDB sums integers as 128-bit HUGEINT, and those wider
        values made the sort and spill of the running-sum window slower (DECISIONS.md, Scale). -#}
    {%- for m in measures if m.get('aggregate', 'sum') not in ['sum', 'max']
            or (m.get('aggregate') == 'max' and (m.window is not none or not m.get('type'))) -%}
        {{ exceptions.raise_compiler_error("trailing_window_sums: measure '" ~ m.column
            ~ "' needs aggregate 'sum', or 'max' with window none and the column's type") }}
    {%- endfor -%}
    {%- set sum_types = {} -%}  {#- a sum measure's cast: 'cast(' ~ sum ~ sum_types[column] -#}
    {%- for m in measures if m.get('aggregate', 'sum') == 'sum' -%}
        {%- set measure_type = m.get('type', sum_type) -%}
        {%- do sum_types.update({m.column: ' as ' ~ measure_type ~ ')' if measure_type else ''}) -%}
    {%- endfor -%}
    {%- set fillers = {} -%}  {#- what a row of another relation (or window) puts in the measure -#}
    {%- for m in measures -%}
        {%- do fillers.update({m.column: 'cast(null as ' ~ m.type ~ ')' if m.get('aggregate') == 'max' else '0'}) -%}
    {%- endfor -%}
    {%- set sources = [] -%}
    {%- for m in measures if m.get('facts', facts) not in sources -%}
        {%- do sources.append(m.get('facts', facts)) -%}
    {%- endfor -%}
    select
        {{ account_days }}.account_id,
        {{ account_days }}.date_day,
        {%- for column in carry %}
        {{ account_days }}.{{ column }},
        {%- endfor %}
        {%- for m in measures %}
        {%- if m.get('aggregate') == 'max' %}
        max(window_deltas.{{ m.column }}) over (
        {%- else %}
        {{ 'cast(' if sum_types[m.column] }}sum(coalesce(window_deltas.{{ m.column }}, 0)) over (
        {%- endif %}
            partition by {{ account_days }}.account_id
            order by {{ account_days }}.date_day
            rows between unbounded preceding and current row
        ){{ sum_types.get(m.column, '') }} as {{ m.column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ account_days }}
    left join (
        select
            account_id,
            date_day,
            {%- for m in measures %}
            {%- if m.get('aggregate') == 'max' %}
            max({{ m.column }}) as {{ m.column }}{{ ',' if not loop.last }}
            {%- else %}
            {{ 'cast(' if sum_types[m.column] }}sum({{ m.column }}){{ sum_types[m.column] }} as {{ m.column }}{{ ',' if not loop.last }}
            {%- endif %}
            {%- endfor %}
        from (
            {%- for source in sources %}
            {%- set source_windows = [] -%}
            {%- for m in measures if m.get('facts', facts) == source and m.window is not none
                and m.window not in source_windows -%}
                {%- do source_windows.append(m.window) -%}
            {%- endfor %}
            {#- When all of a source's measures have a window, a fact older than the longest of them
                before the account's first row adds its +v and -v to that row: they cancel. On a
                refresh that is most of the history, so such facts are not read into the join. -#}
            {%- set horizon = namespace(days=0) -%}
            {%- for m in measures if m.get('facts', facts) == source -%}
                {%- if m.window is none -%}
                    {%- set horizon.days = none -%}
                {%- elif horizon.days is not none and m.window > horizon.days -%}
                    {%- set horizon.days = m.window -%}
                {%- endif -%}
            {%- endfor %}
            {{- '\n            union all' if not loop.first }}
            select
                window_facts.account_id,
                greatest(window_facts.date_day, window_bounds.first_day) as date_day,
                {%- for m in measures %}
                {{ 'window_facts.' ~ m.column if m.get('facts', facts) == source else fillers[m.column] }} as {{ m.column }}
                {{- ',' if not loop.last }}
                {%- endfor %}
            from {{ source }} as window_facts
            inner join (
                select account_id, min(date_day) as first_day, max(date_day) as last_day
                from {{ account_days }}
                group by account_id
            ) as window_bounds
                on window_facts.account_id = window_bounds.account_id
            where
                window_facts.date_day <= window_bounds.last_day
                {%- if horizon.days is not none %}
                and {{ add_days('window_facts.date_day', horizon.days) }} > window_bounds.first_day
                {%- endif %}
            {%- for w in source_windows %}
            union all
            select
                window_facts.account_id,
                greatest({{ add_days('window_facts.date_day', w) }}, window_bounds.first_day) as date_day,
                {%- for m in measures %}
                {{ '-window_facts.' ~ m.column if m.get('facts', facts) == source and m.window == w else fillers[m.column] }}
                    as {{ m.column }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ source }} as window_facts
            inner join (
                select account_id, min(date_day) as first_day, max(date_day) as last_day
                from {{ account_days }}
                group by account_id
            ) as window_bounds
                on window_facts.account_id = window_bounds.account_id
            where
                {{ add_days('window_facts.date_day', w) }} <= window_bounds.last_day
                {%- if horizon.days is not none %}
                and {{ add_days('window_facts.date_day', horizon.days) }} > window_bounds.first_day
                {%- endif %}
            {%- endfor %}
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
        result to trailing_window_sums with window none. The previous and next active days come
        from one window pass (one sort); each streak boundary then gives its +1 and -1 rows. -#}
    select
        account_id,
        date_day,
        cast(sum(delta) as {{ dbt.type_bigint() }}) as active_entities
    from (
        select
            entity_streaks.account_id,
            coverage_sides.delta,
            case
                when coverage_sides.delta = 1 then entity_streaks.date_day
                else {{ add_days('entity_streaks.date_day', window_days) }}
            end as date_day
        from (
            select
                account_id,
                date_day,
                lag(date_day) over (
                    partition by account_id, {{ entity_column }} order by date_day
                ) as previous_day,
                lead(date_day) over (
                    partition by account_id, {{ entity_column }} order by date_day
                ) as next_day
            from {{ activity }}
        ) as entity_streaks
        cross join (
            select 1 as delta
            union all
            select -1 as delta
        ) as coverage_sides
        where
            (
                coverage_sides.delta = 1
                and (
                    entity_streaks.previous_day is null
                    or {{ days_between('entity_streaks.previous_day', 'entity_streaks.date_day') }} >= {{ window_days }}
                )
            )
            or (
                coverage_sides.delta = -1
                and (
                    entity_streaks.next_day is null
                    or {{ days_between('entity_streaks.date_day', 'entity_streaks.next_day') }} >= {{ window_days }}
                )
            )
    ) as coverage
    group by account_id, date_day
{%- endmacro %}
