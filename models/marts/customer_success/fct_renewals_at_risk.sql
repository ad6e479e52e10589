{{ config(grants=bi_reader_grants()) }}
{#- Renewals at risk: one row per account whose contract renews within
    renewal_horizon_days of as_of_date and whose tier is in var at_risk_tiers (at_risk, unhealthy).
    Group by renewal_month for ARR at risk per month. -#}

with

health as (
    select * from {{ ref('fct_account_health') }}
),

final as (
    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(renewal_date as date) as renewal_date,
        cast({{ dbt.date_trunc('month', 'renewal_date') }} as date) as renewal_month,
        cast({{ days_between('as_of_date', 'renewal_date') }} as integer) as days_to_renewal,
        cast(arr_usd as numeric(18, 2)) as arr_at_risk_usd,
        cast(health_score as numeric(5, 1)) as health_score,
        cast(health_tier as {{ dbt.type_string() }}) as health_tier,
        cast(top_risk_driver as {{ dbt.type_string() }}) as top_risk_driver,
        cast(as_of_date as date) as as_of_date
    from health
    where
        health_tier in ({{ quoted_list(var('at_risk_tiers')) }})
        and renewal_date between as_of_date and {{ add_days('as_of_date', var('renewal_horizon_days')) }}
)

select * from final
