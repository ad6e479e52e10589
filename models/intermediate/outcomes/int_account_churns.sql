{#- One row per churn event, per the contract's definition: an account churns on the day a
    subscription ends (canceled or expired) when no other subscription of the account is active then
    or starts within the grace period after. Only churns on or before as_of_date are known. -#}

with

subscriptions as (
    select
        subscription_id,
        account_id,
        status,
        start_date,
        coalesce(
            end_date,
            case when status in ('canceled', 'expired') then cast(canceled_at as date) end
        ) as effective_end_date
    from {{ ref('stg_crm__subscriptions') }}
    where start_date <= {{ as_of_date() }}
),

endings as (
    select
        ended.account_id,
        ended.subscription_id,
        ended.effective_end_date as churn_date,
        count(continuing.subscription_id) as continuing_subscriptions
    from subscriptions as ended
    left join subscriptions as continuing
        on
            ended.account_id = continuing.account_id
            and ended.subscription_id <> continuing.subscription_id
            and continuing.start_date
            <= {{ add_days('ended.effective_end_date', var('churn_reactivation_grace_days')) }}
            and coalesce(continuing.effective_end_date, {{ as_of_date() }}) > ended.effective_end_date
    where
        ended.status in ('canceled', 'expired')
        and ended.effective_end_date <= {{ as_of_date() }}
    group by ended.account_id, ended.subscription_id, ended.effective_end_date
),

final as (
    select distinct
        account_id || ':' || cast(churn_date as {{ dbt.type_string() }}) as churn_id,
        account_id,
        churn_date
    from endings
    where continuing_subscriptions = 0
)

select * from final
