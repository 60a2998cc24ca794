"""Every alert of the default stack has a promtool case that fires it and one that keeps it quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.catalogue import all_rules
from alerts.coverage import Cases, collect, missing, promtool_test_files
from jivsmon.config_model import StackConfig


def test_every_alert_has_a_firing_and_a_quiet_case(repo: Path, stack: StackConfig) -> None:
    names = [rule.name for rule in all_rules(stack)]
    cases = collect(promtool_test_files(repo))
    gaps = missing(names, cases)
    print(f"coverage: {len(names) - len(gaps)}/{len(names)} alerts have firing and quiet cases")
    assert gaps == {}


def test_no_case_names_an_alert_that_does_not_exist(repo: Path, stack: StackConfig) -> None:
    names = {rule.name for rule in all_rules(stack)}
    assert sorted(set(collect(promtool_test_files(repo))) - names) == []


@pytest.mark.parametrize(
    ("expected", "kinds"),
    [
        ([], ["quiet"]),
        (
            [
                {
                    "exp_labels": {"severity": "low", "component": "node"},
                    "exp_annotations": dict.fromkeys(("summary", "description", "runbook_url", "dashboard_url"), "x"),
                }
            ],
            ["firing"],
        ),
        ([{"exp_labels": {"severity": "low"}}], []),  # a firing case that skips labels does not count
    ],
    ids=["quiet", "firing-with-everything", "firing-without-annotations"],
)
def test_collect_classifies_cases(tmp_path: Path, expected: list[object], kinds: list[str]) -> None:
    import yaml

    f = tmp_path / "x.test.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "tests": [
                    {"name": "t", "alert_rule_test": [{"eval_time": "1m", "alertname": "A", "exp_alerts": expected}]}
                ]
            }
        )
    )
    found = collect([f])["A"]
    assert [k for k in ("firing", "quiet") if getattr(found, k)] == kinds
    assert missing(["A", "B"], {"A": found})["B"] == ["firing", "quiet"]
    assert isinstance(found, Cases)
