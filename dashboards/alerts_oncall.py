"""Dashboard 15, alerts and on-call: firing and pending alerts by tier and component, notifications."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row
from dashboards.queries import monitoring as m
from dashboards.shared_panels import notifications_per_second
from dashboards.style import Query as Q
from jivsmon.config_model import TIERS, StackConfig
from jivsmon.naming import COMPONENTS

SLUG = "alerts-oncall"


def _now_row(config: StackConfig) -> Row:
    """Alerts firing per tier, pending alerts and a table of everything firing."""
    routes = config.alertmanager.routes
    tiers = [
        s.stat(
            f"{tier.capitalize()} firing",
            f"Tier {tier} alerts firing; routed to {getattr(routes, tier)}.",
            [Q(m.alerts_total("firing", severity=tier))],
            "short",
            steps=s.above(1),
            w=4,
            h=4,
        )
        for tier in TIERS
    ]
    return row(
        "Now",
        *tiers,
        s.stat(
            "Pending",
            "Alerts whose condition holds but not yet for their `for`.",
            [Q(m.alerts_total("pending"))],
            "short",
            steps=s.above(1),
            w=8,
            h=4,
        ),
        s.table(
            "Firing alerts", "Every firing alert and how long it has been active.", [Q(m.firing_for())], "s", w=24, h=8
        ),
    )


def _tier_component_row() -> Row:
    """Firing alerts per tier and per component, and pending alerts per component, over time."""
    return row(
        "By tier and component",
        s.timeseries(
            "Firing by tier",
            "Firing alerts per tier over time.",
            [Q(m.alerts("firing", "severity", TIERS), "{{severity}}")],
            "short",
            stack=True,
            min=0,
        ),
        s.timeseries(
            "Firing by component",
            "Firing alerts per component.",
            [Q(m.alerts("firing", "component", COMPONENTS), "{{component}}")],
            "short",
            stack=True,
            min=0,
        ),
        s.timeseries(
            "Pending by component",
            "Alerts about to fire, per component.",
            [Q(m.alerts("pending", "component", COMPONENTS), "{{component}}")],
            "short",
            stack=True,
            min=0,
            w=24,
        ),
    )


def _notifications_row(config: StackConfig) -> Row:
    """Notification delivery success and notifications sent and failed per integration."""
    return row(
        "Notifications",
        s.timeseries(
            "Delivery success by integration",
            "Share of notifications delivered (Alertmanager 0.25 labels them by integration, not receiver).",
            [Q(m.notification_success(config), "{{integration}}")],
            "percentunit",
            steps=s.below(0.99),
            min=0,
            max=1,
        ),
        notifications_per_second(config),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The on-call dashboard."""
    return new_dashboard(
        config,
        SLUG,
        description="What is firing, for how long, and whether notifications reach the receivers.",
        rows=[_now_row(config), _tier_component_row(), _notifications_row(config)],
        related=("platform-overview", "prometheus-alerting", "slo-error-budgets"),
    )
