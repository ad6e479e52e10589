with

base as (
    select * from {{ ref('base_crm__cs_activities') }}
),

final as (
    select
        cs_activity_id,
        account_id,
        activity_type,
        occurred_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
