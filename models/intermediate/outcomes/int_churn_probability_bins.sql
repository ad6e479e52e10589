{#- The churn probability a health score stands for, learned from the history without looking
    ahead. For every day a probability is needed for (each backtest cutoff and as_of_date), the
    backtest examples whose horizon had ended by then (at most probability_training_days of them)
    are split by whether the contract could end within the horizon, and into probability_bins
    equal-count bins by the score's rank on its cutoff; each bin's churn rate is then made
    non-increasing in the score (isotonic regression, by its min-max formula over runs of adjacent
    bins), so a higher score never stands for a higher probability. An account takes the probability
    of its score's rank bin among the customers of its day: ranks, unlike score values, do not move
    when a new measure or feature release shifts every score at once. -#}
{%- set horizon = var('backtest_horizon_days') %}

with

examples as (
    select * from {{ ref('int_backtest_examples') }}
    where health_score is not null
),

fit_dates as (
    select distinct cutoff_date as fitted_for_date
    from examples
    union
    select {{ as_of_date() }} as fitted_for_date
),

training as (  -- per day, the examples whose horizon had ended by then
    select
        fit_dates.fitted_for_date,
        examples.in_renewal_window,
        examples.health_score,
        examples.churned,
        ntile({{ var('probability_bins') }}) over (
            partition by fit_dates.fitted_for_date, examples.cutoff_date, examples.in_renewal_window
            order by examples.health_score, examples.account_id  -- ties split the same way every run
        ) as score_bin
    from fit_dates
    inner join examples
        on
            {{ add_days('examples.cutoff_date', horizon) }} <= fit_dates.fitted_for_date
            and {{ add_days('examples.cutoff_date', horizon + var('probability_training_days')) }}
            > fit_dates.fitted_for_date
),

bins as (
    select
        fitted_for_date,
        in_renewal_window,
        score_bin,
        min(health_score) as min_score,
        max(health_score) as max_score,
        count(*) as examples,
        sum(churned) as churned_examples
    from training
    group by fitted_for_date, in_renewal_window, score_bin
),

runs as (  -- the churn rate of every run of adjacent bins, lowest bin low_bin, highest high_bin
    select
        low.fitted_for_date,
        low.in_renewal_window,
        low.score_bin as low_bin,
        high.score_bin as high_bin,
        {{ ratio('sum(middle.churned_examples)', 'sum(middle.examples)') }} as churn_rate
    from bins as low
    inner join bins as high
        on
            low.fitted_for_date = high.fitted_for_date
            and low.in_renewal_window = high.in_renewal_window
            and low.score_bin <= high.score_bin
    inner join bins as middle
        on
            low.fitted_for_date = middle.fitted_for_date
            and low.in_renewal_window = middle.in_renewal_window
            and middle.score_bin between low.score_bin and high.score_bin
    group by low.fitted_for_date, low.in_renewal_window, low.score_bin, high.score_bin
),

isotonic as (  -- non-increasing: max over runs ending at or above the bin of the min over their starts
    select
        fitted_for_date,
        in_renewal_window,
        score_bin,
        max(lowest_rate) as churn_probability
    from (
        select
            bins.fitted_for_date,
            bins.in_renewal_window,
            bins.score_bin,
            runs.high_bin,
            min(runs.churn_rate) as lowest_rate
        from bins
        inner join runs
            on
                bins.fitted_for_date = runs.fitted_for_date
                and bins.in_renewal_window = runs.in_renewal_window
                and bins.score_bin >= runs.low_bin
                and bins.score_bin <= runs.high_bin
        group by bins.fitted_for_date, bins.in_renewal_window, bins.score_bin, runs.high_bin
    ) as run_minima
    group by fitted_for_date, in_renewal_window, score_bin
),

final as (
    select
        cast(bins.fitted_for_date as {{ dbt.type_string() }})
        || ':' || case when bins.in_renewal_window then 'window' else 'later' end
        || ':' || cast(bins.score_bin as {{ dbt.type_string() }}) as probability_bin_id,
        bins.fitted_for_date,
        bins.in_renewal_window,
        bins.score_bin,
        bins.min_score,
        bins.max_score,
        bins.examples,
        bins.churned_examples,
        {{ ratio('bins.churned_examples', 'bins.examples') }} as churn_rate,
        isotonic.churn_probability
    from bins
    inner join isotonic
        on
            bins.fitted_for_date = isotonic.fitted_for_date
            and bins.in_renewal_window = isotonic.in_renewal_window
            and bins.score_bin = isotonic.score_bin
)

select * from final
