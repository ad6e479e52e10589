{{ config(grants=bi_reader_grants()) }}
{#- Expansion candidates: one row per healthy account whose active users over the
    usage window reach expansion_min_users_per_seat of its licensed seats. -#}

with

health as (
    select * from {{ ref('fct_account_health') }}
),

usage as (
    select * from {{ ref('int_accounts_usage_scored') }}
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
        cast(usage.active_users as integer) as active_users,
        cast(usage.active_users_per_seat as double precision) as active_users_per_seat,
        cast(health.as_of_date as date) as as_of_date
    from health
    inner join usage
        on health.account_id = usage.account_id
    where
        health.health_tier = 'healthy'
        and usage.active_users_per_seat >= {{ var('expansion_min_users_per_seat') }}
)

select * from final
