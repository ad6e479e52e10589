{#- RFC 3339 / ISO-8601 text to a UTC timestamp, or null when it cannot be parsed. Accepted: a `T`,
    `t` or space between date and time, fractional seconds, an offset `Z`/`z`, `+02:00`, `+0200` or
    `+02` (with or without a space before it; none means UTC), and a date alone (midnight UTC).
    Garbage never raises: staging rejects the row instead. -#}
{% macro parse_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'customer_health')(expr)) }}
{%- endmacro %}

{% macro timestamp_offset_pattern() -%}
    {#- A time of day followed by a UTC offset, in upper-cased text. -#}
    [T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$
{%- endmacro %}

{% macro duckdb__parse_timestamp_utc(expr) -%}
    {%- set text = 'upper(trim(cast(' ~ expr ~ ' as varchar)))' -%}
    {#- one space between date and time, none before the offset, which gets its colon and minutes -#}
    {%- set normalised = "regexp_replace(regexp_replace(regexp_replace(" ~ text
        ~ ", '\\s*Z$', '+00:00'), '\\s*([+-][0-9]{2}):?([0-9]{2})$', '\\1:\\2'), '\\s*([+-][0-9]{2})$', '\\1:00')" -%}
    case
        when regexp_matches({{ text }}, '{{ timestamp_offset_pattern() }}')
            then timezone('UTC', try_cast(replace({{ normalised }}, ',', '.') as timestamptz))
        else try_cast(replace({{ text }}, ',', '.') as timestamp)
    end
{%- endmacro %}

{% macro default__parse_timestamp_utc(expr) -%}
    {{ target.schema }}_udf.try_parse_timestamp_utc(cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}


{#- Text or number to an integer / a decimal, or null when it is not one. -#}
{% macro safe_to_integer(expr) -%}
    {{ return(adapter.dispatch('safe_to_integer', 'customer_health')(expr)) }}
{%- endmacro %}

{% macro duckdb__safe_to_integer(expr) -%}
    {#- try_cast alone would round '12.5' to 13; a count or cents with a fraction is not an integer -#}
    case
        when regexp_matches(trim(cast({{ expr }} as varchar)), '^[+-]?[0-9]{1,18}$')
            then try_cast(trim(cast({{ expr }} as varchar)) as bigint)
    end
{%- endmacro %}

{% macro default__safe_to_integer(expr) -%}
    case
        when trim(cast({{ expr }} as {{ dbt.type_string() }})) ~ '^[+-]?[0-9]{1,18}$'
            then cast(trim(cast({{ expr }} as {{ dbt.type_string() }})) as bigint)
    end
{%- endmacro %}

{% macro safe_to_numeric(expr) -%}
    {{ return(adapter.dispatch('safe_to_numeric', 'customer_health')(expr)) }}
{%- endmacro %}

{% macro duckdb__safe_to_numeric(expr) -%}
    try_cast(trim(cast({{ expr }} as varchar)) as decimal(18, 2))
{%- endmacro %}

{% macro default__safe_to_numeric(expr) -%}
    case
        when trim(cast({{ expr }} as {{ dbt.type_string() }})) ~ '^[+-]?[0-9]{1,15}(\.[0-9]+)?$'
            then cast(trim(cast({{ expr }} as {{ dbt.type_string() }})) as numeric(18, 2))
    end
{%- endmacro %}


{#- Date text (YYYY-MM-DD, or a timestamp whose date part is taken) to a date, or null. -#}
{% macro safe_to_date(expr) -%}
    cast({{ parse_timestamp_utc(expr) }} as date)
{%- endmacro %}


{#- Unix seconds to a UTC timestamp; null stays null, impossible values become null. -#}
{% macro epoch_to_timestamp(expr) -%}
    {{ return(adapter.dispatch('epoch_to_timestamp', 'customer_health')(expr)) }}
{%- endmacro %}

{% macro duckdb__epoch_to_timestamp(expr) -%}
    case
        when {{ safe_to_integer(expr) }} between 0 and 32503680000
            then timezone('UTC', to_timestamp({{ safe_to_integer(expr) }}))
    end
{%- endmacro %}

{% macro default__epoch_to_timestamp(expr) -%}
    case
        when {{ safe_to_integer(expr) }} between 0 and 32503680000
            then to_timestamp({{ safe_to_integer(expr) }}) at time zone 'UTC'
    end
{%- endmacro %}


{#- Boolean or boolean-looking text ('true', 't', '1', 'yes', 'y' / 'false', 'f', '0', 'no', 'n')
    to a boolean; anything else is null. Loaders land booleans as text often enough. -#}
{% macro safe_to_boolean(expr) -%}
    case
        when lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))) in ('true', 't', '1', 'yes', 'y') then true
        when lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}
