# jivs-monitoring: `make help` lists the targets (from the ## comments below).
# Every target that needs Python depends on the venv; tests also need the
# Debian packages that scripts/bootstrap-system.sh installs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CONFIG ?= stack.yaml
JIVSMON := $(BIN)/jivsmon --config $(CONFIG)

.DEFAULT_GOAL := help
.PHONY: help install bootstrap build check test lint clean demo demo-down dashboards alerts bench slo-report demo-panels exporter drill

help: ## show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# PgBouncer's exporter: Debian's 1.7 crashes on PgBouncer 1.18, so the demo
	# and tests run PyPI's 2.1.2. It asks for psycopg2 (a source build needing
	# libpq-dev); the binary wheel provides the same module.
	$(BIN)/pip install --quiet psycopg2-binary python-json-logger
	$(BIN)/pip install --quiet --no-deps prometheus-pgbouncer-exporter==2.1.2
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its dev tools

bootstrap: ## install the Debian packages the tests and demo run for real (apt-get, as root)
	bash scripts/bootstrap-system.sh

build: $(STAMP) ## render everything into build/ (atomic, deterministic)
	$(JIVSMON) build

check: $(STAMP) ## validate stack.yaml and check everything it renders; writes nothing
	$(JIVSMON) check

alerts: $(STAMP) bootstrap ## build, promtool/amtool-check and unit-test the alert rules and Alertmanager config
	$(JIVSMON) build
	$(JIVSMON) check
	$(BIN)/python -m pytest -q tests/alerts

# PUBLISH_FLAGS passes e.g. --dry-run, --prune, --force or --token-file FILE.
dashboards: $(STAMP) ## publish the dashboards to Grafana (GRAFANA_URL, GRAFANA_TOKEN; PUBLISH_FLAGS=--dry-run)
	$(JIVSMON) publish $(PUBLISH_FLAGS)

test: $(STAMP) bootstrap ## run the whole test suite (starts the services it needs on loopback)
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

demo: $(STAMP) bootstrap ## start the whole stack and its monitoring on loopback (state in .state/demo)
	$(JIVSMON) demo up

demo-down: $(STAMP) ## stop everything `make demo` started
	$(JIVSMON) demo down

demo-panels: $(STAMP) ## run every dashboard panel's queries against the running demo (0 dead panels expected)
	$(JIVSMON) demo panels

# DRILL_FLAGS passes e.g. --scenario replica-stopped (repeatable) or --no-resolved-notice.
drill: $(STAMP) bootstrap ## DR drills: real faults, alerts checked in Prometheus and at each receiver (report in .state/demo)
	$(JIVSMON) --overlay jivsmon/demo/drills/drill-profile.yaml demo drill $(DRILL_FLAGS)

# NAME is replication, backup or sentinel; ARGS its flags (see `jivsmon exporter NAME --help`).
exporter: $(STAMP) ## run one of our exporters in the foreground: make exporter NAME=replication ARGS='...'
	$(JIVSMON) exporter $(NAME) $(ARGS)

bench: $(STAMP) bootstrap ## run every benchmark script in bench/ (real services on loopback; prints tables)
	@for script in bench/[!_]*.py; do echo "== $$script"; PYTHONPATH=. $(BIN)/python $$script || exit 1; done

# SLO_FLAGS passes e.g. --at 2026-12-01T00:00:00Z, --raw, --format markdown, --png-dir build/slo.
slo-report: $(STAMP) ## SLO error budgets from Prometheus (exit 0 ok, 1 budget breached, 2 could not compute)
	$(JIVSMON) slo report $(SLO_FLAGS)

clean: ## remove build/ (the venv stays)
	rm -rf build
