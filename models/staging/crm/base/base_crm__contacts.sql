{%- set raw_columns = ['id', 'account_id', 'email', 'full_name', 'title', 'is_primary', 'created_at',
                       '_is_deleted', '_loaded_at'] -%}
{#- personal data stays out of the audit trail -#}
{%- set audit_columns = raw_columns | reject('in', ['email', 'full_name']) | list -%}

with

source as (
    select * from {{ source('crm', 'crm_contacts') }}
),

known_accounts as (
    {{ known_accounts(ref('base_crm__accounts')) }}
),

{{ versioned_rows(source('crm', 'crm_contacts'), raw_columns, audit_columns=audit_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('versioned.id') }} as contact_id,
        {{ clean_text('versioned.account_id') }} as account_id,
        {{ hash_pii(clean_text('versioned.email')) }} as email_hash,
        {{ clean_text('versioned.title') }} as title,
        coalesce({{ safe_to_boolean('versioned.is_primary') }}, false)
            as is_primary,
        {{ parse_timestamp_utc('versioned.created_at') }} as created_at,
        versioned.created_at as created_at_raw,
        {{ parse_timestamp_utc('versioned._loaded_at') }} as loaded_at,
        coalesce({{ safe_to_boolean('versioned._is_deleted') }}, false) as is_deleted,
        coalesce(known_accounts.is_test, false) as is_test_account,
        versioned._version_rank,
        versioned._raw_values,
        {{ rejection_reason(account_checks('versioned.account_id')) }} as _account_rejection
    from versioned
    left join known_accounts
        on {{ clean_text('versioned.account_id') }} = known_accounts.account_id
),

checked as (
    select
        *,
        {{ rejection_reason([
            ["contact_id is null", "missing_id"],
            ["_account_rejection is not null", none, "_account_rejection"],
            ["created_at is null and created_at_raw is not null", "unparseable_timestamp"],
            [is_future('created_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(contact_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        contact_id,
        account_id,
        email_hash,
        title,
        is_primary,
        created_at,
        loaded_at,
        is_deleted,
        _version_rank,
        {{ row_status(is_deleted='is_deleted', is_test='is_test_account') }} as _row_status,
        _rejection_reason,
        -- kept only where there is something to fix; the other rows would carry it for nothing
        case when _rejection_reason is not null then _raw_values end as _raw_values
    from checked
)

select * from final
