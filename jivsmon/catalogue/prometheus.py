"""Series Prometheus itself provides: its self-scrape metrics and the synthetic ``up`` and ``ALERTS``."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="prometheus")

METRICS: tuple[Metric, ...] = (
    _m(
        "up",
        type="gauge",
        help="1 if the last scrape of the target succeeded (synthesised per target).",
        labels=("job", "instance"),
    ),
    _m(
        "ALERTS",
        type="gauge",
        help="Pending and firing alerts (synthesised by rule evaluation).",
        labels=("alertname", "alertstate", "severity"),
    ),
    _m("ALERTS_FOR_STATE", type="gauge", help="When each active alert became active.", labels=("alertname",)),
    _m(
        "prometheus_rule_evaluation_failures_total",
        type="counter",
        help="The total number of rule evaluation failures.",
        labels=("rule_group",),
    ),
    _m(
        "prometheus_config_last_reload_successful",
        type="gauge",
        help="1 if the last configuration reload succeeded.",
    ),
    _m(
        "prometheus_notifications_alertmanagers_discovered",
        type="gauge",
        help="Alertmanagers discovered and active.",
    ),
    _m(
        "prometheus_notifications_dropped_total",
        type="counter",
        help="Alerts dropped on their way to Alertmanager.",
    ),
    _m(
        "prometheus_rule_group_interval_seconds",
        type="gauge",
        help="The interval of a rule group.",
        labels=("rule_group",),
    ),
    _m(
        "prometheus_rule_group_iterations_missed_total",
        type="counter",
        help="Rule group evaluations missed due to slow evaluation.",
        labels=("rule_group",),
    ),
    _m(
        "prometheus_rule_group_last_duration_seconds",
        type="gauge",
        help="Duration of the last rule group evaluation.",
        labels=("rule_group",),
    ),
    _m(
        "prometheus_tsdb_compactions_failed_total",
        type="counter",
        help="TSDB compactions that failed.",
    ),
    _m(
        "prometheus_tsdb_head_samples_appended_total",
        type="counter",
        help="Samples appended to the head block.",
        labels=("type",),
    ),
    _m("prometheus_tsdb_head_series", type="gauge", help="Series in the head block."),
    _m(
        "prometheus_tsdb_storage_blocks_bytes",
        type="gauge",
        help="Bytes used by persisted blocks.",
    ),
    _m(
        "scrape_duration_seconds",
        type="gauge",
        help="How long the last scrape of the target took (synthesised per target).",
        labels=("job", "instance"),
    ),
)
