{{ config(grants=bi_reader_grants()) }}
{#- Advocates: one row per healthy account whose time-decayed NPS is at least
    advocate_min_nps and no gate fired: candidates for reviews, references and case studies. -#}

with

health as (
    select * from {{ ref('fct_account_health') }}
),

satisfaction as (
    select * from {{ ref('int_accounts_satisfaction_scored') }}
    where date_day = {{ as_of_date() }}
),

final as (
    select
        cast(health.account_id as {{ dbt.type_string() }}) as account_id,
        cast(health.account_name as {{ dbt.type_string() }}) as account_name,
        cast(health.segment as {{ dbt.type_string() }}) as segment,
        cast(health.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(health.arr_usd as numeric(18, 2)) as arr_usd,
        cast(health.health_score as numeric(5, 1)) as health_score,
        cast(satisfaction.nps_decayed as double precision) as nps_decayed,
        cast(satisfaction.nps_answers as integer) as nps_answers,
        cast(health.as_of_date as date) as as_of_date
    from health
    inner join satisfaction
        on health.account_id = satisfaction.account_id
    where
        health.health_tier = 'healthy'
        and health.gate_fired is null
        and satisfaction.nps_decayed >= {{ var('advocate_min_nps') }}
)

select * from final
