"""Fixtures of the dashboard tests: rendered models, Grafana's JSON Schemas, a real Prometheus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboards.build import dashboard_models
from jivsmon.config_model import StackConfig
from jivsmon.services.prometheus import PrometheusServer


@pytest.fixture(scope="session")
def models(stack: StackConfig) -> list[dict[str, Any]]:
    """The 15 normalised dashboard models for stack.yaml, in order."""
    return dashboard_models(stack)


@pytest.fixture(scope="session")
def schema_dir(repo: Path) -> Path:
    """Grafana's schemas from the foundation SDK, beside the clone (never copied into it)."""
    path = repo.parent / "shared" / "grafana-schema"
    assert (path / "dashboard.jsonschema.json").is_file(), f"Grafana schemas missing at {path}"
    return path


@pytest.fixture(scope="session")
def schemas(schema_dir: Path) -> dict[str, dict[str, Any]]:
    """Every schema by file stem: "dashboard", "timeseries", "statetimeline", ..."""
    return {
        p.name.removesuffix(".jsonschema.json"): json.loads(p.read_text()) for p in schema_dir.glob("*.jsonschema.json")
    }


@pytest.fixture(scope="session")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusServer]:
    """A real Prometheus (Debian's) on loopback that parses and evaluates our queries."""
    server = PrometheusServer(tmp_path_factory.mktemp("prometheus"))
    with server:
        yield server
