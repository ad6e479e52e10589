"""Fit dimension weights from history and check them on a later, held-out period.

Reads the built account x day models (int_account_health_daily, int_account_churns) from a DuckDB
warehouse. Training examples are account x cutoff rows: the seven dimension scores on the cutoff day,
labelled 1 when the account churned within the horizon after it. A regularised logistic regression
(scikit-learn) is fitted on the earlier cutoffs; each dimension's proposed weight is its share of the
negative coefficients (a higher score must mean less churn; a dimension whose coefficient comes out
positive gets weight 0). Both the current score and the proposed weights are then evaluated on the
later cutoffs, which the fit never saw. The proposed seed is a drop-in `health_score_weights.csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

DIMENSIONS = ["usage", "adoption", "support", "satisfaction", "financial", "engagement", "relationship"]


@dataclass
class CalibrationResult:
    weights: dict[str, float]
    current_weights: dict[str, float]
    train_cutoffs: list[dt.date]
    holdout_cutoffs: list[dt.date]
    train_rows: int
    holdout_rows: int
    holdout_churned: int
    auc_current: float
    auc_proposed: float
    auc_current_weights_no_gates: float


def load_examples(
    con: duckdb.DuckDBPyConnection, schema: str, horizon: int, step: int, warmup: int = 90
) -> list[tuple]:
    """Rows of (cutoff, account, health_score, dimension scores..., churned) for every cutoff."""
    dims = ", ".join(f"h.{d}_score" for d in DIMENSIONS)
    sql = f"""
        with bounds as (
            select min(date_day) + {warmup} as first_cutoff, max(date_day) - {horizon} as last_cutoff
            from {schema}.int_account_health_daily
        ),
        cutoffs as (
            select distinct h.date_day as cutoff
            from {schema}.int_account_health_daily h, bounds
            where h.date_day between bounds.first_cutoff and bounds.last_cutoff
                and (bounds.last_cutoff - h.date_day) % {step} = 0
        )
        select c.cutoff, h.account_id, h.segment, cast(h.health_score as double), {dims},
            case when exists (
                select 1 from {schema}.int_account_churns ch
                where ch.account_id = h.account_id and ch.churn_date > c.cutoff
                    and ch.churn_date <= c.cutoff + {horizon}
            ) then 1 else 0 end as churned
        from cutoffs c
        inner join {schema}.int_account_health_daily h on h.date_day = c.cutoff
        order by c.cutoff, h.account_id
    """
    return con.execute(sql).fetchall()


def current_default_weights(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, float]:
    rows = con.execute(f"select * from {schema}.int_health_score_config where segment = 'default'").fetchall()
    names = [d[0] for d in con.description]
    row = dict(zip(names, rows[0], strict=True))
    return {d: float(row[f"{d}_weight"]) for d in DIMENSIONS}


def weighted_score(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The model's formula without gates: weighted mean over the dimensions that have data."""
    available = ~np.isnan(scores)
    weight_sum = (available * weights).sum(axis=1)
    total = (np.nan_to_num(scores) * weights).sum(axis=1)
    return np.divide(total, weight_sum, out=np.full(len(total), np.nan), where=weight_sum > 0)


def round_weights(raw: np.ndarray) -> dict[str, float]:
    """Weights rounded to 3 decimals that still sum to exactly 1."""
    if raw.sum() <= 0:
        raise ValueError("no dimension has a negative coefficient: the history does not support any weights")
    shares = raw / raw.sum()
    rounded = np.round(shares, 3)
    rounded[int(np.argmax(rounded))] += round(1.0 - rounded.sum(), 3)
    return {d: float(round(w, 3)) for d, w in zip(DIMENSIONS, rounded, strict=True)}


