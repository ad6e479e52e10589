{#- Relationship subscore per account per day: tenure, contract expansion or contraction (ARR now
    against ARR a lookback ago) and time left to renewal (null for open-ended monthly plans). -#}
{%- set measures = ['tenure_days', 'arr_change_ratio', 'days_to_renewal'] -%}
{%- set specs = measure_specs('relationship', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

measures as (
    select
        account_day_id,
        account_id,
        date_day,
        segment,
        arr_usd,
        arr_usd_lookback,
        renewal_date,
        tenure_days,
        arr_usd / nullif(arr_usd_lookback, 0) - 1 as arr_change_ratio,
        {{ days_between('date_day', 'renewal_date') }} as days_to_renewal
    from account_days
    where is_customer
),

{% for name in percentile_measures -%}
peer_ranks_{{ name }} as (  -- each value's rank in its segment that day
    {{ percentile_peer_ranks(name, specs[name].higher_is_better, 'measures', ['segment', 'date_day']) }}
),

{% endfor %}
scored_measures as (  -- each measure's 0-100 score, as var('health_score_measures') says
    select
        measures.*{% for name, spec in specs.items() %},
        {{ measure_score('measures.' ~ name, spec, 'peer_ranks_' ~ name) }} as {{ name }}_score{% endfor %}
    from measures
    {% for name in percentile_measures -%}
    left join peer_ranks_{{ name }}
        on
            measures.segment = peer_ranks_{{ name }}.segment
            and measures.date_day = peer_ranks_{{ name }}.date_day
            and measures.{{ name }} = peer_ranks_{{ name }}.peer_value
    {% endfor -%}
),

final as (
    select
        *,
        {{ dimension_score('relationship', measures) }} as relationship_score
    from scored_measures
)

select * from final
