"""Prometheus and Alertmanager self-metrics, the ALERTS series, and per-component health."""

from __future__ import annotations

from collections.abc import Sequence

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def _p(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.prometheus.job, instance="~$instance", **labels)


def _am(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.alertmanager.job, **labels)


def instances_up(config: StackConfig, job: str) -> str:
    """Targets of a job that answered their last scrape."""
    return f"sum({sel('up', job=job)}) or vector(0)"


def job_up_ratio(job_filter: str = "~.+") -> str:
    """Share of each job's targets that answered their last scrape."""
    return f"avg by (job) ({sel('up', job=job_filter)})"


def scrape_duration(job_filter: str = "~.+") -> str:
    """Slowest scrape per job, seconds."""
    return f"max by (job) ({sel('scrape_duration_seconds', job=job_filter)})"


def rule_group_duration(config: StackConfig) -> str:
    """Last evaluation time of each rule group, as a share of its interval."""
    last = _p(config, "prometheus_rule_group_last_duration_seconds")
    interval = _p(config, "prometheus_rule_group_interval_seconds")
    return f"max by (rule_group) ({last} / {interval})"


def rule_failures(config: StackConfig) -> str:
    """Rule evaluation failures per second, per instance."""
    return f"sum by (instance) (rate({_p(config, 'prometheus_rule_evaluation_failures_total')}[{RATE}]))"


def missed_iterations(config: StackConfig) -> str:
    """Rule group iterations skipped because the previous one overran, over the last hour."""
    return f"sum by (instance) (increase({_p(config, 'prometheus_rule_group_iterations_missed_total')}[1h]))"


def head_series(config: StackConfig) -> str:
    """Series in the TSDB head block."""
    return f"max by (instance) ({_p(config, 'prometheus_tsdb_head_series')})"


def samples_appended(config: StackConfig) -> str:
    """Samples ingested per second."""
    return f"sum by (instance) (rate({_p(config, 'prometheus_tsdb_head_samples_appended_total')}[{RATE}]))"


def storage_bytes(config: StackConfig) -> str:
    """Bytes in persisted blocks."""
    return f"max by (instance) ({_p(config, 'prometheus_tsdb_storage_blocks_bytes')})"


def compactions_failed(config: StackConfig) -> str:
    """TSDB compactions that failed over the last day."""
    return f"sum by (instance) (increase({_p(config, 'prometheus_tsdb_compactions_failed_total')}[1d]))"


def config_reload_ok(config: StackConfig) -> str:
    """1 if the last configuration reload succeeded, per instance."""
    return f"min by (instance) ({_p(config, 'prometheus_config_last_reload_successful')})"


def alertmanagers_discovered(config: StackConfig) -> str:
    """Alertmanagers each Prometheus sends to."""
    return f"min by (instance) ({_p(config, 'prometheus_notifications_alertmanagers_discovered')})"


def notifications_dropped(config: StackConfig) -> str:
    """Alerts Prometheus failed to hand to Alertmanager, per second."""
    return f"sum by (instance) (rate({_p(config, 'prometheus_notifications_dropped_total')}[{RATE}]))"


def notification_success(config: StackConfig) -> str:
    """Share of notifications delivered, per integration (Alertmanager 0.25 has no receiver label).

    1 while nothing was sent: Alertmanager pre-creates its counters at 0, so
    the fallback keeps the panel showing every integration instead of no data.
    """
    total = f"sum by (integration) (rate({_am(config, 'alertmanager_notifications_total')}[{RATE}]))"
    failed = f"sum by (integration) (rate({_am(config, 'alertmanager_notifications_failed_total')}[{RATE}]))"
    return f"(1 - {failed} / ({total} > 0)) or ({total} * 0 + 1)"


def notifications(config: StackConfig, metric: str = "notifications_total") -> str:
    """Notifications (or failures, "notifications_failed_total") per second per integration."""
    return f"sum by (integration) (rate({_am(config, f'alertmanager_{metric}')}[{RATE}]))"


def alertmanager_alerts(config: StackConfig) -> str:
    """Alerts Alertmanager holds, by state (active, suppressed, unprocessed)."""
    return f"max by (state) ({_am(config, 'alertmanager_alerts')})"


def cluster_members(config: StackConfig) -> str:
    """Peers each Alertmanager sees in its cluster."""
    return f"min({_am(config, 'alertmanager_cluster_members')})"


def alerts(state: str, by: str, values: Sequence[str], **labels: str) -> str:
    """Alerts in a state ("firing"/"pending") counted by one label; 0 for each known value without any."""
    zeros = " or ".join(f'label_replace(vector(0), "{by}", "{v}", "", "")' for v in values)
    return f"count by ({by}) ({sel('ALERTS', alertstate=state, **labels)}) or ({zeros})"


def alerts_total(state: str, **labels: str) -> str:
    """How many alerts are in a state; 0 rather than no data."""
    return f"count({sel('ALERTS', alertstate=state, **labels)}) or vector(0)"


def firing_for() -> str:
    """Seconds each firing alert has been active.

    ALERTS_FOR_STATE has no alertstate label (pending alerts have one too), so it is
    joined to the firing ALERTS series.
    """
    labels = "alertname, severity, component"
    since = f"max by ({labels}) (ALERTS_FOR_STATE)"
    firing = f"count by ({labels}) ({sel('ALERTS', alertstate='firing')})"
    return f"(time() - {since}) and on ({labels}) {firing}"
