"""The generated SLO rules: event-weighted sums, no long raw ranges, catalogued names, deterministic."""

from __future__ import annotations

import re

import yaml

from jivsmon.catalogue import lookup
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import metric_names
from slo.generate import artifacts
from slo.rules import closed_range, recording_rule_names


def _rules(stack: StackConfig) -> list[dict[str, object]]:
    return [rule for a in artifacts(stack) for group in yaml.safe_load(a.content)["groups"] for rule in group["rules"]]


def test_one_rule_file_per_slo_rendered_the_same_twice(stack: StackConfig) -> None:
    first, second = list(artifacts(stack)), list(artifacts(stack))
    assert [str(a.path) for a in first] == ["rules/slo-backend-availability.yaml", "rules/slo-backend-latency.yaml"]
    assert first == second


def test_every_metric_used_is_catalogued(stack: StackConfig) -> None:
    used = {name for rule in _rules(stack) for name in metric_names(str(rule["expr"]))}
    assert {n for n in used if lookup(n) is None} == set()
    recorded = {str(rule["record"]) for rule in _rules(stack) if "record" in rule}
    assert recorded == set(recording_rule_names())


def test_no_rule_reads_a_raw_counter_over_more_than_30_minutes(stack: StackConfig) -> None:
    for rule in _rules(stack):
        expr = str(rule["expr"])
        for metric, window in re.findall(r"([\w:]+)\{[^}]*\}\[([0-9a-z]+)\]", expr):
            if not metric.startswith("slo:"):
                assert Duration.parse(window) <= Duration.parse("30m"), expr


def test_ratios_are_sums_divided_never_averaged(stack: StackConfig) -> None:
    for rule in _rules(stack):
        expr = str(rule["expr"])
        assert "avg_over_time(slo:" not in expr
        if str(rule.get("record", "")).startswith("slo:sli_error_ratio"):
            assert "> 0)) or (0 *" in expr, "divides only by a positive total, else 0"


def test_closed_range_is_one_millisecond_short() -> None:
    assert closed_range(Duration.parse("30d")) == "29d23h59m59s999ms"
    assert closed_range(Duration.parse("1h")) == "59m59s999ms"
