"""The Elasticsearch logging cluster through elasticsearch_exporter."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def _es(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.elasticsearch.job, **labels)


def health(config: StackConfig) -> str:
    """Cluster status as a number: 0 green, 1 yellow, 2 red (max of the three 0/1 series)."""
    parts = [
        f"({_es(config, 'elasticsearch_cluster_health_status', color=color)} * {value})"
        for color, value in (("green", 0), ("yellow", 1), ("red", 2))
    ]
    return f"max({' or '.join(parts)})"


def cluster_gauge(config: StackConfig, name: str) -> str:
    """A cluster-health gauge: number_of_nodes, unassigned_shards, relocating_shards, ..."""
    return f"max({_es(config, f'elasticsearch_cluster_health_{name}')})"


def docs_indexed(config: StackConfig) -> str:
    """Documents indexed per second across nodes."""
    return f"sum(rate({_es(config, 'elasticsearch_indices_indexing_index_total')}[{RATE}]))"


def store_growth_per_day(config: StackConfig) -> str:
    """Index store growth over the last day, bytes (retention deletes pull it down)."""
    return f"sum(delta({_es(config, 'elasticsearch_indices_store_size_bytes')}[1d]))"


def indexing_latency(config: StackConfig) -> str:
    """Average time to index one document, seconds."""
    time_spent = f"sum(rate({_es(config, 'elasticsearch_indices_indexing_index_time_seconds_total')}[{RATE}]))"
    return f"{time_spent} / {docs_indexed(config)}"


def heap_ratio(config: StackConfig) -> str:
    """JVM heap used as a share of the maximum, per node."""
    used = _es(config, "elasticsearch_jvm_memory_used_bytes", area="heap")
    limit = _es(config, "elasticsearch_jvm_memory_max_bytes", area="heap")
    return f"max by (name) ({used}) / max by (name) ({limit})"


def disk_free_ratio(config: StackConfig) -> str:
    """Free share of each node's data path."""
    avail = _es(config, "elasticsearch_filesystem_data_available_bytes")
    size = _es(config, "elasticsearch_filesystem_data_size_bytes")
    return f"min by (name) ({avail} / {size})"
