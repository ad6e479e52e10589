"""The environment a dbt subprocess on this project runs with (tests, benchmarks)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def dbt_env(workdir: Path, target_dir: str = "target", **extra: str) -> dict[str, str]:
    """This project's profiles, no tracking, and dbt's target and log directories under `workdir`;
    `extra` adds or overrides variables (HEALTH_DUCKDB_PATH, HEALTH_TARGET, PG*)."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT),
        "DO_NOT_TRACK": "1",
        "DBT_TARGET_PATH": str(workdir / target_dir),
        "DBT_LOG_PATH": str(workdir / "logs"),
        **extra,
    }
