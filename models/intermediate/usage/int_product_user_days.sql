{#- One row per account, user and day on which the user did something meaningful. -#}

with

events as (
    select * from {{ ref('stg_product__events') }}
    where
        occurred_date <= {{ as_of_date() }}
        {{- incremental_days_filter(date_column='occurred_date', keyword='and') }}
        and is_activity
        and user_id is not null
),

user_days as (
    select distinct
        account_id,
        user_id,
        occurred_date as date_day
    from events
),

final as (
    select
        {{ dbt.hash("account_id || '|' || user_id || '|' || cast(date_day as " ~ dbt.type_string() ~ ")") }}
            as account_user_day_id,
        account_id,
        user_id,
        date_day
    from user_days
)

select * from final
