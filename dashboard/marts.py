"""What the dashboard reads: queries on the published snapshot of the marts (`make build` writes it;
customer_health_tools.publish). Every query runs in DuckDB and returns a small frame; nothing is
filtered or aggregated row by row in Python. A missing snapshot or mart raises MissingData, whose
message says what to run, and the pages show it instead of a stack trace.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

PROJECT = Path(__file__).resolve().parents[1]
TIER_ORDER_SQL = "health_tier_rank"  # healthiest first: rank 1 is the healthiest band


class MissingData(Exception):
    """The snapshot or one of its marts is missing or empty; the message says what to run."""


def snapshot_path() -> Path:
    configured = os.environ.get("HEALTH_SNAPSHOT_PATH")
    if configured:
        return Path(configured)
    warehouse = Path(os.environ.get("HEALTH_DUCKDB_PATH", "warehouse/health.duckdb"))
    warehouse = warehouse if warehouse.is_absolute() else PROJECT / warehouse
    return warehouse.with_name(f"{warehouse.stem}_marts.duckdb")


def query(sql: str, params: list | None = None, required: str | None = None) -> pd.DataFrame:
    """Run `sql` on a fresh read-only connection to the snapshot (a newly published snapshot is seen
    by the next query). With `required`, an empty result raises MissingData naming that mart."""
    path = snapshot_path()
    if not path.exists():
        raise MissingData(
            f"No published marts at {path}. Run `make build` (it builds the models and publishes the marts), "
            "or `python -m customer_health_tools publish` after your own `dbt build`."
        )
    con = duckdb.connect(str(path), read_only=True)
    try:
        frame = con.execute(sql, params or []).df()
    except duckdb.CatalogException as exc:
        raise MissingData(
            f"The snapshot {path} lacks a mart this page reads ({exc.args[0].splitlines()[0]}). "
            "Run `make build` to rebuild and publish every mart."
        ) from exc
    finally:
        con.close()
    if required and frame.empty:
        raise MissingData(f"{required} has no rows. Load raw data and run `make build`.")
    return frame


def require_scores() -> None:
    """MissingData unless fct_account_health has rows (the current scores every page starts from)."""
    query("select account_id from marts.fct_account_health limit 1", required="fct_account_health")


def bands() -> pd.DataFrame:
    """Tier bands, healthiest first: tier, min_score, max_score, color_hex."""
    return query(
        "select tier, min_score, max_score, color_hex from marts.health_score_bands order by min_score desc",
        required="health_score_bands",
    )


def filter_clause(segments: list[str], csms: list[str], regions: list[str], alias: str = "a") -> tuple[str, list]:
    """`and ...` restricting fct_account_health rows (alias `alias`) to the chosen filters."""
    sql, params = "", []
    for column, chosen in (("segment", segments), ("csm_email", csms), ("region", regions)):
        if chosen:
            sql += f" and {alias}.{column} in ({', '.join('?' for _ in chosen)})"
            params += list(chosen)
    return sql, params


def filter_options() -> dict[str, list[str]]:
    frame = query("select segment, csm_email, region from marts.fct_account_health", required="fct_account_health")
    return {column: sorted(frame[column].dropna().unique().tolist()) for column in frame.columns}


def portfolio_summary(where: str, params: list) -> pd.DataFrame:
    return query(
        f"""
        select
            max(as_of_date) as as_of_date,
            count(*) as accounts,
            sum(arr_usd) as arr_usd,
            round(avg(health_score), 1) as mean_health_score,
            sum(arr_at_risk_usd) as arr_at_risk_usd,
            count(*) filter (where is_low_coverage) as low_coverage_accounts,
            max(churn_horizon_days) as churn_horizon_days
        from marts.fct_account_health as a
        where true {where}
        """,
        params,
        required="fct_account_health",
    )


def tiers_today(where: str, params: list) -> pd.DataFrame:
    return query(
        f"""
        select health_tier, health_tier_rank, count(*) as accounts, sum(arr_usd) as arr_usd,
            sum(arr_at_risk_usd) as arr_at_risk_usd
        from marts.fct_account_health as a
        where true {where}
        group by health_tier, health_tier_rank
        order by {TIER_ORDER_SQL}
        """,
        params,
    )


def tiers_by_month(where: str, params: list) -> pd.DataFrame:
    """Accounts and ARR per tier on the last scored day of each of the last 12 months (and today)."""
    return query(
        f"""
        with days as (
            select max(date_day) as date_day
            from marts.fct_account_health_daily
            where date_day > (select max(date_day) from marts.fct_account_health_daily) - interval 365 day
            group by date_trunc('month', date_day)
        )
        select d.date_day, d.health_tier, d.health_tier_rank, count(*) as accounts, sum(d.arr_usd) as arr_usd
        from marts.fct_account_health_daily as d
        inner join days using (date_day)
        inner join marts.fct_account_health as a using (account_id)
        where d.health_tier is not null {where}
        group by d.date_day, d.health_tier, d.health_tier_rank
        order by d.date_day, d.health_tier_rank
        """,
        params,
    )


def score_distribution(where: str, params: list) -> pd.DataFrame:
    return query(
        f"""
        select floor(health_score / 5) * 5 as score_bucket, health_tier, count(*) as accounts
        from marts.fct_account_health as a
        where health_score is not null {where}
        group by all
        order by score_bucket
        """,
        params,
    )


def tier_changes(days: int, where: str, params: list) -> pd.DataFrame:
    """Accounts whose tier today differs from their tier `days` days ago, worst move first."""
    return query(
        f"""
        select a.account_name, a.segment, a.csm_email, before.health_tier as tier_before,
            a.health_tier as tier_now, before.health_score as score_before, a.health_score as score_now,
            a.arr_usd, a.top_risk_driver
        from marts.fct_account_health as a
        inner join marts.fct_account_health_daily as before
            on before.account_id = a.account_id and before.date_day = a.as_of_date - interval {int(days)} day
        where before.health_tier <> a.health_tier {where}
        order by a.health_tier_rank - before.health_tier_rank desc, a.arr_usd desc
        """,
        params,
    )


def find_accounts(text: str, limit: int = 50) -> pd.DataFrame:
    return query(
        """
        select account_id, account_name, health_score, health_tier
        from marts.fct_account_health
        where account_name ilike ? or account_id ilike ?
        order by account_name
        limit ?
        """,
        [f"%{text}%", f"%{text}%", limit],
    )


def account(account_id: str) -> pd.DataFrame:
    return query("select * from marts.fct_account_health where account_id = ?", [account_id])


def account_history(account_id: str) -> pd.DataFrame:
    return query(
        """
        select date_day, health_score, health_tier
        from marts.fct_account_health_daily
        where account_id = ?
        order by date_day
        """,
        [account_id],
    )


DIMENSIONS = ["usage", "adoption", "support", "satisfaction", "financial", "engagement", "relationship"]


def account_dimensions(account_id: str) -> pd.DataFrame:
    """Per dimension: score, points, the points it could give (its weight among the dimensions with
    data, in the account's segment or `default`), points lost, and the change of its points over 7,
    30 and 90 days (weights as today)."""
    unpivot = " union all ".join(
        f"select '{d}' as dimension, {i} as position, {d}_score as score, {d}_points as points from account"
        for i, d in enumerate(DIMENSIONS)
    )
    history = " union all ".join(
        f"select '{d}' as dimension, date_day, {d}_score as score from history" for d in DIMENSIONS
    )
    return query(
        f"""
        with account as (select * from marts.fct_account_health where account_id = ?),
        dims as ({unpivot}),
        weights as (
            select dimension, weight from marts.health_score_weights
            where segment = coalesce(
                (select max(segment) from marts.health_score_weights
                 where segment = (select segment from account)), 'default')
        ),
        history as (
            select d.* from marts.fct_account_health_daily as d
            where d.account_id = ? and d.date_day in (
                select as_of_date - t.n from account, (values (7), (30), (90)) as t(n))
        ),
        past as ({history}),
        shares as (
            select dims.*, weights.weight / sum(weights.weight) filter (where dims.score is not null) over ()
                as weight_share
            from dims left join weights using (dimension)
        )
        select
            shares.dimension,
            shares.score,
            shares.points,
            case when shares.score is not null then round(100 * shares.weight_share, 2) end as max_points,
            case when shares.score is not null then round(100 * shares.weight_share - shares.points, 2) end
                as points_lost,
            {
            ", ".join(
                f"round((shares.score - p{n}.score) * shares.weight_share, 2) as points_change_{n}d"
                for n in (7, 30, 90)
            )
        }
        from shares
        cross join account
        {
            " ".join(
                f"left join past as p{n} on p{n}.dimension = shares.dimension "
                f"and p{n}.date_day = account.as_of_date - interval {n} day"
                for n in (7, 30, 90)
            )
        }
        order by shares.position
        """,
        [account_id, account_id],
    )


def account_measures(account_id: str) -> pd.DataFrame:
    """The measures behind the score today (fct_account_health_explain): value, score, points and
    what each moved the score by over 7, 30 and 90 days, biggest contribution first per dimension."""
    return query(
        """
        select dimension, replace(measure_name, '_', ' ') as measure, measure_value as value,
            measure_score as score, points, points_change_7d, points_change_30d, points_change_90d
        from marts.fct_account_health_explain
        where account_id = ?
        order by dimension = 'gate', dimension, points desc nulls last
        """,
        [account_id],
    )


def account_changes(account_id: str, days: int = 90) -> pd.DataFrame:
    """The account's change-feed rows (fct_health_score_changes) in the last `days` days."""
    return query(
        f"""
        select change_date, previous_score, health_score, score_change, previous_tier, health_tier,
            explanation
        from marts.fct_health_score_changes
        where account_id = ? and change_date > (
            select max(as_of_date) from marts.fct_account_health) - interval {int(days)} day
        order by change_date desc
        """,
        [account_id],
    )


def account_alerts(account_id: str, days: int = 90) -> pd.DataFrame:
    return query(
        f"""
        select alert_date, alert_type, health_score, health_tier, driver
        from marts.fct_health_alerts
        where account_id = ? and alert_date > (
            select max(as_of_date) from marts.fct_account_health) - interval {int(days)} day
        order by alert_date desc
        """,
        [account_id],
    )


def parent_rollup(account_id: str, parent_account_id: str | None) -> pd.DataFrame:
    return query(
        """
        select account_name, rollup_account_count, arr_usd, health_score, health_tier,
            worst_child_account_id, worst_child_health_score, worst_child_health_tier
        from marts.fct_parent_account_health
        where account_id in (?, ?)
        """,
        [account_id, parent_account_id or account_id],
    )


WORKLISTS = {
    "Alerts": "fct_health_alerts",
    "Renewals at risk": "fct_renewals_at_risk",
    "Collections": "fct_collections",
    "Advocates": "fct_advocate_candidates",
    "Expansion candidates": "fct_expansion_candidates",
}

WORKLIST_ORDER = {
    "fct_health_alerts": "alert_date desc, health_score",
    "fct_renewals_at_risk": "renewal_date, arr_at_risk_usd desc",
    "fct_collections": "days_past_due desc",
    "fct_advocate_candidates": "health_score desc",
    "fct_expansion_candidates": "active_users_per_seat desc",
}


WORKLIST_COLUMNS = {  # what a CSM reads first; keys and the as_of_date column stay in the CSV only
    "fct_health_alerts": "account_name, alert_date, alert_type, health_score, health_tier, driver, "
    "driver_measure, explanation, csm_email",
    "fct_renewals_at_risk": "account_name, renewal_date, days_to_renewal, arr_at_risk_usd, health_score, "
    "health_tier, top_risk_driver, segment, csm_email",
    "fct_collections": "account_name, invoice_number, invoice_status, amount_overdue_usd, due_date, "
    "days_past_due, health_tier, csm_email",
    "fct_advocate_candidates": "account_name, health_score, nps_decayed, nps_answers, arr_usd, segment, csm_email",
    "fct_expansion_candidates": "account_name, health_score, active_users, active_users_per_seat, arr_usd, "
    "segment, csm_email",
}


def worklist(mart: str, since=None, columns: str = "*") -> pd.DataFrame:
    """A playbook mart's rows in its working order; `columns` = "shown" for the columns a CSM reads first."""
    if mart not in WORKLIST_ORDER:
        raise ValueError(f"not a worklist mart: {mart}")
    selected = WORKLIST_COLUMNS[mart] if columns == "shown" else "*"
    where, params = ("where alert_date >= ?", [since]) if mart == "fct_health_alerts" and since else ("", [])
    return query(f"select {selected} from marts.{mart} {where} order by {WORKLIST_ORDER[mart]}", params)


def backtest(metric_group: str) -> pd.DataFrame:
    return query(
        "select * from marts.fct_health_backtest where metric_group = ? order by cutoff_date, group_value",
        [metric_group],
        required="fct_health_backtest",
    )


def backtest_by_group(metric_group: str) -> pd.DataFrame:
    """Churn rate and mean predicted probability per tier or decile over all cutoffs."""
    return query(
        """
        select group_value, sum(scored_accounts) as scored_accounts, sum(churned_accounts) as churned_accounts,
            sum(churned_accounts) / sum(scored_accounts) as churn_rate,
            sum(mean_churn_probability * scored_accounts) / sum(scored_accounts) as mean_churn_probability
        from marts.fct_health_backtest
        where metric_group = ?
        group by group_value
        """,
        [metric_group],
    )
