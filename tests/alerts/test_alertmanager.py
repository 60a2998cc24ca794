"""The Alertmanager config: valid for amtool, each tier on its receiver, inhibition, no secrets in build/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from alerts.alertmanager import alertmanager_artifact, alertmanager_config, with_secret_urls
from alerts.amtool import check_config, route_receivers
from alerts.model import TIER_TABLE
from jivsmon.config import config_from_data
from jivsmon.config_model import StackConfig
from jivsmon.services.alertmanager import AlertmanagerServer


def test_amtool_accepts_the_config(stack: StackConfig) -> None:
    result = check_config(alertmanager_config(stack))
    assert result.ok, result.output


@pytest.mark.parametrize("tier", list(TIER_TABLE))
def test_each_tier_lands_on_its_receiver(stack: StackConfig, tier: str) -> None:
    expected = getattr(stack.alertmanager.routes, tier)
    labels = {"alertname": "X", "severity": tier, "component": "postgres"}
    assert route_receivers(alertmanager_config(stack), labels) == [expected]


def test_routes_follow_the_stack_config(stack_data: dict[str, Any]) -> None:
    stack_data["alertmanager"]["routes"]["low"] = "chat"
    config = config_from_data(stack_data)
    assert route_receivers(alertmanager_config(config), {"severity": "low"}) == ["chat"]


def test_an_alert_without_severity_reaches_a_person_without_paging(stack: StackConfig) -> None:
    assert route_receivers(alertmanager_config(stack), {"alertname": "X"}) == [stack.alertmanager.routes.medium]


def test_timings_come_from_the_tier_table(stack: StackConfig) -> None:
    routes = alertmanager_config(stack)["route"]["routes"]
    for route in routes:
        tier = TIER_TABLE[route["matchers"][0].split('"')[1]]
        assert route["repeat_interval"] == str(tier.repeat_interval)
        assert route["group_wait"] == str(tier.group_wait)
    assert alertmanager_config(stack)["route"]["group_by"] == ["alertname", "component"]


def test_no_secret_reaches_build(stack: StackConfig) -> None:
    text = alertmanager_artifact(stack).content.decode()
    hooks = [h for r in yaml.safe_load(text)["receivers"] for h in r["webhook_configs"]]
    assert hooks and all(set(h) == {"url_file", "send_resolved"} for h in hooks)
    assert "http://" not in text and "https://" not in text


def test_deploy_time_urls_are_read_from_the_files(stack: StackConfig, tmp_path: Path) -> None:
    read: list[str] = []

    def reader(path: str) -> str:
        read.append(path)
        return "https://hooks.example.com/x\n"

    deployable = with_secret_urls(alertmanager_config(stack), reader)
    assert sorted(read) == sorted(r.webhook_url_file for _, r in stack.alertmanager.receivers)
    assert all(
        h == {"url": "https://hooks.example.com/x", "send_resolved": True}
        for r in deployable["receivers"]
        for h in r["webhook_configs"]
    )
    assert "url" not in alertmanager_config(stack)["receivers"][0]["webhook_configs"][0]  # the original is untouched


@pytest.fixture(scope="module")
def alertmanager(stack: StackConfig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AlertmanagerServer]:
    root = tmp_path_factory.mktemp("alertmanager")
    # Port 9 (discard) on loopback: notifications go nowhere and reach no one.
    deployable = with_secret_urls(alertmanager_config(stack), lambda _: "http://127.0.0.1:9/hook")
    config_file = root / "alertmanager.yml"
    config_file.write_text(yaml.safe_dump(deployable))
    with AlertmanagerServer(root, config_file) as server:
        yield server


def _post(server: AlertmanagerServer, *alerts: dict[str, str]) -> None:
    body = [{"labels": labels, "annotations": {}} for labels in alerts]
    requests.post(f"{server.url}/api/v2/alerts", json=body, timeout=10).raise_for_status()


def _state(server: AlertmanagerServer, alertname: str) -> str:
    found = [a for a in server.alerts() if a["labels"]["alertname"] == alertname]
    return str(found[0]["status"]["state"]) if found else "absent"


def _wait_suppressed(server: AlertmanagerServer, alertname: str, settle: float = 15.0) -> None:
    # The inhibitor learns of source alerts asynchronously; wait until it has.
    deadline = time.monotonic() + settle
    while _state(server, alertname) != "suppressed" and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.service
@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            {"severity": "critical", "component": "postgres", "instance": "pg-1"},
            {"severity": "medium", "component": "postgres", "instance": "pg-1"},
            "suppressed",
        ),
        (
            {"severity": "critical", "component": "postgres", "instance": "pg-1"},
            {"severity": "medium", "component": "postgres", "instance": "pg-2"},
            "active",
        ),
        (
            {"severity": "high", "component": "redis", "instance": "r-1"},
            {"severity": "critical", "component": "redis", "instance": "r-1"},
            "active",
        ),
        (
            {"severity": "critical", "component": "backend", "scope": "component-down"},
            {"severity": "high", "component": "kubernetes", "namespace": "jivs"},
            "suppressed",
        ),
        (
            {"severity": "high", "component": "node", "scope": "component-down", "instance": "n-1"},
            {"severity": "high", "component": "node", "instance": "n-1"},
            "suppressed",
        ),
    ],
    ids=[
        "critical-silences-medium-same-instance",
        "other-instance-not-silenced",
        "lower-tier-never-silences-higher",
        "backend-down-silences-kubernetes",
        "down-silences-own-symptoms",
    ],
)
def test_inhibition_in_a_real_alertmanager(
    alertmanager: AlertmanagerServer, source: dict[str, str], target: dict[str, str], expected: str
) -> None:
    case = f"c{time.monotonic_ns()}"  # fresh names and components per case: earlier alerts stay firing
    control = {"severity": "critical", "component": f"control-{case}", "instance": "i"}
    _post(
        alertmanager,
        {**source, "alertname": f"Source{case}"},
        {**target, "alertname": f"Target{case}"},
        {**control, "alertname": f"ControlSource{case}"},
        {**control, "severity": "low", "alertname": f"ControlTarget{case}"},
    )
    # Once the control pair (posted together with ours) is inhibited, the
    # inhibitor has seen our source too: the target's state is final.
    _wait_suppressed(alertmanager, f"ControlTarget{case}")
    _wait_suppressed(alertmanager, f"Target{case}", settle=5.0 if expected == "suppressed" else 0.0)
    assert _state(alertmanager, f"ControlTarget{case}") == "suppressed"
    assert _state(alertmanager, f"Target{case}") == expected
