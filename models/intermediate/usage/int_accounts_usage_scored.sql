{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Usage subscore per account per day: how much the account uses the product over the trailing
    usage window. Null for accounts that have never had product activity. -#}
{%- set measures = ['active_days_ratio', 'active_users_per_seat', 'events_per_active_user',
                    'days_since_last_activity'] -%}
{%- set window = var('usage_window_days') -%}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

usage_daily as (
    select * from {{ ref('int_product_usage_daily') }}
),

user_days as (  -- on a refresh, activity from one window back is enough for exact counts
    select * from {{ ref('int_product_user_days') }}
    {{- incremental_days_filter(lookback_days=window) }}
),

user_coverage as (
    {{ distinct_coverage_deltas('user_days', 'user_id', window) }}
),

windowed as (
    {{ trailing_window_sums('usage_daily', [
        {'column': 'meaningful_events', 'window': window},
        {'column': 'active_days', 'window': window},
        {'column': 'active_entities', 'window': none, 'facts': 'user_coverage'},
    ]) }}
),

account_bounds as (
    select
        account_id,
        min(date_day) as first_day
    from account_days
    group by account_id
),

activity_dates as (  -- activity before an account's first row lands on it, keeping its real date
    select
        usage_daily.account_id,
        greatest(usage_daily.date_day, account_bounds.first_day) as date_day,
        max(usage_daily.date_day) as last_active_date
    from usage_daily
    inner join account_bounds
        on usage_daily.account_id = account_bounds.account_id
    where usage_daily.active_days > 0
    group by usage_daily.account_id, greatest(usage_daily.date_day, account_bounds.first_day)
),

recency as (
    select
        account_days.account_id,
        account_days.date_day,
        max(activity_dates.last_active_date) over (
            partition by account_days.account_id
            order by account_days.date_day
            rows between unbounded preceding and current row
        ) as last_active_date
    from account_days
    left join activity_dates
        on
            account_days.account_id = activity_dates.account_id
            and account_days.date_day = activity_dates.date_day
),

measures as (
    select
        account_days.account_day_id,
        account_days.account_id,
        account_days.date_day,
        account_days.segment,
        windowed.active_days,
        windowed.active_entities as active_users,
        windowed.meaningful_events,
        recency.last_active_date,
        case
            when recency.last_active_date is not null
                then cast(windowed.active_days as {{ type_double() }}) / {{ window }}
        end as active_days_ratio,
        case
            when recency.last_active_date is not null
                then {{ ratio('windowed.active_entities', 'account_days.seats') }}
        end as active_users_per_seat,
        {{ ratio('windowed.meaningful_events', 'windowed.active_entities') }}
            as events_per_active_user,
        case
            when recency.last_active_date is not null
                then least(account_days.date_day - recency.last_active_date, {{ var('recency_cap_days') }})
        end as days_since_last_activity
    from account_days
    inner join windowed
        on
            account_days.account_id = windowed.account_id
            and account_days.date_day = windowed.date_day
    inner join recency
        on
            account_days.account_id = recency.account_id
            and account_days.date_day = recency.date_day
    where account_days.is_customer
),

{{ dimension_score_ctes('usage', measures) }}

select * from final
