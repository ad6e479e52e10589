with

base as (
    select * from {{ ref('base_crm__accounts') }}
),

final as (
    select
        account_id,
        account_name,
        industry,
        segment,
        region,
        csm_email,
        parent_account_id,
        created_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
