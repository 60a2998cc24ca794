"""Every dashboard expression uses catalogued metrics and is accepted by a real Prometheus."""

from __future__ import annotations

from typing import Any

import pytest

from dashboards.slugs import TITLES
from jivsmon.catalogue import lookup
from jivsmon.promql import metric_names
from jivsmon.services.prometheus import PrometheusServer
from tests.dashboards.dashboard_support import expressions, substitute

SLUGS = list(TITLES)


@pytest.fixture(params=range(15), ids=SLUGS)
def model(request: pytest.FixtureRequest, models: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = models[request.param]
    return result


def test_substitution_leaves_no_variables() -> None:
    expr = 'sum(rate(x{a=~"$route",b=~"${pod}"}[$__rate_interval]))'
    assert substitute(expr) == 'sum(rate(x{a=~".*",b=~".*"}[1m]))'


def test_every_metric_is_catalogued(model: dict[str, Any]) -> None:
    missing = {name for expr in expressions(model) for name in metric_names(substitute(expr)) if lookup(name) is None}
    assert missing == set()


@pytest.mark.service
def test_prometheus_accepts_every_expression(model: dict[str, Any], prometheus: PrometheusServer) -> None:
    rejected = []
    for expr in expressions(model):
        query = substitute(expr)
        assert "$" not in query, query
        try:
            prometheus.query(query)
        except ValueError as exc:
            rejected.append(str(exc))
    assert rejected == []


@pytest.mark.service
def test_prometheus_fixture_rejects_bad_promql(prometheus: PrometheusServer) -> None:
    # The check above is only worth something if a malformed query really fails.
    with pytest.raises(ValueError, match="parse error"):
        prometheus.query(substitute('sum(rate(http_requests_total{route=~"$route"}[$__rate_interval])'))
