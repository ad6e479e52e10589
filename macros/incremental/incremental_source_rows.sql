{% macro incremental_source_rows(source_relation, accounts_relation=none, id_column='id',
                                 account_column='account_id', loaded_at_column='_loaded_at') -%}
    {#- The raw rows a base_ model reads. A full build reads them all. An incremental run reads every
        version of each id (null ids are one group, as in version_rank) that has a version loaded
        since the newest load time stored (taken again when equal), a load time that cannot be read,
        or an account changed since then; the model replaces those ids whole (unique_key on the
        cleaned id), so version ranks and fates equal a full build's. Load times later than the run's
        start are ignored for the mark, so one bad future timestamp cannot hide later rows.
        The new and the changed-account rows are found in separate branches, so the scan of each
        can skip what it does not need. Every other version of those ids is stored in this model
        already, so the raw rows to read were loaded no earlier than the oldest of them
        (oldest_stored_version), or have a load time that cannot be read: the scan for them skips
        the older loads (a raw table grows in load order) instead of reading the whole table. Of
        what is left, an id that cleaning leaves as it is is matched as it is, and only ids that do
        not end in printable ASCII on both sides (the only ones trim can change) are cleaned. -#}
    {%- if account_column and accounts_relation is none %}
        {{ exceptions.raise_compiler_error("incremental_source_rows: pass accounts_relation (ref('base_crm__accounts')) "
            ~ "with account_column '" ~ account_column ~ "', or account_column=none") }}
    {%- endif %}
    {%- if not is_incremental() %}
    select * from {{ source_relation }}
    {%- else %}
    {%- set loaded_at = loaded_at_as_timestamp(source_relation, 'new_rows.' ~ loaded_at_column) %}
    {%- set watermark = load_watermark() %}
    {%- set id_text = 'cast(' ~ id_column ~ ' as ' ~ dbt.type_string() ~ ')' %}
    {%- set id_is_plain = 'ascii(' ~ id_text ~ ') between 33 and 126 and ascii(substr(' ~ id_text ~ ', length('
        ~ id_text ~ '))) between 33 and 126' %}
    {%- set new_ids -%}
        select coalesce({{ clean_text('new_rows.' ~ id_column) }}, '') as id_key
        from {{ source_relation }} as new_rows
        where
            {{ loaded_at }} is null
            or {{ loaded_at }} >= {{ watermark }}
        {%- if account_column %}
        union all
        select coalesce({{ clean_text('new_rows.' ~ id_column) }}, '') as id_key
        from {{ source_relation }} as new_rows
        where {{ clean_text('new_rows.' ~ account_column) }} in (
            select changed_accounts.account_id
            from {{ accounts_relation }} as changed_accounts
            where changed_accounts.loaded_at >= {{ watermark }}
        )
        {%- endif %}
    {%- endset %}
    {%- set row_loaded_at = loaded_at_as_timestamp(source_relation, 'versions.' ~ loaded_at_column) %}
    {%- set loaded_since_oldest -%}
        ({{ row_loaded_at }} >= {{ oldest_stored_version(new_ids, watermark) }} or {{ row_loaded_at }} is null)
    {%- endset %}
    with new_ids as (
        {{ new_ids | indent(4) }}
    )

    select * from {{ source_relation }} as versions
    where
        {{ loaded_since_oldest }}
        and {{ id_text }} in (select new_ids.id_key from new_ids)
    union all
    select * from {{ source_relation }} as versions
    where
        {{ loaded_since_oldest }}
        and case  -- the cheap test first: a case, as the database may reorder the terms of an "and"
            when {{ id_is_plain }} then false
            else {{ id_column }} is null or {{ id_text }} != coalesce({{ clean_text(id_column) }}, '')
        end
        and coalesce({{ clean_text(id_column) }}, '') in (select new_ids.id_key from new_ids)
    {%- endif %}
{%- endmacro %}


{% macro load_watermark() -%}
    {#- The newest load time an incremental base_ model has stored, ignoring times after this run
        started; the start of time when it has none. A literal, read before the model's statement
        runs: the database can then skip the raw rows loaded earlier and size its joins to the few
        that are left. -#}
    {%- set newest = none -%}
    {%- if execute -%}
        {%- set newest_sql -%}
            select max(stored.loaded_at) from {{ this }} as stored
            where stored.loaded_at <= cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
        {%- endset -%}
        {%- set newest = run_query(newest_sql).columns[0].values()[0] -%}
    {%- endif -%}
    cast('{{ newest.strftime("%Y-%m-%d %H:%M:%S.%f") if newest is not none else "1900-01-01" }}' as timestamp)
{%- endmacro %}


{% macro oldest_stored_version(new_ids, watermark) -%}
    {#- The earliest a raw row of an incremental run can have been loaded, as a timestamp expression
        of literals read before the model's statement runs: the oldest load time this model stored
        for a version of one of `new_ids` (a query with an `id_key` column; unique_key is the model's
        cleaned id), or the watermark when that is earlier or none is stored. Versions stored without
        a load time are found by the caller's `is null` branch. Literals, so the database can skip
        every older part of the raw table by its statistics. -#}
    {%- set oldest = none -%}
    {%- if execute -%}
        {%- set oldest_sql -%}
            with new_ids as (
                {{ new_ids }}
            )

            select min(stored.loaded_at) from {{ this }} as stored
            where {{ config.get('unique_key') }} in (select new_ids.id_key from new_ids)
        {%- endset -%}
        {%- set oldest = run_query(oldest_sql).columns[0].values()[0] -%}
    {%- endif -%}
    {%- if oldest is none -%}
        {{ return(watermark) }}
    {%- endif -%}
    {{ return("least(" ~ watermark ~ ", cast('" ~ oldest.strftime("%Y-%m-%d %H:%M:%S.%f") ~ "' as timestamp))") }}
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
