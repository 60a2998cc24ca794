"""Every alert links to a dashboard that exists (its dashboard_url names one of the 15)."""

from __future__ import annotations

from alerts.catalogue import all_rules
from alerts.model import to_prometheus
from dashboards.slugs import TITLES
from jivsmon.config_model import StackConfig
from jivsmon.naming import dashboard_url


def test_every_alert_names_an_existing_dashboard(stack: StackConfig) -> None:
    rules = all_rules(stack)
    assert rules
    unknown = sorted(f"{r.name} -> {r.dashboard}" for r in rules if r.dashboard not in TITLES)
    assert unknown == []


def test_alert_dashboard_urls_resolve_to_our_uids(stack: StackConfig) -> None:
    ours = {dashboard_url(stack, slug) for slug in TITLES}
    for rule in all_rules(stack):
        assert to_prometheus(rule, stack)["annotations"]["dashboard_url"] in ours, rule.name
