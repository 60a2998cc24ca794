"""Dashboard 5, the backend on Kubernetes: replicas vs HPA, restarts, readiness, resources, zones."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import kubernetes as k
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "kubernetes-workloads"


def _replica_stats(config: StackConfig) -> list[s.Cell]:
    """Available, desired, not-ready and maximum replicas right now."""
    bounds = config.backend.replicas
    return [
        s.stat(
            "Available",
            f"Ready replicas; below {bounds.min} is under the HPA floor.",
            [Q(k.replicas_available(config))],
            "short",
            steps=s.below(bounds.min),
            w=6,
        ),
        s.stat(
            "HPA desired",
            "Replicas the HPA wants right now.",
            [Q(k.hpa(config, "status_desired_replicas"))],
            "short",
            steps=s.above(bounds.max),
            w=6,
        ),
        s.stat(
            "Not ready",
            "Pods of the Deployment failing their readiness probe.",
            [Q(k.not_ready(config))],
            "short",
            steps=s.above(1),
            w=6,
        ),
        s.stat(
            "HPA ceiling",
            f"The HPA maximum (stack config: {bounds.max}); at it, load can no longer be absorbed.",
            [Q(k.hpa(config, "spec_max_replicas"))],
            "short",
            steps=s.neutral(),
            w=6,
        ),
    ]


def _replicas_row(config: StackConfig) -> Row:
    """Replica counts now and available vs desired replicas against the HPA bounds."""
    bounds = config.backend.replicas
    return row(
        "Replicas",
        *_replica_stats(config),
        s.timeseries(
            "Replicas vs HPA",
            f"Available and desired replicas against the bounds {bounds.min}-{bounds.max}.",
            [
                Q(k.replicas_available(config), "available"),
                Q(k.hpa(config, "status_desired_replicas"), "desired"),
                Q(k.hpa(config, "spec_min_replicas"), "min"),
                Q(k.hpa(config, "spec_max_replicas"), "max"),
            ],
            "short",
            steps=s.below(bounds.min),
            min=0,
            w=24,
        ),
    )


def _pod_health_row(config: StackConfig) -> Row:
    """Container restarts and readiness per pod."""
    return row(
        "Pod health",
        s.timeseries(
            "Restarts per hour",
            "Container restarts per pod over the last hour.",
            [Q(k.restarts(config), "{{pod}}")],
            "short",
            steps=s.above(config.thresholds.pod_restarts_per_hour),
            min=0,
        ),
        s.state_timeline(
            "Readiness",
            "Ready (1) or not (0), per pod.",
            [Q(k.ready_by_pod(config), "{{pod}}")],
            mappings=s.up_down("ready", "not ready"),
            w=12,
            h=8,
        ),
    )


def _resources_row(config: StackConfig) -> Row:
    """CPU and memory used per pod."""
    return row(
        "Resources",
        s.timeseries("CPU per pod", "CPU cores used per pod.", [Q(k.cpu_by_pod(config), "{{pod}}")], "short", min=0),
        s.timeseries(
            "Memory per pod",
            "Working-set memory per pod.",
            [Q(k.memory_by_pod(config), "{{pod}}")],
            "bytes",
            min=0,
        ),
    )


def _zones_row(config: StackConfig) -> Row:
    """How the backend pods spread over the availability zones, now and over time."""
    zones = len(config.backend.zones)
    return row(
        "Zones",
        s.bar_gauge(
            "Pods per zone",
            f"Backend pods per zone; every one of the {zones} zones should carry a share.",
            [Q(k.pods_by_zone(config), "{{" + k.ZONE_LABEL + "}}")],
            "short",
            min=0,
            max=config.backend.replicas.max,
            steps=s.below(1),
        ),
        s.timeseries(
            "Pods per zone over time",
            "How the spread changed.",
            [Q(k.pods_by_zone(config), "{{" + k.ZONE_LABEL + "}}")],
            "short",
            steps=s.below(1),
            min=0,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The Kubernetes workloads dashboard, filterable by pod."""
    bounds = config.backend.replicas
    zones = len(config.backend.zones)
    pods = variable(
        "pod",
        "kube_pod_info",
        job=config.kubernetes.kube_state_metrics_job,
        namespace=config.backend.namespace,
        pod=f"~{config.backend.deployment}-.*",
    )
    return new_dashboard(
        config,
        SLUG,
        description=f"Deployment {config.backend.namespace}/{config.backend.deployment}: "
        f"{bounds.min}-{bounds.max} replicas over {zones} zones.",
        variables=[pods],
        rows=[_replicas_row(config), _pod_health_row(config), _resources_row(config), _zones_row(config)],
        related=("backend-service", "nodes-zones", "load-balancer"),
    )
