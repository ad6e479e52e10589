{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}delete from {{ this }}
        where alert_date >= {{ refresh_start_date('alert_date', sparse=true) }}{% endif %}",
    post_hook="{{ build_remaining_day_ranges('alert_date') }}",
    meta={'refresh_date_column': 'alert_date'},
) }}
{#- One row per alert candidate: the day an account's health changed state in a way a CSM must hear
    of. Each fires on the first day its condition holds, not every day after; fct_health_alerts
    applies the per-account, per-kind cool-down. Thresholds are vars. Incremental: a refresh deletes
    and recomputes the candidates from refresh_start_date (sparse), reading 31 days before it for the previous-day
    comparisons (a 30-day change needs the account to have been a customer 30 days earlier). Built in
    day ranges (day_ranges), each reading its 31 days before: joining its two inputs and ordering
    every account-day at once spilled 8 GB at 100,000 accounts. -#}
{%- set ranges = day_ranges(rows=var('build_range_rows'), date_column='alert_date', sparse=true) %}
{{ day_ranges_comment(ranges) }}

with

health as (
    select * from {{ ref('int_account_health_daily') }}
    {{ day_range_filter(ranges, lookback_days=31) }}
),

trends as (
    select * from {{ ref('int_account_health_trends') }}
    {{ day_range_filter(ranges, lookback_days=31) }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

days as (
    select
        health.account_id,
        health.date_day,
        health.health_score,
        health.health_tier,
        health.top_risk_driver,
        health.gate_fired,
        trends.previous_day_health_score,
        trends.previous_day_gate_fired,
        trends.health_score_change_30d,
        trends.days_in_current_tier,
        trends.top_mover_dimension_30d,
        lag(trends.health_score_change_30d) over (
            partition by health.account_id order by health.date_day
        ) as previous_day_change_30d
    from health
    inner join trends
        on health.account_day_id = trends.account_day_id
),

alerts as (
    select
        account_id,
        date_day as alert_date,
        'dropped_below_threshold' as alert_type,
        health_score,
        health_tier,
        top_risk_driver as driver
    from days
    where
        health_score < {{ var('alert_score_threshold') }}
        and previous_day_health_score >= {{ var('alert_score_threshold') }}

    union all

    select
        account_id,
        date_day as alert_date,
        'fell_sharply_30d' as alert_type,
        health_score,
        health_tier,
        coalesce(top_mover_dimension_30d, top_risk_driver) as driver
    from days
    where
        health_score_change_30d <= -{{ var('alert_drop_points_30d') }}
        and (previous_day_change_30d is null or previous_day_change_30d > -{{ var('alert_drop_points_30d') }})

    union all

    select
        account_id,
        date_day as alert_date,
        'persistently_unhealthy' as alert_type,
        health_score,
        health_tier,
        top_risk_driver as driver
    from days
    where health_tier = 'unhealthy' and days_in_current_tier = {{ var('alert_unhealthy_days') }}

    union all

    select
        account_id,
        date_day as alert_date,
        'gate_fired' as alert_type,
        health_score,
        health_tier,
        gate_fired as driver
    from days
    where gate_fired is not null and gate_fired is distinct from previous_day_gate_fired
),

final as (
    select
        cast(
            alerts.account_id || ':' || cast(alerts.alert_date as {{ dbt.type_string() }}) || ':'
            || alerts.alert_type as {{ dbt.type_string() }}
        ) as alert_id,
        cast(alerts.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(alerts.alert_date as date) as alert_date,
        cast(alerts.alert_type as {{ dbt.type_string() }}) as alert_type,
        cast(alerts.health_score as numeric(5, 1)) as health_score,
        cast(alerts.health_tier as {{ dbt.type_string() }}) as health_tier,
        cast(alerts.driver as {{ dbt.type_string() }}) as driver,
        cast(accounts.csm_email as {{ dbt.type_string() }}) as csm_email
    from alerts
    left join accounts
        on alerts.account_id = accounts.account_id
    {{ day_range_filter(ranges, date_column='alerts.alert_date') }}
)

select * from final
