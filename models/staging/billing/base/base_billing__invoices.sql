{{ config(
    materialized='incremental',
    unique_key="coalesce(invoice_id, '')",
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{%- set raw_columns = ['id', 'account_id', 'number', 'status', 'currency', 'amount_due_cents',
                       'amount_paid_cents', 'created_epoch', 'due_epoch', 'paid_epoch', '_loaded_at'] -%}

with

source as (
    {{ incremental_source_rows(
        source('billing', 'billing_invoices'), accounts_relation=ref('base_crm__accounts')
    ) }}
),

known_accounts as (
    {{ known_accounts(ref('base_crm__accounts')) }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

{{ versioned_rows(source('billing', 'billing_invoices'), raw_columns, audit_columns=raw_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('versioned.id') }} as invoice_id,
        {{ clean_text('versioned.account_id') }} as account_id,
        {{ clean_text('versioned.number') }} as invoice_number,
        {{ clean_enum('versioned.status') }} as status,
        upper({{ clean_text('versioned.currency') }}) as currency_code,
        currency_rates.usd_per_unit,
        {{ safe_to_integer('versioned.amount_due_cents') }} as amount_due_cents,
        {{ safe_to_integer('versioned.amount_paid_cents') }} as amount_paid_cents,
        versioned.amount_due_cents as amount_due_cents_raw,
        versioned.amount_paid_cents as amount_paid_cents_raw,
        {{ epoch_to_timestamp('versioned.created_epoch') }} as created_at,
        {{ epoch_to_timestamp('versioned.due_epoch') }} as due_at,
        {{ epoch_to_timestamp('versioned.paid_epoch') }} as paid_at,
        versioned.created_epoch as created_epoch_raw,
        versioned.due_epoch as due_epoch_raw,
        versioned.paid_epoch as paid_epoch_raw,
        {{ parse_timestamp_utc('versioned._loaded_at') }} as loaded_at,
        coalesce(known_accounts.is_test, false) as is_test_account,
        versioned._version_rank,
        versioned._raw_values,
        {{ rejection_reason(account_checks('versioned.account_id')) }} as _account_rejection
    from versioned
    left join known_accounts
        on {{ clean_text('versioned.account_id') }} = known_accounts.account_id
    left join currency_rates
        on upper({{ clean_text('versioned.currency') }}) = currency_rates.currency_code
),

checked as (
    select
        *,
        {{ rejection_reason([
            ["invoice_id is null", "missing_id"],
            ["_account_rejection is not null", none, "_account_rejection"],
            ["created_epoch_raw is null or due_epoch_raw is null", "missing_value"],
            ["created_at is null or due_at is null", "unparseable_timestamp"],
            ["paid_at is null and paid_epoch_raw is not null", "unparseable_timestamp"],
            ["amount_due_cents is null", "unparseable_number"],
            ["amount_paid_cents is null and amount_paid_cents_raw is not null", "unparseable_number"],
            ["amount_due_cents < 0 or amount_paid_cents < 0", "value_out_of_range"],
            ["usd_per_unit is null", "unknown_currency"],
            ["status is null or status not in ('draft', 'open', 'paid', 'void', 'uncollectible')",
                "unknown_enum_value"],
            ["due_at < created_at", "end_before_start"],
            [is_future('created_at', 'loaded_at'), "future_timestamp"],
            [is_future('paid_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(invoice_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        invoice_id,
        account_id,
        invoice_number,
        status,
        currency_code,
        cast(amount_due_cents / 100.0 as numeric(18, 2)) as amount_due,
        cast(coalesce(amount_paid_cents, 0) / 100.0 as numeric(18, 2)) as amount_paid,
        cast(amount_due_cents / 100.0 * usd_per_unit as {{ dbt.type_numeric() }}) as amount_due_usd,
        cast(coalesce(amount_paid_cents, 0) / 100.0 * usd_per_unit as {{ dbt.type_numeric() }})
            as amount_paid_usd,
        created_at,
        due_at,
        paid_at,
        loaded_at,
        _version_rank,
        {{ row_status(is_test='is_test_account') }} as _row_status,
        _rejection_reason,
        -- kept only where there is something to fix; the other rows would carry it for nothing
        case when _rejection_reason is not null then _raw_values end as _raw_values
    from checked
)

select * from final
