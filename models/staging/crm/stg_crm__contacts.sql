with

base as (
    select * from {{ ref('base_crm__contacts') }}
),

final as (
    select
        contact_id,
        account_id,
        email_hash,
        title,
        is_primary,
        created_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
