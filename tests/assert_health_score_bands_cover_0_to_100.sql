-- The bands seed must tile 0-100: first band starts at 0, each starts where the previous ended,
-- the last ends at 100. Returns the offending bands.
with

bands as (
    select
        tier,
        min_score,
        max_score,
        lag(max_score) over (order by min_score) as previous_max_score,
        row_number() over (order by min_score) as band_number,
        count(*) over () as band_count
    from {{ ref('health_score_bands') }}
)

select *
from bands
where
    min_score >= max_score
    or (band_number = 1 and min_score <> 0)
    or (band_number > 1 and min_score <> previous_max_score)
    or (band_number = band_count and max_score <> 100)
