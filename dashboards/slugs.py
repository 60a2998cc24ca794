"""The 15 dashboards: slug -> title, in the fixed order they are built and listed.

The slug is permanent (it makes the UID, jivs-<slug>, that alerts link to); a
title may change freely.
"""

from __future__ import annotations

TITLES: dict[str, str] = {
    "platform-overview": "Platform overview",
    "slo-error-budgets": "SLOs and error budgets",
    "load-balancer": "Load balancer (ALB)",
    "backend-service": "Backend service",
    "kubernetes-workloads": "Kubernetes workloads",
    "nodes-zones": "Nodes and zones",
    "postgres-overview": "PostgreSQL overview",
    "postgres-replication": "PostgreSQL replication",
    "pgbouncer": "PgBouncer",
    "redis-cache": "Redis cache",
    "redis-sentinel": "Redis Sentinel",
    "backups-dr": "Backups and DR",
    "prometheus-alerting": "Prometheus and alerting",
    "logging-pipeline": "Logging pipeline (Elasticsearch)",
    "alerts-oncall": "Alerts and on-call",
}
