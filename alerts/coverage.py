"""Reads promtool unit-test files and says, per alert, whether a case fires it and one keeps it quiet.

A firing case is an ``alert_rule_test`` entry that expects the alert with its
full labels (severity, component) and all four annotations; a quiet case is
one that expects ``exp_alerts: []``. ``missing`` lists the alerts that lack
either, which is what tests/alerts/test_coverage.py fails on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Where promtool unit tests live, relative to the repository (see alerts.promtool).
TEST_DIRS = ("tests/alerts/promtool", "tests/slo/promtool")
REQUIRED_LABELS = ("severity", "component")
REQUIRED_ANNOTATIONS = ("summary", "description", "runbook_url", "dashboard_url")


@dataclass
class Cases:
    """Where an alert is exercised: file:test-name of firing and of quiet cases."""

    firing: list[str] = field(default_factory=list)
    quiet: list[str] = field(default_factory=list)


def promtool_test_files(repo: Path) -> list[Path]:
    """Every promtool unit-test file in the conventional folders, sorted."""
    return sorted(p for d in TEST_DIRS for p in (repo / d).glob("*.test.yaml"))


def _asserts_everything(expected: Mapping[str, Any]) -> bool:
    labels = expected.get("exp_labels") or {}
    annotations = expected.get("exp_annotations") or {}
    return all(k in labels for k in REQUIRED_LABELS) and all(k in annotations for k in REQUIRED_ANNOTATIONS)


def collect(files: Iterable[Path]) -> dict[str, Cases]:
    """Firing and quiet cases per alert name across the files."""
    out: dict[str, Cases] = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for number, group in enumerate(data.get("tests") or []):
            where = f"{path.name}:{group.get('name', number)}"
            for case in group.get("alert_rule_test") or []:
                cases = out.setdefault(str(case["alertname"]), Cases())
                expected = case.get("exp_alerts") or []
                if not expected:
                    cases.quiet.append(where)
                elif all(_asserts_everything(e) for e in expected):
                    cases.firing.append(where)
    return out


def missing(alert_names: Iterable[str], cases: Mapping[str, Cases]) -> dict[str, list[str]]:
    """Per alert lacking a case, what it lacks ("firing", "quiet")."""
    gaps: dict[str, list[str]] = {}
    for name in alert_names:
        found = cases.get(name, Cases())
        lacks = [kind for kind, hits in (("firing", found.firing), ("quiet", found.quiet)) if not hits]
        if lacks:
            gaps[name] = lacks
    return gaps
