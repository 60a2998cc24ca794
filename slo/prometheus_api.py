"""A small client of the Prometheus HTTP query API (also Thanos, Mimir, VictoriaMetrics).

The report builds one client and one evaluation timestamp and passes both in:
every query of a report is an instant query at that same ``time``, so all figures
describe the same moment. Authentication, a custom CA and the tenant header
are plain constructor arguments; the CLI reads them from flags and env vars.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from jivsmon.errors import JivsmonError


class QueryError(JivsmonError):
    """Prometheus could not be reached or refused a query: the report cannot be computed."""

    exit_code = 2


@dataclass(frozen=True)
class Auth:
    """How to authenticate: a bearer token, or basic auth; a CA bundle; a tenant (X-Scope-OrgID)."""

    bearer_token: str | None = None
    basic_user: str | None = None
    basic_password: str | None = None
    ca_file: str | None = None
    org_id: str | None = None
    insecure: bool = False


@dataclass
class PrometheusAPI:
    """Instant queries against one base URL; ``session`` is injectable for tests."""

    url: str
    auth: Auth = field(default_factory=Auth)
    timeout: float = 30.0
    session: requests.Session = field(default_factory=requests.Session)
    queries: int = 0

    def headers(self) -> dict[str, str]:
        """Request headers: bearer token and tenant."""
        out = {"Accept": "application/json"}
        if self.auth.bearer_token:
            out["Authorization"] = f"Bearer {self.auth.bearer_token}"
        if self.auth.org_id:
            out["X-Scope-OrgID"] = self.auth.org_id
        return out

    def query(self, expr: str, at: float) -> list[tuple[dict[str, str], float]]:
        """Instant query at ``at`` (Unix seconds): (labels, value) per series; NaN values dropped."""
        data = self._get("/api/v1/query", {"query": expr, "time": f"{at:.3f}"})
        if data.get("resultType") == "scalar":
            value = float(data["result"][1])
            return [] if math.isnan(value) else [({}, value)]
        if data.get("resultType") != "vector":
            raise QueryError(f"query {expr!r}: expected a vector, got {data.get('resultType')!r}")
        out = []
        for item in data["result"]:
            value = float(item["value"][1])
            if not math.isnan(value):
                out.append((dict(item["metric"]), value))
        return out

    def scalar(self, expr: str, at: float) -> float | None:
        """The value of a query expected to return at most one series; None if it returns none."""
        result = self.query(expr, at)
        if len(result) > 1:
            raise QueryError(f"query {expr!r} returned {len(result)} series, expected one")
        return result[0][1] if result else None

    def _get(self, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"params": dict(params), "headers": self.headers(), "timeout": self.timeout}
        if self.auth.basic_user is not None:
            kwargs["auth"] = (self.auth.basic_user, self.auth.basic_password or "")
        kwargs["verify"] = False if self.auth.insecure else (self.auth.ca_file or True)
        self.queries += 1
        try:
            resp = self.session.get(self.url.rstrip("/") + path, **kwargs)
        except requests.RequestException as exc:
            raise QueryError(f"{self.url}: unreachable ({exc.__class__.__name__}: {exc})") from None
        try:
            body = resp.json()
        except ValueError:
            raise QueryError(f"{self.url}{path}: HTTP {resp.status_code}, not JSON: {resp.text[:200]!r}") from None
        if resp.status_code != 200 or body.get("status") != "success":
            raise QueryError(
                f"{self.url}{path} {params.get('query')!r}: HTTP {resp.status_code}: "
                f"{body.get('errorType', '')} {body.get('error', '')}".rstrip()
            )
        data: dict[str, Any] = body["data"]
        return data
