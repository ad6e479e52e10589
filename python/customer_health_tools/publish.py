"""Publish the marts as a read-only snapshot that BI tools and the dashboard open.

A DuckDB file has one writer, and a writer and readers block each other: a BI tool holding the
warehouse open would make `dbt build` fail, and a build would lock the tool out. So after a
successful build the marts (and the bands and weights seeds: tier colours, the points a dimension
can give) are copied into a separate file, written under a temporary name and renamed into place.
A reader that has the old snapshot open keeps reading it; the next connection opens the new one;
nobody sees half of one. A failed build publishes nothing: `make build` runs this only when
`dbt build` succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

SNAPSHOT_SCHEMA = "marts"
SEEDS = ("health_score_bands", "health_score_weights")


@dataclass
class Published:
    snapshot: Path
    tables: dict[str, int]
    seconds: float


def default_snapshot_path(warehouse: Path) -> Path:
    """warehouse/health.duckdb -> warehouse/health_marts.duckdb, unless HEALTH_SNAPSHOT_PATH says."""
    configured = os.environ.get("HEALTH_SNAPSHOT_PATH")
    return Path(configured) if configured else warehouse.with_name(f"{warehouse.stem}_marts.duckdb")


def publish(
    warehouse: Path, snapshot: Path, marts_schema: str = "main_marts", seeds_schema: str = "main_seeds"
) -> Published:
    """Copy every table of `marts_schema` and the SEEDS from `warehouse` into `snapshot`, atomically."""
    started = time.perf_counter()
    if not warehouse.exists():
        raise SystemExit(f"publish: {warehouse} does not exist; run `make build` first")
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    partial = snapshot.with_name(f".{snapshot.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    con = duckdb.connect(str(partial))
    try:
        con.execute(f"attach '{warehouse}' as source (read_only)")
        marts = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where database_name = 'source' and schema_name = ? "
                "order by table_name",
                [marts_schema],
            ).fetchall()
        ]
        if not marts:
            raise SystemExit(f"publish: {warehouse} has no tables in schema {marts_schema}; run `dbt build` first")
        con.execute(f"create schema {SNAPSHOT_SCHEMA}")
        tables: dict[str, int] = {}
        sources = [(marts_schema, name) for name in marts] + [(seeds_schema, name) for name in SEEDS]
        for schema, name in sources:
            con.execute(f"create table {SNAPSHOT_SCHEMA}.{name} as select * from source.{schema}.{name}")
            tables[name] = con.execute(f"select count(*) from {SNAPSHOT_SCHEMA}.{name}").fetchall()[0][0]
        con.execute(
            f"create table {SNAPSHOT_SCHEMA}.snapshot_info as select ? as published_at, ? as source_warehouse",
            [dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None), str(warehouse)],
        )
        con.execute("detach source")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        partial.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(partial, snapshot)  # atomic on one file system: readers see the old file or the new one
    return Published(snapshot=snapshot, tables=tables, seconds=time.perf_counter() - started)
