"""Write generated raw tables to their destination: a DuckDB file or a PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from customer_health_tools.generator import RAW_TABLES, GenerationResult, Generator, GeneratorConfig

PG_TYPES = {
    "varchar": "text",
    "boolean": "boolean",
    "timestamp": "timestamp",
    "integer": "integer",
    "bigint": "bigint",
    "decimal(18,2)": "numeric(18,2)",
}


RAW_SCHEMA_NAMES = {"raw"}


def generate_duckdb(path: Path, config: GeneratorConfig, progress=print) -> GenerationResult:
    """Generate straight into the ``raw`` schema of a DuckDB file (replacing its raw tables)."""
    if path.stem.lower() in RAW_SCHEMA_NAMES:
        # DuckDB names the catalog after the file: `raw.x` would be ambiguous for the generator and dbt.
        raise ValueError(f"{path}: a DuckDB file named {path.name} clashes with the `raw` schema; name it otherwise")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        return Generator(con, config, progress).run()
    finally:
        con.close()


def pg_dsn_from_env() -> str:
    """A libpq connection string from the standard PG* variables (password never on argv)."""
    parts = []
    for key, env in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")):
        value = os.environ.get(env)
        if value:
            parts.append(f"{key}={value}")
    return " ".join(parts)


def generate_postgres(config: GeneratorConfig, schema: str = "raw", progress=print) -> GenerationResult:
    """Generate in an in-memory DuckDB, then COPY every table into PostgreSQL's ``raw`` schema."""
    import psycopg2  # imported here so DuckDB-only users never need it

    con = duckdb.connect()
    result = Generator(con, config, progress).run()
    dsn = pg_dsn_from_env()
    try:
        pg = psycopg2.connect(dsn)
    except psycopg2.OperationalError as exc:
        raise SystemExit(f"Cannot connect to PostgreSQL with PGHOST/PGPORT/PGUSER/PGDATABASE ({dsn!r}): {exc}") from exc
    with tempfile.TemporaryDirectory() as tmp, pg:
        cur = pg.cursor()
        cur.execute(f"create schema if not exists {schema}")
        for table, columns in RAW_TABLES.items():
            csv_path = Path(tmp) / f"{table}.csv"
            con.execute(
                f"copy (select {', '.join(columns)} from raw.{table}) to '{csv_path}' (format csv, header true)"
            )
            ddl = ", ".join(f'"{name}" {PG_TYPES[kind]}' for name, kind in columns.items())
            cur.execute(f"drop table if exists {schema}.{table}")
            cur.execute(f"create table {schema}.{table} ({ddl})")
            with csv_path.open() as handle:
                cur.copy_expert(f"copy {schema}.{table} from stdin with (format csv, header true)", handle)
            progress(f"  copied {table} to PostgreSQL {schema}.{table}")
    pg.close()
    con.close()
    return result
