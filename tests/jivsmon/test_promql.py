from __future__ import annotations

import pytest

from jivsmon.promql import matchers, metric_names, sel


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({}, ""),
        ({"job": "pg"}, '{job="pg"}'),
        ({"code": "~5.."}, '{code=~"5.."}'),
        ({"state": "!idle"}, '{state!="idle"}'),
        ({"x": "!~a|b"}, '{x!~"a|b"}'),
        ({"q": 'say "hi"\\'}, '{q="say \\"hi\\"\\\\"}'),
    ],
    ids=["none", "equal", "regex", "not-equal", "not-regex", "escaped"],
)
def test_matchers(labels: dict[str, str], expected: str) -> None:
    assert matchers(**labels) == expected


def test_sel() -> None:
    assert sel("pg_up", job="postgres") == 'pg_up{job="postgres"}'


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        ("up", {"up"}),
        ('sum by (job) (rate(a_total{x="1"}[5m])) / on(job) group_left count(b offset 5m)', {"a_total", "b"}),
        ("absent_over_time(c[5m:1m]) or -d > bool 3", {"c", "d"}),
        ('{__name__="e"} unless quantile(0.9, f)', {"e", "f"}),
        ("time() - vector(1)", set()),
    ],
    ids=["bare", "aggregation-join", "subquery-unary", "name-matcher", "no-metric"],
)
def test_metric_names(expr: str, names: set[str]) -> None:
    assert metric_names(expr) == names
