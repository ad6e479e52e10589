-- Per account, fct_account_health_explain's points add up to the health score, and their 7, 30 and
-- 90-day changes to the score's changes (int_account_health_trends), where the account was scored
-- then. Tolerances are the roundings: points have three decimals, scores one.
{%- set offsets = [7, 30, 90] %}

with

explained as (
    select
        account_id,
        max(health_score) as health_score,
        sum(points) as points{% for offset in offsets %},
        sum(points_change_{{ offset }}d) as points_change_{{ offset }}d,
        count(points_change_{{ offset }}d) = count(*) as complete_{{ offset }}d{% endfor %}
    from {{ ref('fct_account_health_explain') }}
    group by account_id
),

trends as (
    select * from {{ ref('int_account_health_trends') }}
    where date_day = {{ as_of_date() }}
),

checked as (
    select
        explained.*,
        abs(explained.points - explained.health_score) > 0.07 as level_off{% for offset in offsets %},
        trends.health_score_change_{{ offset }}d,
        (
            explained.complete_{{ offset }}d
            and abs(explained.points_change_{{ offset }}d - trends.health_score_change_{{ offset }}d) > 0.15
        ) as change_{{ offset }}d_off{% endfor %}
    from explained
    inner join trends
        on explained.account_id = trends.account_id
)

select * from checked
where
    level_off
    {% for offset in offsets -%}
    or change_{{ offset }}d_off
    {% endfor %}
