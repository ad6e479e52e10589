{#- After `<name> as` in a CTE whose columns later CTEs read several times: `materialized` where the
    warehouse would otherwise copy the CTE's expressions into every place that reads them. PostgreSQL
    inlines a CTE read once, and a column used in three checks is then computed three times: in
    base_product__events every row called the timestamp-parsing function about eleven times instead
    of twice (1,031,689 rows: 72-80 s as inlined, 25-26 s materialized, the same rows; DECISIONS.md,
    PostgreSQL). Elsewhere nothing: DuckDB builds these models fast as they are (BENCHMARKS.md), and
    most other warehouses have no such keyword. -#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'customer_health')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}
