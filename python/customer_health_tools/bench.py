"""Benchmarks (``make bench``): build time, peak memory and daily refresh cost at growing sizes.

For each size the demo generator writes a warehouse whose last day is ``as_of + 2``. The events
loaded on the last two days are held back; ``dbt build --full-refresh`` scores ``as_of``; the same
models' compiled SQL then runs bare in one DuckDB process; finally each held-back day's events are
loaded and ``dbt build`` refreshes that day incrementally (the first refresh after a full build, then
the second, which is the one that repeats every day). Optionally the smallest size is also built on a
throwaway PostgreSQL cluster. Figures go to ``BENCHMARKS.md`` (rewritten after every step, so an
interrupted run still leaves what it measured) and ``BENCHMARKS.json`` beside it, which is kept in git:
sizes, notes and the PostgreSQL entry measured by an earlier run (on any machine or clone) and not
repeated are kept, so sizes can be run one at a time and BENCHMARKS.md re-rendered from a fresh clone.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from customer_health_tools.dbt_env import PROJECT, dbt_env

BIN = Path(sys.executable).parent
GIB = 1024**3


@dataclasses.dataclass
class Step:
    """One timed command: wall seconds and the peak resident memory of its process tree's largest process."""

    seconds: float
    peak_rss_bytes: int
    commit: str = ""
    io_stall_seconds: float = -1.0  # io_stall_total() over the step; -1 where the kernel has no PSI
    cpu_seconds: float = -1.0  # user + system CPU time of the command (wait4's rusage); -1: not recorded
    steal_seconds: float = -1.0  # cpu_steal_total() over the step; -1: not recorded or no /proc/stat


def io_stall_total(pressure_file: Path = Path("/proc/pressure/io")) -> float:
    """Seconds, since boot, in which some task on the machine waited for I/O (Linux pressure stall
    information, /proc/pressure/io "some"); -1 when the kernel does not provide it. Whole machine,
    our own spill included: for one workload run twice, more stall means slower disk or file cache,
    the drift the CPU-only machine probe cannot see."""
    try:
        line = pressure_file.read_text().splitlines()[0]
    except (OSError, IndexError):
        return -1.0
    fields = dict(part.split("=") for part in line.split()[1:])
    return int(fields["total"]) / 1e6  # microseconds


