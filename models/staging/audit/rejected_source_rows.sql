with

{% for audited in audited_sources() %}
rejected_{{ audited.table }} as (
    select
        '{{ audited.table }}' as source_table,
        {{ audited.id }} as source_id,
        _source_row_key as source_row_key,
        _rejection_reason as reason,
        _raw_values as raw_values,
        loaded_at
    from {{ ref(audited.base) }}
    where _row_status = 'rejected'
),

{% endfor %}
unioned as (
    {% for audited in audited_sources() %}
    select * from rejected_{{ audited.table }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_table || ':' || source_row_key as rejected_row_id,
        source_table,
        source_id,
        reason,
        raw_values,
        loaded_at
    from unioned
)

select * from final
