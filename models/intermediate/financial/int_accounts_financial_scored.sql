{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- Financial subscore per account per day: on-time payment rate of invoices due in the payment
    window, the oldest unpaid invoice's days past due, the amount overdue against ARR, and
    uncollectible invoices. Payments after the scoring day are invisible: an invoice paid later is
    unpaid that day. Null until the account's first invoice is issued. -#}
{%- set measures = ['on_time_payment_ratio', 'max_days_past_due', 'overdue_arr_ratio',
                    'uncollectible_invoices'] -%}

with

windowed as (  -- the per-account payment facts, built in account ranges
    select * from {{ ref('int_accounts_financial_windowed') }}
    {{- incremental_days_filter() }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.invoices_due,
        coalesce(windowed.overdue_usd, 0) as overdue_usd,
        {{ ratio('windowed.invoices_paid_on_time', 'windowed.invoices_due') }} as on_time_payment_ratio,
        case
            when windowed.first_invoice_date <= windowed.date_day
                then coalesce(windowed.max_days_past_due, 0)
        end as max_days_past_due,
        case
            when windowed.first_invoice_date <= windowed.date_day
                then coalesce(windowed.overdue_usd, 0) / nullif(windowed.arr_usd, 0)
        end as overdue_arr_ratio,
        case
            when windowed.first_invoice_date <= windowed.date_day
                then windowed.uncollectible_invoices
        end as uncollectible_invoices
    from windowed
),

{{ dimension_score_ctes('financial', measures) }}

select * from final
