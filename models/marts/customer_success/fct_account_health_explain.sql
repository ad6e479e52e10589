{{ config(grants=bi_reader_grants()) }}
{#- Why each account scores what it scores: one row per account and measure on as_of_date (and a
    row `gate_cap` where a gate cut the score today or on a compared day), with the measure's value, score, weight and points, and the same 7, 30 and
    90 days earlier with the change in points. An account's points add up to its health_score, and
    their changes to the score's change (to rounding); a measure the account had no row for on an
    earlier day (not a customer yet) has null there. -#}
{%- set offsets = [7, 30, 90] %}

with

points as (
    select * from {{ ref('int_account_measure_points') }}
    where explains = 'as_of'
),

health as (
    select * from {{ ref('int_account_health_daily') }}
),

today as (
    select
        points.*,
        health.health_score
    from points
    inner join health
        on
            points.account_id = health.account_id
            and points.date_day = health.date_day
    where points.date_day = {{ as_of_date() }}
),

{% for offset in offsets %}
earlier_{{ offset }}d as (  -- the account's scored day {{ offset }} days before as_of_date, and its rows then
    select
        health.account_id,
        points.dimension,
        points.measure_name,
        points.measure_value,
        points.measure_score,
        points.points
    from health
    left join points
        on
            health.account_id = points.account_id
            and health.date_day = points.date_day
    where health.date_day = {{ subtract_days(as_of_date(), offset) }}
),

{% endfor %}
final as (
    select
        cast(
            {{ dbt.concat(["today.account_id", "':'", "today.dimension", "':'", "today.measure_name"]) }}
            as {{ dbt.type_string() }}
        ) as explain_row_id,
        cast(today.account_id as {{ dbt.type_string() }}) as account_id,
        cast(today.date_day as date) as as_of_date,
        cast(today.dimension as {{ dbt.type_string() }}) as dimension,
        cast(today.measure_name as {{ dbt.type_string() }}) as measure_name,
        cast(today.measure_value as {{ type_double() }}) as measure_value,
        cast(today.measure_score as numeric(5, 2)) as measure_score,
        cast(today.measure_weight as {{ type_double() }}) as measure_weight,
        cast(today.dimension_share as numeric(7, 4)) as dimension_share,
        cast(today.points as numeric(7, 3)) as points,
        {%- for offset in offsets %}
        cast(earlier_{{ offset }}d.measure_value as {{ type_double() }}) as measure_value_{{ offset }}d,
        cast(earlier_{{ offset }}d.measure_score as numeric(5, 2)) as measure_score_{{ offset }}d,
        cast(earlier_{{ offset }}d.points as numeric(7, 3)) as points_{{ offset }}d,
        cast(today.points - earlier_{{ offset }}d.points as numeric(7, 3)) as points_change_{{ offset }}d,
        {%- endfor %}
        cast(today.health_score as numeric(5, 1)) as health_score
    from today
    {% for offset in offsets -%}
    left join earlier_{{ offset }}d
        on
            today.account_id = earlier_{{ offset }}d.account_id
            and today.dimension = earlier_{{ offset }}d.dimension
            and today.measure_name = earlier_{{ offset }}d.measure_name
    {% endfor %}
    where
        today.dimension <> 'gate'
        or today.points <> 0
        {%- for offset in offsets %}
        or earlier_{{ offset }}d.points <> 0
        {%- endfor %}
)

select * from final
