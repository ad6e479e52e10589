{{ config(
    materialized='incremental',
    unique_key='date_day',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- The scoring grain: one row per account per day, from the account's first customer day (or the
    start of the scored history) to its last (or as_of_date), contiguous, with the contract state
    known that day. Days between two contracts are kept (is_customer false) so that trailing windows
    stay exact; scores are only published for customer days. -#}

{%- set contract_end = 'coalesce(subscriptions.effective_end_date, ' ~ as_of_date() ~ ')' -%}
{%- set lookback_day = 'account_calendar.date_day - ' ~ var('contract_change_lookback_days') -%}
{%- set active_that_day = 'account_calendar.date_day between subscriptions.start_date and ' ~ contract_end -%}
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

account_calendar as (
    select
        account_bounds.account_id,
        account_bounds.first_start_date,
        calendar.date_day
    from account_bounds
    inner join calendar
        on calendar.date_day between account_bounds.first_day and account_bounds.last_day
),

contract_state as (  -- the contract that day and contract_change_lookback_days earlier, in one pass
    select
        account_calendar.account_id,
        account_calendar.date_day,
        account_calendar.first_start_date,
        count(case when {{ active_that_day }} then subscriptions.subscription_id end)
            as active_subscriptions,
        sum(case when {{ active_that_day }} then subscriptions.seats end) as seats,
        sum(case when {{ active_that_day }} then subscriptions.arr_usd end) as arr_usd,
        min(
            case
                when
                    {{ active_that_day }}
                    and subscriptions.end_date >= account_calendar.date_day
                    then subscriptions.end_date
            end
        ) as renewal_date,
        sum(case when {{ active_lookback }} then subscriptions.arr_usd end) as arr_usd_lookback
    from account_calendar
    left join subscriptions
        on
            account_calendar.account_id = subscriptions.account_id
            and (
                {{ active_that_day }}
                or {{ active_lookback }}
            )
    group by account_calendar.account_id, account_calendar.date_day, account_calendar.first_start_date
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
        contract_state.date_day - contract_state.first_start_date as tenure_days
    from contract_state
    inner join accounts
        on contract_state.account_id = accounts.account_id
)

select * from final
