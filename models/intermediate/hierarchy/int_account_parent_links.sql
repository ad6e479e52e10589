{#- One row per account whose CRM record names a parent account, with whether the link is used in
    the hierarchy. A link is set aside (link_status other than `valid`, never silently) when the
    account names itself, names an account that is not in stg_crm__accounts, or is part of a cycle
    (a -> b -> a): every link of a cycle is set aside, so its members become roots of their own trees
    and no ARR is counted twice. -#}

with recursive

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

links as (
    select
        account_id,
        parent_account_id
    from accounts
    where parent_account_id is not null
),

candidate_links as (  -- links from one known account to another
    select links.*
    from links
    inner join accounts as parents
        on links.parent_account_id = parents.account_id
    where links.account_id <> links.parent_account_id
),

ancestry (account_id, ancestor_account_id, walked_path) as (  -- upwards, never through an account twice
    select
        account_id,
        parent_account_id,
        '|' || account_id || '|' || parent_account_id || '|'
    from candidate_links
    union all
    select
        ancestry.account_id,
        candidate_links.parent_account_id,
        ancestry.walked_path || candidate_links.parent_account_id || '|'
    from ancestry
    inner join candidate_links
        on ancestry.ancestor_account_id = candidate_links.account_id
    where position('|' || candidate_links.parent_account_id || '|' in ancestry.walked_path) = 0
),

cycle_members as (  -- accounts whose walk upwards leads back to themselves
    select distinct ancestry.account_id
    from ancestry
    inner join candidate_links
        on ancestry.ancestor_account_id = candidate_links.account_id
    where candidate_links.parent_account_id = ancestry.account_id
),

final as (
    select
        links.account_id,
        links.parent_account_id,
        case
            when links.parent_account_id = links.account_id then 'self_parent'
            when parents.account_id is null then 'unknown_parent'
            when cycle_members.account_id is not null then 'parent_cycle'
            else 'valid'
        end as link_status
    from links
    left join accounts as parents
        on links.parent_account_id = parents.account_id
    left join cycle_members
        on links.account_id = cycle_members.account_id
)

select * from final
