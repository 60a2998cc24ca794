"""Synthetic series for what cannot run on one machine: the ALB, kube-state-metrics, cAdvisor, Elasticsearch.

Each source is a prometheus-client Collector emitting the real metric names and
labels (as jivsmon/catalogue lists them) with healthy values shaped by the
stack config: the HPA floor of pods spread over the zones, one node per zone,
a three-node Elasticsearch cluster ingesting the configured bytes a day.
Counters grow with the clock passed in. Served on one port, one path per
source (``/alb``, ``/kube-state-metrics``, ``/cadvisor``, ``/elasticsearch``);
every panel fed from here is marked simulated by the dead-panel check.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

from jivsmon.config import load_config
from jivsmon.config_model import StackConfig
from jivsmon.services.ports import LOOPBACK

Clock = Callable[[], float]
# Catalogue sources this module stands in for, by URL path.
SIMULATED_SOURCES = {
    "alb": "cloudwatch_alb",
    "kube-state-metrics": "kube_state_metrics",
    "cadvisor": "cadvisor",
    "elasticsearch": "elasticsearch_exporter",
}


def _gauge(name: str, doc: str, labels: dict[str, str], value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=list(labels))
    family.add_metric(list(labels.values()), value)
    return family


def pods(config: StackConfig) -> list[tuple[str, str, str]]:
    """(pod, node, zone) for the HPA floor of backend pods, spread round-robin over the zones."""
    replica_set = hashlib.sha256(config.backend.deployment.encode()).hexdigest()[:9]
    zones = config.backend.zones
    return [
        (
            f"{config.backend.deployment}-{replica_set}-{hashlib.sha256(str(i).encode()).hexdigest()[:5]}",
            f"node-{zones[i % len(zones)]}",
            zones[i % len(zones)],
        )
        for i in range(config.backend.replicas.min)
    ]


class AlbCollector(Collector):
    """CloudWatch exporter's AWS/ApplicationELB series: healthy targets in every zone, few errors, fast responses."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config

    def collect(self) -> Iterator[Metric]:
        """Yield one period's statistics."""
        lb = {"load_balancer": self.config.alb.load_balancer}
        tg = {**lb, "target_group": self.config.alb.target_group}
        requests_per_period = 1200.0
        yield _gauge("aws_applicationelb_request_count_sum", "Requests per period.", lb, requests_per_period)
        yield _gauge("aws_applicationelb_httpcode_elb_5_xx_count_sum", "ALB-generated 5xx.", lb, 0.0)
        yield _gauge("aws_applicationelb_httpcode_elb_4_xx_count_sum", "ALB-generated 4xx.", lb, 2.0)
        yield _gauge("aws_applicationelb_httpcode_target_5_xx_count_sum", "Target 5xx.", tg, 1.0)
        yield _gauge("aws_applicationelb_httpcode_target_4_xx_count_sum", "Target 4xx.", tg, 20.0)
        yield _gauge("aws_applicationelb_target_response_time_average", "Mean target response time.", tg, 0.045)
        yield _gauge("aws_applicationelb_target_response_time_p99", "p99 target response time.", tg, 0.32)
        per_zone = {z: sum(1 for _, _, pz in pods(self.config) if pz == z) for z in self.config.backend.zones}
        yield _gauge("aws_applicationelb_healthy_host_count_minimum", "Healthy targets.", tg, sum(per_zone.values()))
        healthy = GaugeMetricFamily(
            "aws_applicationelb_healthy_host_count_average",
            "Healthy targets per zone.",
            labels=[*tg, "availability_zone"],
        )
        unhealthy = GaugeMetricFamily(
            "aws_applicationelb_un_healthy_host_count_average",
            "Unhealthy targets per zone.",
            labels=[*tg, "availability_zone"],
        )
        for zone, count in per_zone.items():
            healthy.add_metric([*tg.values(), zone], count)
            unhealthy.add_metric([*tg.values(), zone], 0)
        yield healthy
        yield unhealthy


class KubeStateCollector(Collector):
    """kube-state-metrics for the backend Deployment: all pods ready, HPA at its floor, no restarts."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config

    def collect(self) -> Iterator[Metric]:
        """Yield the Deployment, HPA, pod and node series."""
        b = self.config.backend
        dep, hpa = (
            {"namespace": b.namespace, "deployment": b.deployment},
            {"namespace": b.namespace, "horizontalpodautoscaler": b.hpa},
        )
        count = float(b.replicas.min)
        yield _gauge("kube_deployment_status_replicas_available", "Available replicas.", dep, count)
        for name, value in (
            ("status_current_replicas", count),
            ("status_desired_replicas", count),
            ("spec_min_replicas", b.replicas.min),
            ("spec_max_replicas", b.replicas.max),
        ):
            yield _gauge(f"kube_horizontalpodautoscaler_{name}", f"HPA {name}.", hpa, value)
        restarts = CounterMetricFamily(
            "kube_pod_container_status_restarts", "Container restarts.", labels=["namespace", "pod", "container"]
        )
        ready = GaugeMetricFamily(
            "kube_pod_status_ready", "Pod ready condition.", labels=["namespace", "pod", "uid", "condition"]
        )
        info = GaugeMetricFamily(
            "kube_pod_info",
            "Pod placement.",
            labels=["namespace", "pod", "uid", "node", "created_by_kind", "created_by_name"],
        )
        for pod, node, _ in pods(self.config):
            uid = hashlib.sha256(pod.encode()).hexdigest()[:12]
            restarts.add_metric([b.namespace, pod, b.container], 0)
            for condition, value in (("true", 1), ("false", 0), ("unknown", 0)):
                ready.add_metric([b.namespace, pod, uid, condition], value)
            info.add_metric([b.namespace, pod, uid, node, "ReplicaSet", pod.rsplit("-", 1)[0]], 1)
        nodes = GaugeMetricFamily(
            "kube_node_labels", "Node labels.", labels=["node", "label_topology_kubernetes_io_zone"]
        )
        for zone in b.zones:
            nodes.add_metric([f"node-{zone}", zone], 1)
        yield from (restarts, ready, info, nodes)


class CadvisorCollector(Collector):
    """cAdvisor's per-container CPU and memory for the backend pods."""

    def __init__(self, config: StackConfig, clock: Clock) -> None:
        self.config, self.clock, self.start = config, clock, clock()

    def collect(self) -> Iterator[Metric]:
        """Yield CPU counters (a quarter core per pod) and working sets."""
        b = self.config.backend
        elapsed = self.clock() - self.start
        cpu = CounterMetricFamily(
            "container_cpu_usage_seconds", "CPU time.", labels=["namespace", "pod", "container", "cpu"]
        )
        memory = GaugeMetricFamily(
            "container_memory_working_set_bytes", "Working set.", labels=["namespace", "pod", "container"]
        )
        for index, (pod, _, _) in enumerate(pods(self.config)):
            cpu.add_metric([b.namespace, pod, b.container, "total"], 1000 + 0.25 * elapsed)
            memory.add_metric([b.namespace, pod, b.container], 300e6 + index * 5e6)
        yield cpu
        yield memory


