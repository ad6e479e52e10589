{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Satisfaction subscore per account per day: NPS from survey answers in the lookback, each answer
    weighted by 0.5 ^ (age / half-life), and CSAT (good share of rated tickets). Null without answers
    or ratings. -#}
{%- set measures = ['nps_decayed', 'csat_good_ratio'] -%}

with

windowed as (  -- the trailing-window facts, built in account ranges
    select * from {{ ref('int_accounts_satisfaction_windowed') }}
    {{- incremental_days_filter() }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.answers as nps_answers,
        windowed.good_ratings,
        windowed.bad_ratings,
        case
            when windowed.answers > 0
                then windowed.weighted_nps_points / nullif(windowed.answer_weight, 0)
        end as nps_decayed,
        {{ ratio('windowed.good_ratings', 'windowed.good_ratings + windowed.bad_ratings') }}
            as csat_good_ratio
    from windowed
),

{{ dimension_score_ctes('satisfaction', measures) }}

select * from final
