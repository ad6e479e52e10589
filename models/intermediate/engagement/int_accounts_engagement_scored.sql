{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Engagement subscore per account per day over the trailing engagement window: enablement
    (webinars, courses: enablement events per seat) and customer-success touches (calls, meetings,
    QBRs, onboarding sessions, emails). -#}
{%- set measures = ['enablement_events_per_seat', 'cs_touches'] -%}
{%- set window = var('engagement_window_days') -%}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

usage_daily as (
    select * from {{ ref('int_product_usage_daily') }}
),

cs_activities_daily as (
    select
        account_id,
        cast(occurred_at as date) as date_day,
        count(*) as cs_touches,
        count(case when activity_type = 'qbr' then 1 end) as qbrs
    from {{ ref('stg_crm__cs_activities') }}
    where cast(occurred_at as date) <= {{ as_of_date() }} and activity_type <> 'unknown'
    group by account_id, cast(occurred_at as date)
),

windowed as (
    {{ trailing_window_sums('usage_daily', [
        {'column': 'enablement_events', 'window': window},
        {'column': 'cs_touches', 'window': window, 'facts': 'cs_activities_daily'},
        {'column': 'qbrs', 'window': window, 'facts': 'cs_activities_daily'},
    ], carry=['segment', 'seats', 'is_customer'], sum_type=dbt.type_bigint()) }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.enablement_events,
        windowed.qbrs,
        {{ ratio('windowed.enablement_events', 'windowed.seats') }}
            as enablement_events_per_seat,
        windowed.cs_touches
    from windowed
    where windowed.is_customer
),

{{ dimension_score_ctes('engagement', measures) }}

select * from final
