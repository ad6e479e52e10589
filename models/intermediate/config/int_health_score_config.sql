{#- One row per segment of the weights seed (including `default`): the weight of every dimension,
    the configuration version and the configuration it stands for. Building it validates the weights
    and bands seeds, and stops an incremental build whose configuration or as_of_date differs from
    the stored history's (assert_history_matches_config). -#}
{{ validate_health_config(ref('health_score_weights'), ref('health_score_bands')) }}
{%- set score_config = health_score_config(ref('health_score_weights'), ref('health_score_bands')) %}
{{ assert_history_matches_config(score_config) }}
{%- set text = dbt.type_string() %}

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
        cast('{{ score_config.version }}' as {{ text }}) as score_config_version,
        cast('{{ score_config.weights | replace("'", "''") }}' as {{ text }}) as weights_config,
        cast('{{ score_config.bands | replace("'", "''") }}' as {{ text }}) as bands_config,
        cast('{{ score_config.measures | replace("'", "''") }}' as {{ text }}) as measures_config,
        cast('{{ score_config.gates | replace("'", "''") }}' as {{ text }}) as gates_config,
        cast('{{ score_config.tiering | replace("'", "''") }}' as {{ text }}) as tiering_config
    from pivoted
)

select * from final
