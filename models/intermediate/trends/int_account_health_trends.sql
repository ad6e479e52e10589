{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Trends of the health score per account per customer day, read from int_account_health_daily
    (no formula is repeated): change over 7, 30 and 90 days, the previous day's score, tier and gate,
    days in the current tier and the tier before it, and the dimension whose points moved most over
    30 days. Changes are null when the account was not a customer N days earlier. Incremental: a
    refresh carries each account's tier streak on from the last day it has stored. -#}
{%- set dimensions = health_dimensions() -%}

with

health as (
    select * from {{ ref('int_account_health_daily') }}
    {{- incremental_days_filter(lookback_days=90) }}
),

refreshed_health as (
    select * from health
    {{- incremental_days_filter() }}
),

{% if is_incremental() %}
stored_last_days as (
    select
        account_id,
        max(date_day) as date_day
    from {{ this }}
    where date_day < {{ refresh_start_date() }}
    group by account_id
),

carried_streaks as (  -- the streak each account was in on the last day stored before the refresh
    select
        stored_rows.account_id,
        stored_rows.date_day,
        stored_health.health_tier,
        1 as is_carried,
        cast(stored_rows.days_in_current_tier as integer) as carried_days_in_tier,
        stored_rows.previous_tier as carried_previous_tier
    from {{ this }} as stored_rows
    inner join stored_last_days
        on
            stored_rows.account_id = stored_last_days.account_id
            and stored_rows.date_day = stored_last_days.date_day
    inner join {{ ref('int_account_health_daily') }} as stored_health
        on stored_rows.account_day_id = stored_health.account_day_id
),

{% endif %}
tier_days as (
    select
        account_id,
        date_day,
        health_tier,
        0 as is_carried,
        cast(null as integer) as carried_days_in_tier,
        cast(null as {{ dbt.type_string() }}) as carried_previous_tier
    from refreshed_health
    {%- if is_incremental() %}
    union all
    select * from carried_streaks
    {%- endif %}
),

previous_tiers as (
    select
        *,
        lag(health_tier) over (partition by account_id order by date_day) as tier_before
    from tier_days
),

streaks as (  -- a new streak starts whenever the tier differs from the previous customer day's
    select
        *,
        sum(tier_changed) over (
            partition by account_id
            order by date_day
            rows between unbounded preceding and current row
        ) as tier_streak
    from (
        select
            *,
            case when coalesce(health_tier, '') <> coalesce(tier_before, '') then 1 else 0 end as tier_changed
        from previous_tiers
    ) as flagged
),

streak_bounds as (
    select
        account_id,
        tier_streak,
        min(case when is_carried = 1 then date_day - carried_days_in_tier + 1 else date_day end)
            as streak_start_date,
        max(
            case
                when is_carried = 1 then carried_previous_tier
                when tier_changed = 1 then tier_before
            end
        ) as previous_tier
    from streaks
    group by account_id, tier_streak
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
        today.date_day - streak_bounds.streak_start_date + 1 as days_in_current_tier,
        streak_bounds.previous_tier,
        {%- for dimension in dimensions %}
        today.{{ dimension }}_points
        - month_ago.{{ dimension }}_points as {{ dimension }}_points_change_30d,
        {%- endfor %}
        {{ argmax_dimension('abs(today.{d}_points - month_ago.{d}_points)') }}
            as top_mover_dimension_30d
    from refreshed_health as today
    inner join streaks
        on
            today.account_id = streaks.account_id
            and today.date_day = streaks.date_day
            and streaks.is_carried = 0
    inner join streak_bounds
        on
            streaks.account_id = streak_bounds.account_id
            and streaks.tier_streak = streak_bounds.tier_streak
    left join health as previous_day
        on
            today.account_id = previous_day.account_id
            and today.date_day - 1 = previous_day.date_day
    left join health as week_ago
        on
            today.account_id = week_ago.account_id
            and today.date_day - 7 = week_ago.date_day
    left join health as month_ago
        on
            today.account_id = month_ago.account_id
            and today.date_day - 30 = month_ago.date_day
    left join health as quarter_ago
        on
            today.account_id = quarter_ago.account_id
            and today.date_day - 90 = quarter_ago.date_day
)

select * from final
