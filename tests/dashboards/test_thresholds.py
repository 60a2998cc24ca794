"""Thresholds and limits on panels follow the stack config, not constants in the dashboards."""

from __future__ import annotations

from typing import Any

import pytest

from dashboards.build import dashboard_models
from jivsmon.config import config_from_data
from tests.dashboards.dashboard_support import panel

# (config path, new value, dashboard slug, panel title, value expected among the threshold steps)
CASES = [
    (("thresholds", "replication_lag_seconds"), 42, "postgres-replication", "Replay lag (time)", 42),
    (("thresholds", "replication_lag_bytes"), 1e9, "postgres-replication", "Replay lag (bytes)", 1e9),
    (("thresholds", "postgres_cache_hit_ratio"), 0.5, "postgres-overview", "Cache hit ratio", 0.5),
    (("thresholds", "redis_memory_ratio"), 0.66, "redis-cache", "Memory of maxmemory", 0.66),
    (("thresholds", "backend_latency_p99_seconds"), 2.5, "backend-service", "p99 latency", 2.5),
    (("thresholds", "node_disk_free_ratio"), 0.2, "nodes-zones", "Disk free", 0.2),
    (("thresholds", "elasticsearch_heap_ratio"), 0.7, "logging-pipeline", "JVM heap used", 0.7),
    (("thresholds", "alb_target_response_seconds"), 3, "load-balancer", "p99 now", 3),
    (("thresholds", "pod_restarts_per_hour"), 7, "kubernetes-workloads", "Restarts per hour", 7),
    (("pgbouncer", "max_client_connections"), 1000, "pgbouncer", "Client connections vs limit", 850),
    (("backend", "replicas", "min"), 4, "kubernetes-workloads", "Available", 4),
    (("backups", "redis_rdb"), "1h", "backups-dr", "RDB file age", 3600),
    (("redis", "quorum"), 1, "redis-sentinel", "Sentinels OK", 1),
]


def _steps(model: dict[str, Any], title: str) -> list[float]:
    steps = panel(model, title)["fieldConfig"]["defaults"]["thresholds"]["steps"]
    return [s["value"] for s in steps if s["value"] is not None]


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize(("path", "value", "slug", "title", "expected"), CASES, ids=[".".join(c[0]) for c in CASES])
def test_threshold_follows_config(
    stack_data: dict[str, Any], path: tuple[str, ...], value: Any, slug: str, title: str, expected: float
) -> None:
    before = {m["uid"]: m for m in dashboard_models(config_from_data(stack_data))}
    _set(stack_data, path, value)
    after = {m["uid"]: m for m in dashboard_models(config_from_data(stack_data))}
    uid = f"jivs-{slug}"
    assert expected not in _steps(before[uid], title)
    assert expected in _steps(after[uid], title)


def test_slo_objective_sets_availability_threshold(stack_data: dict[str, Any]) -> None:
    stack_data["slos"][0]["objective"] = 99.0
    models = {m["uid"]: m for m in dashboard_models(config_from_data(stack_data))}
    name = stack_data["slos"][0]["name"]
    assert 0.99 in _steps(models["jivs-platform-overview"], f"Availability: {name}")
