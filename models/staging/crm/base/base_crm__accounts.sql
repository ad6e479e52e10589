{%- set raw_columns = ['id', 'name', 'industry', 'segment', 'region', 'csm_email', 'parent_account_id',
                       'is_test', 'created_at', '_is_deleted', '_loaded_at'] -%}

with

source as (
    select * from {{ source('crm', 'crm_accounts') }}
),

{{ versioned_rows(source('crm', 'crm_accounts'), raw_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('id') }} as account_id,
        {{ clean_text('name') }} as account_name,
        {{ clean_text('industry') }} as industry,
        case {{ clean_enum('segment') }}
            when 'smb' then 'SMB'
            when 'mid-market' then 'Mid-Market'
            when 'mid market' then 'Mid-Market'
            when 'midmarket' then 'Mid-Market'
            when 'enterprise' then 'Enterprise'
            else 'Unknown'
        end as segment,
        {{ clean_text('region') }} as region,
        nullif({{ clean_enum('csm_email') }}, '') as csm_email,
        {{ clean_text('parent_account_id') }} as parent_account_id,
        coalesce({{ safe_to_boolean('is_test') }}, false) as is_test,
        coalesce({{ safe_to_boolean('_is_deleted') }}, false) as is_deleted,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        created_at as created_at_raw,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        _version_rank,
        {{ raw_values_text(raw_columns) }} as _raw_values
    from versioned
),

checked as (
    select
        *,
        {{ rejection_reason([
            ["account_id is null", "missing_id"],
            ["created_at is null and created_at_raw is not null", "unparseable_timestamp"],
            [is_future('created_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(account_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        account_id,
        account_name,
        industry,
        segment,
        region,
        csm_email,
        parent_account_id,
        is_test,
        is_deleted,
        created_at,
        loaded_at,
        _version_rank,
        {{ row_status(is_deleted='is_deleted', is_test='is_test') }} as _row_status,
        _rejection_reason,
        -- kept only where there is something to fix; the other rows would carry it for nothing
        case when _rejection_reason is not null then _raw_values end as _raw_values
    from checked
)

select * from final
