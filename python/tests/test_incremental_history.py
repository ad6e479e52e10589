"""fct_account_health_daily built incrementally, one day at a time, equals a full refresh."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from customer_health_tools.generator import Generator, GeneratorConfig

PROJECT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
AS_OF = dt.date(2026, 6, 30)
START = "2025-09-01"


def dbt(env: dict[str, str], *args: str, as_of: dt.date) -> None:
    vars_ = f"{{as_of_date: '{as_of}', score_history_start_date: '{START}'}}"
    result = subprocess.run(
        [str(DBT), *args, "--vars", vars_], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-5000:]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("incremental")
    db = tmp / "incremental.duckdb"
    con = duckdb.connect(str(db))
    Generator(con, GeneratorConfig(accounts=150, days=400, as_of=AS_OF, seed=5), progress=lambda _m: None).run()
    con.close()
    env = {
        **os.environ,
        "HEALTH_DUCKDB_PATH": str(db),
        "DBT_PROFILES_DIR": str(PROJECT),
        "DO_NOT_TRACK": "1",
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DBT_LOG_PATH": str(tmp / "logs"),
    }
    return db, env


def test_daily_refreshes_equal_a_full_refresh(warehouse) -> None:
    db, env = warehouse
    dbt(env, "seed", as_of=AS_OF)
    selection = ("run", "-s", "+fct_account_health_daily")
    first = AS_OF - dt.timedelta(days=3)
    dbt(env, *selection, "--full-refresh", as_of=first)
    for offset in (2, 1, 0):  # three daily refreshes
        dbt(env, *selection, as_of=AS_OF - dt.timedelta(days=offset))

    con = duckdb.connect(str(db))
    con.execute("create table main_marts.history_incremental as select * from main_marts.fct_account_health_daily")
    con.close()
    dbt(env, "run", "-s", "fct_account_health_daily", "--full-refresh", as_of=AS_OF)

    con = duckdb.connect(str(db), read_only=True)
    total = con.execute("select count(*), max(date_day) from main_marts.fct_account_health_daily").fetchall()[0]
    assert total[0] > 10_000 and total[1] == AS_OF
    only_incremental = con.execute(
        "select count(*) from (select * from main_marts.history_incremental "
        "except select * from main_marts.fct_account_health_daily)"
    ).fetchall()[0][0]
    only_full = con.execute(
        "select count(*) from (select * from main_marts.fct_account_health_daily "
        "except select * from main_marts.history_incremental)"
    ).fetchall()[0][0]
    assert (only_incremental, only_full) == (0, 0)


def test_calibration_writes_a_valid_seed_and_report(warehouse, tmp_path: Path) -> None:
    db, env = warehouse  # the test above built the account x day models; churn labels are still needed
    from customer_health_tools.calibrate import DIMENSIONS, calibrate, write_outputs

    dbt(env, "run", "-s", "+int_account_churns", "+int_health_score_config", as_of=AS_OF)

    result = calibrate(db, progress=lambda _m: None)
    assert set(result.weights) == set(DIMENSIONS)
    assert abs(sum(result.weights.values()) - 1) < 1e-9 and min(result.weights.values()) >= 0
    assert result.holdout_cutoffs[0] > result.train_cutoffs[-1]
    assert 0.5 < result.auc_current <= 1 and 0 <= result.auc_proposed <= 1
    seed, report = write_outputs(result, tmp_path)
    rows = seed.read_text().splitlines()
    assert rows[0] == "segment,dimension,weight" and len(rows) == 1 + len(DIMENSIONS)
    assert "held-out AUC" in report.read_text()
