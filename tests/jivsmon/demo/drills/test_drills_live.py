"""Drills against a real demo: the scenarios that fit CI's time, run together in one batch.

A replica stopped, replay paused under writes on another, and two of three
Sentinels stopped: each expected alert must fire in Prometheus and reach its
tier's receiver within its bound, then clear once the fault is undone, and
nothing else may fire. The rest run with `make drill` (docs/drills.md).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from jivsmon.config import load_config
from jivsmon.demo.drills.cli import wait_ready
from jivsmon.demo.drills.handle import Demo
from jivsmon.demo.drills.report import failed, render
from jivsmon.demo.drills.runner import Options, rules_differ, run
from jivsmon.demo.drills.scenarios import batches, catalogue, select
from jivsmon.demo.state import DemoState, stop_all
from jivsmon.demo.up import up

REPO = Path(__file__).resolve().parents[4]
CI_SCENARIOS = ["replica-stopped", "replay-paused", "sentinel-quorum-lost"]


@pytest.fixture(scope="module")
def demo() -> Iterator[Demo]:
    parent = Path(tempfile.mkdtemp(prefix="jivs-drill-test-"))
    parent.chmod(0o755)  # the postgres OS user must reach the data folders below
    root = parent / "state"
    state: DemoState = up(REPO / "stack.yaml", [], root, rate=20.0, log=print)
    try:
        config = load_config(REPO / "stack.yaml", [Path(state.info["config_overlay"])])
        yield Demo(state, config)
    finally:
        stop_all(root)
        shutil.rmtree(parent, ignore_errors=True)


def test_the_demo_runs_the_rules_of_its_config(demo: Demo) -> None:
    assert rules_differ(demo) == []


def test_ci_drills_detect_route_and_resolve(demo: Demo) -> None:
    wait_ready(demo)
    scenarios = select(catalogue(demo.config), CI_SCENARIOS)
    assert len(batches(scenarios)) == 1  # they run together
    # Resolved = gone from Prometheus: waiting for the high tier's 5-minute group_interval is make drill's job.
    results = run(demo, batches(scenarios), Options(wait_resolved_notice=False, log=print))
    report = render(results)
    (demo.state.root / "drill-report.md").write_text(report)
    print(report)
    by_name = {r.scenario.name: r for b in results for r in b.scenarios}
    assert {n: r.failures for n, r in by_name.items()} == {n: [] for n in CI_SCENARIOS}
    for r in by_name.values():
        for e in r.expects:
            assert e.firing_at is not None and e.notified_at is not None and e.gone_at is not None
            assert e.receiver == "pager-low-urgency"  # all three are high-tier alerts
    assert [b.unexpected() for b in results] == [[]]
    assert not failed(results)
    # Every fault was undone: the restarted replica is recorded and the demo is whole again.
    assert len(demo.state.running()) == len(demo.state.services)
