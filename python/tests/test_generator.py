"""The demo generator: determinism, the contract's shape, dirt accounting, and realistic signal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scipy.stats import mannwhitneyu

from customer_health_tools.generator import RAW_TABLES, GeneratorConfig
from tests.conftest import AS_OF, generate

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "raw_contract.md"  # the project's own copy


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_same_seed_gives_identical_tables_and_other_seed_differs() -> None:
    first, _ = generate()
    second, _ = generate()
    third, _ = generate(seed=8)
    for table in RAW_TABLES:
        a = sorted(rows(first, f"select * from raw.{table}"), key=repr)
        b = sorted(rows(second, f"select * from raw.{table}"), key=repr)
        assert a == b, f"raw.{table} differs between two runs with the same seed"
    events_a = rows(first, "select count(*), min(id) from raw.product_events")
    events_c = rows(third, "select count(*), min(id) from raw.product_events")
    assert events_a != events_c


def test_every_contract_table_and_column_is_present_with_its_type(demo) -> None:
    con, _ = demo
    contract = CONTRACT.read_text()
    for table, columns in RAW_TABLES.items():
        line = next(x for x in contract.splitlines() if x.startswith(f"| `raw.{table}`"))
        # A name can recur inside a description ("in `currency`"); keep first mentions.
        documented = list(dict.fromkeys(re.findall(r"`([a-z_]+)`", line.split("|")[3])))
        assert documented == list(columns), f"{table}: generator columns drift from raw_contract.md"
        actual = dict(
            rows(
                con,
                "select column_name, lower(data_type) from information_schema.columns "
                f"where table_schema = 'raw' and table_name = '{table}' order by ordinal_position",
            )
        )
        assert list(actual) == list(columns), f"raw.{table} columns"
        for name, kind in columns.items():
            assert actual[name] == kind, f"raw.{table}.{name} is {actual[name]}, expected {kind}"


# Independent detectors: each counts, straight from the raw tables, the rows of one dirt kind.
DETECTORS: dict[tuple[str, str], str] = {
    ("crm_accounts", "segment_case"): "segment in (' SMB ', ' MID-MARKET ', ' ENTERPRISE ')",
    ("crm_accounts", "unknown_segment"): "segment = 'Startup'",
    ("crm_accounts", "email_case"): "csm_email like '  %'",
    ("crm_accounts", "resync_duplicate"): "csm_email = 'previous.csm@vendor.example'",
    ("crm_accounts", "soft_deleted"): "_is_deleted",
    ("crm_accounts", "test_account"): "is_test",
    ("crm_contacts", "email_case"): "email like ' %'",
    ("crm_contacts", "soft_deleted"): "_is_deleted",
    ("crm_contacts", "orphan_account"): "account_id like 'acc_7%'",
    ("crm_contacts", "resync_duplicate"): "title = 'Intern'",
    ("crm_subscriptions", "currency_case"): "currency like ' %'",
    ("crm_subscriptions", "unknown_currency"): "currency = 'XTS'",
    ("crm_subscriptions", "end_before_start"): "end_date < start_date",
    ("crm_subscriptions", "orphan_account"): "account_id like 'acc_6%'",
    ("crm_nps_responses", "score_out_of_range"): "score not between 0 and 10",
    ("crm_nps_responses", "orphan_account"): "account_id like 'acc_5%'",
    ("crm_nps_responses", "unparseable_timestamp"): "try_cast(responded_at as timestamp) is null",
    ("crm_cs_activities", "enum_case"): "activity_type like '% '",
    ("crm_cs_activities", "orphan_account"): "account_id like 'acc_4%'",
    ("crm_cs_activities", "future_timestamp"): "occurred_at::timestamptz > _loaded_at + interval 1 day",
    ("product_events", "anonymous"): "account_id is null",
    ("product_events", "orphan_account"): "account_id like 'acc_9%'",
    ("product_events", "event_name_case"): "event_name like '  %'",
    ("product_events", "unknown_event_name"): "event_name in ('debug_ping', 'Legacy Export', 'test_event')",
    ("product_events", "unparseable_timestamp"): "try_cast(occurred_at as timestamp) is null",
    (
        "product_events",
        "future_timestamp",
    ): "try_cast(occurred_at as timestamp) > _loaded_at + interval 1 day",
    ("support_tickets", "enum_case"): "priority like '  %' and status <> 'new'",
    ("support_tickets", "unknown_enum"): "priority = 'critical' and status <> 'new'",
    ("support_tickets", "soft_deleted"): "_is_deleted",
    ("support_tickets", "orphan_account"): "account_id like 'acc_3%' and status <> 'new'",
    ("support_tickets", "unparseable_timestamp"): "created_at = 'N/A' and status <> 'new'",
    ("billing_invoices", "status_case"): "status like '% '",
    ("billing_invoices", "unknown_currency"): "currency = 'zzz' and _loaded_at = (select max(_loaded_at) "
    "from raw.billing_invoices b where b.id = billing_invoices.id)",
    ("billing_invoices", "orphan_account"): "account_id like 'acc_2%' and _loaded_at = (select "
    "max(_loaded_at) from raw.billing_invoices b where b.id = billing_invoices.id)",
}


def test_dirt_counts_match_the_summary(demo) -> None:
    con, result = demo
    duplicated = {
        "product_events": "select count(*) from (select id from raw.product_events group by id having count(*) > 1)",
        "crm_subscriptions": "select count(*) from (select id from raw.crm_subscriptions "
        "group by id having count(*) > 1)",
        "crm_nps_responses": "select count(*) from (select id from raw.crm_nps_responses "
        "group by id having count(*) > 1)",
    }
    checked = 0
    for table, kinds in result.dirt_counts.items():
        assert kinds, f"{table}: the generator wrote no dirt at the default rate"
        for kind, expected in kinds.items():
            if (table, kind) in DETECTORS:
                sql = f"select count(*) from raw.{table} where {DETECTORS[(table, kind)]}"
            elif kind == "resync_duplicate" and table in duplicated:
                sql = duplicated[table]
            else:
                continue
            found = rows(con, sql)[0][0]
            assert found == expected, f"raw.{table}: {kind} summary says {expected}, table has {found}"
            checked += 1
    assert checked >= 30


def test_dirt_rate_zero_writes_no_dirt() -> None:
    _, result = generate(dirt_rate=0.0, accounts=100, days=200)
    dirty = {
        t: {k: v for k, v in kinds.items() if k not in ("test_account", "soft_deleted")}
        for t, kinds in result.dirt_counts.items()
    }
    assert all(not kinds for kinds in dirty.values()), dirty


def test_invalid_config_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="--accounts"):
        GeneratorConfig(accounts=1).validate()
    with pytest.raises(ValueError, match="--dirt-rate"):
        GeneratorConfig(dirt_rate=0.9).validate()


# Churn per the contract: the last subscription ends (canceled/expired) with nothing active or
# starting within 30 days after. The window is the 90 days before churn (or before as-of if retained).
ACCOUNT_WINDOWS = f"""
with subs as (
    select account_id, status, start_date::date as start_date, end_date::date as end_date
    from raw.crm_subscriptions
    qualify row_number() over (partition by id order by _loaded_at desc) = 1
),
last_sub as (
    select account_id, max(coalesce(end_date, date '9999-12-31')) as last_end,
        bool_or(status = 'active') as any_active
    from subs where account_id like 'acc_0%' group by account_id
),
labelled as (
    select account_id,
        not any_active and last_end <= date '{AS_OF}' as churned,
        case when not any_active and last_end <= date '{AS_OF}' then last_end else date '{AS_OF}' end
            as window_end
    from last_sub
),
seats as (
    select account_id, max(s.seats) as seats from raw.crm_subscriptions s group by account_id
)
select l.account_id, l.churned, l.window_end, s.seats
from labelled l inner join seats s using (account_id)
where l.window_end >= date '{AS_OF}' - 300
"""


def per_account(con, measure_sql: str) -> tuple[list[float], list[float]]:
    data = rows(con, f"with windows as ({ACCOUNT_WINDOWS}) {measure_sql}")
    churned = [float(v) for c, v in data if c and v is not None]
    retained = [float(v) for c, v in data if not c and v is not None]
    return churned, retained


def assert_lower(churned: list[float], retained: list[float], what: str) -> None:
    assert len(churned) >= 30 and len(retained) >= 100, f"{what}: too few accounts"
    stat = mannwhitneyu(churned, retained, alternative="less")
    assert stat.pvalue < 1e-4, f"{what}: churned not lower than retained (p={stat.pvalue:.2g})"


def test_churned_accounts_show_decline_in_their_last_90_days(demo) -> None:
    con, _ = demo
    window = "between w.window_end - 90 and w.window_end"
    usage = per_account(
        con,
        f"""
        select w.churned, count(e.id) / w.seats
        from windows w left join raw.product_events e on e.account_id = w.account_id
            and try_cast(e.occurred_at as timestamp)::date {window}
        group by w.account_id, w.churned, w.seats""",
    )
    assert_lower(*usage, "events per seat")

    tickets = per_account(
        con,
        f"""
        select w.churned, -count(t.id) / sqrt(w.seats)
        from windows w left join raw.support_tickets t on t.account_id = w.account_id
            and try_cast(t.created_at as timestamp)::date {window} and t.status <> 'new'
        group by w.account_id, w.churned, w.seats""",
    )
    assert_lower(*tickets, "minus tickets per sqrt(seat)")

    nps = per_account(
        con,
        """
        select w.churned, avg(n.score)
        from windows w inner join raw.crm_nps_responses n on n.account_id = w.account_id
            and try_cast(n.responded_at as timestamp)::date between w.window_end - 180 and w.window_end
            and n.score between 0 and 10
        group by w.account_id, w.churned""",
    )
    assert_lower(*nps, "NPS")

    payments = per_account(
        con,
        f"""
        select w.churned, -avg(least(coalesce(i.paid_epoch, epoch(w.window_end::timestamp)),
            epoch(w.window_end::timestamp)) - i.due_epoch) / 86400
        from windows w inner join raw.billing_invoices i on i.account_id = w.account_id
            and to_timestamp(i.due_epoch)::date {window}
        group by w.account_id, w.churned""",
    )
    assert_lower(*payments, "minus days paid after due")


def test_monthly_cadence_is_active_on_a_few_days_a_month(demo) -> None:
    daily, _ = demo
    monthly, _ = generate(accounts=800, days=540, cadence="monthly")
    sql = """
        select avg(active_days) / 18.0  -- 540 days are 18 months
        from (
            select account_id, count(distinct try_cast(left(occurred_at, 10) as date)) as active_days
            from raw.product_events
            where account_id is not null
            group by account_id
        )
    """
    per_month = {name: rows(con, sql)[0][0] for name, con in [("daily", daily), ("monthly", monthly)]}
    assert per_month["monthly"] < 3 < 10 < per_month["daily"], per_month


def test_usage_only_base_has_no_tickets_answers_or_cs_activities() -> None:
    con, result = generate(sources="usage_only")
    for table in ("support_tickets", "crm_nps_responses", "crm_cs_activities"):
        assert rows(con, f"select count(*) from raw.{table}") == [(0,)]
        assert result.row_counts[table] == 0 and result.dirt_counts[table] == {}
    assert result.row_counts["product_events"] > 0


def test_sudden_churners_keep_their_usage_until_weeks_before_they_leave(demo) -> None:
    def usage_kept(con) -> float:
        """Churners' daily events 30-60 days before their last event, against 180-240 days before."""
        sql = """
            with events as (
                select account_id, try_cast(left(occurred_at, 10) as date) as day
                from raw.product_events
                where account_id in (select account_id from raw.crm_subscriptions where status = 'canceled')
            ),
            ages as (
                select events.account_id, max(events.day) over (partition by events.account_id) - events.day as age
                from events
            )
            select (count(*) filter (where age between 30 and 59) / 30.0)
                / (count(*) filter (where age between 180 and 239) / 60.0)
            from ages
        """
        return rows(con, sql)[0][0]

    faded, _ = demo
    sudden, _ = generate(accounts=800, days=540, churn_style="sudden")
    assert usage_kept(faded) < 0.7 and usage_kept(sudden) > 0.9


def test_a_warehouse_file_named_like_the_raw_schema_is_refused(tmp_path: Path) -> None:
    from customer_health_tools.warehouse import generate_duckdb

    with pytest.raises(ValueError, match="clashes with the `raw` schema"):
        generate_duckdb(tmp_path / "raw.duckdb", GeneratorConfig(accounts=10, days=120, as_of=AS_OF))
    assert not (tmp_path / "raw.duckdb").exists()
