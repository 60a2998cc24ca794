"""Backend alert rules: is any backend pod answering Prometheus at all.

Error rate and latency of the backend are covered by the SLO burn-rate alerts
(slo/alerts.py); this group only says "the service is gone".
"""

from __future__ import annotations

from alerts.model import COMPONENT_DOWN, AlertRule
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def targets_up(config: StackConfig) -> str:
    """How many backend targets answered their last scrape."""
    return f"sum by (job) ({sel('up', job=config.backend.job)})"


def targets_absent(config: StackConfig) -> str:
    """1 when service discovery has found no backend target for 5 minutes."""
    return f"absent_over_time({sel('up', job=config.backend.job)}[5m])"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The backend rule group."""
    return (
        AlertRule(
            name="BackendTargetsDown",
            expr=f"{targets_up(config)} == 0 or {targets_absent(config)}",
            tier="critical",
            component="backend",
            summary="No backend pod answers Prometheus",
            description=(
                "Prometheus cannot scrape any target of job {{ $labels.job }} (every target is "
                "down, or none has been discovered for 5 minutes): the backend is probably down."
            ),
            dashboard="backend-service",
            extra_labels=COMPONENT_DOWN,
        ),
    )
