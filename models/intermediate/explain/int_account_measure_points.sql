{#- What each measure gives the health score, on the account-days something explains: as_of_date and
    the days 7, 30 and 90 before it (fct_account_health_explain), and each score move and the day
    before it (int_account_score_moves, for fct_health_score_changes). One row per account, day and
    measure: the measure's value, its 0-100 score, its weight in its dimension, the dimension's
    re-normalised weight and the points it contributes (measure_points). The points of an
    account-day add up to weighted_score, the score before gates; each account-day's row of dimension
    'gate' (measure gate_cap) carries what a binding gate cut (0 when none did), so all rows add up
    to health_score, to its rounding. -#}
{%- set dimensions = health_dimensions() -%}
{%- set measures = var('health_score_measures') %}

with

moves as (
    select * from {{ ref('int_account_score_moves') }}
),

explained_days as (  -- the account-days some mart explains
    select account_id, date_day
    from {{ ref('int_account_health_daily') }}
    where date_day in (
        {{ as_of_date() }},
        {{ subtract_days(as_of_date(), 7) }},
        {{ subtract_days(as_of_date(), 30) }},
        {{ subtract_days(as_of_date(), 90) }}
    )
    union
    select account_id, date_day from moves
    union
    select account_id, previous_day as date_day from moves
),

health as (
    select health.*
    from {{ ref('int_account_health_daily') }} as health
    inner join explained_days
        on
            health.account_id = explained_days.account_id
            and health.date_day = explained_days.date_day
),

{% for dimension in dimensions %}
{{ dimension }}_scored as (
    select scored.*
    from {{ ref('int_accounts_' ~ dimension ~ '_scored') }} as scored
    inner join explained_days
        on
            scored.account_id = explained_days.account_id
            and scored.date_day = explained_days.date_day
),

{% endfor %}
measures as (  -- one row per account, day and configured measure
    {%- for dimension in dimensions %}
    {%- set dimension_loop = loop %}
    {%- for name, spec in measures[dimension].items() %}
    select
        account_id,
        date_day,
        '{{ dimension }}' as dimension,
        '{{ name }}' as measure_name,
        cast({{ name }} as {{ type_double() }}) as measure_value,
        cast({{ name }}_score as {{ type_double() }}) as measure_score,
        cast({{ spec.weight }} as {{ type_double() }}) as measure_weight
    from {{ dimension }}_scored
    {{ 'union all' if not (dimension_loop.last and loop.last) }}
    {%- endfor %}
    {%- endfor %}
),

weighted as (
    select
        measures.*,
        case measures.dimension
            {%- for dimension in dimensions %}
            when '{{ dimension }}' then health.{{ dimension }}_weight
            {%- endfor %}
        end as dimension_weight,
        health.coverage_ratio
    from measures
    inner join health
        on
            measures.account_id = health.account_id
            and measures.date_day = health.date_day
),

measure_rows as (
    select
        account_id,
        date_day,
        dimension,
        measure_name,
        measure_value,
        measure_score,
        measure_weight,
        cast(dimension_weight / nullif(coverage_ratio, 0) as {{ type_double() }}) as dimension_share,
        {{ measure_points('measure_score', 'measure_weight', 'dimension_weight', 'coverage_ratio',
            'account_id, date_day, dimension') }} as points
    from weighted
),

gate_rows as (  -- the points a binding gate cut from the score; 0 where none did
    select
        account_id,
        date_day,
        'gate' as dimension,
        'gate_cap' as measure_name,
        cast(weighted_score as {{ type_double() }}) as measure_value,
        cast(null as {{ type_double() }}) as measure_score,
        cast(null as {{ type_double() }}) as measure_weight,
        cast(null as {{ type_double() }}) as dimension_share,
        cast(case when gate_fired is not null then health_score - weighted_score else 0 end as {{ type_double() }})
            as points
    from health
),

final as (
    select
        {{ dbt.concat(["account_id", "':'", "cast(date_day as " ~ dbt.type_string() ~ ")", "':'", "dimension",
            "':'", "measure_name"]) }} as measure_points_id,
        *
    from (
        select * from measure_rows
        union all
        select * from gate_rows
    ) as explained
)

select * from final
