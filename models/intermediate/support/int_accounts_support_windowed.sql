{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_account_ranges() }}",
) }}
{#- Support ticket counts per account per customer day over the trailing support window: the running
    sums that int_accounts_support_scored scores. Built in account ranges like
    int_accounts_usage_windowed: the window is partitioned by account, the percentile scores are not. -#}
{%- set window = var('support_window_days') -%}
{%- set plan = account_ranges() -%}
{{ account_ranges_comment(plan) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
    {{- account_range_filter(plan, keyword='and' if is_incremental() else 'where') }}
),

tickets_daily as (
    select * from {{ ref('int_support_tickets_daily') }}
    {{- account_range_filter(plan) }}
),

windowed as (
    {{ trailing_window_sums('tickets_daily', [
        {'column': 'tickets_opened', 'window': window},
        {'column': 'urgent_tickets', 'window': window},
        {'column': 'tickets_solved', 'window': window},
        {'column': 'reopened_tickets', 'window': window},
        {'column': 'bad_ratings', 'window': window},
        {'column': 'reply_sla_due', 'window': window},
        {'column': 'slow_replies', 'window': window},
        {'column': 'resolution_sla_due', 'window': window},
        {'column': 'slow_resolutions', 'window': window},
    ], carry=['segment', 'seats', 'is_customer']) }}
)

select
    account_id,
    date_day,
    segment,
    seats,
    tickets_opened,
    urgent_tickets,
    tickets_solved,
    reopened_tickets,
    bad_ratings,
    reply_sla_due,
    slow_replies,
    resolution_sla_due,
    slow_resolutions
from windowed
where is_customer
