"""dbt build against a raw schema the team did not write: every column landed as text, full of
garbage that is still contract-shaped. The build must succeed and account for every raw row."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from customer_health_tools.dbt_env import dbt_env
from customer_health_tools.generator import RAW_TABLES
from tests.conftest import run_dbt, write_raw_schema

AS_OF = "2026-03-31"

# Rows as {column: text}; columns not given are null. Every value is text, as many loaders land it.
NASTY: dict[str, list[dict[str, str | None]]] = {
    "crm_accounts": [
        {
            "id": " a1 ",
            "name": "株式会社テスト",
            "segment": " ENTERPRISE",
            "csm_email": " Csm@X.COM ",
            "is_test": "FALSE",
            "created_at": "2025-01-01T10:00:00+09:00",
            "_is_deleted": "0",
            "_loaded_at": "2025-01-02 00:00:00",
        },
        {
            "id": "a2",
            "name": "Robert'); DROP TABLE crm_accounts;--",
            "segment": "smb",
            "is_test": "no",
            "created_at": "2025-01-01",
            "_is_deleted": "false",
            "_loaded_at": "2025-01-02T00:00:00Z",
        },
        {
            "id": "a3",
            "name": "No data at all",
            "segment": "Ent",
            "is_test": "maybe",
            "created_at": "yesterday",
            "_is_deleted": None,
            "_loaded_at": "2025-01-02 00:00:00",
        },
        {
            "id": "a4",
            "name": "Test Co",
            "segment": "SMB",
            "is_test": "yes",
            "created_at": "2025-01-01",
            "_is_deleted": "false",
            "_loaded_at": "2025-01-02 00:00:00",
        },
        {
            "id": "a5",
            "name": "Gone",
            "segment": "SMB",
            "is_test": "false",
            "created_at": "2025-01-01",
            "_is_deleted": "true",
            "_loaded_at": "2025-01-02 00:00:00",
        },
        {
            "id": "a1",
            "name": "old version",
            "segment": "SMB",
            "is_test": "false",
            "created_at": "2025-01-01",
            "_is_deleted": "false",
            "_loaded_at": "2025-01-01 00:00:00",
        },
        {"id": None, "name": "no id", "segment": "SMB", "_loaded_at": "2025-01-02 00:00:00"},
        {"id": "", "name": "empty id", "segment": "SMB", "_loaded_at": "2025-01-02 00:00:00"},
        {
            "id": "a6",
            "name": "child",
            "segment": "Mid-Market",
            "parent_account_id": "a1",
            "is_test": "f",
            "created_at": "2025-01-01",
            "_is_deleted": "f",
            "_loaded_at": "2025-01-02 00:00:00",
        },
    ],
    "crm_contacts": [
        {
            "id": "c1",
            "account_id": "a1",
            "email": "  Ünïcode@Example.COM",
            "full_name": "Zoë 🚀",
            "is_primary": "TRUE",
            "created_at": "2025-01-01",
            "_is_deleted": "false",
            "_loaded_at": "2025-01-02 00:00:00",
        },
        {"id": "c2", "account_id": "nope", "email": "x@y", "is_primary": "maybe", "_loaded_at": "2025-01-02"},
        {"id": "c3", "account_id": None, "_loaded_at": "2025-01-02"},
    ],
    "crm_subscriptions": [
        {
            "id": "s1",
            "account_id": "a1",
            "plan": "Ent",
            "seats": "100",
            "arr_amount": "120000.50",
            "currency": " eur ",
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "status": " ACTIVE",
            "_loaded_at": "2025-01-02 00:00:00",
        },
        {
            "id": "s2",
            "account_id": "a2",
            "seats": "12 seats",
            "arr_amount": "5000",
            "currency": "usd",
            "start_date": "2025-01-01",
            "status": "active",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s3",
            "account_id": "a2",
            "seats": "5",
            "arr_amount": "abc",
            "currency": "usd",
            "start_date": "2025-01-01",
            "status": "active",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s4",
            "account_id": "a2",
            "seats": "-5",
            "arr_amount": "10",
            "currency": "usd",
            "start_date": "2025-01-01",
            "status": "active",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s5",
            "account_id": "a2",
            "seats": "5",
            "arr_amount": "10",
            "currency": "US$",
            "start_date": "2025-01-01",
            "status": "active",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s6",
            "account_id": "a2",
            "seats": "5",
            "arr_amount": "10",
            "currency": "usd",
            "start_date": "2025/13/01",
            "status": "active",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s7",
            "account_id": "a2",
            "seats": "5",
            "arr_amount": "10",
            "currency": "usd",
            "start_date": "2025-06-01",
            "end_date": "2025-01-01",
            "status": "expired",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s8",
            "account_id": "a2",
            "seats": "5",
            "arr_amount": "6000",
            "currency": "Usd",
            "start_date": "2025-02-01",
            "status": "Paused",
            "_loaded_at": "2025-01-02",
        },
        {
            "id": "s9",
            "account_id": "a6",
            "seats": "20",
            "arr_amount": "24000",
            "currency": "GBP",
            "start_date": "2025-01-01",
            "end_date": "2026-01-31",
            "status": "canceled",
            "canceled_at": "2025-12-01 10:00:00",
            "_loaded_at": "2025-12-01 11:00:00",
        },
        {
            "id": "s10",
            "account_id": "a2",
            "seats": "5",
            "arr_amount": "6000",
            "currency": "usd",
            "start_date": "2025-01-01",
            "status": "active",
            "_loaded_at": "not a time",
        },
    ],
    "crm_nps_responses": [
        {
            "id": "n1",
            "account_id": "a1",
            "score": "10",
            "comment": "'; --",
            "responded_at": "2026-01-05",
            "_loaded_at": "2026-01-05 10:00:00",
        },
        {
            "id": "n2",
            "account_id": "a1",
            "score": " 7 ",
            "responded_at": "2026-02-05T10:00:00-08:00",
            "_loaded_at": "2026-02-06 10:00:00",
        },
        {"id": "n3", "account_id": "a1", "score": "ten", "responded_at": "2026-02-05", "_loaded_at": "2026-02-06"},
        {"id": "n4", "account_id": "a1", "score": "11", "responded_at": "2026-02-05", "_loaded_at": "2026-02-06"},
        {"id": "n5", "account_id": "a1", "score": None, "responded_at": "2026-02-05", "_loaded_at": "2026-02-06"},
        {"id": "n6", "account_id": "a1", "score": "3", "responded_at": "2031-02-05", "_loaded_at": "2026-02-06"},
    ],
    "crm_cs_activities": [
        {
            "id": "t1",
            "account_id": "a1",
            "activity_type": "QBR ",
            "occurred_at": "2026-03-01 10:00",
            "_loaded_at": "2026-03-01 12:00:00",
        },
        {
            "id": "t2",
            "account_id": "a1",
            "activity_type": "Zoom",
            "occurred_at": "2026-03-02",
            "_loaded_at": "2026-03-02 12:00:00",
        },
        {
            "id": "t3",
            "account_id": "a1",
            "activity_type": "call",
            "occurred_at": "∞",
            "_loaded_at": "2026-03-02 12:00:00",
        },
    ],
    "product_events": [
        {
            "id": "e1",
            "account_id": "a1",
            "user_id": "u1",
            "event_name": " LOGIN ",
            "occurred_at": "2026-03-30T23:30:00-02:00",
            "_loaded_at": "2026-03-31 03:00:00",
        },
        {
            "id": "e1",
            "account_id": "a1",
            "user_id": "u1",
            "event_name": "login",
            "occurred_at": "2026-03-30T23:30:00-02:00",
            "_loaded_at": "2026-03-31 03:00:00",
        },
        {
            "id": "e2",
            "account_id": "a1",
            "user_id": None,
            "event_name": "report_created",
            "occurred_at": "2026-03-29 10:00:00",
            "_loaded_at": "2026-03-29 11:00:00",
        },
        {
            "id": "e3",
            "account_id": "a1",
            "user_id": "u2",
            "event_name": "🚀 launch",
            "occurred_at": "2026-03-29 10:00:00",
            "_loaded_at": "2026-03-29 11:00:00",
        },
        {
            "id": "e4",
            "account_id": None,
            "user_id": "anon",
            "event_name": "login",
            "occurred_at": "2026-03-29 10:00:00",
            "_loaded_at": "2026-03-29 11:00:00",
        },
        {
            "id": "e5",
            "account_id": "a1",
            "user_id": "u1",
            "event_name": "login",
            "occurred_at": "2026-02-30",
            "_loaded_at": "2026-03-29 11:00:00",
        },
        {
            "id": "e6",
            "account_id": "a1",
            "user_id": "u1",
            "event_name": "login",
            "occurred_at": "1e10",
            "_loaded_at": "2026-03-29 11:00:00",
        },
        {
            "id": "e7",
            "account_id": "a1",
            "user_id": "u1",
            "event_name": None,
            "occurred_at": "2026-03-29 10:00:00",
            "_loaded_at": "2026-03-29 11:00:00",
        },
        {
            "id": None,
            "account_id": "a1",
            "user_id": "u1",
            "event_name": "login",
            "occurred_at": "2026-03-29 10:00:00",
            "_loaded_at": "2026-03-29 11:00:00",
        },
    ],
    "support_tickets": [
        {
            "id": "k1",
            "account_id": "a1",
            "requester_email": "A@B.C",
            "subject": "Ça ne marche pas ✓",
            "type": "Incident",
            "priority": "P1",
            "status": "weird",
            "channel": "pigeon",
            "created_at": "2026-03-01 10:00:00",
            "first_reply_at": "2026-03-01 11:00:00",
            "solved_at": "2026-03-02 10:00:00",
            "reopen_count": "two",
            "satisfaction_rating": "meh",
            "updated_at": "2026-03-02",
            "_is_deleted": "false",
            "_loaded_at": "2026-03-02 11:00:00",
        },
        {
            "id": "k2",
            "account_id": "a1",
            "priority": "urgent",
            "status": "solved",
            "reopen_count": "1",
            "created_at": "2026-03-05 10:00:00",
            "solved_at": "2026-03-04 10:00:00",
            "_loaded_at": "2026-03-06",
        },
        {
            "id": "k3",
            "account_id": "a1",
            "priority": " HIGH",
            "status": "open",
            "reopen_count": None,
            "created_at": "2026-03-05 10:00:00",
            "satisfaction_rating": "BAD",
            "_is_deleted": "yes",
            "_loaded_at": "2026-03-06",
        },
        {
            "id": "k4",
            "account_id": "a1",
            "priority": "low",
            "status": "open",
            "reopen_count": "0",
            "created_at": "2026-03-05 10:00:00",
            "first_reply_at": "soon",
            "_loaded_at": "2026-03-06",
        },
    ],
    "billing_invoices": [
        {
            "id": "i1",
            "account_id": "a1",
            "status": "PAID",
            "currency": "eur",
            "amount_due_cents": "100000",
            "amount_paid_cents": "100000",
            "created_epoch": "1767225600",
            "due_epoch": "1769904000",
            "paid_epoch": "1769000000",
            "_loaded_at": "2026-01-21 12:00:00",
        },
        {
            "id": "i2",
            "account_id": "a1",
            "status": "open",
            "currency": "eur",
            "amount_due_cents": "12.5",
            "created_epoch": "1767225600",
            "due_epoch": "1769904000",
            "_loaded_at": "2026-01-21",
        },
        {
            "id": "i3",
            "account_id": "a1",
            "status": "open",
            "currency": "eur",
            "amount_due_cents": "-100",
            "created_epoch": "1767225600",
            "due_epoch": "1769904000",
            "_loaded_at": "2026-01-21",
        },
        {
            "id": "i4",
            "account_id": "a1",
            "status": "open",
            "currency": "eur",
            "amount_due_cents": "100",
            "created_epoch": "yesterday",
            "due_epoch": "1769904000",
            "_loaded_at": "2026-01-21",
        },
        {
            "id": "i5",
            "account_id": "a1",
            "status": "open",
            "currency": "eur",
            "amount_due_cents": "100",
            "created_epoch": "1767225600",
            "due_epoch": "1769904000",
            "paid_epoch": "99999999999999",
            "_loaded_at": "2026-01-21",
        },
        {
            "id": "i6",
            "account_id": "a1",
            "status": "refunded",
            "currency": "eur",
            "amount_due_cents": "100",
            "created_epoch": "1767225600",
            "due_epoch": "1769904000",
            "_loaded_at": "2026-01-21",
        },
        {
            "id": "i7",
            "account_id": "a2",
            "status": "open",
            "currency": "usd",
            "amount_due_cents": "50000",
            "created_epoch": "1767225600",
            "due_epoch": "1767225600",
            "_loaded_at": "2026-01-21",
        },
    ],
}


@pytest.fixture(scope="module")
def nasty_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    tmp = tmp_path_factory.mktemp("nasty")
    db = tmp / "nasty.duckdb"
    write_raw_schema(db, NASTY, {table: dict.fromkeys(columns, "varchar") for table, columns in RAW_TABLES.items()})
    env = dbt_env(tmp, HEALTH_DUCKDB_PATH=str(db))
    result = run_dbt(env, "build", "--vars", f"{{as_of_date: '{AS_OF}', score_history_days: 120}}")
    return result, db


def test_dbt_build_succeeds_on_nasty_input(nasty_build) -> None:
    result, _ = nasty_build
    assert result.returncode == 0, result.stdout[-6000:]


def test_every_nasty_row_is_accounted_for(nasty_build) -> None:
    _, db = nasty_build
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "select source_table, raw_rows, unaccounted_rows from main_staging.source_row_reconciliation"
    ).fetchall()
    assert {r[0] for r in rows} == set(RAW_TABLES)
    for table, raw_rows, unaccounted in rows:
        assert raw_rows == len(NASTY[table]), table
        assert unaccounted == 0, table
    reasons = set(con.execute("select source_table || '/' || reason from main_staging.rejected_source_rows").fetchall())
    expected = {
        "crm_accounts/missing_id",
        "crm_accounts/unparseable_timestamp",
        "crm_contacts/unknown_account",
        "crm_contacts/missing_account",
        "crm_subscriptions/unparseable_number",
        "crm_subscriptions/value_out_of_range",
        "crm_subscriptions/unknown_currency",
        "crm_subscriptions/unparseable_date",
        "crm_subscriptions/end_before_start",
        "crm_subscriptions/unknown_enum_value",
        "crm_nps_responses/unparseable_number",
        "crm_nps_responses/score_out_of_range",
        "crm_nps_responses/missing_value",
        "crm_nps_responses/future_timestamp",
        "crm_cs_activities/unparseable_timestamp",
        "product_events/unmapped_event_name",
        "product_events/missing_account",
        "product_events/unparseable_timestamp",
        "product_events/missing_id",
        "support_tickets/unparseable_number",
        "support_tickets/end_before_start",
        "support_tickets/unparseable_timestamp",
        "billing_invoices/unparseable_number",
        "billing_invoices/value_out_of_range",
        "billing_invoices/unparseable_timestamp",
        "billing_invoices/unknown_enum_value",
    }
    missing = expected - {r[0] for r in reasons}
    assert not missing, f"reasons never produced: {sorted(missing)}"


def test_nasty_accounts_are_scored_or_set_aside(nasty_build) -> None:
    _, db = nasty_build
    con = duckdb.connect(str(db), read_only=True)
    health = dict(con.execute("select account_id, health_tier from main_marts.fct_account_health").fetchall())
    parents = {r[0] for r in con.execute("select account_id from main_marts.fct_parent_account_health").fetchall()}
    assert "a1" in health and "a1" in parents  # unicode name, parent of a6
    assert "a4" not in health and "a5" not in health  # test account, soft-deleted account
    assert all(tier in ("healthy", "at_risk", "unhealthy") for tier in health.values())
