{{ config(grants=bi_reader_grants()) }}

{#- The current health score: one row per account that is a customer on as_of_date (the as_of_date
    slice of int_account_health_daily), with the churn probability its score stood for in the history
    before as_of_date (int_churn_probabilities) and the ARR that probability puts at risk. Parent
    accounts' rollups are in fct_parent_account_health. -#}
{%- set dimensions = health_dimensions() -%}

with

health as (
    select * from {{ ref('int_account_health_daily') }}
    where date_day = {{ as_of_date() }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

parent_links as (
    select * from {{ ref('int_account_parent_links') }}
    where link_status = 'valid'
),

trends as (
    select * from {{ ref('int_account_health_trends') }}
    where date_day = {{ as_of_date() }}
),

probabilities as (  -- fitted for as_of_date on the history before it
    select * from {{ ref('int_churn_probabilities') }}
    where date_day = {{ as_of_date() }}
),

final as (
    select
        cast(health.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.segment as {{ dbt.type_string() }}) as segment,
        cast(accounts.region as {{ dbt.type_string() }}) as region,
        cast(accounts.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(parent_links.parent_account_id as {{ dbt.type_string() }}) as parent_account_id,
        cast(health.arr_usd as numeric(18, 2)) as arr_usd,
        cast(health.renewal_date as date) as renewal_date,
        {%- for dimension in dimensions %}
        cast(health.{{ dimension }}_score as numeric(5, 2)) as {{ dimension }}_score,
        cast(health.{{ dimension }}_points as numeric(5, 2)) as {{ dimension }}_points,
        {%- endfor %}
        cast(health.health_score as numeric(5, 1)) as health_score,
        cast(health.health_tier as {{ dbt.type_string() }}) as health_tier,
        cast(health.health_tier_rank as integer) as health_tier_rank,
        cast(health.health_color as {{ dbt.type_string() }}) as health_color,
        cast(health.health_color_hex as {{ dbt.type_string() }}) as health_color_hex,
        cast(health.coverage_ratio as numeric(5, 4)) as coverage_ratio,
        cast(health.is_low_coverage as boolean) as is_low_coverage,
        cast(health.top_risk_driver as {{ dbt.type_string() }}) as top_risk_driver,
        cast(health.gate_fired as {{ dbt.type_string() }}) as gate_fired,
        cast(probabilities.churn_probability as numeric(5, 4)) as churn_probability,
        cast({{ var('backtest_horizon_days') }} as integer) as churn_horizon_days,
        cast(health.arr_usd * probabilities.churn_probability as numeric(18, 2)) as arr_at_risk_usd,
        cast(trends.health_score_change_7d as numeric(5, 1)) as health_score_change_7d,
        cast(trends.health_score_change_30d as numeric(5, 1)) as health_score_change_30d,
        cast(trends.health_score_change_90d as numeric(5, 1)) as health_score_change_90d,
        cast(trends.days_in_current_tier as integer) as days_in_current_tier,
        cast(trends.previous_tier as {{ dbt.type_string() }}) as previous_tier,
        cast(trends.top_mover_dimension_30d as {{ dbt.type_string() }}) as top_mover_dimension_30d,
        {{ as_of_date() }} as as_of_date,
        cast(health.score_config_version as {{ dbt.type_string() }}) as score_config_version
    from health
    left join accounts
        on health.account_id = accounts.account_id
    left join parent_links
        on health.account_id = parent_links.account_id
    left join trends
        on health.account_id = trends.account_id
    left join probabilities
        on health.account_id = probabilities.account_id
)

select * from final
