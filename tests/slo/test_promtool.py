"""promtool unit tests of the SLO rule files, against freshly rendered rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.promtool import check_rules, run_unit_tests
from jivsmon.config_model import StackConfig
from slo.alerts import alert_rules
from slo.generate import artifacts

TESTS = sorted((Path(__file__).parent / "promtool").glob("*.test.yaml"))


def test_rendered_rule_files_pass_promtool_check(stack: StackConfig) -> None:
    results = check_rules(artifacts(stack))
    assert [r.name for r in results] == ["slo-backend-availability.yaml", "slo-backend-latency.yaml"]
    assert all(r.ok for r in results), "\n".join(r.output for r in results)


@pytest.mark.parametrize("test_file", TESTS, ids=[t.name for t in TESTS])
def test_promtool_unit_tests(stack: StackConfig, test_file: Path) -> None:
    [result] = run_unit_tests(artifacts(stack), [test_file])
    assert result.ok, result.output


def test_every_alert_has_a_firing_and_a_quiet_case() -> None:
    import yaml

    fires: set[str] = set()
    quiet: set[str] = set()
    for test_file in TESTS:
        for group in yaml.safe_load(test_file.read_text())["tests"]:
            for case in group.get("alert_rule_test", []):
                (fires if case["exp_alerts"] else quiet).add(case["alertname"])
    from jivsmon.config import load_config

    names = {rule.name for rule in alert_rules(load_config(Path(__file__).parents[2] / "stack.yaml"))}
    assert names <= fires and names <= quiet
