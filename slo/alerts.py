"""The SLO alerts as AlertRule data: four burn-rate tiers, budget exhausted and SLI absent, per SLO."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alerts.model import AlertRule, to_prometheus
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import matchers
from slo.rules import REMAINING, budget_group, burn_recordings, ratio_name
from slo.spec import SloSpec, from_config
from slo.windows import BURN_WINDOWS, BurnWindow

COMPONENT = "availability"
DASHBOARD = "slo-error-budgets"
ABSENT_AFTER = Duration.parse("10m")


def _percent(ratio: float) -> str:
    return f"{ratio * 100:.10g}%"


def burn_alert(spec: SloSpec, row: BurnWindow) -> AlertRule:
    """Both windows burn faster than the row's factor: the budget goes at factor x the sustainable rate."""
    threshold = f"{row.factor * spec.budget:.10g}"
    slo = matchers(slo=spec.name)
    expr = f"{ratio_name(row.long)}{slo} > {threshold}\nand\n{ratio_name(row.short)}{slo} > {threshold}"
    days = spec.window.seconds / 86400 / row.factor
    return AlertRule(
        name=f"{spec.title}BurnRate{row.tier.capitalize()}",
        expr=expr,
        tier=row.tier,
        component=COMPONENT,
        dashboard=DASHBOARD,
        summary=f"SLO {spec.name} burns its error budget at {row.factor:g}x the sustainable rate",
        description=(
            f"Error ratio over {row.long} is {{{{ $value | humanizePercentage }}}} and over "
            f"{row.short} also above {_percent(row.factor * spec.budget)} "
            f"({row.factor:g}x the {_percent(spec.budget)} budget of the "
            f"{_percent(spec.objective)} objective). At this rate the {spec.window} budget "
            f"lasts {days:.3g} days."
        ),
        extra_labels=(("slo", spec.name),),
    )


def exhausted_alert(spec: SloSpec) -> AlertRule:
    """Nothing of the window's budget is left: the SLO is breached."""
    return AlertRule(
        name=f"{spec.title}ErrorBudgetExhausted",
        expr=f"{REMAINING}{matchers(slo=spec.name)} <= 0",
        tier="medium",
        component=COMPONENT,
        dashboard=DASHBOARD,
        summary=f"SLO {spec.name} has spent its whole {spec.window} error budget",
        description=(
            "The SLI of {{ $labels.slo }} over the last {{ $labels.window }} is below the "
            f"{_percent(spec.objective)} objective: the whole error budget is spent. "
            "Freeze risky changes until it recovers."
        ),
        extra_labels=(("slo", spec.name),),
    )


def absent_alert(spec: SloSpec) -> AlertRule:
    """The SLI's series are gone: the SLO cannot be measured and its burn alerts cannot fire."""
    return AlertRule(
        name=f"{spec.title}SLIAbsent",
        expr=f"absent_over_time({spec.sli.presence}[{ABSENT_AFTER}])",
        tier="high",
        component=COMPONENT,
        dashboard=DASHBOARD,
        summary=f"SLO {spec.name} cannot be measured: its SLI metric is absent",
        description=(
            f"No sample of {spec.sli.presence} for {ABSENT_AFTER} (missing: {{{{ $labels }}}}): "
            f"the burn-rate alerts of {spec.name} are blind until it returns."
        ),
        extra_labels=(("slo", spec.name),),
    )


def alert_rules_for(spec: SloSpec) -> tuple[AlertRule, ...]:
    """The six alerts of one SLO."""
    return (*(burn_alert(spec, row) for row in BURN_WINDOWS), exhausted_alert(spec), absent_alert(spec))


def alert_rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """Every SLO alert of the stack (the alerts catalogue counts these)."""
    return tuple(rule for spec in from_config(config) for rule in alert_rules_for(spec))


def rule_file(spec: SloSpec, config: StackConfig) -> dict[str, Any]:
    """The Prometheus rule file of one SLO: the 5-minute budget group, then the burn group."""
    alerts: Iterable[AlertRule] = alert_rules_for(spec)
    return {
        "groups": [
            budget_group(spec),
            {
                "name": f"slo-{spec.name}-burn",
                "rules": [*burn_recordings(spec), *(to_prometheus(a, config) for a in alerts)],
            },
        ]
    }
