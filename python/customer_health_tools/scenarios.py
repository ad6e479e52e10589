"""Scenarios (``make scenarios``): does the score beat one-signal baselines on data it was not tuned for?

For each generator scenario (the demo's daily SaaS product; a monthly, purchase-like cadence; a
customer base with product usage only; churners who leave suddenly) this writes a warehouse, runs
``dbt build`` with every data test, and compares on the backtest's cutoffs the default score's AUC
with the best single measure's, then calibrates (``make calibrate``) and compares the calibrated
score with the best single measure on the held-out cutoffs the fit never saw. Writes SCENARIOS.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from customer_health_tools.calibrate import calibrate
from customer_health_tools.dbt_env import PROJECT, dbt_env
from customer_health_tools.evaluate import evaluate
from customer_health_tools.generator import GeneratorConfig
from customer_health_tools.warehouse import generate_duckdb

SCENARIOS: dict[str, dict[str, str]] = {
    "daily SaaS (demo)": {},
    "monthly cadence": {"cadence": "monthly"},
    "usage only": {"sources": "usage_only"},
    "sudden churn": {"churn_style": "sudden"},
}


@dataclass
class ScenarioResult:
    name: str
    cutoffs: int
    churned_rows: int
    score_auc: float
    best_measure: str
    best_measure_auc: float
    median_measure_auc: float
    holdout_best_measure: str
    holdout_best_measure_auc: float
    calibrated_auc: float


def run_scenario(name: str, flags: dict[str, str], workdir: Path, accounts: int, days: int) -> ScenarioResult:
    db = workdir / f"{name.split()[0]}.duckdb"
    generate_duckdb(db, GeneratorConfig(accounts=accounts, days=days, **flags), progress=lambda _: None)
    env = dbt_env(workdir, f"target-{db.stem}", HEALTH_DUCKDB_PATH=str(db))
    built = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--exclude-resource-type", "unit_test"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        raise SystemExit(f"scenario {name}: dbt build failed:\n{built.stdout[-4000:]}")
    overall = evaluate(db)
    calibration = calibrate(db, progress=lambda _: None)
    holdout = evaluate(db, cutoffs=calibration.holdout_cutoffs)
    best, best_auc = overall.best_measure
    holdout_best, holdout_best_auc = holdout.best_measure
    return ScenarioResult(
        name=name,
        cutoffs=overall.cutoffs,
        churned_rows=overall.churned_rows,
        score_auc=overall.score_auc,
        best_measure=best,
        best_measure_auc=best_auc,
        median_measure_auc=float(np.median(list(overall.measure_aucs.values()))),
        holdout_best_measure=holdout_best,
        holdout_best_measure_auc=holdout_best_auc,
        calibrated_auc=calibration.proposed["overall"].auc,
    )


def write_report(results: list[ScenarioResult], accounts: int, days: int, path: Path) -> None:
    lines = [
        "# Scenarios",
        "",
        f"Written by `make scenarios`: {accounts:,} accounts and {days} days per scenario, default",
        "configuration, backtest population `renewal_window` (customers who can leave within 90 days).",
        "AUCs are means over the backtest's cutoffs; the calibrated score is compared with the best",
        "single measure on the held-out cutoffs only (the latest 30%), which the calibration never saw.",
        "",
        "| scenario | cutoffs | churned | default score | median single measure | best single measure | "
        "default - best | "
        "calibrated (held out) | best single (held out) | calibrated - best |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.cutoffs} | {r.churned_rows} | {r.score_auc:.3f} | {r.median_measure_auc:.3f} | "
            f"{r.best_measure} {r.best_measure_auc:.3f} | {r.score_auc - r.best_measure_auc:+.3f} | "
            f"{r.calibrated_auc:.3f} | {r.holdout_best_measure} {r.holdout_best_measure_auc:.3f} | "
            f"{r.calibrated_auc - r.holdout_best_measure_auc:+.3f} |"
        )
    path.write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="customer_health_tools.scenarios", description=__doc__)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--days", type=int, default=540)
    parser.add_argument("--output", type=Path, default=PROJECT / "SCENARIOS.md")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="scenarios-") as tmp:
        for i, (name, flags) in enumerate(SCENARIOS.items(), start=1):
            started = time.perf_counter()
            print(f"[{i}/{len(SCENARIOS)}] {name} ...", flush=True)
            result = run_scenario(name, flags, Path(tmp), args.accounts, args.days)
            results.append(result)
            print(
                f"      default {result.score_auc:.3f} vs {result.best_measure} {result.best_measure_auc:.3f}; "
                f"calibrated {result.calibrated_auc:.3f} vs {result.holdout_best_measure} "
                f"{result.holdout_best_measure_auc:.3f} (held out); {time.perf_counter() - started:.0f}s",
                flush=True,
            )
    write_report(results, args.accounts, args.days, args.output)
    beaten = sum(r.score_auc >= r.best_measure_auc for r in results)
    print(f"Wrote {args.output}: the default score beats the best single measure in {beaten} of {len(results)}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
