{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Adoption subscore per account per day: breadth of core features used in the trailing adoption
    window, and uptake of features released recently. Null for accounts that never used a core feature. -#}
{%- set measures = ['core_feature_breadth_ratio', 'recent_feature_adoption_ratio'] -%}
{%- set recent_days = var('recent_feature_days') -%}

with

windowed as (  -- the per-account feature-use facts, built in account ranges
    select * from {{ ref('int_accounts_adoption_windowed') }}
    {{- incremental_days_filter() }}
),

catalog_core_features as (
    select
        lower(trim(event_name)) as event_name,
        released_on
    from {{ ref('product_event_catalog') }}
    where event_category = 'core_feature'
),

calendar as (
    select distinct date_day from windowed
),

features_available as (  -- per day: core features released by then, and those released recently
    select
        calendar.date_day,
        count(*) as core_features,
        sum(
            case
                when
                    catalog_core_features.released_on is not null
                    and calendar.date_day < {{ add_days('catalog_core_features.released_on', recent_days) }}
                    then 1
                else 0
            end
        ) as recent_features
    from calendar
    inner join catalog_core_features
        on
            catalog_core_features.released_on is null
            or calendar.date_day >= catalog_core_features.released_on
    group by calendar.date_day
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.core_features_used,
        features_available.core_features as core_features_available,
        windowed.adopted_recent_features,
        features_available.recent_features as recent_features_available,
        case
            when windowed.first_core_use_on <= windowed.date_day
                then {{ ratio('windowed.core_features_used', 'features_available.core_features') }}
        end as core_feature_breadth_ratio,
        case
            when windowed.first_core_use_on <= windowed.date_day
                then {{ ratio(
                    'windowed.adopted_recent_features', 'features_available.recent_features'
                ) }}
        end as recent_feature_adoption_ratio
    from windowed
    left join features_available
        on windowed.date_day = features_available.date_day
),

{{ dimension_score_ctes('adoption', measures) }}

select * from final
