"""dashboards.normalize: grafanalib's legacy output becomes what Grafana's schema accepts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grafanalib.core as G
import jsonschema
import pytest

from dashboards.normalize import normalize, to_plain

LEGACY_KEYS = ("rows", "hideControls", "__inputs", "style", "sharedCrosshair", "gnetId", "id")


def _plain_grafanalib_dashboard() -> G.Dashboard:
    """What a grafanalib user writes without our house style: three panels, one variable."""
    target = G.Target(expr="up", refId="A")
    return G.Dashboard(
        title="plain",
        uid="plain-grafanalib",
        templating=G.Templating(
            list=[G.Template(name="instance", query="label_values(up, instance)", dataSource="Prometheus")]
        ),
        panels=[
            G.TimeSeries(title="ts", dataSource="Prometheus", targets=[target], gridPos=G.GridPos(h=8, w=8, x=0, y=0)),
            G.GaugePanel(
                title="gauge", dataSource="Prometheus", targets=[target], gridPos=G.GridPos(h=8, w=8, x=8, y=0)
            ),
            G.BarGauge(title="bars", dataSource="Prometheus", targets=[target], gridPos=G.GridPos(h=8, w=8, x=16, y=0)),
        ],
    ).auto_panel_ids()


def _nulls(value: Any, path: str = "") -> Iterator[str]:
    if value is None:
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _nulls(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _nulls(v, f"{path}[{i}]")


def test_raw_grafanalib_output_is_rejected_and_normalised_output_accepted(schemas: dict[str, Any]) -> None:
    validator = jsonschema.Draft7Validator(schemas["dashboard"])
    raw = to_plain(_plain_grafanalib_dashboard().to_json_data())
    assert len(list(validator.iter_errors(raw))) > 5
    assert list(validator.iter_errors(normalize(raw))) == []


def test_legacy_keys_dropped() -> None:
    raw = to_plain(_plain_grafanalib_dashboard().to_json_data())
    assert all(k in raw for k in LEGACY_KEYS)
    out = normalize(raw)
    assert [k for k in LEGACY_KEYS if k in out] == []


def test_no_nulls_but_the_base_threshold_step() -> None:
    out = normalize(_plain_grafanalib_dashboard().to_json_data())
    nulls = [p for p in _nulls(out) if not p.endswith(".steps[0].value")]
    assert nulls == []


def test_datasources_become_references() -> None:
    out = normalize(_plain_grafanalib_dashboard().to_json_data())
    ref = {"type": "prometheus", "uid": "Prometheus"}
    assert out["templating"]["list"][0]["datasource"] == ref
    assert all(p["datasource"] == ref and p["targets"][0]["datasource"] == ref for p in out["panels"])


@pytest.mark.parametrize("kind", ["gauge", "bargauge"])
def test_legacy_gauge_options_moved(kind: str) -> None:
    out = normalize(_plain_grafanalib_dashboard().to_json_data())
    panel = next(p for p in out["panels"] if p["type"] == kind)
    assert panel["options"]["reduceOptions"]["calcs"] == ["mean"]
    assert "fieldOptions" not in panel["options"]
    assert not {"calcs", "values", "limit", "override", "title"} & set(panel["fieldConfig"]["defaults"])


def test_idempotent(models: list[dict[str, Any]]) -> None:
    assert [normalize(m) for m in models] == models


def test_schema_version_and_required_keys() -> None:
    out = normalize(_plain_grafanalib_dashboard().to_json_data())
    assert isinstance(out["schemaVersion"], int)
    assert {"templating", "annotations"} <= set(out)
