"""Redis through redis_exporter, and Sentinel through our exporter (jivs_sentinel_*)."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def _r(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.redis.job, instance="~$instance", **labels)


def up(config: StackConfig) -> str:
    """Redis instances answering the exporter."""
    return f"sum({_r(config, 'redis_up')})"


def ops(config: StackConfig) -> str:
    """Commands per second per instance."""
    return f"sum by (instance) (rate({_r(config, 'redis_commands_processed_total')}[{RATE}]))"


def hit_ratio(config: StackConfig) -> str:
    """Share of key lookups that found the key."""
    hits = f"sum(rate({_r(config, 'redis_keyspace_hits_total')}[{RATE}]))"
    misses = f"sum(rate({_r(config, 'redis_keyspace_misses_total')}[{RATE}]))"
    return f"{hits} / ({hits} + {misses})"


def memory(config: StackConfig) -> str:
    """Memory used per instance."""
    return f"sum by (instance) ({_r(config, 'redis_memory_used_bytes')})"


def memory_ratio(config: StackConfig) -> str:
    """Memory used as a share of maxmemory (absent where maxmemory is 0, i.e. unlimited)."""
    return f"{memory(config)} / on (instance) (sum by (instance) ({_r(config, 'redis_memory_max_bytes')}) > 0)"


def evictions(config: StackConfig) -> str:
    """Keys evicted per second."""
    return f"sum by (instance) (rate({_r(config, 'redis_evicted_keys_total')}[{RATE}]))"


def clients(config: StackConfig, metric: str = "connected_clients") -> str:
    """Connected (or blocked) clients per instance."""
    return f"sum by (instance) ({_r(config, f'redis_{metric}')})"


def repl_offset(config: StackConfig) -> str:
    """Replication offset per instance: replicas should track the master closely."""
    return f"max by (instance) ({_r(config, 'redis_master_repl_offset')})"


def role(config: StackConfig) -> str:
    """Role of each instance (from redis_instance_info)."""
    return f"max by (instance, role) ({_r(config, 'redis_instance_info')})"


def _s(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.redis.sentinel_job, **labels)


def _sm(config: StackConfig, metric: str) -> str:
    return _s(config, metric, master="~$master")


def sentinels_up(config: StackConfig) -> str:
    """Sentinels answering the exporter."""
    return f"sum({_s(config, 'jivs_sentinel_up')})"


def master_per_sentinel(config: StackConfig) -> str:
    """The master address each Sentinel reports (info metric, value 1)."""
    return f"max by (sentinel, master, address) ({_sm(config, 'jivs_sentinel_master_info')})"


def masters_agree(config: StackConfig) -> str:
    """1 if every reachable Sentinel names the same master."""
    return f"min by (master) ({_sm(config, 'jivs_sentinel_masters_agree')})"


def master_gauge(config: StackConfig, name: str, agg: str = "min") -> str:
    """A per-master Sentinel gauge (ckquorum, sentinels_ok, replicas_ok, ...), aggregated over Sentinels."""
    return f"{agg} by (master) ({_sm(config, f'jivs_sentinel_master_{name}')})"


def failovers(config: StackConfig) -> str:
    """Failovers observed over the last 24 hours."""
    return f"max by (master) (increase({_sm(config, 'jivs_sentinel_master_failovers_total')}[1d]))"


def config_epoch(config: StackConfig) -> str:
    """The master's config epoch per Sentinel: it steps up with every failover, and always has a value.

    (A "time since failover" panel would be empty until the first failover, a
    last-failover timestamp of 0 meaning none.)
    """
    return f"max by (sentinel, master) ({_sm(config, 'jivs_sentinel_master_config_epoch')})"


def tilt(config: StackConfig) -> str:
    """Sentinels in TILT mode."""
    return f"sum({_s(config, 'jivs_sentinel_tilt')})"
