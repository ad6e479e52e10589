with

base as (
    select * from {{ ref('base_crm__subscriptions') }}
),

final as (
    select
        subscription_id,
        account_id,
        plan_name,
        seats,
        arr_amount,
        currency_code,
        arr_usd,
        start_date,
        end_date,
        status,
        canceled_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
