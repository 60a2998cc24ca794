"""The metric catalogue: every metric a dashboard, alert or SLO rule uses, and who exports it.

One module per source. A test parses every generated expression and fails on a
metric missing here, so a typo or a metric no exporter provides is caught at
build time rather than as a dead panel or an alert that can never fire.
"""

from __future__ import annotations

from jivsmon.catalogue import (
    alertmanager,
    backend,
    cadvisor,
    cloudwatch_alb,
    elasticsearch_exporter,
    jivs_backup,
    jivs_replication,
    jivs_sentinel,
    kube_state_metrics,
    node_exporter,
    pgbouncer_exporter,
    postgres_exporter,
    prometheus,
    recording_rules,
    redis_exporter,
)
from jivsmon.catalogue.model import SOURCES, Metric

MODULES = (
    jivs_replication,
    jivs_backup,
    jivs_sentinel,
    postgres_exporter,
    pgbouncer_exporter,
    redis_exporter,
    node_exporter,
    kube_state_metrics,
    cadvisor,
    cloudwatch_alb,
    elasticsearch_exporter,
    prometheus,
    alertmanager,
    backend,
    recording_rules,
)

# Suffixes Prometheus derives from one histogram or summary family.
_DERIVED = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("_sum", "_count")}


def all_metrics() -> dict[str, Metric]:
    """Every catalogued metric by name; a name listed twice is an error."""
    out: dict[str, Metric] = {}
    for module in MODULES:
        for metric in module.METRICS:
            if metric.name in out:
                raise ValueError(f"metric {metric.name} is catalogued twice")
            out[metric.name] = metric
    return out


def lookup(name: str) -> Metric | None:
    """The catalogue entry for a series name, resolving ``_bucket``/``_sum``/``_count``."""
    metrics = all_metrics()
    if name in metrics:
        return metrics[name]
    for metric in metrics.values():
        if any(name == metric.name + s for s in _DERIVED.get(metric.type, ())):
            return metric
    return None


__all__ = ["SOURCES", "Metric", "all_metrics", "lookup"]
