with

base as (
    select * from {{ ref('base_crm__nps_responses') }}
),

final as (
    select
        nps_response_id,
        account_id,
        contact_id,
        score,
        case
            when score >= 9 then 'promoter'
            when score >= 7 then 'passive'
            else 'detractor'
        end as nps_category,
        comment_text,
        responded_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
