{#- After `<name> as` in a CTE whose columns later CTEs read several times: `materialized` where the
    warehouse would otherwise copy the CTE's expressions into every place that reads them. PostgreSQL
    inlines a CTE read once, and a column used in three checks is then computed three times: in
    base_product__events every row called the timestamp-parsing function about eleven times instead
    of twice (1,031,689 rows: 72-80 s as inlined, 25-26 s materialized, the same rows), and
    int_account_health_daily repeated the health formula (53.4 s, 12.5 s with covered and gated
    materialized; DECISIONS.md, PostgreSQL). Elsewhere nothing: DuckDB's plan computes each CTE's
    columns once, in a projection of their own, and most other warehouses have no such keyword. -#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'customer_health')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}
