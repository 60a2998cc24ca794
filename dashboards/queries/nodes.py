"""node_exporter on every node; ``zone`` is a target label set by relabelling the node's zone."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel

_FS = "!~tmpfs|overlay|squashfs|nsfs"


def _node(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.nodes.job, zone="~$zone", instance="~$instance", **labels)


def cpu_ratio(config: StackConfig, by: str = "instance") -> str:
    """Share of CPU time not idle."""
    idle = _node(config, "node_cpu_seconds_total", mode="idle")
    return f"1 - avg by ({by}) (rate({idle}[{RATE}]))"


def memory_ratio(config: StackConfig, by: str = "instance") -> str:
    """Share of memory in use (MemAvailable counts reclaimable cache as free)."""
    avail = _node(config, "node_memory_MemAvailable_bytes")
    total = _node(config, "node_memory_MemTotal_bytes")
    return f"1 - sum by ({by}) ({avail}) / sum by ({by}) ({total})"


def disk_free_ratio(config: StackConfig) -> str:
    """Free share of each real filesystem."""
    avail = _node(config, "node_filesystem_avail_bytes", fstype=_FS)
    size = _node(config, "node_filesystem_size_bytes", fstype=_FS)
    return f"{avail} / {size}"


def network_bytes(config: StackConfig, direction: str) -> str:
    """Bytes per second received or transmitted per node (loopback excluded)."""
    series = _node(config, f"node_network_{direction}_bytes_total", device="!lo")
    return f"sum by (instance) (rate({series}[{RATE}]))"


def disk_busy(config: StackConfig) -> str:
    """Share of time each node's busiest disk is doing I/O."""
    series = _node(config, "node_disk_io_time_seconds_total")
    return f"max by (instance) (rate({series}[{RATE}]))"


def nodes_up_by_zone(config: StackConfig) -> str:
    """node_exporter targets up, per zone."""
    return f"sum by (zone) ({sel('up', job=config.nodes.job, zone='~$zone')})"
