{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ build_remaining_account_ranges() }}",
) }}
{#- Payment facts per account per customer day, as known that day: invoices due and paid on time in
    the trailing payment window, write-offs in the uncollectible window, the oldest unpaid invoice's
    days past due and the overdue amount, and the first invoice date; int_accounts_financial_scored
    scores them. Every window and join here is per account, so the model is built in account ranges
    (one statement each) like int_accounts_usage_windowed; the percentile scores rank each account
    against all its peers, so they stay in the scored model. -#}
{%- set plan = account_ranges() -%}
{{ account_ranges_comment(plan) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
    {{- account_range_filter(plan, keyword='and' if is_incremental() else 'where') }}
),

billing_invoices as (
    select * from {{ ref('stg_billing__invoices') }}
    {{- account_range_filter(plan) }}
),

invoices as (
    select
        invoice_id,
        account_id,
        status,
        amount_due_usd,
        cast(created_at as date) as created_date,
        cast(due_at as date) as due_date,
        cast(paid_at as date) as paid_date,
        paid_at <= due_at as is_paid_on_time
    from billing_invoices
    where status not in ('void', 'draft') and cast(created_at as date) <= {{ as_of_date() }}
),

invoice_facts as (
    -- dated when knowable: on-time or late at the due date; written off some time after it
    select
        account_id,
        date_day,
        sum(invoices_due) as invoices_due,
        sum(invoices_paid_on_time) as invoices_paid_on_time,
        sum(uncollectible_invoices) as uncollectible_invoices
    from (
        select
            account_id,
            due_date as date_day,
            1 as invoices_due,
            case when is_paid_on_time then 1 else 0 end as invoices_paid_on_time,
            0 as uncollectible_invoices
        from invoices
        union all
        select
            account_id,
            {{ add_days('due_date', var('uncollectible_known_after_days')) }} as date_day,
            0 as invoices_due,
            0 as invoices_paid_on_time,
            1 as uncollectible_invoices
        from invoices
        where status = 'uncollectible'
    ) as facts
    where date_day <= {{ as_of_date() }}
    group by account_id, date_day
),

windowed as (
    {{ trailing_window_sums('invoice_facts', [
        {'column': 'invoices_due', 'window': var('payment_window_days')},
        {'column': 'invoices_paid_on_time', 'window': var('payment_window_days')},
        {'column': 'uncollectible_invoices', 'window': var('uncollectible_window_days')},
    ], carry=['segment', 'arr_usd', 'is_customer']) }}
),

overdue as (  -- point in time: invoices past due and not yet paid on each day
    select
        account_days.account_id,
        account_days.date_day,
        max({{ days_between('invoices.due_date', 'account_days.date_day') }}) as max_days_past_due,
        sum(invoices.amount_due_usd) as overdue_usd
    from account_days
    inner join invoices
        on
            account_days.account_id = invoices.account_id
            and account_days.date_day > invoices.due_date
            and (invoices.paid_date is null or account_days.date_day < invoices.paid_date)
    group by account_days.account_id, account_days.date_day
),

first_invoices as (
    select
        account_id,
        min(created_date) as first_invoice_date
    from invoices
    group by account_id
)

select
    windowed.account_id,
    windowed.date_day,
    windowed.segment,
    windowed.arr_usd,
    windowed.invoices_due,
    windowed.invoices_paid_on_time,
    windowed.uncollectible_invoices,
    overdue.max_days_past_due,
    overdue.overdue_usd,
    first_invoices.first_invoice_date
from windowed
left join overdue
    on
        windowed.account_id = overdue.account_id
        and windowed.date_day = overdue.date_day
left join first_invoices
    on windowed.account_id = first_invoices.account_id
where windowed.is_customer
