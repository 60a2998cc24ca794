"""The catalogue's record type and the list of metric sources."""

from __future__ import annotations

from dataclasses import dataclass

# Source key -> what provides it. Our exporters first, then third parties.
SOURCES = {
    "jivs_replication": "jivs-monitoring exporters/replication (PostgreSQL streaming replication)",
    "jivs_backup": "jivs-monitoring exporters/backup (backup and WAL archive freshness)",
    "jivs_sentinel": "jivs-monitoring exporters/sentinel (Redis Sentinel state)",
    "postgres_exporter": "prometheus-community postgres_exporter (Debian prometheus-postgres-exporter)",
    "pgbouncer_exporter": "spreaker pgbouncer-exporter 2.1.2 from PyPI (Debian's 1.7 cannot read PgBouncer 1.18)",
    "redis_exporter": "oliver006 redis_exporter (Debian prometheus-redis-exporter)",
    "node_exporter": "node_exporter (Debian prometheus-node-exporter)",
    "kube_state_metrics": "kube-state-metrics",
    "cadvisor": "cAdvisor via the kubelet",
    "cloudwatch_alb": "prometheus cloudwatch_exporter, AWS/ApplicationELB namespace",
    "elasticsearch_exporter": "prometheus-community elasticsearch_exporter",
    "prometheus": "Prometheus itself (self-scrape, and series it synthesises: up, ALERTS)",
    "alertmanager": "Alertmanager",
    "backend": "the JIVS backend's prometheus-client instrumentation",
    "recording_rules": "jivs-monitoring recording rules (build/rules/*.yaml)",
}

TYPES = ("counter", "gauge", "histogram", "summary", "info", "stateset", "untyped")


@dataclass(frozen=True)
class Metric:
    """One metric family: its name, the source key that exports it, its type and meaning."""

    name: str
    source: str
    type: str
    help: str
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"{self.name}: unknown source {self.source!r}")
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type!r}")
