{% test unique_combination_of_columns(model, combination_of_columns) %}
    {#- Fails with every combination of the columns that more than one row holds: the primary-key
        test of a model whose key is several columns (dbt_utils' test of the same name, which this
        project cannot install). -#}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as rows_with_key
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
