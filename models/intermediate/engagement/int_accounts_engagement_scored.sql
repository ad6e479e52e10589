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

with

windowed as (  -- the trailing-window facts, built in account ranges
    select * from {{ ref('int_accounts_engagement_windowed') }}
    {{- incremental_days_filter() }}
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
),

{{ dimension_score_ctes('engagement', measures) }}

select * from final
