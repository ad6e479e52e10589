{#- One row per account per day with product activity: event counts by category, as count() (64-bit;
    DuckDB's sum of integers is 128-bit, slower in the scored models' windows: DECISIONS.md, Scale). -#}

with

events as (
    select * from {{ ref('stg_product__events') }}
    where
        occurred_date <= {{ as_of_date() }}
        {{- incremental_days_filter(date_column='occurred_date', keyword='and') }}
),

final as (
    select
        {{ account_day_id('account_id', 'occurred_date') }} as account_day_id,
        account_id,
        occurred_date as date_day,
        count(case when is_activity then 1 end) as meaningful_events,
        count(case when event_category = 'login' then 1 end) as login_events,
        count(case when event_category = 'core_feature' then 1 end) as core_feature_events,
        count(case when event_category = 'enablement' then 1 end) as enablement_events,
        max(case when is_activity then 1 else 0 end)
            as active_days
    from events
    group by account_id, occurred_date
)

select * from final
