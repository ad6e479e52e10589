{%- set raw_columns = ['id', 'account_id', 'plan', 'seats', 'arr_amount', 'currency', 'start_date',
                       'end_date', 'status', 'canceled_at', '_loaded_at'] -%}

with

source as (
    select * from {{ source('crm', 'crm_subscriptions') }}
),

known_accounts as (
    {{ known_accounts(ref('base_crm__accounts')) }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

{{ versioned_rows(source('crm', 'crm_subscriptions'), raw_columns, audit_columns=raw_columns) }},

parsed as {{ materialized_cte() }} (
    select
        {{ clean_text('versioned.id') }} as subscription_id,
        {{ clean_text('versioned.account_id') }} as account_id,
        {{ clean_text('versioned.plan') }} as plan_name,
        {{ safe_to_integer('versioned.seats') }} as seats,
        {{ safe_to_numeric('versioned.arr_amount') }} as arr_amount,
        upper({{ clean_text('versioned.currency') }}) as currency_code,
        currency_rates.usd_per_unit,
        {{ safe_to_date('versioned.start_date') }} as start_date,
        {{ safe_to_date('versioned.end_date') }} as end_date,
        {{ clean_enum('versioned.status') }} as status,
        {{ parse_timestamp_utc('versioned.canceled_at') }} as canceled_at,
        versioned.start_date as start_date_raw,
        versioned.end_date as end_date_raw,
        versioned.canceled_at as canceled_at_raw,
        versioned.seats as seats_raw,
        versioned.arr_amount as arr_amount_raw,
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
            ["subscription_id is null", "missing_id"],
            ["_account_rejection is not null", none, "_account_rejection"],
            ["start_date is null and " ~ clean_text('start_date_raw') ~ " is null", "missing_value"],
            ["start_date is null", "unparseable_date"],
            ["end_date is null and " ~ clean_text('end_date_raw') ~ " is not null", "unparseable_date"],
            ["canceled_at is null and " ~ clean_text('canceled_at_raw') ~ " is not null", "unparseable_timestamp"],
            ["seats is null and seats_raw is not null", "unparseable_number"],
            ["arr_amount is null and arr_amount_raw is not null", "unparseable_number"],
            ["seats < 0 or arr_amount < 0", "value_out_of_range"],
            ["usd_per_unit is null", "unknown_currency"],
            ["status is null or status not in ('active', 'canceled', 'expired')", "unknown_enum_value"],
            ["end_date < start_date", "end_before_start"],
            [is_future('canceled_at', 'loaded_at'), "future_timestamp"],
        ]) }} as _rejection_reason
    from parsed
),

final as (
    select
        coalesce(subscription_id, 'null') || '#' || cast(_version_rank as {{ dbt.type_string() }})
            as _source_row_key,
        subscription_id,
        account_id,
        plan_name,
        seats,
        arr_amount,
        currency_code,
        cast(arr_amount * usd_per_unit as {{ dbt.type_numeric() }}) as arr_usd,
        start_date,
        end_date,
        status,
        canceled_at,
        loaded_at,
        _version_rank,
        {{ row_status(is_test='is_test_account') }} as _row_status,
        _rejection_reason,
        -- kept only where there is something to fix; the other rows would carry it for nothing
        case when _rejection_reason is not null then _raw_values end as _raw_values
    from checked
)

select * from final
