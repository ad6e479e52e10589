{% macro validate_health_config(weights_relation, bands_relation) -%}
    {#- Fails the build with a message naming the offending row when the weights or bands seeds
        (or the gates var) are inconsistent. Runs when the config model executes. -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set dimensions = health_dimensions() -%}
    {%- set problems = [] -%}

    {%- set weights = run_query("select segment, dimension, weight from " ~ weights_relation) -%}
    {%- set totals = {} -%}
    {%- for row in weights.rows -%}
        {%- set where = "health_score_weights row (segment=" ~ row[0] ~ ", dimension=" ~ row[1]
            ~ ", weight=" ~ row[2] ~ ")" -%}
        {%- if row[0] is none or row[1] is none or row[2] is none -%}
            {%- do problems.append(where ~ ": segment, dimension and weight are all required") -%}
        {%- else -%}
            {%- if row[1] not in dimensions -%}
                {%- do problems.append(where ~ ": unknown dimension; use one of " ~ dimensions | join(', ')) -%}
            {%- endif -%}
            {%- if row[2] < 0 -%}
                {%- do problems.append(where ~ ": weight must not be negative") -%}
            {%- endif -%}
            {%- set key = row[0] ~ '/' ~ row[1] -%}
            {%- if key in totals -%}
                {%- do problems.append(where ~ ": duplicate segment and dimension") -%}
            {%- endif -%}
            {%- do totals.update({key: row[2]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set segments = weights.rows | map(attribute=0) | reject('none') | unique | list -%}
    {%- if 'default' not in segments -%}
        {%- do problems.append("health_score_weights: no rows for segment 'default', which applies to every segment without rows") -%}
    {%- endif -%}
    {%- for segment in segments -%}
        {%- set ns = namespace(total=0) -%}
        {%- for row in weights.rows if row[0] == segment and row[2] is not none -%}
            {%- set ns.total = ns.total + row[2] -%}
        {%- endfor -%}
        {%- if (ns.total - 1) | abs > 0.0001 -%}
            {%- do problems.append("health_score_weights segment " ~ segment ~ ": weights sum to "
                ~ ns.total ~ ", they must sum to 1") -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set bands = run_query("select tier, min_score, max_score from " ~ bands_relation ~ " order by min_score") -%}
    {%- set ns = namespace(previous_max=0, first=true) -%}
    {%- for row in bands.rows -%}
        {%- set where = "health_score_bands row (tier=" ~ row[0] ~ ", min_score=" ~ row[1] ~ ", max_score=" ~ row[2] ~ ")" -%}
        {%- if row[1] is none or row[2] is none or row[1] >= row[2] -%}
            {%- do problems.append(where ~ ": min_score must be below max_score") -%}
        {%- elif ns.first and row[1] != 0 -%}
            {%- do problems.append(where ~ ": the lowest band must start at 0") -%}
        {%- elif not ns.first and row[1] != ns.previous_max -%}
            {%- do problems.append(where ~ ": starts at " ~ row[1] ~ " but the band below ends at "
                ~ ns.previous_max ~ " (gap or overlap)") -%}
        {%- endif -%}
        {%- set ns.previous_max = row[2] -%}
        {%- set ns.first = false -%}
    {%- endfor -%}
    {%- if bands.rows | length == 0 or ns.previous_max != 100 -%}
        {%- do problems.append("health_score_bands: the highest band must end at 100") -%}
    {%- endif -%}
    {%- set tiers = bands.rows | map(attribute=0) | list -%}
    {%- if tiers | unique | list | length != tiers | length -%}
        {%- do problems.append("health_score_bands: tier names must be unique") -%}
    {%- endif -%}
    {%- if var('health_tiering') not in ['bands', 'quantiles'] -%}
        {%- do problems.append("var('health_tiering') must be 'bands' or 'quantiles', got " ~ var('health_tiering')) -%}
    {%- endif -%}
    {%- if var('backtest_population') not in ['renewal_window', 'all'] -%}
        {%- do problems.append("var('backtest_population') must be 'renewal_window' or 'all', got " ~ var('backtest_population')) -%}
    {%- endif -%}
    {%- if var('health_tiering') == 'quantiles' -%}
        {%- for tier in ['healthy', 'at_risk', 'unhealthy'] if tier not in tiers -%}
            {%- do problems.append("health_tiering=quantiles needs a '" ~ tier ~ "' row in health_score_bands for its colours") -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for gate in var('health_score_gates') -%}
        {%- if gate.cap_tier not in tiers -%}
            {%- do problems.append("var('health_score_gates') " ~ gate.name ~ ": cap_tier '" ~ gate.cap_tier
                ~ "' is not a tier of health_score_bands") -%}
        {%- endif -%}
        {%- if gate.dimension not in dimensions -%}
            {%- do problems.append("var('health_score_gates') " ~ gate.name ~ ": unknown dimension '" ~ gate.dimension ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error("Invalid health score configuration:\n  - " ~ problems | join("\n  - ")) }}
    {%- endif -%}
{%- endmacro %}
