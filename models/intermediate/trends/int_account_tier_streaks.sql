{#- How long each account has been in its health tier, per customer day, read from
    int_account_health_daily: a new streak starts whenever the tier differs from the previous customer
    day's. Windows only (no join back), since it runs over every account-day of the history.
    Incremental: a refresh carries each account's streak on from the last day it has stored. -#}

with

health as (
    select
        account_day_id,
        account_id,
        date_day,
        health_tier
    from {{ ref('int_account_health_daily') }}
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
        stored_rows.account_day_id,
        stored_rows.account_id,
        stored_rows.date_day,
        stored_rows.health_tier,
        1 as is_carried,
        cast(stored_rows.days_in_current_tier as integer) as carried_days_in_tier,
        stored_rows.previous_tier as carried_previous_tier
    from {{ this }} as stored_rows
    inner join stored_last_days
        on
            stored_rows.account_id = stored_last_days.account_id
            and stored_rows.date_day = stored_last_days.date_day
),

{% endif %}
tier_days as (
    select
        account_day_id,
        account_id,
        date_day,
        health_tier,
        0 as is_carried,
        cast(null as integer) as carried_days_in_tier,
        cast(null as {{ dbt.type_string() }}) as carried_previous_tier
    from health
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

streaks as (
    select
        *,
        cast(sum(tier_changed) over (
            partition by account_id
            order by date_day
            rows between unbounded preceding and current row
        ) as {{ dbt.type_bigint() }}) as tier_streak
    from (
        select
            *,
            case when coalesce(health_tier, '') <> coalesce(tier_before, '') then 1 else 0 end as tier_changed
        from previous_tiers
    ) as flagged
),

streak_starts as (  -- a streak's first row: the carried row (its own start) or the day the tier changed
    select
        *,
        first_value(
            case
                when is_carried = 1 then {{ add_days(subtract_days('date_day', 'carried_days_in_tier'), 1) }}
                else date_day
            end
        ) over (partition by account_id, tier_streak order by date_day) as streak_start_date,
        first_value(
            case
                when is_carried = 1 then carried_previous_tier
                when tier_changed = 1 then tier_before
            end
        ) over (partition by account_id, tier_streak order by date_day) as previous_tier
    from streaks
),

final as (
    select
        account_day_id,
        account_id,
        date_day,
        health_tier,
        {{ days_between('streak_start_date', 'date_day') }} + 1 as days_in_current_tier,
        previous_tier
    from streak_starts
    where is_carried = 0
)

select * from final
