"""Alerts people keep reading, on the demo `make dbt-test` built: the busiest CSM's median week stays
within var('alert_budget_per_csm_week'), and the cool-down costs no churner its warning (every account
that churned with an alert candidate in the 90 days before still has an alert there)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
import yaml

from customer_health_tools.dbt_env import PROJECT

WAREHOUSE = Path(os.environ.get("HEALTH_DUCKDB_PATH", "warehouse/test.duckdb"))
BUDGET = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["alert_budget_per_csm_week"]

pytestmark = pytest.mark.skipif(not WAREHOUSE.exists(), reason=f"{WAREHOUSE}: build the demo first (make dbt-test)")

CAUGHT = """
    select count(distinct churns.account_id)
    from main_intermediate.int_account_churns as churns
    inner join {alerts} as alerts
        on alerts.account_id = churns.account_id
        and alerts.alert_date >= churns.churn_date - 90
        and alerts.alert_date < churns.churn_date
"""


def test_the_busiest_csms_median_week_is_within_budget() -> None:
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        busiest, median_week, total = con.execute(
            """
            select csm_email, median(alerts), sum(alerts)
            from main_marts.fct_csm_alert_weeks
            group by csm_email
            order by sum(alerts) desc
            limit 1
            """
        ).fetchall()[0]
    finally:
        con.close()
    assert total > 0
    assert median_week <= BUDGET, f"{busiest}: median week {median_week} alerts > budget {BUDGET}"


def test_the_cool_down_keeps_every_churners_warning() -> None:
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        candidates = con.execute(CAUGHT.format(alerts="main_intermediate.int_alert_candidates")).fetchall()[0][0]
        alerted = con.execute(CAUGHT.format(alerts="main_marts.fct_health_alerts")).fetchall()[0][0]
    finally:
        con.close()
    assert candidates > 0
    assert alerted >= candidates, f"alerts warned {alerted} churners in the 90 days before, candidates {candidates}"
