{% macro account_ranges(spine_model='int_account_days', rows=none) -%}
    {#- The accounts this run of an account x day model builds - every row of `spine_model` (full
        build), or its rows from the refresh start on (incremental run) - split in account_id order
        into ranges of about `rows` (default var('build_range_rows')) account-days each; an account is
        never split. Returns {'from_day': the refresh start as YYYY-MM-DD text, or none on a full
        build, 'ranges': [[first_account_id, last_account_id], ...]}; one range (no filter) when it
        all fits. The model's statement builds the first range and build_remaining_account_ranges (a
        post-hook) the others, one statement each. For models whose windows are partitioned by
        account: a window sorts every row it reads, and a range that fits in memory sorts without
        spilling (DECISIONS.md, Scale). -#}
    {%- set spine = ref(spine_model) -%}  {#- before the early return, so parsing records the dependency -#}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return({'from_day': none, 'ranges': [[none, none]]}) }}
    {%- endif -%}
    {%- set from_day = refresh_start_date() if is_incremental() else none -%}
    {%- set limit = (rows if rows is not none else var('build_range_rows')) | int -%}
    {%- set ranges_sql -%}
        select
            min(account_id) as first_account_id,
            max(account_id) as last_account_id
        from (
            select
                account_id,
                floor(cast(sum(account_days) over (
                    order by account_id rows between unbounded preceding and current row
                ) - 1 as {{ type_double() }}) / {{ limit }}) as range_number
            from (
                select account_id, count(*) as account_days
                from {{ spine }}
                {%- if from_day %}
                where date_day >= {{ from_day }}
                {%- endif %}
                group by account_id
            ) as accounts
        ) as numbered
        group by range_number
        order by range_number
    {%- endset -%}
    {%- set ranges = [] -%}
    {%- for row in run_query(ranges_sql).rows -%}
        {%- do ranges.append([row[0] | string, row[1] | string]) -%}
    {%- endfor -%}
    {%- if ranges | length < 2 -%}
        {%- set ranges = [[none, none]] -%}
    {%- endif -%}
    {#- refresh_start_date() is a date literal, or the history start's expression on an empty table -#}
    {%- set from_literal = modules.re.search("^cast\\('([0-9]{4}-[0-9]{2}-[0-9]{2})' as date\\)$", from_day or '') -%}
    {{ return({'from_day': from_literal.group(1) if from_literal else none, 'ranges': ranges}) }}
{%- endmacro %}


{% macro account_range_between(account_range) -%}
    {#- `between '<first>' and '<last>'`, quotes doubled: swap_account_range finds exactly this text. -#}
    between '{{ account_range[0] | replace("'", "''") }}' and '{{ account_range[1] | replace("'", "''") }}'
{%- endmacro %}


{% macro account_range_filter(plan, account_column='account_id', keyword='where') -%}
    {#- ` <keyword> <account_column> between ...` for the first range of `plan` (see account_ranges), to
        follow the input on its line (`{{- ... }}`), or nothing when the plan has one range. Every input of the model takes this filter;
        build_remaining_account_ranges swaps in the other ranges' accounts. -#}
    {%- if plan.ranges | length > 1 -%}
    {{ " " ~ keyword }} {{ account_column }} {{ account_range_between(plan.ranges[0]) }}
    {%- endif -%}
{%- endmacro %}


{% macro account_ranges_comment(plan) -%}
    {#- The range plan, written into the compiled SQL as JSON so the post-hook (and anyone running the
        compiled SQL by hand, like the benchmark's bare run) builds the same ranges: that SQL covers
        only the first. `*/` inside an account id is written `*\/`, which JSON reads back as `*/`. -#}
    /* account ranges, one statement each: {{ tojson(plan) | replace('*/', '*\\/') }} */
{%- endmacro %}


{% macro build_remaining_account_ranges() -%}
    {#- Post-hook of a model filtered with account_range_filter: builds every range after the first as
        its own insert into {{ this }} (on an incremental run after deleting that range's rows from the
        refresh start on), from the model's compiled SQL with the first range's accounts swapped for
        that range's. Renders analyze_relation() when it inserted ranges. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = modules.re.search('/\\* account ranges, one statement each: (\\{.*?\\}) \\*/', sql) -%}
    {%- if found is none -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ": build_remaining_account_ranges needs the account_ranges_comment(plan) in the model's SQL") }}
    {%- endif -%}
    {%- set plan = fromjson(found.group(1)) -%}
    {%- set ranges = plan.ranges -%}
    {%- if ranges | length < 2 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set first_between = account_range_between(ranges[0]) -%}
    {%- set column_names = this_column_names() -%}
    {%- for account_range in ranges[1:] -%}
        {{ log(model.name ~ ': account range ' ~ (loop.index + 1) ~ ' of ' ~ ranges | length
            ~ ' (' ~ account_range[0] ~ '..' ~ account_range[1] ~ ')', info=true) }}
        {%- if plan.from_day -%}
            {%- do run_query('delete from ' ~ this ~ ' where account_id ' ~ account_range_between(account_range)
                ~ " and date_day >= cast('" ~ plan.from_day ~ "' as date)") -%}
        {%- endif -%}
        {%- do insert_range_rows(sql | replace(first_between, account_range_between(account_range)), column_names) -%}
    {%- endfor -%}
    {#- The project's analyze post-hook ran before this one, on the first range only: run it again. -#}
    {{ return(analyze_relation()) }}
{%- endmacro %}
