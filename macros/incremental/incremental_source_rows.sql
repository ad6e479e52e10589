{% macro incremental_source_rows(source_relation, id_column='id', account_column='account_id',
                                 loaded_at_column='_loaded_at') -%}
    {#- The raw rows a base_ model reads. A full build reads them all. An incremental run reads every
        version of each id (null ids are one group, as in version_rank) that has a version loaded
        since the newest load time stored (taken again when equal), a load time that cannot be read,
        or an account changed since then; the model replaces those ids whole (unique_key on the
        cleaned id), so version ranks and fates equal a full build's. Load times later than the run's
        start are ignored for the mark, so one bad future timestamp cannot hide later rows. -#}
    select * from {{ source_relation }}
    {%- if is_incremental() %}
    {%- set loaded_at = loaded_at_as_timestamp(source_relation, 'new_rows.' ~ loaded_at_column) %}
    where coalesce({{ clean_text(id_column) }}, '') in (
        select coalesce({{ clean_text('new_rows.' ~ id_column) }}, '')
        from {{ source_relation }} as new_rows
        where
            {{ loaded_at }} is null
            or {{ loaded_at }} >= {{ load_watermark() }}
            {%- if account_column %}
            or {{ clean_text('new_rows.' ~ account_column) }} in (
                select changed_accounts.account_id
                from {{ ref('base_crm__accounts') }} as changed_accounts
                where changed_accounts.loaded_at >= {{ load_watermark() }}
            )
            {%- endif %}
    )
    {%- endif %}
{%- endmacro %}


{% macro load_watermark() -%}
    {#- The newest load time an incremental base_ model has stored, ignoring times after this run
        started; the start of time when it has none. -#}
    coalesce(
        (
            select max(stored.loaded_at) from {{ this }} as stored
            where stored.loaded_at <= cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
        ),
        cast('1900-01-01' as timestamp)
    )
{%- endmacro %}


{% macro loaded_at_as_timestamp(source_relation, expr) -%}
    {#- The load time as a UTC timestamp: the column itself when the loader landed a timestamp without
        time zone (the contract's UTC), else parsed from whatever it is. Parsing every row of a large
        raw table costs more than the rest of an incremental run's scan. -#}
    {%- set column_name = expr.split('.')[-1] | lower -%}
    {%- set ns = namespace(dtype='') -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(source_relation) -%}
            {%- if column.name | lower == column_name -%}
                {%- set ns.dtype = column.dtype | lower -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if ns.dtype in ['timestamp', 'timestamp without time zone'] -%}
        {{ expr }}
    {%- else -%}
        {{ parse_timestamp_utc(expr) }}
    {%- endif -%}
{%- endmacro %}
