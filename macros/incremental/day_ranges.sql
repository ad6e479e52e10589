{% macro day_ranges(spine_model='int_account_days', rows=none, date_column='date_day', sparse=false) -%}
    {#- The days this run of an account x day model builds - from the history start (full build) or the
        refresh start (incremental run) to as_of_date - packed oldest first into ranges of whole days
        holding at most `rows` (default var('build_range_rows')) customer-days of `spine_model` each (a
        day with more is a range of its own). Returns [first_day, last_day] pairs of YYYY-MM-DD text; at least one.
        The model's statement builds the first range and build_remaining_day_ranges (a post-hook)
        the others, one statement each, so no statement joins more rows than one range. date_column
        and sparse are the model's own, for refresh_start_date on an incremental run. -#}
    {%- set as_of = as_of_date_text() -%}
    {%- set spine = ref(spine_model) -%}  {#- before the early return, so parsing records the dependency -#}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {#- Parsing, or a unit test (its inputs are fixtures): one range that no fixture day falls outside. -#}
        {{ return([['0001-01-01', as_of]]) }}
    {%- endif -%}
    {%- set first_day = refresh_start_date(date_column, sparse) if is_incremental() else history_start_date() -%}
    {%- set counts_sql -%}
        select cast(cast({{ first_day }} as date) as {{ dbt.type_string() }}) as date_day, 0 as account_days
        union all
        select cast(date_day as {{ dbt.type_string() }}) as date_day, count(*) as account_days
        from {{ spine }}
        where is_customer and date_day >= {{ first_day }} and date_day <= {{ as_of_date() }}
        group by date_day
        order by date_day
    {%- endset -%}
    {%- set limit = (rows if rows is not none else var('build_range_rows')) | int -%}
    {%- set days = run_query(counts_sql).rows -%}
    {%- set ranges = [] -%}
    {%- set current = namespace(first=days[0][0], rows=0) -%}
    {%- for row in days[1:] -%}
        {%- if current.rows > 0 and current.rows + row[1] > limit -%}
            {%- set day_before = modules.datetime.date.fromisoformat(row[0]) - modules.datetime.timedelta(days=1) -%}
            {%- do ranges.append([current.first, day_before.isoformat()]) -%}
            {%- set current.first = row[0] -%}
            {%- set current.rows = 0 -%}
        {%- endif -%}
        {%- set current.rows = current.rows + row[1] -%}
    {%- endfor -%}
    {%- do ranges.append([current.first, as_of]) -%}
    {{ return(ranges) }}
{%- endmacro %}


{% macro day_range_filter(ranges, date_column='date_day', keyword='where', lookback_days=0, shift_days=0) -%}
    {#- `where <date_column> between <first> [- lookback_days] and <last>` for the first of `ranges` (see
        day_ranges); lookback_days widens it for inputs a window reaches back into, and shift_days moves
        both ends back, for an input joined on exactly date_day - shift_days. Every input of the model
        takes this filter; build_remaining_day_ranges swaps its dates for the other ranges'. -#}
    {{ keyword }} {{ date_column }} {{ day_range_between(ranges[0], lookback_days, shift_days) }}
{%- endmacro %}


{% macro day_range_between(day_range, lookback_days=0, shift_days=0) -%}
    {#- `between <first day> [- lookback_days - shift_days] and <last day> [- shift_days]` for one range.
        Each day is a literal marked with a comment naming its end (range_day_literal), the text
        swap_day_range replaces to build another range from the same compiled SQL. -#}
    {%- set first_back = lookback_days + shift_days -%}
    {%- set first_day = range_day_literal(day_range[0], 'first') -%}
    {%- set last_day = range_day_literal(day_range[1], 'last') -%}
    between {{ subtract_days(first_day, first_back) if first_back else first_day }} and {{ subtract_days(last_day, shift_days) if shift_days else last_day }}
{%- endmacro %}


{% macro range_day_literal(day, end) -%}
    {#- cast('<day>' /* day range <end> */ as date): a range's first or last day, marked for swap_day_range. -#}
    cast('{{ day }}' /* day range {{ end }} */ as date)
{%- endmacro %}


{% macro swap_day_range(sql, from_range, to_range) -%}
    {#- `sql` with the marked days of `from_range` (range_day_literal) replaced by those of `to_range`:
        plain text replacement of two literals, whatever look-back, shift or day arithmetic wraps them. -#}
    {{ return(sql
        | replace("'" ~ from_range[0] ~ "' /* day range first */", "'" ~ to_range[0] ~ "' /* day range first */")
        | replace("'" ~ from_range[1] ~ "' /* day range last */", "'" ~ to_range[1] ~ "' /* day range last */")) }}
{%- endmacro %}


{% macro day_ranges_comment(ranges) -%}
    {#- The range plan, written into the compiled SQL so the post-hook (and anyone running the compiled
        SQL by hand, like the benchmark's bare run) builds the same ranges: that SQL covers only the first. -#}
    /* day ranges, one statement each: {% for day_range in ranges %}{{ day_range[0] }}..{{ day_range[1] }}{{ ' ' if not loop.last }}{% endfor %} */
{%- endmacro %}


{% macro build_remaining_day_ranges(date_column='date_day') -%}
    {#- Post-hook of a model filtered with day_range_filter: builds every range after the first, each
        as its own delete + insert into {{ this }}, from the model's compiled SQL with the first range's
        dates swapped for that range's. Renders analyze_relation() when it inserted ranges. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set plan = modules.re.search('/\\* day ranges, one statement each: ([0-9. -]+) \\*/', sql) -%}
    {%- if plan is none -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ": build_remaining_day_ranges needs the day_ranges_comment(ranges) in the model's SQL") }}
    {%- endif -%}
    {%- set ranges = [] -%}
    {%- for text in plan.group(1).split(' ') -%}
        {%- do ranges.append(text.split('..')) -%}
    {%- endfor -%}
    {%- set column_names = [] -%}
    {%- for column in adapter.get_columns_in_relation(this) -%}
        {%- do column_names.append(adapter.quote(column.name)) -%}
    {%- endfor -%}
    {%- for day_range in ranges[1:] -%}
        {{ log(model.name ~ ': day range ' ~ (loop.index + 1) ~ ' of ' ~ ranges | length
            ~ ' (' ~ day_range[0] ~ '..' ~ day_range[1] ~ ')', info=true) }}
        {%- set range_sql = swap_day_range(sql, ranges[0], day_range) -%}
        {%- do run_query('delete from ' ~ this ~ ' where ' ~ date_column ~ ' ' ~ day_range_between(day_range)) -%}
        {%- do run_query(
            'insert into ' ~ this ~ ' (' ~ column_names | join(', ') ~ ')\nselect '
            ~ column_names | join(', ') ~ ' from (\n' ~ range_sql ~ '\n) as day_range_rows') -%}
    {%- endfor -%}
    {#- The project's analyze post-hook ran before this one, on the first range only: run it again. -#}
    {{ return(analyze_relation() if ranges | length > 1 else '') }}
{%- endmacro %}
