"""Panels that appear on more than one dashboard, defined once."""

from __future__ import annotations

from dashboards import style as s
from dashboards.queries import monitoring as m
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig


def notifications_per_second(config: StackConfig) -> s.Cell:
    """Alertmanager notifications sent and failed per integration (on-call and Prometheus dashboards)."""
    return s.timeseries(
        "Notifications per second",
        "Sent and failed, per integration.",
        [
            Q(m.notifications(config), "{{integration}} sent"),
            Q(m.notifications(config, "notifications_failed_total"), "{{integration}} failed"),
        ],
        "ops",
        min=0,
    )
