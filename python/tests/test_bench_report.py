"""The benchmark's report: ratios and machine probes as BENCHMARKS.md shows them (the bench itself is `make bench`)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from customer_health_tools import bench

GIB = 1024**3


def _size(accounts: int, events: int, build: float, refresh: float, probes: dict[str, float]) -> dict:
    return {
        "accounts": accounts,
        "events": events,
        "commit": "abc1234",
        "dbt_threads": 1,
        "warehouse_bytes": 2 * GIB,
        "steps": {
            "full_build": {
                "seconds": build,
                "peak_rss_bytes": 3 * GIB,
                "commit": "abc1234",
                "io_stall_seconds": build / 4,
            },
            "daily_refresh": {"seconds": refresh, "peak_rss_bytes": GIB, "commit": "abc1234"},
        },
        "slowest_models": [["int_accounts_usage_scored", build / 10]],
        "refresh_slowest_models": [],
        "probes": probes,
    }


def _report(*sizes: dict) -> dict:
    return {
        "started": "2026-11-23T06:00:00+00:00",
        "machine": "2 CPU cores",
        "settings": {"memory_limit": "4GB", "seed": 42, "days": 730, "as_of": "2026-11-21", "dbt_threads": 1},
        "sizes": list(sizes),
        "postgres": {},
        "notes": [],
    }


def test_report_shows_ratios_growth_and_machine_probes():
    data = _report(
        _size(10_000, 10_000_000, 200.0, 30.0, {"full_build": 2.5, "daily_refresh": 2.6}),
        _size(100_000, 100_000_000, 3000.0, 240.0, {"full_build": 3.1}),
    )
    data["sizes"][0]["steps"]["second_refresh"] = {"seconds": 18.0, "peak_rss_bytes": GIB, "commit": "abc1234"}
    report = bench.render_markdown(data)
    assert "| 10,000 | 10,000,000 | 1 | 200 s (3.3 min) | 3.00 GiB |" in report
    assert "| 30 s | 15.0% | 18 s | 9.0% |" in report  # first and second refresh / build at 10,000
    assert "| 240 s (4.0 min) | 8.0% | not measured |  |" in report  # no second refresh at 100,000
    assert "10.0x events, 15.0x time" in report
    assert "- 10,000 accounts: full build 2.50 s; daily refresh 2.60 s." in report
    assert "- 100,000 accounts: full build 3.10 s." in report
    assert "| 2.0 GiB | `abc1234` |" in report  # every step at the build's commit
    assert "- 100,000 accounts: full build 750 s (25%)." in report  # the refresh has no stall recorded
    assert "| 30.0 | 10.0x events, 15.0x time | not recorded |  |" in report  # a run that recorded no CPU time


def test_targets_say_which_hold_from_the_figures():
    data = _report(
        _size(1_000, 1_000_000, 40.0, 12.0, {}),
        _size(10_000, 10_000_000, 200.0, 30.0, {}),
        _size(100_000, 100_000_000, 1900.0, 95.0, {}),
    )
    data["sizes"][2]["steps"]["bare_sql"] = {"seconds": 1500.0, "peak_rss_bytes": 4 * GIB, "commit": "abc1234"}
    data["sizes"][2]["steps"]["second_refresh"] = {"seconds": 80.0, "peak_rss_bytes": 6 * GIB, "commit": "abc1234"}
    report = bench.render_markdown(data)
    targets = report.split("## Targets")[1].split("## DuckDB")[0]
    assert "| 1.27 at 100,000 accounts (100.0 M events) | yes |" in targets
    assert "100,000 accounts: 5.0% and 4.2% | at 100,000 accounts only |" in targets
    # the second refresh's 6 GiB is above 6 GB; the bare run's memory is not dbt's
    assert "| 6.00 GiB (6.44 GB), 100,000 accounts' second refresh | no |" in targets
    assert "1.0 -> 10.0 M events: 5.0x time for 10.0x the events; 10.0 -> 100.0 M events: 9.5x time" in targets
    assert targets.rstrip().endswith("| yes |")
    data["sizes"][2]["steps"]["full_build"]["seconds"] = 2100.0
    assert bench.render_markdown(data).split("## DuckDB")[0].rstrip().endswith("| at 1.0 -> 10.0 M events only |")
    data["sizes"][2]["steps"]["full_build"]["commit"] = "0ld0001"  # a size kept from another run
    targets = bench.render_markdown(data).split("## DuckDB")[0]
    assert "10.5x time for 10.0x the events (models not comparable: not counted) | yes |" in targets
    assert "## Targets" not in bench.render_markdown(_report())


def test_growth_in_cpu_time_beside_wall_time():
    """A slow phase stretches wall time, not CPU time: the report gives both ratios."""
    data = _report(_size(10_000, 10_000_000, 200.0, 30.0, {}), _size(100_000, 100_000_000, 3000.0, 240.0, {}))
    for size, cpu in zip(data["sizes"], (350.0, 3850.0), strict=True):
        size["steps"]["full_build"] |= {"cpu_seconds": cpu, "steal_seconds": cpu / 100}
    report = bench.render_markdown(data)
    assert "| 10.0x events, 15.0x time | 3,850 s | 11.0x |" in report
    assert "- 100,000 accounts: full build 3,850 s CPU in 3,000 s, 38.5 s stolen." in report


def test_growth_says_when_two_sizes_were_built_from_different_models():
    """A size kept from an earlier run was built at its commit; growth to it then mixes two versions of the models."""
    data = _report(
        _size(1_000, 1_000_000, 40.0, 20.0, {}),
        _size(10_000, 10_000_000, 200.0, 30.0, {}),
        _size(100_000, 100_000_000, 3000.0, 240.0, {}),
    )
    data["sizes"][2]["steps"]["full_build"]["commit"] = "0ld0001"
    report = bench.render_markdown(data)
    assert "| 10.0x events, 5.0x time |" in report  # 1,000 -> 10,000: same commit, no remark
    assert "10.0x events, 15.0x time (built at `abc1234` and `0ld0001`, which this clone cannot compare" in report


def test_growth_and_postgres_ratio_say_whether_the_models_changed_between_two_commits(monkeypatch):
    pg = {"accounts": 10_000, "load_seconds": 35.0, "full_build_seconds": 1600.0, "settings": "work_mem=256MB"}
    data = _report(_size(10_000, 10_000_000, 200.0, 30.0, {}), _size(100_000, 100_000_000, 3000.0, 240.0, {})) | {
        "postgres": pg | {"slowest": "[]", "commit": "0ld0001"}
    }
    data["sizes"][1]["steps"]["full_build"]["commit"] = "0ld0001"
    monkeypatch.setattr(bench, "models_changed", lambda before, after: False)
    report = bench.render_markdown(data)
    assert "15.0x time (built at `abc1234` and `0ld0001`, the same models and macros: different runs) |" in report
    assert "**8.0x** (PostgreSQL and DuckDB built at `0ld0001` and `abc1234`, the same models and macros" in report
    monkeypatch.setattr(bench, "models_changed", lambda before, after: True)
    report = bench.render_markdown(data)
    assert "15.0x time (models changed between `abc1234` and `0ld0001`: not comparable) |" in report
    assert "**8.0x** (models changed between `0ld0001` and `abc1234`: not comparable)." in report


def test_models_changed_reads_git_for_the_paths_that_decide_the_sql(tmp_path, monkeypatch):
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=tmp_path, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def commit(path: str, text: str) -> str:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
        git("add", "-A")
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", path)
        return git("rev-parse", "--short", "HEAD")

    git("init", "-q")
    first = commit("models/a.sql", "select 1")
    docs = commit("README.md", "docs only")
    model = commit("macros/m.sql", "{% macro m() %}\n  2\n{% endmacro %}\n")
    spaces = commit("macros/m.sql", "{% macro m() %}\n\n      2\n{% endmacro %}\n")
    macro_docs = commit("macros/_macros.yml", "macros:\n  - name: m\n    description: two\n")
    model_yml = commit("models/_models.yml", "models:\n  - name: a\n    config:\n      materialized: table\n")
    monkeypatch.setattr(bench, "PROJECT", tmp_path)
    assert bench.models_changed(first, docs) is False
    assert bench.models_changed(docs, model) is True
    assert bench.models_changed(model, spaces) is False
    assert bench.models_changed(spaces, macro_docs) is False
    assert bench.models_changed(model, macro_docs) is False
    assert bench.models_changed(macro_docs, model_yml) is True
    assert bench.models_changed(first, macro_docs) is True
    assert bench.models_changed(first, f"{docs}+changes") is None
    assert bench.models_changed(first, "0ld0001") is None


def test_cpu_steal_reads_the_stat_counter(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  4282580 0 666783 1806384 105081 0 4752 36160 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
    ticks = bench.os.sysconf("SC_CLK_TCK")
    assert bench.cpu_steal_total(stat) == 36160 / ticks  # the eighth value: steal, in clock ticks
    assert bench.cpu_steal_total(tmp_path / "missing") == -1.0


def test_every_build_passes_the_same_vars_and_the_day_in_the_environment(tmp_path):
    """A scheduled run's vars do not change from day to day, so dbt reuses its parse: the bench keeps
    the vars constant too and passes each step's day in HEALTH_AS_OF_DATE."""
    args = bench.parse_args(["--output", str(tmp_path / "BENCHMARKS.md"), "--workdir", str(tmp_path / "work")])
    runner = bench.Bench(args)
    full, refresh = runner.dbt_build("--full-refresh"), runner.dbt_build("--exclude-resource-type", "unit_test")
    assert (
        full[full.index("--vars") :] == refresh[refresh.index("--vars") :] == ["--vars", "{data_test_scope: refreshed}"]
    )
    env = runner.env(tmp_path / "w.duckdb", tmp_path / "target", HEALTH_AS_OF_DATE="2026-11-22")
    assert env["HEALTH_AS_OF_DATE"] == "2026-11-22"


