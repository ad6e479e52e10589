{#- Engagement subscore per account per day over the trailing engagement window: enablement
    (webinars, courses: enablement events per seat) and customer-success touches (calls, meetings,
    QBRs, onboarding sessions, emails). Each is known from the first day its source recorded anything
    (an enablement event, a CS activity): from then on an account without any has 0, before it null. -#}
{%- set measures = ['enablement_events_per_seat', 'cs_touches'] -%}
{%- set specs = measure_specs('engagement', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}
{%- set window = var('engagement_window_days') -%}

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

cs_activities_daily as (
    select
        account_id,
        cast(occurred_at as date) as date_day,
        count(*) as cs_touches,
        count(case when activity_type = 'qbr' then 1 end) as qbrs
    from {{ ref('stg_crm__cs_activities') }}
    where cast(occurred_at as date) <= {{ as_of_date() }} and activity_type <> 'unknown'
    group by account_id, cast(occurred_at as date)
),

enablement_tracking as (  -- the first enablement event of any account: known from that day on
    select min(date_day) as first_day
    from usage_daily
    where enablement_events > 0
),

cs_tracking as (  -- the first CS activity with any account: known from that day on
    select min(date_day) as first_day
    from cs_activities_daily
),

windowed as (
    {{ trailing_window_sums('usage_daily', [
        {'column': 'enablement_events', 'window': window},
        {'column': 'cs_touches', 'window': window, 'facts': 'cs_activities_daily'},
        {'column': 'qbrs', 'window': window, 'facts': 'cs_activities_daily'},
    ], carry=['segment', 'seats', 'is_customer'], sum_type=dbt.type_bigint()) }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.enablement_events,
        windowed.qbrs,
        case
            when windowed.date_day >= enablement_tracking.first_day
                then {{ ratio('windowed.enablement_events', 'windowed.seats') }}
        end as enablement_events_per_seat,
        case
            when windowed.date_day >= cs_tracking.first_day then windowed.cs_touches
        end as cs_touches
    from windowed
    cross join enablement_tracking
    cross join cs_tracking
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
        {{ dimension_score('engagement', measures) }} as engagement_score
    from scored_measures
)

select * from final
