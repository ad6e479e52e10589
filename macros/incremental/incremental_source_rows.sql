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
    where coalesce({{ clean_text(id_column) }}, '') in (
        select coalesce({{ clean_text('new_rows.' ~ id_column) }}, '')
        from {{ source_relation }} as new_rows
        where
            {{ parse_timestamp_utc('new_rows.' ~ loaded_at_column) }} is null
            or {{ parse_timestamp_utc('new_rows.' ~ loaded_at_column) }} >= {{ load_watermark() }}
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
