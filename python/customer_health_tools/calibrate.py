"""Fit measure weights and dimension weights from history and check them on a later, held-out period.

Reads the built account x day models from a DuckDB warehouse: every measure score of the seven
int_accounts_<dimension>_scored models, the health score and its tier on each backtest cutoff, and
churn within the horizon after it (int_account_churns), for the customers the backtest scores (its
`renewal_window` population: contract ends within the horizon, or no end date).

Two regularised logistic regressions (scikit-learn) are fitted on the earlier cutoffs. First, within
each dimension, on its measure scores: each measure's proposed weight is its share of the dimension's
negative coefficients (a higher score must mean less churn; a measure whose coefficient comes out
positive gets weight 0). Second, on the dimension scores recomputed with those measure weights: each
dimension's weight is its share of the negative coefficients. Missing scores take the training mean,
so they neither add nor remove risk. The current and proposed scores are then compared on the later
cutoffs, which the fit never saw: AUC, top-decile lift, precision of the flagged tiers and the Brier
score of a probability fitted on the training cutoffs, overall and per segment, with each
dimension's standalone AUC beside its weight (collinear dimensions can get a small weight while
predicting well alone; the report shows both). The output is a drop-in configuration: the weights
seed and a vars file with the measure weights.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

from customer_health_tools.dbt_env import PROJECT
from customer_health_tools.evaluate import DIMENSIONS, load_backtest_rows, measure_config


@dataclass
class Metrics:
    """How well one score separates churners on one set of rows."""

    rows: int
    churned: int
    auc: float
    top_decile_lift: float
    flagged_precision: float
    brier: float


@dataclass
class CalibrationResult:
    weights: dict[str, float]
    current_weights: dict[str, float]
    measure_weights: dict[str, dict[str, float]]
    current_measure_weights: dict[str, dict[str, float]]
    standalone_auc: dict[str, float]
    train_cutoffs: list[dt.date]
    holdout_cutoffs: list[dt.date]
    current: dict[str, Metrics] = field(default_factory=dict)  # "overall" and each segment
    proposed: dict[str, Metrics] = field(default_factory=dict)
    expected_backtest_auc: float = float("nan")  # proposed weights, gates applied, every cutoff


def weighted_score(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The models' formula: weighted mean over the columns that have data; null when none has."""
    available = ~np.isnan(scores)
    weight_sum = (available * weights).sum(axis=1)
    total = (np.nan_to_num(scores) * weights).sum(axis=1)
    return np.divide(total, weight_sum, out=np.full(len(total), np.nan), where=weight_sum > 0)


def round_weights(raw: np.ndarray, names: list[str] = DIMENSIONS) -> dict[str, float]:
    """Weights rounded to 3 decimals that still sum to exactly 1."""
    if raw.sum() <= 0:
        raise ValueError("no dimension has a negative coefficient: the history does not support any weights")
    shares = raw / raw.sum()
    rounded = np.round(shares, 3)
    rounded[int(np.argmax(rounded))] += round(1.0 - rounded.sum(), 3)
    return {d: float(round(w, 3)) for d, w in zip(names, rounded, strict=True)}


def negative_coefficient_shares(scores: np.ndarray, churned: np.ndarray, regularisation: float) -> np.ndarray:
    """Each column's share of the negative logistic coefficients (columns without data get 0)."""
    has_data = ~np.isnan(scores).all(axis=0)
    shares = np.zeros(scores.shape[1])
    if not has_data.any():
        return shares
    usable = scores[:, has_data]
    filled = np.where(np.isnan(usable), np.nanmean(usable, axis=0), usable) / 100.0
    model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)
    model.fit(filled, churned)
    shares[has_data] = np.clip(-model.coef_[0], 0, None)
    return shares


def _auc(y: np.ndarray, healthiness: np.ndarray) -> float:
    if y.min() == y.max() or np.isnan(healthiness).all():
        return float("nan")
    filled = np.where(np.isnan(healthiness), np.nanmedian(healthiness), healthiness)
    return float(roc_auc_score(y, -filled))