def test_io_stall_reads_the_kernels_pressure_counter(tmp_path):
    pressure = tmp_path / "io"
    pressure.write_text(
        "some avg10=1.46 avg60=7.35 avg300=19.67 total=5314065134\n"
        "full avg10=0.63 avg60=6.23 avg300=18.33 total=4304980255\n"
    )
    assert bench.io_stall_total(pressure) == 5314.065134  # the "some" line's total, microseconds -> seconds
    assert bench.io_stall_total(tmp_path / "missing") == -1.0  # no pressure stall information: not measured


def test_commit_cell_names_steps_run_at_another_commit():
    size = _size(100_000, 100_000_000, 3000.0, 240.0, {})
    size["steps"]["bare_sql"] = {"seconds": 2500.0, "peak_rss_bytes": GIB, "commit": "0ld0001"}
    assert bench.commit_cell(size) == "build `abc1234`, bare `0ld0001`"
    size["steps"]["daily_refresh"]["commit"] = "new0002"
    assert bench.commit_cell(size) == "build `abc1234`, bare `0ld0001`, refresh `new0002`"
    size["commit"] = "start03"  # the commit when the size started (before generating); the build's wins
    assert bench.commit_cell(size).startswith("build `abc1234`")


def test_machine_probe_times_the_fixed_workload():
    seconds = bench.machine_probe("1GB", repeats=1, rows=100_000)
    assert 0 < seconds < 60


