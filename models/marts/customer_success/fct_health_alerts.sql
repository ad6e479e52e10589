{{ config(grants=bi_reader_grants()) }}
{#- One row per alert: the day an account's health changed state in a way its CSM must hear of
    (int_alert_candidates: fell below the threshold, fell sharply in 30 days, unhealthy for N days,
    a gate started to bind). A per-account, per-kind cool-down of var('alert_cooldown_days') stops
    repeats: a candidate fires only when the last alert of its kind for the account fired at least
    that many days earlier (a recursive walk over the candidates, so a suppressed candidate does
    not extend the cool-down). Each alert names the measure that moved the score most and links to
    the account's latest change-feed row within var('alert_change_lookback_days') (fct_health_score_changes). -#}
{%- set cooldown = var('alert_cooldown_days') -%}
{%- set lookback = var('alert_change_lookback_days') %}

with recursive

candidates as (
    select
        *,
        row_number() over (partition by account_id, alert_type order by alert_date) as candidate_number
    from {{ ref('int_alert_candidates') }}
),

next_candidates as (  -- for each candidate, the first later one of its kind outside its cool-down
    select
        candidates.account_id,
        candidates.alert_type,
        candidates.candidate_number,
        min(later.candidate_number) as next_candidate_number
    from candidates
    left join candidates as later
        on
            candidates.account_id = later.account_id
            and candidates.alert_type = later.alert_type
            and later.alert_date >= {{ add_days('candidates.alert_date', cooldown) }}
    group by candidates.account_id, candidates.alert_type, candidates.candidate_number
),

fired (account_id, alert_type, candidate_number) as (  -- the first candidate, then each next one
    select
        account_id,
        alert_type,
        candidate_number
    from candidates
    where candidate_number = 1
    union all
    select
        next_candidates.account_id,
        next_candidates.alert_type,
        next_candidates.next_candidate_number as candidate_number
    from fired
    inner join next_candidates
        on
            fired.account_id = next_candidates.account_id
            and fired.alert_type = next_candidates.alert_type
            and fired.candidate_number = next_candidates.candidate_number
    where next_candidates.next_candidate_number is not null
),

changes as (
    select * from {{ ref('fct_health_score_changes') }}
),

linked as (  -- each fired alert and the account's latest change-feed row before it
    select
        candidates.*,
        changes.change_id,
        changes.driver_measure,
        changes.explanation,
        row_number() over (
            partition by candidates.alert_id order by changes.change_date desc
        ) as change_recency
    from candidates
    inner join fired
        on
            candidates.account_id = fired.account_id
            and candidates.alert_type = fired.alert_type
            and candidates.candidate_number = fired.candidate_number
    left join changes
        on
            candidates.account_id = changes.account_id
            and candidates.alert_date >= changes.change_date
            and {{ subtract_days('candidates.alert_date', lookback) }} < changes.change_date
),

final as (
    select
        cast(alert_id as {{ dbt.type_string() }}) as alert_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(alert_date as date) as alert_date,
        cast(alert_type as {{ dbt.type_string() }}) as alert_type,
        cast(health_score as numeric(5, 1)) as health_score,
        cast(health_tier as {{ dbt.type_string() }}) as health_tier,
        cast(driver as {{ dbt.type_string() }}) as driver,
        cast(driver_measure as {{ dbt.type_string() }}) as driver_measure,
        cast(change_id as {{ dbt.type_string() }}) as change_id,
        cast(explanation as {{ dbt.type_string() }}) as explanation,
        cast(csm_email as {{ dbt.type_string() }}) as csm_email
    from linked
    where change_recency = 1
)

select * from final