class ElasticsearchCollector(Collector):
    """elasticsearch_exporter for a green three-node cluster ingesting the configured volume."""

    def __init__(self, config: StackConfig, clock: Clock) -> None:
        self.config, self.clock, self.start = config, clock, clock()

    def collect(self) -> Iterator[Metric]:
        """Yield cluster health, JVM heap, disk and indexing series."""
        es, cluster = self.config.elasticsearch, {"cluster": "jivs-logs"}
        elapsed = self.clock() - self.start
        health = GaugeMetricFamily(
            "elasticsearch_cluster_health_status", "Cluster colour.", labels=["cluster", "color"]
        )
        for color in ("green", "yellow", "red"):
            health.add_metric(["jivs-logs", color], 1 if color == "green" else 0)
        yield health
        yield _gauge("elasticsearch_cluster_health_number_of_nodes", "Nodes.", cluster, es.nodes)
        yield _gauge("elasticsearch_cluster_health_unassigned_shards", "Unassigned shards.", cluster, 0)
        families = {
            name: GaugeMetricFamily(name, name, labels=labels)
            for name, labels in (
                ("elasticsearch_jvm_memory_used_bytes", ["cluster", "host", "name", "area"]),
                ("elasticsearch_jvm_memory_max_bytes", ["cluster", "host", "name", "area"]),
                ("elasticsearch_filesystem_data_available_bytes", ["cluster", "host", "name", "mount", "path"]),
                ("elasticsearch_filesystem_data_size_bytes", ["cluster", "host", "name", "mount", "path"]),
                ("elasticsearch_indices_store_size_bytes", ["cluster", "host", "name"]),
            )
        }
        docs = CounterMetricFamily(
            "elasticsearch_indices_indexing_index", "Documents indexed.", labels=["cluster", "host", "name"]
        )
        index_time = CounterMetricFamily(
            "elasticsearch_indices_indexing_index_time_seconds", "Indexing time.", labels=["cluster", "host", "name"]
        )
        docs_per_second = es.daily_ingest_bytes / 86400 / 1000 / es.nodes  # about 1 kB per log line
        for n in range(1, es.nodes + 1):
            node = ["jivs-logs", f"10.0.{n}.10", f"es-{n}"]
            families["elasticsearch_jvm_memory_used_bytes"].add_metric([*node, "heap"], 4.2e9)
            families["elasticsearch_jvm_memory_max_bytes"].add_metric([*node, "heap"], 8.0e9)
            families["elasticsearch_filesystem_data_available_bytes"].add_metric(
                [*node, "/data", "/data/nodes/0"], 600e9
            )
            families["elasticsearch_filesystem_data_size_bytes"].add_metric([*node, "/data", "/data/nodes/0"], 1000e9)
            families["elasticsearch_indices_store_size_bytes"].add_metric(node, 350e9)
            docs.add_metric(node, 1e8 + docs_per_second * elapsed)
            index_time.add_metric(node, 5e4 + docs_per_second * elapsed * 0.0004)
        yield from families.values()
        yield docs
        yield index_time


def registries(config: StackConfig, clock: Clock = time.time) -> dict[str, CollectorRegistry]:
    """One private registry per simulated source, keyed by URL path."""
    collectors: dict[str, Collector] = {
        "alb": AlbCollector(config),
        "kube-state-metrics": KubeStateCollector(config),
        "cadvisor": CadvisorCollector(config, clock),
        "elasticsearch": ElasticsearchCollector(config, clock),
    }
    out = {}
    for path, collector in collectors.items():
        out[path] = CollectorRegistry(auto_describe=False)
        out[path].register(collector)
    return out


def make_handler(regs: dict[str, CollectorRegistry]) -> type[BaseHTTPRequestHandler]:
    """HTTP handler serving each registry at /<source>."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # scrapes would flood the demo's log
            return

        def do_GET(self) -> None:
            registry = regs.get(self.path.strip("/").split("?")[0])
            body = generate_latest(registry) if registry else b"unknown source\n"
            self.send_response(200 if registry else 404)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST if registry else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    """Serve the simulated sources until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--config", default="stack.yaml")
    parser.add_argument("--overlay", action="append", default=[])
    opts = parser.parse_args(argv)
    config = load_config(opts.config, opts.overlay)
    ThreadingHTTPServer((LOOPBACK, opts.port), make_handler(registries(config))).serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
