{{ config(grants=bi_reader_grants()) }}
{#- Collections: one row per invoice past due and unpaid on as_of_date (void and draft invoices
    excluded), with the account's health for prioritising. -#}

with

invoices as (
    select * from {{ ref('stg_billing__invoices') }}
),

health as (
    select * from {{ ref('fct_account_health') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

overdue as (
    select *
    from invoices
    where
        status not in ('void', 'draft', 'paid')
        and cast(due_at as date) < {{ as_of_date() }}
        and cast(created_at as date) <= {{ as_of_date() }}
        and (paid_at is null or cast(paid_at as date) > {{ as_of_date() }})
),

final as (
    select
        cast(overdue.invoice_id as {{ dbt.type_string() }}) as invoice_id,
        cast(overdue.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(overdue.invoice_number as {{ dbt.type_string() }}) as invoice_number,
        cast(overdue.status as {{ dbt.type_string() }}) as invoice_status,
        cast(overdue.amount_due_usd - overdue.amount_paid_usd as numeric(18, 2)) as amount_overdue_usd,
        cast(overdue.due_at as date) as due_date,
        cast({{ days_between('cast(overdue.due_at as date)', as_of_date()) }} as integer) as days_past_due,
        cast(health.health_tier as {{ dbt.type_string() }}) as health_tier,
        {{ as_of_date() }} as as_of_date
    from overdue
    inner join accounts
        on overdue.account_id = accounts.account_id
    left join health
        on overdue.account_id = health.account_id
)

select * from final
