"""Renders the alert rule groups: Prometheus rule files and a PrometheusRule resource.

``build/rules/<group>.yaml`` holds one Prometheus rule group ``jivs-<group>``
per component. ``build/kubernetes/prometheusrule.yaml`` holds the same groups
in one PrometheusRule for prometheus-operator. The SLO groups are not in it:
their alerts need the SLO recording rules, which the SLO capability renders
together with them (``build/rules/slo-<name>.yaml``); those belong in one
resource with their recording rules, built with ``prometheus_rule`` below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alerts.alertmanager import alertmanager_artifact
from alerts.catalogue import group_rules
from alerts.model import AlertRule, to_prometheus
from jivsmon.config_model import StackConfig
from jivsmon.naming import MANAGED_TAG
from jivsmon.writer import Artifact, yaml_text

GROUP_PREFIX = "jivs-"
PROMETHEUS_RULE_PATH = "kubernetes/prometheusrule.yaml"


def rule_group(name: str, rules: Iterable[AlertRule], config: StackConfig) -> dict[str, Any]:
    """One Prometheus rule group, evaluated at the stack's evaluation interval."""
    return {
        "name": GROUP_PREFIX + name,
        "interval": str(config.prometheus.evaluation_interval),
        "rules": [to_prometheus(rule, config) for rule in rules],
    }


def rule_file_path(name: str) -> str:
    """Where a group's rule file lands in build/ (promtool tests name it by basename)."""
    return f"rules/{name}.yaml"


def rule_files(config: StackConfig) -> list[Artifact]:
    """build/rules/<group>.yaml for every non-SLO group."""
    return [
        Artifact.text(rule_file_path(name), yaml_text({"groups": [rule_group(name, rules, config)]}))
        for name, rules in group_rules(config)
    ]


def prometheus_rule(name: str, groups: list[dict[str, Any]], config: StackConfig) -> dict[str, Any]:
    """A monitoring.coreos.com/v1 PrometheusRule holding rule groups.

    No namespace: the resource lands where it is applied (``kubectl -n``), and
    the operator's ruleSelector picks it up by the part-of label.
    """
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {
            "name": name,
            "labels": {
                "app.kubernetes.io/part-of": MANAGED_TAG,
                "app.kubernetes.io/managed-by": "jivsmon",
                "jivs.environment": config.environment,
            },
        },
        "spec": {"groups": groups},
    }


def prometheus_rule_artifact(config: StackConfig) -> Artifact:
    """build/kubernetes/prometheusrule.yaml with every non-SLO group."""
    groups = [rule_group(name, rules, config) for name, rules in group_rules(config)]
    return Artifact.text(PROMETHEUS_RULE_PATH, yaml_text(prometheus_rule("jivs-alerts", groups, config)))


def artifacts(config: StackConfig) -> Iterable[Artifact]:
    """Everything the alerts capability adds to build/."""
    yield from rule_files(config)
    yield prometheus_rule_artifact(config)
    yield alertmanager_artifact(config)
