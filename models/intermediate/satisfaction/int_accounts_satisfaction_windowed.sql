{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_account_ranges() }}",
) }}
{#- Survey and rating facts per account per customer day: decay-weighted NPS answers in the NPS
    lookback and good and bad ticket ratings in the CSAT window; int_accounts_satisfaction_scored
    scores them. Built in account ranges (one statement each) like int_accounts_usage_windowed: the
    windows are partitioned by account, the percentile scores are not. -#}
{%- set plan = account_ranges() -%}
{{ account_ranges_comment(plan) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
    {{- account_range_filter(plan, keyword='and' if is_incremental() else 'where') }}
),

nps_responses as (
    select * from {{ ref('stg_crm__nps_responses') }}
    {{- account_range_filter(plan) }}
),

tickets_daily as (
    select * from {{ ref('int_support_tickets_daily') }}
    {{- account_range_filter(plan) }}
),

nps_daily as (
    -- An answer given on day t weighs 0.5 ^ ((d - t) / half-life) on scoring day d, which is
    -- 2 ^ ((t - ref) / half-life) times a factor shared by every answer that day; so windowed sums
    -- of 2 ^ ((t - ref) / half-life) give the decayed mean exactly. ref is a fixed date (not
    -- as_of_date), so a day's score does not depend on when it was computed.
    select
        account_id,
        cast(responded_at as date) as date_day,
        sum(answer_weight) as answer_weight,
        sum(answer_weight * nps_points) as weighted_nps_points,
        count(*) as answers
    from (
        select
            account_id,
            responded_at,
            case nps_category when 'promoter' then 100 when 'detractor' then -100 else 0 end as nps_points,
            power(
                2.0,
                cast(
                    {{ days_between("cast('2000-01-01' as date)", 'cast(responded_at as date)') }}
                    as {{ type_double() }}
                )
                / {{ var('nps_half_life_days') }}
            ) as answer_weight
        from nps_responses
        where cast(responded_at as date) <= {{ as_of_date() }}
    ) as weighted
    group by account_id, cast(responded_at as date)
),

windowed as (
    {{ trailing_window_sums('nps_daily', [
        {'column': 'answer_weight', 'window': var('nps_lookback_days')},
        {'column': 'weighted_nps_points', 'window': var('nps_lookback_days')},
        {'column': 'answers', 'window': var('nps_lookback_days')},
        {'column': 'good_ratings', 'window': var('csat_window_days'), 'facts': 'tickets_daily'},
        {'column': 'bad_ratings', 'window': var('csat_window_days'), 'facts': 'tickets_daily'},
    ], carry=['segment', 'is_customer']) }}
)

select
    account_id,
    date_day,
    segment,
    answer_weight,
    weighted_nps_points,
    answers,
    good_ratings,
    bad_ratings
from windowed
where is_customer
