"""Matching notifications and ALERTS polls to what a drill expects (pure functions, no demo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jivsmon.config import load_config
from jivsmon.demo.drills.matching import FiringLog, evaluate, firing_keys, notices, receivers_by_alert
from jivsmon.demo.drills.model import AlertKey, BatchResult, Expect, Notice, ScenarioResult, match
from jivsmon.demo.drills.scenarios import catalogue

REPO = Path(__file__).resolve().parents[4]
T0 = 1_800_000_000.0


def stamp(t: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z"


def note(receiver: str, at: float, *alerts: tuple[str, str, dict[str, str], float]) -> dict[str, Any]:
    return {
        "receiver": receiver,
        "received_at": at,
        "payload": {
            "status": alerts[0][1],
            "alerts": [
                {"status": status, "labels": {"alertname": name, **labels}, "startsAt": stamp(starts)}
                for name, status, labels, starts in alerts
            ],
        },
    }


LAG = Expect(match("PostgresReplicationLagHigh", replica="r2"), "high", 120, 30)


@pytest.mark.parametrize(
    ("records", "firing_at", "notified_at", "wrong"),
    [
        pytest.param(
            [
                note(
                    "pager-low-urgency", T0 + 200, ("PostgresReplicationLagHigh", "firing", {"replica": "r2"}, T0 + 170)
                )
            ],
            T0 + 170,
            T0 + 200,
            (),
            id="right-receiver",
        ),
        pytest.param(
            [note("chat", T0 + 200, ("PostgresReplicationLagHigh", "firing", {"replica": "r2"}, T0 + 170))],
            T0 + 170,
            None,
            ("chat",),
            id="wrong-receiver",
        ),
        pytest.param(
            [
                note(
                    "pager-low-urgency", T0 + 200, ("PostgresReplicationLagHigh", "firing", {"replica": "r1"}, T0 + 170)
                )
            ],
            T0 + 170,
            None,
            (),
            id="other-replica-does-not-count",
        ),
        pytest.param(
            [
                note(
                    "pager-low-urgency", T0 + 200, ("PostgresReplicationLagHigh", "firing", {"replica": "r2"}, T0 - 600)
                )
            ],
            T0 + 170,
            None,
            (),
            id="repeat-of-an-episode-from-before-the-fault",
        ),
        pytest.param(
            [note("pager-low-urgency", T0 - 5, ("PostgresReplicationLagHigh", "firing", {"replica": "r2"}, T0 - 50))],
            T0 + 170,
            None,
            (),
            id="notice-before-the-fault",
        ),
    ],
)
def test_detection_is_matched_by_alert_labels_receiver_and_episode(
    records: list[dict[str, Any]], firing_at: float, notified_at: float | None, wrong: tuple[str, ...]
) -> None:
    log = FiringLog()
    log.observe(set(), T0)
    log.observe({AlertKey.of({"alertname": "PostgresReplicationLagHigh", "replica": "r2", "job": "j"})}, T0 + 170)
    result = evaluate(LAG, "pager-low-urgency", log, notices(records, T0 - 100), T0, None)
    assert (result.firing_at, result.notified_at, result.wrong_receivers) == (firing_at, notified_at, wrong)


@pytest.mark.parametrize(
    ("polls", "gone_at"),
    [
        pytest.param([(500, True), (530, False)], T0 + 530, id="gone-after-recovery"),
        pytest.param([(500, True), (530, True)], None, id="still-firing"),
        pytest.param([(500, True), (530, False), (560, True)], None, id="fired-again"),
        pytest.param([(380, False), (530, False)], None, id="gone-before-recovery-only"),
    ],
)
def test_resolution_needs_the_alert_gone_after_recovery(polls: list[tuple[int, bool]], gone_at: float | None) -> None:
    key = AlertKey.of({"alertname": "PostgresReplicationLagHigh", "replica": "r2"})
    log = FiringLog()
    log.observe({key}, T0 + 170)
    for offset, firing in polls:
        log.observe({key} if firing else set(), T0 + offset)
    result = evaluate(LAG, "pager-low-urgency", log, [], T0, T0 + 400)
    assert result.gone_at == gone_at


def test_resolved_notice_counts_only_after_recovery() -> None:
    records = [
        note("pager-low-urgency", T0 + 350, ("PostgresReplicationLagHigh", "resolved", {"replica": "r2"}, T0 + 170)),
        note("pager-low-urgency", T0 + 700, ("PostgresReplicationLagHigh", "resolved", {"replica": "r2"}, T0 + 170)),
    ]
    result = evaluate(LAG, "pager-low-urgency", FiringLog(), notices(records, T0), T0, T0 + 400)
    assert result.resolved_at == T0 + 700


def test_firing_keys_drop_the_alerts_series_labels() -> None:
    series = [{"metric": {"__name__": "ALERTS", "alertname": "X", "alertstate": "firing", "severity": "high"}}]
    assert firing_keys(series) == {AlertKey("X", (("severity", "high"),))}


def test_receivers_by_alert_lists_each_receiver_once_in_arrival_order() -> None:
    records = [
        note("chat", T0 + 1, ("A", "firing", {}, T0)),
        note("pager", T0 + 2, ("A", "firing", {}, T0)),
        note("chat", T0 + 3, ("A", "firing", {}, T0), ("B", "resolved", {}, T0)),
    ]
    assert receivers_by_alert(notices(records, T0)) == {AlertKey("A"): ["chat", "pager"]}


@pytest.mark.parametrize(
    ("key", "unexpected"),
    [
        pytest.param(AlertKey("PostgresReplicationLagHigh", (("replica", "r2"),)), False, id="expected"),
        pytest.param(AlertKey("PostgresReplicationLagBytesHigh", (("replica", "r2"),)), False, id="tolerated"),
        pytest.param(AlertKey("PostgresReplicationLagHigh", (("replica", "r1"),)), True, id="other-label"),
        pytest.param(AlertKey("RedisDown", (("instance", "redis-1"),)), True, id="other-alert"),
        pytest.param(AlertKey("PostgresBaseBackupStale"), False, id="baseline"),
    ],
)
def test_unexpected_alerts_are_those_no_scenario_of_the_batch_explains(key: AlertKey, unexpected: bool) -> None:
    scenario = next(s for s in catalogue(load_config(REPO / "stack.yaml")) if s.name == "replay-paused")
    scenario = type(scenario)(
        **{
            **scenario.__dict__,
            "expects": (LAG,),
            "tolerated": (match("PostgresReplicationLagBytesHigh", replica="r2"),),
        }
    )
    batch = BatchResult(1, T0, [ScenarioResult(scenario, 1, T0)], (AlertKey("PostgresBaseBackupStale"),), {key: T0 + 9})
    assert (key in batch.unexpected()) is unexpected


@pytest.mark.parametrize(
    ("labels", "key"),
    [
        pytest.param({"alertname": "A", "replica": "prometheus-2"}, AlertKey("A"), id="ha-label-dropped"),
        pytest.param(
            {"alertname": "A", "replica": "pg-replica-2"},
            AlertKey("A", (("replica", "pg-replica-2"),)),
            id="own-label-kept",
        ),
    ],
)
def test_the_ha_pairs_external_label_is_dropped_from_notices(labels: dict[str, str], key: AlertKey) -> None:
    record = {"receiver": "chat", "received_at": T0, "payload": {"alerts": [{"status": "firing", "labels": labels}]}}
    external = {"replica": {"prometheus-1", "prometheus-2"}}
    assert [n.key for n in notices([record], T0, external)] == [key]


@pytest.mark.parametrize(
    ("earlier_notice_at", "deadline"),
    [
        pytest.param(None, 420.0, id="first-of-its-group: group_wait"),
        pytest.param(T0 + 375, 420.0 + 300 - 30, id="joins-a-notified-group: group_interval"),
        pytest.param(T0 + 400, 420.0, id="group-notified-after-it-fired"),
    ],
)
def test_detect_deadline_accounts_for_joining_an_already_notified_group(
    earlier_notice_at: float | None, deadline: float
) -> None:
    from jivsmon.demo.drills.model import ExpectResult
    from jivsmon.demo.drills.runner import detect_deadline

    scenario = next(s for s in catalogue(load_config(REPO / "stack.yaml")) if s.name == "replica-stopped")
    r = ScenarioResult(scenario, 1, T0)
    r.expects = [ExpectResult(scenario.expects[0], "pager-low-urgency", firing_at=T0 + 380)]
    other = AlertKey("PostgresReplicaDisconnected", (("replica", "pg-replica-1"),))
    found = [] if earlier_notice_at is None else [Notice("pager-low-urgency", other, "firing", earlier_notice_at)]
    assert detect_deadline(r, found) == deadline
