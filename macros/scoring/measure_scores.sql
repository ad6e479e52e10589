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
        {%- if spec.method == 'percentile' and spec.get('best_value') is not none and spec.best_value is not number -%}
            {{ exceptions.raise_compiler_error(where ~ ": best_value must be a number, got '" ~ spec.best_value ~ "'") }}
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


{% macro percentile_measure_names(specs) -%}
    {#- The names of the measures in `specs` (measure_specs()) scored by percentile, in their order. -#}
    {%- set names = [] -%}
    {%- for name, spec in specs.items() if spec.method == 'percentile' -%}
        {%- do names.append(name) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}


{% macro percentile_peer_ranks(measure, higher_is_better, measures_cte, peer_columns) -%}
    {#- One row per peer group (peer_columns) and distinct non-null value of `measure`: how many peers
        rank below the value (n_before), how many share it (n_tied) and how many peers have a value
        (n_peers), so that (n_before + (n_tied - 1) / 2) / (n_peers - 1) is the value's mid-rank
        percentile. Ranking the distinct values and joining
        them back sorts far fewer rows than a percent_rank() window over every account-day
        (DECISIONS.md, Scale). -#}
    select
        {%- for column in peer_columns %}
        {{ column }},
        {%- endfor %}
        {{ measure }} as peer_value,
        sum(count(*)) over (
            partition by {{ peer_columns | join(', ') }}
            order by {{ measure }} {{ 'asc' if higher_is_better else 'desc' }}
            rows between unbounded preceding and current row
        ) - count(*) as n_before,
        count(*) as n_tied,
        sum(count(*)) over (partition by {{ peer_columns | join(', ') }}) as n_peers
    from {{ measures_cte }}
    where {{ measure }} is not null
    group by {{ peer_columns | join(', ') }}, {{ measure }}
{%- endmacro %}


{% macro measure_score(value, spec, ranks) -%}
    {#- One measure's 0-100 score from its configuration (an entry of var('health_score_measures')):
        `target` is linear from floor (0) to target (100), clamped; `percentile` reads the value's
        rank from `ranks`, the percentile_peer_ranks() relation the model joined. Null without data.
        Indented for a select list at 8 spaces. -#}
    {%- if spec.method == 'target' -%}
    case  -- greatest() and least() skip nulls: a missing measure must stay null, not score 0
            when {{ value }} is not null
                then 100.0 * least(1.0, greatest(0.0,
                    (cast({{ value }} as {{ type_double() }}) - ({{ spec.floor }}))
                    / (({{ spec.target }}) - ({{ spec.floor }}))
                ))
        end
    {%- else -%}
    case  -- tied values share their mean rank; a value every peer shares scores 50
            when {{ value }} is null then null
            {%- if spec.get('best_value') is not none %}
            when {{ value }} = {{ spec.best_value }} then 100.0  -- as good as it gets
            {%- endif %}
            when {{ ranks }}.n_peers = 1 then 50.0
            else 100.0 * (
                (cast({{ ranks }}.n_before as {{ type_double() }}) + ({{ ranks }}.n_tied - 1) / 2.0)
                / ({{ ranks }}.n_peers - 1)
            )
        end
    {%- endif -%}
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