ISOLATION_SCRIPT = """
import sys
from pathlib import Path
from customer_health_tools import bench

def peak_mib():  # this process's own high-water mark, which Linux hands on to every child it starts
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024

def child_peak_mib():
    step = bench.timed([sys.executable, "-c", "pass"], {}, Path(sys.argv[1]), lambda message: None)
    return step.peak_rss_bytes / 2**20

start = peak_mib()
seconds = bench.isolated(bench.machine_probe, "1GB", 1, 3_000_000)
after_isolated, child_after_isolated = peak_mib(), child_peak_mib()
bench.machine_probe("1GB", 1, 3_000_000)
print(start, after_isolated, child_after_isolated, peak_mib(), child_peak_mib(), seconds)
"""


def test_bench_runs_its_duckdb_work_apart_so_steps_report_their_own_peak_memory(tmp_path):
    """A child's peak RSS (wait4) includes its parent's peak, so the probe, run in the bench's own process,
    raised every later step's reported peak to its own (1.27 GiB for every 1,000-account step).
    isolated() runs it in a fresh process; the same probe in-process is the control."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux /proc")
    run = subprocess.run(
        [sys.executable, "-c", ISOLATION_SCRIPT, str(tmp_path / "child.log")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    start, after_isolated, child_after_isolated, after_inline, child_after_inline, seconds = map(
        float, run.stdout.split()
    )
    assert seconds > 0
    assert after_isolated - start < 20, "the isolated probe grew the bench's own memory"
    assert child_after_isolated < after_isolated + 20
    assert after_inline - after_isolated > 50, "control: the probe in-process should grow it"
    assert child_after_inline >= after_inline - 1, "control: a child reports at least its parent's peak"


def test_postgres_ratio_says_when_it_mixes_two_commits():
    size = _size(10_000, 10_000_000, 200.0, 30.0, {})
    pg = {"accounts": 10_000, "load_seconds": 35.0, "full_build_seconds": 1600.0, "settings": "work_mem=256MB"}
    data = _report(size) | {"postgres": pg | {"slowest": "[]", "commit": "abc1234"}}
    assert "PostgreSQL / DuckDB full build: **8.0x**." in bench.render_markdown(data)
    data["postgres"]["commit"] = "0ld0001"
    assert (
        "**8.0x** (PostgreSQL and DuckDB built at `0ld0001` and `abc1234`, which this clone"
        in bench.render_markdown(data)
    )


def test_figures_live_beside_the_report_and_survive_a_fresh_clone(tmp_path):
    """A run keeps the PostgreSQL entry and notes it did not re-measure, read from BENCHMARKS.json."""
    output = tmp_path / "BENCHMARKS.md"
    args = bench.parse_args(["--output", str(output), "--workdir", str(tmp_path / "work"), "--note", "first"])
    assert bench.results_path(args) == tmp_path / "BENCHMARKS.json"
    bench.results_path(args).write_text(
        '{"started": "2026-11-23T06:00:00+00:00", "sizes": [], "notes": ["earlier"], '
        '"postgres": {"skipped": "no initdb"}}'
    )
    bench.record(args)
    report = output.read_text()
    assert "- earlier\n- first\n" in report and "Skipped: no initdb" in report


def test_bare_day_ranges_swap_both_dates_in_every_adapters_day_arithmetic():
    # day_range_between renders `date - N` on DuckDB and PostgreSQL, and dbt.dateadd elsewhere
    # (macros/date_arithmetic.sql); the bare run must swap the range's dates in both forms, and only there.
    sql = (
        "/* day ranges, one statement each: 2025-01-01..2025-01-31 2025-02-01..2025-02-28 */\n"
        "where date_day between cast('2025-01-01' as date) - 90 and cast('2025-01-31' as date)\n"
        "where date_day between cast('2025-01-01' as date) - 37 and cast('2025-01-31' as date) - 7\n"
        "where date_day between cast(datetime_add(cast((cast('2025-01-01' as date)) as datetime), interval -90 day)"
        " as date) and cast('2025-01-31' as date)\n"
        "where opened_on >= cast('2025-01-01' as date)\n"
    )
    first, second = bench.day_range_statements(sql)
    assert first == sql
    assert second.splitlines()[1:] == [
        "where date_day between cast('2025-02-01' as date) - 90 and cast('2025-02-28' as date)",
        "where date_day between cast('2025-02-01' as date) - 37 and cast('2025-02-28' as date) - 7",
        "where date_day between cast(datetime_add(cast((cast('2025-02-01' as date)) as datetime), interval -90 day)"
        " as date) and cast('2025-02-28' as date)",
        "where opened_on >= cast('2025-01-01' as date)",
    ]


def test_model_growth_names_the_models_that_grew_faster_than_the_events():
    def size(accounts, events, build_seconds, model_seconds):
        return {
            "accounts": accounts,
            "events": events,
            "steps": {"full_build": {"seconds": build_seconds}},
            "model_seconds": model_seconds,
        }

    smaller = size(10_000, 10_000_000, 30.0, {"events": 10.0, "usage": 5.0, "trends": 2.0, "old": 1.0})
    larger = size(100_000, 100_000_000, 300.0, {"events": 90.0, "usage": 80.0, "trends": 30.0, "new": 5.0})
    (line,) = bench.model_growth(smaller, larger)
    assert "models together 18.0 -> 205.0 s (11.4x), and the larger build's other 95.0 s were tests and dbt" in line
    # excess over 10x: usage +30, trends +10, new +5; events grew 9x and is not listed
    assert line.endswith(
        "Most time beyond 10.0x: `usage` 5.0 -> 80.0 s (16.0x); `trends` 2.0 -> 30.0 s (15.0x);"
        " `new` 0.0 -> 5.0 s (new)."
    )
    assert bench.model_growth(size(1, 1, 1.0, {}), larger) == []


def test_report_lists_model_growth_only_between_sizes_with_the_same_models(monkeypatch):
    smaller = _size(10_000, 10_000_000, 200.0, 30.0, {}) | {"model_seconds": {"usage": 10.0, "events": 20.0}}
    larger = _size(100_000, 100_000_000, 3000.0, 240.0, {}) | {"model_seconds": {"usage": 150.0, "events": 200.0}}
    report = bench.render_markdown(_report(smaller, larger))
    assert "Model time in dbt's timings (full build):" in report
    assert "Most time beyond 10.0x: `usage` 10.0 -> 150.0 s (15.0x)." in report
    without_times = _size(10_000, 10_000_000, 200.0, 30.0, {})  # a size recorded before model_seconds existed
    assert "Model time in dbt's timings" not in bench.render_markdown(_report(without_times, larger))
    larger["steps"]["full_build"]["commit"] = "0ld0001"
    monkeypatch.setattr(bench, "models_changed", lambda before, after: True)
    assert "Model time in dbt's timings" not in bench.render_markdown(_report(smaller, larger))


def test_write_creates_the_output_directory(tmp_path):
    """--output may name a directory that does not exist yet (a scratch run): the report still lands."""
    output = tmp_path / "new" / "dir" / "BENCH.md"
    runner = bench.Bench(bench.parse_args(["--output", str(output), "--workdir", str(tmp_path / "work")]))
    runner.write()
    assert output.exists() and output.with_suffix(".json").exists()


def test_postgres_only_replaces_the_postgres_entry_and_keeps_the_duckdb_rows(tmp_path, monkeypatch):
    """`--postgres-only` measures PostgreSQL again (after a PostgreSQL-only change) without touching the
    DuckDB rows or the recorded run's start."""
    output = tmp_path / "BENCHMARKS.md"
    data = _report(_size(10000, 10_000_000, 200.0, 24.0, {}))
    data["postgres"] = {"skipped": "an older measurement"}
    bench.results_path(bench.parse_args(["--output", str(output)])).write_text(json.dumps(data))
    args = bench.parse_args(
        [
            "--output",
            str(output),
            "--workdir",
            str(tmp_path / "work"),
            "--postgres-only",
            "--postgres-accounts",
            "10000",
        ]
    )
    assert args.sizes == []
    runner = bench.Bench(args, progress=lambda _line: None)
    measured = []

    def fake_run_postgres(accounts):
        measured.append(accounts)
        runner.postgres = {
            "accounts": accounts,
            "load_seconds": 30.0,
            "full_build_seconds": 1000.0,
            "slowest": '[["base_product__events", 300.0]]',
            "settings": "work_mem=256MB",
            "commit": "abc1234",
        }
        runner.write()

    monkeypatch.setattr(runner, "run_postgres", fake_run_postgres)
    runner.run()
    report = output.read_text()
    assert measured == [10000]
    assert "Run started 2026-11-23T06:00:00+00:00" in report
    assert "| 10,000 |" in report and "PostgreSQL / DuckDB full build: **5.0x**" in report
    assert "an older measurement" not in report


