"""Dashboard 6, nodes and zones: CPU, memory, disk and network per node and zone."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import nodes as n
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "nodes-zones"


def _zones_row(config: StackConfig) -> Row:
    """Nodes up, CPU and memory, aggregated per zone."""
    t = config.thresholds
    return row(
        "Zones",
        s.stat(
            "Nodes up per zone",
            "node_exporter targets answering, per zone.",
            [Q(n.nodes_up_by_zone(config), "{{zone}}")],
            "short",
            steps=s.below(1),
            w=8,
            h=8,
        ),
        s.timeseries(
            "CPU by zone",
            "Average busy CPU share per zone.",
            [Q(n.cpu_ratio(config, "zone"), "{{zone}}")],
            "percentunit",
            steps=s.above(t.node_cpu_ratio),
            min=0,
            max=1,
            w=8,
        ),
        s.timeseries(
            "Memory by zone",
            "Memory in use per zone.",
            [Q(n.memory_ratio(config, "zone"), "{{zone}}")],
            "percentunit",
            steps=s.above(t.node_memory_ratio),
            min=0,
            max=1,
            w=8,
        ),
    )


def _disk_panels(config: StackConfig) -> list[s.Cell]:
    """Free share of each filesystem and how busy each node's disks are."""
    return [
        s.timeseries(
            "Disk free",
            "Free share of each filesystem.",
            [Q(n.disk_free_ratio(config), "{{instance}} {{mountpoint}}")],
            "percentunit",
            steps=s.below(config.thresholds.node_disk_free_ratio),
            min=0,
            max=1,
        ),
        s.timeseries(
            "Disk busy",
            "Share of time the busiest disk of each node does I/O.",
            [Q(n.disk_busy(config), "{{instance}}")],
            "percentunit",
            min=0,
            max=1,
        ),
    ]


def _nodes_row(config: StackConfig) -> Row:
    """CPU, memory, disk and network per node."""
    t = config.thresholds
    return row(
        "Nodes",
        s.timeseries(
            "CPU busy",
            "Share of CPU time not idle, per node.",
            [Q(n.cpu_ratio(config), "{{instance}}")],
            "percentunit",
            steps=s.above(t.node_cpu_ratio),
            min=0,
            max=1,
        ),
        s.timeseries(
            "Memory used",
            "Share of memory in use (MemAvailable counts cache as free), per node.",
            [Q(n.memory_ratio(config), "{{instance}}")],
            "percentunit",
            steps=s.above(t.node_memory_ratio),
            min=0,
            max=1,
        ),
        *_disk_panels(config),
        s.timeseries(
            "Network",
            "Bytes per second received and transmitted per node.",
            [
                Q(n.network_bytes(config, "receive"), "{{instance}} in"),
                Q(n.network_bytes(config, "transmit"), "{{instance}} out"),
            ],
            "Bps",
            min=0,
            w=24,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The nodes dashboard, filterable by zone and node."""
    job = config.nodes.job
    return new_dashboard(
        config,
        SLUG,
        description="node_exporter on every node; zone comes from the node's topology label.",
        variables=[variable("zone", "up", job=job), variable("instance", "up", title="Node", job=job, zone="~$zone")],
        rows=[_zones_row(config), _nodes_row(config)],
        related=("kubernetes-workloads", "platform-overview"),
    )
