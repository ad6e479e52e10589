{% macro can_leave_within_horizon(renewal_date, day) -%}
    {#- True when a contract can end within backtest_horizon_days after `day`: it ends in that window,
        or it has no end date (a monthly plan). Annual contracts churn at their term's end. -#}
    coalesce({{ renewal_date }} <= {{ add_days(day, var('backtest_horizon_days')) }}, true)
{%- endmacro %}
