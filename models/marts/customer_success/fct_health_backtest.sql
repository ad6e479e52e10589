{{ config(grants=bi_reader_grants()) }}
{#- Does the score predict churn? For cutoffs every backtest_step_days over the history, the score
    of every customer on the cutoff day against churn in the following backtest_horizon_days. With
    var('backtest_population') `renewal_window` (default) only the customers who could leave within
    the horizon count: those whose contract ends in it or who have no end date (monthly plans), so
    the AUC measures who leaves among those who can, not when contracts end.
    One row per cutoff and group: `overall` (with AUC, worst-decile lift and at-risk precision),
    each `tier`, and each score `decile` (1 = lowest scores). AUC comes from average ranks, so ties
    count half. Only cutoffs whose whole horizon lies before as_of_date are scored
    (int_backtest_examples). Each row also holds the mean churn probability that
    int_churn_probabilities, fitted only on earlier cutoffs whose horizon had ended, gave its
    accounts, beside the churn rate they showed: per decile, that is the calibration table; overall
    rows add the Brier score. -#}

with

examples as (
    select * from {{ ref('int_backtest_examples') }}
    {%- if var('backtest_population') == 'renewal_window' %}
    where in_renewal_window
    {%- endif %}
),

probabilities as (  -- each cutoff's probabilities, fitted on earlier cutoffs only
    select * from {{ ref('int_churn_probabilities') }}
),

scored as (
    select
        examples.cutoff_date,
        examples.account_id,
        examples.health_score,
        examples.health_tier,
        examples.churned,
        probabilities.churn_probability
    from examples
    left join probabilities
        on
            examples.cutoff_date = probabilities.date_day
            and examples.account_id = probabilities.account_id
),

ranked as (
    select
        *,
        -- rank 1 = lowest score (highest risk); tied scores share their average rank
        rank() over (partition by cutoff_date order by health_score asc)
        + (count(*) over (partition by cutoff_date, health_score) - 1) / 2.0 as risk_rank,
        ntile(10) over (partition by cutoff_date order by health_score asc, account_id asc) as score_decile
    from scored
),

overall as (
    select
        cutoff_date,
        count(*) as scored_accounts,
        sum(churned) as churned_accounts,
        sum(case when churned = 1 then risk_rank end) as churned_rank_sum,
        avg(churn_probability) as mean_churn_probability,
        -- Brier score: mean squared gap between the probability and what happened
        avg((churn_probability - churned) * (churn_probability - churned)) as brier_score
    from ranked
    group by cutoff_date
),

worst_decile as (
    select
        cutoff_date,
        avg(cast(churned as {{ type_double() }})) as churn_rate
    from ranked
    where score_decile = 1
    group by cutoff_date
),

flagged as (
    select
        cutoff_date,
        avg(cast(churned as {{ type_double() }})) as precision_ratio
    from ranked
    where health_tier in ({{ quoted_list(var('at_risk_tiers')) }})
    group by cutoff_date
),

overall_rows as (
    select
        overall.cutoff_date,
        'overall' as metric_group,
        'all' as group_value,
        overall.scored_accounts,
        overall.churned_accounts,
        {{ ratio('overall.churned_accounts', 'overall.scored_accounts') }} as churn_rate,
        -- AUC of "low score means churn": 1 - (Mann-Whitney U of churned ranks) / (n1 * n0)
        1 - (overall.churned_rank_sum - overall.churned_accounts * (overall.churned_accounts + 1) / 2.0)
        / nullif(
            cast(overall.churned_accounts as {{ type_double() }})
            * (overall.scored_accounts - overall.churned_accounts),
            0
        )
            as auc,
        worst_decile.churn_rate
        / nullif({{ ratio('overall.churned_accounts', 'overall.scored_accounts') }}, 0)
            as worst_decile_lift,
        flagged.precision_ratio as at_risk_precision,
        overall.mean_churn_probability,
        overall.brier_score
    from overall
    left join worst_decile
        on overall.cutoff_date = worst_decile.cutoff_date
    left join flagged
        on overall.cutoff_date = flagged.cutoff_date
),

group_rows as (
    select
        cutoff_date,
        'tier' as metric_group,
        health_tier as group_value,
        count(*) as scored_accounts,
        sum(churned) as churned_accounts,
        avg(churn_probability) as mean_churn_probability
    from ranked
    group by cutoff_date, health_tier
    union all
    select
        cutoff_date,
        'decile' as metric_group,
        cast(score_decile as {{ dbt.type_string() }}) as group_value,
        count(*) as scored_accounts,
        sum(churned) as churned_accounts,
        avg(churn_probability) as mean_churn_probability
    from ranked
    group by cutoff_date, score_decile
),

unioned as (
    select * from overall_rows
    union all
    select
        cutoff_date,
        metric_group,
        group_value,
        scored_accounts,
        churned_accounts,
        {{ ratio('churned_accounts', 'scored_accounts') }} as churn_rate,
        cast(null as {{ type_double() }}) as auc,
        cast(null as {{ type_double() }}) as worst_decile_lift,
        cast(null as {{ type_double() }}) as at_risk_precision,
        mean_churn_probability,
        cast(null as {{ type_double() }}) as brier_score
    from group_rows
),

final as (
    select
        cast(
            cast(cutoff_date as {{ dbt.type_string() }}) || ':' || metric_group || ':' || group_value
            as {{ dbt.type_string() }}
        ) as backtest_row_id,
        cast(cutoff_date as date) as cutoff_date,
        cast(metric_group as {{ dbt.type_string() }}) as metric_group,
        cast(group_value as {{ dbt.type_string() }}) as group_value,
        cast(scored_accounts as integer) as scored_accounts,
        cast(churned_accounts as integer) as churned_accounts,
        cast(churn_rate as double precision) as churn_rate,
        cast(auc as double precision) as auc,
        cast(worst_decile_lift as double precision) as worst_decile_lift,
        cast(at_risk_precision as double precision) as at_risk_precision,
        cast(mean_churn_probability as double precision) as mean_churn_probability,
        cast(brier_score as double precision) as brier_score,
        {{ var('backtest_horizon_days') }} as horizon_days,
        cast('{{ var('backtest_population') }}' as {{ dbt.type_string() }}) as backtest_population
    from unioned
)

select * from final
