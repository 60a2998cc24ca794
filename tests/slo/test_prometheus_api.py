"""The API client: auth, tenant header, CA, one evaluation time, errors as QueryError."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from slo.prometheus_api import Auth, PrometheusAPI, QueryError


class FakeResponse:
    def __init__(self, status: int, body: Any) -> None:
        self.status_code, self._body, self.text = status, body, str(body)

    def json(self) -> Any:
        if isinstance(self._body, str):
            raise ValueError("not json")
        return self._body


class FakeSession(requests.Session):
    def __init__(self, response: FakeResponse) -> None:
        super().__init__()
        self.response = response
        self.calls: list[dict[str, Any]] = []

    def get(self, url: str | bytes, **kwargs: Any) -> Any:
        self.calls.append({"url": url, **kwargs})
        return self.response


OK = FakeResponse(
    200,
    {
        "status": "success",
        "data": {
            "resultType": "vector",
            "result": [{"metric": {"slo": "a"}, "value": [1, "0.5"]}, {"metric": {"slo": "b"}, "value": [1, "NaN"]}],
        },
    },
)


def test_headers_auth_ca_and_time() -> None:
    session = FakeSession(OK)
    api = PrometheusAPI(
        "https://mimir.example/prometheus/",
        Auth(bearer_token="t0k", org_id="team-a", ca_file="/etc/ca.pem"),
        session=session,
    )
    assert api.query("up", 1700000000.5) == [({"slo": "a"}, 0.5)]  # NaN dropped
    call = session.calls[0]
    assert call["url"] == "https://mimir.example/prometheus/api/v1/query"
    assert call["params"] == {"query": "up", "time": "1700000000.500"}
    assert call["headers"]["Authorization"] == "Bearer t0k" and call["headers"]["X-Scope-OrgID"] == "team-a"
    assert call["verify"] == "/etc/ca.pem" and "auth" not in call


def test_basic_auth() -> None:
    session = FakeSession(OK)
    PrometheusAPI("http://vm:8428", Auth(basic_user="u", basic_password="p"), session=session).query("up", 1)
    assert session.calls[0]["auth"] == ("u", "p") and "Authorization" not in session.calls[0]["headers"]


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(
            FakeResponse(400, {"status": "error", "errorType": "bad_data", "error": "parse error"}), id="bad-query"
        ),
        pytest.param(FakeResponse(502, "<html>bad gateway</html>"), id="not-json"),
    ],
)
def test_failures_are_query_errors(response: FakeResponse) -> None:
    with pytest.raises(QueryError) as err:
        PrometheusAPI("http://p", session=FakeSession(response)).query("up", 1)
    assert err.value.exit_code == 2


def test_unreachable_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="unreachable"):
        PrometheusAPI("http://127.0.0.1:1", timeout=2).query("up", 1)
