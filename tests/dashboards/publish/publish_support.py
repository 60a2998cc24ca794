"""Helpers shared by the publishing tests: a running fake Grafana, small models, a one-call publish.

pytest runs in importlib mode and conftest.py names must be unique for mypy,
so the test modules import from here as tests.dashboards.publish.publish_support.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dashboards.publish.client import GrafanaClient
from dashboards.publish.runner import Options, Summary, publish
from jivsmon.naming import MANAGED_TAG
from tests.dashboards.publish.fake_grafana import FakeGrafana

ADMIN = "sa-admin-0c7f3b1e9d"
VIEWER = "sa-viewer-5a21d0c4aa"
FOLDER = "jivs-monitoring"
MESSAGE = "Published by jivs-monitoring (jivsmon publish) from git abc1234"


@contextmanager
def running_grafana() -> Iterator[tuple[FakeGrafana, str]]:
    """A fake Grafana (an Admin and a Viewer token) on loopback, and its base URL."""
    fake = FakeGrafana({ADMIN: "Admin", VIEWER: "Viewer"})
    url = fake.start()
    try:
        yield fake, url
    finally:
        fake.stop()


def model(n: int, *, title: str | None = None, managed: bool = True, expr: str = "up") -> dict[str, Any]:
    """A small, valid dashboard model like the build's (uid, title, managing tag, version)."""
    return {
        "uid": f"jivs-test-{n}",
        "title": title or f"Test dashboard {n}",
        "tags": [MANAGED_TAG, "test"] if managed else ["hand-made"],
        "version": 1,
        "schemaVersion": 39,
        "editable": True,
        "time": {"from": "now-6h", "to": "now"},
        "panels": [
            {
                "id": 1,
                "type": "stat",
                "title": "Up",
                "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
                "targets": [{"refId": "A", "expr": f"sum({expr})"}],
            }
        ],
    }


def client(url: str, token: str = ADMIN, **kw: Any) -> GrafanaClient:
    """A client with short timeouts and backoff, so fault tests stay quick."""
    kw = {"timeout": 0.5, "retries": 3, "backoff": 0.01, **kw}
    return GrafanaClient(url, token, **kw)


def run_publish(url: str, models: list[dict[str, Any]], token: str = ADMIN, **opts: Any) -> tuple[Summary, list[str]]:
    """Publish models to the Grafana at url; returns the summary and the printed lines."""
    lines: list[str] = []
    options = Options(folder_uid=FOLDER, folder_title="JIVS Monitoring", message=MESSAGE, **opts)
    with_client = client(url, token)
    try:
        summary = publish(with_client, models, options, lines.append)
    finally:
        with_client.close()
    return summary, lines
