-- Every segment's weights in the health_score_weights seed must sum to 1; returns the segments that do not.
select
    segment,
    sum(weight) as total_weight
from {{ ref('health_score_weights') }}
group by segment
having abs(sum(weight) - 1) >= 0.0001
