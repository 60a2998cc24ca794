"""The backend's RED metrics (http_requests_total, http_request_duration_seconds).

``scope`` adds matchers such as the backend dashboard's ``route=~"$route"``;
the overview passes none.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel

Scope = Mapping[str, str]
FILTERED: Scope = {"route": "~$route", "instance": "~$instance"}


def _by(by: str) -> str:
    return f" by ({by})" if by else ""


def request_rate(config: StackConfig, by: str = "", scope: Scope = {}) -> str:  # noqa: B006 - read only
    """Requests per second, optionally split by labels such as "route"."""
    series = sel("http_requests_total", job=config.backend.job, **scope)
    return f"sum{_by(by)} (rate({series}[{RATE}]))"


def error_rate(config: StackConfig, by: str = "", scope: Scope = {}) -> str:  # noqa: B006
    """5xx responses per second."""
    series = sel("http_requests_total", job=config.backend.job, **scope, code="~5..")
    return f"sum{_by(by)} (rate({series}[{RATE}]))"


def error_ratio(config: StackConfig, by: str = "", scope: Scope = {}) -> str:  # noqa: B006
    """Share of requests answered with a 5xx: 0 (not absent) before the first 5xx, absent without traffic."""
    total = request_rate(config, by, scope)
    return f"({error_rate(config, by, scope)} or {total} * 0) / {total}"


def latency_quantile(config: StackConfig, quantile: float, by: str = "", scope: Scope = {}) -> str:  # noqa: B006
    """Latency quantile from the histogram buckets, seconds."""
    bucket = sel("http_request_duration_seconds_bucket", job=config.backend.job, **scope)
    group = ", ".join(["le", *([by] if by else [])])
    return f"histogram_quantile({quantile:g}, sum by ({group}) (rate({bucket}[{RATE}])))"
