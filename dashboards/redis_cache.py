"""Dashboard 10, Redis cache: ops/s, hit ratio, memory, evictions, clients, replication offset."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import redis as r
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "redis-cache"


def _now_row(config: StackConfig) -> Row:
    """Instances up, hit ratio, fullest instance's memory and the roles right now."""
    t, n = config.thresholds, config.redis.instances
    return row(
        "Now",
        s.stat(
            "Instances up",
            f"Redis instances answering (expected {n}).",
            [Q(r.up(config))],
            "short",
            steps=s.below(n),
            w=6,
        ),
        s.stat(
            "Hit ratio",
            "Key lookups that found the key.",
            [Q(r.hit_ratio(config))],
            "percentunit",
            steps=s.below(t.redis_cache_hit_ratio),
            decimals=1,
            w=6,
        ),
        s.gauge(
            "Memory of maxmemory",
            "Fullest instance's memory as a share of maxmemory.",
            Q(f"max({r.memory_ratio(config)})"),
            "percentunit",
            min=0,
            max=1,
            steps=s.above(t.redis_memory_ratio),
            w=6,
            h=4,
        ),
        s.table("Roles", "Which instance is master and which are replicas.", [Q(r.role(config))], "none", w=6, h=4),
    )


def _traffic_row(config: StackConfig) -> Row:
    """Operations per second and the hit ratio over time."""
    return row(
        "Traffic",
        s.timeseries(
            "Operations per second",
            "Commands processed per instance.",
            [Q(r.ops(config), "{{instance}}")],
            "ops",
            min=0,
        ),
        s.timeseries(
            "Hit ratio over time",
            "Share of lookups that hit.",
            [Q(r.hit_ratio(config), "hit ratio")],
            "percentunit",
            steps=s.below(config.thresholds.redis_cache_hit_ratio),
            min=0,
            max=1,
        ),
    )


def _memory_row(config: StackConfig) -> Row:
    """Memory used, its share of maxmemory and evictions per instance."""
    return row(
        "Memory",
        s.timeseries("Memory used", "Memory used per instance.", [Q(r.memory(config), "{{instance}}")], "bytes", min=0),
        s.timeseries(
            "Memory of maxmemory by instance",
            "Memory used as a share of maxmemory.",
            [Q(r.memory_ratio(config), "{{instance}}")],
            "percentunit",
            steps=s.above(config.thresholds.redis_memory_ratio),
            min=0,
            max=1,
        ),
        s.timeseries(
            "Evictions per second",
            "Keys evicted to stay under maxmemory.",
            [Q(r.evictions(config), "{{instance}}")],
            "ops",
            min=0,
            w=24,
        ),
    )


def _clients_replication_row(config: StackConfig) -> Row:
    """Connected and blocked clients and each instance's replication offset."""
    return row(
        "Clients and replication",
        s.timeseries(
            "Clients",
            "Connected and blocked clients per instance.",
            [
                Q(r.clients(config), "{{instance}} connected"),
                Q(r.clients(config, "blocked_clients"), "{{instance}} blocked"),
            ],
            "short",
            min=0,
        ),
        s.timeseries(
            "Replication offset",
            "Each instance's replication offset; replicas should track the master.",
            [Q(r.repl_offset(config), "{{instance}}")],
            "bytes",
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The Redis cache dashboard, filterable by instance."""
    n = config.redis.instances
    return new_dashboard(
        config,
        SLUG,
        description=f"The {n} Redis instances of {config.redis.master_name}, through redis_exporter.",
        variables=[variable("instance", "redis_up", job=config.redis.job)],
        rows=[_now_row(config), _traffic_row(config), _memory_row(config), _clients_replication_row(config)],
        related=("redis-sentinel", "backups-dr", "backend-service"),
    )