def _metrics(y: np.ndarray, score: np.ndarray, probability: np.ndarray, flag_below: float) -> Metrics:
    filled = np.where(np.isnan(score), np.nanmedian(score), score)
    worst = filled <= np.quantile(filled, 0.1)
    flagged = filled < flag_below
    rate = y.mean() if len(y) else float("nan")
    return Metrics(
        rows=len(y),
        churned=int(y.sum()),
        auc=_auc(y, score),
        top_decile_lift=float(y[worst].mean() / rate) if rate > 0 else float("nan"),
        flagged_precision=float(y[flagged].mean()) if flagged.any() else float("nan"),
        brier=float(brier_score_loss(y, probability)),
    )


def _probability_model(score: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Platt scaling: churn probability as a logistic function of the score."""
    filled = np.where(np.isnan(score), np.nanmedian(score), score)
    model = LogisticRegression(max_iter=1000)
    model.fit(filled.reshape(-1, 1) / 100.0, y)
    return model


def _probability(model: LogisticRegression, score: np.ndarray) -> np.ndarray:
    filled = np.where(np.isnan(score), np.nanmedian(score), score)
    return model.predict_proba(filled.reshape(-1, 1) / 100.0)[:, 1]


def load_examples(con: duckdb.DuckDBPyConnection, schema: str, marts: str, measures: dict) -> dict[str, np.ndarray]:
    """The backtest's examples (load_backtest_rows) with every measure score and gate input."""
    columns = [f"cast({d}_measures.{name}_score as double) as {name}_score" for d in DIMENSIONS for name in measures[d]]
    columns += [
        f"cast({g['dimension']}_measures.{g['measure']} as double) as gate_{i}_value"
        for i, g in enumerate(_project_vars()["health_score_gates"])
    ]
    names, rows = load_backtest_rows(con, columns, schema, marts)
    data = {name: np.array([r[i] for r in rows]) for i, name in enumerate(names[:2])}
    for i, name in enumerate(names[2:], start=2):
        data[name] = np.array([np.nan if r[i] is None else r[i] for r in rows], dtype=float)
    return data


def _project_vars() -> dict:
    return yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]


def _bands(con: duckdb.DuckDBPyConnection, seeds: str) -> dict[str, tuple[float, float]]:
    rows = con.execute(f"select tier, min_score, max_score from {seeds}.health_score_bands").fetchall()
    return {tier: (float(low), float(high)) for tier, low, high in rows}


def apply_gates(score: np.ndarray, data: dict[str, np.ndarray], bands: dict[str, tuple[float, float]]) -> np.ndarray:
    """The models' gates: a score whose gate measure reached its threshold is capped under its tier's top."""
    capped = score.copy()
    for i, gate in enumerate(_project_vars()["health_score_gates"]):
        cap = bands[gate["cap_tier"]][1] - 0.1
        holds = data[f"gate_{i}_value"] >= gate["at_least"]
        capped = np.where(holds & (capped > cap), cap, capped)
    return capped