def test_postgres_only_needs_a_postgres_size():
    with pytest.raises(SystemExit):
        bench.parse_args(["--postgres-only", "--postgres-accounts", "0"])


def test_engine_baseline_times_duckdb_alone_and_removes_its_scratch_file(tmp_path):
    """The DuckDB-alone workload: rows = accounts x days, a positive time, and no file left behind."""
    engine = bench.engine_baseline(tmp_path / "engine.duckdb", 20, 40, "1GB", repeats=1)
    assert engine["rows"] == 800
    assert 0 < engine["seconds"] < 60 and engine["cpu_seconds"] >= 0
    assert list(tmp_path.iterdir()) == []


def test_engine_window_sums_each_accounts_trailing_days():
    """The workload computes what it says: a 30-day and a 90-day trailing sum per account."""
    import duckdb

    con = duckdb.connect()
    con.execute(
        "create table account_days as select 'acc_' || cast(a as varchar) as account_id, "
        "date '2024-01-01' + cast(d as integer) as date_day, 1 as m1, 1 as m2, 1 as m3, 1 as m4, 1 as m5, "
        "cast(d as bigint) as m6 from range(2) as t(a), range(100) as s(d)"
    )
    con.execute(bench.ENGINE_WINDOW_SQL)
    rows = con.execute(
        "select m1_30d, m3_90d, m6_90d from trailing_sums where account_id = 'acc_1' order by date_day"
    ).fetchall()
    assert rows[0] == (1, 1, 0)
    assert rows[29][:2] == (30, 30) and rows[99] == (30, 90, sum(range(10, 100)))


