"""Metrics from alertmanager that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="alertmanager")

METRICS: tuple[Metric, ...] = (
    _m(
        "alertmanager_notifications_total",
        type="counter",
        help="The total number of attempted notifications.",
        labels=("integration",),
    ),
    _m(
        "alertmanager_notifications_failed_total",
        type="counter",
        help="The total number of failed notifications.",
        labels=("integration",),
    ),
    _m(
        "alertmanager_alerts",
        type="gauge",
        help="Alerts held, by state (active, suppressed, unprocessed).",
        labels=("state",),
    ),
    _m(
        "alertmanager_cluster_members",
        type="gauge",
        help="Members of the gossip cluster this Alertmanager sees.",
    ),
)
