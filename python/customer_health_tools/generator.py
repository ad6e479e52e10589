"""Demo warehouse generator: writes every table of ``raw_contract.md`` into a ``raw`` schema.

All rows are produced by DuckDB SQL. Randomness comes from ``hash(seed, key...)`` rather than
``random()``, so the output is identical for a given seed whatever the thread count or row order.

Each account follows a hidden health trajectory ``h`` (0-1) per day: thriving, stable, declining
(and then churning) or recovering. Every observable signal (logins, feature breadth, tickets, NPS,
payment delays, renewals) is drawn from ``h`` plus noise, so no single signal is perfect.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CATALOG_PATH = PROJECT_ROOT / "seeds" / "product_event_catalog.csv"

# The contract, column by column, with the type the generator lands. Tests check the warehouse
# against this, and the PostgreSQL path creates its tables from it.
RAW_TABLES: dict[str, dict[str, str]] = {
    "crm_accounts": {
        "id": "varchar",
        "name": "varchar",
        "industry": "varchar",
        "segment": "varchar",
        "region": "varchar",
        "csm_email": "varchar",
        "parent_account_id": "varchar",
        "is_test": "boolean",
        "created_at": "varchar",
        "_is_deleted": "boolean",
        "_loaded_at": "timestamp",
    },
    "crm_contacts": {
        "id": "varchar",
        "account_id": "varchar",
        "email": "varchar",
        "full_name": "varchar",
        "title": "varchar",
        "is_primary": "varchar",
        "created_at": "varchar",
        "_is_deleted": "boolean",
        "_loaded_at": "timestamp",
    },
    "crm_subscriptions": {
        "id": "varchar",
        "account_id": "varchar",
        "plan": "varchar",
        "seats": "integer",
        "arr_amount": "decimal(18,2)",
        "currency": "varchar",
        "start_date": "varchar",
        "end_date": "varchar",
        "status": "varchar",
        "canceled_at": "varchar",
        "_loaded_at": "timestamp",
    },
    "crm_nps_responses": {
        "id": "varchar",
        "account_id": "varchar",
        "contact_id": "varchar",
        "score": "integer",
        "comment": "varchar",
        "responded_at": "varchar",
        "_loaded_at": "timestamp",
    },
    "crm_cs_activities": {
        "id": "varchar",
        "account_id": "varchar",
        "activity_type": "varchar",
        "occurred_at": "varchar",
        "_loaded_at": "timestamp",
    },
    "product_events": {
        "id": "varchar",
        "account_id": "varchar",
        "user_id": "varchar",
        "event_name": "varchar",
        "occurred_at": "varchar",
        "_loaded_at": "timestamp",
    },
    "support_tickets": {
        "id": "varchar",
        "account_id": "varchar",
        "requester_email": "varchar",
        "subject": "varchar",
        "type": "varchar",
        "priority": "varchar",
        "status": "varchar",
        "channel": "varchar",
        "created_at": "varchar",
        "first_reply_at": "varchar",
        "solved_at": "varchar",
        "reopen_count": "integer",
        "satisfaction_rating": "varchar",
        "updated_at": "varchar",
        "_is_deleted": "boolean",
        "_loaded_at": "timestamp",
    },
    "billing_invoices": {
        "id": "varchar",
        "account_id": "varchar",
        "number": "varchar",
        "status": "varchar",
        "currency": "varchar",
        "amount_due_cents": "bigint",
        "amount_paid_cents": "bigint",
        "created_epoch": "bigint",
        "due_epoch": "bigint",
        "paid_epoch": "bigint",
        "_loaded_at": "timestamp",
    },
}


CADENCES = ("daily", "monthly")
SOURCES = ("all", "usage_only")
CHURN_STYLES = ("fade", "sudden")


@dataclass
class GeneratorConfig:
    """Everything that shapes a demo warehouse; equal configs give identical tables."""

    accounts: int = 2000
    days: int = 730
    as_of: dt.date = field(default_factory=dt.date.today)
    seed: int = 42
    dirt_rate: float = 0.03
    events_per_account_day: float = 1.4
    threads: int | None = None
    memory_limit: str | None = None  # DuckDB's cap (e.g. "4GB"); larger work spills to disk
    # Scenarios: how often customers use the product, which sources exist, how churners leave.
    cadence: str = "daily"  # "monthly": a few active days a month, like a purchase log
    sources: str = "all"  # "usage_only": no tickets, NPS answers or CS activities at all
    churn_style: str = "fade"  # "sudden": churners look healthy until 1-4 weeks before they leave

    def validate(self) -> None:
        if self.accounts < 10:
            raise ValueError(f"--accounts must be at least 10, got {self.accounts}")
        if self.days < 120:
            raise ValueError(f"--days must be at least 120 (scoring needs a history), got {self.days}")
        if not 0 <= self.dirt_rate <= 0.2:
            raise ValueError(f"--dirt-rate must be between 0 and 0.2, got {self.dirt_rate}")
        if self.events_per_account_day <= 0:
            raise ValueError("--events-per-account-day must be positive")
        for flag, value, allowed in [
            ("--cadence", self.cadence, CADENCES),
            ("--sources", self.sources, SOURCES),
            ("--churn-style", self.churn_style, CHURN_STYLES),
        ]:
            if value not in allowed:
                raise ValueError(f"{flag} must be one of {', '.join(allowed)}, got {value!r}")


@dataclass
class GenerationResult:
    """What a run wrote: row counts per table and dirty-row counts per table and kind."""

    config: dict[str, object]
    row_counts: dict[str, int]
    dirt_counts: dict[str, dict[str, int]]
    seconds: float

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, default=str, sort_keys=True)


def load_catalog(path: Path = CATALOG_PATH) -> list[dict[str, str]]:
    """Read the event catalog seed; the generator emits only names it lists (plus dirt)."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: the event catalog seed is missing; restore it from git")
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or {"event_name", "event_category"} - set(rows[0]):
        raise ValueError(f"{path}: expected columns event_name,event_category first")
    return rows


