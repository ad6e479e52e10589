{% macro measure_specs(dimension, available) -%}
    {#- The validated measure configuration of one dimension from var('health_score_measures').
        `available`: the measures the dimension's model computes. Raises a compile error naming the
        bad entry rather than scoring with a broken configuration. -#}
    {%- set all_specs = var('health_score_measures') -%}
    {%- if dimension not in all_specs -%}
        {{ exceptions.raise_compiler_error("var('health_score_measures') has no entry for dimension '"
            ~ dimension ~ "'; add one with at least one measure of: " ~ available | join(', ')) }}
    {%- endif -%}
    {%- set specs = all_specs[dimension] -%}
    {%- for name, spec in specs.items() -%}
        {%- set where = "var('health_score_measures')." ~ dimension ~ "." ~ name -%}
        {%- if name not in available -%}
            {{ exceptions.raise_compiler_error(where ~ ": the " ~ dimension ~ " model computes no measure '"
                ~ name ~ "'; available: " ~ available | join(', ')) }}
        {%- endif -%}
        {%- if spec.method not in ['target', 'percentile'] -%}
            {{ exceptions.raise_compiler_error(where ~ ": method must be 'target' or 'percentile', got '"
                ~ spec.method ~ "'") }}
        {%- endif -%}
        {%- if spec.method == 'target' and (spec.target is none or spec.floor is none
                or spec.target == spec.floor) -%}
            {{ exceptions.raise_compiler_error(where ~ ": method 'target' needs numeric `floor` and `target` that differ") }}
        {%- endif -%}
        {%- if spec.method == 'percentile' and spec.higher_is_better is not boolean -%}
            {{ exceptions.raise_compiler_error(where ~ ": method 'percentile' needs higher_is_better: true or false") }}
        {%- endif -%}
        {%- if spec.weight is none or spec.weight < 0 -%}
            {{ exceptions.raise_compiler_error(where ~ ": weight must be a number >= 0, got " ~ spec.weight) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(specs) }}
{%- endmacro %}


{% macro measure_score_columns(dimension, available, peer_partition='segment, date_day') -%}
    {#- One `<measure>_score` column (0-100, null without data) per configured measure. -#}
    {%- set specs = measure_specs(dimension, available) -%}
    {%- for name, spec in specs.items() %}
    {%- if spec.method == 'target' %}
    100.0 * least(1.0, greatest(0.0,
        (cast({{ name }} as {{ type_double() }}) - ({{ spec.floor }}))
        / (({{ spec.target }}) - ({{ spec.floor }}))
    )) as {{ name }}_score
    {%- else %}
    case
        when {{ name }} is null then null
        when count({{ name }}) over (partition by {{ peer_partition }}) = 1 then 50.0
        else 100.0 * cast(percent_rank() over (
            partition by {{ peer_partition }}, case when {{ name }} is null then 1 else 0 end
            order by {{ name }} {{ 'asc' if spec.higher_is_better else 'desc' }}
        ) as {{ type_double() }})
    end as {{ name }}_score
    {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{% macro dimension_score(dimension, available) -%}
    {#- Weighted mean of the dimension's measure scores that have data; null when none has. -#}
    {%- set specs = measure_specs(dimension, available) -%}
    case
        when 0 {% for name, spec in specs.items() %}
            + case when {{ name }}_score is not null then {{ spec.weight }} else 0 end
            {%- endfor %} = 0
            then null
        else least(100.0, (0 {% for name, spec in specs.items() %}
            + coalesce({{ name }}_score, 0) * {{ spec.weight }}
            {%- endfor %})
        / (0 {% for name, spec in specs.items() %}
            + case when {{ name }}_score is not null then {{ spec.weight }} else 0 end
            {%- endfor %}))
    end
{%- endmacro %}


{% macro clamp_score(expr) -%}
    {#- Keeps a score inside 0-100 against floating-point drift in weighted means. -#}
    least(100.0, greatest(0.0, {{ expr }}))
{%- endmacro %}


{% macro ratio(numerator, denominator) -%}
    {#- numerator / denominator as a 64-bit float; null when the denominator is 0 or null. -#}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}


{% macro dimension_score_ctes(dimension, available, measures_cte='measures') -%}
    {#- The two closing CTEs every dimension model shares: measure scores, then the dimension score.
        Ends the model's `with` list; follow it with `select * from final`. -#}
scored_measures as (
    select
        *,
        {{ measure_score_columns(dimension, available) }}
    from {{ measures_cte }}
),

final as (
    select
        *,
        {{ dimension_score(dimension, available) }} as {{ dimension }}_score
    from scored_measures
)
{%- endmacro %}
