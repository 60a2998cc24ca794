"""SLO specs from the stack config and OpenSLO v1; bad specs name the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from jivsmon.config_model import StackConfig
from jivsmon.errors import ConfigError
from slo.spec import from_config, from_openslo, load_file

OPENSLO: dict[str, Any] = {
    "apiVersion": "openslo/v1",
    "kind": "SLO",
    "metadata": {"name": "web-availability"},
    "spec": {
        "budgetingMethod": "Occurrences",
        "timeWindow": [{"duration": "28d", "isRolling": True}],
        "objectives": [{"target": 0.995}],
        "indicator": {
            "spec": {
                "ratioMetric": {
                    "counter": True,
                    "good": {"metricSource": {"type": "Prometheus", "spec": {"query": 'req_total{code!~"5.."}'}}},
                    "total": {"metricSource": {"type": "Prometheus", "spec": {"query": "req_total"}}},
                }
            }
        },
    },
}


def test_default_stack_specs(stack: StackConfig) -> None:
    avail, latency = from_config(stack)
    assert (avail.name, avail.objective, avail.sli.kind) == ("backend-availability", 0.997, "request")
    assert avail.budget == pytest.approx(0.003)
    assert latency.sli.good == 'http_request_duration_seconds_bucket{job="jivs-backend",le="0.5"}'
    assert latency.sli.total == 'http_request_duration_seconds_bucket{job="jivs-backend",le="+Inf"}'
    assert latency.title == "BackendLatency"


def test_openslo_document() -> None:
    spec = from_openslo(OPENSLO, "web.yaml")
    assert (spec.name, spec.objective, str(spec.window)) == ("web-availability", 0.995, "28d")
    assert spec.sli.good == 'req_total{code!~"5.."}' and spec.sli.errors == ""


def _broken(path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(OPENSLO)
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        pytest.param("spec.budgetingMethod", "Timeslices", "spec.budgetingMethod", id="timeslices"),
        pytest.param("spec.objectives", [{"target": 1.5}], "spec.objectives[0].target", id="target-over-1"),
        pytest.param(
            "spec.timeWindow",
            [{"duration": "4 weeks", "isRolling": True}],
            "spec.timeWindow[0].duration",
            id="bad-duration",
        ),
        pytest.param(
            "spec.timeWindow", [{"duration": "1M", "isRolling": False}], "spec.timeWindow", id="calendar-window"
        ),
        pytest.param("metadata.name", None, "metadata.name", id="no-name"),
        pytest.param(
            "spec.indicator.spec.ratioMetric.total.metricSource.spec.query",
            "sum(rate(x[5m]))",
            "spec.indicator.spec.ratioMetric.total.metricSource.spec.query",
            id="not-a-selector",
        ),
        pytest.param(
            "spec.indicator.spec.ratioMetric.total.metricSource.type",
            "Datadog",
            "spec.indicator.spec.ratioMetric.total.metricSource.type",
            id="not-prometheus",
        ),
    ],
)
def test_bad_openslo_names_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(ConfigError) as err:
        from_openslo(_broken(path, value), "web.yaml")
    assert err.value.problems[0].path == f"web.yaml: {field}"


def test_native_file_is_validated_by_the_stack_schema(stack: StackConfig, tmp_path: Path) -> None:
    good = tmp_path / "extra.yaml"
    good.write_text(
        yaml.safe_dump(
            {
                "slos": [
                    {
                        "name": "probe",
                        "description": "probe up",
                        "objective": 99.5,
                        "window": "7d",
                        "sli": {"type": "time", "up": 'probe_success{job="b"}'},
                    }
                ]
            }
        )
        + "---\n"
        + yaml.safe_dump(OPENSLO)
    )
    assert [s.name for s in load_file(good, stack)] == ["probe", "web-availability"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "slos": [
                    {
                        "name": "x",
                        "description": "d",
                        "objective": 101,
                        "window": "7d",
                        "sli": {"type": "time", "up": "up"},
                    }
                ]
            }
        )
    )
    with pytest.raises(ConfigError) as err:
        load_file(bad, stack)
    assert err.value.problems[0].path == "slos[0].objective"