def calibrate(
    duckdb_path: Path,
    schema: str = "main_intermediate",
    marts: str = "main_marts",
    seeds: str = "main_seeds",
    holdout_share: float = 0.3,
    regularisation: float = 1.0,
    progress=print,
) -> CalibrationResult:
    if not duckdb_path.exists():
        raise FileNotFoundError(f"{duckdb_path}: no warehouse here; run `make build` first")
    measures = measure_config()
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        data = load_examples(con, schema, marts, measures)
        bands = _bands(con, seeds)
        current_row = con.execute(f"select * from {schema}.int_health_score_config where segment = 'default'")
        names = [d[0] for d in current_row.description]
        current_config = dict(zip(names, current_row.fetchall()[0], strict=True))
    except duckdb.CatalogException as exc:
        raise SystemExit(f"{duckdb_path}: the scoring models are missing ({exc}); run `dbt build` first") from exc
    finally:
        con.close()
    current = {d: float(current_config[f"{d}_weight"]) for d in DIMENSIONS}
    cutoffs = sorted(set(data["cutoff_date"]))
    if len(cutoffs) < 4:
        raise SystemExit(f"only {len(cutoffs)} cutoffs in the history; calibration needs at least 4")
    n_holdout = max(1, round(len(cutoffs) * holdout_share))
    train_cutoffs, holdout_cutoffs = cutoffs[:-n_holdout], cutoffs[-n_holdout:]
    train = np.isin(data["cutoff_date"], train_cutoffs)
    holdout = ~train
    churned = data["churned"].astype(int)
    progress(
        f"{len(churned):,} account x cutoff rows; training on {len(train_cutoffs)} cutoffs "
        f"({train_cutoffs[0]}..{train_cutoffs[-1]}), holding out {len(holdout_cutoffs)} "
        f"({holdout_cutoffs[0]}..{holdout_cutoffs[-1]})"
    )
    if churned[train].sum() == 0:
        raise SystemExit("no churn in the training period; nothing to calibrate against")
    y = churned[holdout]
    if y.sum() == 0 or y.sum() == len(y):
        raise SystemExit("the held-out period has no churn (or only churn); use a longer history")

    # 1. measure weights within each dimension, and the dimension scores they give
    measure_weights: dict[str, dict[str, float]] = {}
    proposed_dims, current_dims = [], []
    for dimension in DIMENSIONS:
        names = list(measures[dimension])
        scores = np.column_stack([data[f"{m}_score"] for m in names])
        old = np.array([float(measures[dimension][m]["weight"]) for m in names])
        shares = negative_coefficient_shares(scores[train], churned[train], regularisation)
        fitted = shares / shares.sum() if shares.sum() > 0 else old / old.sum()  # no signal: keep the weights
        measure_weights[dimension] = {m: round(float(w), 3) for m, w in zip(names, fitted, strict=True)}
        proposed_dims.append(weighted_score(scores, np.array(list(measure_weights[dimension].values()))))
        current_dims.append(weighted_score(scores, old))
    proposed_dim_scores = np.column_stack(proposed_dims)

    # 2. dimension weights on those dimension scores
    shares = negative_coefficient_shares(proposed_dim_scores[train], churned[train], regularisation)
    proposed = round_weights(shares)
    progress("proposed dimension weights: " + ", ".join(f"{d}={proposed[d]:.3f}" for d in DIMENSIONS))

    proposed_score = apply_gates(
        weighted_score(proposed_dim_scores, np.array([proposed[d] for d in DIMENSIONS])), data, bands
    )
    current_score = data["health_score"]
    flag_below = max(high for tier, (_, high) in bands.items() if tier in _project_vars()["at_risk_tiers"])
    result = CalibrationResult(
        weights=proposed,
        current_weights=current,
        measure_weights=measure_weights,
        current_measure_weights={d: {m: float(spec["weight"]) for m, spec in measures[d].items()} for d in DIMENSIONS},
        standalone_auc={d: _auc(y, proposed_dim_scores[holdout, i]) for i, d in enumerate(DIMENSIONS)},
        train_cutoffs=train_cutoffs,
        holdout_cutoffs=holdout_cutoffs,
    )
    models = {
        "current": _probability_model(current_score[train], churned[train]),
        "proposed": _probability_model(proposed_score[train], churned[train]),
    }
    segments = ["overall", *sorted(set(data["segment"][holdout]))]
    for name, score, into in [
        ("current", current_score, result.current),
        ("proposed", proposed_score, result.proposed),
    ]:
        probability = _probability(models[name], score[holdout])
        for segment in segments:
            rows = (
                np.ones(int(holdout.sum()), dtype=bool) if segment == "overall" else data["segment"][holdout] == segment
            )
            if rows.sum() >= 20:
                into[segment] = _metrics(y[rows], score[holdout][rows], probability[rows], flag_below)
    per_cutoff = [
        _auc(churned[data["cutoff_date"] == day], proposed_score[data["cutoff_date"] == day]) for day in cutoffs
    ]
    result.expected_backtest_auc = float(np.nanmean(per_cutoff))
    return result


