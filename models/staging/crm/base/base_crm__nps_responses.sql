{{ config(
    materialized='incremental',
    unique_key="coalesce(nps_response_id, '')",
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{%- set raw_columns = ['id', 'account_id', 'contact_id', 'score', 'comment', 'responded_at', '_loaded_at'] -%}

with

source as (
    {{ incremental_source_rows(
        source('crm', 'crm_nps_responses'), accounts_relation=ref('base_crm__accounts')
    ) }}
),

known_accounts as (
    {{ known_accounts(ref('base_crm__accounts')) }}
),

{{ versioned_rows(source('crm', 'crm_nps_responses'), raw_columns, audit_columns=raw_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('versioned.id') }} as nps_response_id,
        {{ clean_text('versioned.account_id') }} as account_id,
        {{ clean_text('versioned.contact_id') }} as contact_id,
        {{ safe_to_integer('versioned.score') }} as score,
        versioned.score as score_raw,
        {{ clean_text('versioned.comment') }} as comment_text,
        {{ parse_timestamp_utc('versioned.responded_at') }} as responded_at,
        versioned.responded_at as responded_at_raw,
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
            ["nps_response_id is null", "missing_id"],
            ["_account_rejection is not null", none, "_account_rejection"],
            ["score_raw is null", "missing_value"],
            ["score is null", "unparseable_number"],
            ["score not between 0 and 10", "score_out_of_range"],
            ["responded_at_raw is null", "missing_value"],
            ["responded_at is null", "unparseable_timestamp"],
            [is_future('responded_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(nps_response_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        nps_response_id,
        account_id,
        contact_id,
        cast(score as integer) as score,
        comment_text,
        responded_at,
        loaded_at,
        _version_rank,
        {{ row_status(is_test='is_test_account') }} as _row_status,
        _rejection_reason,
        -- kept only where there is something to fix; the other rows would carry it for nothing
        case when _rejection_reason is not null then _raw_values end as _raw_values
    from checked
)

select * from final
