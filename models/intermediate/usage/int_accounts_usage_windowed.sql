{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_account_ranges() }}",
) }}
{#- Usage facts per account per customer day over the trailing usage window: the running sums that
    int_accounts_usage_scored scores. Every window here is partitioned by account, so the model is
    built in account ranges (one statement each) that sort in memory; the percentile scores rank
    each account against all its peers, so they stay in the scored model. -#}
{%- set window = var('usage_window_days') -%}
{%- set plan = account_ranges() -%}
{{ account_ranges_comment(plan) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
    {{- account_range_filter(plan, keyword='and' if is_incremental() else 'where') }}
),

usage_daily as (
    select * from {{ ref('int_product_usage_daily') }}
    {{- account_range_filter(plan) }}
),

user_days as (  -- on a refresh, activity from one window back is enough for exact counts
    select * from {{ ref('int_product_user_days') }}
    {{- incremental_days_filter(lookback_days=window) }}
    {{- account_range_filter(plan, keyword='and' if is_incremental() else 'where') }}
),

user_coverage as (
    {{ distinct_coverage_deltas('user_days', 'user_id', window) }}
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
    ], carry=['segment', 'seats', 'is_customer']) }}
)

select
    account_id,
    date_day,
    segment,
    seats,
    meaningful_events,
    active_days,
    active_entities as active_users,
    last_active_date
from windowed
where is_customer
