"""The typed, frozen stack config: one dataclass per section of stack.yaml.

Field names mirror jivsmon/stack.schema.json one to one; jivsmon.config builds
these from validated YAML, so consumers never see raw dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from jivsmon.durations import Duration

TIERS = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class Links:
    """Where the generated annotations point to."""

    runbook_base_url: str


@dataclass(frozen=True)
class Prometheus:
    """The Prometheus HA set that evaluates our rules."""

    url: str
    job: str
    instances: int
    evaluation_interval: Duration


@dataclass(frozen=True)
class Receiver:
    """An Alertmanager receiver; its secret URL is read from a file at deploy time."""

    webhook_url_file: str


@dataclass(frozen=True)
class Routes:
    """Receiver name for each alert tier."""

    critical: str
    high: str
    medium: str
    low: str


@dataclass(frozen=True)
class Alertmanager:
    """The Alertmanager cluster and its receivers."""

    url: str
    job: str
    instances: int
    receivers: tuple[tuple[str, Receiver], ...]
    routes: Routes


@dataclass(frozen=True)
class Grafana:
    """The Grafana instance dashboards are published to."""

    url: str
    folder_uid: str
    folder_title: str
    datasource: str


@dataclass(frozen=True)
class ReplicaBounds:
    """The HPA's floor and ceiling."""

    min: int
    max: int


@dataclass(frozen=True)
class Backend:
    """The backend Deployment on Kubernetes."""

    job: str
    namespace: str
    deployment: str
    container: str
    hpa: str
    replicas: ReplicaBounds
    zones: tuple[str, ...]


@dataclass(frozen=True)
class Alb:
    """The AWS ALB, seen through the CloudWatch exporter."""

    job: str
    load_balancer: str
    target_group: str


@dataclass(frozen=True)
class Kubernetes:
    """Cluster-level metric sources."""

    kube_state_metrics_job: str
    cadvisor_job: str


@dataclass(frozen=True)
class Nodes:
    """node_exporter on every node."""

    job: str


@dataclass(frozen=True)
class Replica:
    """One streaming replica, by application_name."""

    name: str


@dataclass(frozen=True)
class Postgres:
    """The PostgreSQL primary and its streaming replicas."""

    job: str
    replication_job: str
    database: str
    primary: str
    replicas: tuple[Replica, ...]


@dataclass(frozen=True)
class PgBouncer:
    """The PgBouncer pooler in front of PostgreSQL."""

    job: str
    max_client_connections: int


@dataclass(frozen=True)
class Redis:
    """Redis with Sentinel."""

    job: str
    sentinel_job: str
    master_name: str
    instances: int
    sentinels: int
    quorum: int


@dataclass(frozen=True)
class Elasticsearch:
    """The logging cluster."""

    job: str
    nodes: int
    daily_ingest_bytes: int


@dataclass(frozen=True)
class Backups:
    """Backup schedules: how often each kind must complete."""

    job: str
    postgres_base_backup: Duration
    wal_archive: Duration
    redis_rdb: Duration
    restore_test: Duration
    staleness_margin: Duration


@dataclass(frozen=True)
class RequestSli:
    """Good events are total minus errors; both are counter selectors."""

    type: str
    total: str
    errors: str


@dataclass(frozen=True)
class TimeSli:
    """The fraction of time a 0/1 gauge is 1."""

    type: str
    up: str


@dataclass(frozen=True)
class LatencySli:
    """Good events are requests in the histogram bucket ``le``; all events are the ``+Inf`` bucket."""

    type: str
    histogram: str
    le: str


@dataclass(frozen=True)
class Slo:
    """One service level objective."""

    name: str
    description: str
    objective: float
    window: Duration
    sli: RequestSli | TimeSli | LatencySli


@dataclass(frozen=True)
class Thresholds:
    """Alert thresholds; the YAML comment beside each names its alert."""

    replication_lag_seconds: float
    replication_lag_bytes: float
    replication_slot_retained_wal_bytes: float
    pgbouncer_client_connections_ratio: float
    pgbouncer_client_maxwait_seconds: float
    postgres_connections_ratio: float
    postgres_cache_hit_ratio: float
    postgres_long_transaction_seconds: float
    redis_memory_ratio: float
    redis_cache_hit_ratio: float
    backend_error_ratio: float
    backend_latency_p99_seconds: float
    alb_target_response_seconds: float
    node_cpu_ratio: float
    node_memory_ratio: float
    node_disk_free_ratio: float
    pod_restarts_per_hour: float
    elasticsearch_heap_ratio: float
    elasticsearch_disk_free_ratio: float


@dataclass(frozen=True)
class StackConfig:
    """The whole stack description; the one object every generator receives."""

    environment: str
    links: Links
    prometheus: Prometheus
    alertmanager: Alertmanager
    grafana: Grafana
    backend: Backend
    alb: Alb
    kubernetes: Kubernetes
    nodes: Nodes
    postgres: Postgres
    pgbouncer: PgBouncer
    redis: Redis
    elasticsearch: Elasticsearch
    backups: Backups
    slos: tuple[Slo, ...]
    thresholds: Thresholds
