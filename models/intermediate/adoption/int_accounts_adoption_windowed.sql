{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_account_ranges() }}",
) }}
{#- Feature-use facts per account per customer day: distinct core features used in the trailing
    adoption window, recently released features adopted, and the first core-feature use;
    int_accounts_adoption_scored sets them against the catalog and scores them. Built in account
    ranges (one statement each) like int_accounts_usage_windowed: the windows are partitioned by
    account, the percentile scores are not. -#}
{%- set window = var('adoption_window_days') -%}
{%- set recent_days = var('recent_feature_days') -%}
{%- set plan = account_ranges() -%}
{{ account_ranges_comment(plan) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
    {{- account_range_filter(plan, keyword='and' if is_incremental() else 'where') }}
),

feature_days as (
    select * from {{ ref('int_product_feature_days') }}
    {{- account_range_filter(plan) }}
),

recent_feature_days as (  -- on a refresh, use from one window back is enough for exact counts
    select * from feature_days
    {{- incremental_days_filter(lookback_days=window) }}
),

core_coverage as (
    {{ distinct_coverage_deltas('recent_feature_days', 'event_name', window) }}
),

first_uses as (  -- a recent feature counts as adopted from its first use until it stops being recent
    select
        account_id,
        event_name,
        released_on,
        min(date_day) as first_used_on
    from feature_days
    where released_on is not null
    group by account_id, event_name, released_on
),

recent_adoption as (
    select
        account_id,
        date_day,
        sum(delta) as adopted_recent_features
    from (
        select
            account_id,
            first_used_on as date_day,
            1 as delta
        from first_uses
        where first_used_on < {{ add_days('released_on', recent_days) }}
        union all
        select
            account_id,
            {{ add_days('released_on', recent_days) }} as date_day,
            -1 as delta
        from first_uses
        where first_used_on < {{ add_days('released_on', recent_days) }}
    ) as deltas
    group by account_id, date_day
),

windowed as (
    {{ trailing_window_sums('core_coverage', [
        {'column': 'active_entities', 'window': none},
        {'column': 'adopted_recent_features', 'window': none, 'facts': 'recent_adoption'},
    ], carry=['segment', 'is_customer']) }}
),

ever_used as (
    select
        account_id,
        min(date_day) as first_core_use_on
    from feature_days
    group by account_id
)

select
    windowed.account_id,
    windowed.date_day,
    windowed.segment,
    windowed.active_entities as core_features_used,
    windowed.adopted_recent_features,
    ever_used.first_core_use_on
from windowed
left join ever_used
    on windowed.account_id = ever_used.account_id
where windowed.is_customer
