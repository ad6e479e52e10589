{#- Engagement subscore per account per day over the trailing engagement window: enablement
    (webinars, courses: enablement events per seat) and customer-success touches (calls, meetings,
    QBRs, onboarding sessions, emails). Each is known from the first day its source recorded anything
    (an enablement event, a CS activity): from then on an account without any has 0, before it null. -#}
{%- set measures = ['enablement_events_per_seat', 'cs_touches'] -%}
{%- set window = var('engagement_window_days') -%}

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

enablement_tracking as (  -- the first enablement event of any account: known from that day on
    select min(date_day) as first_day
    from usage_daily
    where enablement_events > 0
),

cs_tracking as (  -- the first CS activity with any account: known from that day on
    select min(date_day) as first_day
    from cs_activities_daily
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
        case
            when windowed.date_day >= enablement_tracking.first_day
                then {{ ratio('windowed.enablement_events', 'windowed.seats') }}
        end as enablement_events_per_seat,
        case
            when windowed.date_day >= cs_tracking.first_day then windowed.cs_touches
        end as cs_touches
    from windowed
    cross join enablement_tracking
    cross join cs_tracking
    where windowed.is_customer
),

{{ dimension_score_ctes('engagement', measures) }}

select * from final
