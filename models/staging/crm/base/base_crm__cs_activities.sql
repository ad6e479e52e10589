{{ config(
    materialized='incremental',
    unique_key="coalesce(cs_activity_id, '')",
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{%- set raw_columns = ['id', 'account_id', 'activity_type', 'occurred_at', '_loaded_at'] -%}

with

source as (
    {{ incremental_source_rows(
        source('crm', 'crm_cs_activities'), accounts_relation=ref('base_crm__accounts')
    ) }}
),

known_accounts as (
    {{ known_accounts(ref('base_crm__accounts')) }}
),

{{ versioned_rows(source('crm', 'crm_cs_activities'), raw_columns, audit_columns=raw_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('versioned.id') }} as cs_activity_id,
        {{ clean_text('versioned.account_id') }} as account_id,
        {{ accepted_enum(
            'versioned.activity_type', ['call', 'meeting', 'qbr', 'email', 'onboarding_session']
        ) }} as activity_type,
        {{ parse_timestamp_utc('versioned.occurred_at') }} as occurred_at,
        versioned.occurred_at as occurred_at_raw,
        {{ parse_timestamp_utc('versioned._loaded_at') }} as loaded_at,
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
            ["cs_activity_id is null", "missing_id"],
            ["_account_rejection is not null", none, "_account_rejection"],
            ["occurred_at_raw is null", "missing_value"],
            ["occurred_at is null", "unparseable_timestamp"],
            [is_future('occurred_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(cs_activity_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        cs_activity_id,
        account_id,
        activity_type,
        occurred_at,
        loaded_at,
        _version_rank,
        {{ row_status(is_test='is_test_account') }} as _row_status,
        _rejection_reason,
        -- kept only where there is something to fix; the other rows would carry it for nothing
        case when _rejection_reason is not null then _raw_values end as _raw_values
    from checked
)

select * from final
