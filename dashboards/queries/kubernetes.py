"""The backend Deployment on Kubernetes: kube-state-metrics and cAdvisor."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel

ZONE_LABEL = "label_topology_kubernetes_io_zone"  # kube_node_labels, with the zone label allowlisted


def _ksm(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.kubernetes.kube_state_metrics_job, namespace=config.backend.namespace, **labels)


def _cadvisor(config: StackConfig, metric: str) -> str:
    return sel(
        metric,
        job=config.kubernetes.cadvisor_job,
        namespace=config.backend.namespace,
        pod="~$pod",
        container=config.backend.container,
    )


def _pods(config: StackConfig) -> str:
    return f"~{config.backend.deployment}-.*"


def replicas_available(config: StackConfig) -> str:
    """Ready replicas of the Deployment."""
    series = _ksm(config, "kube_deployment_status_replicas_available", deployment=config.backend.deployment)
    return f"sum({series})"


def hpa(config: StackConfig, metric: str) -> str:
    """An HPA series: status_desired_replicas, status_current_replicas, spec_min_replicas, ..."""
    series = _ksm(config, f"kube_horizontalpodautoscaler_{metric}", horizontalpodautoscaler=config.backend.hpa)
    return f"sum({series})"


def restarts(config: StackConfig) -> str:
    """Container restarts per pod over the last hour."""
    series = _ksm(
        config, "kube_pod_container_status_restarts_total", pod=_pods(config), container=config.backend.container
    )
    return f"sum by (pod) (increase({series}[1h]))"


def not_ready(config: StackConfig) -> str:
    """Pods of the Deployment that are not Ready."""
    series = _ksm(config, "kube_pod_status_ready", pod=_pods(config), condition="true")
    return f"count({series} == 0) or vector(0)"


def ready_by_pod(config: StackConfig) -> str:
    """1 while a pod is Ready, per pod (filtered by $pod)."""
    series = sel(
        "kube_pod_status_ready",
        job=config.kubernetes.kube_state_metrics_job,
        namespace=config.backend.namespace,
        pod="~$pod",
        condition="true",
    )
    return f"sum by (pod) ({series})"


def cpu_by_pod(config: StackConfig) -> str:
    """CPU cores used per pod (cAdvisor)."""
    series = _cadvisor(config, "container_cpu_usage_seconds_total")
    return f"sum by (pod) (rate({series}[{RATE}]))"


def memory_by_pod(config: StackConfig) -> str:
    """Working-set memory per pod (what the OOM killer looks at)."""
    series = _cadvisor(config, "container_memory_working_set_bytes")
    return f"sum by (pod) ({series})"


def pods_by_zone(config: StackConfig) -> str:
    """Backend pods per availability zone (pod's node joined to the node's zone label)."""
    pods = _ksm(config, "kube_pod_info", pod=_pods(config))
    nodes = sel("kube_node_labels", job=config.kubernetes.kube_state_metrics_job)
    return (
        f"count by ({ZONE_LABEL}) ({pods} * on (node) group_left ({ZONE_LABEL}) max by (node, {ZONE_LABEL}) ({nodes}))"
    )
