{{ config(grants=bi_reader_grants()) }}

{#- The current health score: one row per active account as of as_of_date (the as_of_date slice of
    int_account_health_daily), plus one ARR-weighted rollup row per parent account. -#}
{%- set dimensions = health_dimensions() -%}

with

health as (
    select * from {{ ref('int_account_health_daily') }}
    where date_day = {{ as_of_date() }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

trends as (
    select * from {{ ref('int_account_health_trends') }}
    where date_day = {{ as_of_date() }}
),

bands as (
    select * from {{ ref('health_score_bands') }}
),

account_rows as (
    select
        health.account_id,
        false as is_rollup,
        1 as rollup_account_count,
        health.arr_usd,
        health.renewal_date,
        {%- for dimension in dimensions %}
        health.{{ dimension }}_score,
        health.{{ dimension }}_points,
        {%- endfor %}
        health.health_score,
        health.health_tier,
        health.coverage_ratio,
        health.top_risk_driver,
        health.gate_fired,
        health.score_config_version
    from health
),

parent_accounts as (
    select distinct parent_account_id
    from accounts
    where parent_account_id is not null
),

rollup_members as (  -- a parent's rollup covers the parent itself and its direct children
    select
        accounts.parent_account_id as rollup_account_id,
        health.*
    from health
    inner join accounts
        on health.account_id = accounts.account_id
    where accounts.parent_account_id is not null
    union all
    select
        health.account_id as rollup_account_id,
        health.*
    from health
    inner join parent_accounts
        on health.account_id = parent_accounts.parent_account_id
),

rollup_weighted as (
    select
        rollup_account_id as account_id,
        count(*) as rollup_account_count,
        sum(arr_usd) as arr_usd,
        min(renewal_date) as renewal_date,
        {%- for dimension in dimensions %}
        {{ clamp_score(
            'sum(arr_usd * ' ~ dimension ~ '_score) / nullif(sum(case when ' ~ dimension
            ~ '_score is not null then arr_usd else 0 end), 0)'
        ) }} as {{ dimension }}_score,
        sum(arr_usd * {{ dimension }}_points) / nullif(sum(arr_usd), 0) as {{ dimension }}_points,
        sum(arr_usd * {{ dimension }}_points_lost) / nullif(sum(arr_usd), 0) as {{ dimension }}_points_lost,
        {%- endfor %}
        round(
            cast(
                {{ clamp_score('sum(arr_usd * health_score) / nullif(sum(arr_usd), 0)') }}
                as {{ dbt.type_numeric() }}
            ),
            1
        ) as health_score,
        sum(arr_usd * coverage_ratio) / nullif(sum(arr_usd), 0) as coverage_ratio,
        max(score_config_version) as score_config_version
    from rollup_members
    group by rollup_account_id
),

rollup_rows as (
    select
        rollup_weighted.account_id,
        true as is_rollup,
        rollup_weighted.rollup_account_count,
        rollup_weighted.arr_usd,
        rollup_weighted.renewal_date,
        {%- for dimension in dimensions %}
        rollup_weighted.{{ dimension }}_score,
        rollup_weighted.{{ dimension }}_points,
        {%- endfor %}
        rollup_weighted.health_score,
        bands.tier as health_tier,
        rollup_weighted.coverage_ratio,
        {{ top_risk_driver('rollup_weighted') }} as top_risk_driver,
        cast(null as {{ dbt.type_string() }}) as gate_fired,
        rollup_weighted.score_config_version
    from rollup_weighted
    left join bands
        on {{ in_band('rollup_weighted.health_score') }}
),

unioned as (
    select * from account_rows
    union all
    select * from rollup_rows
),

final as (
    select
        cast(
            unioned.account_id
            || case when unioned.is_rollup then ':rollup' else '' end as {{ dbt.type_string() }}
        )
            as account_health_id,
        cast(unioned.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.segment as {{ dbt.type_string() }}) as segment,
        cast(accounts.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(accounts.parent_account_id as {{ dbt.type_string() }}) as parent_account_id,
        cast(unioned.is_rollup as boolean) as is_rollup,
        cast(unioned.rollup_account_count as integer) as rollup_account_count,
        cast(unioned.arr_usd as numeric(18, 2)) as arr_usd,
        cast(unioned.renewal_date as date) as renewal_date,
        {%- for dimension in dimensions %}
        cast(unioned.{{ dimension }}_score as numeric(5, 2)) as {{ dimension }}_score,
        cast(unioned.{{ dimension }}_points as numeric(5, 2)) as {{ dimension }}_points,
        {%- endfor %}
        cast(unioned.health_score as numeric(5, 1)) as health_score,
        cast(unioned.health_tier as {{ dbt.type_string() }}) as health_tier,
        cast(bands.color_name as {{ dbt.type_string() }}) as health_color,
        cast(bands.color_hex as {{ dbt.type_string() }}) as health_color_hex,
        cast(unioned.coverage_ratio as numeric(5, 4)) as coverage_ratio,
        cast(unioned.top_risk_driver as {{ dbt.type_string() }}) as top_risk_driver,
        cast(unioned.gate_fired as {{ dbt.type_string() }}) as gate_fired,
        cast(trends.health_score_change_7d as numeric(5, 1)) as health_score_change_7d,
        cast(trends.health_score_change_30d as numeric(5, 1)) as health_score_change_30d,
        cast(trends.health_score_change_90d as numeric(5, 1)) as health_score_change_90d,
        cast(trends.days_in_current_tier as integer) as days_in_current_tier,
        cast(trends.previous_tier as {{ dbt.type_string() }}) as previous_tier,
        cast(trends.top_mover_dimension_30d as {{ dbt.type_string() }}) as top_mover_dimension_30d,
        {{ as_of_date() }} as as_of_date,
        cast(unioned.score_config_version as {{ dbt.type_string() }}) as score_config_version
    from unioned
    left join accounts
        on unioned.account_id = accounts.account_id
    left join bands
        on unioned.health_tier = bands.tier
    left join trends
        on
            unioned.account_id = trends.account_id
            and not unioned.is_rollup
)

select * from final