def write_outputs(result: CalibrationResult, output_dir: Path) -> tuple[Path, Path, Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    seed = output_dir / "health_score_weights.csv"
    with seed.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["segment", "dimension", "weight"])
        for dimension in DIMENSIONS:
            writer.writerow(["default", dimension, f"{result.weights[dimension]:.3f}"])
    measures = measure_config()
    for dimension, weights in result.measure_weights.items():
        for name, weight in weights.items():
            measures[dimension][name]["weight"] = weight
    vars_file = output_dir / "health_score_vars.yml"
    vars_file.write_text(
        "# Measure weights fitted by `make calibrate`; everything else as in dbt_project.yml.\n"
        + yaml.safe_dump({"health_score_measures": measures}, sort_keys=False, default_flow_style=None, width=120)
    )

    def row(label: str, metrics: dict[str, Metrics], segment: str) -> str:
        m = metrics.get(segment)
        if m is None:
            return f"| {segment} | {label} | fewer than 20 rows | | | | |"
        return (
            f"| {segment} | {label} | {m.rows:,} ({m.churned}) | {m.auc:.3f} | {m.top_decile_lift:.2f} | "
            f"{m.flagged_precision:.3f} | {m.brier:.4f} |"
        )

    report = output_dir / "calibration_report.md"
    lines = [
        "# Weight calibration",
        "",
        f"Fitted on {len(result.train_cutoffs)} cutoffs ({result.train_cutoffs[0]} to {result.train_cutoffs[-1]}); "
        f"evaluated on {len(result.holdout_cutoffs)} later cutoffs ({result.holdout_cutoffs[0]} to "
        f"{result.holdout_cutoffs[-1]}), which the fit never saw.",
        "",
        "## Held-out results",
        "",
        "Brier: of a churn probability fitted (Platt) on the training cutoffs for each score.",
        "",
        "| segment | score | rows (churned) | AUC | top-decile lift | flagged precision | Brier |",
        "|---|---|---|---|---|---|---|",
    ]
    for segment in ["overall", *sorted(s for s in result.current if s != "overall")]:
        lines += [row("current", result.current, segment), row("proposed", result.proposed, segment)]
    lines += [
        "",
        f"Expected mean backtest AUC in `fct_health_backtest` after the rebuild (every cutoff, gates "
        f"applied): **{result.expected_backtest_auc:.3f}**.",
        "",
        "## Dimension weights",
        "",
        "Standalone AUC: the dimension's score alone on the held-out cutoffs. A dimension that predicts",
        "well alone but gets little weight overlaps with the others (collinear), it has not vanished.",
        "",
        "| dimension | current weight | proposed weight | standalone AUC |",
        "|---|---|---|---|",
        *[
            f"| {d} | {result.current_weights[d]:.3f} | {result.weights[d]:.3f} | {result.standalone_auc[d]:.3f} |"
            for d in DIMENSIONS
        ],
        "",
        "## Measure weights",
        "",
        "| dimension | measure | current weight | proposed weight |",
        "|---|---|---|---|",
        *[
            f"| {d} | {m} | {result.current_measure_weights[d][m]:g} | {w:.3f} |"
            for d in DIMENSIONS
            for m, w in result.measure_weights[d].items()
        ],
        "",
        "## To accept",
        "",
        "Copy the seed (only the `default` segment, which then applies to every segment), put the",
        "measure weights in `dbt_project.yml` (or pass the vars file), and rescore the whole history:",
        "",
        "```bash",
        f"cp {seed} seeds/health_score_weights.csv",
        f'dbt build --full-refresh --vars "$(cat {vars_file})"',
        "```",
        "",
        "A plain `dbt build` stops with a message instead: the stored history was built with the",
        "previous weights, and mixing the two would show score changes that are only the new weights.",
    ]
    report.write_text("\n".join(lines) + "\n")
    return seed, vars_file, report
