# The two commands a user needs: `make build` (demo warehouse + all models) and `make test` (everything).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt

export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)
export HEALTH_DUCKDB_PATH ?= warehouse/health.duckdb
export HEALTH_SNAPSHOT_PATH ?= $(basename $(HEALTH_DUCKDB_PATH))_marts.duckdb
DASHBOARD_PORT ?= 8501

DEMO_ACCOUNTS ?= 2000
DEMO_DAYS ?= 730
DEMO_SEED ?= 42
TEST_DUCKDB_PATH := warehouse/test.duckdb
TEST_SNAPSHOT_PATH := warehouse/test_marts.duckdb

.PHONY: build test venv demo lint format pytest dbt-test pg-test parse-check evaluate calibrate scenarios bench clean \
	publish dashboard docs

venv: $(BIN)/.installed

$(BIN)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The demo warehouse is generated once; `make demo` regenerates it (as of today).
$(HEALTH_DUCKDB_PATH): | venv
	$(BIN)/python -m customer_health_tools generate --accounts $(DEMO_ACCOUNTS) --days $(DEMO_DAYS) \
		--seed $(DEMO_SEED) --duckdb-path $@

demo: venv
	rm -f $(HEALTH_DUCKDB_PATH)
	$(MAKE) $(HEALTH_DUCKDB_PATH)

# Every model and test, then (only when that succeeded) the marts' read-only snapshot for BI tools.
build: venv $(HEALTH_DUCKDB_PATH)
	$(DBT) build
	$(MAKE) publish

# The marts copied to $(HEALTH_SNAPSHOT_PATH), written under a temporary name and renamed into place.
publish: venv
	$(BIN)/python -m customer_health_tools publish --snapshot-path $(HEALTH_SNAPSHOT_PATH)

# The documentation site as one self-contained file, target/static_index.html (models, columns, tests,
# lineage), with the warehouse's catalog: build first.
docs: venv
	$(DBT) docs generate --static
	@echo "Open target/static_index.html in a browser."

# The customer-success dashboard on the published snapshot: http://localhost:$(DASHBOARD_PORT)
dashboard: venv
	$(BIN)/streamlit run dashboard/app.py --server.port $(DASHBOARD_PORT) --server.address localhost

test: venv lint pytest parse-check dbt-test pg-test

lint: venv
	$(BIN)/ruff check python dashboard
	$(BIN)/ruff format --check python dashboard

format: venv
	$(BIN)/ruff format python dashboard
	$(BIN)/ruff check --fix python dashboard
	$(BIN)/sqlfluff fix models tests macros analyses

pytest: venv
	$(BIN)/pytest -q

parse-check: venv
	mkdir -p target
	$(DBT) parse --no-partial-parse 2>&1 | tee target/parse.log
	if grep -qiE 'deprecat' target/parse.log; then echo "dbt parse printed a deprecation warning"; exit 1; fi

# A fresh demo warehouse, every model, data test and unit test, source freshness, the score against single
# measures and its churn probability's calibration on that warehouse, then SQL lint against it.
dbt-test: venv
	rm -f $(TEST_DUCKDB_PATH)
	$(BIN)/python -m customer_health_tools generate --accounts $(DEMO_ACCOUNTS) --days $(DEMO_DAYS) \
		--seed $(DEMO_SEED) --duckdb-path $(TEST_DUCKDB_PATH)
	HEALTH_DUCKDB_PATH=$(TEST_DUCKDB_PATH) $(DBT) build
	HEALTH_DUCKDB_PATH=$(TEST_DUCKDB_PATH) $(DBT) source freshness
	$(BIN)/python -m customer_health_tools publish --duckdb-path $(TEST_DUCKDB_PATH) \
		--snapshot-path $(TEST_SNAPSHOT_PATH)
	HEALTH_DUCKDB_PATH=$(TEST_DUCKDB_PATH) HEALTH_SNAPSHOT_PATH=$(TEST_SNAPSHOT_PATH) $(BIN)/pytest -q python/tests_demo
	HEALTH_DUCKDB_PATH=$(TEST_DUCKDB_PATH) $(BIN)/sqlfluff lint models tests macros analyses

# The whole project on a throwaway PostgreSQL cluster (initdb on a free port in a temp dir, stopped
# afterwards), the BI reader role's access, and DuckDB/PostgreSQL agreement. Skipped with a message
# when initdb is missing, except under CI=true, where that is a failure.
pg-test: venv
	$(BIN)/pytest -q -rs python/tests_postgres

# Benchmarks (never part of `make test`): 10,000 and 100,000 accounts (~10 M and ~100 M events), full
# build, bare SQL, daily refresh, peak memory, PostgreSQL at 10,000; writes BENCHMARKS.md. About 2 hours
# on 2 cores. BENCH_ARGS="--sizes 1000,10000 --postgres-accounts 1000" for a shorter run.
BENCH_ARGS ?=
bench: venv
	$(BIN)/python -m customer_health_tools.bench $(BENCH_ARGS)

# The health score's backtest AUC beside every single measure's, on the demo warehouse.
evaluate: venv
	$(BIN)/python -m customer_health_tools evaluate --duckdb-path $(HEALTH_DUCKDB_PATH)

# Fit measure and dimension weights from the demo warehouse's history; writes a drop-in configuration
# (target/calibration/health_score_weights.csv, health_score_vars.yml) and calibration_report.md.
calibrate: venv
	$(BIN)/python -m customer_health_tools calibrate --duckdb-path $(HEALTH_DUCKDB_PATH)

clean:
	rm -rf target logs warehouse/*.duckdb warehouse/*.wal

# Scenarios: each generator scenario built with every data test, the default score's backtest AUC against
# the single measures', then calibrated; writes SCENARIOS.md. About 2 min. `make test` asserts the same runs
# (python/tests/test_scenarios.py).
scenarios: venv
	$(BIN)/python -m customer_health_tools.scenarios
