with

base as (
    select * from {{ ref('base_support__tickets') }}
),

final as (
    select
        ticket_id,
        account_id,
        requester_email_hash,
        subject,
        ticket_type,
        priority,
        status,
        channel,
        satisfaction_rating,
        reopen_count,
        created_at,
        first_reply_at,
        solved_at,
        updated_at,
        loaded_at
    from base
    where _row_status = 'staged'
)

select * from final
