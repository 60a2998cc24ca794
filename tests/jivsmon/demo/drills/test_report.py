"""The drill report and the scenario catalogue's bounds, batches and profile checks (no demo)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jivsmon.config import load_config
from jivsmon.demo.drills.model import AlertKey, BatchResult, ExpectResult, Notice, Scenario, ScenarioResult
from jivsmon.demo.drills.report import failed, render, seconds
from jivsmon.demo.drills.scenarios import batches, catalogue, check_profile, select
from jivsmon.errors import JivsmonError

REPO = Path(__file__).resolve().parents[4]
PROFILE = REPO / "jivsmon" / "demo" / "drills" / "drill-profile.yaml"
T0 = 1_800_000_000.0


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    return {s.name: s for s in catalogue(load_config(REPO / "stack.yaml", [PROFILE]))}


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        pytest.param(T0, T0 + 42.4, "42s", id="seconds"),
        pytest.param(T0, T0 + 185, "3m 05s", id="minutes"),
        pytest.param(T0, None, "—", id="unknown"),
        pytest.param(None, T0, "—", id="not-started"),
    ],
)
def test_seconds(start: float | None, end: float | None, text: str) -> None:
    assert seconds(start, end) == text


def _result(scenarios: dict[str, Scenario], name: str, notified: float | None, failures: list[str]) -> ScenarioResult:
    scenario = scenarios[name]
    (expect,) = scenario.expects
    r = ScenarioResult(scenario, 1, T0, T0 + 400)
    r.expects = [ExpectResult(expect, "pager-low-urgency", T0 + 330, notified, (), T0 + 430, T0 + 700)]
    r.failures = failures
    return r


@pytest.mark.parametrize(
    ("notified", "failures", "extra", "verdict", "is_failed"),
    [
        pytest.param(T0 + 361, [], None, "all drills passed", False, id="pass"),
        pytest.param(None, ["did not reach"], None, "FAILED", True, id="missing-notice"),
        pytest.param(T0 + 361, [], AlertKey("RedisDown", (("instance", "redis-2"),)), "FAILED", True, id="unexpected"),
    ],
)
def test_report_rows_times_and_verdict(
    scenarios: dict[str, Scenario],
    notified: float | None,
    failures: list[str],
    extra: AlertKey | None,
    verdict: str,
    is_failed: bool,
) -> None:
    r = _result(scenarios, "replica-stopped", notified, failures)
    key = AlertKey("PostgresReplicaDisconnected", (("replica", "pg-replica-3"),))
    fired = {key: T0 + 330, **({extra: T0 + 200} if extra else {})}
    batch = BatchResult(1, T0, [r], (), fired, [Notice("pager-low-urgency", key, "firing", T0 + 361, T0 + 330)])
    text = render([batch])
    row = next(line for line in text.splitlines() if line.startswith("| **replica-stopped**"))
    assert '`PostgresReplicaDisconnected{replica="pg-replica-3"}`' in row
    assert "high → pager-low-urgency" in row
    assert "5m 30s" in row and ("6m 01s" if notified else "—") in row and "5m 00s" in row
    assert verdict in text.splitlines()[2]
    assert failed([batch]) is is_failed
    if extra:
        assert '| `RedisDown{instance="redis-2"}` | 3m 20s | — | UNEXPECTED |' in text


def test_detect_deadline_is_for_plus_evaluation_plus_group_wait_plus_margin_and_lead(
    scenarios: dict[str, Scenario],
) -> None:
    # PostgresReplicaDisconnected: 5m for, 30s evaluation, 30s high-tier group_wait, 60s margin.
    assert scenarios["replica-stopped"].detect_deadline() == 300 + 30 + 30 + 60
    # The hung replica is dropped by the primary only after wal_sender_timeout (60s).
    assert scenarios["exporter-target-hung"].detect_deadline() == 60 + 300 + 30 + 30 + 60
    # Resolution: evaluation + the high tier's group_interval (5m) + margin.
    assert scenarios["replica-stopped"].resolve_deadline() == 30 + 300 + 60


@pytest.mark.parametrize(
    ("scenario", "tier"),
    [
        ("replica-stopped", "high"),
        ("replay-paused", "high"),
        ("sentinel-quorum-lost", "high"),
        ("wal-archiving-broken", "critical"),
        ("backend-5xx-burst", "critical"),
        ("primary-down", "critical"),
        ("redis-master-killed", "high"),
        ("pgbouncer-saturated", "high"),
        ("base-backup-stale", "high"),
    ],
)
def test_expected_tiers_come_from_the_rules(scenarios: dict[str, Scenario], scenario: str, tier: str) -> None:
    assert [e.tier for e in scenarios[scenario].expects] == [tier]


def test_disruptive_scenarios_run_in_a_later_batch(scenarios: dict[str, Scenario]) -> None:
    quiet, loud = batches(list(scenarios.values()))
    assert {s.name for s in loud} == {"primary-down", "redis-master-killed"}
    assert "replica-stopped" in {s.name for s in quiet}


def test_select_keeps_run_order_and_rejects_unknown_names(scenarios: dict[str, Scenario]) -> None:
    listed = list(scenarios.values())
    assert [s.name for s in select(listed, ["sentinel-quorum-lost", "replica-stopped"])] == [
        "replica-stopped",
        "sentinel-quorum-lost",
    ]
    with pytest.raises(JivsmonError, match=r"unknown drill scenario.*no-such"):
        select(listed, ["no-such"])


def test_profile_scenarios_refuse_the_real_settings() -> None:
    real = catalogue(load_config(REPO / "stack.yaml"))
    problems = check_profile(real)
    assert [p.split(":")[0] for p in problems] == ["base-backup-stale", "pgbouncer-saturated"]
    assert check_profile([s for s in real if not s.needs_short]) == []


def test_report_notes_the_drill_profile(scenarios: dict[str, Scenario]) -> None:
    r = _result(scenarios, "base-backup-stale", T0 + 361, [])
    r = replace(r)
    text = render([BatchResult(1, T0, [r])])
    assert "- drill profile: backups.postgres_base_backup and staleness_margin shortened" in text
