"""A small client for Grafana's HTTP API: health, folders, dashboards, search and versions.

Follows the documented endpoints and status codes of Grafana's (legacy, still
served) ``/api`` routes. Authentication is a service-account Bearer token held
only in the session headers: it never appears in a message, a repr or a log.
5xx answers and timeouts are retried with exponential backoff; 4xx never are,
because repeating a refused request cannot change the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload
from urllib.parse import quote

import requests

from jivsmon.errors import JivsmonError

Json = dict[str, Any]


class GrafanaError(JivsmonError):
    """Grafana answered something we cannot work with (exit code 1)."""


class GrafanaUnreachable(GrafanaError):
    """No answer from Grafana at all: refused connection, DNS, or timeouts after every retry."""


class TokenRefused(GrafanaError):
    """Grafana answered 401 (token unknown or expired) or 403 (token lacks the permission)."""


@dataclass
class PreconditionFailed(GrafanaError):
    """A documented 412 answer to a dashboard save: version-mismatch, name-exists, plugin-dashboard."""

    status: str
    message: str

    def __str__(self) -> str:
        return f"412 {self.status}: {self.message}"


@dataclass(frozen=True)
class StoredDashboard:
    """What GET /api/dashboards/uid/:uid returns: the model and the folder it lives in."""

    dashboard: Json
    folder_uid: str
    version: int


class GrafanaClient:
    """Talks to one Grafana; every method maps to one documented endpoint."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def __repr__(self) -> str:
        return f"GrafanaClient({self.base_url!r})"  # never the token

    def close(self) -> None:
        """Close the underlying HTTP session."""
        self._session.close()

    # -- endpoints ---------------------------------------------------------

    def health(self) -> Json:
        """GET /api/health: {commit, database, version}; needs no token."""
        return self._object("GET", "/api/health")

    def get_folder(self, uid: str) -> Json | None:
        """GET /api/folders/:uid, or None when Grafana answers 404."""
        return self._object("GET", f"/api/folders/{quote(uid, safe='')}", missing_ok=True)

    def create_folder(self, uid: str, title: str) -> Json:
        """POST /api/folders {uid, title}."""
        return self._object("POST", "/api/folders", json={"uid": uid, "title": title})

    def get_dashboard(self, uid: str) -> StoredDashboard | None:
        """GET /api/dashboards/uid/:uid, or None when Grafana answers 404."""
        body = self._object("GET", f"/api/dashboards/uid/{quote(uid, safe='')}", missing_ok=True)
        if body is None:
            return None
        dashboard, meta = body.get("dashboard"), body.get("meta") or {}
        if not isinstance(dashboard, dict):
            raise GrafanaError(f"GET /api/dashboards/uid/{uid}: answer has no dashboard model")
        version = dashboard.get("version", meta.get("version", 0))
        return StoredDashboard(dashboard, str(meta.get("folderUid") or ""), int(version or 0))

    def save_dashboard(self, dashboard: Json, folder_uid: str, message: str, *, overwrite: bool = False) -> Json:
        """POST /api/dashboards/db; 200 gives {id, uid, url, status, version, slug}."""
        payload = {
            "dashboard": dashboard,
            "folderUid": folder_uid,
            "message": message,
            "overwrite": overwrite,
        }
        return self._object("POST", "/api/dashboards/db", json=payload)

    def delete_dashboard(self, uid: str) -> Json:
        """DELETE /api/dashboards/uid/:uid."""
        return self._object("DELETE", f"/api/dashboards/uid/{quote(uid, safe='')}")

    def search_dashboards(self, *, tag: str | None = None, folder_uid: str | None = None) -> list[Json]:
        """GET /api/search?type=dash-db, optionally by tag and folder; one page of 5000 hits."""
        params: dict[str, str | int] = {"type": "dash-db", "limit": 5000}
        if tag is not None:
            params["tag"] = tag
        if folder_uid is not None:
            params["folderUIDs"] = folder_uid
        hits = self._call("GET", "/api/search", params=params, expect_list=True)
        return [h for h in hits or [] if isinstance(h, dict)]

    def dashboard_versions(self, uid: str) -> list[Json]:
        """GET /api/dashboards/uid/:uid/versions, newest first.

        Grafana 11+ wraps the list as {continueToken, versions}; older ones
        answer a bare list. Both are accepted.
        """
        body = self._call("GET", f"/api/dashboards/uid/{quote(uid, safe='')}/versions", expect_list=True)
        if isinstance(body, dict):
            body = body.get("versions", [])
        return [v for v in body or [] if isinstance(v, dict)]

    # -- transport ---------------------------------------------------------

    @overload
    def _object(self, method: str, path: str, *, json: Any = None) -> Json: ...
    @overload
    def _object(self, method: str, path: str, *, missing_ok: Literal[True]) -> Json | None: ...
    def _object(self, method: str, path: str, *, json: Any = None, missing_ok: bool = False) -> Json | None:
        """A call whose documented answer is a JSON object (None for 404 when missing_ok)."""
        body = self._call(method, path, json=json, missing_ok=missing_ok)
        if body is None and missing_ok:
            return None
        if not isinstance(body, dict):
            raise GrafanaError(f"{method} {path}: expected a JSON object, got {type(body).__name__}")
        return body

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
        missing_ok: bool = False,
        expect_list: bool = False,
    ) -> Any:
        response = self._send(method, path, json, params)
        status = response.status_code
        if status == 404 and missing_ok:
            return None
        if 200 <= status < 300:
            return _decode(response, method, path, expect_list)
        raise _error_for(method, path, response)

    def _send(self, method: str, path: str, json: Any, params: Mapping[str, str | int] | None) -> requests.Response:
        url = self.base_url + path
        where = f"{method} {self.base_url}{path}"
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._session.request(method, url, json=json, params=params, timeout=self.timeout)
            except requests.Timeout:
                if last:
                    raise GrafanaUnreachable(
                        f"{where}: no answer within {self.timeout:g}s, {self.retries + 1} attempts"
                    ) from None
            except requests.ConnectionError as exc:
                raise GrafanaUnreachable(
                    f"cannot reach Grafana at {self.base_url} ({_reason(exc)}); is it running, and is the URL right?"
                ) from None
            else:
                if response.status_code < 500 or last:
                    return response
            self._sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _decode(response: requests.Response, method: str, path: str, expect_list: bool) -> Any:
    try:
        body = response.json()
    except ValueError:
        raise GrafanaError(f"{method} {path}: answer is not JSON") from None
    if isinstance(body, dict) or (expect_list and isinstance(body, list)):
        return body
    raise GrafanaError(f"{method} {path}: unexpected answer of type {type(body).__name__}")


def _error_for(method: str, path: str, response: requests.Response) -> GrafanaError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    message = str(body.get("message") or response.reason or "no message")
    if status == 401:
        return TokenRefused(
            "Grafana refused the token (401 Unauthorized): it is unknown, revoked or expired; "
            "check GRAFANA_TOKEN or --token-file"
        )
    if status == 403:
        return TokenRefused(
            f"Grafana refused the token for {method} {path} (403 Access denied): the service "
            "account needs the Editor role (or dashboards:write and folders:create)"
        )
    if status == 412:
        return PreconditionFailed(str(body.get("status") or "precondition-failed"), message)
    return GrafanaError(f"{method} {path}: Grafana answered {status}: {message}")


def _reason(exc: requests.ConnectionError) -> str:
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    for marker in ("Connection refused", "Name or service not known", "No route to host"):
        if marker in text:
            return marker.lower()
    return type(exc).__name__
