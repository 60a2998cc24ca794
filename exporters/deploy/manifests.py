"""Kubernetes manifests for the replication exporter as a sidecar of each PostgreSQL pod, rendered into build/.

build/exporters/replication/ gets: a StatefulSet showing the sidecar next to
the database container (copy the container into your own StatefulSet), a
PodMonitor, and role.sql with the least-privilege role (pg_monitor, nothing
else). Each sidecar scrapes only its own pod's server over localhost; the
target name is the pod name, so name the stack.yaml servers like the pods.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exporters.replication.plugin import SPEC
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, yaml_text

IMAGE = "ghcr.io/jivs/jivs-monitoring-exporters:0.1.0"
ROLE = "jivs_replication_exporter"
OUT = "exporters/replication"
LABELS = {"app.kubernetes.io/name": "postgres", "app.kubernetes.io/part-of": "jivs"}


def role_sql() -> str:
    """The exporter's database role: login plus pg_monitor; the password is set out of band."""
    return (
        f"-- Least privilege for the replication exporter: pg_monitor and nothing else.\n"
        f"CREATE ROLE {ROLE} LOGIN;\n"
        f"GRANT pg_monitor TO {ROLE};\n"
        f"-- Set the password out of band (never in this file), e.g. in psql: \\password {ROLE}\n"
        f"-- Heartbeat mode only (--heartbeat.table): the one table it may write.\n"
        f"-- CREATE TABLE jivs_heartbeat (id int PRIMARY KEY, ts timestamptz NOT NULL);\n"
        f"-- GRANT SELECT, INSERT, UPDATE ON jivs_heartbeat TO {ROLE};\n"
    )


def sidecar(config: StackConfig) -> dict[str, Any]:
    """The exporter container: probes, resources, no privileges, read-only root."""
    port = SPEC.default_port
    expected = ",".join(r.name for r in config.postgres.replicas)
    probe = {"httpGet": {"path": "/healthz", "port": "metrics"}, "periodSeconds": 10, "timeoutSeconds": 2}
    return {
        "name": "replication-exporter",
        "image": IMAGE,
        "args": [
            "replication",
            f"--web.listen-address=0.0.0.0:{port}",
            "--target=$(POD_NAME)",
            f"--replicas.expected={expected}",
            "--scrape.timeout=4s",
            "--log.format=json",
        ],
        "env": [
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "JIVS_REPLICATION_DSN_FILE", "value": "/etc/jivs-exporter/dsn"},
        ],
        "ports": [{"name": "metrics", "containerPort": port, "protocol": "TCP"}],
        "livenessProbe": {**probe, "failureThreshold": 3},
        "readinessProbe": {**probe, "failureThreshold": 1},
        "resources": {"requests": {"cpu": "10m", "memory": "48Mi"}, "limits": {"memory": "96Mi"}},
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 65532,
            "runAsGroup": 65532,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumeMounts": [{"name": "exporter-dsn", "mountPath": "/etc/jivs-exporter", "readOnly": True}],
    }


def statefulset(config: StackConfig) -> dict[str, Any]:
    """The database pod with the exporter beside it (the postgres container is a placeholder)."""
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "postgres", "namespace": config.backend.namespace, "labels": LABELS},
        "spec": {
            "serviceName": "postgres",
            "replicas": 1 + len(config.postgres.replicas),
            "selector": {"matchLabels": LABELS},
            "template": {
                "metadata": {"labels": LABELS},
                "spec": {
                    "containers": [
                        {
                            "name": "postgres",
                            "image": "postgres:15",
                            "ports": [{"name": "postgres", "containerPort": 5432}],
                        },
                        sidecar(config),
                    ],
                    "volumes": [
                        {
                            "name": "exporter-dsn",
                            "secret": {"secretName": "jivs-replication-exporter-dsn", "defaultMode": 0o440},
                        }
                    ],
                },
            },
        },
    }


def podmonitor(config: StackConfig) -> dict[str, Any]:
    """Prometheus Operator PodMonitor; the job label matches postgres.replication_job."""
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PodMonitor",
        "metadata": {"name": "jivs-replication-exporter", "namespace": config.backend.namespace},
        "spec": {
            "jobLabel": "app.kubernetes.io/name",
            "selector": {"matchLabels": LABELS},
            "podMetricsEndpoints": [
                {
                    "port": "metrics",
                    "path": "/metrics",
                    "interval": "30s",
                    "scrapeTimeout": "5s",
                    "relabelings": [{"targetLabel": "job", "replacement": config.postgres.replication_job}],
                }
            ],
        },
    }


def artifacts(config: StackConfig) -> Iterable[Artifact]:
    """The files under build/exporters/replication/."""
    yield Artifact.text(f"{OUT}/statefulset.yaml", yaml_text(statefulset(config)))
    yield Artifact.text(f"{OUT}/podmonitor.yaml", yaml_text(podmonitor(config)))
    yield Artifact.text(f"{OUT}/role.sql", role_sql())
