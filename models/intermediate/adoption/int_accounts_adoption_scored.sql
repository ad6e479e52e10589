{#- Adoption subscore per account per day: breadth of core features used in the trailing adoption
    window, and uptake of features released recently. Adoption is known from the first day any account
    used a core feature: from then on an account that uses none has a breadth of 0, before it the
    adoption measures are null. -#}
{%- set measures = ['core_feature_breadth_ratio', 'recent_feature_adoption_ratio'] -%}
{%- set specs = measure_specs('adoption', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}
{%- set window = var('adoption_window_days') -%}
{%- set recent_days = var('recent_feature_days') -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

feature_days as (
    select * from {{ ref('int_product_feature_days') }}
),

catalog_core_features as (
    select
        lower(trim(event_name)) as event_name,
        released_on
    from {{ ref('product_event_catalog') }}
    where event_category = 'core_feature'
),

calendar as (
    select distinct date_day from account_days
),

features_available as (  -- per day: core features released by then, and those released recently
    select
        calendar.date_day,
        count(*) as core_features,
        count(
            case
                when
                    catalog_core_features.released_on is not null
                    and calendar.date_day < {{ add_days('catalog_core_features.released_on', recent_days) }}
                    then 1
            end
        ) as recent_features
    from calendar
    inner join catalog_core_features
        on
            catalog_core_features.released_on is null
            or calendar.date_day >= catalog_core_features.released_on
    group by calendar.date_day
),

recent_feature_days as (  -- on a refresh, use from one window back is enough for exact counts
    select * from feature_days
    {{- incremental_days_filter(lookback_days=window) }}
),

core_coverage as (
    {{ distinct_coverage_deltas('recent_feature_days', 'event_name', window) }}
),

first_uses as (  -- a recent feature counts as adopted from its first use until it stops being recent
    select
        account_id,
        event_name,
        released_on,
        min(date_day) as first_used_on
    from feature_days
    where released_on is not null
    group by account_id, event_name, released_on
),

recent_adoption as (
    select
        account_id,
        date_day,
        cast(sum(delta) as {{ dbt.type_bigint() }}) as adopted_recent_features
    from (
        select
            account_id,
            first_used_on as date_day,
            1 as delta
        from first_uses
        where first_used_on < {{ add_days('released_on', recent_days) }}
        union all
        select
            account_id,
            {{ add_days('released_on', recent_days) }} as date_day,
            -1 as delta
        from first_uses
        where first_used_on < {{ add_days('released_on', recent_days) }}
    ) as deltas
    group by account_id, date_day
),

windowed as (
    {{ trailing_window_sums('core_coverage', [
        {'column': 'active_entities', 'window': none},
        {'column': 'adopted_recent_features', 'window': none, 'facts': 'recent_adoption'},
    ], carry=['segment', 'is_customer'], sum_type=dbt.type_bigint()) }}
),

tracking as (  -- the first day any account used a core feature: adoption is known from that day on
    select min(date_day) as first_day
    from feature_days
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.active_entities as core_features_used,
        features_available.core_features as core_features_available,
        windowed.adopted_recent_features,
        features_available.recent_features as recent_features_available,
        case
            when windowed.date_day >= tracking.first_day
                then {{ ratio('windowed.active_entities', 'features_available.core_features') }}
        end as core_feature_breadth_ratio,
        case
            when windowed.date_day >= tracking.first_day
                then {{ ratio(
                    'windowed.adopted_recent_features', 'features_available.recent_features'
                ) }}
        end as recent_feature_adoption_ratio
    from windowed
    left join features_available
        on windowed.date_day = features_available.date_day
    cross join tracking
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
        {{ dimension_score('adoption', measures) }} as adoption_score
    from scored_measures
)

select * from final
