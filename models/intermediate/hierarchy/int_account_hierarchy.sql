{#- One row per account that has descendants and every account of its tree at any depth, the account
    itself included (depth 0): the membership a parent rollup sums over. Only the links that
    int_account_parent_links keeps are followed, so the trees have no cycles and each account
    appears once per ancestor. -#}

with recursive

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

links as (
    select
        account_id,
        parent_account_id
    from {{ ref('int_account_parent_links') }}
    where link_status = 'valid'
),

tree (ancestor_account_id, account_id, depth) as (
    select
        account_id,
        account_id,
        0
    from accounts
    where account_id in (select parent_account_id from links)
    union all
    select
        tree.ancestor_account_id,
        links.account_id,
        tree.depth + 1
    from tree
    inner join links
        on tree.account_id = links.parent_account_id
),

final as (
    select
        ancestor_account_id || '|' || account_id as account_hierarchy_id,
        ancestor_account_id,
        account_id,
        depth
    from tree
)

select * from final
