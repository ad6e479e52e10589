{% macro measure_points(measure_score, measure_weight, dimension_weight, coverage_ratio, partition_by) -%}
    {#- The health-score points one measure contributes, pre-gate: its dimension's re-normalised
        weight (dimension_weight / coverage_ratio) times the measure's share of the dimension score
        (measure_weight x measure_score over the weights of the dimension's measures with data,
        summed over `partition_by`: account, day and dimension). Summed over an account-day's
        measures they give weighted_score of int_account_health_daily; null without data. -#}
    case
        when {{ measure_score }} is not null and {{ coverage_ratio }} > 0
            then {{ dimension_weight }} / {{ coverage_ratio }} * {{ measure_weight }} * {{ measure_score }}
            / nullif(sum(case when {{ measure_score }} is not null then {{ measure_weight }} end) over (
                partition by {{ partition_by }}
            ), 0)
    end
{%- endmacro %}
