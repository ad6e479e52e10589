"""Benchmarks (``make bench``): build time, peak memory, daily refresh cost and dashboard page times.

For each size the demo generator writes a warehouse whose last day is ``as_of + 2``; the events loaded
on the last two days are held back. Then, each step timed with its peak memory:
1. ``dbt build --full-refresh`` scores ``as_of`` (dbt's own per-model times are kept);
2. the same models' compiled SQL runs bare in one DuckDB process (what dbt and the tests add);
3. each held-back day is loaded and the scheduled ``dbt build`` refreshes it (the first refresh after
   a full build, then the second, the one a daily job repeats);
4. the marts are published and every dashboard page is rendered (Streamlit's AppTest) on them.
At one size the project is also built on a throwaway PostgreSQL cluster. Figures go to
``BENCHMARKS.json`` (kept in git; sizes not re-run keep their recorded figures) and ``BENCHMARKS.md``.
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
POSTGRES_SETTINGS = {"shared_buffers": "2GB", "work_mem": "256MB", "maintenance_work_mem": "1GB"}
STEPS = {  # step name: what the report calls it
    "full_build": "full build",
    "bare_sql": "bare SQL",
    "daily_refresh": "daily refresh",
    "second_refresh": "second day's refresh",
}
PAGES = ["portfolio", "account", "worklists", "score_check"]


@dataclasses.dataclass
class Step:
    """One timed command: wall seconds, CPU seconds (all cores) and its process's peak resident memory."""

    seconds: float
    peak_rss_bytes: int
    cpu_seconds: float = -1.0
    commit: str = ""

    @classmethod
    def from_json(cls, data: dict) -> Step:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


class BenchError(RuntimeError):
    pass


def timed(cmd: list[str], env: dict[str, str], log: Path, progress: Callable[[str], None]) -> Step:
    """Runs cmd with its output in `log`; wall time, CPU time and peak RSS from wait4's rusage. Linux
    counts a parent's peak RSS in its child's, so the bench runs its own DuckDB work in isolated()."""
    progress(f"  $ {' '.join(cmd[:6])}{' ...' if len(cmd) > 6 else ''}  (log: {log})")
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = "".join(log.read_text().splitlines(keepends=True)[-30:])
        raise BenchError(f"{' '.join(cmd)} failed; see {log}:\n{tail}")
    step = Step(seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, git_commit())
    progress(f"    {seconds:,.1f} s, CPU {step.cpu_seconds:,.1f} s, peak RSS {step.peak_rss_bytes / GIB:.2f} GiB")
    return step


