"""Redis alert rules from redis_exporter: an instance down, memory near maxmemory, a broken replica link.

Which instance is master changes with every Sentinel failover, so these rules
hold for any instance; the Sentinel view (quorum, agreement) is in ``sentinel``.
"""

from __future__ import annotations

from alerts.model import COMPONENT_DOWN, AlertRule
from alerts.rules.units import num
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

COMPONENT = "redis"
DASHBOARD = "redis-cache"


def redis_up(config: StackConfig) -> str:
    """1 while the exporter can talk to its Redis instance."""
    return sel("redis_up", job=config.redis.job)


def memory_used_ratio(config: StackConfig) -> str:
    """used_memory as a share of maxmemory; instances without a limit (0) are left out."""
    used = sel("redis_memory_used_bytes", job=config.redis.job)
    limit = sel("redis_memory_max_bytes", job=config.redis.job)
    return f"{used} / ({limit} > 0)"


def master_link_up(config: StackConfig) -> str:
    """On each replica: 1 while its replication link to the master is up."""
    return sel("redis_master_link_up", job=config.redis.job)


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The redis rule group."""
    t = config.thresholds
    return (
        AlertRule(
            name="RedisDown",
            expr=f"{redis_up(config)} == 0",
            tier="high",
            component=COMPONENT,
            summary="A Redis instance is down",
            description=(
                "The exporter on {{ $labels.instance }} has not reached its Redis for a minute. "
                f"Of the {config.redis.instances} instances one fewer is left to fail over to; "
                "if it was the master, Sentinel should already have promoted a replica."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("1m"),
            extra_labels=COMPONENT_DOWN,
        ),
        AlertRule(
            name="RedisMemoryHigh",
            expr=f"{memory_used_ratio(config)} > {num(t.redis_memory_ratio)}",
            tier="medium",
            component=COMPONENT,
            summary="Redis memory is close to maxmemory",
            description=(
                "Redis {{ $labels.instance }} uses {{ $value | humanizePercentage }} of maxmemory "
                f"(threshold {t.redis_memory_ratio:.0%}): keys are evicted early, or writes fail "
                "under the noeviction policy."
            ),
            dashboard=DASHBOARD,
        ),
        AlertRule(
            name="RedisReplicationBroken",
            expr=f"{master_link_up(config)} == 0",
            tier="medium",
            component=COMPONENT,
            summary="A Redis replica has lost its master",
            description=(
                "Replica {{ $labels.instance }} has had no replication link to "
                "{{ $labels.master_host }}:{{ $labels.master_port }} for 5 minutes: it serves stale "
                "data and cannot take over in a failover."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("5m"),
        ),
    )
