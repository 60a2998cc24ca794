"""Dashboard 3, the AWS ALB: requests, 4xx/5xx, target response time, targets per zone."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row
from dashboards.queries import alb
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "load-balancer"
_CW = "CloudWatch 1-minute data, about 5 minutes behind real time."


def _traffic_row(config: StackConfig) -> Row:
    """Requests through the ALB, 4xx/5xx by source and the 5xx ratio."""
    codes = [Q(alb.codes_per_second(config, src, k), f"{src} {k}xx") for src in ("elb", "target") for k in ("4", "5")]
    return row(
        "Traffic",
        s.timeseries(
            "Requests per second",
            f"Requests through the ALB. {_CW}",
            [Q(alb.requests_per_second(config), "requests")],
            "reqps",
        ),
        s.timeseries(
            "4xx and 5xx per second",
            "Error responses, from the ALB itself (elb) and from the backend targets (target).",
            codes,
            "reqps",
        ),
        s.stat(
            "5xx ratio",
            "Share of requests answered with a 5xx by the ALB or targets.",
            [Q(alb.error_ratio_5xx(config))],
            "percentunit",
            steps=s.above(config.thresholds.backend_error_ratio),
            w=6,
        ),
    )


def _latency_row(config: StackConfig) -> Row:
    """Target response time, average and p99, over time and now."""
    t = config.thresholds
    return row(
        "Latency",
        s.timeseries(
            "Target response time",
            "Time targets took to answer, average and p99.",
            [
                Q(alb.target_response_time(config, "average"), "average"),
                Q(alb.target_response_time(config, "p99"), "p99"),
            ],
            "s",
            steps=s.above(t.alb_target_response_seconds),
            min=0,
            w=18,
        ),
        s.stat(
            "p99 now",
            "Latest p99 target response time.",
            [Q(alb.target_response_time(config, "p99"))],
            "s",
            steps=s.above(t.alb_target_response_seconds),
            w=6,
            h=8,
        ),
    )


def _targets_row(config: StackConfig) -> Row:
    """Healthy and unhealthy targets per availability zone."""
    return row(
        "Targets per zone",
        s.timeseries(
            "Healthy targets",
            "Targets passing health checks, per availability zone.",
            [Q(alb.hosts_by_zone(config, True), "{{availability_zone}}")],
            "short",
            steps=s.below(1),
            min=0,
        ),
        s.timeseries(
            "Unhealthy targets",
            "Targets failing health checks, per zone.",
            [Q(alb.hosts_by_zone(config, False), "{{availability_zone}}")],
            "short",
            steps=s.above(1),
            min=0,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The load balancer dashboard."""
    return new_dashboard(
        config,
        SLUG,
        description=f"The ALB {config.alb.load_balancer} in front of the backend. {_CW}",
        rows=[_traffic_row(config), _latency_row(config), _targets_row(config)],
        related=("platform-overview", "backend-service", "kubernetes-workloads"),
    )
