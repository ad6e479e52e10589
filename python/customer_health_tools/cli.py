"""Command line: ``python -m customer_health_tools generate --accounts 2000 ...``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from customer_health_tools.generator import CADENCES, CHURN_STYLES, SOURCES, GeneratorConfig


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="customer_health_tools")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the demo raw tables (raw_contract.md)")
    gen.add_argument("--accounts", type=int, default=2000)
    gen.add_argument("--days", type=int, default=730, help="days of history before --as-of")
    gen.add_argument("--as-of", type=_date, default=dt.date.today(), help="last day of data")
    gen.add_argument("--seed", type=int, default=42)
    gen.add_argument("--dirt-rate", type=float, default=0.03, help="share of dirty rows per table")
    gen.add_argument("--events-per-account-day", type=float, default=1.4)
    gen.add_argument("--cadence", choices=CADENCES, default="daily", help="monthly: a purchase-like rhythm")
    gen.add_argument(
        "--sources", choices=SOURCES, default="all", help="usage_only: no tickets, NPS answers or CS activities"
    )
    gen.add_argument(
        "--churn-style", choices=CHURN_STYLES, default="fade", help="sudden: churners decline only 1-4 weeks"
    )
    gen.add_argument("--target", choices=["duckdb", "postgres"], default="duckdb")
    gen.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("HEALTH_DUCKDB_PATH", "warehouse/health.duckdb")),
    )
    gen.add_argument("--summary-json", type=Path, help="also write the run summary here")
    gen.add_argument("--threads", type=int)
    gen.add_argument(
        "--memory-limit",
        default=os.environ.get("HEALTH_DUCKDB_MEMORY_LIMIT", "4GB"),
        help="cap of the DuckDB the generator runs in, either target (default: HEALTH_DUCKDB_MEMORY_LIMIT or 4GB)",
    )

    ev = sub.add_parser("evaluate", help="the health score's backtest AUC beside every single measure's")
    ev.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("HEALTH_DUCKDB_PATH", "warehouse/health.duckdb")),
    )

    pub = sub.add_parser("publish", help="copy the marts into the read-only snapshot BI tools and the dashboard open")
    pub.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("HEALTH_DUCKDB_PATH", "warehouse/health.duckdb")),
    )
    pub.add_argument("--snapshot-path", type=Path, help="default: <warehouse>_marts.duckdb or HEALTH_SNAPSHOT_PATH")

    cal = sub.add_parser(
        "calibrate", help="fit measure and dimension weights from history; writes a drop-in configuration and a report"
    )
    cal.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("HEALTH_DUCKDB_PATH", "warehouse/health.duckdb")),
    )
    cal.add_argument("--holdout-share", type=float, default=0.3, help="share of the latest cutoffs held out")
    cal.add_argument("--regularisation", type=float, default=1.0, help="inverse L2 strength (C)")
    cal.add_argument("--output-dir", type=Path, default=Path("target/calibration"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "calibrate":
        return run_calibration(args)
    if args.command == "evaluate":
        return run_evaluation(args)
    if args.command == "publish":
        return run_publish(args)
    config = GeneratorConfig(
        accounts=args.accounts,
        days=args.days,
        as_of=args.as_of,
        seed=args.seed,
        dirt_rate=args.dirt_rate,
        events_per_account_day=args.events_per_account_day,
        cadence=args.cadence,
        sources=args.sources,
        churn_style=args.churn_style,
        threads=args.threads,
        memory_limit=args.memory_limit,
    )
    try:
        config.validate()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from customer_health_tools import warehouse

    if args.target == "duckdb":
        try:
            result = warehouse.generate_duckdb(args.duckdb_path, config)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        where = str(args.duckdb_path)
    else:
        result = warehouse.generate_postgres(config)
        where = "PostgreSQL (PG* environment)"
    print(f"\nWrote raw schema to {where} in {result.seconds:.1f}s:")
    for table, count in result.row_counts.items():
        dirty = result.dirt_counts.get(table, {})
        kinds = ", ".join(f"{k}={v}" for k, v in sorted(dirty.items())) or "none"
        print(f"  {table:<20} {count:>12,} rows; dirty rows: {kinds}")
    if args.summary_json:
        args.summary_json.parent.mkdir(parents=True, exist_ok=True)
        args.summary_json.write_text(result.to_json())
        print(f"Summary written to {args.summary_json}")
    return 0


def run_calibration(args: argparse.Namespace) -> int:
    from customer_health_tools.calibrate import calibrate, write_outputs

    result = calibrate(args.duckdb_path, holdout_share=args.holdout_share, regularisation=args.regularisation)
    seed, vars_file, report = write_outputs(result, args.output_dir)
    current, proposed = result.current["overall"], result.proposed["overall"]
    print(
        f"\nHeld-out AUC: current score {current.auc:.3f}, proposed weights {proposed.auc:.3f}; "
        f"Brier {current.brier:.4f} -> {proposed.brier:.4f}"
    )
    print(f"Proposed seed: {seed}\nProposed measure weights: {vars_file}\nReport: {report}")
    return 0


def run_evaluation(args: argparse.Namespace) -> int:
    from customer_health_tools.evaluate import evaluate

    result = evaluate(args.duckdb_path)
    print(f"{result.cutoffs} cutoffs, {result.scored_rows:,} account x cutoff rows, {result.churned_rows:,} churned")
    print(f"  {'health_score':<32} {result.score_auc:.3f}")
    for name, auc in sorted(result.measure_aucs.items(), key=lambda item: -item[1]):
        print(f"  {name:<32} {auc:.3f}")
    best, best_auc = result.best_measure
    verdict = "beats" if result.score_auc >= best_auc else "does not beat"
    print(f"The health score ({result.score_auc:.3f}) {verdict} the best single measure, {best} ({best_auc:.3f}).")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from customer_health_tools.publish import default_snapshot_path, publish

    result = publish(args.duckdb_path, args.snapshot_path or default_snapshot_path(args.duckdb_path))
    rows = sum(result.tables.values())
    print(f"Published {len(result.tables)} tables ({rows:,} rows) to {result.snapshot} in {result.seconds:.1f}s")
    return 0
