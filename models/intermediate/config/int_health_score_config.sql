{#- One row per segment of the weights seed (including `default`): the weight of every dimension,
    the configuration version and the configuration it stands for. Building it validates the weights
    and bands seeds, and stops an incremental build whose configuration or as_of_date differs from
    the stored history's (assert_history_matches_config). -#}
{{ validate_health_config(ref('health_score_weights'), ref('health_score_bands')) }}
{%- set score_config = health_score_config(ref('health_score_weights'), ref('health_score_bands')) %}
{{ assert_history_matches_config(score_config) }}

with

weights as (
    select * from {{ ref('health_score_weights') }}
),

pivoted as (  -- each weight cast back to the seed's type: a sum widens it to a 128-bit decimal on DuckDB
    select
        segment,
    {%- for dimension in health_dimensions() %}
    cast(sum(case when dimension = '{{ dimension }}' then weight else 0 end) as decimal(9, 6))
        as {{ dimension }}_weight
    {{- ',' if not loop.last }}
    {%- endfor %}
    from weights
    group by segment
),

final as (
    select
        pivoted.*,
        cast('{{ score_config.version }}' as {{ dbt.type_string() }}) as score_config_version,
        {%- for part in ['weights', 'bands', 'measures', 'gates', 'tiering'] %}
        cast('{{ score_config[part] | replace("'", "''") }}' as {{ dbt.type_string() }}) as {{ part }}_config
        {{- ',' if not loop.last }}
        {%- endfor %}
    from pivoted
)

select * from final
