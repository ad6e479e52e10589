"""The dashboard on the demo's published snapshot (`make dbt-test` publishes it): every page renders
with Streamlit's AppTest, on the demo and on an empty or missing snapshot; a refresh and a dashboard
session run at the same time; and a real browser (Debian's Chromium driven by Playwright) draws every
page's charts, with a screenshot of each under target/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from customer_health_tools.dbt_env import PROJECT, dbt_env
from customer_health_tools.publish import publish

sys.path.insert(0, str(PROJECT / "dashboard"))
from ui import money  # noqa: E402

APP = PROJECT / "dashboard" / "app.py"
PAGES = {  # each page's key texts
    "pages/portfolio.py": ["Portfolio", "Accounts per tier", "The last 12 months", "Tier changes this week"],
    "pages/account.py": ["Account", "Score history", "Dimensions", "The measures behind the score"],
    "pages/worklists.py": ["Worklists"],
    "pages/score_check.py": ["Does the score work", "AUC per cutoff", "Churn rate per tier"],
}
CHARTS = {"pages/portfolio.py": 5, "pages/account.py": 1, "pages/worklists.py": 0, "pages/score_check.py": 3}
SNAPSHOT = Path(os.environ.get("HEALTH_SNAPSHOT_PATH", PROJECT / "warehouse" / "test_marts.duckdb"))
WAREHOUSE = Path(os.environ.get("HEALTH_DUCKDB_PATH", PROJECT / "warehouse" / "test.duckdb"))


def render(page: str, snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("HEALTH_SNAPSHOT_PATH", str(snapshot))
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.switch_page(page)
    return app.run()


def texts(app: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info") for e in app.get(kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def snapshot() -> Path:
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing: run `make dbt-test`, which builds the demo and publishes it")
    return SNAPSHOT


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo(page: str, snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = render(page, snapshot, monkeypatch)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.info, [i.value for i in app.info]
    for text in PAGES[page]:
        assert text in texts(app), f"{page}: '{text}' not shown"


def test_portfolio_figures_are_the_marts(snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = render("pages/portfolio.py", snapshot, monkeypatch)
    con = duckdb.connect(str(snapshot), read_only=True)
    accounts, at_risk = con.execute("select count(*), sum(arr_at_risk_usd) from marts.fct_account_health").fetchall()[0]
    con.close()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Accounts"] == f"{accounts:,}"
    assert metrics["ARR at risk (90 days)"] == money(at_risk)
    app.sidebar.multiselect[0].select("SMB").run()  # segment filter
    assert int(app.metric[0].value.replace(",", "")) < accounts


def test_account_search_and_worklist_downloads(snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect(str(snapshot), read_only=True)
    name = con.execute(
        "select account_name from marts.fct_account_health where parent_account_id is not null limit 1"
    ).fetchall()[0][0]
    con.close()
    app = render("pages/account.py", snapshot, monkeypatch)
    app.text_input(key="account_search").input(name).run()
    assert not app.exception
    assert name in texts(app)
    assert "Not part of an account hierarchy" not in texts(app)
    worklists = render("pages/worklists.py", snapshot, monkeypatch)
    assert len(worklists.tabs) == 5
    assert len(worklists.get("download_button")) >= 4


def test_pages_say_what_to_run_without_data(tmp_path: Path, snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty_marts.duckdb"
    shutil.copy(snapshot, empty)
    con = duckdb.connect(str(empty))
    for (table,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' and table_name like 'fct_%'"
    ).fetchall():
        con.execute(f"delete from marts.{table}")
    con.close()
    for missing in (empty, tmp_path / "never_published.duckdb"):
        for page in PAGES:
            app = render(page, missing, monkeypatch)
            assert not app.exception, (missing.name, page, [e.value for e in app.exception])
            assert "make build" in texts(app), (missing.name, page, texts(app))


def test_a_refresh_and_a_dashboard_session_run_at_the_same_time(
    tmp_path: Path, snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dbt writes the warehouse while the dashboard reads the snapshot, then a new snapshot is published
    under a reader that holds the old one open: neither side fails, and the next read sees the new one."""
    refresh = subprocess.Popen(
        [str(Path(sys.executable).parent / "dbt"), "run", "-s", "int_account_health_trends+"],
        cwd=PROJECT,
        env=dbt_env(tmp_path, HEALTH_DUCKDB_PATH=str(WAREHOUSE)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sessions = 0
    while refresh.poll() is None or sessions == 0:
        for page in PAGES:
            app = render(page, snapshot, monkeypatch)
            assert not app.exception, [e.value for e in app.exception]
        sessions += 1
    output = refresh.communicate()[0]
    assert refresh.returncode == 0, output[-3000:]
    reader = duckdb.connect(str(snapshot), read_only=True)
    before = reader.execute("select published_at from marts.snapshot_info").fetchall()[0][0]
    time.sleep(1.1)  # published_at has whole seconds
    publish(WAREHOUSE, snapshot)
    assert reader.execute("select count(*) from marts.fct_account_health").fetchall()[0][0] > 0
    reader.close()
    fresh = duckdb.connect(str(snapshot), read_only=True)
    assert fresh.execute("select published_at from marts.snapshot_info").fetchall()[0][0] > before
    fresh.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_every_page_draws_in_a_real_browser(snapshot: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing (apt-get install chromium); .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "streamlit"),
            "run",
            str(APP),
            "--server.port",
            str(port),
            "--server.address",
            "localhost",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT,
        env={**os.environ, "HEALTH_SNAPSHOT_PATH": str(snapshot)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    shots = PROJECT / "target" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            for path, url_path in (
                ("pages/portfolio.py", ""),
                ("pages/account.py", "account"),
                ("pages/worklists.py", "worklists"),
                ("pages/score_check.py", "score_check"),
            ):
                deadline = time.monotonic() + 60
                while True:  # the server takes a moment to listen
                    try:
                        page.goto(f"http://localhost:{port}/{url_path}")
                        break
                    except Exception:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.5)
                for text in PAGES[path]:  # elements arrive as the script runs
                    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
                page.wait_for_function(  # the run has finished and every chart has drawn (canvas or svg):
                    """charts => {            // until then a chart is a grey placeholder box
                        const drawn = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
                        return !document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')
                            && drawn.length >= charts && drawn.every(c => c.querySelector('canvas, svg'));
                    }""",
                    arg=CHARTS[path],
                    timeout=60_000,
                )
                assert page.locator('[data-testid="stException"]').count() == 0, f"{path}: an exception is shown"
                page.screenshot(path=str(shots / f"{Path(path).stem}.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(p.name for p in shots.glob("*.png")) >= ["account.png", "portfolio.png", "score_check.png"]
