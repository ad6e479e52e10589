{#- Usage subscore per account per day: how much the account uses the product over the trailing
    usage window. Usage is known from the first day the product source saw any activity: from then
    on an account without activity has zero usage, before it the usage measures are null. -#}
{%- set measures = ['active_days_ratio', 'active_users_per_seat', 'events_per_active_user',
                    'days_since_last_activity', 'recency_vs_cadence', 'usage_trend_ratio'] -%}
{%- set specs = measure_specs('usage', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}
{%- set window = var('usage_window_days') -%}
{%- set cadence_window = var('cadence_window_days') -%}
{%- set recent_half_life = var('usage_trend_half_life_days') -%}
{%- set baseline_half_life = var('usage_baseline_half_life_days') -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

usage_daily as (
    select * from {{ ref('int_product_usage_daily') }}
),

user_days as (  -- on a refresh, activity from one window back is enough for exact counts
    select * from {{ ref('int_product_user_days') }}
    {{- incremental_days_filter(lookback_days=window) }}
),

user_coverage as (
    {{ distinct_coverage_deltas('user_days', 'user_id', window) }}
),

tracking as (  -- the first day any account was active: product usage is known from that day on
    select min(date_day) as first_day
    from usage_daily
    where active_days > 0
),

active_dates as (  -- each active day, as the last active date from that day on
    select
        account_id,
        date_day,
        date_day as last_active_date
    from usage_daily
    where active_days > 0
),

rhythm_facts as (  -- the same daily facts under the name of the cadence window
    select
        account_id,
        date_day,
        active_days as cadence_active_days
    from usage_daily
),

decaying_facts as (  -- each day's events weighed by its age on as_of_date, per half-life
    select
        account_id,
        date_day,
        meaningful_events * {{ half_life_weight(days_between('date_day', as_of_date()), recent_half_life) }}
            as recent_decayed_events,
        meaningful_events * {{ half_life_weight(days_between('date_day', as_of_date()), baseline_half_life) }}
            as baseline_decayed_events
    from usage_daily
),

windowed as (
    {{ trailing_window_sums('usage_daily', [
        {'column': 'meaningful_events', 'window': window},
        {'column': 'active_days', 'window': window},
        {'column': 'cadence_active_days', 'window': cadence_window, 'facts': 'rhythm_facts'},
        {'column': 'recent_decayed_events', 'window': none, 'facts': 'decaying_facts', 'type': type_double()},
        {'column': 'baseline_decayed_events', 'window': none, 'facts': 'decaying_facts', 'type': type_double()},
        {'column': 'active_entities', 'window': none, 'facts': 'user_coverage'},
        {'column': 'last_active_date', 'window': none, 'aggregate': 'max', 'type': 'date',
            'facts': 'active_dates'},
    ], carry=['segment', 'seats', 'tenure_days', 'is_customer'], sum_type=dbt.type_bigint()) }}
),

rhythm as (  -- the account's own rhythm: its typical gap between active days, and its trend
    select
        *,
        -- over the cadence window, or the account's days as a customer when they are fewer
        cast(least({{ cadence_window }}, tenure_days + 1) as {{ type_double() }})
        / nullif(cadence_active_days, 0) as typical_gap_days,
        -- time-decayed events per day: a running sum of events weighed on as_of_date, moved to this
        -- day, times the share of a steady day's pace that one day holds (1 - 0.5^(1 / half-life))
        recent_decayed_events
        / {{ half_life_weight(days_between('date_day', as_of_date()), recent_half_life) }}
        * (1 - {{ half_life_weight('1', recent_half_life) }}) as recent_events_per_day,
        baseline_decayed_events
        / {{ half_life_weight(days_between('date_day', as_of_date()), baseline_half_life) }}
        * (1 - {{ half_life_weight('1', baseline_half_life) }}) as baseline_events_per_day,
        {{ days_between('last_active_date', 'date_day') }} as days_since_last_active_day
    from windowed
),

measures as (
    select
        {{ account_day_id('rhythm.account_id', 'rhythm.date_day') }} as account_day_id,
        rhythm.account_id,
        rhythm.date_day,
        rhythm.segment,
        rhythm.active_days,
        rhythm.active_entities as active_users,
        rhythm.meaningful_events,
        rhythm.last_active_date,
        case
            when rhythm.date_day >= tracking.first_day
                then cast(rhythm.active_days as {{ type_double() }}) / {{ window }}
        end as active_days_ratio,
        case
            when rhythm.date_day >= tracking.first_day
                then {{ ratio('rhythm.active_entities', 'rhythm.seats') }}
        end as active_users_per_seat,
        {{ ratio('rhythm.meaningful_events', 'rhythm.active_entities') }}
            as events_per_active_user,
        case  -- never active: the days the account could have been, as a customer while tracked
            when rhythm.date_day >= tracking.first_day
                then least(
                    coalesce(
                        {{ days_between('rhythm.last_active_date', 'rhythm.date_day') }},
                        least(
                            rhythm.tenure_days,
                            {{ days_between('tracking.first_day', 'rhythm.date_day') }}
                        )
                    ),
                    {{ var('recency_cap_days') }}
                )
        end as days_since_last_activity,
        -- silence measured in the account's own gaps: 30 quiet days are normal for a monthly buyer
        rhythm.days_since_last_active_day / rhythm.typical_gap_days as recency_vs_cadence,
        rhythm.typical_gap_days,
        rhythm.recent_events_per_day,
        rhythm.baseline_events_per_day,
        -- the recent pace against the longer-run pace ("usage down 20%"), without hard window edges
        {{ ratio('rhythm.recent_events_per_day', 'rhythm.baseline_events_per_day') }} as usage_trend_ratio
    from rhythm
    cross join tracking
    where rhythm.is_customer
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
        {{ dimension_score('usage', measures) }} as usage_score
    from scored_measures
)

select * from final
