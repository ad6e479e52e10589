{% macro health_score_config(weights_relation, bands_relation) -%}
    {#- Everything that changes a score, as text, and its version: the weights and bands seeds, the
        measures and gates vars and the tiering. Read when the run executes (the seeds' rows), so the
        version is the same on every adapter and a changed seed or var always changes it. -#}
    {%- if not execute -%}
        {{ return({'weights': '', 'bands': '', 'measures': '', 'gates': '', 'tiering': '', 'version': 'cfg-parse'}) }}
    {%- endif -%}
    {%- set weights = run_query("select segment, dimension, weight from " ~ weights_relation
        ~ " order by segment, dimension") -%}
    {%- set bands = run_query("select tier, min_score, max_score from " ~ bands_relation ~ " order by min_score") -%}
    {%- set parts = {
        'weights': weights.rows | map('join', '/') | join(';'),
        'bands': bands.rows | map('join', '/') | join(';'),
        'measures': tojson(var('health_score_measures'), sort_keys=true),
        'gates': tojson(var('health_score_gates'), sort_keys=true),
        'tiering': var('health_tiering') ~ (
            '/' ~ var('quantile_healthy_share') ~ '/' ~ var('quantile_unhealthy_share')
            if var('health_tiering') == 'quantiles' else ''),
    } -%}
    {%- do parts.update({'version': 'cfg-' ~ local_md5(
        [parts.weights, parts.bands, parts.measures, parts.gates, parts.tiering] | join('|'))[:12]}) -%}
    {{ return(parts) }}
{%- endmacro %}


{% macro assert_history_matches_config(config) -%}
    {#- Stops an incremental build before it mixes two scoring configurations, or keeps days after
        as_of_date, in one stored history (int_account_health_daily). The message names what changed
        and the command that rebuilds the history. A full refresh, or a first build, passes; so do
        commands that write nothing (compile, docs generate), so `make docs` works on any history. -#}
    {%- if not execute or flags.FULL_REFRESH or flags.WHICH not in ['run', 'build'] -%}{{ return('') }}{%- endif -%}
    {%- set history = adapter.get_relation(this.database, this.schema, 'int_account_health_daily') -%}
    {%- if history is none -%}{{ return('') }}{%- endif -%}
    {%- set stored = run_query("select score_config_version, cast(max(date_day) as "
        ~ dbt.type_string() ~ ") from " ~ history ~ " group by score_config_version") -%}
    {%- set problems = [] -%}
    {%- set as_of = as_of_date_text() -%}
    {%- set previous = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- for row in stored.rows if row[0] != config.version -%}
        {%- set changed = [] -%}
        {%- if previous is not none and 'weights_config' in adapter.get_columns_in_relation(previous)
                | map(attribute='name') | map('lower') | list -%}
            {%- set old = run_query("select weights_config, bands_config, measures_config, gates_config,"
                ~ " tiering_config from " ~ previous ~ " where score_config_version = '" ~ row[0] ~ "'") -%}
            {%- if old.rows | length > 0 -%}
                {%- set labels = {'weights': 'the weights seed (health_score_weights)',
                    'bands': 'the bands seed (health_score_bands)',
                    'measures': "var('health_score_measures')", 'gates': "var('health_score_gates')",
                    'tiering': "var('health_tiering')"} -%}
                {%- for part in ['weights', 'bands', 'measures', 'gates', 'tiering'] -%}
                    {%- if old.rows[0][loop.index0] != config[part] -%}
                        {%- do changed.append(labels[part]) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
        {%- do problems.append("the stored score history was built with configuration " ~ row[0]
            ~ ", this run's is " ~ config.version
            ~ (" (changed: " ~ changed | join(', ') ~ ")" if changed else "")) -%}
    {%- endfor -%}
    {%- set latest = stored.rows | map(attribute=1) | reject('none') | max -%}
    {%- if latest and latest > as_of -%}
        {%- do problems.append("the stored score history runs to " ~ latest ~ ", after as_of_date "
            ~ as_of ~ "; an incremental build would keep those later days") -%}
    {%- endif -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "An incremental build would mix scores in " ~ history ~ ":\n  - " ~ problems | join("\n  - ")
            ~ "\nRebuild the whole history with this configuration and date:\n    dbt build --full-refresh"
            ~ ("" if var('as_of_date', none) is none else " --vars '{as_of_date: " ~ as_of ~ "}'")
            ~ ("\n(or restore the configuration the history was built with)." if stored.rows
                | map(attribute=0) | reject('equalto', config.version) | list else "")) }}
    {%- endif -%}
{%- endmacro %}
