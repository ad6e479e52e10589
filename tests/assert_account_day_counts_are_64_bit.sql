{#- The account x day models keep their counts in 64-bit integers. DuckDB sums integers as 128-bit
    HUGEINT, and those wider columns made the large running-sum windows sort and spill more slowly
    (DECISIONS.md, Scale), so every sum of a count is cast to dbt.type_bigint(). Returns the HUGEINT
    columns of these models, which a new sum without the cast would add. Other adapters have no such
    type, so there it returns nothing. -#}
{%- set account_day_models = [
    'int_account_days', 'int_product_usage_daily', 'int_support_tickets_daily', 'int_health_score_config',
    'int_accounts_usage_scored', 'int_accounts_adoption_scored', 'int_accounts_support_scored',
    'int_accounts_satisfaction_scored', 'int_accounts_financial_scored', 'int_accounts_engagement_scored',
    'int_accounts_relationship_scored', 'int_account_health_daily', 'int_account_tier_streaks',
    'int_account_health_trends',
] -%}
select
    table_name,
    column_name,
    data_type
from information_schema.columns
where
    upper(data_type) in ('HUGEINT', 'UHUGEINT')
    and (
        {%- for model_name in account_day_models %}
        {%- set relation = ref(model_name) %}
        (
            table_catalog = '{{ relation.database }}'
            and table_schema = '{{ relation.schema }}'
            and table_name = '{{ relation.identifier }}'
        ){{ ' or' if not loop.last }}
        {%- endfor %}
    )
