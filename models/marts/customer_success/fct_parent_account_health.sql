{{ config(grants=bi_reader_grants()) }}

{#- Parent-account rollups: one row per account with descendants, over its whole tree at any depth
    (int_account_hierarchy) as of as_of_date. Each account's ARR counts once; the score is the
    ARR-weighted mean of the tree's scored accounts (the plain mean when none has ARR), banded like
    any score; the worst child is the lowest-scoring descendant. -#}

with

tree as (
    select * from {{ ref('int_account_hierarchy') }}
),

health as (
    select * from {{ ref('int_account_health_daily') }}
    where date_day = {{ as_of_date() }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

bands as (
    select
        *,
        {{ band_rank() }} as tier_rank
    from {{ ref('health_score_bands') }}
),

members as (  -- each scored account of each tree, once
    select
        tree.ancestor_account_id,
        tree.tree_level,
        health.account_id,
        health.arr_usd,
        health.health_score,
        health.health_tier,
        health.coverage_ratio,
        health.score_config_version
    from tree
    inner join health
        on tree.account_id = health.account_id
),

rolled_up as (
    select
        ancestor_account_id,
        count(*) as rollup_account_count,
        max(tree_level) as tree_depth,
        sum(arr_usd) as arr_usd,
        coalesce(
            sum(case when health_score is not null then arr_usd * health_score end)
            / nullif(sum(case when health_score is not null then arr_usd end), 0),
            avg(health_score)
        ) as weighted_score,
        sum(arr_usd * coverage_ratio) / nullif(sum(arr_usd), 0) as coverage_ratio,
        max(score_config_version) as score_config_version
    from members
    group by ancestor_account_id
),

worst_children as (  -- the lowest-scoring descendant; the lowest account id on ties
    select
        ancestor_account_id,
        account_id,
        health_score,
        health_tier
    from (
        select
            *,
            row_number() over (
                partition by ancestor_account_id
                order by health_score, account_id
            ) as score_rank
        from members
        where tree_level > 0 and health_score is not null
    ) as ranked
    where score_rank = 1
),

scored as (
    select
        rolled_up.*,
        round(cast({{ clamp_score('rolled_up.weighted_score') }} as {{ dbt.type_numeric() }}), 1)
            as health_score
    from rolled_up
),

final as (
    select
        cast(scored.ancestor_account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.segment as {{ dbt.type_string() }}) as segment,
        cast(accounts.csm_email as {{ dbt.type_string() }}) as csm_email,
        cast(scored.rollup_account_count as integer) as rollup_account_count,
        cast(scored.tree_depth as integer) as tree_depth,
        cast(scored.arr_usd as numeric(18, 2)) as arr_usd,
        cast(scored.health_score as numeric(5, 1)) as health_score,
        cast(bands.tier as {{ dbt.type_string() }}) as health_tier,
        cast(bands.tier_rank as integer) as health_tier_rank,
        cast(bands.color_name as {{ dbt.type_string() }}) as health_color,
        cast(bands.color_hex as {{ dbt.type_string() }}) as health_color_hex,
        cast(scored.coverage_ratio as numeric(5, 4)) as coverage_ratio,
        cast(worst_children.account_id as {{ dbt.type_string() }}) as worst_child_account_id,
        cast(worst_children.health_score as numeric(5, 1)) as worst_child_health_score,
        cast(worst_children.health_tier as {{ dbt.type_string() }}) as worst_child_health_tier,
        {{ as_of_date() }} as as_of_date,
        cast(scored.score_config_version as {{ dbt.type_string() }}) as score_config_version
    from scored
    left join accounts
        on scored.ancestor_account_id = accounts.account_id
    left join bands
        on {{ in_band('scored.health_score') }}
    left join worst_children
        on scored.ancestor_account_id = worst_children.ancestor_account_id
)

select * from final
