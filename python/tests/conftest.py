from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from customer_health_tools.generator import GenerationResult, Generator, GeneratorConfig

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