def calibrate(
    duckdb_path: Path,
    schema: str = "main_intermediate",
    horizon: int = 90,
    step: int = 30,
    holdout_share: float = 0.3,
    regularisation: float = 1.0,
    progress=print,
) -> CalibrationResult:
    if not duckdb_path.exists():
        raise FileNotFoundError(f"{duckdb_path}: no warehouse here; run `make build` first")
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        rows = load_examples(con, schema, horizon, step)
        current = current_default_weights(con, schema)
    except duckdb.CatalogException as exc:
        raise SystemExit(f"{duckdb_path}: the scoring models are missing ({exc}); run `dbt build` first") from exc
    finally:
        con.close()
    cutoffs = sorted({r[0] for r in rows})
    if len(cutoffs) < 4:
        raise SystemExit(f"only {len(cutoffs)} cutoffs in the history; calibration needs at least 4")
    n_holdout = max(1, round(len(cutoffs) * holdout_share))
    train_cutoffs, holdout_cutoffs = cutoffs[:-n_holdout], cutoffs[-n_holdout:]
    progress(
        f"{len(rows):,} account x cutoff rows; training on {len(train_cutoffs)} cutoffs "
        f"({train_cutoffs[0]}..{train_cutoffs[-1]}), holding out {len(holdout_cutoffs)} "
        f"({holdout_cutoffs[0]}..{holdout_cutoffs[-1]})"
    )

    cutoff_of = np.array([r[0] for r in rows])
    health = np.array([np.nan if r[3] is None else r[3] for r in rows], dtype=float)
    scores = np.array([[np.nan if v is None else float(v) for v in r[4:11]] for r in rows], dtype=float)
    churned = np.array([r[11] for r in rows], dtype=int)
    train = np.isin(cutoff_of, train_cutoffs)
    holdout = ~train

    # missing dimensions take the training mean, so they neither add nor remove risk
    means = np.nanmean(scores[train], axis=0)
    filled = np.where(np.isnan(scores), means, scores) / 100.0
    if churned[train].sum() == 0:
        raise SystemExit("no churn in the training period; nothing to calibrate against")
    model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=1000)
    model.fit(filled[train], churned[train])
    proposed = round_weights(np.clip(-model.coef_[0], 0, None))
    progress(
        "coefficients (per 100 points): "
        + ", ".join(f"{d}={c:+.2f}" for d, c in zip(DIMENSIONS, model.coef_[0], strict=True))
    )

    y = churned[holdout]
    if y.sum() == 0 or y.sum() == len(y):
        raise SystemExit("the held-out period has no churn (or only churn); use a longer history")
    proposed_score = weighted_score(scores[holdout], np.array([proposed[d] for d in DIMENSIONS]))
    current_no_gates = weighted_score(scores[holdout], np.array([current[d] for d in DIMENSIONS]))
    return CalibrationResult(
        weights=proposed,
        current_weights=current,
        train_cutoffs=train_cutoffs,
        holdout_cutoffs=holdout_cutoffs,
        train_rows=int(train.sum()),
        holdout_rows=int(holdout.sum()),
        holdout_churned=int(y.sum()),
        auc_current=float(roc_auc_score(y, -np.nan_to_num(health[holdout], nan=50.0))),
        auc_proposed=float(roc_auc_score(y, -np.nan_to_num(proposed_score, nan=50.0))),
        auc_current_weights_no_gates=float(roc_auc_score(y, -np.nan_to_num(current_no_gates, nan=50.0))),
    )


def write_outputs(result: CalibrationResult, output_dir: Path) -> tuple[Path, Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    seed = output_dir / "health_score_weights.csv"
    with seed.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["segment", "dimension", "weight"])
        for dimension in DIMENSIONS:
            writer.writerow(["default", dimension, f"{result.weights[dimension]:.3f}"])
    report = output_dir / "calibration_report.md"
    lines = [
        "# Weight calibration",
        "",
        f"Training: {result.train_rows:,} account x cutoff rows on {len(result.train_cutoffs)} cutoffs "
        f"({result.train_cutoffs[0]} to {result.train_cutoffs[-1]}).",
        f"Held out: {result.holdout_rows:,} rows on {len(result.holdout_cutoffs)} later cutoffs "
        f"({result.holdout_cutoffs[0]} to {result.holdout_cutoffs[-1]}), {result.holdout_churned} churned.",
        "",
        "| dimension | current default weight | proposed weight |",
        "|---|---|---|",
        *[f"| {d} | {result.current_weights[d]:.3f} | {result.weights[d]:.3f} |" for d in DIMENSIONS],
        "",
        "| held-out AUC (churn within the horizon) | value |",
        "|---|---|",
        f"| current health_score (segment weights, gates) | {result.auc_current:.3f} |",
        f"| current default weights, no gates | {result.auc_current_weights_no_gates:.3f} |",
        f"| proposed weights, no gates | {result.auc_proposed:.3f} |",
        "",
        "To accept: copy `health_score_weights.csv` over `seeds/health_score_weights.csv` (it has only",
        "the `default` segment, which then applies to every segment), then rescore the whole history",
        "with the new weights:",
        "",
        "```bash",
        f"cp {seed} seeds/health_score_weights.csv",
        "dbt build --full-refresh",
        "```",
        "",
        "A plain `dbt build` stops with a message instead: the stored history was built with the",
        "previous weights, and mixing the two would show score changes that are only the new weights.",
    ]
    report.write_text("\n".join(lines) + "\n")
    return seed, report
