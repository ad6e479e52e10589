{% test expression_is_true(model, expression, column_name=none) %}
    {#- Fails with every row for which `expression` does not hold (null counts as not holding).
        Attach it to a model or a column; use `config: where:` to narrow the rows checked. -#}
    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
{% endtest %}
