"""Metrics from node exporter that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="node_exporter")

METRICS: tuple[Metric, ...] = (
    _m(
        "node_filesystem_avail_bytes",
        type="gauge",
        help="Filesystem space available to non-root users in bytes.",
        labels=("device", "fstype", "mountpoint"),
    ),
    _m(
        "node_filesystem_size_bytes",
        type="gauge",
        help="Filesystem size in bytes.",
        labels=("device", "fstype", "mountpoint"),
    ),
    _m(
        "node_filesystem_readonly",
        type="gauge",
        help="Filesystem read-only status.",
        labels=("device", "fstype", "mountpoint"),
    ),
    _m("node_memory_MemAvailable_bytes", type="gauge", help="Memory information field MemAvailable_bytes."),
    _m("node_memory_MemTotal_bytes", type="gauge", help="Memory information field MemTotal_bytes."),
    _m("node_cpu_seconds_total", type="counter", help="Seconds the CPUs spent in each mode.", labels=("cpu", "mode")),
    _m(
        "node_disk_io_time_seconds_total",
        type="counter",
        help="Seconds spent doing I/Os.",
        labels=("device",),
    ),
    _m(
        "node_network_receive_bytes_total",
        type="counter",
        help="Bytes received per network device.",
        labels=("device",),
    ),
    _m(
        "node_network_transmit_bytes_total",
        type="counter",
        help="Bytes transmitted per network device.",
        labels=("device",),
    ),
)
