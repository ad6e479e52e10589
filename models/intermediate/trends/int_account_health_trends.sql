{#- Trends of the health score per account per customer day, read from int_account_health_daily
    (no formula is repeated): change over 7, 30 and 90 days, the previous day's score, tier and gate,
    days in the current tier and the tier before it, and the dimension whose points moved most over
    30 days. Changes are null when the account was not a customer N days earlier. -#}
{%- set dimensions = health_dimensions() -%}

with

health as (
    select * from {{ ref('int_account_health_daily') }}
),

previous_tiers as (
    select
        *,
        lag(health_tier) over (partition by account_id order by date_day) as tier_before
    from health
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
        min(date_day) as streak_start_date,
        max(case when tier_changed = 1 then tier_before end) as previous_tier
    from streaks
    group by account_id, tier_streak
),

final as (
    select
        streaks.account_day_id,
        streaks.account_id,
        streaks.date_day,
        streaks.health_score,
        previous_day.health_score as previous_day_health_score,
        previous_day.health_tier as previous_day_health_tier,
        previous_day.gate_fired as previous_day_gate_fired,
        streaks.health_score - week_ago.health_score as health_score_change_7d,
        streaks.health_score - month_ago.health_score as health_score_change_30d,
        streaks.health_score - quarter_ago.health_score as health_score_change_90d,
        streaks.date_day - streak_bounds.streak_start_date + 1 as days_in_current_tier,
        streak_bounds.previous_tier,
        {%- for dimension in dimensions %}
        streaks.{{ dimension }}_points
        - month_ago.{{ dimension }}_points as {{ dimension }}_points_change_30d,
        {%- endfor %}
        {{ argmax_dimension('abs(streaks.{d}_points - month_ago.{d}_points)') }}
            as top_mover_dimension_30d
    from streaks
    inner join streak_bounds
        on
            streaks.account_id = streak_bounds.account_id
            and streaks.tier_streak = streak_bounds.tier_streak
    left join health as previous_day
        on
            streaks.account_id = previous_day.account_id
            and streaks.date_day - 1 = previous_day.date_day
    left join health as week_ago
        on
            streaks.account_id = week_ago.account_id
            and streaks.date_day - 7 = week_ago.date_day
    left join health as month_ago
        on
            streaks.account_id = month_ago.account_id
            and streaks.date_day - 30 = month_ago.date_day
    left join health as quarter_ago
        on
            streaks.account_id = quarter_ago.account_id
            and streaks.date_day - 90 = quarter_ago.date_day
)

select * from final
