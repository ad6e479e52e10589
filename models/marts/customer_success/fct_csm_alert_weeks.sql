{{ config(grants=bi_reader_grants()) }}
{#- Alert load: one row per CSM and week of the scored history (weeks without alerts included, so a
    median week means something), with the alerts and accounts alerted that week and whether it went
    over var('alert_budget_per_csm_week'). Weeks start on Monday. -#}

with

alerts as (
    select
        *,
        cast({{ dbt.date_trunc('week', 'alert_date') }} as date) as week_start
    from {{ ref('fct_health_alerts') }}
),

weeks as (
    select distinct cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start
    from {{ ref('int_account_health_daily') }}
),

csms as (
    select distinct csm_email
    from {{ ref('stg_crm__accounts') }}
    where csm_email is not null
    union
    select distinct csm_email
    from alerts
    where csm_email is not null
),

weekly as (
    select
        csm_email,
        week_start,
        count(*) as alerts,
        count(distinct account_id) as alerted_accounts
    from alerts
    group by csm_email, week_start
),

final as (
    select
        cast(
            {{ dbt.concat(["csms.csm_email", "':'", "cast(weeks.week_start as " ~ dbt.type_string() ~ ")"]) }}
            as {{ dbt.type_string() }}
        ) as csm_alert_week_id,
        cast(csms.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(weeks.week_start as date) as week_start,
        cast(coalesce(weekly.alerts, 0) as integer) as alerts,
        cast(coalesce(weekly.alerted_accounts, 0) as integer) as alerted_accounts,
        cast(coalesce(weekly.alerts, 0) > {{ var('alert_budget_per_csm_week') }} as boolean) as is_over_budget
    from csms
    cross join weeks
    left join weekly
        on
            csms.csm_email = weekly.csm_email
            and weeks.week_start = weekly.week_start
)

select * from final
