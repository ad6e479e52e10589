{{ config(
    post_hook="{{ build_remaining_day_ranges() }}",
) }}
{#- The health score: one row per account per customer day. Dimension scores are combined with the
    segment's weights (the `default` segment where a segment has none); dimensions without data drop
    out and the remaining weights are re-normalised (coverage_ratio says how much weight had data).
    Hard gates then cap the score, and the tier comes from the bands seed or from daily quantiles.
    A score whose coverage is below var('min_coverage_ratio') is kept and flagged (is_low_coverage).
    fct_account_health is this model's as_of_date slice; history, trends and backtests read it too. -#}
{%- set dimensions = health_dimensions() -%}
{%- set gates = var('health_score_gates') -%}
{#- Seven account x day inputs joined in one statement outgrow memory at 100,000 accounts, so the days
    are built in ranges of half var('build_range_rows') customer-days, one statement each (day_ranges):
    at 100,000 accounts with a 4GB cap, 15 ranges took 509.5 s and 8 ranges of twice the rows 537.5 s
    in the same hour; a range of 7.9 M rows spilled 3.4 GB, one of 3.9 M rows 0.2 GB. -#}
{%- set ranges = day_ranges(rows=var('build_range_rows') // 2) %}
{{ day_ranges_comment(ranges) }}

with

account_days as (
    select * from {{ ref('int_account_days') }}
    where
        is_customer
        {{ day_range_filter(ranges, keyword='and') }}
),

{% for dimension in dimensions %}
{{ dimension }}_scores as (
    select
        account_id,
        date_day,
        {%- for gate in gates if gate.dimension == dimension %}
        {{ gate.measure }} as {{ gate.name }}_value,
        {%- endfor %}
        {{ dimension }}_score
    from {{ ref('int_accounts_' ~ dimension ~ '_scored') }}
    {{ day_range_filter(ranges) }}
),

{% endfor %}
config as (
    select * from {{ ref('int_health_score_config') }}
),

bands as (
    select
        *,
        {{ band_rank() }} as tier_rank
    from {{ ref('health_score_bands') }}
),

default_config as (
    select * from config
    where segment = 'default'
),

gate_caps as (  -- a gate caps the score just under the top of its tier (scores have one decimal)
    select
        {%- for gate in gates %}
        max(case when tier = '{{ gate.cap_tier }}' then max_score - 0.1 end) as {{ gate.name }}_cap,
        {%- endfor %}
        count(*) as band_count
    from bands
),

joined as (
    select
        account_days.account_day_id,
        account_days.account_id,
        account_days.date_day,
        account_days.segment,
        account_days.arr_usd,
        account_days.seats,
        account_days.renewal_date,
        {%- for dimension in dimensions %}
        {{ dimension }}_scores.{{ dimension }}_score,
        case
            when segment_config.segment is not null then segment_config.{{ dimension }}_weight
            else default_config.{{ dimension }}_weight
        end as {{ dimension }}_weight,
        {%- endfor %}
        {%- for gate in gates %}
        {{ gate.dimension }}_scores.{{ gate.name }}_value,
        {%- endfor %}
        default_config.score_config_version
    from account_days
    {% for dimension in dimensions %}
    left join {{ dimension }}_scores
        on
            account_days.account_id = {{ dimension }}_scores.account_id
            and account_days.date_day = {{ dimension }}_scores.date_day
    {% endfor %}
    left join config as segment_config
        on account_days.segment = segment_config.segment
    cross join default_config
),

covered as {{ materialized_cte() }} (
    select
        *,
        cast(
            0
            {%- for dimension in dimensions %}
            + case when {{ dimension }}_score is not null then {{ dimension }}_weight else 0 end
            {%- endfor %}
            as decimal(9, 6)  -- the weights' type: at most 1, as the weights sum to 1
        ) as coverage_ratio
    from joined
),

pointed as (
    select
        *,
        {%- for dimension in dimensions %}
        case
            when coverage_ratio > 0
                then {{ dimension }}_weight * {{ dimension }}_score / coverage_ratio
        end as {{ dimension }}_points,
        case
            when coverage_ratio > 0
                then {{ dimension }}_weight * (100 - {{ dimension }}_score) / coverage_ratio
        end as {{ dimension }}_points_lost,
        {%- endfor %}
        case
            when coverage_ratio > 0
                then least(100.0, (
                    0
                    {%- for dimension in dimensions %}
                    + coalesce({{ dimension }}_weight * {{ dimension }}_score, 0)
                    {%- endfor %}
                ) / coverage_ratio)
        end as weighted_score
    from covered
),

binding_gates as (  -- of the gates whose condition holds, the one with the lowest cap (first on ties)
    select
        pointed.*,
        case
            {%- for gate in gates %}
            when
                pointed.{{ gate.name }}_value >= {{ gate.at_least }}
                {% for other in gates if other.name != gate.name -%}
                and (
                    not coalesce(pointed.{{ other.name }}_value >= {{ other.at_least }}, false)
                    or gate_caps.{{ gate.name }}_cap <= gate_caps.{{ other.name }}_cap
                )
                {% endfor -%}
                then '{{ gate.name }}'
            {%- endfor %}
            when 1 = 0 then cast(null as {{ dbt.type_string() }})
        end as binding_gate
    from pointed
    cross join gate_caps
),

gated as {{ materialized_cte() }} (
    select
        binding_gates.*,
        case
            {%- for gate in gates %}
            when binding_gates.binding_gate = '{{ gate.name }}' then gate_caps.{{ gate.name }}_cap
            {%- endfor %}
            when 1 = 0 then cast(null as {{ type_double() }})
        end as gate_cap_score,
        case
            {%- for gate in gates %}
            when binding_gates.binding_gate = '{{ gate.name }}' then '{{ gate.cap_tier }}'
            {%- endfor %}
            when 1 = 0 then cast(null as {{ dbt.type_string() }})
        end as gate_cap_tier
    from binding_gates
    cross join gate_caps
),

scored as (
    select
        *,
        round(cast(weighted_score as {{ dbt.type_numeric() }}), 1) as ungated_score,
        round(cast(
            case
                when gate_cap_score is not null and weighted_score > gate_cap_score then gate_cap_score
                else weighted_score
            end as {{ dbt.type_numeric() }}
        ), 1) as health_score,
        {{ top_risk_driver() }} as top_risk_driver
    from gated
),

{% if var('health_tiering') == 'quantiles' %}
quantiled as (
    select
        *,
        case
            when health_score is null then null
            when health_percentile >= 1 - {{ var('quantile_healthy_share') }} then 'healthy'
            when health_percentile < {{ var('quantile_unhealthy_share') }} then 'unhealthy'
            else 'at_risk'
        end as quantile_tier
    from (
        select
            *,
            percent_rank() over (
                partition by date_day, case when health_score is null then 1 else 0 end
                order by health_score
            ) as health_percentile
        from scored
    ) as ranked
),

tiered as (  -- a gate moves the tier down to its cap tier, never up
    select
        quantiled.*,
        case
            when cap_bands.tier_rank > quantile_bands.tier_rank then quantiled.gate_cap_tier
            else quantiled.quantile_tier
        end as health_tier,
        coalesce(cap_bands.tier_rank > quantile_bands.tier_rank, false) as gate_lowered_tier
    from quantiled
    left join bands as quantile_bands
        on quantiled.quantile_tier = quantile_bands.tier
    left join bands as cap_bands
        on quantiled.gate_cap_tier = cap_bands.tier
),
{% else %}
tiered as (
    select
        scored.*,
        bands.tier as health_tier,
        false as gate_lowered_tier
    from scored
    left join bands
        on {{ in_band('scored.health_score') }}
),
{% endif %}

final as (
    select
        tiered.account_day_id,
        tiered.account_id,
        tiered.date_day,
        tiered.segment,
        tiered.arr_usd,
        tiered.seats,
        tiered.renewal_date,
        {%- for dimension in dimensions %}
        tiered.{{ dimension }}_score,
        tiered.{{ dimension }}_weight,
        tiered.{{ dimension }}_points,
        tiered.{{ dimension }}_points_lost,
        {%- endfor %}
        tiered.coverage_ratio,
        tiered.coverage_ratio < {{ var('min_coverage_ratio') }} as is_low_coverage,
        tiered.weighted_score,
        case  -- the gate that capped the score or lowered the tier; null when it changed neither
            when tiered.ungated_score > tiered.gate_cap_score or tiered.gate_lowered_tier
                then tiered.binding_gate
        end as gate_fired,
        tiered.health_score,
        tiered.health_tier,
        bands.tier_rank as health_tier_rank,
        bands.color_name as health_color,
        bands.color_hex as health_color_hex,
        tiered.top_risk_driver,
        tiered.score_config_version
    from tiered
    left join bands
        on tiered.health_tier = bands.tier
)

select * from final
