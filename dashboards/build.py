"""Renders the 15 dashboards to normalised Grafana JSON models, and build/dashboards/<slug>.json.

``dashboard_models`` is what publishing (dashboards.publish) and provisioning
read; ``artifacts`` is the generator `make build` runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

from dashboards import DASHBOARDS
from dashboards.normalize import normalize
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, json_text


def render(module: ModuleType, config: StackConfig) -> dict[str, Any]:
    """One dashboard module's normalised JSON model."""
    return normalize(module.dashboard(config).to_json_data())


def dashboard_models(config: StackConfig) -> list[dict[str, Any]]:
    """All 15 models in the fixed order, each with uid, title, managed tag and version, no id."""
    return [render(module, config) for module in DASHBOARDS]


def artifacts(config: StackConfig) -> Iterator[Artifact]:
    """build/dashboards/<slug>.json for every dashboard."""
    for module in DASHBOARDS:
        yield Artifact.text(f"dashboards/{module.SLUG}.json", json_text(render(module, config)))
