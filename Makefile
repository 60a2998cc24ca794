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
.PHONY: help install bootstrap build check test lint clean

help: ## show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its dev tools

bootstrap: ## install the Debian packages the tests and demo run for real (apt-get, as root)
	bash scripts/bootstrap-system.sh

build: $(STAMP) ## render everything into build/ (atomic, deterministic)
	$(JIVSMON) build

check: $(STAMP) ## validate stack.yaml and check everything it renders; writes nothing
	$(JIVSMON) check

test: $(STAMP) bootstrap ## run the whole test suite (starts the services it needs on loopback)
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean: ## remove build/ (the venv stays)
	rm -rf build
