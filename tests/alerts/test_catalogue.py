"""The alert catalogue of the default stack: size, tiers, labels, links, runbooks, metrics, README table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alerts.catalogue import GROUPS, all_rules, breakdown, breakdown_markdown, group_rules, tiers_markdown
from alerts.model import TIER_TABLE, AlertRule, to_prometheus
from jivsmon import naming
from jivsmon.catalogue import lookup
from jivsmon.config_model import StackConfig
from jivsmon.promql import metric_names

# The 15 dashboard slugs are a contract (UID = "jivs-" + slug).
SLUGS = {
    "platform-overview",
    "slo-error-budgets",
    "load-balancer",
    "backend-service",
    "kubernetes-workloads",
    "nodes-zones",
    "postgres-overview",
    "postgres-replication",
    "pgbouncer",
    "redis-cache",
    "redis-sentinel",
    "backups-dr",
    "prometheus-alerting",
    "logging-pipeline",
    "alerts-oncall",
}
COMPONENTS = set(naming.COMPONENTS)
RUNBOOK_SECTIONS = ("mean", "confirm", "fix", "escalate")  # what it means, how to confirm, ...
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules(stack: StackConfig) -> tuple[AlertRule, ...]:
    return all_rules(stack)


def test_the_default_stack_has_exactly_52_alerts_in_all_4_tiers(rules: tuple[AlertRule, ...]) -> None:
    assert len(rules) == 52
    assert {r.tier for r in rules} == set(TIER_TABLE)


def test_alert_names_are_unique_camel_case(rules: tuple[AlertRule, ...]) -> None:
    names = [r.name for r in rules]
    assert len(set(names)) == len(names)
    assert [n for n in names if not re.fullmatch(r"[A-Z][A-Za-z0-9]+", n)] == []


def test_one_group_per_component(stack: StackConfig) -> None:
    for name, rules in group_rules(stack):
        assert rules, f"group {name} is empty"
        assert {r.component for r in rules} == {name}, name
    assert {g for g, _ in GROUPS} | {"availability"} == COMPONENTS


def test_every_alert_carries_labels_and_annotations(stack: StackConfig, rules: tuple[AlertRule, ...]) -> None:
    for rule in rules:
        rendered = to_prometheus(rule, stack)
        assert rendered["labels"]["severity"] == rule.tier, rule.name
        assert rendered["labels"]["component"] in COMPONENTS, rule.name
        annotations = rendered["annotations"]
        assert set(annotations) == {"summary", "description", "runbook_url", "dashboard_url"}, rule.name
        assert annotations["runbook_url"].endswith(f"/{rule.name}.md")
        assert all(annotations.values()), rule.name


def test_descriptions_are_templated(rules: tuple[AlertRule, ...]) -> None:
    untemplated = [r.name for r in rules if "$labels" not in r.description and "$value" not in r.description]
    assert untemplated == []


def test_every_dashboard_is_one_of_the_15(rules: tuple[AlertRule, ...]) -> None:
    assert sorted({r.dashboard for r in rules} - SLUGS) == []


def test_every_alert_has_a_runbook_with_the_four_sections(rules: tuple[AlertRule, ...]) -> None:
    problems = []
    for rule in rules:
        path = REPO / rule.runbook
        if not path.is_file():
            problems.append(f"{rule.runbook}: missing")
            continue
        headings = [h.lower() for h in re.findall(r"^##\s+(.+)$", path.read_text(encoding="utf-8"), re.M)]
        lacking = [s for s in RUNBOOK_SECTIONS if not any(s in h for h in headings)]
        if lacking:
            problems.append(f"{rule.runbook}: no section {lacking}")
    assert problems == []


def test_every_metric_is_catalogued(rules: tuple[AlertRule, ...]) -> None:
    unknown = sorted({f"{r.name}: {m}" for r in rules for m in metric_names(r.expr) if lookup(m) is None})
    assert unknown == []


def test_readme_shows_the_current_tier_breakdown(stack: StackConfig, rules: tuple[AlertRule, ...]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert breakdown_markdown(rules) in readme
    assert tiers_markdown(stack) in readme


def test_breakdown_counts_per_component_and_tier() -> None:
    def rule(name: str, tier: str, component: str) -> AlertRule:
        return AlertRule(name, "up == 0", tier, component, "s", "d", "nodes-zones")

    rules = (rule("A", "low", "node"), rule("B", "low", "node"), rule("C", "critical", "alb"))
    assert breakdown(rules) == {"node": {"low": 2}, "alb": {"critical": 1}}
    table = breakdown_markdown(rules)
    assert "| node |  |  |  | 2 | 2 |" in table and "| **total** | 1 | 0 | 0 | 2 | **3** |" in table
