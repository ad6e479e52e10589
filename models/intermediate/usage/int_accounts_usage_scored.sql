{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Usage subscore per account per day: how much the account uses the product over the trailing
    usage window. Usage is known from the first day the product source saw any activity: from then
    on an account without activity has zero usage, before it the usage measures are null. -#}
{%- set measures = ['active_days_ratio', 'active_users_per_seat', 'events_per_active_user',
                    'days_since_last_activity'] -%}
{%- set window = var('usage_window_days') -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
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

tracking as (  -- the first day any account was active: product usage is known from that day on
    select min(date_day) as first_day
    from usage_daily
    where active_days > 0
),

active_dates as (  -- each active day, as the last active date from that day on
    select
        account_id,
        date_day,
        date_day as last_active_date
    from usage_daily
    where active_days > 0
),

windowed as (
    {{ trailing_window_sums('usage_daily', [
        {'column': 'meaningful_events', 'window': window},
        {'column': 'active_days', 'window': window},
        {'column': 'active_entities', 'window': none, 'facts': 'user_coverage'},
        {'column': 'last_active_date', 'window': none, 'aggregate': 'max', 'type': 'date',
            'facts': 'active_dates'},
    ], carry=['segment', 'seats', 'tenure_days', 'is_customer'], sum_type=dbt.type_bigint()) }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.active_days,
        windowed.active_entities as active_users,
        windowed.meaningful_events,
        windowed.last_active_date,
        case
            when windowed.date_day >= tracking.first_day
                then cast(windowed.active_days as {{ type_double() }}) / {{ window }}
        end as active_days_ratio,
        case
            when windowed.date_day >= tracking.first_day
                then {{ ratio('windowed.active_entities', 'windowed.seats') }}
        end as active_users_per_seat,
        {{ ratio('windowed.meaningful_events', 'windowed.active_entities') }}
            as events_per_active_user,
        case  -- never active: the days the account could have been, as a customer while tracked
            when windowed.date_day >= tracking.first_day
                then least(
                    coalesce(
                        {{ days_between('windowed.last_active_date', 'windowed.date_day') }},
                        least(
                            windowed.tenure_days,
                            {{ days_between('tracking.first_day', 'windowed.date_day') }}
                        )
                    ),
                    {{ var('recency_cap_days') }}
                )
        end as days_since_last_activity
    from windowed
    cross join tracking
    where windowed.is_customer
),

{{ dimension_score_ctes('usage', measures) }}

select * from final
