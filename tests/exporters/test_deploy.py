"""The sidecar manifests validate offline against Kubernetes' schemas and keep their security promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]  # ships no type hints
import pytest
import yaml

from exporters.cli import plugin
from exporters.deploy import manifests
from exporters.runtime.cli import parser
from jivsmon.config_model import StackConfig

REPO = Path(__file__).resolve().parents[2]


def rendered(stack: StackConfig) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for artifact in manifests.artifacts(stack):
        text = artifact.content.decode()
        out[artifact.path.name] = yaml.safe_load(text) if artifact.path.suffix == ".yaml" else text
    return out


def test_statefulset_validates_offline_in_strict_mode(stack: StackConfig) -> None:
    sts = rendered(stack)["statefulset.yaml"]
    kubernetes_validate.validate(sts, kubernetes_validate.latest_version(), strict=True)


def test_invalid_manifest_is_caught(stack: StackConfig) -> None:
    sts = rendered(stack)["statefulset.yaml"]
    sts["spec"]["template"]["spec"]["containers"][1]["securityContext"]["runAsNonRoot"] = "yes"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(sts, kubernetes_validate.latest_version(), strict=True)


def test_sidecar_is_unprivileged_with_probes_and_limits(stack: StackConfig) -> None:
    container = rendered(stack)["statefulset.yaml"]["spec"]["template"]["spec"]["containers"][1]
    sc = container["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert set(container["resources"]) == {"requests", "limits"}


def test_sidecar_args_are_accepted_by_the_exporter(stack: StackConfig) -> None:
    container = rendered(stack)["statefulset.yaml"]["spec"]["template"]["spec"]["containers"][1]
    name, *flags = container["args"]
    args = parser(plugin(name), {}).parse_args(flags)
    assert getattr(args, "replicas.expected") == ",".join(r.name for r in stack.postgres.replicas)


def test_podmonitor_selects_the_pod_and_sets_the_job(stack: StackConfig) -> None:
    out = rendered(stack)
    pm, sts = out["podmonitor.yaml"], out["statefulset.yaml"]
    assert pm["apiVersion"] == "monitoring.coreos.com/v1" and pm["kind"] == "PodMonitor"
    assert pm["spec"]["selector"]["matchLabels"] == sts["spec"]["template"]["metadata"]["labels"]
    endpoint = pm["spec"]["podMetricsEndpoints"][0]
    assert endpoint["port"] == "metrics"
    assert endpoint["relabelings"] == [{"targetLabel": "job", "replacement": stack.postgres.replication_job}]


def test_role_grants_pg_monitor_and_nothing_else(stack: StackConfig) -> None:
    statements = [line for line in rendered(stack)["role.sql"].splitlines() if line and not line.startswith("--")]
    assert statements == [f"CREATE ROLE {manifests.ROLE} LOGIN;", f"GRANT pg_monitor TO {manifests.ROLE};"]


def test_dockerfile_runs_as_non_root() -> None:
    lines = (REPO / "exporters/deploy/Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and not users[-1].startswith(("0", "root"))
    assert any("PYTHONDONTWRITEBYTECODE=1" in line for line in lines)
