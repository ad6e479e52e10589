-- The weights and bands seeds and the gates var are consistent. validate_health_config fails with a
-- message naming every offending seed row; this test runs right after the seeds load, so that message
-- is the first error of a build. Returns the segments whose weights do not sum to 1 as well.
{{ validate_health_config(ref('health_score_weights'), ref('health_score_bands')) }}

select
    segment,
    sum(weight) as total_weight
from {{ ref('health_score_weights') }}
group by segment
having abs(sum(weight) - 1) >= 0.0001
