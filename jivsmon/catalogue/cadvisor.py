"""Metrics from cadvisor that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="cadvisor")

METRICS: tuple[Metric, ...] = (
    _m(
        "container_cpu_usage_seconds_total",
        type="counter",
        help="CPU time consumed by the container.",
        labels=("namespace", "pod", "container", "cpu"),
    ),
    _m(
        "container_memory_working_set_bytes",
        type="gauge",
        help="Working-set memory of the container (what the OOM killer watches).",
        labels=("namespace", "pod", "container"),
    ),
)
