"""dbt build on a small raw schema written by hand, scored two years back: no NPS answers and no CS
activities at all, accounts with and without tickets, a three-level tree, a self-parent, a cycle,
two versions of one account loaded at the same instant and RFC 3339 timestamps with a lower-case
`z`. The score must claim no coverage it lacks, must not punish an account for having no tickets,
and the hierarchy must count each account's ARR once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from customer_health_tools.dbt_env import dbt_env
from customer_health_tools.generator import RAW_TABLES
from tests.conftest import run_dbt, write_raw_schema

AS_OF = dt.date(2024, 11, 30)  # two years before the fixtures of the other tests
DAYS = 120  # scored history

# account id -> (parent, ARR in USD, tickets in the support window: None, "few" or "urgent")
ACCOUNTS: dict[str, tuple[str | None, int, str | None]] = {
    "r1": (None, 100_000, "few"),  # root of a three-level tree
    "c1": ("r1", 50_000, None),
    "g1": ("c1", 20_000, "urgent"),
    "s1": ("s1", 30_000, "few"),  # names itself as its parent
    "x1": ("x2", 10_000, None),  # x1 -> x2 -> x1
    "x2": ("x1", 10_000, "urgent"),
    "t1": (None, 40_000, None),  # two versions with one _loaded_at
    "n1": (None, 25_000, None),  # never a ticket
    "u1": (None, 25_000, "urgent"),  # many urgent tickets
}


def _ts(day: dt.date, hour: int = 9, lower: bool = False) -> str:
    text = f"{day.isoformat()}T{hour:02d}:00:00Z"
    return text.lower() if lower else text


def _raw_rows() -> dict[str, list[dict[str, object]]]:
    start = AS_OF - dt.timedelta(days=DAYS + 400)
    loaded = dt.datetime.combine(start, dt.time(12))
    rows: dict[str, list[dict[str, object]]] = {table: [] for table in RAW_TABLES}
    for i, (account, (parent, arr, tickets)) in enumerate(ACCOUNTS.items()):
        rows["crm_accounts"].append(
            {
                "id": account,
                "name": f"Account {account}",
                "segment": "Mid-Market",
                "csm_email": f"csm{i % 2}@vendor.example",
                "parent_account_id": parent,
                "is_test": False,
                "created_at": _ts(start, lower=account == "n1"),
                "_is_deleted": False,
                "_loaded_at": loaded,
            }
        )
        rows["crm_subscriptions"].append(
            {
                "id": f"sub_{account}",
                "account_id": account,
                "plan": "pro",
                "seats": 10,
                "arr_amount": arr,
                "currency": "USD",
                "start_date": start.isoformat(),
                "end_date": (AS_OF + dt.timedelta(days=200)).isoformat(),
                "status": "active",
                "_loaded_at": loaded,
            }
        )
        for d in range(0, DAYS + 60, 1 + i % 3):  # every account uses the product, at its own rhythm
            day = AS_OF - dt.timedelta(days=d)
            for k, event in enumerate(["login", "report_created", "dashboard_viewed"]):
                rows["product_events"].append(
                    {
                        "id": f"ev_{account}_{d}_{k}",
                        "account_id": account,
                        "user_id": f"{account}_u{(d + k) % 4}",
                        "event_name": event,
                        "occurred_at": _ts(day, 10 + k, lower=k == 1),
                        "_loaded_at": dt.datetime.combine(day, dt.time(23)),
                    }
                )
        if tickets:
            count, priority = (2, "normal") if tickets == "few" else (12, "urgent")
            for k in range(count):
                opened = AS_OF - dt.timedelta(days=5 + 6 * k)
                rows["support_tickets"].append(
                    {
                        "id": f"tk_{account}_{k}",
                        "account_id": account,
                        "subject": "Help",
                        "type": "problem",
                        "priority": priority,
                        "status": "solved",
                        "channel": "email",
                        "created_at": _ts(opened, 8),
                        "first_reply_at": _ts(opened, 9),
                        "solved_at": _ts(opened + dt.timedelta(days=1), 9, lower=True),
                        "reopen_count": 0,
                        "updated_at": _ts(opened + dt.timedelta(days=1), 9),
                        "_is_deleted": False,
                        "_loaded_at": dt.datetime.combine(opened + dt.timedelta(days=1), dt.time(12)),
                    }
                )
        for m in range(6):
            issued = AS_OF - dt.timedelta(days=30 * (m + 1))
            epoch = int(dt.datetime.combine(issued, dt.time(0), tzinfo=dt.UTC).timestamp())
            rows["billing_invoices"].append(
                {
                    "id": f"inv_{account}_{m}",
                    "account_id": account,
                    "number": f"{account}-{m}",
                    "status": "paid",
                    "currency": "USD",
                    "amount_due_cents": arr * 100 // 12,
                    "amount_paid_cents": arr * 100 // 12,
                    "created_epoch": epoch,
                    "due_epoch": epoch + 14 * 86400,
                    "paid_epoch": epoch + 7 * 86400,
                    "_loaded_at": dt.datetime.combine(issued + dt.timedelta(days=8), dt.time(1)),
                }
            )
    # A second version of t1 that the CRM synced at the very same instant as the first.
    tie = dict(rows["crm_accounts"][list(ACCOUNTS).index("t1")], name="Account t1 (renamed)")
    rows["crm_accounts"].append(tie)
    return rows


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    tmp = tmp_path_factory.mktemp("trust")
    db = tmp / "trust.duckdb"
    write_raw_schema(db, _raw_rows(), RAW_TABLES)  # crm_nps_responses and crm_cs_activities stay empty
    env = dbt_env(tmp, HEALTH_DUCKDB_PATH=str(db))
    result = run_dbt(env, "build", "--vars", f"{{as_of_date: '{AS_OF}', score_history_days: {DAYS}}}")
    assert result.returncode == 0, result.stdout[-6000:]
    return db, env, result.stdout


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_missing_sources_leave_their_dimensions_null_and_out_of_coverage(warehouse) -> None:
    db, _, _ = warehouse
    rows = _query(
        db,
        "select account_id, satisfaction_score, engagement_score, coverage_ratio, health_score "
        "from main_marts.fct_account_health",
    )
    assert {r[0] for r in rows} == set(ACCOUNTS)
    weights = dict(
        _query(db, "select dimension, weight from main_seeds.health_score_weights where segment = 'default'")
    )
    uncovered = float(weights["satisfaction"] + weights["engagement"])
    for account, satisfaction, engagement, coverage, score in rows:
        assert satisfaction is None and engagement is None, account  # no NPS, CSAT or CS activity
        assert float(coverage) <= 1 - uncovered + 1e-6, account
        assert score is not None, account


def test_accounts_without_tickets_score_at_least_as_well_on_support(warehouse) -> None:
    db, _, _ = warehouse
    support = dict(_query(db, "select account_id, support_score from main_marts.fct_account_health"))
    assert support["n1"] is not None
    for quiet in ("n1", "c1", "t1", "x1"):
        for noisy in ("r1", "s1", "u1", "g1", "x2"):
            assert support[quiet] >= support[noisy], (quiet, noisy, support)


def test_hierarchy_counts_every_account_once(warehouse) -> None:
    db, _, _ = warehouse
    assert _query(db, "select count(*) - count(distinct account_id) from main_marts.fct_account_health") == [(0,)]
    links = dict(_query(db, "select account_id, link_status from main_intermediate.int_account_parent_links"))
    assert links == {
        "c1": "valid",
        "g1": "valid",
        "s1": "self_parent",
        "x1": "parent_cycle",
        "x2": "parent_cycle",
    }
    parents = {
        r[0]: r[1:]
        for r in _query(
            db,
            "select account_id, rollup_account_count, tree_depth, cast(arr_usd as double), "
            "worst_child_account_id from main_marts.fct_parent_account_health",
        )
    }
    assert parents == {"r1": (3, 2, 170_000.0, "g1"), "c1": (2, 1, 70_000.0, "g1")}


def test_timestamps_and_ties_are_staged_and_counted(warehouse) -> None:
    db, _, _ = warehouse
    rejected = _query(db, "select source_table, reason, count(*) from main_staging.rejected_source_rows group by 1, 2")
    assert rejected == [], rejected  # lower-case z everywhere, and nothing else wrong
    ties = dict(_query(db, "select source_table, loaded_at_ties from main_staging.source_row_reconciliation"))
    assert ties["crm_accounts"] == 1
    assert sum(ties.values()) == 1
    names = _query(db, "select account_name from main_staging.stg_crm__accounts where account_id = 't1'")
    assert names == [("Account t1 (renamed)",)]  # the same winner on every run: the text that sorts last


def test_history_ends_on_the_scored_day(warehouse) -> None:
    db, _, _ = warehouse
    assert _query(db, "select max(date_day) from main_marts.fct_account_health_daily") == [(AS_OF,)]


def test_an_earlier_day_on_a_stored_history_stops_with_the_command(warehouse) -> None:
    db, env, _ = warehouse
    earlier = AS_OF - dt.timedelta(days=30)
    result = run_dbt(env, "build", "--vars", f"{{as_of_date: '{earlier}', score_history_days: {DAYS}}}")
    assert result.returncode != 0
    assert f"runs to {AS_OF}, after as_of_date {earlier}" in result.stdout
    assert "dbt build --full-refresh" in result.stdout
    assert _query(db, "select max(date_day) from main_marts.fct_account_health_daily") == [(AS_OF,)]
