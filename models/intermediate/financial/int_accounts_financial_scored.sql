{#- Financial subscore per account per day: on-time payment rate of invoices due in the payment
    window, the oldest unpaid invoice's days past due, the amount overdue against ARR, and
    uncollectible invoices. Payments after the scoring day are invisible: an invoice paid later is
    unpaid that day. Null until the account's first invoice is issued. -#}
{%- set measures = ['on_time_payment_ratio', 'max_days_past_due', 'overdue_arr_ratio',
                    'uncollectible_invoices'] -%}
{%- set specs = measure_specs('financial', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
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
    from {{ ref('stg_billing__invoices') }}
    where status not in ('void', 'draft') and cast(created_at as date) <= {{ as_of_date() }}
),

invoice_facts as (
    -- dated when knowable: on-time or late at the due date; written off some time after it
    select
        account_id,
        date_day,
        cast(sum(invoices_due) as {{ dbt.type_bigint() }}) as invoices_due,
        cast(sum(invoices_paid_on_time) as {{ dbt.type_bigint() }}) as invoices_paid_on_time,
        cast(sum(uncollectible_invoices) as {{ dbt.type_bigint() }}) as uncollectible_invoices
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
    ], carry=['segment', 'arr_usd', 'is_customer'], sum_type=dbt.type_bigint()) }}
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
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.invoices_due,
        coalesce(overdue.overdue_usd, 0) as overdue_usd,
        {{ ratio('windowed.invoices_paid_on_time', 'windowed.invoices_due') }} as on_time_payment_ratio,
        case
            when first_invoices.first_invoice_date <= windowed.date_day
                then coalesce(overdue.max_days_past_due, 0)
        end as max_days_past_due,
        case
            when first_invoices.first_invoice_date <= windowed.date_day
                then coalesce(overdue.overdue_usd, 0) / nullif(windowed.arr_usd, 0)
        end as overdue_arr_ratio,
        case
            when first_invoices.first_invoice_date <= windowed.date_day
                then windowed.uncollectible_invoices
        end as uncollectible_invoices
    from windowed
    left join overdue
        on
            windowed.account_id = overdue.account_id
            and windowed.date_day = overdue.date_day
    left join first_invoices
        on windowed.account_id = first_invoices.account_id
    where windowed.is_customer
),

{% for name in percentile_measures -%}
peer_ranks_{{ name }} as (  -- each value's rank in its segment that day
    {{ percentile_peer_ranks(name, specs[name].higher_is_better, 'measures', ['segment', 'date_day']) }}
),

{% endfor %}
scored_measures as (  -- each measure's 0-100 score, as var('health_score_measures') says
    select
        measures.*{% for name, spec in specs.items() %},
        {{ measure_score('measures.' ~ name, spec, 'peer_ranks_' ~ name) }} as {{ name }}_score{% endfor %}
    from measures
    {% for name in percentile_measures -%}
    left join peer_ranks_{{ name }}
        on
            measures.segment = peer_ranks_{{ name }}.segment
            and measures.date_day = peer_ranks_{{ name }}.date_day
            and measures.{{ name }} = peer_ranks_{{ name }}.peer_value
    {% endfor -%}
),

final as (
    select
        *,
        {{ dimension_score('financial', measures) }} as financial_score
    from scored_measures
)

select * from final
