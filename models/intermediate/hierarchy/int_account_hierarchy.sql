{#- One row per account that has descendants and every account of its tree at any depth, the account
    itself included (tree_level 0): the membership a parent rollup sums over. Only the links that
    int_account_parent_links keeps are followed, so the trees have no cycles and each account
    appears once per ancestor. -#}

with recursive

links as (
    select
        account_id,
        parent_account_id
    from {{ ref('int_account_parent_links') }}
    where link_status = 'valid'
),

tree (ancestor_account_id, account_id, tree_level) as (
    select distinct  -- every parent of a valid link, a known account by that link's validity
        parent_account_id as ancestor_account_id,
        parent_account_id as account_id,
        0 as tree_level
    from links
    union all
    select
        tree.ancestor_account_id,
        links.account_id,
        tree.tree_level + 1
    from tree
    inner join links
        on tree.account_id = links.parent_account_id
),

final as (
    select
        ancestor_account_id || '|' || account_id as account_hierarchy_id,
        ancestor_account_id,
        account_id,
        tree_level
    from tree
)

select * from final