def test_growth_shows_duckdb_alone_beside_the_build():
    """The engine's own growth on the same machine, next to the build's; a size without it says so."""
    data = _report(
        _size(1_000, 1_000_000, 40.0, 20.0, {}),
        _size(10_000, 10_000_000, 200.0, 30.0, {}),
        _size(100_000, 100_000_000, 2200.0, 240.0, {}),
    )
    data["sizes"][1]["engine"] = {"rows": 7_300_000, "seconds": 4.0, "cpu_seconds": 8.0, "commit": "abc1234"}
    data["sizes"][2]["engine"] = {"rows": 73_000_000, "seconds": 48.0, "cpu_seconds": 100.0, "commit": "new0002"}
    report = bench.render_markdown(data)
    assert "| not measured |  |" in report  # 1,000 accounts
    assert "| 4.0 s, CPU 8.0 s (7.3 M rows) |  |" in report  # nothing to compare 10,000 with
    assert "| 48.0 s, CPU 100.0 s (73.0 M rows), at `new0002` | 10.0x rows, 12.0x time, 12.5x CPU |" in report
    assert "**DuckDB alone:**" in report


def test_engine_only_adds_duckdb_alone_to_recorded_sizes_and_keeps_their_figures(tmp_path, monkeypatch):
    output = tmp_path / "BENCHMARKS.md"
    data = _report(_size(10_000, 10_000_000, 200.0, 24.0, {}), _size(100_000, 100_000_000, 2200.0, 180.0, {}))
    bench.results_path(bench.parse_args(["--output", str(output)])).write_text(json.dumps(data))
    args = bench.parse_args(
        [
            "--output", str(output), "--workdir", str(tmp_path / "work"), "--engine-only", "10000,100000",
            "--memory-limit", "4GB",  # not the environment's HEALTH_DUCKDB_MEMORY_LIMIT
        ]
    )  # fmt: skip
    assert args.sizes == [] and args.engine_only == [10_000, 100_000]
    calls = []

    def fake_isolated(function, path, accounts, days, memory_limit):
        calls.append((function, accounts, days, memory_limit))
        return {"rows": accounts * days, "seconds": accounts / 2500, "cpu_seconds": accounts / 1250}

    monkeypatch.setattr(bench, "isolated", fake_isolated)
    bench.Bench(args, progress=lambda _line: None).run()
    assert calls == [(bench.engine_baseline, 10_000, 730, "4GB"), (bench.engine_baseline, 100_000, 730, "4GB")]
    saved = json.loads(output.with_suffix(".json").read_text())
    assert saved["started"] == data["started"]
    assert [s["steps"]["full_build"]["seconds"] for s in saved["sizes"]] == [200.0, 2200.0]
    assert [s["engine"]["seconds"] for s in saved["sizes"]] == [4.0, 40.0]
    assert "| 10.0x rows, 10.0x time, 10.0x CPU |" in output.read_text()


