"""Does the health score beat one-signal baselines? Read a built DuckDB warehouse and compare, on
the backtest's own cutoffs, population and churn labels (fct_health_backtest, int_account_churns),
the health score's AUC with the AUC of every single measure the dimension models compute.

A single measure is ranked raw, in the direction its configuration gives (a `target` below its
`floor`, or `higher_is_better: false`, means lower is healthier); an account without a value ranks
in the middle. Each figure is the mean of the per-cutoff AUCs, as in the backtest mart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import yaml
from sklearn.metrics import roc_auc_score

from customer_health_tools.dbt_env import PROJECT

DIMENSIONS = ["usage", "adoption", "support", "satisfaction", "financial", "engagement", "relationship"]


@dataclass
class Evaluation:
    cutoffs: int
    scored_rows: int
    churned_rows: int
    score_auc: float
    measure_aucs: dict[str, float]

    @property
    def best_measure(self) -> tuple[str, float]:
        name = max(self.measure_aucs, key=lambda m: self.measure_aucs[m])
        return name, self.measure_aucs[name]


def measure_config(project: Path = PROJECT) -> dict[str, dict[str, dict]]:
    """var('health_score_measures') as dbt_project.yml sets it."""
    return yaml.safe_load((project / "dbt_project.yml").read_text())["vars"]["health_score_measures"]


def measure_directions(project: Path = PROJECT) -> dict[str, dict[str, int]]:
    """+1 where a higher value is healthier, -1 where lower is, per dimension and measure."""
    directions: dict[str, dict[str, int]] = {}
    for dimension, specs in measure_config(project).items():
        directions[dimension] = {}
        for name, spec in specs.items():
            if spec["method"] == "percentile":
                directions[dimension][name] = 1 if spec["higher_is_better"] else -1
            else:
                directions[dimension][name] = 1 if spec["target"] > spec["floor"] else -1
    return directions


def load_backtest_rows(
    con: duckdb.DuckDBPyConnection,
    columns: list[str],
    intermediate: str = "main_intermediate",
    marts: str = "main_marts",
    cutoffs: list | None = None,
) -> tuple[list[str], list[tuple]]:
    """The backtest's examples (int_backtest_examples: cutoff, account, segment, score, churned) on the
    cutoffs and population fct_health_backtest scored, with `columns` read from the dimension models
    on the cutoff day (alias `<dimension>_measures`). Churn labels and population are the backtest's,
    not defined again here."""
    population = con.execute(f"select max(backtest_population) from {marts}.fct_health_backtest").fetchall()[0][0]
    if population is None:
        raise SystemExit("the backtest has no cutoffs; the history is shorter than its warm-up")
    joins = [
        f"left join {intermediate}.int_accounts_{d}_scored as {d}_measures "
        f"on {d}_measures.account_id = examples.account_id and {d}_measures.date_day = examples.cutoff_date"
        for d in DIMENSIONS
    ]
    chosen = "and examples.cutoff_date in (" + ", ".join(f"date '{c}'" for c in cutoffs) + ")" if cutoffs else ""
    relation = con.execute(f"""
        select
            examples.cutoff_date,
            examples.segment,
            examples.churned,
            cast(examples.health_score as double) as health_score,
            {", ".join(columns)}
        from {intermediate}.int_backtest_examples as examples
        {" ".join(joins)}
        where examples.cutoff_date in (
            select cutoff_date from {marts}.fct_health_backtest where metric_group = 'overall'
        )
            {chosen}
            {"and examples.in_renewal_window" if population == "renewal_window" else ""}
        order by examples.cutoff_date, examples.account_id
    """)
    names = [d[0] for d in relation.description]
    return names, relation.fetchall()


def _mean_auc(cutoff: np.ndarray, churned: np.ndarray, healthiness: np.ndarray) -> float:
    """Mean over cutoffs of the AUC of "less healthy means churn"; nulls rank in the middle."""
    aucs = []
    for day in np.unique(cutoff):
        here = cutoff == day
        y = churned[here]
        if y.min() == y.max():
            continue
        values = healthiness[here]
        filled = np.where(np.isnan(values), np.nanmedian(values) if np.isfinite(values).any() else 0.0, values)
        aucs.append(roc_auc_score(y, -filled))
    return float(np.mean(aucs)) if aucs else float("nan")


def evaluate(
    duckdb_path: Path,
    intermediate: str = "main_intermediate",
    marts: str = "main_marts",
    cutoffs: list | None = None,
) -> Evaluation:
    """AUCs over the backtest's cutoffs, or over `cutoffs` (a subset of them) when given."""
    directions = measure_directions()
    columns = [
        f"{direction} * cast({dimension}_measures.{name} as double) as {name}"
        for dimension in DIMENSIONS
        for name, direction in directions[dimension].items()
    ]
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        names, rows = load_backtest_rows(con, columns, intermediate, marts, cutoffs)
    finally:
        con.close()
    if not rows:
        raise SystemExit(f"{duckdb_path}: the backtest has no cutoffs; the history is shorter than its warm-up")
    cutoff = np.array([r[0] for r in rows])
    data = {
        name: np.array([np.nan if r[i] is None else r[i] for r in rows], dtype=float)
        for i, name in enumerate(names)
        if i > 1
    }
    churned = data["churned"].astype(int)
    measures = {
        name: _mean_auc(cutoff, churned, data[name])
        for name in names[4:]
        if np.isfinite(data[name]).any()  # a measure without any value (no source) is no baseline
    }
    return Evaluation(
        cutoffs=len(np.unique(cutoff)),
        scored_rows=len(rows),
        churned_rows=int(churned.sum()),
        score_auc=_mean_auc(cutoff, churned, data["health_score"]),
        measure_aucs=measures,
    )
