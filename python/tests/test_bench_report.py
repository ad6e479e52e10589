"""The benchmark's report and its pieces that need no warehouse: the figures it renders, the day
ranges of the bare run, a timed step's failure and the JSON kept from earlier runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from customer_health_tools import bench


def _size(accounts: int, build: float, bare: float, refresh: float, pages: dict | None = None) -> dict:
    step = {"peak_rss_bytes": 2 * bench.GIB, "cpu_seconds": 1.0, "commit": "abc1234"}
    size = {
        "accounts": accounts,
        "events": accounts * 1000,
        "dbt_threads": 1,
        "steps": {
            "full_build": step | {"seconds": build, "io_stall_seconds": 3.0},  # fields of older runs are ignored
            "bare_sql": step | {"seconds": bare},
            "daily_refresh": step | {"seconds": refresh + 1},
            "second_refresh": step | {"seconds": refresh},
        },
        "model_seconds": {"int_accounts_usage_scored": 30.0, "stg_crm__accounts": 0.1},
    }
    if pages:
        size |= {"dashboard_page_seconds": pages, "publish_seconds": 0.7}
    return size


def test_report_renders_every_size_the_dashboard_pages_and_postgres() -> None:
    pages = {"portfolio": 0.61, "account": 0.32, "worklists": 0.2, "score_check": 0.15}
    data = {
        "machine": "2 CPU cores",
        "settings": {"as_of": "2026-11-21", "days": "730", "seed": "42", "memory_limit": "4GB", "dbt_threads": "1"},
        "sizes": [_size(10_000, 150.0, 100.0, 18.0, pages), _size(100_000, 1800.0, 1500.0, 90.0)],
        "postgres": {"accounts": 10_000, "load_seconds": 30.0, "settings": "work_mem=256MB",
                     "full_build": {"seconds": 900.0, "peak_rss_bytes": 0, "commit": "abc1234"},
                     "model_seconds": {"int_accounts_usage_scored": 200.0}},
    }  # fmt: skip
    report = bench.render_markdown(data)
    assert "| 10,000 | 10,000,000 | 1 | 150 s (2.5 min) | 2.00 GiB | 100 s | 1.50 | 19 s | 18 s | 12.0% |" in report
    assert "| 100,000 | 100,000,000 |" in report and "1,800 s (30.0 min)" in report
    assert "| 10,000 | 0.61 s | 0.32 s | 0.20 s | 0.15 s | 0.7 s |" in report
    assert "- 10,000 accounts: `int_accounts_usage_scored` 30.0 s, `stg_crm__accounts` 0.1 s." in report
    assert "full build 900 s (15.0 min) at `abc1234`" in report
    assert "Not measured: no initdb" in bench.render_markdown(data | {"postgres": {"skipped": "no initdb"}})


def test_recorded_sizes_survive_a_run_of_other_sizes(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    args = bench.parse_args(["--output", str(output), "--sizes", "1000", "--postgres-accounts", "0"])
    output.with_suffix(".json").write_text(
        '{"sizes": [{"accounts": 100000, "events": 5, "steps": {}}], "postgres": {"skipped": "no initdb"}}'
    )
    runner = bench.Bench(args, progress=lambda _: None)
    runner.write()
    assert "| 100,000 | 5 |" in output.read_text() and "no initdb" in output.read_text()


def test_a_failed_step_names_its_command_and_log(tmp_path: Path) -> None:
    log = tmp_path / "step.log"
    step = bench.timed([sys.executable, "-c", "print('ok')"], {}, log, progress=lambda _: None)
    assert step.seconds > 0 and step.peak_rss_bytes > 0 and log.read_text() == "ok\n"
    with pytest.raises(bench.BenchError, match="step.log"):
        bench.timed([sys.executable, "-c", "raise SystemExit(3)"], {}, log, progress=lambda _: None)


def test_bare_day_ranges_replace_the_marked_days_only() -> None:
    # day_range_between marks each end (range_day_literal), whatever arithmetic wraps it, across lines
    sql = (
        "/* day ranges, one statement each: 2025-01-01..2025-01-31 2025-02-01..2025-02-28 */\n"
        "where date_day between cast('2025-01-01' /* day range first */ as date) - 90\n"
        "    and cast('2025-01-31' /* day range last */ as date)\n"
        "where date_day between cast(datetime_add(cast((cast('2025-01-01' /* day range first */ as date))\n"
        "    as datetime), interval -90 day) as date) and cast('2025-01-31' /* day range last */ as date) - 7\n"
        "where opened_on >= cast('2025-01-01' as date)\n"
    )
    first, second = bench.day_range_statements(sql)
    assert first == sql
    assert second.count("'2025-02-01' /* day range first */") == 2
    assert second.count("'2025-02-28' /* day range last */") == 2
    assert "'2025-01-31'" not in second and "where opened_on >= cast('2025-01-01' as date)" in second
