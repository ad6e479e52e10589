{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_day_ranges() }}",
) }}
{#- Relationship subscore per account per day: tenure, contract expansion or contraction (ARR now
    against ARR a lookback ago) and time left to renewal (null for open-ended monthly plans). -#}
{%- set measures = ['tenure_days', 'arr_change_ratio', 'days_to_renewal'] -%}

{#- Built in day ranges (day_ranges): a window sort over every account-day outgrows memory at
    100,000 accounts, and each range's rows equal a refresh of those days. -#}
{%- set ranges = day_ranges() %}
{{ day_ranges_comment(ranges) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{ day_range_filter(ranges) }}
),

measures as (
    select
        account_day_id,
        account_id,
        date_day,
        segment,
        arr_usd,
        arr_usd_lookback,
        renewal_date,
        tenure_days,
        arr_usd / nullif(arr_usd_lookback, 0) - 1 as arr_change_ratio,
        renewal_date - date_day as days_to_renewal
    from account_days
    where is_customer
),

{{ dimension_score_ctes('relationship', measures) }}

select * from final
