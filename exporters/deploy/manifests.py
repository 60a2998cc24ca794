"""Kubernetes manifests for our three exporters as sidecars, rendered into build/exporters/<name>/.

Each exporter joins the pod of what it watches: the replication and backup
exporters the PostgreSQL pods, the Sentinel exporter the Sentinel pods. Per
exporter: a StatefulSet showing the sidecar beside the main container (copy
the container into your own StatefulSet), a PodMonitor setting the job that
stack.yaml names, and the least privilege it needs (role.sql with pg_monitor
only, or the Sentinel ACL). Secrets (DSNs, passwords) come from a mounted
Secret as ``*_FILE`` variables, never from these files. The sidecar containers
are identical in their security: non-root, read-only root, no capabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from exporters.backup.plugin import SPEC as BACKUP
from exporters.replication.plugin import SPEC as REPLICATION
from exporters.sentinel.exporter import SPEC as SENTINEL
from exporters.sentinel.reference import MINIMAL_ACL
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, yaml_text

IMAGE = "ghcr.io/jivs/jivs-monitoring-exporters:0.1.0"
ROLE = "jivs_replication_exporter"
PG_LABELS = {"app.kubernetes.io/name": "postgres", "app.kubernetes.io/part-of": "jivs"}
SENTINEL_LABELS = {"app.kubernetes.io/name": "redis-sentinel", "app.kubernetes.io/part-of": "jivs"}
SECRET_DIR = "/etc/jivs-exporter"


@dataclass(frozen=True)
class Sidecar:
    """How one exporter is deployed: the pod it joins, its flags, its secret files and its job."""

    exporter: str
    port: int
    workload: str
    labels: Mapping[str, str]
    main: Mapping[str, Any]
    args: Callable[[StackConfig], list[str]]
    secret_env: Mapping[str, str]  # env variable -> file name in the mounted Secret
    job: Callable[[StackConfig], str]
    replicas: Callable[[StackConfig], int]
    extra_files: Callable[[StackConfig], dict[str, str]]

    @property
    def secret(self) -> str:
        """Name of the Kubernetes Secret holding its DSN or password."""
        return f"jivs-{self.exporter}-exporter"


def role_sql(role: str = ROLE) -> str:
    """A database role for an exporter: login plus pg_monitor; the password is set out of band."""
    return (
        f"-- Least privilege for the exporter: pg_monitor and nothing else.\n"
        f"CREATE ROLE {role} LOGIN;\n"
        f"GRANT pg_monitor TO {role};\n"
        f"-- Set the password out of band (never in this file), e.g. in psql: \\password {role}\n"
        f"-- Heartbeat mode only (--heartbeat.table): the one table it may write.\n"
        f"-- CREATE TABLE jivs_heartbeat (id int PRIMARY KEY, ts timestamptz NOT NULL);\n"
        f"-- GRANT SELECT, INSERT, UPDATE ON jivs_heartbeat TO {role};\n"
    )


def _postgres_main() -> dict[str, Any]:
    return {"name": "postgres", "image": "postgres:15", "ports": [{"name": "postgres", "containerPort": 5432}]}


def _sentinel_main() -> dict[str, Any]:
    return {
        "name": "sentinel",
        "image": "redis:7.0",
        "args": ["--sentinel"],
        "ports": [{"name": "sentinel", "containerPort": 26379}],
    }


SIDECARS = (
    Sidecar(
        "replication",
        REPLICATION.default_port,
        "postgres",
        PG_LABELS,
        _postgres_main(),
        lambda c: ["--target=$(POD_NAME)", f"--replicas.expected={','.join(r.name for r in c.postgres.replicas)}"],
        {"JIVS_REPLICATION_DSN_FILE": "dsn"},
        lambda c: c.postgres.replication_job,
        lambda c: 1 + len(c.postgres.replicas),
        lambda c: {"role.sql": role_sql()},
    ),
    Sidecar(
        "backup",
        BACKUP.default_port,
        "postgres",
        PG_LABELS,
        _postgres_main(),
        # WAL archiving needs only the DSN. Listing pgBackRest or WAL-G backups needs their binary
        # and repository config in the image: add --pgbackrest.stanza / --walg.json-command there.
        lambda c: ["--cache.max-age=2m"],
        {"JIVS_BACKUP_ARCHIVER_DSN_FILE": "dsn"},
        lambda c: c.backups.job,
        lambda c: 1 + len(c.postgres.replicas),
        lambda c: {"role.sql": role_sql("jivs_backup_exporter")},
    ),
    Sidecar(
        "sentinel",
        SENTINEL.default_port,
        "redis-sentinel",
        SENTINEL_LABELS,
        _sentinel_main(),
        lambda c: ["--sentinel.addresses=127.0.0.1:26379", "--sentinel.user=jivs-exporter"],
        {"JIVS_SENTINEL_PASSWORD_FILE": "password"},
        lambda c: c.redis.sentinel_job,
        lambda c: c.redis.sentinels,
        lambda c: {"acl.txt": MINIMAL_ACL + " >CHANGE-ME\n"},
    ),
)


def sidecar(spec: Sidecar, config: StackConfig) -> dict[str, Any]:
    """The exporter container: probes, resources, no privileges, read-only root."""
    probe = {"httpGet": {"path": "/healthz", "port": "metrics"}, "periodSeconds": 10, "timeoutSeconds": 2}
    return {
        "name": f"{spec.exporter}-exporter",
        "image": IMAGE,
        "args": [
            spec.exporter,
            f"--web.listen-address=0.0.0.0:{spec.port}",
            *spec.args(config),
            "--scrape.timeout=4s",
            "--log.format=json",
        ],
        "env": [
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            *({"name": env, "value": f"{SECRET_DIR}/{file}"} for env, file in spec.secret_env.items()),
        ],
        "ports": [{"name": "metrics", "containerPort": spec.port, "protocol": "TCP"}],
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
        "volumeMounts": [{"name": "exporter-secret", "mountPath": SECRET_DIR, "readOnly": True}],
    }


def statefulset(spec: Sidecar, config: StackConfig) -> dict[str, Any]:
    """The watched pod with the exporter beside it (the main container is a placeholder)."""
    labels = dict(spec.labels)
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": spec.workload, "namespace": config.backend.namespace, "labels": labels},
        "spec": {
            "serviceName": spec.workload,
            "replicas": spec.replicas(config),
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "containers": [dict(spec.main), sidecar(spec, config)],
                    "volumes": [
                        {"name": "exporter-secret", "secret": {"secretName": spec.secret, "defaultMode": 0o440}}
                    ],
                },
            },
        },
    }


def podmonitor(spec: Sidecar, config: StackConfig) -> dict[str, Any]:
    """Prometheus Operator PodMonitor; the job label is the one stack.yaml gives the exporter."""
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PodMonitor",
        "metadata": {"name": f"jivs-{spec.exporter}-exporter", "namespace": config.backend.namespace},
        "spec": {
            "jobLabel": "app.kubernetes.io/name",
            "selector": {"matchLabels": dict(spec.labels)},
            "podMetricsEndpoints": [
                {
                    "port": "metrics",
                    "path": "/metrics",
                    "interval": "30s",
                    "scrapeTimeout": "5s",
                    "relabelings": [{"targetLabel": "job", "replacement": spec.job(config)}],
                }
            ],
        },
    }


def artifacts(config: StackConfig) -> Iterable[Artifact]:
    """The files under build/exporters/<name>/ for each exporter."""
    for spec in SIDECARS:
        out = f"exporters/{spec.exporter}"
        yield Artifact.text(f"{out}/statefulset.yaml", yaml_text(statefulset(spec, config)))
        yield Artifact.text(f"{out}/podmonitor.yaml", yaml_text(podmonitor(spec, config)))
        for name, text in spec.extra_files(config).items():
            yield Artifact.text(f"{out}/{name}", text)
