{#- The churn probability of each customer on each day one is fitted for (every backtest cutoff and
    as_of_date): its score's rank bin among that day's customers whose contract can (or cannot) end
    within the horizon, and that bin's probability in int_churn_probability_bins. The one mapping
    from score to probability: fct_account_health reads its as_of_date rows, fct_health_backtest the
    cutoffs'. -#}

with

probability_bins as (
    select * from {{ ref('int_churn_probability_bins') }}
),

fit_dates as (
    select distinct fitted_for_date
    from probability_bins
),

health as (
    select
        health.account_id,
        health.date_day,
        health.health_score,
        {{ can_leave_within_horizon('health.renewal_date', 'health.date_day') }} as in_renewal_window
    from {{ ref('int_account_health_daily') }} as health
    inner join fit_dates
        on health.date_day = fit_dates.fitted_for_date
    where health.health_score is not null
),

ranked as (  -- rank bins as the fit made them; ties split by account id, the same every run
    select
        *,
        ntile({{ var('probability_bins') }}) over (
            partition by date_day, in_renewal_window
            order by health_score, account_id
        ) as score_bin
    from health
),

final as (
    select
        cast(ranked.date_day as {{ dbt.type_string() }}) || ':' || ranked.account_id as churn_probability_id,
        ranked.account_id,
        ranked.date_day,
        ranked.in_renewal_window,
        ranked.score_bin,
        probability_bins.churn_probability
    from ranked
    inner join probability_bins
        on
            ranked.date_day = probability_bins.fitted_for_date
            and ranked.in_renewal_window = probability_bins.in_renewal_window
            and ranked.score_bin = probability_bins.score_bin
)

select * from final
