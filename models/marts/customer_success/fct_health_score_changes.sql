{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}delete from {{ this }}
        where change_date >= {{ refresh_start_date('change_date', sparse=true) }}{% endif %}",
    grants=bi_reader_grants(),
    meta={'refresh_date_column': 'change_date'},
) }}
{#- The change feed: one row per account and day on which its tier changed or its score moved more
    than var('score_change_min_points') since the day before (int_account_score_moves), with the
    three measures whose points moved most, in words a CSM reads ("active users per seat 0.62 ->
    0.31: -6.2 points"). A gate's cut counts as a mover of its own ("gate cap: -16.6 points").
    Incremental like fct_health_alerts: a refresh rewrites the changes from refresh_start_date on,
    and the account's name and CSM are those known when the change happened. -#}
{%- set movers = 3 %}

with

moves as (
    select * from {{ ref('int_account_score_moves') }}
    {%- if is_incremental() %}
    where date_day >= {{ refresh_start_date('change_date', sparse=true) }}
    {%- endif %}
),

points as (
    select * from {{ ref('int_account_measure_points') }}
    where
        explains = 'move'
        {%- if is_incremental() %}
        and explained_date >= {{ refresh_start_date('change_date', sparse=true) }}
        {%- endif %}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

measure_changes as (  -- each measure's points on the day and the day before
    select
        moves.account_id,
        moves.date_day,
        after_move.dimension,
        after_move.measure_name,
        before_move.measure_value as value_before,
        after_move.measure_value as value_after,
        coalesce(after_move.points, 0) - coalesce(before_move.points, 0) as points_change,
        row_number() over (
            partition by moves.account_id, moves.date_day
            order by
                abs(coalesce(after_move.points, 0) - coalesce(before_move.points, 0)) desc,
                after_move.dimension asc,
                after_move.measure_name asc
        ) as mover_rank
    from moves
    inner join points as after_move
        on
            moves.account_id = after_move.account_id
            and moves.date_day = after_move.explained_date
            and moves.date_day = after_move.date_day
    inner join points as before_move
        on
            moves.account_id = before_move.account_id
            and moves.date_day = before_move.explained_date
            and moves.previous_day = before_move.date_day
            and after_move.dimension = before_move.dimension
            and after_move.measure_name = before_move.measure_name
),

worded as (  -- "<measure> <before> -> <after>: <change> points"; the gate's cut as what it did
    select
        *,
        {{ dbt.concat([
            "case when dimension = 'gate' then 'gate cap' else replace(measure_name, '_', ' ') end",
            "case when dimension = 'gate' then ': ' else ' ' end",
            "case when dimension = 'gate' then '' else " ~ dbt.concat([
                "coalesce(" ~ format_number('value_before') ~ ", 'none')", "' -> '",
                "coalesce(" ~ format_number('value_after') ~ ", 'none')", "': '"]) ~ " end",
            "case when points_change >= 0 then '+' else '' end",
            format_number('points_change', 1),
            "' points'",
        ]) }} as sentence
    from measure_changes
    where mover_rank <= {{ movers }}
),

final as (
    select
        cast(moves.account_day_id as {{ dbt.type_string() }}) as change_id,
        cast(moves.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(moves.date_day as date) as change_date,
        cast(moves.previous_score as numeric(5, 1)) as previous_score,
        cast(moves.health_score as numeric(5, 1)) as health_score,
        cast(moves.score_change as numeric(5, 1)) as score_change,
        cast(moves.previous_tier as {{ dbt.type_string() }}) as previous_tier,
        cast(moves.health_tier as {{ dbt.type_string() }}) as health_tier,
        cast(moves.tier_rank_change as integer) as tier_rank_change,
        cast(mover_1.dimension as {{ dbt.type_string() }}) as driver_dimension,
        cast(mover_1.measure_name as {{ dbt.type_string() }}) as driver_measure,
        cast(mover_1.points_change as numeric(7, 3)) as driver_points_change,
        {%- for rank in range(1, movers + 1) %}
        cast(mover_{{ rank }}.sentence as {{ dbt.type_string() }}) as mover_{{ rank }},
        {%- endfor %}
        cast(
            {{ dbt.concat(["mover_1.sentence", "coalesce('; ' || mover_2.sentence, '')",
                "coalesce('; ' || mover_3.sentence, '')"]) }}
            as {{ dbt.type_string() }}
        ) as explanation
    from moves
    left join accounts
        on moves.account_id = accounts.account_id
    {% for rank in range(1, movers + 1) -%}
    left join worded as mover_{{ rank }}
        on
            moves.account_id = mover_{{ rank }}.account_id
            and moves.date_day = mover_{{ rank }}.date_day
            and mover_{{ rank }}.mover_rank = {{ rank }}
    {% endfor %}
)

select * from final