def _ts(expr: str) -> str:
    """Render a timestamp expression as contract text: mostly plain UTC, some ISO forms."""
    return f"strftime({expr}, '%Y-%m-%d %H:%M:%S')"


def _ts_mixed(expr: str, key: str) -> str:
    """Timestamp text in every form the contract allows, chosen by a hash of ``key``."""
    return f"""(case
        when u({key}, 901, 0) < 0.80 then strftime({expr}, '%Y-%m-%d %H:%M:%S')
        when u({key}, 901, 0) < 0.92 then strftime({expr}, '%Y-%m-%dT%H:%M:%SZ')
        when u({key}, 901, 0) < 0.97
            then strftime({expr} + interval 2 hour, '%Y-%m-%dT%H:%M:%S') || '+02:00'
        else strftime({expr} - interval 5 hour, '%Y-%m-%dT%H:%M:%S') || '-05:00'
    end)"""


class Generator:
    """Builds the raw tables inside one DuckDB connection (file or in-memory)."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, config: GeneratorConfig, progress: Callable[[str], None] = print
    ) -> None:
        config.validate()
        self.con = con
        self.cfg = config
        self.progress = progress
        self.catalog = load_catalog()

    # ------------------------------------------------------------------ helpers
    def _sql(self, label: str, sql: str) -> None:
        started = time.perf_counter()
        self.con.execute(sql)
        self.progress(f"  {label:<28} {time.perf_counter() - started:6.1f}s")

    def _scalar(self, sql: str) -> object:
        rows = self.con.execute(sql).fetchall()
        return rows[0][0]

    def _names(self, category: str, recent: bool | None = None) -> list[tuple[str, str]]:
        out = []
        for row in self.catalog:
            if row["event_category"] != category:
                continue
            released = (row.get("released_on") or "").strip()
            if recent is True and not released:
                continue
            if recent is False and released:
                continue
            out.append((row["event_name"], released))
        return out

    # ------------------------------------------------------------------ steps
    def _setup(self) -> None:
        c = self.cfg
        if c.threads:
            self.con.execute(f"set threads = {int(c.threads)}")
        if c.memory_limit:
            self.con.execute(f"set memory_limit = '{c.memory_limit}'")
        self.con.execute("create schema if not exists gen")
        self.con.execute("create schema if not exists raw")
        # u(a, b, c): a deterministic uniform draw in [0, 1) keyed by (seed, a, b, c).
        self.con.execute(
            f"create or replace macro u(a, b, c) as ((hash({int(c.seed)}, a, b, c) % 1000003)::double / 1000003.0)"
        )
        # z(a, b): a rough standard-normal draw (sum of four uniforms, rescaled).
        self.con.execute(
            "create or replace macro z(a, b) as ((u(a, b, 1) + u(a, b, 2) + u(a, b, 3) + u(a, b, 4) - 2.0) * 1.732)"
        )
        self.con.execute("create or replace macro clamp01(x) as greatest(0.0, least(1.0, x))")
        self.con.execute(
            f"create or replace macro day_date(di) as (date '{c.as_of.isoformat()}' - {int(c.days)} + di::integer)"
        )

    def _accounts(self) -> None:
        c = self.cfg
        n = int(c.accounts)
        n_parents = max(1, n // 100)
        d = int(c.days)
        # Day indexes: 0 is the first day of history, d is the as-of date.
        self._sql(
            "accounts (hidden state)",
            f"""
        create or replace table gen.accounts as
        with base as (
            select
                i as ai,
                'acc_' || lpad(i::varchar, 6, '0') as account_id,
                i < {n_parents} as is_parent,
                case
                    when i < {n_parents} then 'Enterprise'
                    when u(i, 1, 0) < 0.60 then 'SMB'
                    when u(i, 1, 0) < 0.88 then 'Mid-Market'
                    else 'Enterprise'
                end as segment,
                u(i, 2, 0) as u_seats,
                u(i, 3, 0) as u_traj,
                u(i, 4, 0) as u_created,
                u(i, 5, 0) as u_churn,
                u(i, 6, 0) as u_h0,
                u(i, 7, 0) as u_util,
                u(i, 8, 0) as u_test
            from range({n}) t(i)
        ),
        shaped as (
            select
                *,
                case segment
                    when 'SMB' then 3 + floor(u_seats * 25)
                    when 'Mid-Market' then 25 + floor(u_seats * 125)
                    else 150 + floor(u_seats * u_seats * 1350)
                end::integer as seats,
                case
                    when is_parent then 'stable'
                    when u_traj < case segment when 'SMB' then 0.30 when 'Mid-Market' then 0.20
                        else 0.12 end then 'declining'
                    when u_traj > 0.88 then 'recovering'
                    when u_traj > 0.50 then 'thriving'
                    else 'stable'
                end as trajectory,
                -- 70% were customers before history starts, 30% join during it.
                case
                    when u_created < 0.70 then -floor(30 + u_created / 0.70 * 1000)
                    else floor((u_created - 0.70) / 0.30 * ({d} - 45))
                end::integer as created_di,
                0.50 + 0.40 * u_h0 as h0,
                0.35 + 0.65 * u_util as util,
                u_test < 0.01 and not is_parent as is_test
            from base
        ),
        churn_drawn as (
            select
                *,
                case
                    when trajectory = 'declining'
                        then greatest(created_di, 0) + 120
                            + floor(u_churn * ({d} + 150 - greatest(created_di, 0) - 120))
                    -- Some healthy-looking accounts churn anyway (acquired, budget cut).
                    when trajectory in ('thriving', 'stable') and not is_parent and u(ai, 9, 0) < 0.05
                        then greatest(created_di, 0) + 60
                            + floor(u_churn * ({d} + 150 - greatest(created_di, 0) - 60))
                end::integer as drawn_churn_di
            from shaped
        ),
        snapped as (
            select
                *,
                -- Annual contracts churn at a term end; SMB months churn any day.
                case
                    when drawn_churn_di is null then null
                    when segment = 'SMB' then drawn_churn_di
                    else created_di + 365 * ceil((drawn_churn_di - created_di) / 365.0)::integer - 1
                end as churn_di
            from churn_drawn
        )
        select
            *,
            churn_di is not null and churn_di <= {d} as has_churned,
            -- Declines start 90-210 days before churn (7-28 when churn is sudden); dips
            -- (recovering) sit mid-history.
            {"7 + floor(u(ai, 10, 0) * 21)" if c.churn_style == "sudden" else "90 + floor(u(ai, 10, 0) * 120)"}::integer
                as decline_days,
            floor(u(ai, 11, 0) * {d})::integer as dip_center_di,
            60 + floor(u(ai, 12, 0) * 90)::integer as dip_half_width,
            0.30 + 0.25 * u(ai, 13, 0) as dip_depth,
            greatest(created_di, 0) as first_di,
            least(coalesce(churn_di, {d}), {d}) as last_di,
            (['Software', 'Retail', 'Healthcare', 'Finance', 'Manufacturing', 'Education',
              'Media', 'Logistics'])[1 + floor(u(ai, 14, 0) * 8)::integer] as industry,
            (['NA', 'EMEA', 'APAC', 'LATAM'])[1 + floor(u(ai, 15, 0) * 4)::integer] as region,
            (['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'CAD'])
                [1 + floor(u(ai, 16, 0) * 10)::integer] as currency,
            'csm' || (1 + floor(u(ai, 17, 0) * 12)::integer)::varchar || '@vendor.example' as csm_email,
            case
                when not is_parent and segment <> 'SMB' and u(ai, 18, 0) < 0.08
                    then 'acc_' || lpad(floor(u(ai, 19, 0) * {n_parents})::integer::varchar, 6, '0')
            end as parent_account_id,
            (['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka',
              'Tyrell', 'Cyberdyne', 'Soylent', 'Vandelay'])[1 + floor(u(ai, 20, 0) * 12)::integer]
                || ' ' || (['Labs', 'Group', 'Systems', 'Holdings', 'Partners', 'Works'])
                [1 + floor(u(ai, 21, 0) * 6)::integer] || ' ' || ai::varchar as account_name
        from snapped
        """,
        )

    def _account_days(self) -> None:
        c = self.cfg
        d = int(c.days)
        self._sql(
            "account days (hidden health)",
            f"""
        create or replace table gen.account_days as
        with days as (
            select di, day_date(di) as day_date from range({d + 1}) t(di)
        ),
        joined as (
            select a.*, days.di, days.day_date
            from gen.accounts a
            inner join days on days.di between a.first_di and a.last_di
        )
        select
            ai, account_id, segment, seats, util, is_test, di, day_date,
            clamp01(
                h0
                + case when trajectory = 'thriving' then 0.25 * (di - first_di) / {d} else 0 end
                - case when trajectory = 'declining'
                    then (h0 - 0.10) * clamp01((di - (churn_di - decline_days)) / decline_days)
                    else 0 end
                - case when trajectory = 'recovering'
                    then dip_depth * greatest(0, 1 - abs(di - dip_center_di) / dip_half_width)
                    else 0 end
                + 0.06 * z(ai, di)
            ) as h,
            -- New customers ramp up over their first 60 days.
            least(1.0, 0.35 + (di - created_di) / 60.0 * 0.65) as ramp,
            case when dayofweek(day_date) in (0, 6) then 0.22 else 1.0 end
                * (1 + 0.10 * sin(2 * pi() * dayofyear(day_date) / 365.0))
                * case when month(day_date) = 12 and day(day_date) > 20 then 0.5 else 1.0 end
                as calendar_factor
        from joined
        """,
        )

    def _events(self) -> None:
        c = self.cfg
        total_target = c.accounts * c.days * c.events_per_account_day
        self.con.execute("""
        create or replace temp table event_lambda as
        select *, pow(seats, 0.6) * util * pow(h, 1.3) * ramp * calendar_factor as rel
        from gen.account_days
        """)
        rel_sum = float(self._scalar("select sum(rel) from event_lambda") or 1.0)
        scale = total_target / rel_sum

        core = self._names("core_feature", recent=False)
        recent = self._names("core_feature", recent=True)
        secondary = self._names("secondary_feature")
        enable = self._names("enablement")
        logins = self._names("login")
        ignored = self._names("ignored")
        if not (core and secondary and enable and logins and ignored):
            raise ValueError(f"{CATALOG_PATH}: every event category needs at least one event_name")

        def arr(items: list[tuple[str, str]]) -> str:
            return "[" + ", ".join("'" + name.replace("'", "''") + "'" for name, _ in items) + "]"

        recent_case = "null"
        if recent:
            whens = " ".join(
                f"when {i} then case when day_date >= date '{rel}' then '{name}' end"
                for i, (name, rel) in enumerate(recent)
            )
            recent_case = f"case floor(u(ai * 100000 + di, k, 36) * {len(recent)})::integer {whens} end"

        dirt = c.dirt_rate
        if c.cadence == "monthly":
            # A purchase-like rhythm: a healthy account is active on about 2 days a month, a
            # failing one less often; an active day carries the events of the days in between.
            active = "(0.015 + 0.06 * h)"
            n_events = (
                f"case when u(ai, di, 29) < {active} then greatest(1, floor(rel * {scale} / {active}"
                f" * (0.6 + 0.8 * u(ai, di, 30)) + u(ai, di, 31))) else 0 end"
            )
        else:
            n_events = f"floor(rel * {scale} * (0.6 + 0.8 * u(ai, di, 30)) + u(ai, di, 31))"
        self._sql(
            "product events",
            f"""
        create or replace table gen.events as
        with counts as (
            select *,
                ({n_events})::integer as n
            from event_lambda
        ),
        exploded as (
            select ai, account_id, seats, util, is_test, di, day_date, h,
                unnest(range(n)) as k
            from counts
            where n > 0
        ),
        drawn as (
            select *,
                u(ai * 100000 + di, k, 32) as u_cat,
                u(ai * 100000 + di, k, 33) as u_feat,
                u(ai * 100000 + di, k, 34) as u_user,
                u(ai * 100000 + di, k, 35) as u_dirt,
                u(ai * 100000 + di, k, 37) as u_time
            from exploded
        ),
        named as (
            select *,
                case
                    when u_cat < 0.24 then {arr(logins)}[1 + floor(u_feat * {len(logins)})::integer]
                    when u_cat < 0.24 + 0.04 * h and {recent_case} is not null then {recent_case}
                    -- Healthy accounts use more of the product: breadth grows with h.
                    when u_cat < 0.70 then {arr(core)}[1 + floor(u_feat * greatest(1,
                        ceil({len(core)} * (0.25 + 0.75 * h))))::integer]
                    when u_cat < 0.84 then {arr(secondary)}[1 + floor(u_feat * {len(secondary)})::integer]
                    when u_cat < 0.84 + 0.03 * h then {arr(enable)}[1 + floor(u_feat * {len(enable)})::integer]
                    else {arr(ignored)}[1 + floor(u_feat * {len(ignored)})::integer]
                end as event_name,
                account_id || '-u' || floor(
                    greatest(1, round(seats * util * (0.25 + 0.75 * h))) * u_user * u_user
                )::integer::varchar as user_id,
                day_date::timestamp
                    + to_seconds((7 * 3600 + floor(u_time * 12 * 3600))::bigint) as occurred_ts
            from drawn
        )
        select
            'msg_' || md5(account_id || '|' || di::varchar || '|' || k::varchar || '|{c.seed}') as id,
            ai, di, k, account_id, user_id, event_name, occurred_ts,
            occurred_ts + to_seconds((600 + floor(u(ai * 100000 + di, k, 38) * 6 * 3600))::bigint)
                as loaded_ts,
            case
                when u_dirt < {dirt} * 0.25 then 'resync_duplicate'
                when u_dirt < {dirt} * 0.40 then 'event_name_case'
                when u_dirt < {dirt} * 0.55 then 'anonymous'
                when u_dirt < {dirt} * 0.65 then 'unknown_event_name'
                when u_dirt < {dirt} * 0.75 then 'orphan_account'
                when u_dirt < {dirt} * 0.85 then 'unparseable_timestamp'
                when u_dirt < {dirt} * 0.92 then 'future_timestamp'
            end as dirt
        from named
        """,
        )
        self._sql(
            "raw.product_events",
            f"""
        create or replace table raw.product_events as
        select
            id,
            case dirt
                when 'anonymous' then null
                when 'orphan_account' then 'acc_9' || lpad((ai % 99999)::varchar, 5, '0')
                else account_id
            end as account_id,
            user_id,
            case dirt
                when 'event_name_case' then '  ' || upper(event_name) || ' '
                when 'unknown_event_name' then (['debug_ping', 'Legacy Export', 'test_event'])
                    [1 + (k % 3)::integer]
                else event_name
            end as event_name,
            case dirt
                when 'unparseable_timestamp' then (['not a date', '2026-13-45 25:61:00', '', 'yesterday'])
                    [1 + (k % 4)::integer]
                when 'future_timestamp' then {_ts("occurred_ts + interval 400 day")}
                else {_ts_mixed("occurred_ts", "ai * 100000 + di + k")}
            end as occurred_at,
            loaded_ts as _loaded_at
        from gen.events
        union all
        -- Re-delivered messages: the same id lands again in a later sync.
        select id, account_id, user_id, event_name, {_ts("occurred_ts")},
            loaded_ts + interval 1 day
        from gen.events
        where dirt = 'resync_duplicate'
        """,
        )

    def _crm(self) -> None:
        c = self.cfg
        d = int(c.days)
        dirt = c.dirt_rate
        n = int(c.accounts)
        as_of_ts = f"(date '{c.as_of.isoformat()}'::timestamp + interval 6 hour)"
        self._sql(
            "raw.crm_accounts",
            f"""
        create or replace table gen.crm_accounts as
        select
            a.*,
            day_date(created_di)::timestamp + interval 10 hour as created_ts,
            least(day_date(created_di)::timestamp + interval 11 hour, {as_of_ts}) as loaded_ts,
            case
                when u(ai, 40, 0) < {dirt} * 0.30 then 'segment_case'
                when u(ai, 40, 0) < {dirt} * 0.45 then 'unknown_segment'
                when u(ai, 40, 0) < {dirt} * 0.70 then 'email_case'
                when u(ai, 40, 0) < {dirt} * 1.00 then 'resync_duplicate'
            end as dirt
        from gen.accounts a;

        create or replace table raw.crm_accounts as
        select
            account_id as id,
            account_name as name,
            industry,
            case dirt
                when 'segment_case' then ' ' || upper(segment) || ' '
                when 'unknown_segment' then 'Startup'
                else segment
            end as segment,
            region,
            case dirt when 'email_case' then '  ' || upper(csm_email) else csm_email end as csm_email,
            parent_account_id,
            is_test,
            {_ts_mixed("created_ts", "ai")} as created_at,
            false as _is_deleted,
            loaded_ts as _loaded_at
        from gen.crm_accounts
        union all
        -- An older version of the row that a later sync superseded (the CSM changed since).
        select account_id, account_name, industry, segment, region,
            'previous.csm@vendor.example', parent_account_id, is_test, {_ts("created_ts")},
            false, loaded_ts - interval 3 hour
        from gen.crm_accounts
        where dirt = 'resync_duplicate'
        union all
        -- Accounts created by mistake and deleted in the CRM.
        select 'acc_8' || lpad(i::varchar, 5, '0'), 'Duplicate of ' || i::varchar, 'Software', 'SMB',
            'NA', 'csm1@vendor.example', null, false, '2025-01-01 00:00:00', true,
            {as_of_ts} - interval 10 day
        from range(greatest(1, floor({n} * {dirt} * 0.2))::integer) t(i);

        -- CSMs edit accounts every day and the connector lands an edited account again: one account
        -- in ten (its id ends in 0) was edited in the last three days, so the table is as fresh as
        -- a live CRM's and `dbt source freshness` passes on the demo.
        insert into raw.crm_accounts
        select * replace ({as_of_ts} - to_days(ascii(substr(id, length(id) - 1, 1)) % 3) as _loaded_at)
        from raw.crm_accounts
        where right(id, 1) = '0' and not _is_deleted
            and not is_test and id in (select account_id from gen.crm_accounts where dirt is null)  -- exact dirt counts
        qualify row_number() over (partition by id order by _loaded_at desc) = 1
            and _loaded_at < {as_of_ts} - interval 3 day
        """,
        )

        self._sql(
            "raw.crm_contacts",
            f"""
        create or replace table gen.contacts as
        with exploded as (
            select a.ai, a.account_id, a.created_di, unnest(range(2 + floor(pow(a.seats, 0.4))::integer)) as ci
            from gen.accounts a
        )
        select
            *,
            'con_' || lpad(ai::varchar, 6, '0') || '_' || lpad(ci::varchar, 3, '0') as contact_id,
            (['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jo'])
                [1 + floor(u(ai, ci, 50) * 10)::integer] as first_name,
            (['Smith', 'Garcia', 'Müller', 'Okafor', 'Tanaka', 'Novak', 'Silva', 'Kowalski'])
                [1 + floor(u(ai, ci, 51) * 8)::integer] as last_name,
            day_date(least(created_di + floor(u(ai, ci, 52) * 300)::integer, {d}))::timestamp + interval 9 hour
                as created_ts,
            case
                when u(ai, ci, 53) < {dirt} * 0.35 then 'email_case'
                when u(ai, ci, 53) < {dirt} * 0.60 then 'soft_deleted'
                when u(ai, ci, 53) < {dirt} * 0.75 then 'orphan_account'
                when u(ai, ci, 53) < {dirt} * 1.00 then 'resync_duplicate'
            end as dirt
        from exploded;

        create or replace table raw.crm_contacts as
        with rows as (
            select
                contact_id as id,
                case dirt when 'orphan_account' then 'acc_7' || lpad(ai::varchar, 5, '0')
                    else account_id end as account_id,
                lower(first_name || '.' || last_name) || ci::varchar || '@' || account_id || '.example'
                    as email,
                first_name || ' ' || last_name as full_name,
                (['CTO', 'VP Operations', 'Analyst', 'Admin', 'Director'])[1 + (ci % 5)::integer]
                    as title,
                case when ci = 0 then 'true' else 'false' end as is_primary,
                created_ts, dirt
            from gen.contacts
        )
        select id, account_id,
            case dirt when 'email_case' then ' ' || upper(email) || ' ' else email end as email,
            full_name, title, is_primary, {_ts("created_ts")} as created_at,
            dirt = 'soft_deleted' as _is_deleted,
            least(created_ts + interval 1 hour, {as_of_ts}) as _loaded_at
        from rows
        union all
        select id, account_id, email, full_name, 'Intern', is_primary, {_ts("created_ts")}, false,
            least(created_ts + interval 1 hour, {as_of_ts}) - interval 30 minute
        from rows where dirt = 'resync_duplicate'
        """,
        )

        # Subscriptions: SMB is monthly and open-ended until canceled; others sign annual terms.
        self._sql(
            "raw.crm_subscriptions",
            f"""
        create or replace table gen.subscriptions as
        with smb as (
            select a.*, 0 as term,
                created_di as start_di,
                case when has_churned then churn_di end as end_di,
                case when has_churned then 'canceled' else 'active' end as status,
                case when has_churned then churn_di - 1 - floor(u(ai, 60, 0) * 20)::integer end
                    as canceled_di,
                seats as term_seats
            from gen.accounts a
            where segment = 'SMB'
        ),
        annual_terms as (
            select a.*, unnest(range(0, ceil((least(coalesce(churn_di, {d}), {d}) - created_di + 1)
                / 365.0)::integer + 1)) as term
            from gen.accounts a
            where segment <> 'SMB'
        ),
        annual as (
            select
                *,
                created_di + 365 * term as start_di,
                created_di + 365 * (term + 1) - 1 as end_di
            from annual_terms
            where created_di + 365 * term <= {d}
                and (churn_di is null or created_di + 365 * term <= churn_di)
        ),
        annual_status as (
            select
                * exclude (end_di),
                end_di,
                case
                    when churn_di = end_di and end_di <= {d} and u(ai, 61, 0) < 0.5 then 'canceled'
                    when end_di < {d} then 'expired'
                    else 'active'
                end as status,
                case when churn_di = end_di and end_di <= {d} and u(ai, 61, 0) < 0.5
                    then end_di - 30 - floor(u(ai, 62, 0) * 60)::integer end as canceled_di,
                -- Thriving accounts expand at renewal; declining ones contract (unless churn is
                -- sudden: then nothing announces it, the contract included).
                greatest(1, round(seats * pow(case trajectory when 'thriving' then 1.15
                    when 'declining' then {"1.0" if c.churn_style == "sudden" else "0.85"} else 1.0 end,
                    term)))::integer as term_seats
            from annual
        ),
        unioned as (
            select ai, account_id, segment, currency, term, start_di, end_di, status, canceled_di,
                term_seats from smb
            union all
            select ai, account_id, segment, currency, term, start_di, end_di, status, canceled_di,
                term_seats from annual_status
        )
        select
            *,
            'sub_' || lpad(ai::varchar, 6, '0') || '_' || term::varchar as subscription_id,
            round(term_seats * case segment when 'SMB' then 360 when 'Mid-Market' then 540
                else 720 end * (0.85 + 0.3 * u(ai, 63, term)) / case currency when 'EUR' then 1.08
                when 'GBP' then 1.27 when 'CAD' then 0.73 else 1.0 end, 2) as arr_local,
            case
                when u(ai, 64, term) < {dirt} * 0.35 then 'currency_case'
                when u(ai, 64, term) < {dirt} * 0.50 then 'unknown_currency'
                when u(ai, 64, term) < {dirt} * 0.65 then 'end_before_start'
                when u(ai, 64, term) < {dirt} * 0.80 then 'orphan_account'
                when u(ai, 64, term) < {dirt} * 1.00 then 'resync_duplicate'
            end as dirt
        from unioned;

        create or replace table raw.crm_subscriptions as
        with rows as (
            select
                subscription_id as id,
                case dirt when 'orphan_account' then 'acc_6' || lpad(ai::varchar, 5, '0')
                    else account_id end as account_id,
                case segment when 'SMB' then 'Starter' when 'Mid-Market' then 'Growth'
                    else 'Enterprise' end as plan,
                term_seats as seats,
                arr_local::decimal(18, 2) as arr_amount,
                case dirt
                    when 'currency_case' then ' ' || lower(currency)
                    when 'unknown_currency' then 'XTS'
                    else currency
                end as currency,
                strftime(day_date(start_di), '%Y-%m-%d') as start_date,
                case dirt
                    when 'end_before_start' then strftime(day_date(start_di - 40), '%Y-%m-%d')
                    else strftime(day_date(end_di), '%Y-%m-%d')
                end as end_date,
                status,
                {_ts("day_date(canceled_di)::timestamp + interval 15 hour")} as canceled_at,
                least(day_date(coalesce(canceled_di, start_di))::timestamp + interval 16 hour,
                    {as_of_ts}) as loaded_ts,
                dirt
            from gen.subscriptions
        )
        select * exclude (loaded_ts, dirt), loaded_ts as _loaded_at from rows
        union all
        select id, account_id, plan, seats - 1, arr_amount, currency, start_date, end_date,
            'active', null, loaded_ts - interval 5 day
        from rows where dirt = 'resync_duplicate'
        """,
        )

        # NPS: a quarterly survey reaches a few contacts; scores follow health.
        self._sql(
            "raw.crm_nps_responses",
            f"""
        create or replace table gen.nps as
        with surveys as (
            select ad.*, c.ci, c.contact_id
            from gen.account_days ad
            inner join gen.contacts c on c.ai = ad.ai and c.ci < 4
            where (ad.di + ad.ai) % 91 = 0 and u(ad.ai, ad.di, 70 + c.ci) < 0.45
        )
        select
            *,
            'nps_' || lpad(ai::varchar, 6, '0') || '_' || di::varchar || '_' || ci::varchar as nps_id,
            greatest(0, least(10, round(1.5 + 8.5 * h + 1.6 * z(ai * 10 + ci, di))))::integer as score,
            day_date(di)::timestamp + to_seconds((8 * 3600 + floor(u(ai, di, 75) * 36000))::bigint)
                as responded_ts,
            case
                when u(ai, di, 76 + ci) < {dirt} * 0.35 then 'score_out_of_range'
                when u(ai, di, 76 + ci) < {dirt} * 0.55 then 'orphan_account'
                when u(ai, di, 76 + ci) < {dirt} * 0.75 then 'unparseable_timestamp'
                when u(ai, di, 76 + ci) < {dirt} * 1.00 then 'resync_duplicate'
            end as dirt
        from surveys;

        create or replace table raw.crm_nps_responses as
        with rows as (
            select
                nps_id as id,
                case dirt when 'orphan_account' then 'acc_5' || lpad(ai::varchar, 5, '0')
                    else account_id end as account_id,
                contact_id,
                case dirt when 'score_out_of_range' then ([11, -1, 99, 42])[1 + (di % 4)::integer]
                    else score end as score,
                case
                    when score >= 9 then 'Love it; the team relies on it every day.'
                    when score >= 7 then 'Good, but reporting could be faster.'
                    when score >= 4 then 'Too many issues lately; support is slow.'
                    else 'Considering alternatives. Robert''); DROP TABLE accounts;--'
                end as comment,
                case dirt when 'unparseable_timestamp' then '31/02/2026 noon'
                    else {_ts_mixed("responded_ts", "ai * 7 + di")} end as responded_at,
                least(responded_ts + interval 2 hour, {as_of_ts}) as loaded_ts,
                dirt
            from gen.nps
        )
        select * exclude (loaded_ts, dirt), loaded_ts as _loaded_at from rows
        union all
        select id, account_id, contact_id, score, comment, responded_at, loaded_ts - interval 1 hour
        from rows where dirt = 'resync_duplicate'
        """,
        )

        self._sql(
            "raw.crm_cs_activities",
            f"""
        create or replace table gen.cs_activities as
        with candidates as (
            select ad.*,
                case
                    when (ad.di - ad.ai) % 91 = 0 and ad.segment <> 'SMB' and ad.h > 0.35 then 'qbr'
                    when ad.di - greatest(a.created_di, 0) < 45 and u(ad.ai, ad.di, 80) < 0.12
                        then 'onboarding_session'
                    when u(ad.ai, ad.di, 81) < case ad.segment when 'SMB' then 0.004
                        when 'Mid-Market' then 0.012 else 0.03 end * (0.3 + ad.h) then 'meeting'
                    when u(ad.ai, ad.di, 82) < 0.01 then 'call'
                    when u(ad.ai, ad.di, 83) < 0.015 then 'email'
                end as activity_type
            from gen.account_days ad
            inner join gen.accounts a on a.ai = ad.ai
        )
        select
            *,
            'act_' || lpad(ai::varchar, 6, '0') || '_' || di::varchar as activity_id,
            day_date(di)::timestamp + to_seconds((9 * 3600 + floor(u(ai, di, 84) * 28000))::bigint)
                as occurred_ts,
            case
                when u(ai, di, 85) < {dirt} * 0.40 then 'enum_case'
                when u(ai, di, 85) < {dirt} * 0.70 then 'orphan_account'
                when u(ai, di, 85) < {dirt} * 1.00 then 'future_timestamp'
            end as dirt
        from candidates
        where activity_type is not null;

        create or replace table raw.crm_cs_activities as
        select
            activity_id as id,
            case dirt when 'orphan_account' then 'acc_4' || lpad(ai::varchar, 5, '0')
                else account_id end as account_id,
            case dirt when 'enum_case' then upper(activity_type) || ' ' else activity_type end
                as activity_type,
            case dirt when 'future_timestamp' then {_ts("occurred_ts + interval 500 day")}
                else {_ts_mixed("occurred_ts", "ai * 3 + di")} end as occurred_at,
            least(occurred_ts + interval 3 hour, {as_of_ts}) as _loaded_at
        from gen.cs_activities
        """,
        )

    def _support(self) -> None:
        c = self.cfg
        dirt = c.dirt_rate
        as_of_ts = f"(date '{c.as_of.isoformat()}'::timestamp + interval 6 hour)"
        self._sql(
            "raw.support_tickets",
            f"""
        create or replace table gen.tickets as
        with counts as (
            select *,
                floor(0.012 * pow(seats, 0.5) * (0.4 + 2.2 * (1 - h)) * calendar_factor
                    * (0.5 + u(ai, di, 90)) + u(ai, di, 91))::integer as n
            from gen.account_days
        ),
        exploded as (
            select *, unnest(range(n)) as k from counts where n > 0
        ),
        drawn as (
            select *,
                ai * 100000 + di as key,
                day_date(di)::timestamp + to_seconds((8 * 3600 + floor(u(ai * 100000 + di, k, 92)
                    * 36000))::bigint) as created_ts,
                -- Unhealthy accounts wait longer, escalate more, reopen more and rate worse.
                (20 + 900 * pow(u(ai * 100000 + di, k, 93), 2) * (1.6 - h))::integer as reply_minutes,
                (120 + 6000 * pow(u(ai * 100000 + di, k, 94), 2) * (1.6 - h))::integer as solve_minutes,
                u(ai * 100000 + di, k, 95) as u_prio,
                u(ai * 100000 + di, k, 96) as u_sat,
                u(ai * 100000 + di, k, 97) as u_dirt
            from exploded
        )
        select
            *,
            'tkt_' || lpad(ai::varchar, 6, '0') || '_' || di::varchar || '_' || k::varchar as ticket_id,
            case when u_prio < 0.04 + 0.30 * (1 - h) then 'urgent'
                when u_prio < 0.10 + 0.50 * (1 - h) then 'high'
                when u_prio < 0.75 then 'normal' else 'low' end as priority,
            (['question', 'incident', 'problem', 'task'])[1 + floor(u(key, k, 98) * 4)::integer] as type,
            (['email', 'chat', 'phone', 'web'])[1 + floor(u(key, k, 99) * 4)::integer] as channel,
            created_ts + to_seconds(reply_minutes::bigint * 60) as first_reply_ts,
            created_ts + to_seconds(solve_minutes::bigint * 60) as solved_ts,
            case when u(key, k, 100) < 0.04 + 0.25 * (1 - h)
                then 1 + (u(key, k, 101) < 0.3)::integer else 0 end as reopen_count,
            case
                when u_sat < 0.45 then 'unoffered'
                when u_sat < 0.60 then 'offered'
                when u(key, k, 102) < 0.05 + 0.70 * pow(1 - h, 1.5) then 'bad'
                else 'good'
            end as satisfaction_rating,
            case
                when u_dirt < {dirt} * 0.25 then 'enum_case'
                when u_dirt < {dirt} * 0.35 then 'unknown_enum'
                when u_dirt < {dirt} * 0.55 then 'soft_deleted'
                when u_dirt < {dirt} * 0.70 then 'orphan_account'
                when u_dirt < {dirt} * 0.80 then 'unparseable_timestamp'
                when u_dirt < {dirt} * 1.00 then 'resync_duplicate'
            end as dirt
        from drawn;

        create or replace table raw.support_tickets as
        with final_versions as (
            select
                ticket_id as id,
                case dirt when 'orphan_account' then 'acc_3' || lpad(ai::varchar, 5, '0')
                    else account_id end as account_id,
                'user' || (k % 7)::varchar || '@' || account_id || '.example' as requester_email,
                (['Cannot export report', 'SSO login fails', 'Billing question', 'Feature request',
                  'Données manquantes ✓', 'Sync is slow'])[1 + floor(u(key, k, 103) * 6)::integer]
                    as subject,
                type,
                case dirt
                    when 'enum_case' then '  ' || upper(priority)
                    when 'unknown_enum' then 'critical'
                    else priority
                end as priority,
                case when solved_ts <= {as_of_ts}
                    then case when solved_ts < {as_of_ts} - interval 4 day then 'closed' else 'solved' end
                    else 'open' end as status,
                channel,
                case dirt when 'unparseable_timestamp' then 'N/A'
                    else {_ts_mixed("created_ts", "key + k")} end as created_at,
                case when first_reply_ts <= {as_of_ts} then {_ts("first_reply_ts")} end as first_reply_at,
                case when solved_ts <= {as_of_ts} then {_ts("solved_ts")} end as solved_at,
                reopen_count,
                case when solved_ts <= {as_of_ts} then satisfaction_rating end as satisfaction_rating,
                {_ts("least(solved_ts, " + as_of_ts + ")")} as updated_at,
                dirt = 'soft_deleted' as _is_deleted,
                least(solved_ts + interval 1 hour, {as_of_ts}) as _loaded_at,
                created_ts, dirt, key, k
            from gen.tickets
        )
        select * exclude (created_ts, dirt, key, k) from final_versions
        union all
        -- The first sync saw the ticket as new; the final version supersedes it.
        select id, account_id, requester_email, subject, type, priority, 'new', channel, created_at,
            null, null, 0, null, created_at, false,
            least(created_ts + interval 5 minute, _loaded_at - interval 1 minute)
        from final_versions
        where u(key, k, 104) < 0.6 or dirt = 'resync_duplicate'
        """,
        )

    def _billing(self) -> None:
        c = self.cfg
        dirt = c.dirt_rate
        as_of_ts = f"(date '{c.as_of.isoformat()}'::timestamp + interval 6 hour)"
        self._sql(
            "raw.billing_invoices",
            f"""
        create or replace table gen.invoices as
        with subs as (
            select s.* exclude (dirt), a.first_di, a.last_di
            from gen.subscriptions s
            inner join gen.accounts a on a.ai = s.ai
        ),
        monthly as (
            -- Monthly invoices over each subscription's life inside the history window.
            select s.*, inv_di
            from subs s,
                unnest(range(greatest(s.start_di, s.first_di), least(coalesce(s.end_di, s.last_di),
                    s.last_di) + 1, 30)) t(inv_di)
        ),
        priced as (
            select m.*, ad.h,
                m.ai * 100000 + inv_di as key,
                'in_' || lpad(m.ai::varchar, 6, '0') || '_' || inv_di::varchar as invoice_id
            from monthly m
            inner join gen.account_days ad on ad.ai = m.ai and ad.di = m.inv_di
        )
        select
            *,
            round(arr_local * 100 / 12)::bigint as amount_cents,
            day_date(inv_di)::timestamp + interval 3 hour as created_ts,
            day_date(inv_di + 30)::timestamp + interval 3 hour as due_ts,
            -- Late payment grows as health falls; the sickest accounts stop paying.
            case
                when h < 0.25 and u(key, 0, 110) < 0.35 then null
                when u(key, 0, 111) < 0.04 + 0.90 * pow(1 - h, 1.5)
                    then 35 + floor(u(key, 0, 112) * 90 * (1.3 - h))::integer
                else floor(u(key, 0, 113) * 28)::integer
            end as pay_after_days,
            case
                when u(key, 0, 114) < {dirt} * 0.40 then 'status_case'
                when u(key, 0, 114) < {dirt} * 0.55 then 'unknown_currency'
                when u(key, 0, 114) < {dirt} * 0.70 then 'orphan_account'
                when u(key, 0, 114) < {dirt} * 1.00 then 'resync_duplicate'
            end as dirt
        from priced;

        create or replace table raw.billing_invoices as
        with rows as (
            select
                invoice_id as id,
                case dirt when 'orphan_account' then 'acc_2' || lpad(ai::varchar, 5, '0')
                    else account_id end as account_id,
                upper(substr(md5(account_id), 1, 8)) || '-' || lpad(inv_di::varchar, 4, '0') as number,
                case
                    when created_ts + to_seconds(coalesce(pay_after_days, 0)::bigint * 86400)
                        <= {as_of_ts} and pay_after_days is not null then 'paid'
                    when pay_after_days is null and due_ts + interval 90 day < {as_of_ts}
                        then 'uncollectible'
                    else 'open'
                end as base_status,
                case dirt when 'unknown_currency' then 'zzz' else lower(currency) end as currency,
                amount_cents,
                epoch(created_ts)::bigint as created_epoch,
                epoch(due_ts)::bigint as due_epoch,
                epoch(created_ts + to_seconds(coalesce(pay_after_days, 0)::bigint * 86400))::bigint
                    as paid_epoch_if_paid,
                created_ts, pay_after_days, dirt
            from gen.invoices
        ),
        final_versions as (
            select
                id, account_id, number,
                case dirt when 'status_case' then upper(base_status) || ' ' else base_status end
                    as status,
                currency,
                amount_cents as amount_due_cents,
                case when base_status = 'paid' then amount_cents else 0 end as amount_paid_cents,
                created_epoch, due_epoch,
                case when base_status = 'paid' then paid_epoch_if_paid end as paid_epoch,
                least(to_timestamp(case when base_status = 'paid' then paid_epoch_if_paid
                    else created_epoch end)::timestamp + interval 1 hour, {as_of_ts}) as _loaded_at,
                base_status, dirt
            from rows
        )
        select * exclude (base_status, dirt) from final_versions
        union all
        -- Paid invoices were first synced while still open.
        select id, account_id, number, 'open', currency, amount_due_cents, 0, created_epoch,
            due_epoch, null, to_timestamp(created_epoch)::timestamp + interval 30 minute
        from final_versions
        where base_status = 'paid' or dirt = 'resync_duplicate'
        """,
        )

    def _dirt_summary(self) -> dict[str, dict[str, int]]:
        sources = {
            "crm_accounts": "gen.crm_accounts",
            "crm_contacts": "gen.contacts",
            "crm_subscriptions": "gen.subscriptions",
            "crm_nps_responses": "gen.nps",
            "crm_cs_activities": "gen.cs_activities",
            "product_events": "gen.events",
            "support_tickets": "gen.tickets",
            "billing_invoices": "gen.invoices",
        }
        summary: dict[str, dict[str, int]] = {}
        for table, gen_table in sources.items():
            rows = self.con.execute(
                f"select dirt, count(*) from {gen_table} where dirt is not null group by dirt order by dirt"
            ).fetchall()
            summary[table] = {kind: int(count) for kind, count in rows}
        deleted = self._scalar("select count(*) from raw.crm_accounts where _is_deleted")
        summary["crm_accounts"]["soft_deleted"] = int(deleted)  # type: ignore[arg-type]
        tests = self._scalar("select count(*) from gen.accounts where is_test")
        summary["crm_accounts"]["test_account"] = int(tests)  # type: ignore[arg-type]
        return summary

    def run(self) -> GenerationResult:
        started = time.perf_counter()
        c = self.cfg
        self.progress(
            f"Generating {c.accounts:,} accounts x {c.days} days as of {c.as_of} "
            f"(seed {c.seed}, dirt rate {c.dirt_rate:.1%}, cadence {c.cadence}, sources {c.sources}, "
            f"churn {c.churn_style})"
        )
        self._setup()
        self._accounts()
        self._account_days()
        self._events()
        self._crm()
        self._support()
        self._billing()
        dirt = self._dirt_summary()
        if c.sources == "usage_only":  # a customer base without a ticketing system, NPS or CS tool
            for table in ("support_tickets", "crm_nps_responses", "crm_cs_activities"):
                self.con.execute(f"delete from raw.{table}")
                dirt[table] = {}
        counts = {
            t: int(self._scalar(f"select count(*) from raw.{t}"))  # type: ignore[arg-type]
            for t in RAW_TABLES
        }
        self.con.execute("drop schema gen cascade")
        for name in ("u", "z", "clamp01", "day_date"):
            self.con.execute(f"drop macro if exists {name}")
        cfg = asdict(c)
        cfg["as_of"] = c.as_of.isoformat()
        return GenerationResult(cfg, counts, dirt, round(time.perf_counter() - started, 2))
