"""Node alert rules from node_exporter: disk, memory and CPU of every node."""

from __future__ import annotations

from alerts.model import AlertRule
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

# Pseudo and read-only filesystems are full by design (squashfs) or vanish
# with the pod (tmpfs, overlay); only real disks can fill up and hurt.
IGNORED_FSTYPES = "tmpfs|ramfs|overlay|squashfs|nsfs|fuse.lxcfs|iso9660"


def _fs_labels(config: StackConfig) -> dict[str, str]:
    return {"job": config.nodes.job, "fstype": "!~" + IGNORED_FSTYPES}


def disk_free_ratio(config: StackConfig) -> str:
    """Free share of every real filesystem, per node and mount point."""
    avail = sel("node_filesystem_avail_bytes", **_fs_labels(config))
    size = sel("node_filesystem_size_bytes", **_fs_labels(config))
    return f"{avail} / {size}"


def writable(config: StackConfig) -> str:
    """Filesystems mounted read-write (a read-only image is full by design)."""
    readonly = sel("node_filesystem_readonly", **_fs_labels(config))
    return f"on (instance, device, mountpoint) {readonly} == 0"


def memory_used_ratio(config: StackConfig) -> str:
    """Share of memory not available to new work (MemAvailable counts reclaimable cache)."""
    avail = sel("node_memory_MemAvailable_bytes", job=config.nodes.job)
    total = sel("node_memory_MemTotal_bytes", job=config.nodes.job)
    return f"1 - {avail} / {total}"


def cpu_busy_ratio(config: StackConfig) -> str:
    """Share of CPU time not idle, averaged over a node's CPUs."""
    idle = sel("node_cpu_seconds_total", job=config.nodes.job, mode="idle")
    return f"1 - avg by (job, instance) (rate({idle}[5m]))"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The node rule group."""
    t = config.thresholds
    return (
        AlertRule(
            name="NodeDiskFillingUp",
            # `and` binds looser than `<`: the comparison applies to the ratio only.
            expr=f"{disk_free_ratio(config)} < {t.node_disk_free_ratio} and {writable(config)}",
            tier="high",
            component="node",
            summary="A node filesystem is almost full",
            description=(
                "{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has "
                "{{ $value | humanizePercentage }} free, below "
                f"{t.node_disk_free_ratio:.0%}."
            ),
            dashboard="nodes-zones",
            for_=Duration.parse("10m"),
        ),
        AlertRule(
            name="NodeMemoryHigh",
            expr=f"{memory_used_ratio(config)} > {t.node_memory_ratio}",
            tier="medium",
            component="node",
            summary="A node is running out of memory",
            description=(
                "{{ $labels.instance }} uses {{ $value | humanizePercentage }} of its memory "
                f"(threshold {t.node_memory_ratio:.0%}) for 15 minutes."
            ),
            dashboard="nodes-zones",
            for_=Duration.parse("15m"),
        ),
        AlertRule(
            name="NodeCPUHigh",
            expr=f"{cpu_busy_ratio(config)} > {t.node_cpu_ratio}",
            tier="low",
            component="node",
            summary="A node's CPU has been saturated for 30 minutes",
            description=(
                "{{ $labels.instance }} has been {{ $value | humanizePercentage }} busy "
                f"(threshold {t.node_cpu_ratio:.0%}) for 30 minutes."
            ),
            dashboard="nodes-zones",
            for_=Duration.parse("30m"),
        ),
    )
