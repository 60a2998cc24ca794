"""Kubernetes alert rules for the backend Deployment: replicas, HPA, restarts, readiness, zones.

All series come from kube-state-metrics. Zones need kube-state-metrics to
export the node label (``--metric-labels-allowlist=nodes=[topology.kubernetes.io/zone]``).
"""

from __future__ import annotations

from alerts.model import AlertRule
from alerts.rules.re2 import any_of, literal
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

ZONE_LABEL = "label_topology_kubernetes_io_zone"


def backend_pod_regex(config: StackConfig) -> str:
    """Pods of the Deployment: <deployment>-<replicaset hash>-<pod hash>."""
    return f"{literal(config.backend.deployment)}-[a-z0-9]+-[a-z0-9]+"


def _ksm(metric: str, config: StackConfig, **labels: str) -> str:
    return sel(metric, job=config.kubernetes.kube_state_metrics_job, namespace=config.backend.namespace, **labels)


def available_replicas(config: StackConfig) -> str:
    """Available (ready for minReadySeconds) replicas of the backend Deployment."""
    return _ksm("kube_deployment_status_replicas_available", config, deployment=config.backend.deployment)


def hpa_replicas(config: StackConfig) -> str:
    """Replicas the HPA currently runs."""
    return _ksm(
        "kube_horizontalpodautoscaler_status_current_replicas", config, horizontalpodautoscaler=config.backend.hpa
    )


def restarts_last_hour(config: StackConfig) -> str:
    """Container restarts per backend pod over the last hour."""
    metric = _ksm("kube_pod_container_status_restarts_total", config, container=config.backend.container)
    return f"increase({metric}[1h])"


def pod_ready(config: StackConfig) -> str:
    """1 per backend pod that is Ready, 0 per pod that is not."""
    metric = _ksm("kube_pod_status_ready", config, condition="true", pod="~" + backend_pod_regex(config))
    return f"max by (namespace, pod) ({metric})"


def ready_zones(config: StackConfig) -> str:
    """How many of the configured zones run at least one Ready backend pod."""
    pods = "~" + backend_pod_regex(config)
    ready = _ksm("kube_pod_status_ready", config, condition="true", pod=pods)
    info = _ksm("kube_pod_info", config, pod=pods)
    zones = "~" + any_of(config.backend.zones)
    nodes = sel("kube_node_labels", job=config.kubernetes.kube_state_metrics_job, **{ZONE_LABEL: zones})
    return (
        f"count(count by ({ZONE_LABEL}) ("
        f"({ready} == 1)"
        f" * on (namespace, pod) group_left (node) max by (namespace, pod, node) ({info})"
        f" * on (node) group_left ({ZONE_LABEL}) max by (node, {ZONE_LABEL}) ({nodes})"
        "))"
    )


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The Kubernetes rule group."""
    b = config.backend
    return (
        AlertRule(
            name="KubePodsBelowMinimum",
            expr=f"{available_replicas(config)} < {b.replicas.min}",
            tier="high",
            component="kubernetes",
            summary="Fewer backend pods are available than the HPA minimum",
            description=(
                "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has "
                f"{{{{ $value }}}} available pods, below the minimum of {b.replicas.min}."
            ),
            dashboard="kubernetes-workloads",
            for_=Duration.parse("10m"),
        ),
        AlertRule(
            name="KubeHPAAtMaximum",
            expr=f"{hpa_replicas(config)} >= {b.replicas.max}",
            tier="high",
            component="kubernetes",
            summary="The backend HPA is pinned at its maximum",
            description=(
                "HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run "
                f"{{{{ $value }}}} replicas (maximum {b.replicas.max}) for 15 minutes: it cannot "
                "add capacity if load grows further."
            ),
            dashboard="kubernetes-workloads",
            for_=Duration.parse("15m"),
        ),
        AlertRule(
            name="KubePodCrashLooping",
            expr=f"{restarts_last_hour(config)} > {config.thresholds.pod_restarts_per_hour:g}",
            tier="medium",
            component="kubernetes",
            summary="A backend container keeps restarting",
            description=(
                "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} "
                "restarted {{ $value | humanize }} times in the last hour (threshold "
                f"{config.thresholds.pod_restarts_per_hour:g})."
            ),
            dashboard="kubernetes-workloads",
        ),
        AlertRule(
            name="KubePodNotReady",
            expr=f"{pod_ready(config)} == 0",
            tier="medium",
            component="kubernetes",
            summary="A backend pod has not been Ready for 15 minutes",
            description=(
                "Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been Ready for 15 minutes "
                "and receives no traffic."
            ),
            dashboard="kubernetes-workloads",
            for_=Duration.parse("15m"),
        ),
        AlertRule(
            name="KubeZoneSpreadLost",
            expr=f"{ready_zones(config)} < {len(b.zones)}",
            tier="medium",
            component="kubernetes",
            summary="Ready backend pods no longer span every zone",
            description=(
                f"Ready backend pods run in {{{{ $value }}}} of the {len(b.zones)} zones "
                f"({', '.join(b.zones)}): losing one more zone could take the backend down."
            ),
            dashboard="kubernetes-workloads",
        ),
    )
