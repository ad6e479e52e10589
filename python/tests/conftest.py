from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from customer_health_tools.dbt_env import PROJECT
from customer_health_tools.generator import GenerationResult, Generator, GeneratorConfig

DBT = Path(sys.executable).parent / "dbt"

AS_OF = dt.date(2026, 6, 30)


def generate(**overrides: object) -> tuple[duckdb.DuckDBPyConnection, GenerationResult]:
    config = GeneratorConfig(**{"accounts": 300, "days": 400, "as_of": AS_OF, "seed": 7, **overrides})
    con = duckdb.connect()
    result = Generator(con, config, progress=lambda _msg: None).run()
    return con, result


@pytest.fixture(scope="session")
def demo() -> tuple[duckdb.DuckDBPyConnection, GenerationResult]:
    """A warehouse big enough for statistics: 800 accounts, about 1.5 years."""
    return generate(accounts=800, days=540)


def write_raw_schema(
    db: Path, rows: dict[str, list[dict[str, object]]], column_types: dict[str, dict[str, str]]
) -> None:
    """A DuckDB file whose `raw` schema holds the contract's tables with these column types and rows
    (columns a row leaves out are null; a table without rows is empty)."""
    con = duckdb.connect(str(db))
    con.execute("create schema raw")
    for table, columns in column_types.items():
        con.execute(f"create table raw.{table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
        for row in rows.get(table, []):
            con.execute(
                f"insert into raw.{table} values ({', '.join('?' for _ in columns)})", [row.get(c) for c in columns]
            )
    con.close()


def run_dbt(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """A dbt command on this project, its output captured."""
    return subprocess.run([str(DBT), *args], cwd=PROJECT, env=env, capture_output=True, text=True, check=False)
