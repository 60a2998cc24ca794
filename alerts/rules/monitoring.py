"""Alert rules about the monitoring itself: Prometheus, Alertmanager, scrape targets.

Covers the Prometheus HA pair, rule evaluation, Alertmanager notifications,
and scrape targets (exporters) that stopped answering.

Both Prometheus servers scrape both Prometheus servers, so either one sees
its peer disappear. When both are down nothing here can fire; that needs an
external dead man's switch (see the PrometheusHAPairDegraded runbook).
"""

from __future__ import annotations

from alerts.model import AlertRule
from alerts.rules.re2 import any_of
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel


def prometheus_up(config: StackConfig) -> str:
    """How many members of the Prometheus HA set answer their scrape."""
    return f"sum by (job) ({sel('up', job=config.prometheus.job)})"


def rule_failures(config: StackConfig) -> str:
    """Failed rule evaluations per rule group over 10 minutes."""
    metric = sel("prometheus_rule_evaluation_failures_total", job=config.prometheus.job)
    return f"sum by (job, instance, rule_group) (increase({metric}[10m]))"


def notification_failure_ratio(config: StackConfig) -> str:
    """Share of notification attempts that failed, per Alertmanager and integration."""
    by = "sum by (job, instance, integration)"
    failed = sel("alertmanager_notifications_failed_total", job=config.alertmanager.job)
    total = sel("alertmanager_notifications_total", job=config.alertmanager.job)
    return f"{by} (rate({failed}[5m])) / {by} (rate({total}[5m]))"


def other_targets_down(config: StackConfig) -> str:
    """Scrape targets that fail, except those with a dedicated down alert."""
    covered = any_of(sorted({config.prometheus.job, config.backend.job}))
    return f"{sel('up', job='!~' + covered)} == 0"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The monitoring rule group."""
    want = config.prometheus.instances
    return (
        AlertRule(
            name="PrometheusHAPairDegraded",
            expr=f"{prometheus_up(config)} < {want}",
            tier="high",
            component="monitoring",
            summary="A Prometheus server of the HA pair is down",
            description=(
                f"Only {{{{ $value }}}} of {want} Prometheus servers (job {{{{ $labels.job }}}}) "
                "answer: alerting has no redundancy left."
            ),
            dashboard="prometheus-alerting",
        ),
        AlertRule(
            name="PrometheusRuleEvaluationFailures",
            expr=f"{rule_failures(config)} > 0",
            tier="high",
            component="monitoring",
            summary="Prometheus fails to evaluate rules",
            description=(
                "{{ $labels.instance }} failed {{ $value | humanize }} evaluations of rule group "
                "{{ $labels.rule_group }} in 10 minutes: alerts of that group may never fire."
            ),
            dashboard="prometheus-alerting",
            # A single failure (one query timeout) keeps increase() above 0 for 10
            # minutes; only failures that keep recurring outlast a 15-minute for.
            for_=Duration.parse("15m"),
        ),
        AlertRule(
            name="AlertmanagerNotificationsFailing",
            expr=f"{notification_failure_ratio(config)} > 0",
            tier="high",
            component="monitoring",
            summary="Alertmanager cannot deliver notifications",
            description=(
                "{{ $value | humanizePercentage }} of {{ $labels.integration }} notifications "
                "from {{ $labels.instance }} failed in every 5-minute window for 15 minutes."
            ),
            dashboard="prometheus-alerting",
            for_=Duration.parse("15m"),
        ),
        AlertRule(
            name="ScrapeTargetDown",
            expr=other_targets_down(config),
            tier="medium",
            component="monitoring",
            summary="A scrape target (exporter) is down",
            description=(
                "Prometheus has failed to scrape {{ $labels.instance }} of job {{ $labels.job }} "
                "for 15 minutes: its dashboards and alerts are blind."
            ),
            dashboard="prometheus-alerting",
            for_=Duration.parse("15m"),
        ),
    )
