"""One 0/1 health expression per component, for the platform overview's health row."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards.queries import alb, logging
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


@dataclass(frozen=True)
class Component:
    """A component's health expression (1 healthy, 0 not) and the dashboard that explains it."""

    title: str
    expr: str
    slug: str


def _all_up(job: str, expected: int) -> str:
    return f"sum({sel('up', job=job)}) >= bool {expected}"


def components(config: StackConfig) -> list[Component]:
    """Every component the platform depends on, in request order (edge to storage to monitoring)."""
    healthy = alb.hosts_by_zone(config, healthy=True)
    ksm = config.kubernetes.kube_state_metrics_job
    available = sel(
        "kube_deployment_status_replicas_available",
        job=ksm,
        namespace=config.backend.namespace,
        deployment=config.backend.deployment,
    )
    rep = config.postgres.replication_job
    agree = sel("jivs_sentinel_masters_agree", job=config.redis.sentinel_job, master=config.redis.master_name)
    return [
        Component("Load balancer", f"min({healthy}) > bool 0", "load-balancer"),
        Component("Backend pods", f"sum({available}) >= bool {config.backend.replicas.min}", "kubernetes-workloads"),
        Component("Nodes", f"min({sel('up', job=config.nodes.job)})", "nodes-zones"),
        Component("PostgreSQL", f"min({sel('pg_up', job=config.postgres.job)})", "postgres-overview"),
        Component(
            "Replication",
            f"max({sel('jivs_replication_replicas_connected', job=rep)}) >= bool "
            f"max({sel('jivs_replication_replicas_expected', job=rep)})",
            "postgres-replication",
        ),
        Component("PgBouncer", f"min({sel('pgbouncer_up', job=config.pgbouncer.job)})", "pgbouncer"),
        Component(
            "Redis", f"sum({sel('redis_up', job=config.redis.job)}) >= bool {config.redis.instances}", "redis-cache"
        ),
        Component(
            "Sentinel",
            f"min({agree})",
            "redis-sentinel",
        ),
        Component("Backups", f"min({sel('jivs_backup_up', job=config.backups.job)})", "backups-dr"),
        Component("Elasticsearch", f"{logging.health(config)} < bool 2", "logging-pipeline"),
        Component("Prometheus", _all_up(config.prometheus.job, config.prometheus.instances), "prometheus-alerting"),
        Component("Alertmanager", _all_up(config.alertmanager.job, config.alertmanager.instances), "alerts-oncall"),
    ]
