{#- One row per account, core feature and day on which the feature was used. -#}

with

events as (
    select * from {{ ref('stg_product__events') }}
    where
        event_category = 'core_feature'
        and occurred_date <= {{ as_of_date() }}
        {{- incremental_days_filter(date_column='occurred_date', keyword='and') }}
),

catalog as (
    select
        lower(trim(event_name)) as event_name,
        released_on
    from {{ ref('product_event_catalog') }}
),

feature_days as (
    select distinct
        account_id,
        event_name,
        occurred_date as date_day
    from events
),

final as (
    select
        feature_days.account_id || '|' || feature_days.event_name || '|'
        || cast(feature_days.date_day as {{ dbt.type_string() }}) as account_feature_day_id,
        feature_days.account_id,
        feature_days.event_name,
        feature_days.date_day,
        catalog.released_on
    from feature_days
    left join catalog
        on feature_days.event_name = catalog.event_name
)

select * from final
