"""Dashboard 13, Prometheus and alerting: HA pair, scrapes, rule evaluation, TSDB, Alertmanager."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import monitoring as m
from dashboards.shared_panels import notifications_per_second
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "prometheus-alerting"


def _ha_row(config: StackConfig) -> Row:
    """The HA pair: Prometheus and Alertmanagers up, discovery and config reloads."""
    p, am = config.prometheus, config.alertmanager
    return row(
        "HA",
        s.stat(
            "Prometheus up",
            f"Prometheus instances answering (expected {p.instances}).",
            [Q(m.instances_up(config, p.job))],
            "short",
            steps=s.below(p.instances),
            w=6,
        ),
        s.stat(
            "Alertmanager up",
            f"Alertmanagers answering (expected {am.instances}).",
            [Q(m.instances_up(config, am.job))],
            "short",
            steps=s.below(am.instances),
            w=6,
        ),
        s.stat(
            "Alertmanagers discovered",
            "Alertmanagers each Prometheus sends to.",
            [Q(m.alertmanagers_discovered(config), "{{instance}}")],
            "short",
            steps=s.below(am.instances),
            w=6,
        ),
        s.stat(
            "Config reload",
            "1 if the last configuration reload succeeded.",
            [Q(m.config_reload_ok(config), "{{instance}}")],
            "none",
            mappings=s.up_down("OK", "FAILED"),
            steps=s.below(1),
            w=6,
        ),
    )


def _scrapes_row() -> Row:
    """Share of targets up and the slowest scrape, per job."""
    return row(
        "Scrapes",
        s.timeseries(
            "Targets up by job",
            "Share of each job's targets answering.",
            [Q(m.job_up_ratio(), "{{job}}")],
            "percentunit",
            steps=s.below(1),
            min=0,
            max=1,
        ),
        s.timeseries("Scrape duration", "Slowest scrape per job.", [Q(m.scrape_duration(), "{{job}}")], "s", min=0),
    )


def _rules_row(config: StackConfig) -> Row:
    """Rule group evaluation time, failed evaluations and missed iterations."""
    return row(
        "Rules",
        s.timeseries(
            "Rule group evaluation time",
            "Last evaluation time as a share of the group's interval; at 1 the group overruns.",
            [Q(m.rule_group_duration(config), "{{rule_group}}")],
            "percentunit",
            steps=s.above(0.5, 1),
            min=0,
            w=8,
        ),
        s.timeseries(
            "Rule evaluation failures",
            "Failed rule evaluations per second.",
            [Q(m.rule_failures(config), "{{instance}}")],
            "ops",
            steps=s.above(0.001),
            min=0,
            w=8,
        ),
        s.timeseries(
            "Missed iterations (1 h)",
            "Rule group runs skipped in the last hour.",
            [Q(m.missed_iterations(config), "{{instance}}")],
            "short",
            steps=s.above(1),
            min=0,
            w=8,
        ),
    )


def _tsdb_row(config: StackConfig) -> Row:
    """The TSDB: head series, samples ingested, block storage and failed compactions."""
    return row(
        "TSDB",
        s.timeseries(
            "Head series", "Series in memory.", [Q(m.head_series(config), "{{instance}}")], "short", min=0, w=6
        ),
        s.timeseries(
            "Samples per second",
            "Samples ingested.",
            [Q(m.samples_appended(config), "{{instance}}")],
            "ops",
            min=0,
            w=6,
        ),
        s.timeseries(
            "Block storage",
            "Bytes in persisted blocks.",
            [Q(m.storage_bytes(config), "{{instance}}")],
            "bytes",
            min=0,
            w=6,
        ),
        s.timeseries(
            "Failed compactions (1 d)",
            "TSDB compactions that failed.",
            [Q(m.compactions_failed(config), "{{instance}}")],
            "short",
            steps=s.above(1),
            min=0,
            w=6,
        ),
    )


def _alertmanager_row(config: StackConfig) -> Row:
    """Alertmanager notifications, alerts held and dropped, and cluster members."""
    am = config.alertmanager
    return row(
        "Alertmanager",
        notifications_per_second(config),
        s.timeseries(
            "Alerts held",
            "Alerts in Alertmanager by state; dropped handovers from Prometheus below.",
            [
                Q(m.alertmanager_alerts(config), "{{state}}"),
                Q(m.notifications_dropped(config), "{{instance}} dropped/s"),
            ],
            "short",
            min=0,
        ),
        s.stat(
            "Cluster members",
            f"Peers each Alertmanager sees (expected {am.instances}).",
            [Q(m.cluster_members(config))],
            "short",
            steps=s.below(am.instances),
            w=24,
            h=3,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The monitoring-of-monitoring dashboard, filterable by Prometheus instance."""
    p, am = config.prometheus, config.alertmanager
    return new_dashboard(
        config,
        SLUG,
        description=f"The {p.instances} Prometheus instances and {am.instances} Alertmanagers.",
        variables=[variable("instance", "up", title="Prometheus", job=p.job)],
        rows=[
            _ha_row(config),
            _scrapes_row(),
            _rules_row(config),
            _tsdb_row(config),
            _alertmanager_row(config),
        ],
        related=("alerts-oncall", "platform-overview"),
    )
