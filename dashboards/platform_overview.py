"""Dashboard 1, platform overview: availability against the SLO, traffic, alerts and component health."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row
from dashboards.queries import backend, health, monitoring, slo
from dashboards.style import Query as Q
from jivsmon.config_model import TIERS, StackConfig
from jivsmon.naming import dashboard_url

SLUG = "platform-overview"


def _slo_cells(config: StackConfig) -> list[s.Cell]:
    """Availability and error budget left, two tiles per SLO."""
    cells = []
    for spec in config.slos:
        target = spec.objective / 100
        cells += [
            s.stat(
                f"Availability: {spec.name}",
                f"{spec.description} Measured over {spec.window}; objective {spec.objective} %.",
                [Q(slo.sli(spec))],
                "percentunit",
                steps=s.below(target),
                decimals=3,
                w=6,
            ),
            s.stat(
                f"Error budget left: {spec.name}",
                f"Share of the {spec.window} error budget not yet spent (1 - errors / allowed errors).",
                [Q(slo.budget_remaining(spec))],
                "percentunit",
                steps=s.below(0, 0.25),
                w=6,
                links=[s.panel_link("SLOs and error budgets", dashboard_url(config, "slo-error-budgets"))],
            ),
        ]
    return cells


def _traffic_row(config: StackConfig) -> Row:
    """Backend request rate, 5xx ratio and latency percentiles."""
    t = config.thresholds
    return row(
        "Backend traffic",
        s.timeseries(
            "Requests per second",
            "All backend HTTP requests.",
            [Q(backend.request_rate(config), "requests")],
            "reqps",
            w=8,
        ),
        s.timeseries(
            "Error ratio (5xx)",
            "Share of backend requests answered with a 5xx.",
            [Q(backend.error_ratio(config), "5xx ratio")],
            "percentunit",
            steps=s.above(t.backend_error_ratio),
            min=0,
            w=8,
        ),
        s.timeseries(
            "Latency",
            "Backend latency percentiles over all routes.",
            [Q(backend.latency_quantile(config, 0.5), "p50"), Q(backend.latency_quantile(config, 0.99), "p99")],
            "s",
            steps=s.above(t.backend_latency_p99_seconds),
            min=0,
            w=8,
        ),
    )


def _alerts_row(config: StackConfig) -> Row:
    """Alerts firing now, one tile per tier, linking to the on-call dashboard."""
    url = dashboard_url(config, "alerts-oncall")
    cells = [
        s.stat(
            f"Firing: {tier}",
            f"Alerts of tier {tier} firing now.",
            [Q(monitoring.alerts_total("firing", severity=tier))],
            "none",
            steps=s.above(1),
            w=6,
            h=3,
            links=[s.panel_link("Alerts and on-call", url)],
        )
        for tier in TIERS
    ]
    return row("Alerts", *cells)


def _health_row(config: StackConfig) -> Row:
    """One UP/DOWN tile per component, linking to that component's dashboard."""
    cells = [
        s.stat(
            c.title,
            f"1 (UP) when {c.title} is healthy; click through for details.",
            [Q(c.expr)],
            "none",
            mappings=s.up_down(),
            steps=s.below(1),
            w=4,
            h=3,
            links=[s.panel_link(c.title, dashboard_url(config, c.slug))],
        )
        for c in health.components(config)
    ]
    return row("Component health", *cells)


def _service_level_row(config: StackConfig) -> Row:
    """Availability and budget per SLO, then a note on where to go next."""
    note = s.text(
        "Start here",
        "What this dashboard is for and where to go next.",
        "Availability and budget come from the SLO recording rules; each health tile links "
        "to the dashboard of its component. Alerts link here through their `dashboard_url`.",
        h=2,
    )
    return row("Service level", *_slo_cells(config), note)


def dashboard(config: StackConfig) -> G.Dashboard:
    """The platform overview dashboard."""
    return new_dashboard(
        config,
        SLUG,
        description="Is JIVS up and within its SLO? Availability, budget, traffic, alerts, health.",
        rows=[_service_level_row(config), _traffic_row(config), _alerts_row(config), _health_row(config)],
        related=("slo-error-budgets", "alerts-oncall", "backend-service", "load-balancer"),
    )
