-- How well the score as of a past day predicts churn in the following days. Run by hand:
--   dbt compile -s score_auc_at_cutoff --vars '{cutoff_days_before_as_of: 180, churn_horizon_days: 90}'
-- then run the compiled SQL. AUC from average ranks (ties count half): 1.0 is perfect, 0.5 is chance.
{% set cutoff_offset = var('cutoff_days_before_as_of', 180) %}
{% set horizon = var('churn_horizon_days', 90) %}

with

scoring_cutoff as (
    select {{ subtract_days(as_of_date(), cutoff_offset) }} as cutoff_date
),

scores as (
    select
        health.account_id,
        health.health_score,
        exists(
            select 1
            from {{ ref('int_account_churns') }} as churns
            where
                churns.account_id = health.account_id
                and churns.churn_date > scoring_cutoff.cutoff_date
                and churns.churn_date <= {{ add_days('scoring_cutoff.cutoff_date', horizon) }}
        ) as churned
    from {{ ref('int_account_health_daily') }} as health
    cross join scoring_cutoff
    where health.date_day = scoring_cutoff.cutoff_date
),

ranked as (
    select
        *,
        -- average rank of a low score among all scores: ties count half
        rank() over (order by health_score desc) + (count(*) over (partition by health_score) - 1) / 2.0
            as risk_rank
    from scores
)

select
    count(*) as scored_accounts,
    sum(case when churned then 1 else 0 end) as churned_accounts,
    avg(case when churned then health_score end) as mean_score_churned,
    avg(case when not churned then health_score end) as mean_score_retained,
    (
        sum(case when churned then risk_rank end)
        - sum(case when churned then 1 else 0 end) * (sum(case when churned then 1 else 0 end) + 1) / 2.0
    ) / nullif(sum(case when churned then 1 else 0 end) * sum(case when churned then 0 else 1 end), 0)
        as auc
from ranked
