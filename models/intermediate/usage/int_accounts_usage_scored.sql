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

windowed as (  -- the trailing-window facts, built in account ranges
    select * from {{ ref('int_accounts_usage_windowed') }}
    {{- incremental_days_filter() }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.active_days,
        windowed.active_users,
        windowed.meaningful_events,
        windowed.last_active_date,
        case
            when windowed.last_active_date is not null
                then cast(windowed.active_days as {{ type_double() }}) / {{ window }}
        end as active_days_ratio,
        case
            when windowed.last_active_date is not null
                then {{ ratio('windowed.active_users', 'windowed.seats') }}
        end as active_users_per_seat,
        {{ ratio('windowed.meaningful_events', 'windowed.active_users') }}
            as events_per_active_user,
        case
            when windowed.last_active_date is not null
                then least(
                    {{ days_between('windowed.last_active_date', 'windowed.date_day') }},
                    {{ var('recency_cap_days') }}
                )
        end as days_since_last_activity
    from windowed
),

{{ dimension_score_ctes('usage', measures) }}

select * from final
