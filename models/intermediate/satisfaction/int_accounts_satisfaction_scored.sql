{#- Satisfaction subscore per account per day: NPS from survey answers in the lookback, each answer
    weighted by 0.5 ^ (age / half-life), and CSAT (good share of rated tickets). Null without answers
    or ratings. -#}
{%- set measures = ['nps_decayed', 'csat_good_ratio'] -%}
{%- set specs = measure_specs('satisfaction', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

nps_responses as (
    select * from {{ ref('stg_crm__nps_responses') }}
    where cast(responded_at as date) <= {{ as_of_date() }}
),

tickets_daily as (
    select * from {{ ref('int_support_tickets_daily') }}
),

nps_daily as (
    -- An answer given on day t weighs 0.5 ^ ((d - t) / half-life) on scoring day d, which is
    -- 2 ^ ((t - ref) / half-life) times a factor shared by every answer that day; so windowed sums
    -- of 2 ^ ((t - ref) / half-life) give the decayed mean exactly. ref is a fixed date (not
    -- as_of_date), so a day's score does not depend on when it was computed.
    select
        account_id,
        cast(responded_at as date) as date_day,
        sum(answer_weight) as answer_weight,
        sum(answer_weight * nps_points) as weighted_nps_points,
        count(*) as answers
    from (
        select
            account_id,
            responded_at,
            case nps_category when 'promoter' then 100 when 'detractor' then -100 else 0 end as nps_points,
            power(
                2.0,
                cast(
                    {{ days_between("cast('2000-01-01' as date)", 'cast(responded_at as date)') }}
                    as {{ type_double() }}
                )
                / {{ var('nps_half_life_days') }}
            ) as answer_weight
        from nps_responses
    ) as weighted
    group by account_id, cast(responded_at as date)
),

windowed as (
    {{ trailing_window_sums('nps_daily', [
        {'column': 'answer_weight', 'window': var('nps_lookback_days')},
        {'column': 'weighted_nps_points', 'window': var('nps_lookback_days')},
        {'column': 'answers', 'window': var('nps_lookback_days'), 'type': dbt.type_bigint()},
        {'column': 'good_ratings', 'window': var('csat_window_days'), 'facts': 'tickets_daily',
            'type': dbt.type_bigint()},
        {'column': 'bad_ratings', 'window': var('csat_window_days'), 'facts': 'tickets_daily',
            'type': dbt.type_bigint()},
    ], carry=['segment', 'is_customer']) }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.answers as nps_answers,
        windowed.good_ratings,
        windowed.bad_ratings,
        case
            when windowed.answers > 0
                then windowed.weighted_nps_points / nullif(windowed.answer_weight, 0)
        end as nps_decayed,
        {{ ratio('windowed.good_ratings', 'windowed.good_ratings + windowed.bad_ratings') }}
            as csat_good_ratio
    from windowed
    where windowed.is_customer
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
        {{ dimension_score('satisfaction', measures) }} as satisfaction_score
    from scored_measures
)

select * from final