def test_engine_only_names_a_size_that_was_never_measured(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    bench.results_path(bench.parse_args(["--output", str(output)])).write_text(json.dumps(_report()))
    args = bench.parse_args(["--output", str(output), "--workdir", str(tmp_path / "work"), "--engine-only", "5000"])
    with pytest.raises(bench.BenchError, match="no size 5,000"):
        bench.Bench(args, progress=lambda _line: None).run()


def test_bare_only_adds_bare_sql_to_kept_sizes_and_keeps_their_figures(tmp_path, monkeypatch):
    output, work = tmp_path / "BENCHMARKS.md", tmp_path / "work"
    data = _report(_size(10_000, 10_000_000, 200.0, 24.0, {}), _size(100_000, 100_000_000, 2200.0, 180.0, {}))
    bench.results_path(bench.parse_args(["--output", str(output)])).write_text(json.dumps(data))
    (work / "target_100000").mkdir(parents=True)
    (work / "health_100000.duckdb").touch()
    (work / "target_100000" / "full_build_manifest.json").touch()
    args = bench.parse_args(["--output", str(output), "--workdir", str(work), "--bare-only", "100000"])
    assert args.sizes == [] and args.bare_only == [100_000]
    commands = []

    def fake_timed(cmd, env, log, progress):
        commands.append(cmd)
        return bench.Step(2000.0, 4 * GIB, "def5678")

    monkeypatch.setattr(bench, "timed", fake_timed)
    monkeypatch.setattr(bench, "isolated", lambda function, *args: 1.5)
    bench.Bench(args, progress=lambda _line: None).run()
    assert len(commands) == 1
    assert commands[0][-3:] == [
        "--bare",
        str(work / "health_100000.duckdb"),
        str(work / "target_100000" / "full_build_manifest.json"),
    ]
    saved = json.loads(output.with_suffix(".json").read_text())
    assert saved["started"] == data["started"]
    small, large = saved["sizes"]
    assert "bare_sql" not in small["steps"] and small["steps"]["full_build"]["seconds"] == 200.0
    assert large["steps"]["bare_sql"]["seconds"] == 2000.0 and large["steps"]["full_build"]["seconds"] == 2200.0
    assert large["probes"]["bare_sql"] == 1.5
    rows = {line.split(" | ")[0]: line.split(" | ") for line in output.read_text().splitlines() if "| 1" in line}
    assert rows["| 100,000"][5:7] == ["2,000 s (33.3 min)", "1.10"]  # bare SQL and dbt build / bare
    assert rows["| 10,000"][5:7] == ["not measured", ""]


def test_bare_only_names_the_warehouse_that_was_not_kept(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    data = _report(_size(10_000, 10_000_000, 200.0, 24.0, {}))
    bench.results_path(bench.parse_args(["--output", str(output)])).write_text(json.dumps(data))
    args = bench.parse_args(["--output", str(output), "--workdir", str(tmp_path / "work"), "--bare-only", "10000"])
    with pytest.raises(bench.BenchError, match="health_10000.duckdb is gone; run 10,000 accounts with --keep"):
        bench.Bench(args, progress=lambda _line: None).run()
    args = bench.parse_args(["--output", str(output), "--workdir", str(tmp_path / "work"), "--bare-only", "5000"])
    with pytest.raises(bench.BenchError, match="no size 5,000"):
        bench.Bench(args, progress=lambda _line: None).run()
