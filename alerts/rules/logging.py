"""Logging alert rules: the Elasticsearch cluster behind the log pipeline (elasticsearch_exporter)."""

from __future__ import annotations

from alerts.model import AlertRule
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel


def cluster_red(config: StackConfig) -> str:
    """1 while the cluster health is red (a primary shard is unassigned)."""
    metric = sel("elasticsearch_cluster_health_status", job=config.elasticsearch.job, color="red")
    return f"max by (job, cluster) ({metric})"


def heap_used_ratio(config: StackConfig) -> str:
    """JVM heap in use per Elasticsearch node, as a share of the maximum heap."""
    used = sel("elasticsearch_jvm_memory_used_bytes", job=config.elasticsearch.job, area="heap")
    limit = sel("elasticsearch_jvm_memory_max_bytes", job=config.elasticsearch.job, area="heap")
    return f"max by (job, cluster, name) ({used} / {limit})"


def disk_free_ratio(config: StackConfig) -> str:
    """Free share of the fullest data path per Elasticsearch node."""
    avail = sel("elasticsearch_filesystem_data_available_bytes", job=config.elasticsearch.job)
    size = sel("elasticsearch_filesystem_data_size_bytes", job=config.elasticsearch.job)
    return f"min by (job, cluster, name) ({avail} / {size})"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The logging rule group."""
    t = config.thresholds
    return (
        AlertRule(
            name="ElasticsearchClusterRed",
            expr=f"{cluster_red(config)} == 1",
            tier="high",
            component="logging",
            summary="The Elasticsearch log cluster is red",
            description=(
                "Cluster {{ $labels.cluster }} has been red for 5 minutes: at least one primary "
                "shard is unassigned, so some logs cannot be written or searched."
            ),
            dashboard="logging-pipeline",
            for_=Duration.parse("5m"),
        ),
        AlertRule(
            name="ElasticsearchHeapHigh",
            expr=f"{heap_used_ratio(config)} > {t.elasticsearch_heap_ratio}",
            tier="medium",
            component="logging",
            summary="An Elasticsearch node is short of JVM heap",
            description=(
                "Node {{ $labels.name }} of {{ $labels.cluster }} uses "
                "{{ $value | humanizePercentage }} of its heap (threshold "
                f"{t.elasticsearch_heap_ratio:.0%}) for 15 minutes."
            ),
            dashboard="logging-pipeline",
            for_=Duration.parse("15m"),
        ),
        AlertRule(
            name="ElasticsearchDiskWatermark",
            expr=f"{disk_free_ratio(config)} < {t.elasticsearch_disk_free_ratio}",
            tier="medium",
            component="logging",
            summary="An Elasticsearch node passed the low disk watermark",
            description=(
                "Node {{ $labels.name }} of {{ $labels.cluster }} has "
                "{{ $value | humanizePercentage }} disk free (threshold "
                f"{t.elasticsearch_disk_free_ratio:.0%}): new shards stop being allocated to it, "
                "and at 5 % free its indices turn read-only."
            ),
            dashboard="logging-pipeline",
            for_=Duration.parse("15m"),
        ),
    )
