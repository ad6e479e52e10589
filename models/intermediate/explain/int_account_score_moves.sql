{{ config(
    materialized='incremental',
    incremental_strategy='append',
    meta={'refresh_date_column': 'date_day'},
    pre_hook="{% if is_incremental() %}delete from {{ this }}
        where date_day >= {{ refresh_start_date(sparse=true) }}{% endif %}",
) }}
{#- The days on which an account's health score moved: one row per account and customer day whose
    tier differs from the day before's, whose score moved more than var('score_change_min_points')
    since then, fell below var('alert_score_threshold') or on which a gate started to bind (the
    alerts' state changes, so each alert has its change-feed row). Only consecutive customer days
    compare: the first day of a new contract is no move.
    Incremental like fct_health_alerts (a sparse feed): a refresh deletes and recomputes the moves
    from refresh_start_date, reading one day before it for the comparison. -#}

with

health as (
    select
        account_id,
        date_day,
        health_score,
        health_tier,
        health_tier_rank,
        gate_fired,
        lag(date_day) over account_days as previous_day,
        lag(gate_fired) over account_days as previous_gate_fired,
        lag(health_score) over account_days as previous_score,
        lag(health_tier) over account_days as previous_tier,
        lag(health_tier_rank) over account_days as previous_tier_rank
    from {{ ref('int_account_health_daily') }}
    {%- if is_incremental() %}
    where date_day >= {{ subtract_days(refresh_start_date(sparse=true), 1) }}
    {%- endif %}
    window account_days as (partition by account_id order by date_day)
),

final as (
    select
        {{ account_day_id('account_id', 'date_day') }} as account_day_id,
        account_id,
        date_day,
        previous_day,
        previous_score,
        health_score,
        health_score - previous_score as score_change,
        previous_tier,
        health_tier,
        health_tier_rank - previous_tier_rank as tier_rank_change
    from health
    where
        previous_day = {{ subtract_days('date_day', 1) }}
        and (
            health_tier <> previous_tier
            or abs(health_score - previous_score) > {{ var('score_change_min_points') }}
            or (
                health_score < {{ var('alert_score_threshold') }}
                and previous_score >= {{ var('alert_score_threshold') }}
            )
            or (gate_fired is not null and gate_fired is distinct from previous_gate_fired)
        )
        {%- if is_incremental() %}
        and date_day >= {{ refresh_start_date(sparse=true) }}
        {%- endif %}
)

select * from final
