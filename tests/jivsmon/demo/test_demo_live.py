"""The whole demo on loopback: everything scraped, no dead panels, nothing firing, and a clean stop.

This is the shortened quiet check of the demo issue: the full one leaves a
healthy demo alone for 10 minutes (`make demo`, then `make demo-panels` and a
look at ALERTS); here the demo runs until the slowest recording rules (the
5-minute SLO buckets) have produced data, and no alert may fire meanwhile.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jivsmon.config import load_config
from jivsmon.demo.panels import check_panels, table
from jivsmon.demo.sink import read
from jivsmon.demo.state import DemoState, stop_all
from jivsmon.demo.up import up
from jivsmon.errors import JivsmonError
from jivsmon.services.prometheus import instant_query

REPO = Path(__file__).resolve().parents[3]
# The 5-minute SLO groups first evaluate somewhere within their interval.
PANELS_DEADLINE = 8 * 60


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoState]:
    parent = Path(tempfile.mkdtemp(prefix="jivs-demo-test-"))
    parent.chmod(0o755)  # the postgres OS user must reach the data folders below
    root = parent / "state"
    state = up(REPO / "stack.yaml", [], root, rate=20.0, log=print)
    try:
        yield state
    finally:
        stop_all(root)
        shutil.rmtree(parent, ignore_errors=True)


def _prometheus(state: DemoState) -> str:
    url: str = state.info["prometheus"][0]
    return url


def test_a_second_demo_is_refused_while_one_runs(demo: DemoState) -> None:
    with pytest.raises(JivsmonError, match="already running"):
        up(REPO / "stack.yaml", [], demo.root, rate=1.0, log=print)
    assert len(demo.running()) == len(demo.services)


def test_every_target_is_scraped_and_up(demo: DemoState) -> None:
    url = _prometheus(demo)
    deadline = time.monotonic() + 90
    while True:
        targets = {(r["metric"]["job"], r["metric"]["instance"]): r["value"][1] for r in instant_query(url, "up")}
        if (len(targets) >= 20 and all(v == "1" for v in targets.values())) or time.monotonic() > deadline:
            break
        time.sleep(5)
    assert {t for t, v in targets.items() if v != "1"} == set()
    config = load_config(REPO / "stack.yaml")
    jobs = {job for job, _ in targets}
    expected = {
        config.postgres.job,
        config.postgres.replication_job,
        config.pgbouncer.job,
        config.redis.job,
        config.redis.sentinel_job,
        config.backups.job,
        config.backend.job,
        config.nodes.job,
        config.prometheus.job,
        config.alertmanager.job,
        config.alb.job,
        config.kubernetes.kube_state_metrics_job,
        config.kubernetes.cadvisor_job,
        config.elasticsearch.job,
    }
    assert expected <= jobs


def test_no_dead_panels_and_nothing_fires(demo: DemoState) -> None:
    url = _prometheus(demo)
    config = load_config(REPO / "stack.yaml", [Path(demo.info["config_overlay"])])
    deadline = time.monotonic() + PANELS_DEADLINE
    fired: set[str] = set()
    while True:
        fired |= {r["metric"]["alertname"] for r in instant_query(url, 'ALERTS{alertstate="firing"}')}
        results = check_panels(config, lambda expr: instant_query(url, expr))
        if not any(r.dead for r in results) or time.monotonic() > deadline:
            break
        time.sleep(15)
    print(table(results))
    assert [(r.dashboard, r.panel) for r in results if r.dead] == []
    assert len(results) > 150
    assert fired == set()
    firing_notes = [n for n in read(Path(demo.info["notifications"])) if n["payload"].get("status") == "firing"]
    assert firing_notes == []


def test_down_stops_every_process(demo: DemoState) -> None:
    pids = [s.pid for s in demo.services]
    assert stop_all(demo.root)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    reloaded = DemoState.load(demo.root)
    assert reloaded is not None and reloaded.running() == []
