"""Faults on the wire: 5xx and timeouts are retried with backoff, 4xx never, 412 explained."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboards.publish.client import GrafanaError, GrafanaUnreachable, PreconditionFailed
from tests.dashboards.publish.fake_grafana import FakeGrafana, Fault
from tests.dashboards.publish.publish_support import FOLDER, client, model, run_publish, running_grafana

Grafana = tuple[FakeGrafana, str]


@pytest.fixture
def grafana() -> Iterator[Grafana]:
    with running_grafana() as running:
        yield running


SAVE = "/api/dashboards/db"
GET_ONE = "/api/dashboards/uid/jivs-test-0"


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/api/health"), ("GET", "/api/folders/.*"), ("GET", GET_ONE), ("POST", SAVE)],
    ids=["health", "folder", "get-dashboard", "save"],
)
def test_500_twice_then_success_is_retried(grafana: Grafana, method: str, path: str) -> None:
    fake, url = grafana
    fake.faults.append(Fault(method, path, times=2, status=500))
    summary, _ = run_publish(url, [model(0)])
    assert (summary.created, summary.failed) == (1, 0)
    statuses = fake.statuses(method, path)
    assert statuses[:2] == [500, 500] and statuses[2] < 500
    assert fake.version_count("jivs-test-0") == 1


def test_5xx_on_every_attempt_fails_that_dashboard_only(grafana: Grafana) -> None:
    fake, url = grafana
    fake.faults.append(Fault("POST", SAVE, times=4, status=502, body={"message": "Bad Gateway"}))
    summary, lines = run_publish(url, [model(0), model(1)])
    assert (summary.created, summary.failed) == (1, 1)
    assert fake.count("POST", SAVE) == 5  # 4 attempts for the first, 1 for the second
    assert any("502" in line and "jivs-test-0" in line for line in lines)


@pytest.mark.parametrize("status", [400, 404, 409], ids=str)
def test_4xx_is_never_retried(grafana: Grafana, status: int) -> None:
    fake, url = grafana
    fake.faults.append(Fault("POST", SAVE, times=5, status=status, body={"message": "no"}))
    summary, _ = run_publish(url, [model(0)])
    assert summary.failed == 1 and fake.count("POST", SAVE) == 1


@pytest.mark.parametrize(
    "method, path, after",
    [("GET", GET_ONE, False), ("POST", SAVE, False), ("POST", SAVE, True)],
    ids=["get-hangs", "save-hangs-before-storing", "save-hangs-after-storing"],
)
def test_a_hang_past_the_timeout_is_retried(grafana: Grafana, method: str, path: str, after: bool) -> None:
    fake, url = grafana
    fake.faults.append(Fault(method, path, hang=2.0, after=after))
    summary, _ = run_publish(url, [model(0)])
    assert (summary.created, summary.failed) == (1, 0)
    assert fake.count(method, path) >= 2
    # The save whose answer was lost still landed once: no duplicate version.
    assert fake.version_count("jivs-test-0") == 1


def test_timeouts_on_every_attempt_report_unreachable(grafana: Grafana) -> None:
    fake, url = grafana
    fake.faults.append(Fault("GET", "/api/health", times=9, hang=2.0))
    with pytest.raises(GrafanaUnreachable, match=r"no answer within 0.5s, 2 attempts"):
        client(url, retries=1).health()


@pytest.mark.parametrize(
    "status, words",
    [
        ("version-mismatch", "someone changed 'jivs-test-0' in Grafana while we were publishing"),
        ("name-exists", "already has the title 'Test dashboard 0'"),
        ("plugin-dashboard", "belongs to a Grafana plugin"),
    ],
    ids=["version-mismatch", "name-exists", "plugin-dashboard"],
)
def test_412_is_explained_in_plain_words(grafana: Grafana, status: str, words: str) -> None:
    fake, url = grafana
    fake.faults.append(Fault("POST", SAVE, status=412, body={"message": "x", "status": status}))
    summary, lines = run_publish(url, [model(0)])
    assert summary.failed == 1 and fake.count("POST", SAVE) == 1
    assert any(words in line for line in lines), lines


def test_stale_version_gets_grafanas_own_412(grafana: Grafana) -> None:
    fake, url = grafana
    run_publish(url, [model(0)])
    run_publish(url, [model(0, expr="a")])  # version 2 now
    grafana_client = client(url)
    stale = model(0, expr="b") | {"version": 1}
    with pytest.raises(PreconditionFailed) as caught:
        grafana_client.save_dashboard(stale, FOLDER, "stale")
    assert caught.value.status == "version-mismatch"
    assert "changed by someone else" in caught.value.message
    assert fake.version_count("jivs-test-0") == 2


def test_non_json_answer_is_a_clear_error(grafana: Grafana) -> None:
    fake, url = grafana
    fake.faults.append(Fault("GET", "/api/health", status=200, body="<html>proxy</html>"))
    with pytest.raises(GrafanaError, match="unexpected answer"):
        client(url).health()
