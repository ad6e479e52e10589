{% macro get_where_subquery(relation) -%}
    {#- dbt's hook that applies a data test's `where` config, extended with a scope for daily
        refreshes. With var('data_test_scope') = 'refreshed' and no --full-refresh, tests of an
        incremental model read only what the run could have written: the recomputed days of an
        account x day model (unique_key date_day), or the rows loaded in the restatement window of a
        base_ model. Earlier rows were tested when they were written, and delete+insert keeps them
        apart from the new ones. The default scope 'all' reads every row. -#}
    {%- set where = config.get('where') -%}
    {%- set scope = var('data_test_scope', 'all') -%}
    {%- if scope not in ['all', 'refreshed'] -%}
        {{ exceptions.raise_compiler_error("var('data_test_scope') must be 'all' or 'refreshed', got '" ~ scope ~ "'") }}
    {%- endif -%}
    {%- set scoped = none -%}
    {%- if scope == 'refreshed' and not flags.FULL_REFRESH and execute -%}
        {%- set scoped = refreshed_rows_filter(relation) -%}
    {%- endif -%}
    {%- set conditions = [where, scoped] | reject('none') | reject('equalto', '') | list -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where ({{ conditions | join(') and (') }})) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{% macro refreshed_rows_filter(relation) -%}
    {#- The condition selecting the rows an incremental refresh of `relation` may have written, or
        none when the relation is not one of this project's incremental models (or a view over a
        single incremental base_ model, such as the stg_ views). -#}
    {%- set restatement = var('history_restatement_days') -%}
    {%- set latest_load = '(select max(latest.loaded_at) from ' ~ relation ~ ' as latest)' -%}
    {%- set by_load = 'loaded_at >= ' ~ dbt.dateadd('day', -restatement, latest_load) -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model'
            and node.alias | lower == relation.identifier | lower
            and node.schema | lower == relation.schema | lower -%}
        {%- set parent = graph.nodes.get(node.depends_on.nodes[0]) if node.depends_on.nodes | length == 1 -%}
        {%- if node.config.materialized == 'incremental' and node.config.meta.get('refresh_date_column') -%}
            {#- a sparse model (alerts, moves): its rows dated in the restatement window before as_of_date -#}
            {%- do return(node.config.meta.refresh_date_column ~ ' >= '
                ~ subtract_days(as_of_date(), [restatement - 1, 0] | max)) -%}
        {%- elif node.config.materialized == 'incremental' and node.config.unique_key == 'date_day' -%}
            {%- do return('date_day >= ' ~ subtract_days('(select max(latest.date_day) from ' ~ relation ~ ' as latest)',
                [restatement - 1, 0] | max)) -%}
        {%- elif 'loaded_at' in node.columns and (node.config.materialized == 'incremental'
                or (node.config.materialized == 'view' and parent
                    and parent.config.materialized == 'incremental' and parent.config.unique_key != 'date_day')) -%}
            {%- do return(by_load) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return(none) -%}
{%- endmacro %}
