with

base as (
    select * from {{ ref('base_product__events') }}
),

final as (
    select
        event_id,
        account_id,
        user_id,
        event_name,
        event_category,
        is_activity,
        occurred_at,
        cast(occurred_at as date) as occurred_date,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
