{#- Relationship subscore per account per day: tenure, contract expansion or contraction (ARR now
    against ARR a lookback ago) and time left to renewal (null for open-ended monthly plans). -#}
{%- set measures = ['tenure_days', 'arr_change_ratio', 'days_to_renewal'] -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

measures as (
    select
        account_day_id,
        account_id,
        date_day,
        segment,
        arr_usd,
        arr_usd_lookback,
        renewal_date,
        tenure_days,
        arr_usd / nullif(arr_usd_lookback, 0) - 1 as arr_change_ratio,
        {{ days_between('date_day', 'renewal_date') }} as days_to_renewal
    from account_days
    where is_customer
),

{{ dimension_score_ctes('relationship', measures) }}

select * from final
