"""Dashboard 4, the backend service: RED per route (rate, errors, latency percentiles)."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import backend as b
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "backend-service"


def _now_row(config: StackConfig) -> Row:
    """Request rate, error ratio and p99 latency of the selection right now."""
    t, f = config.thresholds, b.FILTERED
    return row(
        "Now",
        s.stat(
            "Requests per second",
            "Requests of the selected routes and instances.",
            [Q(b.request_rate(config, scope=f))],
            "reqps",
            sparkline=True,
            w=8,
        ),
        s.stat(
            "Error ratio",
            "Share of the selected requests answered with a 5xx.",
            [Q(b.error_ratio(config, scope=f))],
            "percentunit",
            steps=s.above(t.backend_error_ratio),
            sparkline=True,
            w=8,
        ),
        s.stat(
            "p99 latency",
            "99th percentile latency of the selected requests.",
            [Q(b.latency_quantile(config, 0.99, scope=f))],
            "s",
            steps=s.above(t.backend_latency_p99_seconds),
            sparkline=True,
            w=8,
        ),
    )


def _per_route_row(config: StackConfig) -> Row:
    """Rate, errors and latency per route, plus the overall latency percentiles."""
    t, f = config.thresholds, b.FILTERED
    return row(
        "Per route",
        s.timeseries(
            "Requests per second by route",
            "Request rate per route.",
            [Q(b.request_rate(config, "route", f), "{{route}}")],
            "reqps",
        ),
        s.timeseries(
            "Error ratio by route",
            "Share of 5xx per route; the alert threshold applies per route.",
            [Q(b.error_ratio(config, "route", f), "{{route}}")],
            "percentunit",
            steps=s.above(t.backend_error_ratio),
            min=0,
        ),
        s.timeseries(
            "p99 latency by route",
            "99th percentile latency per route.",
            [Q(b.latency_quantile(config, 0.99, "route", f), "{{route}}")],
            "s",
            steps=s.above(t.backend_latency_p99_seconds),
            min=0,
        ),
        s.timeseries(
            "Latency percentiles",
            "p50, p90 and p99 over the selected routes.",
            [Q(b.latency_quantile(config, q, scope=f), f"p{round(q * 100)}") for q in (0.5, 0.9, 0.99)],
            "s",
            steps=s.above(t.backend_latency_p99_seconds),
            min=0,
        ),
    )


def _status_codes_row(config: StackConfig) -> Row:
    """Responses per second, stacked by HTTP status code."""
    return row(
        "Status codes",
        s.timeseries(
            "Responses by status code",
            "Responses per second by HTTP code.",
            [Q(b.request_rate(config, "code", b.FILTERED), "{{code}}")],
            "reqps",
            stack=True,
            w=24,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The backend RED dashboard, filterable by route and instance."""
    job = config.backend.job
    return new_dashboard(
        config,
        SLUG,
        description="Rate, errors and duration of the JIVS backend, per route.",
        variables=[
            variable("route", "http_requests_total", job=job),
            variable("instance", "http_requests_total", job=job),
        ],
        rows=[_now_row(config), _per_route_row(config), _status_codes_row(config)],
        related=("platform-overview", "load-balancer", "kubernetes-workloads", "slo-error-budgets"),
    )
