"""The SLO alerts: six per SLO, unique names, tiers from the cited burn-rate table, runbooks present."""

from __future__ import annotations

from pathlib import Path

from jivsmon.config_model import StackConfig
from slo.alerts import alert_rules
from slo.windows import BURN_WINDOWS


def test_twelve_alerts_for_the_default_stack(stack: StackConfig) -> None:
    rules = alert_rules(stack)
    assert len(rules) == 12 and len({r.name for r in rules}) == 12
    assert {r.component for r in rules} == {"availability"}
    assert {r.dashboard for r in rules} == {"slo-error-budgets"}


def test_tiers_follow_the_workbook_table(stack: StackConfig) -> None:
    by_name = {r.name: r for r in alert_rules(stack)}
    for row in BURN_WINDOWS:
        rule = by_name[f"BackendAvailabilityBurnRate{row.tier.capitalize()}"]
        assert rule.tier == row.tier
        assert f"rate{row.long}" in rule.expr and f"rate{row.short}" in rule.expr
    assert [(r.factor, str(r.long), str(r.short)) for r in BURN_WINDOWS] == [
        (14.4, "1h", "5m"),
        (6.0, "6h", "30m"),
        (3.0, "1d", "2h"),
        (1.0, "3d", "6h"),
    ]
    assert by_name["BackendAvailabilityBurnRateCritical"].expr.count("0.0432") == 2
    assert by_name["BackendLatencyBurnRateLow"].expr.count("> 0.01\n") == 1


def test_every_alert_has_a_runbook_with_the_four_sections(stack: StackConfig, repo: Path) -> None:
    for rule in alert_rules(stack):
        text = (repo / rule.runbook).read_text()
        for heading in ("## What it means", "## How to confirm", "## How to fix", "## How to escalate"):
            assert heading in text, f"{rule.runbook}: missing {heading}"
