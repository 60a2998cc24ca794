"""The 15 Grafana dashboards, one module each, in their fixed order.

Each module exposes ``SLUG`` and a pure ``dashboard(config)``; dashboards.build
renders and normalises them. To add one: add its slug and title to
dashboards.slugs.TITLES, write the module, list it here.
"""

from __future__ import annotations

from types import ModuleType

from dashboards import (
    alerts_oncall,
    backend_service,
    backups_dr,
    kubernetes_workloads,
    load_balancer,
    logging_pipeline,
    nodes_zones,
    pgbouncer,
    platform_overview,
    postgres_overview,
    postgres_replication,
    prometheus_alerting,
    redis_cache,
    redis_sentinel,
    slo_error_budgets,
)

DASHBOARDS: tuple[ModuleType, ...] = (
    platform_overview,
    slo_error_budgets,
    load_balancer,
    backend_service,
    kubernetes_workloads,
    nodes_zones,
    postgres_overview,
    postgres_replication,
    pgbouncer,
    redis_cache,
    redis_sentinel,
    backups_dr,
    prometheus_alerting,
    logging_pipeline,
    alerts_oncall,
)
