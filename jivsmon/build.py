"""What `make build` renders: the list of generators, each turning the config into artifacts.

A capability joins the build by adding its ``artifacts(config)`` function to
GENERATORS. Rendering happens fully in memory before anything is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from alerts.check import check as alerts_check
from alerts.render import artifacts as alerts_artifacts
from dashboards.build import artifacts as dashboard_artifacts
from dashboards.provisioning import artifacts as grafana_provisioning
from exporters.deploy.manifests import artifacts as exporter_manifests
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.writer import Artifact, json_text, write_tree
from slo.generate import artifacts as slo_artifacts

Generator = Callable[[StackConfig], Iterable[Artifact]]
# A check reads the rendered artifacts (e.g. runs promtool on rule files) and
# returns one message per problem; `jivsmon check` runs them all.
Check = Callable[[StackConfig, list[Artifact]], list[str]]


def config_data(config: StackConfig) -> dict[str, Any]:
    """The config as plain data, durations in Prometheus notation (for JSON and reports)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Duration):
            return str(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if (
            isinstance(value, tuple)
            and value
            and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value)
        ):
            return {k: plain(v) for k, v in value}
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    data: dict[str, Any] = plain(config)
    return data


def resolved_config(config: StackConfig) -> Iterable[Artifact]:
    """build/stack.resolved.json: the config every generator saw, defaults filled in."""
    yield Artifact.text("stack.resolved.json", json_text(config_data(config)))


GENERATORS: tuple[tuple[str, Generator], ...] = (
    ("config", resolved_config),
    ("slo-rules", slo_artifacts),
    ("alerts", alerts_artifacts),
    ("exporter-manifests", exporter_manifests),
    ("dashboards", dashboard_artifacts),
    ("grafana-provisioning", grafana_provisioning),
)

CHECKS: tuple[tuple[str, Check], ...] = (("alerts", alerts_check),)


def render(config: StackConfig) -> list[Artifact]:
    """Run every generator; sorted by path so the write order never varies."""
    artifacts = [a for _, generate in GENERATORS for a in generate(config)]
    return sorted(artifacts, key=lambda a: a.path)


def build(config: StackConfig, out_dir: Path) -> int:
    """Render everything, then swap it into out_dir; return the number of files."""
    return write_tree(render(config), out_dir)
