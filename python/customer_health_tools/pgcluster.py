"""A throwaway PostgreSQL cluster for tests: initdb in a temp dir, a free port, stopped afterwards.

Never assumes port 5432 is free. When run as root (CI containers), the server runs as the
``postgres`` system user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """initdb/pg_ctl cannot be found on this machine."""


@dataclass
class Cluster:
    host: str
    port: int
    user: str
    database: str
    data_dir: Path

    def env(self, user: str | None = None, password: str | None = None) -> dict[str, str]:
        """PG* variables pointing at this cluster (dbt's postgres target and the generator read them)."""
        env = {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": user or self.user,
            "PGDATABASE": self.database,
        }
        if password is not None:
            env["PGPASSWORD"] = password
        return env


def find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise PostgresUnavailable(
        f"{name} not found on PATH or in /usr/lib/postgresql/*/bin; install the server "
        "(Debian: apt-get install -y postgresql)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresUnavailable("running as root but there is no 'postgres' system user to run the server") from exc
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextmanager
def throwaway_cluster(
    database: str = "health", progress=print, settings: dict[str, str] | None = None
) -> Iterator[Cluster]:
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    tmp = Path(tempfile.mkdtemp(prefix="health-pg-"))
    data_dir = tmp / "data"
    if os.geteuid() == 0:
        shutil.chown(tmp, user="postgres")
        os.chmod(tmp, 0o700)
    port = free_port()
    admin = "health_admin"
    progress(f"PostgreSQL: initdb in {data_dir}, port {port}")
    subprocess.run(
        _as_server_user([initdb, "-D", str(data_dir), "-U", admin, "--auth=trust", "-E", "UTF8", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    opts += "".join(f" -c {name}={value}" for name, value in (settings or {}).items())
    subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data_dir), "-o", opts, "-l", str(tmp / "server.log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        cluster = Cluster("127.0.0.1", port, admin, database, data_dir)
        _wait_and_create_database(cluster)
        yield cluster
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data_dir), "-m", "fast", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)
        progress("PostgreSQL: cluster stopped and removed")


def _wait_and_create_database(cluster: Cluster) -> None:
    import psycopg2

    deadline = time.time() + 30
    while True:
        try:
            con = psycopg2.connect(host=cluster.host, port=cluster.port, user=cluster.user, dbname="postgres")
            break
        except psycopg2.OperationalError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f"create database {cluster.database}")
    con.close()
