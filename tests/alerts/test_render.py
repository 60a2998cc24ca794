"""Rendering: rule files per group, the PrometheusRule resource, and the check that runs promtool/amtool."""

from __future__ import annotations

from dataclasses import replace

import yaml

from alerts.catalogue import GROUPS, group_rules
from alerts.check import check
from alerts.render import PROMETHEUS_RULE_PATH, artifacts, rule_file_path
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact


def _by_path(config: StackConfig) -> dict[str, Artifact]:
    return {str(a.path): a for a in artifacts(config)}


def test_one_rule_file_per_group_with_the_stack_interval(stack: StackConfig) -> None:
    rendered = _by_path(stack)
    for name, rules in group_rules(stack):
        (group,) = yaml.safe_load(rendered[rule_file_path(name)].content)["groups"]
        assert group["name"] == f"jivs-{name}"
        assert group["interval"] == str(stack.prometheus.evaluation_interval)
        assert [r["alert"] for r in group["rules"]] == [r.name for r in rules]


def test_prometheus_rule_holds_every_non_slo_group(stack: StackConfig) -> None:
    resource = yaml.safe_load(_by_path(stack)[PROMETHEUS_RULE_PATH].content)
    assert (resource["apiVersion"], resource["kind"]) == ("monitoring.coreos.com/v1", "PrometheusRule")
    assert [g["name"] for g in resource["spec"]["groups"]] == [f"jivs-{name}" for name, _ in GROUPS]
    for group in resource["spec"]["groups"]:
        file_group = yaml.safe_load(_by_path(stack)[rule_file_path(group["name"][5:])].content)["groups"][0]
        assert group == file_group


def test_rendering_is_deterministic(stack: StackConfig) -> None:
    assert list(artifacts(stack)) == list(artifacts(stack))


def test_the_check_passes_on_the_default_stack(stack: StackConfig) -> None:
    assert check(stack, list(artifacts(stack))) == []


def test_the_check_reports_a_broken_rule_file_and_a_missing_file(stack: StackConfig) -> None:
    rendered = [a for a in artifacts(stack) if str(a.path) != "alertmanager/alertmanager.yml"]
    broken = [
        Artifact.text(str(a.path), "groups:\n- name: x\n  rules:\n  - alert: X\n    expr: 'sum(('\n")
        if str(a.path) == "rules/node.yaml"
        else a
        for a in rendered
    ]
    problems = check(stack, broken)
    assert any(p.startswith("promtool check rules node.yaml") for p in problems)
    assert "alertmanager/alertmanager.yml: not rendered" in problems


def test_thresholds_follow_the_config(stack: StackConfig) -> None:
    changed = replace(stack, thresholds=replace(stack.thresholds, node_cpu_ratio=0.75))
    (group,) = yaml.safe_load(_by_path(changed)["rules/node.yaml"].content)["groups"]
    (cpu,) = [r for r in group["rules"] if r["alert"] == "NodeCPUHigh"]
    assert cpu["expr"].endswith("> 0.75") and "(threshold 75%)" in cpu["annotations"]["description"]
