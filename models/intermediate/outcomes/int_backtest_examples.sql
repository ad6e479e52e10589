{#- One row per backtest cutoff and customer that day: the score, whether the contract could end
    within the horizon, and whether the account churned within it. Cutoffs fall every
    backtest_step_days, counted back from as_of_date less the horizon (so every cutoff's horizon
    has ended) to backtest_warmup_days after the history starts. The backtest and the churn
    probability both learn from these rows, so they see the same cutoffs and labels. -#}

with

health as (
    select * from {{ ref('int_account_health_daily') }}
),

churns as (
    select * from {{ ref('int_account_churns') }}
),

history_bounds as (
    select min(date_day) as first_day
    from health
),

cutoffs as (
    select distinct health.date_day as cutoff_date
    from health
    cross join history_bounds
    where
        health.date_day >= {{ add_days('history_bounds.first_day', var('backtest_warmup_days')) }}
        and health.date_day <= {{ subtract_days(as_of_date(), var('backtest_horizon_days')) }}
        and mod(
            {{ days_between('health.date_day', subtract_days(as_of_date(), var('backtest_horizon_days'))) }},
            {{ var('backtest_step_days') }}
        ) = 0
),

final as (
    select
        cast(cutoffs.cutoff_date as {{ dbt.type_string() }}) || ':' || health.account_id
            as backtest_example_id,
        cutoffs.cutoff_date,
        health.account_id,
        health.segment,
        health.arr_usd,
        health.health_score,
        health.health_tier,
        -- the contract ends within the horizon, or has no end date: the account can leave in it
        {{ can_leave_within_horizon('health.renewal_date', 'cutoffs.cutoff_date') }} as in_renewal_window,
        case when exists (
            select 1 from churns
            where
                churns.account_id = health.account_id
                and churns.churn_date > cutoffs.cutoff_date
                and churns.churn_date <= {{ add_days('cutoffs.cutoff_date', var('backtest_horizon_days')) }}
        ) then 1 else 0 end as churned
    from cutoffs
    inner join health
        on cutoffs.cutoff_date = health.date_day
)

select * from final
