"""Dashboard 5, the backend on Kubernetes: replicas vs HPA, restarts, readiness, resources, zones."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import new_dashboard, row, variable
from dashboards.queries import kubernetes as k
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "kubernetes-workloads"


def dashboard(config: StackConfig) -> G.Dashboard:
    """The Kubernetes workloads dashboard, filterable by pod."""
    bounds, t = config.backend.replicas, config.thresholds
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
        rows=[
            row(
                "Replicas",
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
            ),
            row(
                "Pod health",
                s.timeseries(
                    "Restarts per hour",
                    "Container restarts per pod over the last hour.",
                    [Q(k.restarts(config), "{{pod}}")],
                    "short",
                    steps=s.above(t.pod_restarts_per_hour),
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
            ),
            row(
                "Resources",
                s.timeseries(
                    "CPU per pod", "CPU cores used per pod.", [Q(k.cpu_by_pod(config), "{{pod}}")], "short", min=0
                ),
                s.timeseries(
                    "Memory per pod",
                    "Working-set memory per pod.",
                    [Q(k.memory_by_pod(config), "{{pod}}")],
                    "bytes",
                    min=0,
                ),
            ),
            row(
                "Zones",
                s.bar_gauge(
                    "Pods per zone",
                    f"Backend pods per zone; every one of the {zones} zones should carry a share.",
                    [Q(k.pods_by_zone(config), "{{" + k.ZONE_LABEL + "}}")],
                    "short",
                    min=0,
                    max=bounds.max,
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
            ),
        ],
        related=("backend-service", "nodes-zones", "load-balancer"),
    )
