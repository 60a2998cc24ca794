"""The sidecar manifests validate offline against Kubernetes' schemas and keep their security promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]  # ships no type hints
import pytest
import yaml

from exporters.cli import plugin
from exporters.deploy import manifests
from exporters.deploy.manifests import SIDECARS, Sidecar
from exporters.runtime.cli import parser
from jivsmon.config_model import StackConfig

REPO = Path(__file__).resolve().parents[2]
BY_NAME = {s.exporter: s for s in SIDECARS}
NAMES = sorted(BY_NAME)


def rendered(stack: StackConfig, exporter: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for artifact in manifests.artifacts(stack):
        if artifact.path.parent.name == exporter:
            text = artifact.content.decode()
            out[artifact.path.name] = yaml.safe_load(text) if artifact.path.suffix == ".yaml" else text
    return out


def _container(stack: StackConfig, exporter: str) -> dict[str, Any]:
    containers: list[dict[str, Any]] = rendered(stack, exporter)["statefulset.yaml"]["spec"]["template"]["spec"][
        "containers"
    ]
    return next(c for c in containers if c["name"] == f"{exporter}-exporter")


def test_every_exporter_has_a_sidecar() -> None:
    assert NAMES == ["backup", "replication", "sentinel"]


@pytest.mark.parametrize("exporter", NAMES)
def test_statefulset_validates_offline_in_strict_mode(stack: StackConfig, exporter: str) -> None:
    sts = rendered(stack, exporter)["statefulset.yaml"]
    kubernetes_validate.validate(sts, kubernetes_validate.latest_version(), strict=True)


def test_invalid_manifest_is_caught(stack: StackConfig) -> None:
    sts = rendered(stack, "replication")["statefulset.yaml"]
    sts["spec"]["template"]["spec"]["containers"][1]["securityContext"]["runAsNonRoot"] = "yes"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(sts, kubernetes_validate.latest_version(), strict=True)


@pytest.mark.parametrize("exporter", NAMES)
def test_sidecar_is_unprivileged_with_probes_and_limits(stack: StackConfig, exporter: str) -> None:
    container = _container(stack, exporter)
    sc = container["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert set(container["resources"]) == {"requests", "limits"}


@pytest.mark.parametrize("exporter", NAMES)
def test_sidecar_args_are_accepted_by_the_exporter(stack: StackConfig, exporter: str) -> None:
    name, *flags = _container(stack, exporter)["args"]
    assert name == exporter
    parser(plugin(name), {}).parse_args(flags)


def test_replication_sidecar_expects_the_configured_replicas(stack: StackConfig) -> None:
    _, *flags = _container(stack, "replication")["args"]
    args = parser(plugin("replication"), {}).parse_args(flags)
    assert getattr(args, "replicas.expected") == ",".join(r.name for r in stack.postgres.replicas)


@pytest.mark.parametrize("exporter", NAMES)
def test_secrets_come_from_files_in_a_mounted_secret(stack: StackConfig, exporter: str) -> None:
    spec: Sidecar = BY_NAME[exporter]
    container = _container(stack, exporter)
    file_vars = [e for e in container["env"] if e["name"].endswith("_FILE")]
    assert file_vars and all(e["value"].startswith(manifests.SECRET_DIR) for e in file_vars)
    volumes = rendered(stack, exporter)["statefulset.yaml"]["spec"]["template"]["spec"]["volumes"]
    assert volumes == [{"name": "exporter-secret", "secret": {"secretName": spec.secret, "defaultMode": 0o440}}]


@pytest.mark.parametrize(
    ("exporter", "job"),
    [("replication", "jivs-pg-replication"), ("backup", "jivs-backup"), ("sentinel", "jivs-redis-sentinel")],
)
def test_podmonitor_selects_the_pod_and_sets_the_job(stack: StackConfig, exporter: str, job: str) -> None:
    out = rendered(stack, exporter)
    pm, sts = out["podmonitor.yaml"], out["statefulset.yaml"]
    assert pm["apiVersion"] == "monitoring.coreos.com/v1" and pm["kind"] == "PodMonitor"
    assert pm["spec"]["selector"]["matchLabels"] == sts["spec"]["template"]["metadata"]["labels"]
    endpoint = pm["spec"]["podMetricsEndpoints"][0]
    assert endpoint["port"] == "metrics"
    assert endpoint["relabelings"] == [{"targetLabel": "job", "replacement": job}]


@pytest.mark.parametrize(("exporter", "role"), [("replication", manifests.ROLE), ("backup", "jivs_backup_exporter")])
def test_role_grants_pg_monitor_and_nothing_else(stack: StackConfig, exporter: str, role: str) -> None:
    sql = rendered(stack, exporter)["role.sql"]
    statements = [line for line in sql.splitlines() if line and not line.startswith("--")]
    assert statements == [f"CREATE ROLE {role} LOGIN;", f"GRANT pg_monitor TO {role};"]


def test_sentinel_acl_is_the_minimal_one(stack: StackConfig) -> None:
    acl = rendered(stack, "sentinel")["acl.txt"]
    assert acl.startswith("user jivs-exporter on ") and "-@all" in acl and "+sentinel|ckquorum" in acl


def test_dockerfile_runs_as_non_root() -> None:
    lines = (REPO / "exporters/deploy/Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and not users[-1].startswith(("0", "root"))
    assert any("PYTHONDONTWRITEBYTECODE=1" in line for line in lines)
