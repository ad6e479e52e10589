with

base as (
    select * from {{ ref('base_billing__invoices') }}
),

final as (
    select
        invoice_id,
        account_id,
        invoice_number,
        status,
        currency_code,
        amount_due,
        amount_paid,
        amount_due_usd,
        amount_paid_usd,
        created_at,
        due_at,
        paid_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
