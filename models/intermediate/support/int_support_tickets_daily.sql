{#- One row per account per day on which something about its tickets became known: opened, an SLA
    deadline passed (met or breached), solved (with its reopen and rating state). Each fact is dated
    the day it was knowable, so trailing windows never see the future. Incremental on whole days like
    the rest of the account x day chain: a refresh recomputes the days from refresh_start_date() on,
    from every ticket, since a deadline or a solve lands days after the ticket was opened. -#}

with

tickets as (
    select * from {{ ref('stg_support__tickets') }}
    where cast(created_at as date) <= {{ as_of_date() }}
),

ticket_facts as (
    select
        account_id,
        cast(created_at as date) as date_day,
        1 as tickets_opened,
        case when priority in ({{ quoted_list(var('urgent_ticket_priorities')) }}) then 1 else 0 end
            as urgent_tickets,
        0 as tickets_solved,
        0 as reopened_tickets,
        0 as good_ratings,
        0 as bad_ratings,
        0 as reply_sla_due,
        0 as slow_replies,
        0 as resolution_sla_due,
        0 as slow_resolutions
    from tickets

    union all

    -- the first-reply deadline: known met or breached once it has passed
    select
        account_id,
        cast({{ dbt.dateadd('minute', var('first_reply_sla_minutes'), 'created_at') }} as date) as date_day,
        0 as tickets_opened,
        0 as urgent_tickets,
        0 as tickets_solved,
        0 as reopened_tickets,
        0 as good_ratings,
        0 as bad_ratings,
        1 as reply_sla_due,
        case
            when
                first_reply_at is null
                or first_reply_at > {{ dbt.dateadd('minute', var('first_reply_sla_minutes'), 'created_at') }}
                then 1
            else 0
        end as slow_replies,
        0 as resolution_sla_due,
        0 as slow_resolutions
    from tickets

    union all

    select
        account_id,
        cast({{ dbt.dateadd('hour', var('resolution_sla_hours'), 'created_at') }} as date) as date_day,
        0 as tickets_opened,
        0 as urgent_tickets,
        0 as tickets_solved,
        0 as reopened_tickets,
        0 as good_ratings,
        0 as bad_ratings,
        0 as reply_sla_due,
        0 as slow_replies,
        1 as resolution_sla_due,
        case
            when
                solved_at is null
                or solved_at > {{ dbt.dateadd('hour', var('resolution_sla_hours'), 'created_at') }}
                then 1
            else 0
        end as slow_resolutions
    from tickets

    union all

    -- reopen and rating state comes from the latest ticket version; it is dated at the solve
    select
        account_id,
        cast(solved_at as date) as date_day,
        0 as tickets_opened,
        0 as urgent_tickets,
        1 as tickets_solved,
        case when reopen_count > 0 then 1 else 0 end as reopened_tickets,
        case when satisfaction_rating = 'good' then 1 else 0 end as good_ratings,
        case when satisfaction_rating = 'bad' then 1 else 0 end as bad_ratings,
        0 as reply_sla_due,
        0 as slow_replies,
        0 as resolution_sla_due,
        0 as slow_resolutions
    from tickets
    where solved_at is not null
),

final as (
    select
        {{ account_day_id('account_id', 'date_day') }} as account_day_id,
        account_id,
        date_day,
        cast(sum(tickets_opened) as {{ dbt.type_bigint() }}) as tickets_opened,
        cast(sum(urgent_tickets) as {{ dbt.type_bigint() }}) as urgent_tickets,
        cast(sum(tickets_solved) as {{ dbt.type_bigint() }}) as tickets_solved,
        cast(sum(reopened_tickets) as {{ dbt.type_bigint() }}) as reopened_tickets,
        cast(sum(good_ratings) as {{ dbt.type_bigint() }}) as good_ratings,
        cast(sum(bad_ratings) as {{ dbt.type_bigint() }}) as bad_ratings,
        cast(sum(reply_sla_due) as {{ dbt.type_bigint() }}) as reply_sla_due,
        cast(sum(slow_replies) as {{ dbt.type_bigint() }}) as slow_replies,
        cast(sum(resolution_sla_due) as {{ dbt.type_bigint() }}) as resolution_sla_due,
        cast(sum(slow_resolutions) as {{ dbt.type_bigint() }}) as slow_resolutions
    from ticket_facts
    where
        date_day <= {{ as_of_date() }}
        {{- incremental_days_filter(keyword='and') }}
    group by account_id, date_day
)

select * from final
