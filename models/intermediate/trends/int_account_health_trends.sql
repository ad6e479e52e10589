{{ config(
    post_hook="{{ build_remaining_day_ranges() }}",
) }}
{#- Trends of the health score per account per customer day, read from int_account_health_daily
    (no formula is repeated): change over 7, 30 and 90 days, the previous day's score, tier and gate,
    days in the current tier and the tier before it, and the dimension whose points moved most over
    30 days. Changes are null when the account was not a customer N days earlier. Tier streaks come
    from int_account_tier_streaks. The four look-back joins are built in day ranges, one statement
    each (day_ranges): over every account-day at
    once they spilled 27 GB at 100,000 accounts. Each look-back reads only its columns and days, one
    CTE per join: a CTE read by several joins is materialised whole (out of memory at 100,000). -#}
{%- set dimensions = health_dimensions() -%}
{#- Its joins need about four times the memory per row of int_account_health_daily's (at 100,000
    accounts with a 4GB cap: 2.3 M rows in 9.5 s, 4.5 M out of memory), hence a quarter of the rows. -#}
{%- set ranges = day_ranges(rows=var('build_range_rows') // 4) %}
{{ day_ranges_comment(ranges) }}

with

range_days as (
    select * from {{ ref('int_account_health_daily') }}
    {{ day_range_filter(ranges) }}
),

previous_days as (
    select
        account_id,
        date_day,
        health_score,
        health_tier,
        gate_fired
    from {{ ref('int_account_health_daily') }}
    {{ day_range_filter(ranges, shift_days=1) }}
),

{% for lookback in [7, 90] %}
scores_{{ lookback }}d_before as (
    select
        account_id,
        date_day,
        health_score
    from {{ ref('int_account_health_daily') }}
    {{ day_range_filter(ranges, shift_days=lookback) }}
),

{% endfor %}
month_ago_points as (
    select
        account_id,
        date_day,
        {%- for dimension in dimensions %}
        {{ dimension }}_points,
        {%- endfor %}
        health_score
    from {{ ref('int_account_health_daily') }}
    {{ day_range_filter(ranges, shift_days=30) }}
),

streaks as (
    select * from {{ ref('int_account_tier_streaks') }}
    {{ day_range_filter(ranges) }}
),

final as (
    select
        today.account_day_id,
        today.account_id,
        today.date_day,
        today.health_score,
        previous_day.health_score as previous_day_health_score,
        previous_day.health_tier as previous_day_health_tier,
        previous_day.gate_fired as previous_day_gate_fired,
        today.health_score - week_ago.health_score as health_score_change_7d,
        today.health_score - month_ago.health_score as health_score_change_30d,
        today.health_score - quarter_ago.health_score as health_score_change_90d,
        streaks.days_in_current_tier,
        streaks.previous_tier,
        {%- for dimension in dimensions %}
        today.{{ dimension }}_points
        - month_ago.{{ dimension }}_points as {{ dimension }}_points_change_30d,
        {%- endfor %}
        {{ argmax_dimension('abs(today.{d}_points - month_ago.{d}_points)') }}
            as top_mover_dimension_30d
    from range_days as today
    inner join streaks
        on today.account_day_id = streaks.account_day_id
    left join previous_days as previous_day
        on
            today.account_id = previous_day.account_id
            and {{ subtract_days('today.date_day', 1) }} = previous_day.date_day
    left join scores_7d_before as week_ago
        on
            today.account_id = week_ago.account_id
            and {{ subtract_days('today.date_day', 7) }} = week_ago.date_day
    left join month_ago_points as month_ago
        on
            today.account_id = month_ago.account_id
            and {{ subtract_days('today.date_day', 30) }} = month_ago.date_day
    left join scores_90d_before as quarter_ago
        on
            today.account_id = quarter_ago.account_id
            and {{ subtract_days('today.date_day', 90) }} = quarter_ago.date_day
)

select * from final
