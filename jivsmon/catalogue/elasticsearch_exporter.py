"""Metrics from elasticsearch exporter that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="elasticsearch_exporter")

METRICS: tuple[Metric, ...] = (
    _m(
        "elasticsearch_cluster_health_status",
        type="gauge",
        help="Whether all primary and replica shards are allocated (1 for the current color).",
        labels=("cluster", "color"),
    ),
    _m(
        "elasticsearch_jvm_memory_used_bytes",
        type="gauge",
        help="JVM memory currently used by area.",
        labels=("cluster", "host", "name", "area"),
    ),
    _m(
        "elasticsearch_jvm_memory_max_bytes",
        type="gauge",
        help="JVM memory max.",
        labels=("cluster", "host", "name", "area"),
    ),
    _m(
        "elasticsearch_filesystem_data_available_bytes",
        type="gauge",
        help="Available space on block device in bytes.",
        labels=("cluster", "host", "name", "mount", "path"),
    ),
    _m(
        "elasticsearch_filesystem_data_size_bytes",
        type="gauge",
        help="Size of block device in bytes.",
        labels=("cluster", "host", "name", "mount", "path"),
    ),
    _m(
        "elasticsearch_cluster_health_number_of_nodes",
        type="gauge",
        help="Number of nodes in the cluster.",
        labels=("cluster",),
    ),
    _m(
        "elasticsearch_cluster_health_unassigned_shards",
        type="gauge",
        help="Shards not allocated to any node.",
        labels=("cluster",),
    ),
    _m(
        "elasticsearch_indices_indexing_index_total",
        type="counter",
        help="Documents indexed, per node.",
        labels=("cluster", "host", "name"),
    ),
    _m(
        "elasticsearch_indices_indexing_index_time_seconds_total",
        type="counter",
        help="Time spent indexing, per node.",
        labels=("cluster", "host", "name"),
    ),
    _m(
        "elasticsearch_indices_store_size_bytes",
        type="gauge",
        help="Size of the index store on the node.",
        labels=("cluster", "host", "name"),
    ),
)
