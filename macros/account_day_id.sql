{% macro account_day_id(account_id, date_day) -%}
    {#- The account x day key, `<account_id>:<YYYY-MM-DD>`. Models that carry the account-days through
        a window rebuild it afterwards rather than sort it with the rows (DECISIONS.md, Scale). -#}
    {{ account_id }} || ':' || cast({{ date_day }} as {{ dbt.type_string() }})
{%- endmacro %}
