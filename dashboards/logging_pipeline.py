"""Dashboard 14, the logging pipeline: Elasticsearch health, ingest, indexing latency, heap, disk."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row
from dashboards.queries import logging as lg
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "logging-pipeline"
_HEALTH = [
    {
        "type": "value",
        "options": {
            "0": {"text": "green", "color": "green", "index": 0},
            "1": {"text": "yellow", "color": "orange", "index": 1},
            "2": {"text": "red", "color": "red", "index": 2},
        },
    }
]


def _cluster_row(config: StackConfig) -> Row:
    """Cluster health, nodes, unassigned shards and the last day's ingest."""
    es = config.elasticsearch
    daily = es.daily_ingest_bytes
    return row(
        "Cluster",
        s.stat(
            "Health",
            "Cluster status: green, yellow (replicas missing), red (primaries missing).",
            [Q(lg.health(config))],
            "none",
            mappings=_HEALTH,
            steps=s.above(1, 2),
            w=6,
        ),
        s.stat(
            "Nodes",
            f"Nodes in the cluster (expected {es.nodes}).",
            [Q(lg.cluster_gauge(config, "number_of_nodes"))],
            "short",
            steps=s.below(es.nodes),
            w=6,
        ),
        s.stat(
            "Unassigned shards",
            "Shards without a node.",
            [Q(lg.cluster_gauge(config, "unassigned_shards"))],
            "short",
            steps=s.above(1),
            w=6,
        ),
        s.stat(
            "Ingest (24 h)",
            f"Index store growth over the last day; planned about {daily / 1e9:g} GB.",
            [Q(lg.store_growth_per_day(config))],
            "bytes",
            steps=s.above(1.5 * daily, 2 * daily),
            w=6,
        ),
    )


def _ingest_row(config: StackConfig) -> Row:
    """Documents indexed per second and the indexing latency."""
    return row(
        "Ingest",
        s.timeseries(
            "Documents indexed per second",
            "Across all nodes.",
            [Q(lg.docs_indexed(config), "docs/s")],
            "ops",
            min=0,
        ),
        s.timeseries(
            "Indexing latency",
            "Average time to index one document.",
            [Q(lg.indexing_latency(config), "per document")],
            "s",
            min=0,
        ),
    )


def _resources_row(config: StackConfig) -> Row:
    """JVM heap used and disk free per Elasticsearch node."""
    t = config.thresholds
    return row(
        "Resources",
        s.timeseries(
            "JVM heap used",
            "Heap as a share of the maximum, per node.",
            [Q(lg.heap_ratio(config), "{{name}}")],
            "percentunit",
            steps=s.above(t.elasticsearch_heap_ratio),
            min=0,
            max=1,
        ),
        s.timeseries(
            "Disk free",
            "Free share of each node's data path; Elasticsearch stops allocating shards near its disk watermarks.",
            [Q(lg.disk_free_ratio(config), "{{name}}")],
            "percentunit",
            steps=s.below(t.elasticsearch_disk_free_ratio),
            min=0,
            max=1,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The logging pipeline dashboard."""
    es = config.elasticsearch
    daily = es.daily_ingest_bytes
    return new_dashboard(
        config,
        SLUG,
        description=f"The {es.nodes}-node Elasticsearch cluster; planned ingest {daily / 1e9:g} GB/day.",
        rows=[_cluster_row(config), _ingest_row(config), _resources_row(config)],
        related=("platform-overview", "prometheus-alerting"),
    )
