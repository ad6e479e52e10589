{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_account_ranges() }}",
) }}
{#- Enablement events and customer-success touches per account per customer day over the trailing
    engagement window: the running sums that int_accounts_engagement_scored scores. Built in account
    ranges like int_accounts_usage_windowed: the window is partitioned by account, the percentile
    scores are not. -#}
{%- set window = var('engagement_window_days') -%}
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

cs_activities as (
    select * from {{ ref('stg_crm__cs_activities') }}
    {{- account_range_filter(plan) }}
),

cs_activities_daily as (
    select
        account_id,
        cast(occurred_at as date) as date_day,
        count(*) as cs_touches,
        sum(case when activity_type = 'qbr' then 1 else 0 end) as qbrs
    from cs_activities
    where cast(occurred_at as date) <= {{ as_of_date() }} and activity_type <> 'unknown'
    group by account_id, cast(occurred_at as date)
),

windowed as (
    {{ trailing_window_sums('usage_daily', [
        {'column': 'enablement_events', 'window': window},
        {'column': 'cs_touches', 'window': window, 'facts': 'cs_activities_daily'},
        {'column': 'qbrs', 'window': window, 'facts': 'cs_activities_daily'},
    ], carry=['segment', 'seats', 'is_customer']) }}
)

select
    account_id,
    date_day,
    segment,
    seats,
    enablement_events,
    cs_touches,
    qbrs
from windowed
where is_customer
