"""Runs every promtool unit-test file (alerts and SLO) against freshly rendered rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.coverage import promtool_test_files
from alerts.promtool import check_rules, rule_artifacts, run_unit_tests
from jivsmon.build import render
from jivsmon.config_model import StackConfig

REPO = Path(__file__).resolve().parents[2]
FILES = promtool_test_files(REPO)


def test_test_files_exist_for_every_alert_group() -> None:
    from alerts.catalogue import GROUPS

    names = {p.name for p in FILES}
    assert sorted(f"{g}.test.yaml" for g, _ in GROUPS if f"{g}.test.yaml" not in names) == []


def test_rendered_rule_files_pass_promtool_check(stack: StackConfig) -> None:
    results = check_rules(rule_artifacts(render(stack)))
    assert results and [r.output for r in results if not r.ok] == []


@pytest.mark.parametrize("test_file", FILES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in FILES])
def test_promtool_unit_tests_pass(stack: StackConfig, test_file: Path) -> None:
    (result,) = run_unit_tests(rule_artifacts(render(stack)), [test_file])
    assert result.ok, result.output


def test_a_failing_expectation_is_reported(stack: StackConfig, tmp_path: Path) -> None:
    # The harness must surface promtool's verdict, not just run it.
    bad = tmp_path / "bad.test.yaml"
    bad.write_text(
        "rule_files: [node.yaml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n"
        "    input_series: []\n    alert_rule_test:\n      - eval_time: 1m\n        alertname: NodeCPUHigh\n"
        "        exp_alerts: [{exp_labels: {severity: low}}]\n"
    )
    (result,) = run_unit_tests(rule_artifacts(render(stack)), [bad])
    assert not result.ok and "NodeCPUHigh" in result.output
