{{ config(
    materialized='incremental',
    unique_key="coalesce(ticket_id, '')",
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{%- set raw_columns = ['id', 'account_id', 'requester_email', 'subject', 'type', 'priority', 'status',
                       'channel', 'created_at', 'first_reply_at', 'solved_at', 'reopen_count',
                       'satisfaction_rating', 'updated_at', '_is_deleted', '_loaded_at'] -%}
{#- personal data stays out of the audit trail -#}
{%- set audit_columns = raw_columns | reject('in', ['requester_email']) | list -%}


with

source as (
    {{ incremental_source_rows(
        source('support', 'support_tickets'), accounts_relation=ref('base_crm__accounts')
    ) }}
),

known_accounts as (
    {{ known_accounts(ref('base_crm__accounts')) }}
),

{{ versioned_rows(source('support', 'support_tickets'), raw_columns, audit_columns=audit_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('versioned.id') }} as ticket_id,
        {{ clean_text('versioned.account_id') }} as account_id,
        {{ hash_pii(clean_text('versioned.requester_email')) }} as requester_email_hash,
        {{ clean_text('versioned.subject') }} as subject,
        {{ accepted_enum('versioned.type', ['question', 'incident', 'problem', 'task']) }} as ticket_type,
        {{ accepted_enum('versioned.priority', ['low', 'normal', 'high', 'urgent']) }} as priority,
        {{ accepted_enum('versioned.status', ['new', 'open', 'pending', 'solved', 'closed']) }} as status,
        {{ accepted_enum('versioned.channel', ['email', 'chat', 'phone', 'web']) }} as channel,
        case
            when {{ clean_enum('versioned.satisfaction_rating') }} in ('good', 'bad', 'offered', 'unoffered')
                then {{ clean_enum('versioned.satisfaction_rating') }}
            when {{ clean_text('versioned.satisfaction_rating') }} is null then null
            else 'unknown'
        end as satisfaction_rating,
        {{ safe_to_integer('versioned.reopen_count') }} as reopen_count,
        versioned.reopen_count as reopen_count_raw,
        {{ parse_timestamp_utc('versioned.created_at') }} as created_at,
        {{ parse_timestamp_utc('versioned.first_reply_at') }} as first_reply_at,
        {{ parse_timestamp_utc('versioned.solved_at') }} as solved_at,
        {{ parse_timestamp_utc('versioned.updated_at') }} as updated_at,
        versioned.created_at as created_at_raw,
        versioned.first_reply_at as first_reply_at_raw,
        versioned.solved_at as solved_at_raw,
        versioned.updated_at as updated_at_raw,
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
            ["ticket_id is null", "missing_id"],
            ["_account_rejection is not null", none, "_account_rejection"],
            ["created_at_raw is null", "missing_value"],
            ["created_at is null", "unparseable_timestamp"],
            ["first_reply_at is null and " ~ clean_text('first_reply_at_raw') ~ " is not null", "unparseable_timestamp"],
            ["solved_at is null and " ~ clean_text('solved_at_raw') ~ " is not null", "unparseable_timestamp"],
            ["updated_at is null and " ~ clean_text('updated_at_raw') ~ " is not null", "unparseable_timestamp"],
            ["reopen_count is null and reopen_count_raw is not null", "unparseable_number"],
            ["reopen_count < 0", "value_out_of_range"],
            ["solved_at < created_at or first_reply_at < created_at", "end_before_start"],
            [is_future('created_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(ticket_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        ticket_id,
        account_id,
        requester_email_hash,
        subject,
        ticket_type,
        priority,
        status,
        channel,
        satisfaction_rating,
        coalesce(cast(reopen_count as integer), 0) as reopen_count,
        created_at,
        first_reply_at,
        solved_at,
        updated_at,
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
