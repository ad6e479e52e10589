with

{% for audited in audited_sources() %}
raw_{{ audited.table }} as (
    select count(*) as raw_rows
    from {{ source(audited.source, audited.table) }}
),

fates_{{ audited.table }} as (
    select
        sum(case when _row_status = 'staged' then 1 else 0 end) as staged_rows,
        sum(case when _row_status = 'rejected' then 1 else 0 end) as rejected_rows,
        sum(case when _row_status = 'superseded' then 1 else 0 end) as superseded_rows,
        sum(case when _row_status = 'soft_deleted' then 1 else 0 end) as soft_deleted_rows,
        sum(case when _row_status = 'test_account' then 1 else 0 end) as test_account_rows
    from {{ ref(audited.base) }}
),

ties_{{ audited.table }} as (  -- ids whose newest versions share one _loaded_at: the raw text decided
    select count(*) as loaded_at_ties
    from {{ ref(audited.base) }} as runner_up
    inner join {{ ref(audited.base) }} as winner
        on
            runner_up.{{ audited.id }} = winner.{{ audited.id }}
            and winner._version_rank = 1
    where runner_up._version_rank = 2 and runner_up.loaded_at = winner.loaded_at
),

staged_{{ audited.table }} as (
    select count(*) as staged_model_rows
    from {{ ref(audited.base | replace('base_', 'stg_')) }}
),

{% endfor %}
unioned as (
    {% for audited in audited_sources() %}
    select
        '{{ audited.table }}' as source_table,
        raw_{{ audited.table }}.raw_rows,
        staged_{{ audited.table }}.staged_model_rows as staged_rows,
        coalesce(fates_{{ audited.table }}.rejected_rows, 0) as rejected_rows,
        coalesce(fates_{{ audited.table }}.superseded_rows, 0) as superseded_rows,
        coalesce(fates_{{ audited.table }}.soft_deleted_rows, 0) as soft_deleted_rows,
        coalesce(fates_{{ audited.table }}.test_account_rows, 0) as test_account_rows,
        ties_{{ audited.table }}.loaded_at_ties
    from raw_{{ audited.table }}
    cross join fates_{{ audited.table }}
    cross join ties_{{ audited.table }}
    cross join staged_{{ audited.table }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        *,
        raw_rows - staged_rows - rejected_rows - superseded_rows - soft_deleted_rows - test_account_rows
            as unaccounted_rows
    from unioned
)

select * from final