def isolated(function: Callable[..., object], *args: object) -> object:
    """function(*args) in a fresh (spawned) Python process, so the bench never holds DuckDB's memory."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def hold_back_events(db: Path, first_day: dt.date) -> tuple[dict[str, int], int]:
    """Moves events loaded on or after `first_day` into held_back.product_events; raw row counts and
    the number held back."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        tables = [
            r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
        ]
        counts = {t: con.execute(f"select count(*) from raw.{t}").fetchall()[0][0] for t in sorted(tables)}
        con.execute("create schema if not exists held_back")
        con.execute(
            "create or replace table held_back.product_events as from raw.product_events where _loaded_at >= ?",
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
    window = [day, day + dt.timedelta(days=1)]
    try:
        where = "where _loaded_at >= ? and _loaded_at < ?"
        loaded = con.execute(f"select count(*) from held_back.product_events {where}", window).fetchall()[0][0]
        con.execute(f"insert into raw.product_events select * from held_back.product_events {where}", window)
        con.execute("delete from held_back.product_events where _loaded_at < ?", [window[1]])
    finally:
        con.close()
    return loaded


DAY_RANGES = re.compile(r"/\* day ranges, one statement each: ([0-9. -]+) \*/")


def day_range_statements(sql: str) -> list[str]:
    """A model's compiled SQL once per day range of its plan (macros/incremental/day_ranges.sql): the
    compiled SQL builds the first range; the others replace its marked days as swap_day_range does."""
    plan = DAY_RANGES.search(sql)
    if not plan:
        return [sql]
    ranges = [text.split("..") for text in plan.group(1).split()]
    first, last = ranges[0]
    return [
        sql.replace(f"'{first}' /* day range first */", f"'{start}' /* day range first */").replace(
            f"'{last}' /* day range last */", f"'{end}' /* day range last */"
        )
        for start, end in ranges
    ]


def run_bare(db: Path, manifest_path: Path, memory_limit: str) -> None:
    """Every model's compiled SQL, in dependency order, in one DuckDB connection."""
    import duckdb

    manifest = json.loads(manifest_path.read_text())
    models = {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    order: list[str] = []

    def visit(uid: str) -> None:
        if uid not in order:
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
            node, start = models[uid], time.perf_counter()
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            first, *others = day_range_statements(node["compiled_code"])
            if kind == "table":  # dropped and checkpointed first, so the file does not grow by a copy
                con.execute(f"drop table if exists {node['relation_name']}")
                con.execute("checkpoint")
            con.execute(f"create or replace {kind} {node['relation_name']} as {first}")
            for other in others:
                con.execute(f"insert into {node['relation_name']} select * from ({other}) as day_range_rows")
            con.execute("checkpoint")
            print(f"    bare {node['name']}: {time.perf_counter() - start:.1f} s", flush=True)
    finally:
        con.close()


def dashboard_page_seconds(snapshot: Path, runs: int = 3) -> dict[str, float]:
    """Each dashboard page's render time on `snapshot` (AppTest: the script run with every query), the
    median of `runs` after one warm-up run that imports Streamlit and Altair."""
    os.environ["HEALTH_SNAPSHOT_PATH"] = str(snapshot)
    from streamlit.testing.v1 import AppTest

    seconds = {}
    for page in PAGES:
        times = []
        for _ in range(runs + 1):
            app = AppTest.from_file(str(PROJECT / "dashboard" / "app.py"), default_timeout=120)
            app.switch_page(f"pages/{page}.py")
            start = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - start)
            if app.exception:
                raise BenchError(f"dashboard page {page} failed: {app.exception[0].value}")
        seconds[page] = sorted(times[1:])[len(times[1:]) // 2]
    return seconds


def model_seconds(target: Path) -> dict[str, float]:
    """Every model's execution time in dbt's last run (run_results.json), by model name."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results if r["unique_id"].startswith("model.")}


def git_commit() -> str:
    """The commit measured, with `+changes` when the work tree differs from it (the bench's output aside)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", ".", ":!BENCHMARKS.md", ":!BENCHMARKS.json"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "unknown"
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def machine_description() -> str:
    import duckdb

    cpu = platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")), cpu
        )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    return (
        f"{os.cpu_count()} CPU cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


class Bench:
    def __init__(self, args: argparse.Namespace, progress: Callable[[str], None] = print) -> None:
        self.args, self.progress = args, progress
        self.results_file = args.output.with_suffix(".json")
        recorded = json.loads(self.results_file.read_text()) if self.results_file.exists() else {}
        self.sizes = {s["accounts"]: s for s in recorded.get("sizes", [])}
        self.postgres = recorded.get("postgres", {})

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

    def run_size(self, accounts: int) -> None:
        args, work = self.args, self.args.workdir
        db, target, logs = (
            work / f"health_{accounts}.duckdb",
            work / f"target_{accounts}",
            work / "logs" / str(accounts),
        )
        for stale in (db, db.with_suffix(".duckdb.wal"), target):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink(missing_ok=True)
        size: dict = {"accounts": accounts, "steps": {}, "commit": git_commit(), "dbt_threads": args.dbt_threads}
        self.sizes[accounts] = size
        days = [args.as_of + dt.timedelta(days=n) for n in (1, 2)]
        self.progress(f"[{accounts:,} accounts] generating {args.days} days up to {days[1]}")
        generate = [str(BIN / "python"), "-m", "customer_health_tools", "generate", "--accounts", str(accounts),
                    "--days", str(args.days + 2), "--as-of", str(days[1]), "--seed", str(args.seed),
                    "--duckdb-path", str(db)]  # fmt: skip
        timed(generate, self.env(db, target), logs / "generate.log", self.progress)
        size["raw_rows"], held = isolated(hold_back_events, db, days[0])
        size["events"] = size["raw_rows"].get("product_events", 0)
        self.progress(f"  {size['events']:,} events; {held:,} loaded after {args.as_of} held back for the refreshes")

        self.progress(f"[{accounts:,} accounts] full dbt build as of {args.as_of}")
        timed([str(BIN / "dbt"), "seed"], self.env(db, target), logs / "seed.log", self.progress)
        build = [str(BIN / "dbt"), "build", "--vars", "{data_test_scope: refreshed}"]
        env = self.env(db, target, HEALTH_AS_OF_DATE=str(args.as_of))
        self.record(size, "full_build", timed([*build, "--full-refresh"], env, logs / "full_build.log", self.progress))
        size["model_seconds"] = model_seconds(target)
        size["warehouse_bytes"] = db.stat().st_size
        shutil.copy(target / "manifest.json", target / "full_build_manifest.json")
        if not args.skip_bare:
            self.progress(f"[{accounts:,} accounts] the same models' compiled SQL, bare, in one DuckDB process")
            bare = [str(BIN / "python"), "-m", "customer_health_tools.bench", "--bare", str(db),
                    str(target / "full_build_manifest.json")]  # fmt: skip
            self.record(size, "bare_sql", timed(bare, env, logs / "bare_sql.log", self.progress))

        for step, day in zip(("daily_refresh", "second_refresh"), days, strict=True):
            loaded = isolated(load_held_back_day, db, day)
            self.progress(f"[{accounts:,} accounts] {loaded:,} events loaded on {day}; {STEPS[step]}")
            env = self.env(db, target, HEALTH_AS_OF_DATE=str(day))
            refresh = [*build, "--exclude-resource-type", "unit_test"]
            self.record(size, step, timed(refresh, env, logs / f"{step}.log", self.progress))
            size[f"{step}_model_seconds"] = model_seconds(target)

        from customer_health_tools.publish import publish

        snapshot = work / f"health_{accounts}_marts.duckdb"
        published = isolated(publish, db, snapshot)
        size["publish_seconds"] = published.seconds
        self.progress(f"[{accounts:,} accounts] published the marts in {published.seconds:.1f} s; dashboard pages")
        size["dashboard_page_seconds"] = isolated(dashboard_page_seconds, snapshot)
        self.progress("    " + ", ".join(f"{p} {s:.2f} s" for p, s in size["dashboard_page_seconds"].items()))
        self.write()
        if not args.keep:
            db.unlink(missing_ok=True)

    def record(self, size: dict, step: str, measured: Step) -> None:
        size["steps"][step] = dataclasses.asdict(measured)
        self.write()

    def run_postgres(self, accounts: int) -> None:
        from customer_health_tools.pgcluster import PostgresUnavailable, throwaway_cluster

        args, logs, target = self.args, self.args.workdir / "logs" / "postgres", self.args.workdir / "target_postgres"
        try:
            with throwaway_cluster(progress=self.progress, settings=POSTGRES_SETTINGS) as cluster:
                env = self.env(args.workdir / "unused.duckdb", target, HEALTH_TARGET="postgres", **cluster.env())
                self.progress(f"[PostgreSQL, {accounts:,} accounts] loading the demo data through COPY")
                load = timed([str(BIN / "python"), "-m", "customer_health_tools", "generate", "--target", "postgres",
                              "--accounts", str(accounts), "--days", str(args.days + 1), "--as-of",
                              str(args.as_of + dt.timedelta(days=1)), "--seed", str(args.seed)],
                             env, logs / "generate.log", self.progress)  # fmt: skip
                timed([str(BIN / "dbt"), "seed"], env, logs / "seed.log", self.progress)
                build_cmd = [str(BIN / "dbt"), "build", "--full-refresh", "--vars", "{data_test_scope: refreshed}"]
                env |= {"HEALTH_AS_OF_DATE": str(args.as_of)}
                build = timed(build_cmd, env, logs / "full_build.log", self.progress)
                self.postgres = {
                    "accounts": accounts,
                    "load_seconds": load.seconds,
                    "full_build": dataclasses.asdict(build),
                    "model_seconds": model_seconds(target),
                    "settings": ", ".join(f"{k}={v}" for k, v in POSTGRES_SETTINGS.items()),
                }
        except PostgresUnavailable as exc:
            self.postgres = {"skipped": str(exc)}
            self.progress(f"PostgreSQL benchmark skipped: {exc}")
        self.write()

    def run(self) -> None:
        self.args.workdir.mkdir(parents=True, exist_ok=True)
        for accounts in self.args.sizes:
            self.run_size(accounts)
        if self.args.postgres_accounts:
            self.run_postgres(self.args.postgres_accounts)
        self.progress(f"\nDone; figures in {self.args.output}")
        for accounts in self.args.sizes:
            size, steps = self.sizes[accounts], self.sizes[accounts]["steps"]
            build, refresh = steps["full_build"]["seconds"], steps["second_refresh"]["seconds"]
            slowest_page = max(size["dashboard_page_seconds"].values())
            peak = steps["full_build"]["peak_rss_bytes"] / GIB
            self.progress(
                f"  {accounts:>7,} accounts: build {build:,.0f} s, peak {peak:.2f} GiB; daily refresh "
                f"{refresh:,.0f} s ({refresh / build:.0%}); slowest dashboard page {slowest_page:.2f} s"
            )

    def write(self) -> None:
        data = {
            "machine": machine_description(),
            "settings": {
                k: str(getattr(self.args, k)) for k in ("as_of", "days", "seed", "memory_limit", "dbt_threads")
            },
            "sizes": [self.sizes[a] for a in sorted(self.sizes)],
            "postgres": self.postgres,
        }
        self.results_file.write_text(json.dumps(data, indent=2, default=str) + "\n")
        self.args.output.write_text(render_markdown(data))


def _seconds(value: float) -> str:
    return f"{value:,.0f} s" + (f" ({value / 60:.1f} min)" if value >= 120 else "")


def render_markdown(data: dict) -> str:
    """BENCHMARKS.md: the method in a few lines, then tables of what was measured."""
    settings = data["settings"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m customer_health_tools.bench`) from BENCHMARKS.json; do not edit.",
        "",
        f"- **Machine:** {data['machine']}.",
        f"- **Data:** the demo generator, seed {settings['seed']}, {settings['days']} days scored as of "
        f"{settings['as_of']}, two more days of events held back for the refreshes; DuckDB memory_limit "
        f"{settings['memory_limit']}, dbt threads as in the table.",
        "- **Full build:** `dbt build --full-refresh`: every model, data test and unit test. **Bare SQL:** the same "
        "models' compiled SQL in one DuckDB process, no tests, no dbt. **Daily refresh:** one day's events "
        "loaded, then the scheduled `dbt build --exclude-resource-type unit_test`; the second day's is the one "
        "a daily job repeats. **Peak memory:** the largest resident set of the step's process.",
        "- **Dashboard pages:** each page rendered by Streamlit's AppTest on the published snapshot, median "
        "of three runs after a warm-up.",
        "",
        "## DuckDB",
        "",
        "| accounts | raw events | dbt threads | full build | peak memory | bare SQL | build / bare "
        "| daily refresh | second day's refresh | refresh / build | commit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in data["sizes"]:
        steps = {name: Step.from_json(step) for name, step in size["steps"].items()}
        build, bare = steps.get("full_build"), steps.get("bare_sql")
        refresh, second = steps.get("daily_refresh"), steps.get("second_refresh")
        cells = [
            f"{size['accounts']:,}",
            f"{size.get('events', 0):,}",
            str(size.get("dbt_threads", "")),
            _seconds(build.seconds) if build else "",
            f"{build.peak_rss_bytes / GIB:.2f} GiB" if build else "",
            _seconds(bare.seconds) if bare else "",
            f"{build.seconds / bare.seconds:.2f}" if build and bare else "",
            _seconds(refresh.seconds) if refresh else "",
            _seconds(second.seconds) if second else "",
            f"{second.seconds / build.seconds:.1%}" if build and second else "",
            f"`{build.commit}`" if build else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    paged = [s for s in data["sizes"] if s.get("dashboard_page_seconds")]
    if paged:
        lines += ["", "## Dashboard pages", "", "| accounts | " + " | ".join(PAGES) + " | publish |",
                  "|---:|" + "---:|" * (len(PAGES) + 1)]  # fmt: skip
        for size in paged:
            pages = size["dashboard_page_seconds"]
            cells = [f"{pages[p]:.2f} s" for p in PAGES] + [f"{size['publish_seconds']:.1f} s"]
            lines.append(f"| {size['accounts']:,} | " + " | ".join(cells) + " |")
    lines += ["", "## Slowest models (full build, dbt's own timings)", ""]
    for size in data["sizes"]:
        slowest = sorted(size.get("model_seconds", {}).items(), key=lambda m: -m[1])[:6]
        lines.append(f"- {size['accounts']:,} accounts: " + ", ".join(f"`{m}` {s:,.1f} s" for m, s in slowest) + ".")
    postgres = data.get("postgres") or {}
    lines += ["", "## PostgreSQL", ""]
    if "full_build" in postgres:
        build = Step.from_json(postgres["full_build"])
        slowest = sorted(postgres.get("model_seconds", {}).items(), key=lambda m: -m[1])[:4]
        lines.append(
            f"{postgres['accounts']:,} accounts on a throwaway PostgreSQL cluster ({postgres['settings']}): loading "
            f"{_seconds(postgres['load_seconds'])}, full build {_seconds(build.seconds)} at `{build.commit}`; "
            "slowest models " + ", ".join(f"`{m}` {s:,.0f} s" for m, s in slowest) + "."
        )
    else:
        lines.append(f"Not measured{': ' + postgres['skipped'] if 'skipped' in postgres else ''}.")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="customer_health_tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated account counts")
    parser.add_argument("--postgres-accounts", type=int, default=10000, help="size also built on PostgreSQL; 0: none")
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 21))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory-limit", default=os.environ.get("HEALTH_DUCKDB_MEMORY_LIMIT", "4GB"))
    parser.add_argument("--dbt-threads", type=int, default=1, help="dbt threads (HEALTH_DBT_THREADS)")
    parser.add_argument("--workdir", type=Path, default=PROJECT / "target" / "bench")
    parser.add_argument("--output", type=Path, default=PROJECT / "BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep each size's warehouse file")
    parser.add_argument("--skip-bare", action="store_true", help="no bare SQL step")
    parser.add_argument("--bare", nargs=2, metavar=("DUCKDB", "MANIFEST"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.bare:
        run_bare(Path(args.bare[0]), Path(args.bare[1]), args.memory_limit)
        return 0
    try:
        Bench(args, progress=lambda message: print(message, flush=True)).run()
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