def cpu_steal_total(stat_file: Path = Path("/proc/stat")) -> float:
    """CPU seconds, since boot and summed over all CPUs, that this virtual machine was ready to run but
    its host ran something else (the "steal" column of /proc/stat's cpu line); -1 when unavailable.
    Steal slows a step's wall time without adding to its own CPU time."""
    try:
        fields = stat_file.read_text().splitlines()[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return -1.0


@dataclasses.dataclass
class SizeResult:
    accounts: int
    commit: str = ""
    dbt_threads: int = 0
    raw_rows: dict[str, int] = dataclasses.field(default_factory=dict)
    held_back_events: int = 0
    refresh_day: str = ""
    warehouse_bytes: int = 0
    steps: dict[str, Step] = dataclasses.field(default_factory=dict)
    slowest_models: list[tuple[str, float]] = dataclasses.field(default_factory=list)
    refresh_slowest_models: list[tuple[str, float]] = dataclasses.field(default_factory=list)
    second_refresh_slowest_models: list[tuple[str, float]] = dataclasses.field(default_factory=list)
    probes: dict[str, float] = dataclasses.field(default_factory=dict)  # machine_probe() seconds before each step
    model_seconds: dict[str, float] = dataclasses.field(default_factory=dict)  # every model, full build (dbt's timings)
    engine: dict[str, int | float | str] = dataclasses.field(default_factory=dict)  # engine_baseline(), its commit

    @property
    def events(self) -> int:
        return self.raw_rows.get("product_events", 0)


class BenchError(RuntimeError):
    pass


def timed(cmd: list[str], env: dict[str, str], log: Path, progress: Callable[[str], None]) -> Step:
    """Runs cmd, logging its output to `log`; wall time and the child's peak RSS (wait4's rusage).
    Linux counts the parent's peak RSS in the child's (the child starts as a copy of the parent, and
    exec keeps that copy's high-water mark), so the bench does its own DuckDB work through isolated():
    otherwise every step would report at least the bench's largest DuckDB query."""
    progress(f"  $ {' '.join(cmd[:6])}{' ...' if len(cmd) > 6 else ''}  (log: {log})")
    log.parent.mkdir(parents=True, exist_ok=True)
    start, stall_start, steal_start = time.perf_counter(), io_stall_total(), cpu_steal_total()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds, stall_end, steal_end = time.perf_counter() - start, io_stall_total(), cpu_steal_total()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = "".join(log.read_text().splitlines(keepends=True)[-30:])
        raise BenchError(f"{' '.join(cmd)} failed with exit code {proc.returncode}; see {log}:\n{tail}")
    stall = stall_end - stall_start if min(stall_start, stall_end) >= 0 else -1.0
    steal = steal_end - steal_start if min(steal_start, steal_end) >= 0 else -1.0
    cpu = usage.ru_utime + usage.ru_stime
    step = Step(seconds, usage.ru_maxrss * 1024, git_commit(), stall, cpu, steal)  # ru_maxrss is in KiB on Linux
    stalled = f", stalled on I/O {stall:,.1f} s ({stall / seconds:.0%})" if stall >= 0 and seconds > 0 else ""
    stolen = f", CPU stolen by the host {steal:,.1f} s" if steal >= 0 else ""
    progress(f"    {seconds:,.1f} s, CPU {cpu:,.1f} s, peak RSS {step.peak_rss_bytes / GIB:.2f} GiB{stalled}{stolen}")
    return step


def isolated(function: Callable[..., object], *args: object) -> object:
    """function(*args) in a fresh Python process (spawned, not forked), its result returned: the bench's
    own process never holds DuckDB's memory, which would inflate every later step's peak (see timed())."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


PROBE_ROWS = 10_000_000


def machine_probe(memory_limit: str, repeats: int = 3, rows: int = PROBE_ROWS) -> float:
    """Seconds for a fixed DuckDB workload (a hash aggregation and a full sort of `rows` generated rows,
    PROBE_ROWS in the bench, in memory, every core), the median of `repeats` runs. The same work on the same
    machine should take the same time, so probes taken before each step flag a run made while the CPU ran
    slower or faster. They do not measure disk or file-cache speed, which spilling builds also depend on."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"set memory_limit = '{memory_limit}'")
        con.execute("set enable_progress_bar = false")
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            con.execute(
                "select count(*) from (select hash(i) % 1000003 as k, count(*) as n "
                f"from range({rows}) as t(i) group by k)"
            ).fetchall()
            con.execute(
                f"select max(r) from (select row_number() over (order by hash(i)) as r from range({rows}) as t(i))"
            ).fetchall()
            times.append(time.perf_counter() - start)
    finally:
        con.close()
    return sorted(times)[len(times) // 2]


def remove(*paths: Path) -> None:
    """Deletes each file or directory that exists."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


ENGINE_WINDOW_SQL = """
create or replace temp table trailing_sums as
select
    account_id,
    date_day,
    sum(m1) over last_30_days as m1_30d,
    sum(m2) over last_30_days as m2_30d,
    sum(m3) over last_90_days as m3_90d,
    sum(m4) over last_90_days as m4_90d,
    sum(m5) over last_90_days as m5_90d,
    sum(m6) over last_90_days as m6_90d
from account_days
window
    last_30_days as (partition by account_id order by date_day rows between 29 preceding and current row),
    last_90_days as (partition by account_id order by date_day rows between 89 preceding and current row)
"""


def engine_baseline(
    path: Path, accounts: int, days: int, memory_limit: str, repeats: int = 2
) -> dict[str, int | float]:
    """DuckDB alone on the scored models' heaviest shape, at this size: `accounts` x `days` generated
    account-days (a text account id like the raw contract's, a date, six 64-bit measures, stored in no
    useful order) in a scratch database file at `path`, then six trailing sums over 30- and 90-day
    frames partitioned by account, as a temporary table, under the build's memory cap. No dbt and none
    of the project's SQL: how this engine's time on this machine grows with the rows, next to which
    the full build's growth can be read. The fastest of `repeats` runs (wall seconds, and the CPU time
    of this process, every core added up); generating the table is not timed. The file is removed."""
    import duckdb

    scratch = [path, path.with_suffix(path.suffix + ".wal"), path.with_suffix(path.suffix + ".tmp")]
    remove(*scratch)
    con = duckdb.connect(str(path))
    runs = []
    try:
        con.execute(f"set memory_limit = '{memory_limit}'")
        con.execute("set enable_progress_bar = false")
        measures = ", ".join(f"cast(hash(a, d, {i}) % 50 as bigint) as m{i}" for i in range(1, 7))
        con.execute(
            "create table account_days as select 'acc_' || lpad(cast(a as varchar), 6, '0') as account_id, "
            f"date '2024-01-01' + cast(d as integer) as date_day, {measures} "
            f"from range({accounts}) as t(a), range({days}) as s(d) order by hash(a, d)"
        )
        con.execute("set preserve_insertion_order = false")  # as profiles.yml; after the load, which keeps its order
        for _ in range(repeats):
            start, cpu = time.perf_counter(), time.process_time()
            con.execute(ENGINE_WINDOW_SQL)
            runs.append((time.perf_counter() - start, time.process_time() - cpu))
            con.execute("drop table trailing_sums")
    finally:
        con.close()
        remove(*scratch)
    seconds, cpu_seconds = min(runs)
    return {"rows": accounts * days, "seconds": seconds, "cpu_seconds": cpu_seconds}


def all_model_timings(target: Path) -> dict[str, float]:
    """Every model's execution time in dbt's last run (run_results.json), by model name."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results if r["unique_id"].startswith("model.")}


def model_timings(target: Path, top: int = 6) -> list[tuple[str, float]]:
    return sorted(all_model_timings(target).items(), key=lambda m: -m[1])[:top]


def model_growth(smaller: dict, larger: dict, top: int = 8) -> list[str]:
    """Report lines on how the models' time grew from one size to the next: all models together, then
    the models whose time grew most beyond the events' growth (the excess: the larger size's time less
    the smaller size's scaled by the events), from each size's full-build model_seconds."""
    before, after = smaller.get("model_seconds"), larger.get("model_seconds")
    if not before or not after or not smaller["events"]:
        return []
    scale = larger["events"] / smaller["events"]
    total_before, total_after = sum(before.values()), sum(after.values())
    excess = sorted(((seconds - scale * before.get(name, 0.0), name) for name, seconds in after.items()), reverse=True)
    grown = [
        f"`{name}` {before.get(name, 0.0):,.1f} -> {after[name]:,.1f} s"
        + (f" ({after[name] / before[name]:.1f}x)" if before.get(name) else " (new)")
        for extra, name in excess[:top]
        if extra > 0
    ]
    return [
        f"- {smaller['accounts']:,} -> {larger['accounts']:,} accounts ({scale:.1f}x the events): models together "
        f"{total_before:,.1f} -> {total_after:,.1f} s ({total_after / total_before:.1f}x), and the larger build's other"
        f" {larger['steps']['full_build']['seconds'] - total_after:,.1f} s were tests and dbt. Most time"
        f" beyond {scale:.1f}x: " + ("; ".join(grown) if grown else "none") + "."
    ]


def hold_back_events(db: Path, first_day: dt.date) -> tuple[dict[str, int], int]:
    """Moves events loaded on or after `first_day` into held_back.product_events; returns raw counts and
    the number held back."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        tables = [
            r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
        ]
        counts = {t: con.execute(f"select count(*) from raw.{t}").fetchall()[0][0] for t in sorted(tables)}
        con.execute("create schema if not exists held_back")
        con.execute("drop table if exists held_back.product_events")
        con.execute(
            "create table held_back.product_events as select * from raw.product_events where _loaded_at >= ?",
            [first_day],
        )
        con.execute("delete from raw.product_events where _loaded_at >= ?", [first_day])
        held = con.execute("select count(*) from held_back.product_events").fetchall()[0][0]
    finally:
        con.close()
    return counts, held


def load_held_back_day(db: Path, day: dt.date) -> int:
    """Appends the held-back events loaded on `day` to raw.product_events (one day's load)."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        window = [day, day + dt.timedelta(days=1)]
        loaded = con.execute(
            "select count(*) from held_back.product_events where _loaded_at >= ? and _loaded_at < ?", window
        ).fetchall()[0][0]
        con.execute(
            "insert into raw.product_events select * from held_back.product_events "
            "where _loaded_at >= ? and _loaded_at < ?",
            window,
        )
        con.execute("delete from held_back.product_events where _loaded_at < ?", [window[1]])
    finally:
        con.close()
    return loaded


DAY_RANGES = re.compile(r"/\* day ranges, one statement each: ([0-9. -]+) \*/")


def day_range_statements(sql: str) -> list[str]:
    """A model's compiled SQL once per day range of its plan (macros/incremental/day_ranges.sql): the
    compiled SQL builds the first range, and dbt's post-hook swaps in the others' dates the same way
    (swap_day_range: the two dates of every `between ... and ...` line of the first range, with or without
    a look-back or shift)."""
    plan = DAY_RANGES.search(sql)
    if not plan:
        return [sql]
    ranges = [text.split("..") for text in plan.group(1).split()]
    first = re.compile(
        rf"(between [^\n]*?cast\(')"
        rf"{ranges[0][0]}(' as date\)[^\n]*? and [^\n]*?cast\(')"
        rf"{ranges[0][1]}(' as date\))"
    )
    return [first.sub(rf"\g<1>{start}\g<2>{end}\g<3>", sql) for start, end in ranges]


def run_bare(db: Path, manifest_path: Path, memory_limit: str) -> None:
    """The bare cost: every model's compiled SQL, in dependency order, in one DuckDB connection."""
    import duckdb

    manifest = json.loads(manifest_path.read_text())
    models = {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    done: set[str] = set()
    order: list[str] = []

    def visit(uid: str) -> None:
        if uid in done:
            return
        done.add(uid)
        for dep in models[uid]["depends_on"]["nodes"]:
            if dep in models:
                visit(dep)
        order.append(uid)

    for uid in sorted(models):
        visit(uid)
    con = duckdb.connect(str(db))
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute("set preserve_insertion_order = false")
    try:
        for uid in order:
            node = models[uid]
            sql = node.get("compiled_code")
            if not sql:
                raise BenchError(f"{uid} has no compiled SQL in {manifest_path}; run dbt build first")
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            start = time.perf_counter()
            first, *others = day_range_statements(sql)
            if kind == "table":  # dropped and checkpointed first, so the new table reuses the old one's
                con.execute(f"drop table if exists {node['relation_name']}")  # blocks: at 100 M events
                con.execute("checkpoint")  # `create or replace` grew the file until the disk filled
            con.execute(f"create or replace {kind} {node['relation_name']} as {first}")
            for other in others:  # the ranges dbt builds in a post-hook, one statement each
                con.execute(f"insert into {node['relation_name']} select * from ({other}) as day_range_rows")
            con.execute("checkpoint")
            print(f"    bare {node['name']}: {time.perf_counter() - start:.1f} s", flush=True)
    finally:
        con.close()


def dbt_concurrency(log: Path) -> int | None:
    """The thread count dbt reported ("Concurrency: N threads") in a run's log."""
    found = re.search(r"Concurrency: (\d+) threads", log.read_text(errors="replace")) if log.exists() else None
    return int(found.group(1)) if found else None


def git_commit() -> str:
    """The commit measured, with `+changes` when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
        dirty = subprocess.run(  # BENCHMARKS.md is this run's own output, rewritten after each size
            ["git", "status", "--porcelain", "--", ".", ":!BENCHMARKS.md", ":!BENCHMARKS.json"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "unknown"
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


MODEL_PATHS = ["models", "macros", "seeds", "dbt_project.yml"]  # what decides the SQL a build runs


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)


def models_changed(before: str, after: str) -> bool | None:
    """Whether the models, macros, seeds or project config differ between two recorded commits; None
    when that cannot be told (a `+changes` label, or a commit this clone does not have). Changes that
    cannot change what a build runs do not count: spaces and blank lines in a `.sql` file, and the
    property files of macros (`macros/**/*.yml` only document them). Model, seed and project YAML
    counts in full, as it holds configs and tests."""
    if before == after:
        return False
    if "+" in before or "+" in after:
        return None
    try:
        names = _git("diff", "--name-only", before, after, "--", *MODEL_PATHS)
        if names.returncode != 0:
            return None
        for name in names.stdout.splitlines():
            if name.startswith("macros/") and name.endswith((".yml", ".yaml")):
                continue
            if not name.endswith(".sql"):
                return True
            same = _git("diff", "--quiet", "--ignore-all-space", "--ignore-blank-lines", before, after, "--", name)
            if same.returncode != 0:
                return True
    except OSError:
        return None
    return False


def commits_note(label: str, before: str, after: str) -> str:
    """How two steps' commits compare, for a ratio between them."""
    changed = models_changed(before, after)
    if changed is False:
        return f"{label} at `{before}` and `{after}`, the same models and macros: different runs"
    if changed:
        return f"models changed between `{before}` and `{after}`: not comparable"
    return f"{label} at `{before}` and `{after}`, which this clone cannot compare: maybe not comparable"


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    import duckdb

    return (
        f"{os.cpu_count()} CPU cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


class Bench:
    def __init__(self, args: argparse.Namespace, progress: Callable[[str], None] = print) -> None:
        self.args = args
        self.progress = progress
        self.workdir: Path = args.workdir
        self.results: list[SizeResult] = []
        self.postgres: dict[str, float | int | str] = {}
        self.started = dt.datetime.now(dt.UTC)
        self.machine = machine_description()
        self.earlier: list[dict] = []  # sizes measured by an earlier run and not repeated in this one
        self.notes: list[str] = []
        previous = results_path(args)
        if previous.exists():
            data = json.loads(previous.read_text())
            self.earlier = [s for s in data.get("sizes", []) if s["accounts"] not in args.sizes]
            # these modes continue the recorded run rather than starting one
            keeps_run = args.resume or args.postgres_only or args.engine_only or args.bare_only
            self.started = dt.datetime.fromisoformat(data["started"]) if keeps_run else self.started
            if args.postgres_accounts not in args.sizes:
                self.postgres = data.get("postgres", {})
            self.notes = data.get("notes", [])

    def env(self, db: Path, target: Path, **extra: str) -> dict[str, str]:
        return dbt_env(
            target.parent,
            target.name,
            HEALTH_DUCKDB_PATH=str(db),
            HEALTH_DUCKDB_MEMORY_LIMIT=self.args.memory_limit,
            HEALTH_DBT_THREADS=str(self.args.dbt_threads),
            DBT_LOG_PATH=str(target / "logs"),
            **extra,
        )

    def dbt_build(self, *args: str) -> list[str]:
        """`dbt build` with the vars of the README's scheduled run, the same every day. The step's day goes
        in HEALTH_AS_OF_DATE (see as_of_date.sql): a new --vars every day would make each refresh re-parse
        the whole project (about 8 s at 10,000 accounts), which a scheduled run does not."""
        return [str(BIN / "dbt"), "build", *args, "--vars", f"{{data_test_scope: {self.args.test_scope}}}"]

    def run_size(self, accounts: int) -> SizeResult:
        args = self.args
        result = SizeResult(accounts, commit=git_commit(), dbt_threads=args.dbt_threads)
        self.results.append(result)
        db = self.workdir / f"health_{accounts}.duckdb"
        target = self.workdir / f"target_{accounts}"
        logs = self.workdir / "logs" / str(accounts)
        remove(db, db.with_suffix(".duckdb.wal"), db.with_suffix(".duckdb.tmp"), target)
        next_day = args.as_of + dt.timedelta(days=1)
        last_day = args.as_of + dt.timedelta(days=2)  # the second refresh's day
        env = self.env(db, target)
        self.progress(f"[{accounts:,} accounts] generating {args.days} days up to {last_day}")
        result.steps["generate"] = timed(
            [str(BIN / "python"), "-m", "customer_health_tools", "generate", "--accounts", str(accounts),
             "--days", str(args.days + 2), "--as-of", str(last_day), "--seed", str(args.seed),
             "--duckdb-path", str(db)],
            env, logs / "generate.log", self.progress,
        )  # fmt: skip
        result.raw_rows, held = isolated(hold_back_events, db, next_day)
        self.progress(f"  {result.events:,} events; {held:,} loaded after {args.as_of} held back for the refreshes")
        self.write()

        self.engine(result)
        self.progress(f"[{accounts:,} accounts] full dbt build as of {args.as_of}")
        timed([str(BIN / "dbt"), "seed"], env, logs / "seed.log", self.progress)
        self.probe(result, "full_build")
        result.steps["full_build"] = timed(
            self.dbt_build("--full-refresh"),
            self.env(db, target, HEALTH_AS_OF_DATE=str(args.as_of)),
            logs / "full_build.log",
            self.progress,
        )
        result.slowest_models = model_timings(target)
        result.model_seconds = all_model_timings(target)
        result.warehouse_bytes = db.stat().st_size
        self.write()

        shutil.copy(target / "manifest.json", target / "full_build_manifest.json")
        if not args.skip_bare:  # --keep and a later --resume measure it
            self.bare(result)

        self.refresh(result, next_day)
        self.refresh(result, last_day, step="second_refresh")
        if not args.keep:
            db.unlink(missing_ok=True)
        return result

    def refresh(self, result: SizeResult, day: dt.date, step: str = "daily_refresh") -> None:
        """Appends the events loaded on `day`, then times the daily `dbt build` as of that day as `step`:
        daily_refresh, the first after the full build, or second_refresh, the next day's."""
        db = self.workdir / f"health_{result.accounts}.duckdb"
        target = self.workdir / f"target_{result.accounts}"
        logs = self.workdir / "logs" / str(result.accounts)
        result.held_back_events = isolated(load_held_back_day, db, day)
        self.probe(result, step)
        self.progress(
            f"[{result.accounts:,} accounts] {result.held_back_events:,} events loaded on {day}; "
            + step.replace("_", " ")
        )
        # unit tests' fixtures are static: dbt Labs advise leaving them out of production runs
        cmd = self.dbt_build("--exclude-resource-type", "unit_test")
        env = self.env(db, target, HEALTH_AS_OF_DATE=str(day))
        result.steps[step] = timed(cmd, env, logs / f"refresh_{day}.log", self.progress)
        result.refresh_day = str(day)
        if step == "daily_refresh":
            result.refresh_slowest_models = model_timings(target)
        else:
            result.second_refresh_slowest_models = model_timings(target)
        self.write()

    def resume(self) -> None:
        """Continues kept warehouses (--keep): a daily refresh one day later than the last one measured
        (the second refresh when the first was measured), then the bare SQL when it has not been measured yet."""
        previous = {s["accounts"]: s for s in self.earlier}
        for accounts in self.args.resume:
            db = self.workdir / f"health_{accounts}.duckdb"
            if accounts not in previous or not any(k.startswith("full_build") for k in previous[accounts]["steps"]):
                raise BenchError(f"no full build of {accounts:,} accounts in {results_path(self.args)}")
            if not db.exists():
                raise BenchError(f"{db} is gone; run that size with --keep")
            data = previous.pop(accounts)
            self.earlier = list(previous.values())
            result = SizeResult(
                accounts,
                commit=data["commit"],
                dbt_threads=data.get("dbt_threads") or 4,  # the build's threads; entries without the field used 4
                raw_rows=data["raw_rows"],
                warehouse_bytes=data["warehouse_bytes"],
                steps={name: Step(**step) for name, step in data["steps"].items()},
                slowest_models=data["slowest_models"],
                refresh_slowest_models=data.get("refresh_slowest_models", []),
                second_refresh_slowest_models=data.get("second_refresh_slowest_models", []),
                probes=data.get("probes", {}),
                model_seconds=data.get("model_seconds", {}),
                engine=data.get("engine", {}),
            )
            self.results.append(result)
            if data.get("refresh_day"):
                day = dt.date.fromisoformat(data["refresh_day"]) + dt.timedelta(days=1)
            else:
                day = self.args.as_of + dt.timedelta(days=1)
            self.refresh(result, day, "second_refresh" if "daily_refresh" in result.steps else "daily_refresh")
            if "bare_sql" not in result.steps and not self.args.skip_bare:
                self.bare(result)

    def probe(self, result: SizeResult, step: str) -> None:
        result.probes[step] = isolated(machine_probe, self.args.memory_limit)
        self.progress(f"  machine probe before {step.replace('_', ' ')}: {result.probes[step]:.2f} s")

    def engine(self, result: SizeResult) -> None:
        """engine_baseline() at this size, in the same phase of the machine as the size's full build."""
        accounts = result.accounts
        self.progress(f"[{accounts:,} accounts] DuckDB alone: trailing sums over {accounts * self.args.days:,} rows")
        path = self.workdir / f"engine_{accounts}.duckdb"
        measured = isolated(engine_baseline, path, accounts, self.args.days, self.args.memory_limit)
        result.engine = measured | {"commit": git_commit()}
        self.progress(
            f"    {result.engine['seconds']:,.1f} s, CPU {result.engine['cpu_seconds']:,.1f} s (fastest of two runs)"
        )
        self.write()

    def engine_only(self) -> None:
        """--engine-only: engine_baseline() for sizes measured before, whose other figures stay as recorded."""
        recorded = {s["accounts"]: s for s in self.earlier}
        for accounts in self.args.engine_only:
            if accounts not in recorded:
                raise BenchError(f"no size {accounts:,} in {results_path(self.args)}; measure it with --sizes first")
            result = SizeResult(accounts)
            self.engine(result)
            recorded[accounts]["engine"] = result.engine
            self.write()

    def bare_only(self) -> None:
        """--bare-only: the bare SQL of warehouses kept (--keep) from a run without it (--skip-bare); their
        other figures stay. It runs the full build's compiled SQL after the refreshes, so the raw tables hold
        their two more days of events, as after --resume."""
        recorded = {s["accounts"]: s for s in self.earlier}
        for accounts in self.args.bare_only:
            if accounts not in recorded:
                raise BenchError(f"no size {accounts:,} in {results_path(self.args)}; measure it with --sizes first")
            manifest = self.workdir / f"target_{accounts}" / "full_build_manifest.json"
            for needed in (self.workdir / f"health_{accounts}.duckdb", manifest):
                if not needed.exists():
                    raise BenchError(f"{needed} is gone; run {accounts:,} accounts with --keep and this --workdir")
            result = SizeResult(accounts)
            self.bare(result)
            recorded[accounts]["steps"]["bare_sql"] = dataclasses.asdict(result.steps["bare_sql"])
            recorded[accounts].setdefault("probes", {})["bare_sql"] = result.probes["bare_sql"]
            self.write()

    def bare(self, result: SizeResult) -> None:
        db = self.workdir / f"health_{result.accounts}.duckdb"
        target = self.workdir / f"target_{result.accounts}"
        self.progress(f"[{result.accounts:,} accounts] the same models' compiled SQL, bare, in one DuckDB process")
        self.probe(result, "bare_sql")
        result.steps["bare_sql"] = timed(
            [str(BIN / "python"), "-m", "customer_health_tools.bench", "--bare", str(db),
             str(target / "full_build_manifest.json")],
            self.env(db, target), self.workdir / "logs" / str(result.accounts) / "bare_sql.log", self.progress,
        )  # fmt: skip
        self.write()

    def run_postgres(self, accounts: int) -> None:
        from customer_health_tools.pgcluster import PostgresUnavailable, throwaway_cluster

        args = self.args
        logs = self.workdir / "logs" / f"postgres_{accounts}"
        target = self.workdir / f"target_postgres_{accounts}"
        last_day = args.as_of + dt.timedelta(days=1)
        try:
            with throwaway_cluster(progress=self.progress, settings=POSTGRES_SETTINGS) as cluster:
                env = self.env(self.workdir / "unused.duckdb", target, HEALTH_TARGET="postgres", **cluster.env())
                self.progress(f"[PostgreSQL, {accounts:,} accounts] loading the same demo data through COPY")
                load = timed(
                    [str(BIN / "python"), "-m", "customer_health_tools", "generate", "--target", "postgres",
                     "--accounts", str(accounts), "--days", str(args.days + 1), "--as-of", str(last_day),
                     "--seed", str(args.seed)],
                    env, logs / "generate.log", self.progress,
                )  # fmt: skip
                timed([str(BIN / "dbt"), "seed"], env, logs / "seed.log", self.progress)
                self.progress(f"[PostgreSQL, {accounts:,} accounts] full dbt build as of {args.as_of}")
                build = timed(
                    self.dbt_build("--full-refresh"),
                    env | {"HEALTH_AS_OF_DATE": str(args.as_of)},
                    logs / "full_build.log",
                    self.progress,
                )
                self.postgres = {
                    "accounts": accounts,
                    "load_seconds": load.seconds,
                    "full_build_seconds": build.seconds,
                    "slowest": json.dumps(model_timings(target)),
                    "settings": ", ".join(f"{k}={v}" for k, v in POSTGRES_SETTINGS.items()),
                    "dbt_threads": dbt_concurrency(logs / "full_build.log"),
                    "commit": git_commit(),
                }
        except PostgresUnavailable as exc:
            self.postgres = {"skipped": str(exc)}
            self.progress(f"PostgreSQL benchmark skipped: {exc}")
        self.write()

    def run(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.args.resume:
            self.resume()
            self.progress(f"\nDone: continued {len(self.results)} kept warehouses; figures in {self.args.output}")
            for line in self.summary_lines():
                self.progress(line)
            return
        if self.args.engine_only:
            self.engine_only()
            self.progress(f"\nDone: DuckDB alone at {len(self.args.engine_only)} sizes; figures in {self.args.output}")
            return
        if self.args.bare_only:
            self.bare_only()
            self.progress(f"\nDone: bare SQL at {len(self.args.bare_only)} sizes; figures in {self.args.output}")
            return
        if self.args.postgres_only:
            self.run_postgres(self.args.postgres_accounts)
            outcome = (
                f"full build {self.postgres['full_build_seconds']:,.0f} s"
                if "full_build_seconds" in self.postgres
                else f"skipped ({self.postgres.get('skipped')})"
            )
            accounts = self.args.postgres_accounts
            self.progress(f"\nDone: PostgreSQL at {accounts:,} accounts, {outcome}; figures in {self.args.output}")
            return
        for accounts in self.args.sizes:
            self.run_size(accounts)
            if self.args.postgres_accounts == accounts:
                self.run_postgres(accounts)
        self.progress(f"\nDone: {len(self.results)} sizes measured; figures in {self.args.output}")
        for line in self.summary_lines():
            self.progress(line)

    # ---- reporting
    def summary_lines(self) -> list[str]:
        lines = []
        for r in self.results:
            build, bare, refresh = (r.steps.get(k) for k in ("full_build", "bare_sql", "daily_refresh"))
            text = f"  {r.accounts:>7,} accounts, {r.events / 1e6:6.1f} M events:"
            if build:
                text += f" build {build.seconds:,.0f} s, peak {build.peak_rss_bytes / GIB:.2f} GiB"
            if build and bare:
                text += f"; build/bare {build.seconds / bare.seconds:.2f}"
            if build and refresh:
                text += f"; refresh/build {refresh.seconds / build.seconds:.1%}"
            second = r.steps.get("second_refresh")
            if build and second:
                text += f", second day's {second.seconds / build.seconds:.1%}"
            lines.append(text)
        return lines

    def write(self) -> None:
        out = {
            "machine": self.machine,
            "started": self.started.isoformat(timespec="seconds"),
            "settings": {
                "as_of": str(self.args.as_of),
                "days": self.args.days,
                "seed": self.args.seed,
                "memory_limit": self.args.memory_limit,
                "dbt_threads": self.args.dbt_threads,
            },
            "sizes": sorted(
                self.earlier + [dataclasses.asdict(r) | {"events": r.events} for r in self.results],
                key=lambda size: size["accounts"],
            ),
            "postgres": self.postgres,
            "notes": self.notes,
        }
        self.args.output.parent.mkdir(parents=True, exist_ok=True)  # --output may name a new directory
        results_path(self.args).write_text(json.dumps(out, indent=2, default=str) + "\n")
        self.args.output.write_text(render_markdown(out))


POSTGRES_SETTINGS = {"shared_buffers": "2GB", "work_mem": "256MB", "maintenance_work_mem": "1GB"}


def commit_cell(size: dict) -> str:
    """The commit the full build ran at, and the bare run's and the refresh's where they differ."""
    built = size["steps"].get("full_build", {}).get("commit") or size.get("commit", "")
    others = [
        f"{label} `{size['steps'][step]['commit']}`"
        for step, label in (("bare_sql", "bare"), ("daily_refresh", "refresh"), ("second_refresh", "second refresh"))
        if step in size["steps"] and size["steps"][step].get("commit", built) != built
    ]
    return ", ".join([f"build `{built}`", *others]) if others else f"`{built}`"


def engine_cells(size: dict, previous: dict | None) -> tuple[str, str]:
    """The growth table's DuckDB-alone cells: this size's engine_baseline() and its growth from the previous
    size's, in rows, wall and CPU time, noting a commit other than the size's build (--engine-only)."""
    engine = size.get("engine")
    if not engine:
        return "not measured", ""
    cell = f"{engine['seconds']:,.1f} s, CPU {engine['cpu_seconds']:,.1f} s ({engine['rows'] / 1e6:,.1f} M rows)"
    built = size["steps"].get("full_build", {}).get("commit")
    if engine.get("commit") and built and engine["commit"] != built:
        cell += f", at `{engine['commit']}`"
    before = (previous or {}).get("engine")
    if not before:
        return cell, ""
    ratio = (
        f"{engine['rows'] / before['rows']:.1f}x rows, {engine['seconds'] / before['seconds']:.1f}x time, "
        f"{engine['cpu_seconds'] / before['cpu_seconds']:.1f}x CPU"
    )
    return cell, ratio


def _fmt_seconds(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds < 120 else f"{seconds:,.0f} s ({seconds / 60:.1f} min)"


def results_path(args: argparse.Namespace) -> Path:
    """The machine-readable figures, beside the report (BENCHMARKS.md -> BENCHMARKS.json)."""
    return args.output.with_suffix(".json")


# The project's performance targets (README, Performance): what the report's Targets section checks.
BARE_RATIO_TARGET = 1.5  # full build / bare SQL at the largest size
REFRESH_SHARE_TARGET = 0.10  # a daily refresh / the full build, at every size
PEAK_MEMORY_TARGET_BYTES = 6 * 10**9  # 6 GB, any dbt step
REFRESH_STEPS = ("daily_refresh", "second_refresh")


def _verdict(holds: list[bool], labels: list[str]) -> str:
    """yes, no, or where it holds when only some of `labels` do."""
    if all(holds):
        return "yes"
    if not any(holds):
        return "no"
    return "at " + ", ".join(label for label, ok in zip(labels, holds, strict=True) if ok) + " only"


def target_lines(sizes: list[dict]) -> list[str]:
    """A table of the four targets with the figures that decide them, computed from this report's sizes.
    Growth between two sizes built from different models is left out of the verdict, and says so."""
    rows = []
    with_bare = [s for s in sizes if {"full_build", "bare_sql"} <= s["steps"].keys()]
    if with_bare:
        s = max(with_bare, key=lambda size: size["events"])
        ratio = s["steps"]["full_build"]["seconds"] / s["steps"]["bare_sql"]["seconds"]
        rows.append(
            (
                f"full build within {BARE_RATIO_TARGET}x of the bare SQL at the largest size",
                f"{ratio:.2f} at {s['accounts']:,} accounts ({s['events'] / 1e6:.1f} M events)",
                "yes" if ratio <= BARE_RATIO_TARGET else "no",
            )
        )
    refreshed = [s for s in sizes if "full_build" in s["steps"] and REFRESH_STEPS[0] in s["steps"]]
    if refreshed:
        figures, holds = [], []
        for s in refreshed:
            build = s["steps"]["full_build"]["seconds"]
            shares = [s["steps"][k]["seconds"] / build for k in REFRESH_STEPS if k in s["steps"]]
            figures.append(f"{s['accounts']:,} accounts: " + " and ".join(f"{share:.1%}" for share in shares))
            holds.append(all(share < REFRESH_SHARE_TARGET for share in shares))
        rows.append(
            (
                f"daily refresh under {REFRESH_SHARE_TARGET:.0%} of the full build",
                "; ".join(figures),
                _verdict(holds, [f"{s['accounts']:,} accounts" for s in refreshed]),
            )
        )
    peaks = [
        (step["peak_rss_bytes"], s["accounts"], name)
        for s in sizes
        for name, step in s["steps"].items()
        if name in ("full_build", *REFRESH_STEPS) and step.get("peak_rss_bytes", -1) >= 0
    ]
    if peaks:
        peak, accounts, name = max(peaks)
        rows.append(
            (
                f"peak memory under {PEAK_MEMORY_TARGET_BYTES / 1e9:.0f} GB (dbt's builds and refreshes)",
                f"{peak / GIB:.2f} GiB ({peak / 1e9:.2f} GB), {accounts:,} accounts' {name.replace('_', ' ')}",
                "yes" if peak < PEAK_MEMORY_TARGET_BYTES else "no",
            )
        )
    built = [s for s in sizes if "full_build" in s["steps"] and s["events"]]
    figures, holds, labels = [], [], []
    for smaller, larger in zip(built, built[1:], strict=False):
        before, after = smaller["steps"]["full_build"], larger["steps"]["full_build"]
        events = larger["events"] / smaller["events"]
        time = after["seconds"] / before["seconds"]
        span = f"{smaller['events'] / 1e6:.1f} -> {larger['events'] / 1e6:.1f} M events"
        figure = f"{span}: {time:.1f}x time"
        if after.get("cpu_seconds", -1) >= 0 and before.get("cpu_seconds", -1) > 0:
            figure += f" ({after['cpu_seconds'] / before['cpu_seconds']:.1f}x CPU)"
        figure += f" for {events:.1f}x the events"
        if models_changed(before.get("commit", ""), after.get("commit", "")) is not False:
            figures.append(figure + " (models not comparable: not counted)")
            continue
        figures.append(figure)
        holds.append(time <= events)
        labels.append(span)
    if figures:
        rows.append(
            (
                "full build time growing no faster than linearly",
                "; ".join(figures),
                _verdict(holds, labels) if holds else "not comparable",
            )
        )
    if not rows:
        return []
    lines = ["", "## Targets", "", "| target | figures | holds? |", "|---|---|---|"]
    return lines + [f"| {target} | {figure} | {verdict} |" for target, figure, verdict in rows]


def render_markdown(data: dict) -> str:
    sizes = data["sizes"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m customer_health_tools.bench`); do not edit by hand.",
        f"Run started {data['started']}.",
        "",
        f"- **Machine:** {data['machine']}.",
        f"- **Settings:** DuckDB `memory_limit` {data['settings']['memory_limit']}, "
        "DuckDB threads = CPU cores, dbt threads (`HEALTH_DBT_THREADS`) as in the table; demo data with seed "
        f"{data['settings']['seed']}, {data['settings']['days']} days of history scored as of "
        f"{data['settings']['as_of']}, plus two more days of events for the refreshes.",
        "- **Full build:** `HEALTH_AS_OF_DATE=<day> dbt build --full-refresh --vars '{data_test_scope: refreshed}'` "
        "(seeds loaded before): every model, data test (in full: the scope applies to incremental runs only) and "
        "unit test.",
        "- **Bare SQL:** the compiled SQL of the same models, run in dependency order as `create or replace "
        "table/view ... as` in one DuckDB process with the same settings; no tests, no dbt.",
        "- **Daily refresh:** the events loaded on the next day are appended to `raw.product_events`, then "
        "`HEALTH_AS_OF_DATE=<next day> dbt build --exclude-resource-type unit_test --vars '{data_test_scope: "
        "refreshed}'`, the README's scheduled run: incremental models recompute their last "
        "`history_restatement_days` days and stage only newly loaded rows; tests of incremental models read "
        "the rows the refresh could have written, all other data tests run in full; unit tests, whose "
        "fixtures do not depend on the data, run in the full build only. The vars are the same every day, as in "
        "a scheduled run, so dbt reuses its parse of the project (partial parsing); a day passed in `--vars` "
        "would re-parse the whole project (about 8 s) on every refresh.",
        "- **Second day's refresh:** the same again one day later: the first refresh after a full build "
        "happens once, the next day's is the one a scheduled job repeats.",
        "- **Peak memory:** the largest resident set size of the process (`wait4` rusage), i.e. dbt with DuckDB "
        "inside it. Linux counts a parent's own peak in each child's, so the bench runs its own DuckDB work "
        "(the machine probe, holding back and loading events) in separate processes; otherwise every step "
        "would report at least the probe's memory (1.27 GiB).",
        f"- **Machine probe:** before each step, the median of three runs of a fixed DuckDB workload (a hash "
        f"aggregation and a sort of {PROBE_ROWS:,} generated rows in memory). Equal work, so where the probes "
        "of two steps differ, the CPU ran at a different speed; equal probes do not rule out differences in "
        "disk and file-cache speed, which spilling builds depend on too.",
        "- **I/O stall:** for each step, the time in which some task on the machine waited for I/O, from "
        "Linux's pressure stall information (`/proc/pressure/io`, `some`). It includes the step's own spill, "
        "so it is no measure of the disk alone; for the same work run twice, more stall means slower disk or "
        "a colder file cache, which the probe cannot see.",
        "- **DuckDB alone:** before each size's full build, a fixed workload scaled to the "
        "size: accounts x days generated account-days (text account id, date, six 64-bit measures, in no useful "
        "order) and six trailing sums over 30- and 90-day frames partitioned by account, the shape of the scored "
        "models' heaviest step, as a temporary table under the same memory cap; the faster of two runs. No dbt "
        "and none of the project's SQL, so its growth is how this engine's time grows with the rows on this "
        "machine, next to which the full build's growth reads.",
        "- **CPU time:** the user and system CPU seconds of the step's process (`wait4` "
        "rusage), every core added up, and the machine's CPU steal over the step (`/proc/stat`: time the host "
        "ran something else while this machine was ready to run). Work that is the same costs about the same "
        "CPU time even when a slow phase of the machine stretches its wall time.",
        *target_lines(sizes),
        "",
        "## DuckDB",
        "",
        "| accounts | raw events | dbt threads | full build | peak memory | bare SQL | build / bare "
        "| daily refresh | refresh / build | second day's refresh | second / build | warehouse file | commit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in sizes:
        steps = s["steps"]
        build, bare, refresh, second = (
            steps.get(k) for k in ("full_build", "bare_sql", "daily_refresh", "second_refresh")
        )
        cells = [
            f"{s['accounts']:,}",
            f"{s['events']:,}",
            str(s.get("dbt_threads") or 4),  # sizes recorded before the field existed ran with 4
            _fmt_seconds(build["seconds"]) if build else "not measured",
            f"{build['peak_rss_bytes'] / GIB:.2f} GiB" if build else "",
            _fmt_seconds(bare["seconds"]) if bare else "not measured",
            f"{build['seconds'] / bare['seconds']:.2f}" if build and bare else "",
            _fmt_seconds(refresh["seconds"]) if refresh else "not measured",
            f"{refresh['seconds'] / build['seconds']:.1%}" if build and refresh else "",
            _fmt_seconds(second["seconds"]) if second else "not measured",
            f"{second['seconds'] / build['seconds']:.1%}" if build and second else "",
            f"{s['warehouse_bytes'] / GIB:.1f} GiB" if s["warehouse_bytes"] else "",
            commit_cell(s),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    probed = [s for s in sizes if s.get("probes")]
    if probed:
        lines += ["", "Machine probe before each step (seconds; lower is a faster machine):", ""]
        for s in probed:
            probes = "; ".join(f"{step.replace('_', ' ')} {seconds:.2f} s" for step, seconds in s["probes"].items())
            lines.append(f"- {s['accounts']:,} accounts: {probes}.")
    stalls = [
        (s, [(name, step) for name, step in s["steps"].items() if step.get("io_stall_seconds", -1) >= 0]) for s in sizes
    ]
    if any(steps for _, steps in stalls):
        lines += [
            "",
            "Time some task on the machine waited for I/O during each step (Linux pressure stall information,"
            " `/proc/pressure/io`; our own spill included), seconds and share of the step:",
            "",
        ]
        for s, steps in stalls:
            if steps:
                parts = [
                    f"{name.replace('_', ' ')} {step['io_stall_seconds']:,.0f} s "
                    f"({step['io_stall_seconds'] / step['seconds']:.0%})"
                    for name, step in steps
                ]
                lines.append(f"- {s['accounts']:,} accounts: " + "; ".join(parts) + ".")
    timed_cpu = [
        (s, [(name, step) for name, step in s["steps"].items() if step.get("cpu_seconds", -1) >= 0]) for s in sizes
    ]
    if any(steps for _, steps in timed_cpu):
        lines += ["", "CPU time of each step (all cores added up), and the CPU the host stole from the machine:", ""]
        for s, steps in timed_cpu:
            if steps:
                parts = [
                    f"{name.replace('_', ' ')} {step['cpu_seconds']:,.0f} s CPU in {step['seconds']:,.0f} s"
                    + (f", {step['steal_seconds']:,.1f} s stolen" if step.get("steal_seconds", -1) >= 0 else "")
                    for name, step in steps
                ]
                lines.append(f"- {s['accounts']:,} accounts: " + "; ".join(parts) + ".")
    lines += ["", "Peak memory of the other steps:", ""]
    for s in sizes:
        parts = [
            f"{name.replace('_', ' ')} "
            + (f"{step['peak_rss_bytes'] / GIB:.2f} GiB" if step["peak_rss_bytes"] >= 0 else "peak not recorded")
            + f" in {_fmt_seconds(step['seconds'])}"
            for name, step in s["steps"].items()
            if name != "full_build"
        ]
        lines.append(f"- {s['accounts']:,} accounts: " + "; ".join(parts) + ".")
    built = [s for s in sizes if "full_build" in s["steps"] and s["events"]]
    if len(built) > 1:
        header = (
            "| events | full build | seconds per million events | vs previous size | CPU time | CPU vs previous "
            "| DuckDB alone | DuckDB alone vs previous |"
        )
        lines += ["", "## Growth", "", header, "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        previous = None
        for s in built:
            build = s["steps"]["full_build"]
            seconds, cpu = build["seconds"], build.get("cpu_seconds", -1)
            per_million = seconds / (s["events"] / 1e6)
            ratio = cpu_ratio = ""
            if previous:
                before = previous["steps"]["full_build"]
                ratio = f"{s['events'] / previous['events']:.1f}x events, {seconds / before['seconds']:.1f}x time"
                if cpu >= 0 and before.get("cpu_seconds", -1) > 0:
                    cpu_ratio = f"{cpu / before['cpu_seconds']:.1f}x"
                commits = (before.get("commit"), build.get("commit"))
                if all(commits) and commits[0] != commits[1]:  # sizes kept from an earlier run
                    ratio += f" ({commits_note('built', *commits)})"
            cpu_cell = f"{cpu:,.0f} s" if cpu >= 0 else "not recorded"
            engine_cell, engine_ratio = engine_cells(s, previous)
            lines.append(
                f"| {s['events'] / 1e6:.1f} M | {_fmt_seconds(seconds)} | {per_million:.1f} | {ratio} "
                f"| {cpu_cell} | {cpu_ratio} | {engine_cell} | {engine_ratio} |"
            )
            previous = s
        growth = [
            line
            for smaller, larger in zip(built, built[1:], strict=False)
            if models_changed(
                smaller["steps"]["full_build"].get("commit", ""), larger["steps"]["full_build"].get("commit", "")
            )
            is False
            for line in model_growth(smaller, larger)
        ]
        if growth:
            lines += ["", "Model time in dbt's timings (full build):", "", *growth]
    lines += ["", "## Slowest models", ""]
    for s in sizes:
        for key, label in (
            ("slowest_models", "full build"),
            ("refresh_slowest_models", "daily refresh"),
            ("second_refresh_slowest_models", "second day's refresh"),
        ):
            if s.get(key):
                models = ", ".join(f"`{name}` {seconds:.1f} s" for name, seconds in s[key])
                lines.append(f"- {s['accounts']:,} accounts, {label}: {models}.")
    if data.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {note}" for note in data["notes"]]
    lines += ["", "## PostgreSQL", ""]
    pg = data["postgres"]
    if not pg:
        lines.append("Not measured in this run (`--postgres-accounts`).")
    elif "skipped" in pg:
        lines.append(f"Skipped: {pg['skipped']}")
    else:
        duck = next((s for s in sizes if s["accounts"] == pg["accounts"] and "full_build" in s["steps"]), None)
        lines.append(
            f"The same project at {pg['accounts']:,} accounts on a throwaway PostgreSQL cluster on the same machine "
            f"({pg['settings']}): full `dbt build` {_fmt_seconds(pg['full_build_seconds'])} "
            f"(loading the raw tables through COPY took {_fmt_seconds(pg['load_seconds'])})."
        )
        if pg.get("dbt_threads"):
            lines.append(
                f"dbt ran {pg['dbt_threads']} threads there (the `postgres` output of `profiles.yml`): most "
                "PostgreSQL queries run on one backend process, so models building side by side are how it uses "
                "the cores, while DuckDB uses every core inside each model."
            )
        if duck:
            ratio = pg["full_build_seconds"] / duck["steps"]["full_build"]["seconds"]
            line = f"PostgreSQL / DuckDB full build: **{ratio:.1f}x**"
            duck_commit = duck["steps"]["full_build"].get("commit")
            if pg.get("commit") and duck_commit and pg["commit"] != duck_commit:
                line += f" ({commits_note('PostgreSQL and DuckDB built', pg['commit'], duck_commit)})"
            lines.append(line + ".")
        slowest = ", ".join(f"`{name}` {seconds:.1f} s" for name, seconds in json.loads(pg["slowest"]))
        lines.append(f"Slowest models on PostgreSQL: {slowest}.")
    return "\n".join(lines) + "\n"


def record(args: argparse.Namespace) -> None:
    """Adds an externally measured step and/or a note to BENCHMARKS.json, then rewrites BENCHMARKS.md."""
    args.sizes, args.resume = [], []
    bench = Bench(args)
    data = json.loads(results_path(args).read_text())
    bench.started = dt.datetime.fromisoformat(data["started"])
    if args.record_step:
        accounts, name, seconds, peak_gib = args.record_step
        size = next((s for s in bench.earlier if s["accounts"] == int(accounts)), None)
        if size is None:
            raise SystemExit(f"error: no size {accounts} in {results_path(args)}")
        peak = -1 if peak_gib == "-" else int(float(peak_gib) * GIB)  # "-": not recorded
        size["steps"][name] = dataclasses.asdict(Step(float(seconds), peak, git_commit()))
    if args.note:
        bench.notes.append(args.note)
    bench.write()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="customer_health_tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated account counts")
    parser.add_argument("--postgres-accounts", type=int, default=10000, help="size also built on PostgreSQL; 0: none")
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 21))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory-limit", default=os.environ.get("HEALTH_DUCKDB_MEMORY_LIMIT", "4GB"))
    parser.add_argument("--workdir", type=Path, default=PROJECT / "target" / "bench")
    parser.add_argument("--output", type=Path, default=PROJECT / "BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep each size's warehouse file")
    parser.add_argument(
        "--test-scope",
        choices=["refreshed", "all"],
        default="refreshed",
        help="data_test_scope passed to every build (a full refresh tests every row either way)",
    )
    parser.add_argument(
        "--resume",
        default="",
        help="comma-separated kept sizes: the daily refresh (a day later if already refreshed), then missing bare SQL",
    )
    parser.add_argument(
        "--postgres-only",
        action="store_true",
        help="only the PostgreSQL build at --postgres-accounts; the DuckDB figures stay as recorded",
    )
    parser.add_argument(
        "--engine-only",
        default="",
        help="comma-separated sizes already measured: only the DuckDB-alone workload; their other figures stay",
    )
    parser.add_argument(
        "--bare-only",
        default="",
        help="comma-separated sizes kept (--keep) from a run with --skip-bare: only their bare SQL; the rest stays",
    )
    parser.add_argument("--bare", nargs=2, metavar=("DUCKDB", "MANIFEST"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--dbt-threads", type=int, default=1, help="dbt threads (HEALTH_DBT_THREADS); 1: one model at a time"
    )
    parser.add_argument(
        "--skip-bare",
        action="store_true",
        help="no bare SQL step (with --keep, a later --bare-only or --resume runs it)",
    )
    parser.add_argument(
        "--record-step",
        nargs=4,
        metavar=("ACCOUNTS", "NAME", "SECONDS", "PEAK_GIB"),
        help="record a step measured outside the bench (e.g. a completion run) in BENCHMARKS.json",
    )
    parser.add_argument("--note", help="add a note to BENCHMARKS.md (with --record-step or alone)")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    args.resume = [int(s) for s in str(args.resume).split(",") if s.strip()]
    args.engine_only = [int(s) for s in str(args.engine_only).split(",") if s.strip()]
    args.bare_only = [int(s) for s in str(args.bare_only).split(",") if s.strip()]
    if args.postgres_only and not args.postgres_accounts:
        parser.error("--postgres-only needs --postgres-accounts above 0")
    if args.resume or args.postgres_only or args.engine_only or args.bare_only:
        args.sizes = []
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.record_step or args.note is not None:  # an empty --note must not start a whole benchmark run
        if args.note is not None and not args.note.strip():
            print("error: --note needs text", file=sys.stderr)
            return 2
        record(args)
        return 0
    if args.bare:
        run_bare(Path(args.bare[0]), Path(args.bare[1]), args.memory_limit)
        return 0
    try:
        Bench(args, progress=lambda m: print(m, flush=True)).run()
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
