"""Every incremental model, refreshed one day of loads at a time, equals a full refresh."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from customer_health_tools.bench import day_range_statements
from customer_health_tools.dbt_env import PROJECT, dbt_env
from customer_health_tools.generator import Generator, GeneratorConfig

DBT = Path(sys.executable).parent / "dbt"
AS_OF = dt.date(2026, 6, 30)
START = "2025-09-01"


def dbt(
    env: dict[str, str], *args: str, as_of: dt.date, range_rows: int | None = None, date_in_env: bool = False
) -> str:
    """Runs dbt as of `as_of` and returns its output; `range_rows` sets build_range_rows (customer-days per
    statement). date_in_env passes the day in HEALTH_AS_OF_DATE instead of --vars, as a scheduler does."""
    range_var = f", build_range_rows: {range_rows}" if range_rows else ""
    date_var = "" if date_in_env else f"as_of_date: '{as_of}', "
    vars_ = f"{{{date_var}score_history_start_date: '{START}'{range_var}}}"
    env = env | {"HEALTH_AS_OF_DATE": str(as_of)} if date_in_env else env
    result = subprocess.run(
        [str(DBT), *args, "--vars", vars_], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return result.stdout


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("incremental")
    db = tmp / "incremental.duckdb"
    con = duckdb.connect(str(db))
    Generator(con, GeneratorConfig(accounts=150, days=400, as_of=AS_OF, seed=5), progress=lambda _m: None).run()
    con.close()
    env = dbt_env(tmp, HEALTH_DUCKDB_PATH=str(db))
    return db, env


def incremental_models(target: Path) -> list[str]:
    manifest = json.loads((target / "manifest.json").read_text())
    return sorted(
        f"{node['schema']}.{node['alias']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    )


def load_events_until(db: Path, day: dt.date) -> None:
    """Moves the product events loaded up to the end of `day` from a held-back copy into raw: one day's
    load of the append-only event stream. (The generator writes the other tables' final versions only,
    so holding those back would remove rows that a real loader had delivered earlier.)"""
    con = duckdb.connect(str(db))
    con.execute("create schema if not exists held_back")
    held = con.execute("select count(*) from duckdb_tables() where schema_name = 'held_back'").fetchall()[0][0]
    if not held:
        con.execute(
            "create table held_back.product_events as select * from raw.product_events where _loaded_at >= ?", [day]
        )
        con.execute("delete from raw.product_events where _loaded_at >= ?", [day])
    cutoff = day + dt.timedelta(days=1)
    con.execute("insert into raw.product_events select * from held_back.product_events where _loaded_at < ?", [cutoff])
    con.execute("delete from held_back.product_events where _loaded_at < ?", [cutoff])
    con.close()


def add_resynced_event_versions(db: Path, before: dt.date, on: dt.date) -> None:
    """Re-syncs whose ids differ only by padding, and null ids, loaded before `before` and on `on`: a
    refresh must find every version of an id however it was padded, as a full build groups them."""
    con = duckdb.connect(str(db))
    ids = [
        row[0]
        for row in con.execute(
            "select id from raw.product_events where _loaded_at < ? and id is not null order by id limit 2", [before]
        ).fetchall()
    ]
    versions = [
        # events without an id, before and on `on`
        (None, "_loaded_at - interval 1 hour", ids[0]),
        (None, f"timestamp '{on} 12:30:00'", ids[1]),
        # an old version padded with a no-break space, re-synced unpadded on `on`
        (chr(160) + ids[0], "_loaded_at - interval 1 hour", ids[0]),
        (ids[0], f"timestamp '{on} 12:00:00'", ids[0]),
        # an old unpadded id re-synced padded with spaces on `on`
        (f" {ids[1]} ", f"timestamp '{on} 12:00:00'", ids[1]),
    ]
    for new_id, loaded_at, source_id in versions:
        con.execute(
            f"insert into raw.product_events select ?, account_id, user_id, event_name, occurred_at, {loaded_at} "
            "from raw.product_events where id = ?",
            [new_id, source_id],
        )
    con.close()


def assert_bare_ranges_equal_dbt(db: Path, target: Path) -> None:
    """The benchmark's bare run rebuilds the day-range models from their compiled SQL, range by range,
    into exactly the rows dbt's post-hook built: plain ranges, look-back windows (alerts) and shifted
    look-back joins (trends)."""
    manifest = json.loads((target / "manifest.json").read_text())
    con = duckdb.connect(str(db))
    for name in ("int_account_health_daily", "int_account_health_trends", "int_alert_candidates"):
        node = next(n for n in manifest["nodes"].values() if n["name"] == name)
        statements = day_range_statements(node["compiled_code"])
        assert len(statements) > 1, f"{name}: the plan has one range; lower build_range_rows"
        con.execute("create or replace temp table bare_rows as " + statements[0])
        for statement in statements[1:]:
            con.execute(f"insert into bare_rows select * from ({statement}) as day_range_rows")
        built = node["relation_name"]
        for left, right in ((built, "bare_rows"), ("bare_rows", built)):
            assert con.execute(f"select count(*) from (from {left} except all from {right})").fetchall() == [(0,)]
        assert con.execute("select count(*) from bare_rows").fetchall()[0][0] > 0, name
    con.close()


def test_daily_refreshes_equal_a_full_refresh(warehouse) -> None:
    db, env = warehouse
    dbt(env, "seed", as_of=AS_OF)
    selection = ("run", "-s", "+fct_account_health_daily", "+fct_health_alerts", "+fct_health_score_changes")
    first = AS_OF - dt.timedelta(days=3)
    add_resynced_event_versions(db, before=first, on=AS_OF - dt.timedelta(days=1))
    load_events_until(db, first)
    # the incremental side builds int_account_health_daily in several day ranges (a few thousand
    # customer-days each, one per day on a refresh); the final full refresh in one
    dbt(env, *selection, "--full-refresh", as_of=first, range_rows=5_000)
    assert_bare_ranges_equal_dbt(db, Path(env["DBT_TARGET_PATH"]))
    for offset in (2, 1, 0):  # three daily loads, each followed by a refresh as a scheduled job runs it:
        day = AS_OF - dt.timedelta(days=offset)  # the same vars every day, the day in HEALTH_AS_OF_DATE
        load_events_until(db, day)
        output = dbt(env, *selection, as_of=day, range_rows=50, date_in_env=True)
        if offset < 2:  # the first refresh's vars differ from the full build's; then dbt keeps its parse
            assert "Unable to do partial parsing" not in output, output[:2000]

    models = incremental_models(Path(env["DBT_TARGET_PATH"]))
    assert len(models) >= 10, models
    con = duckdb.connect(str(db))
    con.execute("create schema if not exists incremental_copy")
    for model in models:
        con.execute(f"create table incremental_copy.{model.split('.')[1]} as select * from {model}")
    con.close()
    dbt(env, *selection, "--full-refresh", as_of=AS_OF)

    con = duckdb.connect(str(db), read_only=True)
    total = con.execute("select count(*), max(date_day) from main_marts.fct_account_health_daily").fetchall()[0]
    assert total[0] > 10_000 and total[1] == AS_OF
    differences = {}
    for model in models:
        copy = f"incremental_copy.{model.split('.')[1]}"
        # running sums of doubles add in a different order; compare them to 9 decimals
        columns = ", ".join(
            f"round({name}, 9)" if kind in ("DOUBLE", "FLOAT") else name
            for name, kind, *_ in con.execute(f"describe {model}").fetchall()
        )
        differences[model] = tuple(
            con.execute(
                f"select count(*) from (select {columns} from {left} except all select {columns} from {right})"
            ).fetchall()[0][0]
            for left, right in ((copy, model), (model, copy))
        )
    assert differences == dict.fromkeys(models, (0, 0))


def test_a_refreshs_data_tests_read_the_rows_it_could_have_written(warehouse) -> None:
    """data_test_scope 'refreshed' (get_where_subquery.sql): a test of an account x day model reads its
    recomputed days, of the sparse alerts their restated dates, of a base_ model and of the stg_ view
    over it the rows loaded in the restatement window; a test of a table model reads every row."""
    _db, env = warehouse
    vars_ = f"{{as_of_date: '{AS_OF}', score_history_start_date: '{START}', data_test_scope: refreshed}}"
    result = subprocess.run(
        [str(DBT), "compile", "-s", "test_type:generic", "--vars", vars_],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    manifest = json.loads((Path(env["DBT_TARGET_PATH"]) / "manifest.json").read_text())
    compiled: dict[str, list[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("attached_node") and node.get("compiled_code"):
            compiled.setdefault(node["attached_node"].split(".")[-1], []).append(node["compiled_code"])
    expected = {
        "int_account_health_daily": "date_day >= (select max(latest.date_day) from",
        "int_alert_candidates": f"alert_date >= cast('{AS_OF}' as date) - 2",
        "base_product__events": "loaded_at >= ",
        "stg_product__events": "loaded_at >= ",
    }
    for model, condition in expected.items():
        assert compiled[model] and all(condition in sql for sql in compiled[model]), (model, compiled[model][:1])
    table_tests = compiled["fct_account_health"]  # some have a `where` config of their own, never the scope's
    assert table_tests and not any("latest." in sql or "loaded_at >=" in sql for sql in table_tests)


def test_a_malformed_scoring_date_in_the_environment_is_named(warehouse) -> None:
    _db, env = warehouse
    result = subprocess.run(
        [str(DBT), "compile", "-s", "int_account_days"],
        cwd=PROJECT,
        env=env | {"HEALTH_AS_OF_DATE": "24/11/2026"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "HEALTH_AS_OF_DATE must be a date as YYYY-MM-DD, got '24/11/2026'" in result.stdout


def test_calibration_writes_a_drop_in_configuration_and_report(warehouse, tmp_path: Path) -> None:
    db, env = warehouse  # the test above built the account x day models; churn labels are still needed
    import yaml

    from customer_health_tools.calibrate import DIMENSIONS, calibrate, measure_config, write_outputs

    dbt(
        env,
        "run",
        "-s",
        "+int_account_churns",
        "+int_health_score_config",
        "int_backtest_examples",
        "int_churn_probability_bins",
        "int_churn_probabilities",
        "fct_health_backtest",
        as_of=AS_OF,
    )

    result = calibrate(db, progress=lambda _m: None)
    assert set(result.weights) == set(DIMENSIONS)
    assert abs(sum(result.weights.values()) - 1) < 1e-9 and min(result.weights.values()) >= 0
    assert result.holdout_cutoffs[0] > result.train_cutoffs[-1]
    overall = result.proposed["overall"]
    assert 0 <= overall.auc <= 1 and 0 <= overall.brier <= 1
    assert 0.5 < result.current["overall"].auc <= 1
    seed, vars_file, report = write_outputs(result, tmp_path)
    rows = seed.read_text().splitlines()
    assert rows[0] == "segment,dimension,weight" and len(rows) == 1 + len(DIMENSIONS)
    proposed = yaml.safe_load(vars_file.read_text())["health_score_measures"]
    current = measure_config()
    assert {d: set(m) for d, m in proposed.items()} == {d: set(m) for d, m in current.items()}
    for dimension, measures in proposed.items():  # only the weights differ
        for name, spec in measures.items():
            assert {k: v for k, v in spec.items() if k != "weight"} == {
                k: v for k, v in current[dimension][name].items() if k != "weight"
            }
    text = report.read_text()
    assert "Held-out results" in text and "standalone AUC" in text and "--full-refresh" in text
