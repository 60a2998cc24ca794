"""Metrics from kube state metrics that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="kube_state_metrics")

METRICS: tuple[Metric, ...] = (
    _m(
        "kube_deployment_status_replicas_available",
        type="gauge",
        help="Available replicas per deployment.",
        labels=("namespace", "deployment"),
    ),
    _m(
        "kube_horizontalpodautoscaler_status_current_replicas",
        type="gauge",
        help="Current number of replicas of pods managed by this autoscaler.",
        labels=("namespace", "horizontalpodautoscaler"),
    ),
    _m(
        "kube_pod_container_status_restarts_total",
        type="counter",
        help="Number of container restarts per container.",
        labels=("namespace", "pod", "container"),
    ),
    _m(
        "kube_pod_status_ready",
        type="gauge",
        help="Describes whether the pod is ready to serve requests.",
        labels=("namespace", "pod", "uid", "condition"),
    ),
    _m(
        "kube_pod_info",
        type="gauge",
        help="Information about pod (value 1).",
        labels=("namespace", "pod", "uid", "node", "created_by_kind", "created_by_name"),
    ),
    _m(
        "kube_node_labels",
        type="gauge",
        help="Kubernetes labels converted to Prometheus labels (allow-listed with --metric-labels-allowlist).",
        labels=("node", "label_topology_kubernetes_io_zone"),
    ),
    _m(
        "kube_horizontalpodautoscaler_spec_max_replicas",
        type="gauge",
        help="Upper limit of pods the HPA may set.",
        labels=("namespace", "horizontalpodautoscaler"),
    ),
    _m(
        "kube_horizontalpodautoscaler_spec_min_replicas",
        type="gauge",
        help="Lower limit of pods the HPA may set.",
        labels=("namespace", "horizontalpodautoscaler"),
    ),
    _m(
        "kube_horizontalpodautoscaler_status_desired_replicas",
        type="gauge",
        help="Replicas the HPA currently wants.",
        labels=("namespace", "horizontalpodautoscaler"),
    ),
)
