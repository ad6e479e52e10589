{#- Support subscore per account per day over the trailing support window: ticket volume per seat,
    share of urgent/high tickets, reopen rate, first-reply and resolution SLA breaches, bad ratings.
    More tickets and worse service subtract points. Support is known from the first day the ticketing
    source holds a ticket of any account: from then on an account without tickets in the window has
    0 tickets per seat (the best value) and its ticket ratios do not apply (null); before it, all
    support measures are null. -#}
{%- set measures = ['tickets_per_seat', 'urgent_ticket_ratio', 'reopened_ticket_ratio',
                    'slow_first_reply_ratio', 'slow_resolution_ratio', 'bad_rating_ratio'] -%}
{%- set specs = measure_specs('support', measures) -%}
{%- set percentile_measures = percentile_measure_names(specs) -%}
{%- set window = var('support_window_days') -%}

with

-- built after int_health_score_config, whose checks stop a build with a changed configuration
-- depends_on: {{ ref('int_health_score_config') }}
account_days as (
    select * from {{ ref('int_account_days') }}
    {{- incremental_days_filter() }}
),

tickets_daily as (
    select * from {{ ref('int_support_tickets_daily') }}
),

tracking as (  -- the first day any account opened a ticket: support is known from that day on
    select min(date_day) as first_day
    from tickets_daily
    where tickets_opened > 0
),

windowed as (
    {{ trailing_window_sums('tickets_daily', [
        {'column': 'tickets_opened', 'window': window},
        {'column': 'urgent_tickets', 'window': window},
        {'column': 'tickets_solved', 'window': window},
        {'column': 'reopened_tickets', 'window': window},
        {'column': 'bad_ratings', 'window': window},
        {'column': 'reply_sla_due', 'window': window},
        {'column': 'slow_replies', 'window': window},
        {'column': 'resolution_sla_due', 'window': window},
        {'column': 'slow_resolutions', 'window': window},
    ], carry=['segment', 'seats', 'is_customer'], sum_type=dbt.type_bigint()) }}
),

measures as (
    select
        {{ account_day_id('windowed.account_id', 'windowed.date_day') }} as account_day_id,
        windowed.account_id,
        windowed.date_day,
        windowed.segment,
        windowed.tickets_opened,
        windowed.urgent_tickets,
        windowed.tickets_solved,
        case
            when windowed.date_day >= tracking.first_day
                then {{ ratio('windowed.tickets_opened', 'windowed.seats') }}
        end as tickets_per_seat,
        {{ ratio('windowed.urgent_tickets', 'windowed.tickets_opened') }} as urgent_ticket_ratio,
        {{ ratio('windowed.reopened_tickets', 'windowed.tickets_solved') }} as reopened_ticket_ratio,
        {{ ratio('windowed.slow_replies', 'windowed.reply_sla_due') }} as slow_first_reply_ratio,
        {{ ratio('windowed.slow_resolutions', 'windowed.resolution_sla_due') }} as slow_resolution_ratio,
        {{ ratio('windowed.bad_ratings', 'windowed.tickets_solved') }} as bad_rating_ratio
    from windowed
    cross join tracking
    where windowed.is_customer
),

{% for name in percentile_measures -%}
peer_ranks_{{ name }} as (  -- each value's rank in its segment that day
    {{ percentile_peer_ranks(name, specs[name].higher_is_better, 'measures', ['segment', 'date_day']) }}
),

{% endfor %}
scored_measures as (  -- each measure's 0-100 score, as var('health_score_measures') says
    select
        measures.*{% for name, spec in specs.items() %},
        {{ measure_score('measures.' ~ name, spec, 'peer_ranks_' ~ name) }} as {{ name }}_score{% endfor %}
    from measures
    {% for name in percentile_measures -%}
    left join peer_ranks_{{ name }}
        on
            measures.segment = peer_ranks_{{ name }}.segment
            and measures.date_day = peer_ranks_{{ name }}.date_day
            and measures.{{ name }} = peer_ranks_{{ name }}.peer_value
    {% endfor -%}
),

final as (
    select
        *,
        {{ dimension_score('support', measures) }} as support_score
    from scored_measures
)

select * from final
