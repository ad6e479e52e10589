{#- The scoring grain: one row per account per day, from the account's first customer day (or the
    start of the scored history) to its last (or as_of_date), contiguous, with the contract state
    known that day. Days between two contracts are kept (is_customer false) so that trailing windows
    stay exact; scores are only published for customer days. The contract state is computed once
    per run of days with the same state (contract_segments) and then spread over its days, rather
    than joined and grouped per account-day: at 100,000 accounts that group-by held 57 M groups and
    spilled (DECISIONS.md, Scale). -#}

{%- set contract_end = 'coalesce(subscriptions.effective_end_date, ' ~ as_of_date() ~ ')' -%}
{%- set lookback_days = var('contract_change_lookback_days') -%}
{%- set lookback_day = subtract_days('contract_segments.segment_start_date', lookback_days) -%}
{%- set active_that_day = 'contract_segments.segment_start_date between subscriptions.start_date and '
    ~ contract_end -%}
{%- set active_lookback = lookback_day ~ ' between subscriptions.start_date and ' ~ contract_end -%}

with

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

subscriptions as (
    select
        subscription_id,
        account_id,
        seats,
        arr_usd,
        start_date,
        -- an open-ended subscription that was canceled ends on its cancellation day
        coalesce(
            end_date,
            case when status in ('canceled', 'expired') then cast(canceled_at as date) end
        ) as effective_end_date,
        end_date
    from {{ ref('stg_crm__subscriptions') }}
    where start_date <= {{ as_of_date() }}
),

calendar as (
    select cast(date_day as date) as date_day
    from (
        {{ dbt.date_spine(
            'day',
            history_start_date(),
            dbt.dateadd('day', 1, as_of_date())
        ) }}
    ) as spine
    {{- incremental_days_filter(date_column='cast(date_day as date)') }}
),

account_bounds as (
    select
        account_id,
        min(start_date) as first_start_date,
        greatest(
            min(start_date),
            {{ history_start_date() }}
        ) as first_day,
        least(max(coalesce(effective_end_date, {{ as_of_date() }})), {{ as_of_date() }}) as last_day
    from subscriptions
    group by account_id
),

contract_boundaries as (
    {#- The days on which an account's contract state can change: a subscription starts or its day
        after the end comes, that day or contract_change_lookback_days later (the look-back ARR), and
        the account's first day. Between two boundaries every day has the same state. #}
    select
        account_id,
        start_date as boundary_day
    from subscriptions
    union
    select
        account_id,
        {{ add_days(contract_end, 1) }} as boundary_day
    from subscriptions
    union
    select
        account_id,
        {{ add_days('start_date', lookback_days) }} as boundary_day
    from subscriptions
    union
    select
        account_id,
        {{ add_days(add_days(contract_end, lookback_days), 1) }} as boundary_day
    from subscriptions
    union
    select
        account_id,
        cast(first_day as date) as boundary_day
    from account_bounds
),

contract_segments as (  -- runs of days with one contract state, inside the account's days
    select
        account_bounds.account_id,
        account_bounds.first_start_date,
        segment_starts.boundary_day as segment_start_date,
        least(
            coalesce({{ subtract_days('segment_starts.next_boundary_day', 1) }}, account_bounds.last_day),
            account_bounds.last_day
        ) as segment_end_date
    from (
        select
            account_id,
            boundary_day,
            lead(boundary_day) over (partition by account_id order by boundary_day) as next_boundary_day
        from contract_boundaries
    ) as segment_starts
    inner join account_bounds
        on
            segment_starts.account_id = account_bounds.account_id
            and segment_starts.boundary_day between account_bounds.first_day and account_bounds.last_day
),

segment_state as (  -- the contract on a segment's first day and lookback days earlier, in one pass
    select
        contract_segments.account_id,
        contract_segments.first_start_date,
        contract_segments.segment_start_date,
        contract_segments.segment_end_date,
        count(case when {{ active_that_day }} then subscriptions.subscription_id end)
            as active_subscriptions,
        cast(sum(case when {{ active_that_day }} then subscriptions.seats end) as {{ dbt.type_bigint() }})
            as seats,
        sum(case when {{ active_that_day }} then subscriptions.arr_usd end) as arr_usd,
        min(
            case
                when
                    {{ active_that_day }}
                    and subscriptions.end_date >= contract_segments.segment_start_date
                    then subscriptions.end_date
            end
        ) as renewal_date,
        sum(case when {{ active_lookback }} then subscriptions.arr_usd end) as arr_usd_lookback
    from contract_segments
    left join subscriptions
        on
            contract_segments.account_id = subscriptions.account_id
            and (
                {{ active_that_day }}
                or {{ active_lookback }}
            )
    group by
        contract_segments.account_id,
        contract_segments.first_start_date,
        contract_segments.segment_start_date,
        contract_segments.segment_end_date
),

contract_state as (  -- each segment's state on every one of its days
    select
        segment_state.account_id,
        calendar.date_day,
        segment_state.first_start_date,
        segment_state.active_subscriptions,
        segment_state.seats,
        segment_state.arr_usd,
        segment_state.renewal_date,
        segment_state.arr_usd_lookback
    from segment_state
    inner join calendar
        on calendar.date_day between segment_state.segment_start_date and segment_state.segment_end_date
),

final as (
    select
        {{ account_day_id('contract_state.account_id', 'contract_state.date_day') }} as account_day_id,
        contract_state.account_id,
        contract_state.date_day,
        accounts.segment,
        contract_state.active_subscriptions > 0 as is_customer,
        coalesce(contract_state.seats, 0) as seats,
        coalesce(contract_state.arr_usd, 0) as arr_usd,
        contract_state.arr_usd_lookback,
        contract_state.renewal_date,
        {{ days_between('contract_state.first_start_date', 'contract_state.date_day') }} as tenure_days
    from contract_state
    inner join accounts
        on contract_state.account_id = accounts.account_id
)

select * from final
