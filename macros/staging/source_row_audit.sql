{#- Helpers that give every raw row exactly one fate in the base_* staging models:
    staged, superseded, soft_deleted, test_account or rejected (with a reason). -#}

{% macro raw_values_text(columns) -%}
    {#- The raw row as readable text, for rejected_source_rows: "col=value | col=value". -#}
    {%- for column in columns %}
    '{{ column }}=' || coalesce(cast({{ column }} as {{ dbt.type_string() }}), 'null')
    {%- if not loop.last %} || ' | ' ||{% endif %}
    {%- endfor %}
{%- endmacro %}


{% macro version_rank(raw_columns, id_column='id', loaded_at_column='_loaded_at') -%}
    {#- 1 for the newest version of an id (compared trimmed, so ' a1' and 'a1' are one id). Ties on
        _loaded_at are broken on the row's text, so a re-run picks the same winner. -#}
    row_number() over (
        partition by {{ clean_text(id_column) }}
        order by
            {{ parse_timestamp_utc(loaded_at_column) }} desc nulls last
            {%- for column in raw_columns if column != loaded_at_column %},
            cast({{ column }} as {{ dbt.type_string() }}) desc nulls last
            {%- endfor %}
    )
{%- endmacro %}


{% macro versioned_rows(source_relation, raw_columns, audit_columns=none, rows_cte='source', id_column='id',
                        loaded_at_column='_loaded_at') -%}
    {#- Two CTEs for a base_ model: `ids_with_versions` and `versioned`, every row of `rows_cte` (the
        model's source CTE) with its _version_rank (version_rank) and, when audit_columns are given, its
        _raw_values (raw_values_text of those columns). Most ids have one version, whose rank is 1
        without sorting anything: only the rows of ids with several versions (all null ids count as one
        id, as in version_rank) go through version_rank's window, so it sorts about 1% of the raw rows
        instead of all of them. A full build's two branches read source_relation itself, the same rows
        as the source CTE: a CTE read three times is materialised (DuckDB copied the raw events for it).
        An incremental run reads the source CTE, the few rows incremental_source_rows picked; they hold
        every version of their ids, so the counts are whole. -#}
    {#- is_incremental() only where the model is incremental: a unit test of a table model has no `this`. -#}
    {%- set rows = rows_cte if model.config.materialized == 'incremental' and is_incremental() else source_relation -%}
    {%- set id_key = "coalesce(" ~ clean_text("versioned_source." ~ id_column) ~ ", '')" -%}
ids_with_versions as (
    select {{ id_key }} as id_key
    from {{ rows_cte }} as versioned_source
    group by {{ id_key }}
    having count(*) > 1
),

versioned as (
    select
        versioned_source.*,
        {{ version_rank(raw_columns, id_column, loaded_at_column) }} as _version_rank
        {%- if audit_columns is not none %},
        {{ raw_values_text(audit_columns) }} as _raw_values
        {%- endif %}
    from {{ rows }} as versioned_source
    inner join ids_with_versions
        on {{ id_key }} = ids_with_versions.id_key
    union all
    select
        versioned_source.*,
        cast(1 as {{ dbt.type_bigint() }}) as _version_rank
        {%- if audit_columns is not none %},
        {{ raw_values_text(audit_columns) }} as _raw_values
        {%- endif %}
    from {{ rows }} as versioned_source
    left join ids_with_versions
        on {{ id_key }} = ids_with_versions.id_key
    where ids_with_versions.id_key is null
)
{%- endmacro %}


{% macro known_accounts(accounts_relation) -%}
    {#- The latest version of every account id in `accounts_relation` (the model passes
        ref('base_crm__accounts')), for the account checks of the other raw tables. -#}
    select
        account_id,
        is_deleted,
        _row_status = 'test_account' as is_test,
        _row_status = 'rejected' as is_rejected
    from {{ accounts_relation }}
    where _version_rank = 1
{%- endmacro %}


{% macro rejection_reason(checks) -%}
    {#- checks: list of [condition, reason code]; the first condition that holds names the reason.
        A check [condition, none, expression] takes its reason from a SQL expression instead. -#}
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[2] if check | length > 2 else "'" ~ check[1] ~ "'" }}
        {%- endfor %}
    end
{%- endmacro %}


{% macro row_status(version_rank='_version_rank', is_deleted='false', is_test='false',
                    reason='_rejection_reason') -%}
    case
        when {{ version_rank }} > 1 then 'superseded'
        when {{ is_deleted }} then 'soft_deleted'
        when {{ is_test }} then 'test_account'
        when {{ reason }} is not null then 'rejected'
        else 'staged'
    end
{%- endmacro %}


{% macro clean_text(expr) -%}
    {#- Trimmed text, null when empty; works whatever type the loader landed. -#}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}


{% macro clean_enum(expr) -%}
    lower(trim(cast({{ expr }} as {{ dbt.type_string() }})))
{%- endmacro %}


{% macro accepted_enum(expr, values, fallback='unknown') -%}
    {#- The trimmed, lower-cased value when it is one of `values`, else `fallback`: unknown enum
        values keep their row (a source test warns about them) instead of dropping it. -#}
    case
        when {{ clean_enum(expr) }} in ('{{ values | join("', '") }}') then {{ clean_enum(expr) }}
        else '{{ fallback }}'
    end
{%- endmacro %}


{% macro hash_pii(expr) -%}
    {#- Personal data never leaves staging in clear: a stable hash of the normalised value. -#}
    case when {{ expr }} is not null then {{ dbt.hash(clean_enum(expr)) }} end
{%- endmacro %}


{% macro account_checks(account_column='account_id', lookup_alias='known_accounts') -%}
    {#- The rejection checks every account-linked raw table shares, in order. -#}
    {{ return([
        [clean_text(account_column) ~ " is null", "missing_account"],
        [lookup_alias ~ ".account_id is null", "unknown_account"],
        [lookup_alias ~ ".is_deleted", "deleted_account"],
        [lookup_alias ~ ".is_rejected", "rejected_account"],
    ]) }}
{%- endmacro %}


{% macro is_future(ts_column, loaded_at_column='_loaded_at') -%}
    {#- A row cannot describe something later than the moment the loader saw it (plus skew). -#}
    {{ ts_column }} > {{ dbt.dateadd('hour', var('future_timestamp_tolerance_hours'), loaded_at_column) }}
{%- endmacro %}
