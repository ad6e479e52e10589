{#- One row per segment of the weights seed (including `default`): the weight of every dimension
    and the configuration version. Building it validates the weights and bands seeds. -#}
{{ validate_health_config(ref('health_score_weights'), ref('health_score_bands')) }}

with

weights as (
    select * from {{ ref('health_score_weights') }}
),

bands as (
    select * from {{ ref('health_score_bands') }}
),

config_text as (  -- everything that changes a score, as one text, to version the configuration
    select
        {{ dbt.listagg(
            "segment || '/' || dimension || '=' || cast(weight as " ~ dbt.type_string() ~ ")",
            "';'",
            "order by segment, dimension"
        ) }} as weights_text
    from weights
),

bands_text as (
    select
        {{ dbt.listagg(
            "tier || '=' || cast(min_score as " ~ dbt.type_string() ~ ") || '-' || cast(max_score as "
            ~ dbt.type_string() ~ ")",
            "';'",
            "order by min_score"
        ) }} as bands_text
    from bands
),

version as (
    select
        'cfg-' || substring(
            {{ dbt.hash(
                "config_text.weights_text || '|' || bands_text.bands_text || '|"
                ~ (var('health_score_measures') | tojson | replace("'", "''"))
                ~ (var('health_score_gates') | tojson | replace("'", "''"))
                ~ var('health_tiering') ~ "'"
            ) }}, 1, 12
        ) as score_config_version
    from config_text
    cross join bands_text
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
        version.score_config_version
    from pivoted
    cross join version
)

select * from final
