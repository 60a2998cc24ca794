"""The alert rule record and the one tier table that says what each tier means.

Rules are data (like the kubernetes-mixin): a frozen AlertRule per alert. What
a tier implies (who is paged, how often it repeats, the default ``for``) is
decided here and nowhere else; runbook and dashboard links are added in
``to_prometheus`` so every rule gets them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jivsmon.config_model import TIERS, StackConfig
from jivsmon.durations import Duration
from jivsmon.naming import COMPONENTS, dashboard_url, runbook_url


@dataclass(frozen=True)
class Tier:
    """What a severity tier means operationally."""

    name: str
    meaning: str
    default_for: Duration
    group_wait: Duration
    group_interval: Duration
    repeat_interval: Duration


def _d(text: str) -> Duration:
    return Duration.parse(text)


# Shorter waits and repeats the more urgent the tier: a critical page must reach
# someone within a minute and nag hourly; a ticket needs one notice a day.
TIER_TABLE: dict[str, Tier] = {
    "critical": Tier("critical", "page now: outage or data at risk", _d("2m"), _d("10s"), _d("1m"), _d("1h")),
    "high": Tier("high", "page, urgent: degraded, will become an outage", _d("5m"), _d("30s"), _d("5m"), _d("4h")),
    "medium": Tier("medium", "next working day: needs attention, not now", _d("15m"), _d("1m"), _d("15m"), _d("12h")),
    "low": Tier("low", "ticket / info: housekeeping", _d("30m"), _d("5m"), _d("1h"), _d("24h")),
}
assert tuple(TIER_TABLE) == TIERS


# Extra label of an alert that says "this component is down". While one fires,
# Alertmanager inhibits the other alerts of that component (its symptoms), so a
# responder gets the cause once instead of a dozen consequences.
COMPONENT_DOWN: tuple[tuple[str, str], ...] = (("scope", "component-down"),)


@dataclass(frozen=True)
class AlertRule:
    """One alert: what it watches, how bad it is, and where a responder goes next."""

    name: str
    expr: str
    tier: str
    component: str
    summary: str
    description: str
    dashboard: str  # slug of one of the 15 dashboards (see dashboards.DASHBOARDS)
    for_: Duration | None = None  # None: the tier's default_for
    extra_labels: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.tier not in TIER_TABLE:
            raise ValueError(f"{self.name}: unknown tier {self.tier!r}")
        if self.component not in COMPONENTS:
            raise ValueError(f"{self.name}: unknown component {self.component!r} (see jivsmon.naming.COMPONENTS)")

    @property
    def runbook(self) -> str:
        """Path of the runbook in the repository."""
        return f"docs/runbooks/{self.name}.md"

    @property
    def effective_for(self) -> Duration:
        """The ``for`` that is rendered: the rule's own or its tier's default."""
        return self.for_ if self.for_ is not None else TIER_TABLE[self.tier].default_for


def to_prometheus(rule: AlertRule, config: StackConfig) -> dict[str, Any]:
    """The rule as a Prometheus rule-file entry, with labels and links added uniformly."""
    return {
        "alert": rule.name,
        "expr": rule.expr,
        "for": str(rule.effective_for),
        "labels": {"severity": rule.tier, "component": rule.component, **dict(rule.extra_labels)},
        "annotations": {
            "summary": rule.summary,
            "description": rule.description,
            "runbook_url": runbook_url(config, rule.name),
            "dashboard_url": dashboard_url(config, rule.dashboard),
        },
    }
