{{ config(
    materialized='incremental',
    incremental_strategy='append',
    meta={'refresh_date_column': 'explained_date'},
    pre_hook="{% if is_incremental() %}delete from {{ this }}
        where explains = 'as_of' or explained_date >= {{ refresh_start_date('explained_date', sparse=true) }}{% endif %}",
) }}
{#- What each measure gives the health score, on the account-days something explains: each score
    move (int_account_score_moves) and the day before it, for fct_health_score_changes (explains =
    'move'), and as_of_date and the days 7, 30 and 90 before it, for fct_account_health_explain
    (explains = 'as_of'). One row per explained account-day and measure: the measure's value, its
    0-100 score, its weight in its dimension, the dimension's share of the score and the points it
    contributes (measure_points). An account-day's measure points add up to weighted_score, the
    score before gates; its `gate` row (measure gate_cap) carries what a binding gate cut (0 when
    none did), so all its rows add up to health_score, to rounding. Incremental: a refresh rewrites
    the as_of rows and the moves from refresh_start_date on. -#}
{%- set dimensions = health_dimensions() -%}
{%- set measures = var('health_score_measures') %}

with

moves as (
    select * from {{ ref('int_account_score_moves') }}
    {%- if is_incremental() %}
    where date_day >= {{ refresh_start_date('explained_date', sparse=true) }}
    {%- endif %}
),

explained as (  -- what is explained (a move, or as_of_date) and the account-days that explain it
    select
        account_id,
        'move' as explains,
        date_day as explained_date,
        date_day
    from moves
    union all
    select
        account_id,
        'move' as explains,
        date_day as explained_date,
        previous_day as date_day
    from moves
    union all
    select
        account_id,
        'as_of' as explains,
        {{ as_of_date() }} as explained_date,
        date_day
    from {{ ref('int_account_health_daily') }}
    where date_day in (
        {{ as_of_date() }},
        {{ subtract_days(as_of_date(), 7) }},
        {{ subtract_days(as_of_date(), 30) }},
        {{ subtract_days(as_of_date(), 90) }}
    )
),

account_days as {{ materialized_cte() }} (
    select distinct
        account_id,
        date_day
    from explained
),

health as (
    select health.*
    from {{ ref('int_account_health_daily') }} as health
    inner join account_days
        on
            health.account_id = account_days.account_id
            and health.date_day = account_days.date_day
),

{% for dimension in dimensions %}
{{ dimension }}_scored as (
    select scored.*
    from {{ ref('int_accounts_' ~ dimension ~ '_scored') }} as scored
    inner join account_days
        on
            scored.account_id = account_days.account_id
            and scored.date_day = account_days.date_day
),

{% endfor %}
measures as (  -- one row per account, day and configured measure
    {%- for dimension in dimensions %}
    {%- set dimension_loop = loop %}
    {%- for name, spec in measures[dimension].items() %}
    select
        account_id,
        date_day,
        '{{ dimension }}' as dimension,
        '{{ name }}' as measure_name,
        cast({{ name }} as {{ type_double() }}) as measure_value,
        cast({{ name }}_score as {{ type_double() }}) as measure_score,
        cast({{ spec.weight }} as {{ type_double() }}) as measure_weight
    from {{ dimension }}_scored
    {{ 'union all' if not (dimension_loop.last and loop.last) }}
    {%- endfor %}
    {%- endfor %}
),

weighted as (
    select
        measures.*,
        case measures.dimension
            {%- for dimension in dimensions %}
            when '{{ dimension }}' then health.{{ dimension }}_weight
            {%- endfor %}
        end as dimension_weight,
        health.coverage_ratio
    from measures
    inner join health
        on
            measures.account_id = health.account_id
            and measures.date_day = health.date_day
),

measure_rows as (
    select
        account_id,
        date_day,
        dimension,
        measure_name,
        measure_value,
        measure_score,
        measure_weight,
        cast(dimension_weight / nullif(coverage_ratio, 0) as {{ type_double() }}) as dimension_share,
        {{ measure_points('measure_score', 'measure_weight', 'dimension_weight', 'coverage_ratio',
            'account_id, date_day, dimension') }} as points
    from weighted
),

gate_rows as (  -- the points a binding gate cut from the score; 0 where none did
    select
        account_id,
        date_day,
        'gate' as dimension,
        'gate_cap' as measure_name,
        cast(weighted_score as {{ type_double() }}) as measure_value,
        cast(null as {{ type_double() }}) as measure_score,
        cast(null as {{ type_double() }}) as measure_weight,
        cast(null as {{ type_double() }}) as dimension_share,
        cast(
            case when gate_fired is not null then health_score - weighted_score else 0 end
            as {{ type_double() }}
        ) as points
    from health
),

explaining as (
    select * from measure_rows
    union all
    select * from gate_rows
),

final as (
    select
        {{ dbt.concat(["explained.explains", "':'", "explained.account_id", "':'",
            "cast(explained.explained_date as " ~ dbt.type_string() ~ ")", "':'",
            "cast(explained.date_day as " ~ dbt.type_string() ~ ")", "':'",
            "explaining.dimension", "':'", "explaining.measure_name"]) }} as measure_points_id,
        explained.explains,
        explained.explained_date,
        explaining.*
    from explained
    inner join explaining
        on
            explained.account_id = explaining.account_id
            and explained.date_day = explaining.date_day
)

select * from final
